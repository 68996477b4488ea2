// HelperThread: work on a second thread, on the process's helper when it is free, on a thread of
// its own when it is busy; what the work throws comes back; nothing is lost between pieces of
// work handed over while the helper spins, sleeps or wakes.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "diag/helper_thread.h"

namespace dtc::diag {
namespace {

using namespace std::chrono_literals;

TEST(HelperThread, RunsTheWorkOnAnotherThread) {
    std::thread::id ran;
    HelperThread t([&] { ran = std::this_thread::get_id(); });
    ASSERT_TRUE(t.started());
    t.join();
    EXPECT_NE(ran, std::thread::id());
    EXPECT_NE(ran, std::this_thread::get_id());
}

TEST(HelperThread, HandsBackWhatTheWorkThrows) {
    HelperThread t([] { throw std::runtime_error("boom"); });
    ASSERT_TRUE(t.started());
    EXPECT_THROW(t.join(), std::runtime_error);
    HelperThread u([] { throw std::logic_error("again"); });
    std::exception_ptr e = u.wait();
    ASSERT_TRUE(e);
    EXPECT_THROW(std::rethrow_exception(e), std::logic_error);
    // The helper goes on taking work after a piece that threw.
    int n = 0;
    HelperThread v([&] { n = 1; });
    v.join();
    EXPECT_EQ(n, 1);
}

TEST(HelperThread, WorkHandedOverWhileTheHelperIsBusyRunsAtOnce) {
    // The first piece waits until the second one has run: were the second queued behind the
    // first, the first would wait out its deadline.
    std::atomic<bool> secondRan{false};
    bool sawSecond = false;
    HelperThread first([&] {
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (!secondRan.load() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
        sawSecond = secondRan.load();
    });
    HelperThread second([&] { secondRan.store(true); });
    ASSERT_TRUE(first.started());
    ASSERT_TRUE(second.started());
    second.join();
    first.join();
    EXPECT_TRUE(sawSecond);
}

TEST(HelperThread, NoPieceOfWorkIsLostWhetherTheHelperSpinsOrSleeps) {
    // Back to back (the helper spins between them), and with pauses longer than it stays
    // awake (it sleeps and is woken).
    int sum = 0;
    for (int i = 1; i <= 2000; ++i) {
        HelperThread t([&sum, i] { sum += i; });
        t.join();
    }
    EXPECT_EQ(sum, 2000 * 2001 / 2);
    for (int i = 0; i < 4; ++i) {
        std::this_thread::sleep_for(10ms);
        int ran = 0;
        HelperThread t([&] { ran = 1; });
        t.join();
        EXPECT_EQ(ran, 1);
    }
}

TEST(HelperThread, CompilationsOnSeveralThreadsEachGetTheirWorkDone) {
    std::atomic<int> done{0};
    std::vector<std::thread> callers;
    for (int c = 0; c < 4; ++c)
        callers.emplace_back([&] {
            for (int i = 0; i < 200; ++i) {
                HelperThread t([&] { done.fetch_add(1); });
                if (!t.started()) done.fetch_add(1); // (the caller does the work itself)
                t.join();
            }
        });
    for (std::thread& t : callers) t.join();
    EXPECT_EQ(done.load(), 800);
}

TEST(HelperThread, ReadyOnlyWhenTheHelperIsAwakeAndFree) {
    {
        std::atomic<bool> release{false};
        HelperThread t([&] {
            while (!release.load()) std::this_thread::yield();
        });
        ASSERT_TRUE(t.started());
        EXPECT_FALSE(HelperThread::ready()); // busy (or running on a thread of its own)
        release.store(true);
        t.join();
    }
    std::this_thread::sleep_for(100ms); // far longer than it stays awake
    EXPECT_FALSE(HelperThread::ready());
    int ran = 0;
    HelperThread t([&] { ran = 1; });
    t.join();
    EXPECT_EQ(ran, 1);
}

} // namespace
} // namespace dtc::diag
