// Options any field may carry whatever its type: checked when defined, and "indexed" and
// "searchable" take effect on the table and on the quick search.
#include "platform/schema/catalog.h"
#include "unit/platform/records/records_fixture.h"

namespace peony::records::testing {
namespace {

using CommonOptionsTest = RecordsTest;

constexpr const char* kEntity = R"({"name":"memo","label":"备忘","fields":[
  {"name":"title","label":"标题","type":"text"},
  {"name":"code","label":"编码","type":"text","options":{"searchable":false}},
  {"name":"score","label":"分数","type":"integer"}]})";

int64_t IndexCount(storage::Db& db, storage::testing::Engine engine, const std::string& name) {
  return storage::testing::QueryInt(
      db,
      engine == storage::testing::Engine::kSqlite
          ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = ?"
          : "SELECT COUNT(*) FROM pg_indexes WHERE indexname = ?",
      {name});
}

TEST_P(CommonOptionsTest, BadCommonOptionsAreRefusedByName) {
  Define(kEntity);
  auto refused = [&](std::string_view options) {
    schema::FieldSpec s;
    s.name = "extra";
    s.label = "附加";
    s.type = "text";
    s.options = Obj(options);
    auto r = catalog_->AddField("memo", s, {});
    if (r.ok()) return std::string("ok");
    const auto* option = r.error().details.as_object().if_contains("option");
    return r.error().code + ":" + (option ? std::string(option->as_string()) : "?");
  };
  EXPECT_EQ(refused(R"({"indexed":"yes"})"), "schema.invalid_options:indexed");
  EXPECT_EQ(refused(R"({"searchable":1})"), "schema.invalid_options:searchable");
  EXPECT_EQ(refused(R"({"help":42})"), "schema.invalid_options:help");
  EXPECT_EQ(refused(R"({"width":"wide"})"), "schema.invalid_options:width");
  EXPECT_EQ(refused(R"({"help":"填写客户的常用称呼","width":"half","indexed":true})"), "ok");
}

TEST_P(CommonOptionsTest, IndexedAddsAndDropsTheIndex) {
  Define(kEntity);
  EXPECT_EQ(IndexCount(*db_, GetParam(), "ix_memo__score"), 0);
  schema::FieldPatch on;
  on.options = Obj(R"({"indexed":true})");
  ASSERT_TRUE(catalog_->UpdateField("memo", "score", on, {}).ok());
  EXPECT_EQ(IndexCount(*db_, GetParam(), "ix_memo__score"), 1);
  schema::FieldPatch off;
  off.options = Obj(R"({})");
  ASSERT_TRUE(catalog_->UpdateField("memo", "score", off, {}).ok());
  EXPECT_EQ(IndexCount(*db_, GetParam(), "ix_memo__score"), 0);
}

TEST_P(CommonOptionsTest, SearchableFalseLeavesAFieldOutOfTheQuickSearch) {
  Define(kEntity);
  ASSERT_TRUE(
      records_->Create(As(admin_), "memo", Obj(R"({"title":"王丽华","code":"QX-778"})")).ok());
  auto search = [&](std::string q) {
    ListQuery query;
    query.q = std::move(q);
    auto page = records_->List(As(admin_), "memo", query);
    EXPECT_TRUE(page.ok());
    return page.ok() ? page->items.size() : size_t{99};
  };
  EXPECT_EQ(search("丽"), 1u);
  EXPECT_EQ(search("QX"), 0u);
}

INSTANTIATE_TEST_SUITE_P(Engines, CommonOptionsTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::records::testing
