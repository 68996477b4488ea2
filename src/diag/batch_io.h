// dtc::diag::BatchIo — opening, reading and closing many files with few system calls.
//
// A model set is hundreds to a hundred thousand small files in a few hundred directories. In a
// VM every system call is dear (about 3 us here, against 1.5 us of real work to open, read and
// close a page-cached file). Through Linux io_uring, a batch of up to 64 operations costs one
// io_uring_enter call. Where io_uring is missing or refused (an old kernel, a seccomp profile),
// every operation is done with the plain system call, or left to the caller where the method
// says so. Used by SourceManager::addFiles and by the driver's directory walk.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace dtc::diag {

class BatchIo {
public:
    BatchIo();
    ~BatchIo();
    BatchIo(const BatchIo&) = delete;
    BatchIo& operator=(const BatchIo&) = delete;

    // Each method batches only when it has at least 8 operations to do (the ring costs a few
    // system calls of its own) and io_uring is available; otherwise it makes plain system
    // calls, or leaves the work to the caller where it says so.

    /// Opens each of `paths` read-only (O_RDONLY | O_CLOEXEC | `flags`, relative to the working
    /// directory): a descriptor, or -errno, for each.
    [[nodiscard]] std::vector<int> openAll(std::span<const std::string> paths, int flags);

    /// Closes each descriptor of `fds` that is not negative.
    void closeAll(std::span<const int> fds);

    /// Reads each of `paths` (regular files) whole. An entry is std::nullopt where this has no
    /// answer: the file could not be opened or read, it may hold `maxBytes` bytes or more, or
    /// nothing is batched; the caller reads those one by one, which also gives the exact error.
    /// (A regular file's read returns less than asked only at its end.)
    [[nodiscard]] std::vector<std::optional<std::string>> readSmallFiles(std::span<const std::string> paths,
                                                                         std::size_t maxBytes);

private:
    struct Ring;
    /// The ring for `n` operations: made by the first call with at least 8; null before that,
    /// or when io_uring is not available.
    Ring* ringFor(std::size_t n);
    std::unique_ptr<Ring> ring_;
    bool tried_ = false; ///< a ring was made (or refused) once
};

} // namespace dtc::diag
