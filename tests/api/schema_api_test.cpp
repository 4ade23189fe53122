// /api/v1/schema/* through real HTTP: entities and fields created, read, changed, retired and
// purged; bad names refused before anything is written.
#include "api/app_fixture.h"

namespace peony::test {
namespace {

constexpr const char* kVisit = R"({"name":"visit","label":"回访记录","fields":[
  {"name":"title","label":"标题","type":"text","required":true},
  {"name":"phone","label":"电话","type":"phone","sensitive":true},
  {"name":"score","label":"满意度","type":"number","options":{"min":0,"max":5}}]})";

class SchemaApiTest : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (IsSkipped()) return;
    admin_ = Login("admin");
  }
  HeaderList admin_;
};

TEST_P(SchemaApiTest, AnEntityIsCreatedReadRelabelledAndRetired) {
  Resp types = Call("GET", "/api/v1/schema/field-types", "", admin_, "");
  ASSERT_EQ(types.status, 200);
  EXPECT_GE(types.Json().at("items").as_array().size(), 30u);

  Resp created = Call("POST", "/api/v1/schema/entities", kVisit, admin_);
  ASSERT_EQ(created.status, 201) << created.body;
  Resp got = Call("GET", "/api/v1/schema/entities/visit", "", admin_, "");
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.Json().at("label").as_string(), "回访记录");
  EXPECT_EQ(got.Json().at("fields").as_array().size(), 3u);
  const int64_t version = got.Json().at("version").as_int64();

  Resp relabelled =
      Call("PATCH", "/api/v1/schema/entities/visit",
           R"({"label":"客户回访","version":)" + std::to_string(version) + "}", admin_);
  ASSERT_EQ(relabelled.status, 200) << relabelled.body;
  EXPECT_EQ(relabelled.Json().at("label").as_string(), "客户回访");
  Resp stale = Call("PATCH", "/api/v1/schema/entities/visit",
                    R"({"label":"又改","version":)" + std::to_string(version) + "}", admin_);
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.ErrorCode(), "schema.version_conflict");

  ASSERT_EQ(Call("POST", "/api/v1/data/visit", R"({"title":"术后回访"})", admin_).status, 201);
  Resp retired = Call("DELETE", "/api/v1/schema/entities/visit", "", admin_, "");
  EXPECT_EQ(retired.status, 204);
  EXPECT_EQ(Call("GET", "/api/v1/schema/entities/visit", "", admin_, "").status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/data/visit", "", admin_, "").status, 404);
  EXPECT_EQ(CountRows("x_visit"), 1);  // the table and its data are kept
}

TEST_P(SchemaApiTest, FieldsAreAddedRenamedRetiredAndPurgedKeepingDataUntilThePurge) {
  ASSERT_EQ(Call("POST", "/api/v1/schema/entities", kVisit, admin_).status, 201);
  Resp added = Call("POST", "/api/v1/schema/entities/visit/fields",
                    R"({"name":"note","label":"备注","type":"text"})", admin_);
  ASSERT_EQ(added.status, 201) << added.body;
  Resp rec = Call("POST", "/api/v1/data/visit", R"({"title":"t","note":"保留的备注"})", admin_);
  ASSERT_EQ(rec.status, 201) << rec.body;
  const std::string path = "/api/v1/data/visit/" + std::to_string(rec.Json().at("id").as_int64());

  Resp renamed =
      Call("PATCH", "/api/v1/schema/entities/visit/fields/note", R"({"label":"说明"})", admin_);
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.Json().at("name").as_string(), "note");  // the name never changes
  EXPECT_EQ(Call("GET", path, "", admin_, "").Json().at("note").as_string(), "保留的备注");

  Resp type_change =
      Call("PATCH", "/api/v1/schema/entities/visit/fields/note", R"({"type":"number"})", admin_);
  EXPECT_EQ(type_change.status, 422);
  EXPECT_EQ(type_change.ErrorCode(), "schema.type_change");

  Resp not_retired =
      Call("DELETE", "/api/v1/schema/entities/visit/fields/note?purge=true", "", admin_, "");
  EXPECT_EQ(not_retired.status, 409);
  EXPECT_EQ(not_retired.ErrorCode(), "schema.not_retired");

  EXPECT_EQ(Call("DELETE", "/api/v1/schema/entities/visit/fields/note", "", admin_, "").status,
            204);
  EXPECT_FALSE(Call("GET", path, "", admin_, "").Json().as_object().contains("note"));
  Resp back =
      Call("PATCH", "/api/v1/schema/entities/visit/fields/note", R"({"retired":false})", admin_);
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(Call("GET", path, "", admin_, "").Json().at("note").as_string(), "保留的备注");

  ASSERT_EQ(Call("DELETE", "/api/v1/schema/entities/visit/fields/note", "", admin_, "").status,
            204);
  const int64_t audits = CountRows("audit_log");
  EXPECT_EQ(
      Call("DELETE", "/api/v1/schema/entities/visit/fields/note?purge=true", "", admin_, "").status,
      204);
  EXPECT_GT(CountRows("audit_log"), audits);  // the purge is audited
  Resp gone =
      Call("PATCH", "/api/v1/schema/entities/visit/fields/note", R"({"retired":false})", admin_);
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(gone.ErrorCode(), "schema.field_not_found");
}

TEST_P(SchemaApiTest, FieldsNamedLikeTheEntitysOwnIndexesGetIndexesOfTheirOwn) {
  // owner, branch, live, updated: the entity table's indexes are ix_<entity>__owner etc.
  Resp r = Call("POST", "/api/v1/schema/entities", R"({"name":"lead","label":"线索","fields":[
    {"name":"owner","label":"跟进人","type":"user"},
    {"name":"branch","label":"门店","type":"branch"},
    {"name":"live","label":"直播","type":"text","options":{"indexed":true}},
    {"name":"updated","label":"更新日","type":"date"}]})",
                admin_);
  ASSERT_EQ(r.status, 201) << r.body;
  Resp retired = Call("DELETE", "/api/v1/schema/entities/lead/fields/owner", "", admin_, "");
  ASSERT_EQ(retired.status, 204) << retired.body;
  Resp purged =
      Call("DELETE", "/api/v1/schema/entities/lead/fields/owner?purge=true", "", admin_, "");
  EXPECT_EQ(purged.status, 204) << purged.body;
  Resp rec = Call("POST", "/api/v1/data/lead", R"({"live":"x","updated":"2026-11-22"})", admin_);
  EXPECT_EQ(rec.status, 201) << rec.body;
}

TEST_P(SchemaApiTest, BadNamesAreRefusedAndNothingIsCreated) {
  const int64_t entities = CountRows("schema_entities");
  const int64_t fields = CountRows("schema_fields");
  const int64_t audits = CountRows("audit_log");
  auto entity = [](const std::string& name, const std::string& field) {
    return R"({"name":")" + name + R"(","label":"L","fields":[{"name":")" + field +
           R"(","label":"F","type":"text"}]})";
  };
  const std::vector<std::pair<std::string, std::string>> bad = {
      {entity("visit\\\"; DROP TABLE users; --", "title"), "schema.invalid_name"},
      {entity("visit'", "title"), "schema.invalid_name"},
      {entity("Visit", "title"), "schema.invalid_name"},
      {entity("v", "title"), "schema.invalid_name"},
      {entity(std::string(41, 'a'), "title"), "request.validation"},  // too long
      {entity("x__y", "title"), "schema.invalid_name"},
      {entity("visit", "select"), "schema.invalid_name"},  // SQL keywords as field names
      {entity("visit", "order"), "schema.invalid_name"},
      {entity("visit", "id"), "schema.invalid_name"},  // a system column
      {entity("visit", "ti\\\"tle"), "schema.invalid_name"},
      {entity("visit", std::string(41, 'f')), "request.validation"},
      {R"({"name":"visit","label":"L","fields":[{"name":"a1","label":"F","type":"warp"}]})",
       "schema.unknown_type"},
  };
  for (const auto& [body, code] : bad) {
    Resp r = Call("POST", "/api/v1/schema/entities", body, admin_);
    EXPECT_EQ(r.status, 422) << body;
    EXPECT_EQ(r.ErrorCode(), code) << body;
  }
  ASSERT_EQ(Call("POST", "/api/v1/schema/entities", kVisit, admin_).status, 201);
  Resp field = Call("POST", "/api/v1/schema/entities/visit/fields",
                    R"({"name":"from","label":"F","type":"text"})", admin_);
  EXPECT_EQ(field.status, 422);
  EXPECT_EQ(field.ErrorCode(), "schema.invalid_name");
  Resp taken = Call("POST", "/api/v1/schema/entities/visit/fields",
                    R"({"name":"title","label":"F","type":"text"})", admin_);
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(taken.ErrorCode(), "schema.name_taken");
  EXPECT_EQ(Call("GET", "/api/v1/schema/entities/nope", "", admin_, "").status, 404);
  EXPECT_EQ(Call("PATCH", "/api/v1/schema/entities/visit/fields/nope", R"({"label":"x"})", admin_)
                .ErrorCode(),
            "schema.field_not_found");
  // Only the one good entity (with its three fields) was written.
  EXPECT_EQ(CountRows("schema_entities"), entities + 1);
  EXPECT_EQ(CountRows("schema_fields"), fields + 3);
  EXPECT_EQ(CountRows("audit_log"), audits + 1);
}

TEST_P(SchemaApiTest, ChangingTheSchemaNeedsSchemaManage) {
  const int64_t entities = CountRows("schema_entities");
  HeaderList front = Login("frontdesk");
  Resp r = Call("POST", "/api/v1/schema/entities", kVisit, front);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.ErrorCode(), "auth.forbidden");
  EXPECT_EQ(CountRows("schema_entities"), entities);
}

INSTANTIATE_TEST_SUITE_P(Engines, SchemaApiTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::test
