// Heap advice: once the process has asked for it (driver::tuneAllocatorForBatch, as dtc-compile
// does first), what a check allocates comes from memory advised for transparent huge pages: the
// main heap, and the heap of the thread that runs a HelperThread's work (the helper thread, or
// a thread of its own when the helper is busy). Read back from the kernel: the mapping that
// holds an allocation carries the "hg" flag (MADV_HUGEPAGE) in /proc/self/smaps.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "diag/helper_thread.h"
#include "driver/driver.h"

namespace dtc::diag {
namespace {

/// Whether the kernel can give huge pages to advised memory at all.
bool hugePagesAdvisable() {
    std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string mode;
    std::getline(in, mode);
    return in.good() && mode.find("[never]") == std::string::npos;
}

/// Whether the mapping holding `address` is advised for huge pages ("hg" in its VmFlags);
/// false when no mapping holds it.
bool advised(std::uintptr_t address) {
    std::ifstream smaps("/proc/self/smaps");
    std::string line;
    bool inside = false;
    while (std::getline(smaps, line)) {
        std::uintptr_t lo = 0, hi = 0;
        char dash = 0;
        std::istringstream range(line);
        if (range >> std::hex >> lo >> dash >> hi && dash == '-' && line.find(':') > line.find(' ')) {
            inside = lo <= address && address < hi;
            continue;
        }
        if (inside && line.rfind("VmFlags:", 0) == 0) return (line + " ").find(" hg ") != std::string::npos;
    }
    return false;
}

/// The address of a block of `bytes` allocated and freed on the calling thread.
std::uintptr_t allocatedAt(std::size_t bytes) {
    void* p = std::malloc(bytes);
    const auto at = reinterpret_cast<std::uintptr_t>(p);
    std::free(p);
    return at;
}

TEST(HeapAdvice, WorkOnTheHelperAndOnAThreadOfItsOwnAllocatesFromAdvisedHeaps) {
#if !defined(__GLIBC__)
    GTEST_SKIP() << "heap advice is glibc's";
#endif
    if (!hugePagesAdvisable()) GTEST_SKIP() << "transparent huge pages are off on this machine";
    driver::tuneAllocatorForBatch();

    // The main heap, grown past what the process had (3 MiB: no free block is that large).
    EXPECT_TRUE(advised(allocatedAt(3 << 20)));

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
}

} // namespace
} // namespace dtc::diag
