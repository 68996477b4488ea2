// Heap advice: once the process has asked for it (diag::startHeapAdvice, which
// driver::tuneAllocatorForBatch calls as dtc-compile starts), what a check allocates comes from
// memory advised for transparent huge pages: the main heap, and the heap of the thread that
// runs a HelperThread's work (the helper thread, or a thread of its own when the helper is
// busy); nothing outside the heaps is advised. Read back from the kernel: the mapping that holds
// an allocation carries the "hg" flag (MADV_HUGEPAGE) in /proc/self/smaps.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "diag/heap_advice.h"
#include "diag/helper_thread.h"

#include <sys/mman.h>
#include <unistd.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace dtc::diag {
namespace {

/// Calls `f(lo, hi, hg)` for each of the process's mappings [lo, hi): `hg`, whether it is
/// advised for huge pages ("hg" in its VmFlags in /proc/self/smaps).
template <class F> void forEachMapping(F&& f) {
    std::ifstream smaps("/proc/self/smaps");
    std::string line;
    std::uintptr_t lo = 0, hi = 0;
    while (std::getline(smaps, line)) {
        std::uintptr_t from = 0, to = 0;
        char dash = 0;
        std::istringstream range(line);
        if (range >> std::hex >> from >> dash >> to && dash == '-' && line.find(':') > line.find(' ')) {
            lo = from;
            hi = to;
        } else if (line.rfind("VmFlags:", 0) == 0) {
            f(lo, hi, (line + " ").find(" hg ") != std::string::npos);
        }
    }
}

/// Whether the mapping holding `address` is advised for huge pages; false when no mapping
/// holds it.
bool advised(std::uintptr_t address) {
    bool hg = false;
    forEachMapping([&](std::uintptr_t lo, std::uintptr_t hi, bool advice) {
        if (lo <= address && address < hi) hg = advice;
    });
    return hg;
}

/// The bytes of the process's mappings advised for huge pages.
std::uint64_t advisedBytes() {
    std::uint64_t total = 0;
    forEachMapping([&](std::uintptr_t lo, std::uintptr_t hi, bool advice) {
        if (advice) total += hi - lo;
    });
    return total;
}

/// The address of a block of `bytes` allocated and freed on the calling thread.
std::uintptr_t allocatedAt(std::size_t bytes) {
    void* p = std::malloc(bytes);
    const auto at = reinterpret_cast<std::uintptr_t>(p);
    std::free(p);
    return at;
}

/// A transparent huge page.
constexpr std::uintptr_t kHuge = 2 << 20;

/// A variable of the program's own data, next to which the main heap begins.
int programData = 1;

/// The advice turned on, the allocator set up as tuneAllocatorForBatch sets it (the heap grows
/// in large steps, and large blocks come from it); skipped where there is no advice to give.
class HeapAdvice : public ::testing::Test {
protected:
    void SetUp() override {
#if !defined(__GLIBC__)
        GTEST_SKIP() << "heap advice is glibc's";
#else
        mallopt(M_MMAP_MAX, 0);
        mallopt(M_TRIM_THRESHOLD, -1);
        // As a process may start: its earlier allocations left room at the heap's top (1 MiB;
        // how much differs with the environment it starts in).
        mallopt(M_TOP_PAD, 1 << 20);
        std::free(std::malloc(mallinfo2().keepcost + (64 << 10)));
        mallopt(M_TOP_PAD, 64 << 20);
        startHeapAdvice();
        if (!heapAdviceOn())
            GTEST_SKIP() << "no heap advice here: transparent huge pages are off, or malloc is not glibc's "
                            "(a sanitizer's, or one preloaded)";
#endif
    }
};

TEST_F(HeapAdvice, WorkOnTheHelperAndOnAThreadOfItsOwnAllocatesFromAdvisedHeaps) {
    // The room at the main heap's top, in whole huge pages: the heap's first step, and the room
    // the process had left there.
    const auto heapEnd = reinterpret_cast<std::uintptr_t>(sbrk(0));
    const std::uintptr_t top = heapEnd - mallinfo2().keepcost;
    EXPECT_TRUE(advised((top + kHuge - 1) & ~(kHuge - 1)));
    EXPECT_TRUE(advised((heapEnd & ~(kHuge - 1)) - 1));
    // A block larger than that room grows the heap, and keepHeapAdvised advises what grew.
    const std::size_t beyond = mallinfo2().keepcost + (4 << 20);
    const std::uintptr_t grown = allocatedAt(beyond);
    keepHeapAdvised();
    EXPECT_TRUE(advised(grown + beyond - 1));
    // Nothing outside the main heap is advised, and the main thread has no heap of its own to
    // advise.
    EXPECT_FALSE(advised(reinterpret_cast<std::uintptr_t>(&programData)));
    const std::uint64_t before = advisedBytes();
    keepThreadHeapAdvised();
    EXPECT_EQ(advisedBytes(), before);

    // On the process's helper thread.
    std::uintptr_t onHelper = 0;
    std::atomic<bool> release{false};
    {
        HelperThread helper([&] {
            onHelper = allocatedAt(64);
            while (!release.load()) std::this_thread::yield();
        });
        ASSERT_TRUE(helper.started());
        // The helper is busy now: this work runs on a thread of its own.
        std::uintptr_t onOwn = 0;
        {
            HelperThread own([&] { onOwn = allocatedAt(64); });
            ASSERT_TRUE(own.started());
            own.join();
        }
        release.store(true);
        helper.join();
        EXPECT_TRUE(advised(onOwn));
    }
    EXPECT_TRUE(advised(onHelper));
    EXPECT_FALSE(advised(reinterpret_cast<std::uintptr_t>(&programData)));
}

TEST_F(HeapAdvice, ALargeBlockIsAdvisedInsideItsBoundsOnly) {
    // A block as glibc maps one of its own (larger than a thread heap's region), in the middle
    // of a mapping of 16 MiB: only the huge pages wholly inside it are advised.
    constexpr std::size_t kMap = 16 << 20;
    void* map = mmap(nullptr, kMap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ASSERT_NE(map, MAP_FAILED);
    const auto base = reinterpret_cast<std::uintptr_t>(map);
    const std::uintptr_t block = ((base + kHuge - 1) & ~(kHuge - 1)) + kHuge + 4096; // 4 KiB past a huge page
    const std::size_t bytes = 2 * kHuge + 8192;                                    // ends 4 KiB into a third
    ASSERT_LE(block + bytes + kHuge, base + kMap);
    adviseLargeBlock(reinterpret_cast<void*>(block), bytes);
    EXPECT_TRUE(advised(block - 4096 + kHuge));          // the first huge page wholly inside
    EXPECT_FALSE(advised(block));                         // the huge page the block begins in
    EXPECT_FALSE(advised(block + bytes - 1));             // the huge page the block ends in
    munmap(map, kMap);
}

} // namespace
} // namespace dtc::diag
