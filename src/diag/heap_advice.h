// dtc::diag heap advice — transparent huge pages for the allocator's heaps, once the process has
// asked for them (driver::tuneAllocatorForBatch). In the VMs we measure on, touching a fresh
// 4 KiB page costs about 3 microseconds; touching 160 MiB took 400-500 ms in small pages and
// 10 ms in huge ones. Every heap a check allocates from is therefore kept advised: the main
// heap as it grows (keepHeapAdvised), and the heap of each other thread that allocates
// (keepThreadHeapAdvised: HelperThread's work calls it before it starts). Without
// startHeapAdvice, outside glibc, or where the kernel's transparent huge pages are off
// ("never"), the calls do nothing.
#pragma once

#include <cstddef>

namespace dtc::diag {

/// Turns the advice on: grows the main heap by its first step (the caller has set glibc's
/// M_TOP_PAD to a large step), whatever room its top still has, and advises it from the huge
/// page the step begins in. Called as the process starts, before a second thread allocates;
/// once the advice is on, later calls do nothing.
void startHeapAdvice();

/// Whether startHeapAdvice turned the advice on (not with another malloc than glibc's, a
/// sanitizer's included, nor where transparent huge pages are off).
[[nodiscard]] bool heapAdviceOn();

/// Advises the part of the main heap grown since the last call. Cheap when it has not grown
/// (sbrk(0) reads a cached value).
void keepHeapAdvised();

/// Advises the calling thread's own heap (glibc gives a thread other than the first an arena
/// of 64 MiB regions, each aligned to its size): the region its allocations now grow into,
/// once per region. Nothing for a thread glibc has put on the main heap. Cheap for a region
/// already advised (one malloc and free of 1 MiB, cut from the top of the heap).
void keepThreadHeapAdvised();

/// Blocks from this size on are advised as they are allocated (adviseLargeBlock).
inline constexpr std::size_t kLargeBlock = std::size_t{4} << 20;

/// Advises the huge pages that lie wholly inside the block [block, block + bytes), just
/// allocated and not yet touched. For a block glibc could not cut from an advised heap: one
/// larger than a thread heap's 64 MiB region is a mapping of its own, and one in a region a
/// thread made while its work ran is not advised until that thread's next piece of work.
/// dtc-compile's `operator new` (driver/large_block_new.cpp) calls it for every block of
/// kLargeBlock or more.
void adviseLargeBlock(void* block, std::size_t bytes);

} // namespace dtc::diag
