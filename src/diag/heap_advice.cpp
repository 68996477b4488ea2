#include "diag/heap_advice.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#if defined(__GLIBC__)
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace dtc::diag {

#if defined(__GLIBC__)
namespace {
constexpr std::uintptr_t kHugePage = 2 * 1024 * 1024;
#if defined(MADV_COLLAPSE)
constexpr int kCollapse = MADV_COLLAPSE;
#else
constexpr int kCollapse = 25; // Linux's MADV_COLLAPSE, for older headers
#endif
/// Set by startHeapAdvice: the heaps are kept advised for transparent huge pages.
std::atomic<bool> heapAdvice{false};
/// The end of the main heap's range advised so far (huge-page aligned).
std::atomic<std::uintptr_t> heapAdvisedEnd{0};
} // namespace
#endif

void startHeapAdvice() {
#if defined(__GLIBC__)
    constexpr std::size_t kFirst = 256 * 1024;
    void* block = std::malloc(kFirst); // grows the heap by its first step
    if (block == nullptr) return;
    // NOTE(dtc): the advice starts at the huge page the block is in. The heap may have begun
    // below it (madvise then fails for the part below, and nothing changes there). What was
    // touched before the advice is in small pages: what the process allocated at its start,
    // and the heap's top header, written after the block when the heap grew. The rest of those
    // huge pages, which a check's first allocations fill, would then be faulted in 4 KiB at a
    // time (500 faults in a fresh check of the generated 10k set); collapsed now, each is one
    // huge page. (Collapsing needs Linux 6.1 or later; older kernels refuse it.)
    const auto first = reinterpret_cast<std::uintptr_t>(block);
    const std::uintptr_t start = first & ~(kHugePage - 1);
    heapAdvisedEnd.store(start);
    heapAdvice.store(true);
    keepHeapAdvised();
    for (std::uintptr_t page = start; page < first + kFirst + 64; page += kHugePage)
        madvise(reinterpret_cast<void*>(page), kHugePage, kCollapse);
    std::free(block);
#endif
}

void keepHeapAdvised() {
#if defined(__GLIBC__)
    // Atomics: compilations may run on several threads of one process.
    if (!heapAdvice.load(std::memory_order_relaxed)) return;
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
    if (!heapAdvice.load(std::memory_order_relaxed)) return;
    constexpr std::uintptr_t kThreadHeap = 64 * 1024 * 1024; // glibc's HEAP_MAX_SIZE on 64-bit
    thread_local std::uintptr_t advised = 0;
    void* probe = std::malloc(64);
    if (probe == nullptr) return;
    const std::uintptr_t base = reinterpret_cast<std::uintptr_t>(probe) & ~(kThreadHeap - 1);
    std::free(probe);
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

void reserveAdvisedHeap([[maybe_unused]] std::size_t bytes) {
#if defined(__GLIBC__)
    if (!heapAdvice.load(std::memory_order_relaxed)) return;
    void* block = std::malloc(bytes);
    if (block == nullptr) return;
    keepHeapAdvised();
    keepThreadHeapAdvised();
    std::free(block);
#endif
}

} // namespace dtc::diag
