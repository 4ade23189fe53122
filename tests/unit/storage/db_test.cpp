// The Db contract on both engines: values round-trip unchanged, errors carry stable codes, and a
// transaction is all or nothing.
#include "storage/db.h"

#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>
#include <string>

#include "storage/migrations/migrations.h"
#include "unit/storage/db_fixture.h"

namespace peony::storage::testing {
namespace {

class StorageDbTest : public DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_EQ(CodeOf(ExecScript(db(),
                                "CREATE TABLE vals (id {{ID}}, i {{BIGINT}}, r {{REAL}}, "
                                "t {{TEXT}}, b {{BLOB}}, n {{TEXT}})")),
              "ok");
  }

  // Inserts one row of `vals` and returns its id.
  int64_t InsertVals(const Params& params) {
    auto id = db().Write([&](Conn& c) -> Result<int64_t> {
      PEONY_TRY(Rows rows, c.Query("INSERT INTO vals (i, r, t, b, n) VALUES (?, ?, ?, ?, ?) "
                                   "RETURNING id",
                                   params));
      return rows.Int(0, 0);
    });
    EXPECT_EQ(CodeOf(id), "ok");
    return id.ok() ? *id : -1;
  }

  Rows SelectVals(int64_t id) {
    auto rows = db().Read(
        [&](Conn& c) { return c.Query("SELECT i, r, t, b, n FROM vals WHERE id = ?", {id}); });
    EXPECT_EQ(CodeOf(rows), "ok");
    return rows.ok() ? *rows : Rows();
  }

  std::string TextOf(int64_t id) { return SelectVals(id).Text(0, 2); }

  int64_t CountVals() { return QueryInt(db(), "SELECT COUNT(*) FROM vals"); }
};

TEST_P(StorageDbTest, EveryValueTypeRoundTripsIncludingNull) {
  const std::string bytes("\0\x01\x7f\x80\xff", 5);
  const int64_t id =
      InsertVals({std::numeric_limits<int64_t>::max(), -2.5, "text", Blob{bytes}, nullptr});
  Rows rows = SelectVals(id);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows.columns(), (std::vector<std::string>{"i", "r", "t", "b", "n"}));
  EXPECT_EQ(std::get<int64_t>(rows.At(0, 0)), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(std::get<double>(rows.At(0, 1)), -2.5);
  EXPECT_EQ(std::get<std::string>(rows.At(0, 2)), "text");
  EXPECT_EQ(std::get<Blob>(rows.At(0, 3)).bytes, bytes);
  EXPECT_TRUE(rows.IsNull(0, 4));
  EXPECT_EQ(rows.OptText(0, 4), std::nullopt);
}

// Releasing memory drops only cached pages: what was written before is read back, and writes go on.
TEST_P(StorageDbTest, ReleasingMemoryKeepsEveryCommittedRow) {
  for (int i = 0; i < 200; ++i) InsertVals({i, 0.5, std::string(300, 'x'), Blob{}, nullptr});
  ReleaseMemory(db());
  EXPECT_EQ(CountVals(), 200);
  const int64_t id = InsertVals({7, 1.5, "after", Blob{}, nullptr});
  EXPECT_EQ(TextOf(id), "after");
  EXPECT_EQ(QueryInt(db(), "SELECT SUM(i) FROM vals"), 199 * 200 / 2 + 7);
}

// After a bulk load the planner knows the table's rows at once (PostgreSQL: pg_class.reltuples, -1
// until the table is first analysed); on SQLite it is a no-op that leaves the rows as they are.
TEST_P(StorageDbTest, RefreshingStatisticsTellsThePlannerTheRowCount) {
  for (int i = 0; i < 20; ++i) InsertVals({i, 0.5, "row", Blob{}, nullptr});
  RefreshStatistics(db(), "vals");
  EXPECT_EQ(CountVals(), 20);
  if (GetParam() == Engine::kPostgres) {
    EXPECT_EQ(QueryInt(db(), "SELECT reltuples::bigint FROM pg_class WHERE oid = 'vals'::regclass"),
              20);
  }
  RefreshStatistics(db(), "no_such_table");  // logged, not thrown or returned
  EXPECT_GT(InsertVals({21, 0.5, "after", Blob{}, nullptr}), 0);
}

TEST_P(StorageDbTest, SmallestIntegerEmptyTextAndEmptyBlobAreNotNull) {
  const int64_t id = InsertVals({std::numeric_limits<int64_t>::min(), 0.0, "", Blob{}, true});
  Rows rows = SelectVals(id);
  EXPECT_EQ(rows.Int(0, 0), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(std::get<std::string>(rows.At(0, 2)), "");
  EXPECT_EQ(std::get<Blob>(rows.At(0, 3)).bytes, "");
  EXPECT_EQ(rows.Text(0, 4), "1");  // a bool is stored as 1
}

TEST_P(StorageDbTest, ChineseTextIsStoredAndMatchedVerbatim) {
  const std::string text = "王丽华 · 玻尿酸填充 😀";
  const int64_t id = InsertVals({1, 1.0, text, Blob{}, nullptr});
  EXPECT_EQ(TextOf(id), text);
  EXPECT_EQ(QueryInt(db(), "SELECT COUNT(*) FROM vals WHERE t = ?", {text}), 1);
}

TEST_P(StorageDbTest, TenThousandByteTextAndBlobRoundTrip) {
  std::string text;
  std::string bytes;
  for (int i = 0; i < 10'000; ++i) {
    text += static_cast<char>('a' + i % 26);
    bytes += static_cast<char>(i % 256);
  }
  const int64_t id = InsertVals({1, 1.0, text, Blob{bytes}, nullptr});
  Rows rows = SelectVals(id);
  EXPECT_EQ(rows.Text(0, 2), text);
  EXPECT_EQ(rows.Bytes(0, 3), bytes);
}

TEST_P(StorageDbTest, SqlMetacharactersInValuesAreStoredVerbatim) {
  const std::vector<std::string> nasty = {"'; DROP TABLE vals; --",
                                          "\"quoted\"",
                                          "?",
                                          "$1",
                                          "back\\slash",
                                          "100% _done_",
                                          "/* c */ -- d"};
  for (const auto& value : nasty) {
    const int64_t id = InsertVals({1, 1.0, value, Blob{value}, value});
    EXPECT_EQ(TextOf(id), value);
  }
  EXPECT_EQ(CountVals(), static_cast<int64_t>(nasty.size()));
}

TEST_P(StorageDbTest, QuestionMarksInsideLiteralsAreNotPlaceholders) {
  auto rows = db().Read([](Conn& c) { return c.Query("SELECT '?' AS q, ? AS p", {"x"}); });
  ASSERT_EQ(CodeOf(rows), "ok");
  EXPECT_EQ(rows->Text(0, 0), "?");
  EXPECT_EQ(rows->Text(0, 1), "x");
}

TEST_P(StorageDbTest, WrongNumberOfParametersIsAnErrorNotAGuess) {
  auto rows = db().Read([](Conn& c) { return c.Query("SELECT ? AS a, ? AS b", {1}); });
  EXPECT_EQ(CodeOf(rows), "db.error");
}

TEST_P(StorageDbTest, UniqueViolationIsAConflictNamingTheConstraint) {
  ASSERT_EQ(CodeOf(ExecScript(db(), "CREATE TABLE people (id {{ID}}, email {{TEXT}} UNIQUE)")),
            "ok");
  auto insert = [&] {
    return db().WriteTx([](Conn& c) -> Status {
      PEONY_TRY(int64_t n, c.Exec("INSERT INTO people (email) VALUES (?)", {"a@example.com"}));
      return n == 1 ? Ok() : InternalError("no row");
    });
  };
  ASSERT_EQ(CodeOf(insert()), "ok");
  Status again = insert();
  ASSERT_EQ(CodeOf(again), "db.unique_violation");
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);
  // SQLite names the columns ("people.email"), PostgreSQL the constraint ("people_email_key").
  EXPECT_NE(again.error().details.at("constraint").as_string().find("email"), std::string::npos);
  EXPECT_EQ(QueryInt(db(), "SELECT COUNT(*) FROM people"), 1);
}

TEST_P(StorageDbTest, ErrorFromTheCallbackRollsBackEverythingAndIsPassedOn) {
  Status s = db().WriteTx([](Conn& c) -> Status {
    PEONY_TRY(int64_t a, c.Exec("INSERT INTO vals (i) VALUES (?)", {1}));
    PEONY_TRY(int64_t b, c.Exec("INSERT INTO vals (i) VALUES (?)", {2}));
    EXPECT_EQ(a + b, 2);
    return MakeError(ErrorKind::kConflict, "test.stop", "停止", "stop");
  });
  EXPECT_EQ(CodeOf(s), "test.stop");
  EXPECT_EQ(CountVals(), 0);
}

TEST_P(StorageDbTest, FailedStatementRollsBackTheWritesBeforeIt) {
  Status s = db().WriteTx([](Conn& c) -> Status {
    PEONY_TRY(int64_t n, c.Exec("INSERT INTO vals (i) VALUES (?)", {1}));
    EXPECT_EQ(n, 1);
    PEONY_TRY(int64_t m, c.Exec("INSERT INTO no_such_table (i) VALUES (?)", {2}));
    EXPECT_EQ(m, 1);
    return Ok();
  });
  EXPECT_EQ(CodeOf(s), "db.error");
  EXPECT_EQ(CountVals(), 0);
}

TEST_P(StorageDbTest, ThrowingCallbackRollsBackAndTheExceptionGoesOn) {
  EXPECT_THROW((void)db().WriteTx([](Conn& c) -> Status {
    auto n = c.Exec("INSERT INTO vals (i) VALUES (?)", {1});
    EXPECT_EQ(CodeOf(n), "ok");
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_EQ(CountVals(), 0);
  // The writer was released: the next transaction goes through.
  InsertVals({1, 1.0, "after", Blob{}, nullptr});
  EXPECT_EQ(CountVals(), 1);
}

TEST_P(StorageDbTest, ReadTransactionsRefuseWrites) {
  Status s = db().ReadTx([](Conn& c) -> Status {
    PEONY_TRY(int64_t n, c.Exec("INSERT INTO vals (i) VALUES (?)", {1}));
    EXPECT_EQ(n, 0);
    return Ok();
  });
  EXPECT_EQ(CodeOf(s), "db.error");
  EXPECT_EQ(CountVals(), 0);
}

TEST_P(StorageDbTest, NestedWriteOnTheSameThreadIsRefusedInsteadOfDeadlocking) {
  Status outer = db().WriteTx([&](Conn& c) -> Status {
    Status inner = db().WriteTx([](Conn&) { return Ok(); });
    EXPECT_EQ(CodeOf(inner), "internal");
    // Reading from inside a write is fine (it sees the last commit).
    EXPECT_EQ(CodeOf(db().ReadTx([](Conn&) { return Ok(); })), "ok");
    auto n = c.Exec("INSERT INTO vals (i) VALUES (?)", {1});
    return n.ok() ? Ok() : Status(std::move(n).error());
  });
  EXPECT_EQ(CodeOf(outer), "ok");
  EXPECT_EQ(CountVals(), 1);
}

TEST_P(StorageDbTest, ExecCountsTheRowsItChanged) {
  for (int i = 1; i <= 3; ++i) InsertVals({i, 0.5, "x", Blob{}, nullptr});
  auto updated = db().Write([](Conn& c) {
    return c.Exec("UPDATE vals SET t = ? WHERE i > ?", {"y", 1});
  });
  EXPECT_EQ(updated.ok() ? *updated : -1, 2);
  auto deleted = db().Write([](Conn& c) { return c.Exec("DELETE FROM vals"); });
  EXPECT_EQ(deleted.ok() ? *deleted : -1, 3);
}

TEST_P(StorageDbTest, ScriptsRunSeveralStatementsButQueryRefusesThem) {
  EXPECT_EQ(
      CodeOf(ExecScript(db(), "INSERT INTO vals (i) VALUES (1); INSERT INTO vals (i) VALUES (2);")),
      "ok");
  EXPECT_EQ(CountVals(), 2);
  auto two = db().Write([](Conn& c) {
    return c.Exec("INSERT INTO vals (i) VALUES (3); INSERT INTO vals (i) VALUES (4)");
  });
  EXPECT_EQ(CodeOf(two), "db.error");
  EXPECT_EQ(CountVals(), 2);
}

TEST_P(StorageDbTest, RepeatedStatementsBeyondTheCacheBoundStayCorrect) {
  // 300 distinct statements, more than each connection caches, then the first ones again.
  for (int round = 0; round < 2; ++round) {
    for (int n = 0; n < 300; n += round + 1) {
      const std::string sql = "SELECT CAST(? AS BIGINT) + " + std::to_string(n);
      EXPECT_EQ(QueryInt(db(), sql, {int64_t{1000}}), 1000 + n) << sql;
    }
  }
}

TEST_P(StorageDbTest, StatementsSeeATableThatChangedShape) {
  InsertVals({1, 1.0, "x", Blob{}, nullptr});
  auto columns = [&] {
    auto rows = db().Read([](Conn& c) { return c.Query("SELECT * FROM vals"); });
    return rows.ok() ? rows->columns().size() : 0;
  };
  EXPECT_EQ(columns(), 6u);
  ASSERT_EQ(CodeOf(ExecScript(db(), "ALTER TABLE vals ADD COLUMN extra {{TEXT}}")), "ok");
  EXPECT_EQ(columns(), 7u);
}

TEST_P(StorageDbTest, TypedHelpersReturnTheCallbacksValue) {
  auto id = db().Write([](Conn& c) -> Result<int64_t> {
    PEONY_TRY(Rows rows, c.Query("INSERT INTO vals (i) VALUES (?) RETURNING id", {7}));
    return rows.Int(0, 0);
  });
  ASSERT_EQ(CodeOf(id), "ok");
  auto i = db().Read([&](Conn& c) -> Result<int64_t> {
    PEONY_TRY(Rows rows, c.Query("SELECT i FROM vals WHERE id = ?", {*id}));
    return rows.Int(0, 0);
  });
  EXPECT_EQ(i.ok() ? *i : -1, 7);
}

TEST_P(StorageDbTest, AggregatesOfIntegersAreIntegersOnBothEngines) {
  for (int i = 1; i <= 3; ++i) InsertVals({i * 100, 0.25, "x", Blob{}, nullptr});
  auto rows = db().Read(
      [](Conn& c) { return c.Query("SELECT SUM(i), COUNT(*), SUM(r), AVG(i) FROM vals"); });
  ASSERT_EQ(CodeOf(rows), "ok");
  EXPECT_EQ(std::get<int64_t>(rows->At(0, 0)), 600);
  EXPECT_EQ(std::get<int64_t>(rows->At(0, 1)), 3);
  EXPECT_EQ(rows->Real(0, 2), 0.75);
  EXPECT_EQ(rows->Real(0, 3), 200.0);
}

TEST_P(StorageDbTest, PingAnswersAndStatsDescribeThePool) {
  EXPECT_EQ(CodeOf(db().Ping()), "ok");
  const PoolStats stats = db().Stats();
  EXPECT_GE(stats.size, 1);
  EXPECT_EQ(stats.in_use, 0);
  EXPECT_EQ(db().EngineName(), GetParam() == Engine::kSqlite ? "sqlite" : "postgres");
}

INSTANTIATE_TEST_SUITE_P(Engines, StorageDbTest, ::testing::ValuesIn(TestEngines()), EngineName);

}  // namespace
}  // namespace peony::storage::testing
