// dtc::diag::HelperThread — a piece of work on a second thread, for the stages that split theirs
// in two (reading the files, resolving references, validating): started if a thread can be had,
// joined before the caller goes on, what it throws handed back. The work runs on the process's
// helper thread when it is free (it stays awake briefly after each piece of work, so a stage
// that splits its work pays no thread start), else on a thread of its own.
#pragma once

#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <thread>

namespace dtc::diag {

/// Runs `work` on a second thread. When no thread can be started (a process or container
/// limit), started() is false and `work` does not run: the caller does it itself. The thread is
/// joined by wait() or join(), else when the object ends (so `work` may use the caller's locals
/// declared before it).
class HelperThread {
public:
    explicit HelperThread(std::function<void()> work);
    ~HelperThread();
    HelperThread(const HelperThread&) = delete;
    HelperThread& operator=(const HelperThread&) = delete;

    [[nodiscard]] bool started() const { return started_; }
    /// Waits for `work` to end; what it threw (null if nothing, or if it never ran).
    std::exception_ptr wait();
    /// Waits for `work` to end, and rethrows what it threw.
    void join();

    /// Whether the process's helper thread is awake and free now (work handed over starts at
    /// once): a stage whose split only pays with a running thread asks this.
    [[nodiscard]] static bool ready();

    /// A piece of work as the helper thread runs it.
    struct Job {
        std::function<void()> work;
        std::exception_ptr failure;
        std::atomic<bool> done{false};
    };

private:
    Job job_;
    bool started_ = false;
    bool pooled_ = false; ///< job_ runs on the process's helper thread
    std::thread thread_;
};

/// Runs `work(begin, end, part)` over the indices [0, count). With `twoThreads` (and two
/// indices or more) in two halves: [count / 2, count) as part 1 on a HelperThread while
/// [0, count / 2) runs here as part 0, or here after it when no thread can be had; what the
/// second thread threw is rethrown. Otherwise all of [0, count) here, as part 0. Returns
/// where part 1 begins (`count` when the range was not split).
template <class F> std::size_t inTwoHalves(bool twoThreads, std::size_t count, F&& work) {
    if (!twoThreads || count < 2) {
        work(std::size_t{0}, count, 0u);
        return count;
    }
    const std::size_t half = count / 2;
    HelperThread helper([&] { work(half, count, 1u); });
    work(std::size_t{0}, half, 0u);
    if (helper.started()) helper.join();
    else work(half, count, 1u);
    return half;
}

} // namespace dtc::diag
