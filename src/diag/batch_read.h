// Private to dtc_diag: reading many small files with few system calls (SourceManager::addFiles).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace dtc::diag::detail {

/// Reads each of `paths` (regular files) whole, in batches through Linux io_uring: a few
/// system calls per batch instead of four per file. An entry is std::nullopt where the fast
/// path has no answer: the file could not be opened or read, it may hold `maxBytes` bytes or
/// more, or io_uring is not available (old kernel, seccomp); the caller reads those one by one,
/// which also gives the exact error. Never throws for I/O reasons.
[[nodiscard]] std::vector<std::optional<std::string>> readSmallFiles(std::span<const std::string> paths,
                                                                     std::size_t maxBytes);

} // namespace dtc::diag::detail
