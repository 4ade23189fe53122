#include "platform/schema/catalog.h"

#include "unit/platform/records/records_fixture.h"

namespace peony::records::testing {
namespace {

using CatalogTest = RecordsTest;

constexpr const char* kEntity = R"({"name":"memo","label":"备忘","fields":[
  {"name":"title","label":"标题","type":"text","required":true},
  {"name":"level","label":"级别","type":"select","options":{"choices":[{"key":"a","label":"甲"}]}}]})";

schema::FieldSpec Spec(std::string name, std::string label, std::string type,
                       boost::json::object options = {}) {
  schema::FieldSpec s;
  s.name = std::move(name);
  s.label = std::move(label);
  s.type = std::move(type);
  s.options = std::move(options);
  return s;
}

TEST_P(CatalogTest, SchemaChangesKeepTheData) {
  Define(kEntity);
  auto created = records_->Create(As(admin_), "memo", Obj(R"({"title":"第一条","level":"a"})"));
  ASSERT_TRUE(created.ok());
  const int64_t id = created->at("id").as_int64();

  // Add a field: old records simply have no value.
  ASSERT_TRUE(catalog_->AddField("memo", Spec("note", "备注", "textarea"), {}).ok());
  auto after_add = records_->Get(As(admin_), "memo", id);
  ASSERT_TRUE(after_add.ok());
  EXPECT_TRUE(after_add->at("note").is_null());
  EXPECT_EQ(after_add->at("title").as_string(), "第一条");

  // Rename: the label changes, the name and the data stay.
  schema::FieldPatch relabel;
  relabel.label = "主题";
  ASSERT_TRUE(catalog_->UpdateField("memo", "title", relabel, {}).ok());
  EXPECT_EQ(records_->Get(As(admin_), "memo", id)->at("title").as_string(), "第一条");

  // Change a select's choices: stored keys are untouched.
  schema::FieldPatch choices;
  choices.options = Obj(R"({"choices":[{"key":"a","label":"甲级"},{"key":"b","label":"乙级"}]})");
  ASSERT_TRUE(catalog_->UpdateField("memo", "level", choices, {}).ok());
  EXPECT_EQ(records_->Get(As(admin_), "memo", id)->at("level").as_string(), "a");

  // Retire: hidden from records and refused as input; restore: the value is back.
  ASSERT_TRUE(catalog_->SetFieldRetired("memo", "level", true, {}).ok());
  EXPECT_FALSE(records_->Get(As(admin_), "memo", id)->contains("level"));
  EXPECT_EQ(records_->Create(As(admin_), "memo", Obj(R"({"title":"x","level":"a"})")).error().code,
            "record.unknown_field");
  ASSERT_TRUE(catalog_->SetFieldRetired("memo", "level", false, {}).ok());
  EXPECT_EQ(records_->Get(As(admin_), "memo", id)->at("level").as_string(), "a");

  // Purge needs a retired field, then drops it.
  EXPECT_EQ(catalog_->PurgeField("memo", "level", {}).error().code, "schema.not_retired");
  ASSERT_TRUE(catalog_->SetFieldRetired("memo", "level", true, {}).ok());
  ASSERT_TRUE(catalog_->PurgeField("memo", "level", {}).ok());
  auto snapshot = catalog_->Snapshot();
  ASSERT_TRUE(snapshot.ok());
  EXPECT_EQ((*snapshot)->Find("memo")->FindField("level"), nullptr);
  EXPECT_EQ(records_->Get(As(admin_), "memo", id)->at("title").as_string(), "第一条");
}

TEST_P(CatalogTest, BadDefinitionsAreRefusedAndCreateNothing) {
  auto bad = [&](std::string_view json) {
    auto o = Obj(json);
    schema::EntitySpec spec;
    spec.name = std::string(o.at("name").as_string());
    spec.label = "x";
    for (const auto& f : o.at("fields").as_array()) {
      spec.fields.push_back(Spec(
          std::string(f.at("name").as_string()), "x", std::string(f.at("type").as_string()),
          f.as_object().contains("options") ? f.at("options").as_object() : boost::json::object{}));
    }
    auto r = catalog_->CreateEntity(org_id_, spec, {});
    return r.ok() ? std::string("ok") : r.error().code;
  };
  EXPECT_EQ(bad(R"({"name":"Bad-Name","fields":[]})"), "schema.invalid_name");
  EXPECT_EQ(bad(R"({"name":"x\"; DROP TABLE users; --","fields":[]})"), "schema.invalid_name");
  EXPECT_EQ(bad(R"({"name":"ok_name","fields":[{"name":"select","type":"text"}]})"),
            "schema.invalid_name");
  EXPECT_EQ(bad(R"({"name":"ok_name","fields":[{"name":"a1","type":"warp_drive"}]})"),
            "schema.unknown_type");
  EXPECT_EQ(bad(R"({"name":"ok_name","fields":[{"name":"a1","type":"select","options":{}}]})"),
            "schema.invalid_options");
  EXPECT_EQ(bad(R"({"name":"ok_name","fields":[{"name":"a1","type":"relation",
                                               "options":{"target":"nowhere"}}]})"),
            "schema.entity_not_found");
  EXPECT_EQ(bad(R"({"name":"ok_name","fields":[{"name":"a1","type":"text"},
                                               {"name":"a1","type":"text"}]})"),
            "schema.name_taken");
  auto snapshot = catalog_->Snapshot();
  ASSERT_TRUE(snapshot.ok());
  EXPECT_EQ((*snapshot)->entities().size(), 0u);
  Define(kEntity);
  EXPECT_EQ(bad(R"({"name":"memo","fields":[]})"), "schema.name_taken");
}

TEST_P(CatalogTest, MakingAFieldUniqueFailsWhileValuesRepeat) {
  Define(kEntity);
  ASSERT_TRUE(records_->Create(As(admin_), "memo", Obj(R"({"title":"同名"})")).ok());
  ASSERT_TRUE(records_->Create(As(admin_), "memo", Obj(R"({"title":"同名"})")).ok());
  schema::FieldPatch unique;
  unique.unique = true;
  auto r = catalog_->UpdateField("memo", "title", unique, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "schema.duplicates_exist");
}

INSTANTIATE_TEST_SUITE_P(Engines, CatalogTest, ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::records::testing
