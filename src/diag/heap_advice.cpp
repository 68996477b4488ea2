#include "diag/heap_advice.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#if defined(__GLIBC__)
#include <fcntl.h>
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace dtc::diag {

#if defined(__GLIBC__)
extern "C" void* __libc_malloc(std::size_t); // glibc's malloc, under the name it also exports
namespace {
constexpr std::uintptr_t kHugePage = 2 * 1024 * 1024;
#if defined(MADV_COLLAPSE)
constexpr int kCollapse = MADV_COLLAPSE;
#else
constexpr int kCollapse = 25; // Linux's MADV_COLLAPSE, for older headers
#endif
/// Set by startHeapAdvice: the heaps are kept advised for transparent huge pages.
std::atomic<bool> heapAdvice{false};
/// The end of the main heap's range advised so far (page aligned; set before heapAdvice).
std::atomic<std::uintptr_t> heapAdvisedEnd{0};

/// Whether the kernel gives huge pages to advised memory (transparent_hugepage/enabled is not
/// "never"). Collapsing ignores that setting, so without it nothing is advised or collapsed.
bool hugePagesAdvisable() {
    const int fd = ::open("/sys/kernel/mm/transparent_hugepage/enabled", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    char mode[128];
    const ssize_t n = ::read(fd, mode, sizeof mode - 1);
    ::close(fd);
    if (n <= 0) return false;
    mode[n] = '\0';
    for (const char* p = mode; *p != '\0'; ++p)
        if (p[0] == '[') return !(p[1] == 'n' && p[2] == 'e' && p[3] == 'v');
    return false;
}

/// Whether malloc is glibc's own: not one preloaded in its place (jemalloc, tcmalloc) or a
/// sanitizer's, whose blocks have none of the headers and heaps read here.
bool glibcMalloc() {
    using Malloc = void* (*)(std::size_t);
    const Malloc active = &std::malloc;
    const Malloc glibc = &__libc_malloc;
    return active == glibc;
}

/// glibc's chunk header bits: the block is a mapping of its own (IS_MMAPPED), or comes from a
/// heap other than the main one (NON_MAIN_ARENA). Stable since glibc 2.0.
constexpr std::size_t kIsMmapped = 0x2, kNonMainArena = 0x4;
/// Whether the block at `address`, just returned by malloc, was cut from a thread's heap (read
/// from its header, the word before it).
bool fromThreadHeap(std::uintptr_t address) {
    const std::size_t size = *reinterpret_cast<const std::size_t*>(address - sizeof(std::size_t));
    return (size & kNonMainArena) != 0 && (size & kIsMmapped) == 0;
}
} // namespace
#endif

void startHeapAdvice() {
#if defined(__GLIBC__)
    if (heapAdviceOn() || !glibcMalloc() || !hugePagesAdvisable()) return;
    // Where the main heap begins: what the main arena took from sbrk, below its end. (mallinfo2
    // sums every arena's: this is right before a second thread allocates, as the process starts.)
    const auto heapEnd = reinterpret_cast<std::uintptr_t>(sbrk(0));
    const struct mallinfo2 info = mallinfo2();
    if (info.arena > heapEnd) return;
    const auto pageSize = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
    const std::uintptr_t heapStart = (heapEnd - info.arena + pageSize - 1) & ~(pageSize - 1);
    // NOTE(dtc): the first block is larger than all the heap's free memory (fordblks), the room
    // at its top included, so that it is cut from the top and grows the heap by its first step,
    // which is then advised from the block on. A smaller one was cut from room the process's
    // earlier allocations had left, and nothing was advised until the heap grew again: a test
    // of the advice failed in CI that way (the room differs with the environment a process
    // starts in).
    const std::size_t bytes = info.fordblks + 256 * 1024;
    void* block = std::malloc(bytes);
    if (block == nullptr) return;
    // NOTE(dtc): the advice starts at the huge page the block is in, or at the heap's start if
    // that is later. What was touched before the advice is in small pages: what the process
    // allocated at its start, below the block, and the heap's top header, written after the
    // block when the heap grew. The rest of those two huge pages, which a check's first
    // allocations fill, would then be faulted in 4 KiB at a time (500 faults in a fresh check
    // of the generated 10k set); collapsed now, each is one huge page. Only huge pages wholly
    // inside the heap are collapsed. (Collapsing needs Linux 6.1 or later; older kernels refuse
    // it.)
    const auto first = reinterpret_cast<std::uintptr_t>(block);
    const std::uintptr_t start = first & ~(kHugePage - 1);
    heapAdvisedEnd.store(start > heapStart ? start : heapStart, std::memory_order_relaxed);
    heapAdvice.store(true, std::memory_order_release);
    keepHeapAdvised();
    const auto grownEnd = reinterpret_cast<std::uintptr_t>(sbrk(0));
    const auto collapse = [&](std::uintptr_t page) {
        if (page >= heapStart && page + kHugePage <= grownEnd)
            madvise(reinterpret_cast<void*>(page), kHugePage, kCollapse);
    };
    collapse(start);
    if (const std::uintptr_t top = (first + bytes) & ~(kHugePage - 1); top != start) collapse(top);
    std::free(block);
#endif
}

bool heapAdviceOn() {
#if defined(__GLIBC__)
    return heapAdvice.load(std::memory_order_acquire);
#else
    return false;
#endif
}

void keepHeapAdvised() {
#if defined(__GLIBC__)
    // Atomics: compilations may run on several threads of one process.
    if (!heapAdviceOn()) return;
    auto end = reinterpret_cast<std::uintptr_t>(sbrk(0)) & ~(kHugePage - 1);
    std::uintptr_t advised = heapAdvisedEnd.load(std::memory_order_relaxed);
    do {
        if (end <= advised) return;
    } while (!heapAdvisedEnd.compare_exchange_weak(advised, end, std::memory_order_relaxed));
    madvise(reinterpret_cast<void*>(advised), end - advised, MADV_HUGEPAGE);
#endif
}

void keepThreadHeapAdvised() {
#if defined(__GLIBC__)
    if (!heapAdviceOn()) return;
    // (A probe above the sizes glibc keeps per thread and in its small bins is cut from the top
    // of the heap, the region the thread's allocations now grow into, while a small one may
    // come back from a region filled long ago.)
    // (A thread glibc gives no heap of its own uses the main one: keepHeapAdvised's.)
    void* probe = std::malloc(1024 * 1024);
    if (probe == nullptr) return;
    const auto at = reinterpret_cast<std::uintptr_t>(probe);
    const bool own = fromThreadHeap(at);
    std::free(probe);
    if (!own) return;
    // The region of the thread's heap that held the probe, unless it is the one advised last.
    constexpr std::uintptr_t kThreadHeap = 64 * 1024 * 1024; // glibc's HEAP_MAX_SIZE on 64-bit
    thread_local std::uintptr_t advised = 0;
    const std::uintptr_t base = at & ~(kThreadHeap - 1);
    if (base == advised) return;
    advised = base;
    // (A region partly unmapped makes madvise fail with ENOMEM after advising the mapped part.)
    madvise(reinterpret_cast<void*>(base), kThreadHeap, MADV_HUGEPAGE);
    // NOTE(dtc): glibc wrote the region's header when it made the region, before this advice,
    // so its first 2 MiB were already in small pages and were faulted in 512 times as the
    // thread's first allocations filled them (a third of a fresh check's page faults on the
    // generated 10k set). Collapsing them now, while a page or two is in use, makes them one
    // huge page. (Linux 6.1 and later; older kernels refuse it and nothing changes.)
    madvise(reinterpret_cast<void*>(base), kHugePage, kCollapse);
#endif
}

void adviseLargeBlock([[maybe_unused]] void* block, [[maybe_unused]] std::size_t bytes) {
#if defined(__GLIBC__)
    if (block == nullptr || !heapAdviceOn()) return;
    const auto at = reinterpret_cast<std::uintptr_t>(block);
    const std::uintptr_t first = (at + kHugePage - 1) & ~(kHugePage - 1);
    const std::uintptr_t last = (at + bytes) & ~(kHugePage - 1);
    if (first < last) madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#endif
}

} // namespace dtc::diag
