// Pieces of the storage layer that need no database: Rows accessors, OpenDb's url dispatch, and the
// PostgreSQL placeholder rewrite.
#include <gtest/gtest.h>

#include "storage/db.h"
#include "storage/postgres/placeholders.h"
#include "unit/storage/db_fixture.h"

namespace peony::storage::testing {
namespace {

Rows OneRow(std::vector<Value> values) {
  std::vector<std::string> names(values.size(), "c");
  return Rows(std::move(names), {std::move(values)});
}

TEST(StorageRows, AccessorsConvertBetweenTheTypesTheEnginesReturn) {
  Rows rows = OneRow(
      {Value{int64_t{42}}, Value{std::string("-7")}, Value{2.5}, Value{}, Value{Blob{"ab"}}});
  EXPECT_EQ(rows.Int(0, 0), 42);
  EXPECT_EQ(rows.Int(0, 1), -7);  // PostgreSQL text results holding integers
  EXPECT_EQ(rows.Int(0, 2), 2);
  EXPECT_EQ(rows.Int(0, 3), 0);
  EXPECT_EQ(rows.Text(0, 0), "42");
  EXPECT_EQ(rows.Text(0, 2), "2.5");
  EXPECT_EQ(rows.Text(0, 3), "");
  EXPECT_EQ(rows.Real(0, 0), 42.0);
  EXPECT_EQ(rows.Real(0, 1), -7.0);
  EXPECT_EQ(rows.OptInt(0, 0), 42);
  EXPECT_EQ(rows.OptInt(0, 3), std::nullopt);
  EXPECT_EQ(rows.OptText(0, 3), std::nullopt);
  EXPECT_EQ(rows.Bytes(0, 4), "ab");
  EXPECT_EQ(rows.Bytes(0, 1), "-7");
  EXPECT_TRUE(rows.IsNull(0, 3));
  EXPECT_FALSE(rows.IsNull(0, 0));
}

TEST(StorageParams, AcceptCommonCppTypesAndValues) {
  const std::optional<int> none;
  const std::optional<std::string> some = "x";
  Params p{1,
           int64_t{2},
           true,
           1.5,
           "lit",
           std::string("str"),
           std::string_view("sv"),
           nullptr,
           none,
           some,
           Value{int64_t{3}},
           Blob{"b"},
           Null{}};
  const auto& v = p.values();
  ASSERT_EQ(v.size(), 13u);
  EXPECT_EQ(std::get<int64_t>(v[0]), 1);
  EXPECT_EQ(std::get<int64_t>(v[2]), 1);
  EXPECT_EQ(std::get<std::string>(v[4]), "lit");
  EXPECT_TRUE(std::holds_alternative<std::monostate>(v[7]));
  EXPECT_TRUE(std::holds_alternative<std::monostate>(v[8]));
  EXPECT_EQ(std::get<std::string>(v[9]), "x");
  EXPECT_EQ(std::get<int64_t>(v[10]), 3);
  EXPECT_EQ(std::get<Blob>(v[11]).bytes, "b");
  EXPECT_TRUE(std::holds_alternative<std::monostate>(v[12]));
}

TEST(StorageOpenDb, UnknownUrlIsRefusedWithoutEchoingIt) {
  DbOptions options;
  options.url = "mysql://root:secret@db/peony";
  auto db = OpenDb(options);
  ASSERT_EQ(CodeOf(db), "db.open_failed");
  EXPECT_EQ(db.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(db.error().message_en.find("secret"), std::string::npos);
}

TEST(StorageOpenDb, SqliteNeedsAFileInAnExistingFolder) {
  DbOptions options;
  options.url = "sqlite::memory:";
  EXPECT_EQ(CodeOf(OpenDb(options)), "db.open_failed");
  options.url = "sqlite:/nonexistent-folder/peony.db";
  EXPECT_EQ(CodeOf(OpenDb(options)), "db.open_failed");
}

TEST(StorageOpenDb, UnreachablePostgresIsOpenFailed) {
  DbOptions options;
  options.url = "postgresql://peony@127.0.0.1:1/peony?connect_timeout=2";
  auto db = OpenDb(options);
  ASSERT_EQ(CodeOf(db), "db.open_failed");
  EXPECT_NE(db.error().message_en.find("127.0.0.1"), std::string::npos);
}

TEST(StoragePgPlaceholders, QuestionMarksBecomeNumberedParameters) {
  const PgSql out = RewritePlaceholders("SELECT a FROM t WHERE b = ? AND c IN (?, ?)");
  EXPECT_EQ(out.text, "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)");
  EXPECT_EQ(out.placeholder_count, 3);
}

TEST(StoragePgPlaceholders, QuotedTextAndCommentsAreLeftAlone) {
  EXPECT_EQ(RewritePlaceholders("SELECT '?', 'it''s ?', \"odd?name\", ? -- why?\n, ?").text,
            "SELECT '?', 'it''s ?', \"odd?name\", $1 -- why?\n, $2");
  EXPECT_EQ(RewritePlaceholders("SELECT /* ? */ ? ").text, "SELECT /* ? */ $1 ");
  EXPECT_EQ(RewritePlaceholders("SELECT E'\\'?', ?").text, "SELECT E'\\'?', $1");
  EXPECT_EQ(RewritePlaceholders("SELECT '\\', ?").text, "SELECT '\\', $1");
  EXPECT_EQ(RewritePlaceholders("SELECT $$ ? $$, $tag$ ? $tag$, ?").text,
            "SELECT $$ ? $$, $tag$ ? $tag$, $1");
  EXPECT_EQ(RewritePlaceholders("SELECT a$b, ?").text, "SELECT a$b, $1");
}

TEST(StoragePgPlaceholders, UnterminatedQuotesSwallowTheRest) {
  const PgSql out = RewritePlaceholders("SELECT 'open ?");
  EXPECT_EQ(out.text, "SELECT 'open ?");
  EXPECT_EQ(out.placeholder_count, 0);
}

}  // namespace
}  // namespace peony::storage::testing
