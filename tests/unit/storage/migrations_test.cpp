// Migrations on both engines: applied once, in order, each all or nothing; a database migrated by a
// newer binary is refused; two processes migrating at once apply each migration exactly once.
#include "storage/migrations/migrations.h"

#include <gtest/gtest.h>

#include <thread>

#include "unit/storage/db_fixture.h"

namespace peony::storage::testing {
namespace {

const Migration kNotes{1, "notes", "CREATE TABLE notes (id {{ID}}, body {{TEXT}} NOT NULL)"};
const Migration kSeed{2, "seed note", "INSERT INTO notes (body) VALUES ('first')"};
const Migration kTags{3, "tags",
                      "CREATE TABLE tags (id {{ID}}, note_id {{BIGINT}} NOT NULL, "
                      "weight {{REAL}}, raw {{BLOB}}, pinned {{BOOL}} NOT NULL DEFAULT 0)"};

using StorageMigrationsTest = DbTest;

int64_t Notes(Db& db) { return QueryInt(db, "SELECT COUNT(*) FROM notes"); }

TEST_P(StorageMigrationsTest, FreshDatabaseIsAtVersionZero) {
  auto version = SchemaVersion(db());
  ASSERT_EQ(CodeOf(version), "ok");
  EXPECT_EQ(*version, 0);
}

TEST_P(StorageMigrationsTest, AppliesInOrderAndRecordsEachMigration) {
  ASSERT_EQ(CodeOf(Migrate(db(), {kNotes, kSeed, kTags})), "ok");
  EXPECT_EQ(*SchemaVersion(db()), 3);
  auto rows = db().Read([](Conn& c) {
    return c.Query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
  });
  ASSERT_EQ(CodeOf(rows), "ok");
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ(rows->Int(0, 0), 1);
  EXPECT_EQ(rows->Text(0, 1), "notes");
  EXPECT_EQ(rows->Text(2, 1), "tags");
  EXPECT_GT(rows->Int(2, 2), 1'600'000'000'000);  // UTC milliseconds
  EXPECT_EQ(Notes(db()), 1);
  EXPECT_EQ(QueryInt(db(), "SELECT COUNT(*) FROM tags"), 0);
}

TEST_P(StorageMigrationsTest, RunningAgainChangesNothing) {
  ASSERT_EQ(CodeOf(Migrate(db(), {kNotes, kSeed})), "ok");
  ASSERT_EQ(CodeOf(Migrate(db(), {kNotes, kSeed})), "ok");
  EXPECT_EQ(Notes(db()), 1);
  EXPECT_EQ(QueryInt(db(), "SELECT COUNT(*) FROM schema_migrations"), 2);
}

TEST_P(StorageMigrationsTest, ANewerBinaryAppliesOnlyWhatIsNew) {
  ASSERT_EQ(CodeOf(Migrate(db(), {kNotes, kSeed})), "ok");
  ASSERT_EQ(CodeOf(Migrate(db(), {kNotes, kSeed, kTags})), "ok");
  EXPECT_EQ(*SchemaVersion(db()), 3);
  EXPECT_EQ(Notes(db()), 1);
}

TEST_P(StorageMigrationsTest, DatabaseNewerThanTheBinaryIsRefused) {
  ASSERT_EQ(CodeOf(Migrate(db(), {kNotes, kSeed})), "ok");
  Status s = Migrate(db(), {kNotes});
  ASSERT_EQ(CodeOf(s), "db.schema_too_new");
  EXPECT_EQ(s.error().kind, ErrorKind::kFailedPrecondition);
  EXPECT_EQ(s.error().details.at("database").as_int64(), 2);
  EXPECT_EQ(s.error().details.at("binary").as_int64(), 1);
  EXPECT_EQ(*SchemaVersion(db()), 2);
}

TEST_P(StorageMigrationsTest, FailingMigrationIsRolledBackWholeAndReported) {
  const Migration broken{2, "broken",
                         "CREATE TABLE half (id {{ID}}); INSERT INTO no_such_table VALUES (1)"};
  Status s = Migrate(db(), {kNotes, broken, kTags});
  ASSERT_EQ(CodeOf(s), "db.migration_failed");
  EXPECT_EQ(s.error().details.at("version").as_int64(), 2);
  EXPECT_EQ(*SchemaVersion(db()), 1);
  auto half = db().Read([](Conn& c) { return c.Query("SELECT COUNT(*) FROM half"); });
  EXPECT_EQ(CodeOf(half), "db.error");  // the table of the failed migration does not exist
}

TEST_P(StorageMigrationsTest, RepeatedOrNonPositiveVersionsAreAProgrammingError) {
  EXPECT_EQ(CodeOf(Migrate(db(), {kNotes, kNotes})), "internal");
  EXPECT_EQ(CodeOf(Migrate(db(), {Migration{0, "zero", "SELECT 1"}, kNotes})), "internal");
  EXPECT_EQ(*SchemaVersion(db()), 0);
}

TEST_P(StorageMigrationsTest, MigrationsApplyInVersionOrderWhateverTheOrderGiven) {
  // The seed (2) inserts into the table of 1: given first, it must still run second.
  ASSERT_EQ(CodeOf(Migrate(db(), {kTags, kSeed, kNotes})), "ok");
  EXPECT_EQ(*SchemaVersion(db()), 3);
  auto rows = db().Read([](Conn& c) { return c.Query("SELECT COUNT(*) FROM notes"); });
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->Int(0, 0), 1);
}

TEST_P(StorageMigrationsTest, ADialectMayGiveItsOwnText) {
  Migration m{1, "per dialect", "CREATE TABLE only_sqlite (id {{ID}})"};
  m.postgres_sql = "CREATE TABLE only_postgres (id {{ID}})";
  ASSERT_EQ(CodeOf(Migrate(db(), {m})), "ok");
  const bool pg = db().dialect() == Dialect::kPostgres;
  auto mine = db().Read([&](Conn& c) {
    return c.Query(pg ? "SELECT COUNT(*) FROM only_postgres" : "SELECT COUNT(*) FROM only_sqlite");
  });
  auto other = db().Read([&](Conn& c) {
    return c.Query(pg ? "SELECT COUNT(*) FROM only_sqlite" : "SELECT COUNT(*) FROM only_postgres");
  });
  EXPECT_TRUE(mine.ok());
  EXPECT_FALSE(other.ok());
}

TEST_P(StorageMigrationsTest, ConcurrentMigrationsApplyEachOnce) {
  auto database = TestDatabase::Create(GetParam());
  ASSERT_NE(database, nullptr);
  // Four "processes" starting at once, each with its own connections.
  std::vector<std::unique_ptr<Db>> dbs;
  for (int i = 0; i < 4; ++i) {
    dbs.push_back(database->Open());
    ASSERT_NE(dbs.back(), nullptr);
  }
  std::vector<Status> results(dbs.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < dbs.size(); ++i) {
    threads.emplace_back([&, i] { results[i] = Migrate(*dbs[i], {kNotes, kSeed, kTags}); });
  }
  for (auto& t : threads) t.join();
  for (const auto& r : results) EXPECT_EQ(CodeOf(r), "ok");
  EXPECT_EQ(Notes(*dbs[0]), 1);
  EXPECT_EQ(QueryInt(*dbs[0], "SELECT COUNT(*) FROM schema_migrations"), 3);
}

TEST(StorageDialectSql, ReplacesEveryTokenForEachEngine) {
  const std::string sql =
      "CREATE TABLE t (id {{ID}}, n {{BIGINT}}, s {{TEXT}}, b {{BLOB}}, "
      "r {{REAL}}, f {{BOOL}}, x {{UNKNOWN}})";
  EXPECT_EQ(DialectSql(Dialect::kSqlite, sql),
            "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, n INTEGER, s TEXT, b BLOB, "
            "r REAL, f INTEGER, x {{UNKNOWN}})");
  EXPECT_EQ(DialectSql(Dialect::kPostgres, sql),
            "CREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, n BIGINT, "
            "s TEXT, b BYTEA, r DOUBLE PRECISION, f SMALLINT, x {{UNKNOWN}})");
}

INSTANTIATE_TEST_SUITE_P(Engines, StorageMigrationsTest, ::testing::ValuesIn(TestEngines()),
                         EngineName);

}  // namespace
}  // namespace peony::storage::testing
