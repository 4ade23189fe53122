// Throwaway databases for tests, on SQLite (a file in a fresh temporary folder) or PostgreSQL (a
// fresh schema in the database named by PEONY_TEST_PG), removed when the Db is destroyed.
//
//   class CardLedgerTest : public storage::testing::DbTest {};
//   TEST_P(CardLedgerTest, …) { db().WriteTx(…); }
//   INSTANTIATE_TEST_SUITE_P(Engines, CardLedgerTest,
//   ::testing::ValuesIn(storage::testing::TestEngines()),
//                            storage::testing::EngineName);
//
// Without PEONY_TEST_PG the PostgreSQL instances are skipped with a message.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/blocking.h"
#include "storage/db.h"

namespace peony::storage::testing {

enum class Engine { kSqlite, kPostgres };

// Both engines, always, so test names do not depend on the environment.
std::vector<Engine> TestEngines();
// "Sqlite" or "Postgres", for INSTANTIATE_TEST_SUITE_P.
std::string EngineName(const ::testing::TestParamInfo<Engine>& info);
// False for PostgreSQL when PEONY_TEST_PG is not set.
bool EngineAvailable(Engine engine);

// One throwaway database that several Db objects can open (e.g. two "processes" migrating at once).
class TestDatabase {
 public:
  // nullptr when the engine is not available; fails the current test when creation fails.
  static std::unique_ptr<TestDatabase> Create(Engine engine);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  Engine engine() const { return engine_; }
  const std::string& url() const { return url_; }
  // Opens it with `options` (whose url is replaced); nullptr and a test failure when that fails.
  std::unique_ptr<Db> Open(DbOptions options = {}) const;

 private:
  TestDatabase(Engine engine, std::string url, std::string cleanup)
      : engine_(engine), url_(std::move(url)), cleanup_(std::move(cleanup)) {}
  Engine engine_;
  std::string url_;
  std::string cleanup_;  // SQLite: the folder to remove; PostgreSQL: the schema to drop
};

// A Db on a fresh TestDatabase that removes it when destroyed; nullptr when the engine is not
// available.
std::unique_ptr<Db> MakeTestDb(Engine engine, DbOptions options = {});

// Small helpers for test bodies.
// "ok" or the error code, so that EXPECT_EQ(CodeOf(r), "db.unique_violation") names what went
// wrong.
template <class T>
std::string CodeOf(const Result<T>& r) {
  return r.ok() ? "ok" : r.error().code;
}
// Runs `sql` (with migration tokens such as {{ID}}) as a script in one write transaction.
Status ExecScript(Db& db, std::string_view sql);
// The integer in the first column of the first row of a read query; -1 (and a test failure) on
// error.
int64_t QueryInt(Db& db, std::string_view sql, const Params& params = {});

// Counts the Blocked/Unblocked calls of the threads it is installed on (common/blocking.h).
struct RecordingBlockingListener final : BlockingListener {
  std::atomic<int> blocked{0};
  std::atomic<int> unblocked{0};
  void Blocked() override { ++blocked; }
  void Unblocked() override { ++unblocked; }
  // Waits (up to 5 s) until a thread has said it is blocked; the count seen then.
  int WaitForBlocked() const;
};
// Runs `fn` on a new thread that has `listener` installed.
std::thread ThreadListenedBy(BlockingListener& listener, std::function<void()> fn);

// Base fixture: db() is a fresh database for each test; skips when the engine is not available.
class DbTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override;
  Db& db() { return *db_; }
  Dialect dialect() const { return db_->dialect(); }

  std::unique_ptr<Db> db_;
};

}  // namespace peony::storage::testing
