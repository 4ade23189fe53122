// The bounded worker pool: runs tasks, refuses beyond its queue, finishes the queue on shutdown.
#include "http/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <latch>

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

}  // namespace
}  // namespace peony::http
