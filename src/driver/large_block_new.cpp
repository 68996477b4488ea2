// The executables' `operator new`: glibc's malloc, and every block of diag::kLargeBlock or more
// advised for huge pages before its first touch (diag::adviseLargeBlock). Linked into
// dtc-compile and the benchmarks only (the object library dtc_large_block_new), never into the
// libraries: a library user keeps its own allocation functions.
// NOTE(dtc): on the generated 100k set, 30,000 page faults of a fresh check were in two blocks
// of the validator's work on the helper thread that glibc could not take from an advised heap
// (larger than a thread heap's 64 MiB region, or in a region made while the work ran).
#include <cstdlib>
#include <new>

#include "diag/heap_advice.h"

void* operator new(std::size_t bytes) {
    for (;;) {
        if (void* block = std::malloc(bytes == 0 ? 1 : bytes)) {
            if (bytes >= dtc::diag::kLargeBlock) dtc::diag::adviseLargeBlock(block, bytes);
            return block;
        }
        std::new_handler handler = std::get_new_handler();
        if (handler == nullptr) throw std::bad_alloc();
        handler();
    }
}

void operator delete(void* block) noexcept { std::free(block); }
void operator delete(void* block, std::size_t) noexcept { std::free(block); }
