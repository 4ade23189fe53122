// GroupCommit on both engines: every write of many threads commits exactly once, a failing write
// fails alone while the writes batched with it commit, and a caller waiting for the leader tells
// its thread's BlockingListener.
#include "storage/group_commit.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <latch>
#include <thread>
#include <vector>

#include "unit/storage/db_fixture.h"

namespace peony::storage::testing {
namespace {

using StorageGroupCommitTest = DbTest;

// Inserts each number of the batch; a repeated number violates the unique constraint.
Status InsertEach(Conn& c, std::span<const int64_t> batch) {
  for (int64_t n : batch) {
    auto r = c.Exec("INSERT INTO notes (n) VALUES (?)", {n});
    if (!r.ok()) return MakeError(ErrorKind::kConflict, "test.duplicate", "重复", "duplicate");
  }
  return Ok();
}

TEST_P(StorageGroupCommitTest, EightThreadsOfFiftyWritesCommitFourHundredRows) {
  ASSERT_EQ(CodeOf(ExecScript(db(), "CREATE TABLE notes (id {{ID}}, n {{BIGINT}} UNIQUE)")), "ok");
  GroupCommit<int64_t> group(db(), InsertEach, 16);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int thread_idx = 0; thread_idx < 8; ++thread_idx) {
    threads.emplace_back([&, thread_idx] {
      for (int i = 0; i < 50; ++i) {
        const int64_t n = thread_idx * 1000 + i;
        Status s = group.Run(n);
        if (!s.ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(QueryInt(db(), "SELECT COUNT(*) FROM notes"), 400);
  EXPECT_EQ(QueryInt(db(), "SELECT COUNT(DISTINCT n) FROM notes"), 400);
}

TEST_P(StorageGroupCommitTest, AFailingWriteFailsAloneAndTheOthersCommit) {
  ASSERT_EQ(CodeOf(ExecScript(db(), "CREATE TABLE notes (id {{ID}}, n {{BIGINT}} UNIQUE)")), "ok");
  GroupCommit<int64_t> group(db(), InsertEach, 64);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int thread_idx = 0; thread_idx < 6; ++thread_idx) {
    threads.emplace_back([&, thread_idx] {
      for (int i = 0; i < 30; ++i) {
        // Thread 0 writes the same value every time: all but its first write are duplicates.
        const int64_t n = thread_idx == 0 ? 7 : thread_idx * 1000 + i;
        Status s = group.Run(n);
        if (!s.ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 29);
  EXPECT_EQ(QueryInt(db(), "SELECT COUNT(*) FROM notes"), 5 * 30 + 1);
}

TEST_P(StorageGroupCommitTest, ACallerWaitingForTheLeaderSaysItIsBlocked) {
  ASSERT_EQ(CodeOf(ExecScript(db(), "CREATE TABLE notes (id {{ID}}, n {{BIGINT}} UNIQUE)")), "ok");
  std::latch leading(1);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  // The batch with 1 waits until released; any later batch writes at once.
  GroupCommit<int64_t> group(db(), [&](Conn& c, std::span<const int64_t> batch) -> Status {
    if (batch.front() == 1) {
      leading.count_down();
      released.wait();
    }
    return InsertEach(c, batch);
  });
  RecordingBlockingListener listener;
  Status leader_result = Ok();
  Status follower_result = Ok();
  std::thread leader([&] { leader_result = group.Run(1); });
  leading.wait();
  std::thread follower = ThreadListenedBy(listener, [&] { follower_result = group.Run(2); });
  const int blocked_while_led = listener.WaitForBlocked();
  release.set_value();
  leader.join();
  follower.join();

  EXPECT_GE(blocked_while_led, 1);
  EXPECT_EQ(listener.unblocked.load(), listener.blocked.load());
  EXPECT_EQ(CodeOf(leader_result), "ok");
  EXPECT_EQ(CodeOf(follower_result), "ok");
  EXPECT_EQ(QueryInt(db(), "SELECT COUNT(*) FROM notes"), 2);
}

INSTANTIATE_TEST_SUITE_P(Engines, StorageGroupCommitTest, ::testing::ValuesIn(TestEngines()),
                         EngineName);

}  // namespace
}  // namespace peony::storage::testing
