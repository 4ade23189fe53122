// visible_if / editable_if: checked when the field is defined, enforced on every write against
// the record as it will be saved.
#include "platform/records/records.h"
#include "unit/platform/records/records_fixture.h"

namespace peony::records::testing {
namespace {

constexpr const char* kFollowUp = R"({"name":"follow","label":"跟进","fields":[
  {"name":"title","label":"标题","type":"text","required":true},
  {"name":"status","label":"状态","type":"select","options":{"choices":[
     {"key":"open","label":"跟进中"},{"key":"lost","label":"流失"},{"key":"done","label":"成交"}]}},
  {"name":"reason","label":"流失原因","type":"text","required":true,
   "options":{"visible_if":{"field":"status","op":"eq","value":"lost"}}},
  {"name":"amount","label":"成交金额","type":"integer",
   "options":{"editable_if":{"field":"status","op":"ne","value":"done"}}}]})";

class FieldRulesTest : public RecordsTest {
 protected:
  void SetUp() override {
    RecordsTest::SetUp();
    if (IsSkipped()) return;
    Define(kFollowUp);
  }
  Result<boost::json::object> Create(std::string_view json) {
    return records_->Create(As(admin_), "follow", Obj(json));
  }
  Result<boost::json::object> Update(int64_t id, std::string_view json) {
    return records_->Update(As(admin_), "follow", id, Obj(json), std::nullopt);
  }
  template <class T>
  std::string Code(const Result<T>& r) {
    return r.ok() ? "ok" : r.error().code;
  }
  int64_t Count() { return storage::testing::QueryInt(*db_, "SELECT COUNT(*) FROM x_follow"); }
  std::string Refused(const std::string& field, std::string_view options) {
    schema::FieldPatch p;
    p.options = Obj(options);
    auto r = catalog_->UpdateField("follow", field, p, {});
    if (r.ok()) return "ok";
    const auto* option = r.error().details.as_object().if_contains("option");
    return r.error().code + ":" + (option ? std::string(option->as_string()) : "?");
  }
};

TEST_P(FieldRulesTest, AnInvisibleFieldIsNotRequiredAndIsClearedOnSave) {
  // status open: reason is invisible, so not required, and a value sent for it is dropped.
  auto open = Create(R"({"title":"a","status":"open","reason":"太贵"})");
  ASSERT_TRUE(open.ok()) << open.error().code;
  EXPECT_TRUE(open->at("reason").is_null());
  // status lost: reason is visible and required.
  const int64_t count = Count();
  auto missing = Create(R"({"title":"b","status":"lost"})");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "record.required");
  EXPECT_TRUE(missing.error().details.at("fields").as_object().contains("reason"));
  EXPECT_EQ(Count(), count);
  auto lost = Create(R"({"title":"c","status":"lost","reason":"太贵"})");
  ASSERT_TRUE(lost.ok());
  EXPECT_EQ(lost->at("reason").as_string(), "太贵");
  // Leaving "lost" clears the stored reason, though the patch does not name it.
  const int64_t id = lost->at("id").as_int64();
  auto reopened = Update(id, R"({"status":"open"})");
  ASSERT_TRUE(reopened.ok()) << reopened.error().code;
  EXPECT_TRUE(reopened->at("reason").is_null());
  EXPECT_EQ(storage::testing::QueryInt(
                *db_, "SELECT COUNT(*) FROM x_follow WHERE f_reason IS NOT NULL AND id = ?", {id}),
            0);
  // Going back to "lost" asks for the reason again.
  EXPECT_EQ(Code(Update(id, R"({"status":"lost","reason":""})")), "record.required");
  EXPECT_EQ(Code(Update(id, R"({"status":"lost","reason":"竞品"})")), "ok");
}

TEST_P(FieldRulesTest, AFieldThatIsNotEditableMayOnlyBeSentUnchanged) {
  auto done = Create(R"({"title":"a","status":"done","amount":5})");
  // On create the field has no value yet: a value is a change.
  EXPECT_EQ(done.ok() ? "ok" : done.error().code, "record.read_only");
  auto open = Create(R"({"title":"a","status":"open","amount":5})");
  ASSERT_TRUE(open.ok());
  const int64_t id = open->at("id").as_int64();
  ASSERT_TRUE(Update(id, R"({"status":"done"})").ok());
  auto changed = Update(id, R"({"amount":6})");
  ASSERT_FALSE(changed.ok());
  EXPECT_EQ(changed.error().code, "record.read_only");
  EXPECT_EQ(changed.error().details.at("field").as_string(), "amount");
  EXPECT_EQ(storage::testing::QueryInt(*db_, "SELECT f_amount FROM x_follow WHERE id = ?", {id}),
            5);
  EXPECT_EQ(Code(Update(id, R"({"amount":5,"title":"b"})")), "ok");
  // The rule reads the record as it will be saved: reopening and changing together is allowed.
  auto reopened = Update(id, R"({"status":"open","amount":7})");
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(reopened->at("amount").as_int64(), 7);
}

TEST_P(FieldRulesTest, BadRulesAreRefusedWhenTheFieldIsDefined) {
  EXPECT_EQ(Refused("amount", R"({"editable_if":{"field":"nope","op":"eq","value":1}})"),
            "schema.invalid_options:editable_if");
  EXPECT_EQ(Refused("amount", R"({"editable_if":{"field":"status","op":"gt","value":"open"}})"),
            "schema.invalid_options:editable_if");
  EXPECT_EQ(Refused("amount", R"({"editable_if":{"field":"status","op":"eq","value":"gone"}})"),
            "schema.invalid_options:editable_if");
  EXPECT_EQ(Refused("amount", R"({"visible_if":{"field":"amount","op":"gt","value":1}})"),
            "schema.invalid_options:visible_if");
  EXPECT_EQ(Refused("amount", R"({"visible_if":"status == lost"})"),
            "schema.invalid_options:visible_if");
  EXPECT_EQ(Refused("amount", R"({"visible_if":{"and":[{"or":[{"not":{"field":"status",
                        "op":"frobnicate"}}]}]}})"),
            "schema.invalid_options:visible_if");
  std::string deep = R"({"field":"title","op":"is_empty"})";
  for (int i = 0; i < 12; ++i) deep = R"({"not":)" + deep + "}";
  EXPECT_EQ(Refused("amount", R"({"visible_if":)" + deep + "}"),
            "schema.invalid_options:visible_if");
  // No relation paths: the rule sees one record.
  schema::FieldSpec rel;
  rel.name = "parent";
  rel.label = "上级";
  rel.type = "relation";
  rel.options = Obj(R"({"target":"follow"})");
  ASSERT_TRUE(catalog_->AddField("follow", rel, {}).ok());
  EXPECT_EQ(Refused("amount", R"({"visible_if":{"field":"parent.title","op":"eq","value":"x"}})"),
            "schema.invalid_options:visible_if");
  // Nothing was stored by the refused changes.
  const auto* amount = catalog_->Snapshot().value()->Find("follow")->FindField("amount");
  EXPECT_FALSE(amount->options.contains("visible_if"));
  EXPECT_EQ(Refused("amount", R"({"visible_if":{"field":"status","op":"in","value":["done"]}})"),
            "ok");
}

TEST_P(FieldRulesTest, ANewEntityIsCheckedAsAWhole) {
  schema::EntitySpec spec;
  spec.name = "broken";
  spec.label = "坏的";
  schema::FieldSpec a{"aa", "甲", "text"};
  schema::FieldSpec b{"bb", "乙", "text"};
  b.options = Obj(R"({"visible_if":{"field":"cc","op":"eq","value":"x"}})");
  spec.fields = {a, b};
  auto r = catalog_->CreateEntity(org_id_, spec, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "schema.invalid_options");
  EXPECT_EQ(catalog_->Snapshot().value()->Find("broken"), nullptr);
  spec.fields[1].options = Obj(R"({"visible_if":{"field":"aa","op":"eq","value":"x"}})");
  EXPECT_TRUE(catalog_->CreateEntity(org_id_, spec, {}).ok());
}

INSTANTIATE_TEST_SUITE_P(Engines, FieldRulesTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::records::testing
