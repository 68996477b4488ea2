#include "diag/helper_thread.h"

#include "diag/heap_advice.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <system_error>
#include <utility>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace dtc::diag {

namespace {

using Clock = std::chrono::steady_clock;

/// How long the helper keeps looking for work after a piece of work before it sleeps.
constexpr auto kSpin = std::chrono::microseconds(2000);

void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
    _mm_pause();
#endif
}

// NOTE(dtc): a thread started for each piece of work (std::thread) began running 0.1 to 1.8 ms
// after it was created on the 2-core VMs we measure on (the other virtual CPU is halted while
// idle, and waking it goes through the hypervisor), while reading RealEstateCore's second half
// takes 1.5 ms: the reader split often gained nothing. The process now keeps one helper
// thread: after a piece of work it spins for kSpin, so the next piece starts
// within microseconds, then sleeps on a condition variable. It is a shared resource, not
// state: a piece of work is whatever a HelperThread hands it, and a HelperThread made while
// the helper is busy (compilations on several threads of one process) starts a thread of its
// own, as before. The helper is never destroyed (it may be asleep when the process exits).
class Helper {
public:
    static Helper* get() {
        static Helper* helper = [] {
            auto* h = new Helper; // (never deleted: see the NOTE)
            try {
                std::thread(&Helper::loop, h).detach();
            } catch (const std::system_error&) {
                delete h;
                return static_cast<Helper*>(nullptr);
            }
            started().store(h, std::memory_order_release);
            return h;
        }();
        return helper;
    }
    /// The helper if get() has started it, else nullptr (starts nothing).
    static Helper* existing() { return started().load(std::memory_order_acquire); }

    /// Hands `job` to the helper if it is free; false if it is busy.
    bool submit(HelperThread::Job* job) {
        if (busy_.exchange(true, std::memory_order_acquire)) return false;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            pending_.store(job, std::memory_order_release);
        }
        wake_.notify_one();
        return true;
    }

    /// Awake (spinning) and free.
    [[nodiscard]] bool ready() const {
        return !busy_.load(std::memory_order_relaxed) &&
               Clock::now().time_since_epoch().count() < awakeUntil_.load(std::memory_order_relaxed);
    }

    /// Waits for `job` to end.
    void wait(HelperThread::Job& job) {
        const auto until = Clock::now() + kSpin;
        for (unsigned i = 0; !job.done.load(std::memory_order_acquire); ++i) {
            cpuRelax();
            if ((i & 63) == 63 && Clock::now() > until) {
                std::unique_lock<std::mutex> lock(mutex_);
                done_.wait(lock, [&] { return job.done.load(std::memory_order_acquire); });
                return;
            }
        }
    }

private:
    static std::atomic<Helper*>& started() {
        static std::atomic<Helper*> helper{nullptr};
        return helper;
    }

    void loop() {
        for (;;) {
            HelperThread::Job* job = take();
            try {
                keepThreadHeapAdvised();
                job->work();
            } catch (...) {
                job->failure = std::current_exception();
            }
            awakeUntil_.store(Clock::now().time_since_epoch().count() +
                                  std::chrono::duration_cast<Clock::duration>(kSpin).count(),
                              std::memory_order_relaxed);
            busy_.store(false, std::memory_order_release);
            {
                std::lock_guard<std::mutex> lock(mutex_);
                job->done.store(true, std::memory_order_release);
            }
            // (`job` may be gone from here on: its owner returns once done is set.)
            done_.notify_all();
        }
    }

    /// The next piece of work: looked for while awake, then slept for.
    HelperThread::Job* take() {
        for (;;) {
            for (unsigned i = 0;; ++i) {
                if (HelperThread::Job* job = pending_.exchange(nullptr, std::memory_order_acquire)) return job;
                cpuRelax();
                if ((i & 63) == 63 &&
                    Clock::now().time_since_epoch().count() > awakeUntil_.load(std::memory_order_relaxed))
                    break;
            }
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait(lock, [&] { return pending_.load(std::memory_order_acquire) != nullptr; });
        }
    }

    std::mutex mutex_;
    std::condition_variable wake_; ///< pending_ set
    std::condition_variable done_; ///< a job's done set
    std::atomic<HelperThread::Job*> pending_{nullptr};
    std::atomic<bool> busy_{false}; ///< a job is handed over or running
    std::atomic<Clock::rep> awakeUntil_{0};
};

} // namespace

HelperThread::HelperThread(std::function<void()> work) {
    job_.work = std::move(work);
    if (Helper* helper = Helper::get(); helper != nullptr && helper->submit(&job_)) {
        started_ = pooled_ = true;
        return;
    }
    try {
        thread_ = std::thread([this] {
            try {
                keepThreadHeapAdvised();
                job_.work();
            } catch (...) {
                job_.failure = std::current_exception();
            }
        });
        started_ = true;
    } catch (const std::system_error&) {
        // no second thread to be had: started() says so
    }
}

HelperThread::~HelperThread() { static_cast<void>(wait()); }

std::exception_ptr HelperThread::wait() {
    if (pooled_) {
        Helper::get()->wait(job_);
        pooled_ = false;
    }
    if (thread_.joinable()) thread_.join();
    return job_.failure;
}

void HelperThread::join() {
    if (std::exception_ptr failure = wait()) std::rethrow_exception(failure);
}

bool HelperThread::ready() {
    Helper* helper = Helper::existing();
    return helper != nullptr && helper->ready();
}

} // namespace dtc::diag
