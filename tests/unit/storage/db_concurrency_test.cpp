// Db under concurrent use, on both engines: writers serialise, readers see whole transactions,
// pools report exhaustion, and PostgreSQL connections come back after the server dropped them.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <latch>
#include <thread>
#include <vector>

#include "common/blocking.h"
#include "storage/db.h"
#include "storage/query/query.h"
#include "unit/storage/db_fixture.h"

namespace peony::storage::testing {
namespace {

using StorageDbConcurrencyTest = DbTest;

TEST_P(StorageDbConcurrencyTest, EightWritersIncrementingTwoHundredTimesEachCountTo1600) {
  ASSERT_EQ(CodeOf(ExecScript(db(),
                              "CREATE TABLE counter (id {{BIGINT}} PRIMARY KEY, "
                              "n {{BIGINT}} NOT NULL);"
                              "INSERT INTO counter (id, n) VALUES (1, 0)")),
            "ok");
  // Read-modify-write, the shape that loses updates without a lock: SELECT … FOR UPDATE on
  // PostgreSQL, the single writer on SQLite.
  using namespace query;
  const Statement read =
      Select("counter").Columns({"n"}).Where(Eq("id", 1)).ForUpdate().Build(dialect());
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int thread_idx = 0; thread_idx < 8; ++thread_idx) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        Status s = db().WriteTx([&](Conn& c) -> Status {
          PEONY_TRY(Rows rows, c.Query(read.sql, read.params));
          const Statement write =
              Update("counter").Set("n", rows.Int(0, 0) + 1).Where(Eq("id", 1)).Build(c.dialect());
          PEONY_TRY(int64_t changed, c.Exec(write.sql, write.params));
          return changed == 1 ? Ok() : InternalError("counter row missing");
        });
        if (!s.ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(QueryInt(db(), "SELECT n FROM counter WHERE id = 1"), 1600);
}

TEST_P(StorageDbConcurrencyTest, FailingWritesAmongConcurrentOnesLeaveNothingBehind) {
  // On SQLite concurrent writes share group commits; a write that fails after inserting must
  // leave none of its rows, and the writes batched with it must all commit.
  ASSERT_EQ(CodeOf(ExecScript(db(),
                              "CREATE TABLE marks (id {{ID}}, writer {{BIGINT}}, "
                              "n {{BIGINT}}, part {{BIGINT}})")),
            "ok");
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int thread_idx = 0; thread_idx < 8; ++thread_idx) {
    threads.emplace_back([&, thread_idx] {
      for (int i = 0; i < 50; ++i) {
        Status s = db().WriteTx([&](Conn& c) -> Status {
          for (int part = 0; part < 2; ++part) {
            PEONY_TRY(int64_t n, c.Exec("INSERT INTO marks (writer, n, part) VALUES (?, ?, ?)",
                                        {thread_idx, i, part}));
            (void)n;
          }
          if (i % 2 == 1) {
            return MakeError(ErrorKind::kConflict, "test.refused", "拒绝", "refused");
          }
          return Ok();
        });
        if (!s.ok()) {
          EXPECT_EQ(s.error().code, "test.refused");
          ++failed;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed.load(), 8 * 25);
  EXPECT_EQ(QueryInt(db(), "SELECT COUNT(*) FROM marks"), 8 * 25 * 2);
  EXPECT_EQ(QueryInt(db(), "SELECT COUNT(*) FROM marks WHERE n % 2 = 1"), 0);
}

TEST_P(StorageDbConcurrencyTest, ReadersDuringWritesSeeOnlyWholeTransactions) {
  ASSERT_EQ(CodeOf(ExecScript(db(), "CREATE TABLE pairs (id {{ID}}, half {{BIGINT}})")), "ok");
  std::atomic<bool> done{false};
  std::atomic<int> bad_reads{0};
  std::atomic<int> reads{0};
  std::thread writer([&] {
    for (int i = 0; i < 200; ++i) {
      Status s = db().WriteTx([&](Conn& c) -> Status {
        // Two rows per transaction: a reader must never see an odd count.
        PEONY_TRY(int64_t a, c.Exec("INSERT INTO pairs (half) VALUES (?)", {0}));
        PEONY_TRY(int64_t b, c.Exec("INSERT INTO pairs (half) VALUES (?)", {1}));
        return a + b == 2 ? Ok() : InternalError("insert failed");
      });
      EXPECT_EQ(CodeOf(s), "ok");
    }
    done = true;
  });
  std::vector<std::thread> readers;
  for (int reader_idx = 0; reader_idx < 3; ++reader_idx) {
    readers.emplace_back([&] {
      int64_t last = 0;
      bool more = true;
      while (more) {
        more = !done.load();  // one last read after the writer finished
        Status s = db().ReadTx([&](Conn& c) -> Status {
          PEONY_TRY(Rows first, c.Query("SELECT COUNT(*) FROM pairs"));
          PEONY_TRY(Rows second, c.Query("SELECT COUNT(*) FROM pairs"));
          const int64_t n = first.Int(0, 0);
          // Even, equal within the transaction (one snapshot), and never going back.
          if (n % 2 != 0 || second.Int(0, 0) != n || n < last) ++bad_reads;
          last = n;
          return Ok();
        });
        EXPECT_EQ(CodeOf(s), "ok");
        ++reads;
      }
      EXPECT_EQ(last, 400);
    });
  }
  writer.join();
  for (auto& r : readers) r.join();
  EXPECT_EQ(bad_reads.load(), 0);
  EXPECT_GE(reads.load(), 3);
}

TEST_P(StorageDbConcurrencyTest, AWriteWaitingForTheGroupCommitLeaderSaysItIsBlocked) {
  if (GetParam() != Engine::kSqlite) GTEST_SKIP() << "SQLite only: it has one writer";
  // A worker pool learns through the thread's BlockingListener that the write waits for another
  // thread, and lends its place meanwhile (http/worker_pool.h).
  RecordingBlockingListener listener;
  std::latch leading(1);
  std::promise<void> release;
  std::thread leader([&] {
    (void)db().WriteTx([&](Conn&) -> Status {
      leading.count_down();
      release.get_future().wait();
      return Ok();
    });
  });
  leading.wait();
  Status follower_result = Ok();
  std::thread follower = ThreadListenedBy(listener, [&] {
    follower_result = db().WriteTx([](Conn& c) -> Status {
      PEONY_TRY(auto rows, c.Query("SELECT 1"));
      (void)rows;
      return Ok();
    });
  });
  const int blocked_while_led = listener.WaitForBlocked();
  release.set_value();
  leader.join();
  follower.join();

  EXPECT_GE(blocked_while_led, 1);
  EXPECT_EQ(listener.unblocked.load(), listener.blocked.load());
  EXPECT_TRUE(follower_result.ok());
}

TEST_P(StorageDbConcurrencyTest, CommittedPagesReachTheDatabaseFileThroughTheCheckpointer) {
  if (GetParam() != Engine::kSqlite) GTEST_SKIP() << "SQLite only: the WAL";
  // Commits only note the WAL's length; a thread of the Db copies the pages into the file. Without
  // it the WAL would grow for ever and the file would stay as created.
  auto database = TestDatabase::Create(Engine::kSqlite);
  ASSERT_NE(database, nullptr);
  const std::filesystem::path file = database->url().substr(std::string("sqlite:").size());
  {
    auto db = database->Open();
    ASSERT_NE(db, nullptr);
    ASSERT_EQ(CodeOf(ExecScript(*db, "CREATE TABLE pages (id {{ID}}, t TEXT NOT NULL)")), "ok");
    const auto before = std::filesystem::file_size(file);
    // About 2,000 pages of 4 KiB in one commit, past the threshold of 1,000.
    ASSERT_EQ(CodeOf(db->WriteTx([](Conn& c) -> Status {
                for (int i = 0; i < 2000; ++i) {
                  PEONY_CHECK(c.Exec("INSERT INTO pages (t) VALUES (?)", {std::string(4000, 'x')}));
                }
                return Ok();
              })),
              "ok");
    std::uintmax_t size = before;
    for (int i = 0; i < 1000 && size < before + 7'000'000; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      size = std::filesystem::file_size(file);
    }
    EXPECT_GE(size, before + 7'000'000);
    EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM pages"), 2000);
  }  // closing stops the checkpointer
  auto reopened = database->Open();
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(QueryInt(*reopened, "SELECT COUNT(*) FROM pages"), 2000);
}

TEST_P(StorageDbConcurrencyTest, ExhaustedPoolAnswersPoolExhaustedAfterTheTimeout) {
  DbOptions options;
  options.pool_size = 1;
  options.busy_timeout_ms = 50;
  auto small = MakeTestDb(GetParam(), options);
  ASSERT_NE(small, nullptr);
  Status outer = small->ReadTx([&](Conn&) -> Status {
    Status inner;
    std::thread other([&] { inner = small->ReadTx([](Conn&) { return Ok(); }); });
    other.join();
    EXPECT_EQ(CodeOf(inner), "db.pool_exhausted");
    EXPECT_EQ(small->Stats().in_use, 1);
    return Ok();
  });
  EXPECT_EQ(CodeOf(outer), "ok");
  EXPECT_GE(small->Stats().waits, 1);
  EXPECT_EQ(CodeOf(small->ReadTx([](Conn&) { return Ok(); })), "ok");
}

TEST_P(StorageDbConcurrencyTest, ConnectionDroppedByTheServerIsReestablished) {
  if (GetParam() != Engine::kPostgres) GTEST_SKIP() << "PostgreSQL only: SQLite has no server";
  DbOptions options;
  options.pool_size = 1;
  auto small = MakeTestDb(GetParam(), options);
  ASSERT_NE(small, nullptr);
  const int64_t pid = QueryInt(*small, "SELECT pg_backend_pid()");
  ASSERT_EQ(QueryInt(db(), "SELECT CAST(pg_terminate_backend(CAST(? AS INTEGER), 5000) AS INTEGER)",
                     {pid}),
            1);
  EXPECT_EQ(QueryInt(*small, "SELECT 41 + 1"), 42);
  EXPECT_NE(QueryInt(*small, "SELECT pg_backend_pid()"), pid);
}

INSTANTIATE_TEST_SUITE_P(Engines, StorageDbConcurrencyTest, ::testing::ValuesIn(TestEngines()),
                         EngineName);

}  // namespace
}  // namespace peony::storage::testing
