#include "diag/helper_thread.h"

#include <system_error>
#include <utility>

namespace dtc::diag {

HelperThread::HelperThread(std::function<void()> work) : work_(std::move(work)) {
    try {
        thread_ = std::thread([this] {
            try {
                work_();
            } catch (...) {
                failure_ = std::current_exception();
            }
        });
        started_ = true;
    } catch (const std::system_error&) {
        // no second thread to be had: started() says so
    }
}

HelperThread::~HelperThread() {
    if (thread_.joinable()) thread_.join();
}

std::exception_ptr HelperThread::wait() {
    if (thread_.joinable()) thread_.join();
    return failure_;
}

void HelperThread::join() {
    if (std::exception_ptr failure = wait()) std::rethrow_exception(failure);
}

} // namespace dtc::diag
