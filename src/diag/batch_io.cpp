#include "diag/batch_io.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>

#include <fcntl.h>
#include <unistd.h>

#if defined(__linux__) && __has_include(<linux/io_uring.h>)
#include <linux/io_uring.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#define DTC_HAVE_IO_URING 1
#else
#define DTC_HAVE_IO_URING 0
#endif

namespace dtc::diag {

#if DTC_HAVE_IO_URING

// NOTE(dtc): plain system calls only (no liburing), so no dependency is added.

/// A minimal io_uring: one submission queue, one completion queue, used by one thread.
struct BatchIo::Ring {
    explicit Ring(unsigned entries) {
        io_uring_params p{};
        const long fd = ::syscall(__NR_io_uring_setup, entries, &p);
        if (fd < 0) return;
        fd_ = static_cast<int>(fd);
        sqBytes_ = p.sq_off.array + p.sq_entries * sizeof(unsigned);
        cqBytes_ = p.cq_off.cqes + p.cq_entries * sizeof(io_uring_cqe);
        const bool single = (p.features & IORING_FEAT_SINGLE_MMAP) != 0;
        if (single) sqBytes_ = cqBytes_ = std::max(sqBytes_, cqBytes_);
        sq_ = map(sqBytes_, IORING_OFF_SQ_RING);
        cq_ = single ? sq_ : map(cqBytes_, IORING_OFF_CQ_RING);
        sqesBytes_ = p.sq_entries * sizeof(io_uring_sqe);
        sqes_ = static_cast<io_uring_sqe*>(map(sqesBytes_, IORING_OFF_SQES));
        if (sq_ == nullptr || cq_ == nullptr || sqes_ == nullptr) return;
        auto* sq = static_cast<char*>(sq_);
        auto* cq = static_cast<char*>(cq_);
        sqTail_ = reinterpret_cast<unsigned*>(sq + p.sq_off.tail);
        sqMask_ = *reinterpret_cast<unsigned*>(sq + p.sq_off.ring_mask);
        sqArray_ = reinterpret_cast<unsigned*>(sq + p.sq_off.array);
        cqHead_ = reinterpret_cast<unsigned*>(cq + p.cq_off.head);
        cqTail_ = reinterpret_cast<unsigned*>(cq + p.cq_off.tail);
        cqMask_ = *reinterpret_cast<unsigned*>(cq + p.cq_off.ring_mask);
        cqes_ = reinterpret_cast<io_uring_cqe*>(cq + p.cq_off.cqes);
        entries_ = p.sq_entries;
        tail_ = *sqTail_;
        ok_ = true;
    }
    ~Ring() {
        if (sqes_ != nullptr) ::munmap(sqes_, sqesBytes_);
        if (cq_ != nullptr && cq_ != sq_) ::munmap(cq_, cqBytes_);
        if (sq_ != nullptr) ::munmap(sq_, sqBytes_);
        if (fd_ >= 0) ::close(fd_);
    }
    Ring(const Ring&) = delete;
    Ring& operator=(const Ring&) = delete;

    [[nodiscard]] bool ok() const { return ok_; }
    [[nodiscard]] unsigned entries() const { return entries_; }

    /// The next submission entry, zeroed (at most entries() between two submitAndWait calls).
    io_uring_sqe* next() {
        const unsigned index = tail_ & sqMask_;
        sqArray_[index] = index;
        io_uring_sqe* sqe = &sqes_[index];
        std::memset(sqe, 0, sizeof *sqe);
        ++tail_;
        ++queued_;
        return sqe;
    }

    /// Queues an open of `path` (O_RDONLY | O_CLOEXEC | `flags`, relative to the working
    /// directory), to complete with `userData`. `path` must live until it completes.
    void open(const std::string& path, int flags, std::uint64_t userData) {
        io_uring_sqe* sqe = next();
        sqe->opcode = IORING_OP_OPENAT;
        sqe->fd = AT_FDCWD;
        sqe->addr = reinterpret_cast<std::uintptr_t>(path.c_str());
        sqe->open_flags = static_cast<std::uint32_t>(O_RDONLY | O_CLOEXEC | flags);
        sqe->user_data = userData;
    }

    /// Submits the queued entries and hands each of their `want` completions to `f`. False when
    /// the kernel refuses (then completions may still be outstanding).
    template <class F> bool submitAndWait(unsigned want, F&& f) {
        __atomic_store_n(sqTail_, tail_, __ATOMIC_RELEASE);
        unsigned toSubmit = queued_;
        queued_ = 0;
        unsigned seen = 0;
        while (seen < want) {
            const long r = ::syscall(__NR_io_uring_enter, fd_, toSubmit, want - seen, IORING_ENTER_GETEVENTS,
                                     nullptr, 0);
            if (r < 0) {
                if (errno == EINTR) continue;
                return false;
            }
            const unsigned submitted = std::min<unsigned>(toSubmit, static_cast<unsigned>(r));
            toSubmit -= submitted;
            unsigned head = *cqHead_;
            const unsigned tail = __atomic_load_n(cqTail_, __ATOMIC_ACQUIRE);
            const unsigned before = seen;
            for (; head != tail; ++head, ++seen) f(cqes_[head & cqMask_]);
            __atomic_store_n(cqHead_, head, __ATOMIC_RELEASE);
            // No progress at all (nothing taken, nothing completed): give up rather than spin.
            if (submitted == 0 && seen == before && toSubmit > 0) return false;
        }
        return toSubmit == 0;
    }

    void* map(std::size_t bytes, off_t offset) const {
        void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd_, offset);
        return p == MAP_FAILED ? nullptr : p;
    }

    int fd_ = -1;
    bool ok_ = false;
    void* sq_ = nullptr;
    void* cq_ = nullptr;
    io_uring_sqe* sqes_ = nullptr;
    std::size_t sqBytes_ = 0, cqBytes_ = 0, sqesBytes_ = 0;
    unsigned* sqTail_ = nullptr;
    unsigned* sqArray_ = nullptr;
    unsigned* cqHead_ = nullptr;
    unsigned* cqTail_ = nullptr;
    io_uring_cqe* cqes_ = nullptr;
    unsigned sqMask_ = 0, cqMask_ = 0, entries_ = 0;
    unsigned tail_ = 0;   ///< our submission tail (published by submitAndWait)
    unsigned queued_ = 0; ///< entries queued since the last submission
};

namespace {
constexpr std::uint64_t kCloseTag = std::uint64_t{1} << 32;
/// An anonymous mapping in small pages (MADV_NOHUGEPAGE), unmapped at the end unless kept.
class Slots {
public:
    explicit Slots(std::size_t bytes) : bytes_(bytes) {
        void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) return;
        data_ = static_cast<char*>(p);
        ::madvise(p, bytes, MADV_NOHUGEPAGE);
    }
    ~Slots() {
        if (data_ != nullptr && !kept_) ::munmap(data_, bytes_);
    }
    Slots(const Slots&) = delete;
    Slots& operator=(const Slots&) = delete;
    [[nodiscard]] char* data() const { return data_; }
    /// Leaves the mapping to the process's end (the kernel may still write into it).
    void keep() { kept_ = true; }

private:
    char* data_ = nullptr;
    std::size_t bytes_;
    bool kept_ = false;
};
/// Files per io_uring_enter: the ring holds an open, or a read and a close, for each.
constexpr unsigned kBatch = 64;
} // namespace

BatchIo::BatchIo() = default;
BatchIo::~BatchIo() = default;

BatchIo::Ring* BatchIo::ringFor(std::size_t n) {
    if (!tried_ && n >= 8) {
        tried_ = true;
        auto ring = std::make_unique<Ring>(2 * kBatch);
        if (ring->ok() && ring->entries() >= 2 * kBatch) ring_ = std::move(ring);
    }
    return ring_.get();
}

std::vector<int> BatchIo::openAll(std::span<const std::string> paths, int flags) {
    std::vector<int> fds(paths.size(), -ENOSYS);
    std::size_t done = 0;
    Ring* const ring = ringFor(paths.size());
    for (std::size_t base = 0; ring != nullptr && base < paths.size(); base += kBatch) {
        const unsigned n = static_cast<unsigned>(std::min<std::size_t>(kBatch, paths.size() - base));
        for (unsigned i = 0; i < n; ++i) ring->open(paths[base + i], flags, base + i);
        // (Should the kernel refuse, opens of this batch may still complete: their descriptors
        // are left to the process's end, and this batch and the rest are opened one by one.)
        if (!ring->submitAndWait(n, [&](const io_uring_cqe& c) { fds[c.user_data] = c.res; })) {
            ring_.reset();
            break;
        }
        done = base + n;
    }
    for (std::size_t i = done; i < paths.size(); ++i) {
        const int fd = ::open(paths[i].c_str(), O_RDONLY | O_CLOEXEC | flags);
        fds[i] = fd >= 0 ? fd : -errno;
    }
    return fds;
}

void BatchIo::closeAll(std::span<const int> fds) {
    std::size_t next = 0;
    Ring* const ring = ringFor(fds.size());
    while (ring != nullptr && next < fds.size()) {
        unsigned n = 0;
        for (; next < fds.size() && n < 2 * kBatch; ++next) {
            if (fds[next] < 0) continue;
            io_uring_sqe* sqe = ring->next();
            sqe->opcode = IORING_OP_CLOSE;
            sqe->fd = fds[next];
            ++n;
        }
        if (!ring->submitAndWait(n, [](const io_uring_cqe&) {})) {
            // Which of this batch were closed is not known: they are left (a refusal after a
            // successful setup is not expected).
            ring_.reset();
            return;
        }
    }
    for (; next < fds.size(); ++next)
        if (fds[next] >= 0) ::close(fds[next]);
}

std::vector<std::optional<std::string>> BatchIo::readSmallFiles(std::span<const std::string> paths,
                                                                std::size_t maxBytes) {
    std::vector<std::optional<std::string>> out(paths.size());
    Ring* const ring = ringFor(paths.size());
    if (ring == nullptr || maxBytes == 0) return out;
    // One slot of maxBytes per file of a batch; only the pages a file's bytes land on are ever
    // touched (a file of 600 bytes touches one), so the slots may be generous.
    // NOTE(dtc): the slots are a mapping of their own, in small pages. Taken from the heap, which
    // dtc-compile advises for transparent huge pages (driver::tuneAllocatorForBatch), the 4 MiB
    // were cleared whole, 2 MiB at a time, for the few kilobytes each batch reads: reading
    // RealEstateCore's 767 files took 2.0 ms that way, 1.6 ms now.
    Slots buffer(kBatch * maxBytes);
    if (buffer.data() == nullptr) return out;
    std::int32_t fds[kBatch];
    std::int32_t reads[kBatch];
    for (std::size_t base = 0; base < paths.size(); base += kBatch) {
        const unsigned n = static_cast<unsigned>(std::min<std::size_t>(kBatch, paths.size() - base));
        for (unsigned i = 0; i < n; ++i) {
            ring->open(paths[base + i], O_NOCTTY, i);
            fds[i] = -1;
        }
        if (!ring->submitAndWait(n, [&](const io_uring_cqe& c) { fds[c.user_data] = c.res; })) {
            // Opens may still complete: their descriptors are left to the process's end.
            ring_.reset();
            buffer.keep();
            return out;
        }
        unsigned queued = 0;
        for (unsigned i = 0; i < n; ++i) {
            reads[i] = -1;
            if (fds[i] < 0) continue;
            io_uring_sqe* read = ring->next();
            read->opcode = IORING_OP_READ;
            read->fd = fds[i];
            read->addr = reinterpret_cast<std::uintptr_t>(buffer.data() + i * maxBytes);
            read->len = static_cast<std::uint32_t>(maxBytes);
            read->off = 0;
            // A hard link: the close runs even after a short read (a soft link would cancel it).
            read->flags = IOSQE_IO_HARDLINK;
            read->user_data = i;
            io_uring_sqe* close = ring->next();
            close->opcode = IORING_OP_CLOSE;
            close->fd = fds[i];
            close->user_data = kCloseTag | i;
            queued += 2;
        }
        if (!ring->submitAndWait(queued, [&](const io_uring_cqe& c) {
                if ((c.user_data & kCloseTag) == 0) reads[c.user_data] = c.res;
            })) {
            // Reads may still land in the buffer: it is left mapped (a refusal after a
            // successful setup is not expected; this only keeps it safe).
            ring_.reset();
            buffer.keep();
            return out;
        }
        for (unsigned i = 0; i < n; ++i) {
            // A read that fills the slot may have stopped short of the end: read again, by the
            // caller.
            if (reads[i] < 0 || static_cast<std::size_t>(reads[i]) >= maxBytes) continue;
            out[base + i].emplace(buffer.data() + i * maxBytes, static_cast<std::size_t>(reads[i]));
        }
    }
    return out;
}

#else

struct BatchIo::Ring {};

BatchIo::BatchIo() = default;
BatchIo::~BatchIo() = default;
BatchIo::Ring* BatchIo::ringFor(std::size_t) { return nullptr; }

std::vector<int> BatchIo::openAll(std::span<const std::string> paths, int flags) {
    std::vector<int> fds;
    for (const std::string& p : paths) {
        const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC | flags);
        fds.push_back(fd >= 0 ? fd : -errno);
    }
    return fds;
}

void BatchIo::closeAll(std::span<const int> fds) {
    for (int fd : fds)
        if (fd >= 0) ::close(fd);
}

std::vector<std::optional<std::string>> BatchIo::readSmallFiles(std::span<const std::string> paths, std::size_t) {
    return std::vector<std::optional<std::string>>(paths.size());
}

#endif

} // namespace dtc::diag
