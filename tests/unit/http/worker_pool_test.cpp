// The bounded worker pool: runs tasks, refuses beyond its queue, finishes the queue on shutdown,
// runs at most its number of tasks at once and lends the place of a blocked task to the next.
#include "http/worker_pool.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <latch>
#include <mutex>
#include <thread>

#include "common/blocking.h"

namespace peony::http {
namespace {

TEST(HttpWorkerPool, RunsPostedTasks) {
  WorkerPool pool(2, 16);
  std::atomic<int> runs{0};
  std::latch done(10);

  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(pool.TryPost([&] {
      ++runs;
      done.count_down();
    }));
  }
  done.wait();

  EXPECT_EQ(runs.load(), 10);
}

TEST(HttpWorkerPool, RefusesWhenTheQueueIsFull) {
  WorkerPool pool(1, 2);
  std::latch release(1);
  std::promise<void> busy;
  ASSERT_TRUE(pool.TryPost([&] {
    busy.set_value();
    release.wait();
  }));
  busy.get_future().wait();  // the only thread is taken; now fill the queue

  EXPECT_TRUE(pool.TryPost([] {}));
  EXPECT_TRUE(pool.TryPost([] {}));
  EXPECT_EQ(pool.depth(), 2u);
  EXPECT_FALSE(pool.TryPost([] {}));

  release.count_down();
}

TEST(HttpWorkerPool, ShutdownRunsWhatIsQueuedThenRefuses) {
  WorkerPool pool(1, 8);
  std::latch release(1);
  std::atomic<int> runs{0};
  ASSERT_TRUE(pool.TryPost([&] { release.wait(); }));
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(pool.TryPost([&] { ++runs; }));

  release.count_down();
  pool.Shutdown();

  EXPECT_EQ(runs.load(), 5);
  EXPECT_FALSE(pool.TryPost([] {}));
}

TEST(HttpWorkerPool, ATaskThatThrowsDoesNotStopTheThread) {
  WorkerPool pool(1, 4);
  std::promise<void> ran;

  ASSERT_TRUE(pool.TryPost([] { throw std::runtime_error("stray"); }));
  ASSERT_TRUE(pool.TryPost([&] { ran.set_value(); }));

  EXPECT_EQ(ran.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
}

TEST(HttpWorkerPool, ABlockedTaskLetsTheNextQueuedTaskRun) {
  // One place, one spare thread: the first task waits (in a BlockingScope) for the second, which
  // could never start if the first kept its place.
  WorkerPool pool(1, 4, 1);
  std::promise<void> second_ran;
  std::promise<bool> first_saw_it;

  ASSERT_TRUE(pool.TryPost([&] {
    const BlockingScope waiting;
    first_saw_it.set_value(second_ran.get_future().wait_for(std::chrono::seconds(10)) ==
                           std::future_status::ready);
  }));
  ASSERT_TRUE(pool.TryPost([&] { second_ran.set_value(); }));

  EXPECT_TRUE(first_saw_it.get_future().get());
}

TEST(HttpWorkerPool, SpareThreadsDoNotRunMoreTasksAtOnceThanItsPlaces) {
  WorkerPool pool(2, 64, 6);
  std::mutex mu;
  int running = 0;
  int most = 0;
  std::latch done(24);

  for (int i = 0; i < 24; ++i) {
    ASSERT_TRUE(pool.TryPost([&] {
      {
        std::lock_guard lock(mu);
        most = std::max(most, ++running);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      {
        std::lock_guard lock(mu);
        --running;
      }
      done.count_down();
    }));
  }
  done.wait();

  EXPECT_EQ(most, 2);
}

TEST(HttpWorkerPool, ShutdownWithSpareThreadsRunsEveryQueuedTask) {
  WorkerPool pool(1, 64, 4);
  std::latch release(1);
  std::atomic<int> runs{0};
  ASSERT_TRUE(pool.TryPost([&] {
    const BlockingScope waiting;  // its place goes to the queued tasks meanwhile
    release.wait();
  }));
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(pool.TryPost([&] { ++runs; }));

  release.count_down();
  pool.Shutdown();

  EXPECT_EQ(runs.load(), 20);
}

}  // namespace
}  // namespace peony::http
