// dtc::diag::HelperThread — a piece of work on a second thread, for the stages that split theirs
// in two (reading the files, resolving references, validating): started if a thread can be had,
// joined before the caller goes on, what it throws handed back. The work runs on the process's
// helper thread when it is free (it stays awake briefly after each piece of work, so a stage
// that splits its work pays no thread start), else on a thread of its own.
#pragma once

#include <atomic>
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

} // namespace dtc::diag
