#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag/diag.h"
#include "diag/batch_io.h"
#include "diag/helper_thread.h"

namespace dtc::diag {

struct SourceManager::File {
    std::string path;
    std::string bytes;
    // Byte offsets of line starts, built on first use. NOTE(dtc): lazily, because most files
    // of a valid model set never produce a diagnostic (slang's SourceManager does the same).
    mutable std::vector<std::uint32_t> lineStarts;
    mutable bool indexed = false;

    void index() const {
        if (indexed) return;
        lineStarts.push_back(0);
        for (std::uint32_t i = 0; i < bytes.size(); ++i) {
            if (bytes[i] == '\n') lineStarts.push_back(i + 1);
            else if (bytes[i] == '\r' && (i + 1 >= bytes.size() || bytes[i + 1] != '\n'))
                lineStarts.push_back(i + 1);
        }
        indexed = true;
    }
};

SourceManager::SourceManager() = default;
SourceManager::~SourceManager() = default;

FileId SourceManager::addBuffer(std::string path, std::string bytes) {
    auto f = std::make_unique<File>();
    f->path = std::move(path);
    f->bytes = std::move(bytes);
    files_.push_back(std::move(f));
    return static_cast<FileId>(files_.size());
}

namespace {
std::string tooLarge(std::size_t limit) {
    std::string shown = limit % (std::size_t{1} << 30) == 0 ? std::to_string(limit >> 30) + " GiB"
                        : limit % (std::size_t{1} << 20) == 0 ? std::to_string(limit >> 20) + " MiB"
                                                              : std::to_string(limit) + " bytes";
    return "the file is larger than " + shown + ", the most dtc reads from one file";
}
} // namespace

std::optional<FileId> SourceManager::addFile(const std::string& path, std::string& error, std::size_t limit) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error = std::strerror(errno);
        return std::nullopt;
    }
    std::optional<FileId> id = addStream(fd, path, error, limit);
    ::close(fd);
    return id;
}

std::optional<FileId> SourceManager::addStream(int fd, std::string path, std::string& error, std::size_t limit) {
    // NOTE(dtc): read into a buffer on the stack until read returns 0, one copy into a string
    // of the exact size. A model set is hundreds of small files and every system call is dear
    // in a VM: this is 12% faster per file than open, fstat, read into a zeroed string of
    // fstat's size, close (the zeroing touches the fresh pages once more). A file larger than
    // the buffer continues in a string sized by fstat (a pipe's size is 0: it grows by
    // doubling). The limit keeps offsets within 32 bits and stops endless streams (/dev/zero
    // named on the command line): reading stops one byte past it.
    constexpr std::size_t kBuffer = 64 * 1024;
    char buffer[kBuffer];
    std::string bytes;
    std::size_t got = 0;
    char* data = buffer;
    std::size_t capacity = kBuffer;
    bool tooBig = false;
    for (;;) {
        if (got == capacity) {
            if (data == buffer) {
                struct stat st {};
                const std::size_t size =
                    ::fstat(fd, &st) == 0 && st.st_size > 0 ? static_cast<std::size_t>(st.st_size) : 0;
                if (size > limit) {
                    tooBig = true;
                    break;
                }
                // +1: the read that sees the end
                bytes.resize(std::min(std::max(size + 1, 2 * kBuffer), limit + 1));
                std::memcpy(bytes.data(), buffer, got);
            } else {
                bytes.resize(std::min(2 * bytes.size(), limit + 1));
            }
            data = bytes.data();
            capacity = bytes.size();
        }
        ssize_t n = ::read(fd, data + got, capacity - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            error = std::strerror(errno);
            return std::nullopt;
        }
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
        if (got > limit) {
            tooBig = true;
            break;
        }
    }
    if (tooBig) {
        error = tooLarge(limit);
        return std::nullopt;
    }
    if (data == buffer) bytes.assign(buffer, got);
    else bytes.resize(got);
    return addBuffer(std::move(path), std::move(bytes));
}

const SourceManager::File& SourceManager::file(FileId id) const { return *files_.at(id - 1); }

std::string_view SourceManager::path(FileId id) const {
    if (id == kNoFile || id > files_.size()) return {};
    return file(id).path;
}

std::string_view SourceManager::text(FileId id) const {
    if (id == kNoFile || id > files_.size()) return {};
    return file(id).bytes;
}

std::size_t SourceManager::fileCount() const { return files_.size(); }

LineColumn SourceManager::lineColumn(SourceLocation loc) const {
    if (!loc.valid() || loc.file > files_.size()) return {};
    const File& f = file(loc.file);
    f.index();
    std::uint32_t offset = std::min<std::uint32_t>(loc.offset, static_cast<std::uint32_t>(f.bytes.size()));
    auto it = std::upper_bound(f.lineStarts.begin(), f.lineStarts.end(), offset);
    std::uint32_t line = static_cast<std::uint32_t>(it - f.lineStarts.begin());
    std::uint32_t start = f.lineStarts[line - 1];
    // Columns count Unicode code points: every byte that is not a UTF-8 continuation byte.
    std::uint32_t column = 1;
    for (std::uint32_t i = start; i < offset; ++i) {
        if ((static_cast<unsigned char>(f.bytes[i]) & 0xC0) != 0x80) ++column;
    }
    return {line, column};
}

std::string_view SourceManager::lineText(FileId id, std::uint32_t line) const {
    if (id == kNoFile || id > files_.size() || line == 0) return {};
    const File& f = file(id);
    f.index();
    if (line > f.lineStarts.size()) return {};
    std::uint32_t start = f.lineStarts[line - 1];
    std::uint32_t end = line < f.lineStarts.size() ? f.lineStarts[line] : static_cast<std::uint32_t>(f.bytes.size());
    std::string_view text(f.bytes.data() + start, end - start);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
    return text;
}

std::vector<SourceManager::Added> SourceManager::addFiles(std::span<const std::string> paths, std::size_t limit,
                                                          unsigned threads) {
    // Slots of 64 KiB: model files are smaller (RealEstateCore's largest is 9 KiB); a larger
    // one is read again by addFile.
    // NOTE(dtc): reading page-cached files is the kernel's work (opening costs most), done on
    // the thread that submits it: two halves, each with a ring of its own, take both cores
    // (10,000 files: 32 ms on one thread). Buffers are registered in order afterwards.
    std::vector<std::optional<std::string>> read(paths.size());
    inTwoHalves(threads >= 2, paths.size(),
                [&](std::size_t begin, std::size_t end, unsigned) {
                    std::vector<std::optional<std::string>> part =
                        BatchIo().readSmallFiles(paths.subspan(begin, end - begin), std::min<std::size_t>(limit, 64 * 1024));
                    std::move(part.begin(), part.end(), read.begin() + static_cast<std::ptrdiff_t>(begin));
                });
    std::vector<Added> out(paths.size());
    for (std::size_t i = 0; i < paths.size(); ++i) {
        if (read[i]) out[i].id = addBuffer(paths[i], std::move(*read[i]));
        else out[i].id = addFile(paths[i], out[i].error, limit);
    }
    return out;
}

} // namespace dtc::diag
