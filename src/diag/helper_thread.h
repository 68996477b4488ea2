// dtc::diag::HelperThread — a piece of work on a second thread, for the stages that split theirs
// in two (reading the files, resolving references, validating): started if a thread can be had,
// joined before the caller goes on, what it throws handed back.
#pragma once

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

private:
    std::function<void()> work_;
    std::exception_ptr failure_;
    bool started_ = false;
    std::thread thread_;
};

} // namespace dtc::diag
