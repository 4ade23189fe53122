// The query builder: the exact SQL it writes for each dialect, identifiers only from literals or
// the catalog, and keyset pagination that visits every row once, in order, on both engines.
#include "storage/query/query.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>
#include <type_traits>

#include "unit/storage/db_fixture.h"

namespace peony::storage::query {
namespace {

using storage::testing::CodeOf;

// Identifiers from literals are checked by the compiler: Ident("Bad-Name") does not compile, and
// runtime text cannot be turned into an Ident except through Trusted.
static_assert(Ident::IsValid("customers") && Ident::IsValid("_x1") && Ident::IsValid("cf_20"));
static_assert(!Ident::IsValid("") && !Ident::IsValid("Name") && !Ident::IsValid("1st") &&
              !Ident::IsValid("a-b") && !Ident::IsValid("a b") && !Ident::IsValid("x\"y") &&
              !Ident::IsValid("名字"));
static_assert(!std::is_constructible_v<Ident, const char*>);
static_assert(!std::is_constructible_v<Ident, std::string>);
static_assert(!std::is_constructible_v<Ident, std::string_view>);
static_assert(Ident("customers").name() == "customers");

std::string ParamsText(const Params& params) {
  std::string out;
  for (const Value& v : params.values()) {
    if (!out.empty()) out += ", ";
    if (auto* i = std::get_if<int64_t>(&v)) out += std::to_string(*i);
    if (auto* s = std::get_if<std::string>(&v)) out += "'" + *s + "'";
    if (std::holds_alternative<std::monostate>(v)) out += "NULL";
  }
  return out;
}

TEST(StorageQuery, TrustedIdentifiersAreStillChecked) {
  EXPECT_EQ(CodeOf(Ident::Trusted("cf_1234")), "ok");
  EXPECT_EQ(Ident::Trusted("cf_1234")->name(), "cf_1234");
  for (const char* bad : {"", "Name", "1st", "a-b", "a b", "x\"; DROP TABLE t; --", "名字"}) {
    EXPECT_EQ(CodeOf(Ident::Trusted(bad)), "db.invalid_identifier") << bad;
  }
  EXPECT_EQ(CodeOf(Ident::Trusted(std::string(63, 'a'))), "ok");
  EXPECT_EQ(CodeOf(Ident::Trusted(std::string(64, 'a'))), "db.invalid_identifier");
}

TEST(StorageQuery, SelectWritesQuotedNamesAndBindsEveryValue) {
  const Statement s = Select("customers")
                          .Columns({"id", "name"})
                          .Where(Eq("org_id", 7))
                          .Where(Or({Like("name", "王"), Ge("visits", 3)}))
                          .OrderBy("created_at", Order::kDesc)
                          .OrderBy("id")
                          .Limit(50)
                          .Build(Dialect::kSqlite);
  EXPECT_EQ(s.sql,
            "SELECT \"id\", \"name\" FROM \"customers\" WHERE \"org_id\" = ? AND "
            "(\"name\" LIKE ? ESCAPE '\\' OR \"visits\" >= ?) ORDER BY \"created_at\" DESC, \"id\" "
            "LIMIT ?");
  EXPECT_EQ(ParamsText(s.params), "7, '%王%', 3, 50");
}

TEST(StorageQuery, PostgresGetsIlikeAndForUpdateSqliteNeither) {
  auto q = Select("cards").Where(Like("code", "ab", Match::kPrefix)).ForUpdate();
  EXPECT_EQ(q.Build(Dialect::kPostgres).sql,
            "SELECT * FROM \"cards\" WHERE \"code\" ILIKE ? ESCAPE '\\' FOR UPDATE");
  EXPECT_EQ(q.Build(Dialect::kSqlite).sql,
            "SELECT * FROM \"cards\" WHERE \"code\" LIKE ? ESCAPE '\\'");
  EXPECT_EQ(ParamsText(q.Build(Dialect::kSqlite).params), "'ab%'");
}

TEST(StorageQuery, LikeEscapesWildcardsInTheSearchedText) {
  EXPECT_EQ(ParamsText(Select("t").Where(Like("c", "50%_off\\")).Build(Dialect::kSqlite).params),
            "'%50\\%\\_off\\\\%'");
  EXPECT_EQ(
      ParamsText(Select("t").Where(Like("c", "x", Match::kSuffix)).Build(Dialect::kSqlite).params),
      "'%x'");
  EXPECT_EQ(
      ParamsText(Select("t").Where(Like("c", "x", Match::kExact)).Build(Dialect::kSqlite).params),
      "'x'");
}

TEST(StorageQuery, ConditionsNestWithParenthesesOnlyWhereNeeded) {
  const Statement s = Select("t")
                          .Where(And({In("a", {Value{int64_t{1}}, Value{int64_t{2}}}), IsNull("b"),
                                      Not(Or({Eq("c", nullptr), Ne("d", nullptr)})), Lt("e", 1),
                                      Le("f", 2), Gt("g", 3), Ne("h", "x")}))
                          .Build(Dialect::kPostgres);
  EXPECT_EQ(s.sql,
            "SELECT * FROM \"t\" WHERE \"a\" IN (?, ?) AND \"b\" IS NULL AND NOT (\"c\" IS NULL OR "
            "\"d\" IS NOT NULL) AND \"e\" < ? AND \"f\" <= ? AND \"g\" > ? AND \"h\" <> ?");
  EXPECT_EQ(ParamsText(s.params), "1, 2, 1, 2, 3, 'x'");
}

TEST(StorageQuery, EmptyListsMatchNothingAndEmptyAndMatchesAll) {
  EXPECT_EQ(Select("t").Where(In("a", {})).Build(Dialect::kSqlite).sql,
            "SELECT * FROM \"t\" WHERE 1 = 0");
  EXPECT_EQ(Select("t").Where(Or({})).Build(Dialect::kSqlite).sql,
            "SELECT * FROM \"t\" WHERE 1 = 0");
  EXPECT_EQ(Select("t").Where(And({})).Count().Build(Dialect::kSqlite).sql,
            "SELECT COUNT(*) FROM \"t\" WHERE 1 = 1");
}

TEST(StorageQuery, InsertUpdateAndDeleteAreWrittenTheSameForBothDialects) {
  for (Dialect d : {Dialect::kSqlite, Dialect::kPostgres}) {
    const Statement ins = Insert("order")
                              .Set("org_id", 1)
                              .Set("note", "hi")
                              .Set("paid", true)
                              .Returning("id")
                              .Build(d);
    EXPECT_EQ(
        ins.sql,
        "INSERT INTO \"order\" (\"org_id\", \"note\", \"paid\") VALUES (?, ?, ?) RETURNING \"id\"");
    EXPECT_EQ(ParamsText(ins.params), "1, 'hi', 1");
    EXPECT_EQ(Insert("t").Build(d).sql, "INSERT INTO \"t\" DEFAULT VALUES");

    const Statement upd = Update("cards")
                              .Set("remaining", 4)
                              .Increment("version", 1)
                              .Where(And({Eq("id", 9), Eq("version", 3)}))
                              .Returning("version")
                              .Build(d);
    EXPECT_EQ(
        upd.sql,
        "UPDATE \"cards\" SET \"remaining\" = ?, \"version\" = \"version\" + ? WHERE \"id\" = ? "
        "AND \"version\" = ? RETURNING \"version\"");
    EXPECT_EQ(ParamsText(upd.params), "4, 1, 9, 3");

    const Statement del = Delete("sessions").Where(Lt("expires_at", 100)).Build(d);
    EXPECT_EQ(del.sql, "DELETE FROM \"sessions\" WHERE \"expires_at\" < ?");
    EXPECT_EQ(ParamsText(del.params), "100");
  }
}

TEST(StorageQuery, AfterFollowsEachSortKeysDirection) {
  const Cond asc = After({"a", "b"}, {Value{int64_t{1}}, Value{int64_t{2}}});
  EXPECT_EQ(Select("t").Where(asc).Build(Dialect::kSqlite).sql,
            "SELECT * FROM \"t\" WHERE \"a\" > ? OR (\"a\" = ? AND \"b\" > ?)");
  const Cond mixed = After({{"a", Order::kDesc}, {"b"}, {"c", Order::kDesc}},
                           {Value{int64_t{1}}, Value{int64_t{2}}, Value{int64_t{3}}});
  const Statement s = Select("t").Where(Eq("org", 5)).Where(mixed).Build(Dialect::kSqlite);
  EXPECT_EQ(s.sql,
            "SELECT * FROM \"t\" WHERE \"org\" = ? AND (\"a\" < ? OR (\"a\" = ? AND \"b\" > ?) OR "
            "(\"a\" = ? AND \"b\" = ? AND \"c\" < ?))");
  EXPECT_EQ(ParamsText(s.params), "5, 1, 1, 2, 1, 2, 3");
  EXPECT_EQ(Select("t").Where(After({"a"}, {})).Build(Dialect::kSqlite).sql,
            "SELECT * FROM \"t\" WHERE 1 = 0");
}

using StorageQueryDbTest = storage::testing::DbTest;

TEST_P(StorageQueryDbTest, KeysetPagesVisitEveryRowOnceInOrder) {
  ASSERT_EQ(CodeOf(storage::testing::ExecScript(
                db(), "CREATE TABLE items (id {{ID}}, rank {{BIGINT}} NOT NULL, name {{TEXT}})")),
            "ok");
  std::vector<std::tuple<int64_t, int64_t>> expected;  // (rank, id)
  ASSERT_EQ(CodeOf(db().WriteTx([&](Conn& c) -> Status {
              for (int i = 0; i < 23; ++i) {
                const Statement s = Insert("items")
                                        .Set("rank", (i * 7) % 5)
                                        .Set("name", "n")
                                        .Returning("id")
                                        .Build(c.dialect());
                PEONY_TRY(Rows rows, c.Query(s.sql, s.params));
                expected.emplace_back((i * 7) % 5, rows.Int(0, 0));
              }
              return Ok();
            })),
            "ok");
  for (Order order : {Order::kAsc, Order::kDesc}) {
    const std::vector<SortKey> keys = {{"rank", order}, {"id", order}};
    std::vector<std::tuple<int64_t, int64_t>> seen;
    std::optional<std::vector<Value>> cursor;
    for (int page = 0; page < 20; ++page) {
      Select q = Select("items").Columns({"rank", "id"}).OrderBy(keys).Limit(4);
      if (cursor) q.Where(After(keys, *cursor));
      const Statement s = q.Build(dialect());
      auto rows = db().Read([&](Conn& c) { return c.Query(s.sql, s.params); });
      ASSERT_EQ(CodeOf(rows), "ok");
      if (rows->empty()) break;
      for (size_t r = 0; r < rows->size(); ++r) seen.emplace_back(rows->Int(r, 0), rows->Int(r, 1));
      const size_t last = rows->size() - 1;
      cursor = std::vector<Value>{Value{rows->Int(last, 0)}, Value{rows->Int(last, 1)}};
    }
    auto want = expected;
    std::sort(want.begin(), want.end());
    if (order == Order::kDesc) std::reverse(want.begin(), want.end());
    EXPECT_EQ(seen, want);
  }
}

TEST_P(StorageQueryDbTest, LikeMatchesWildcardsLiterallyOnBothEngines) {
  ASSERT_EQ(CodeOf(storage::testing::ExecScript(db(), "CREATE TABLE t (id {{ID}}, c {{TEXT}})")),
            "ok");
  ASSERT_EQ(CodeOf(db().WriteTx([](Conn& c) -> Status {
              for (const char* v : {"100% Pure", "1000 pure", "a_b", "axb", "王丽华", "c:\\x"}) {
                const Statement s = Insert("t").Set("c", v).Build(c.dialect());
                PEONY_TRY(int64_t n, c.Exec(s.sql, s.params));
                if (n != 1) return InternalError("insert");
              }
              return Ok();
            })),
            "ok");
  auto count = [&](Cond cond) {
    const Statement s = Select("t").Count().Where(std::move(cond)).Build(dialect());
    return storage::testing::QueryInt(db(), s.sql, s.params);
  };
  EXPECT_EQ(count(Like("c", "100%")), 1);
  EXPECT_EQ(count(Like("c", "PURE")), 2);  // ASCII case is ignored on both engines
  EXPECT_EQ(count(Like("c", "a_b")), 1);
  EXPECT_EQ(count(Like("c", "丽")), 1);
  EXPECT_EQ(count(Like("c", ":\\")), 1);
  EXPECT_EQ(count(Like("c", "王", Match::kPrefix)), 1);
  EXPECT_EQ(count(Like("c", "丽", Match::kPrefix)), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, StorageQueryDbTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::storage::query
