// Definition-time checks of computed fields, on both engines: formulas are parsed, bound against
// the entity's fields and type-checked when a field is defined; cycles are refused; defaults,
// lookups and rollups name things that exist. A refused change leaves the catalog as it was.
#include "platform/schema/formula_check.h"

#include <boost/json/serialize.hpp>

#include "platform/schema/catalog.h"
#include "unit/platform/records/records_fixture.h"

namespace peony::records::testing {
namespace {

schema::FieldSpec Field(std::string_view json) {
  const auto o = Obj(json);
  schema::FieldSpec s;
  s.name = std::string(o.at("name").as_string());
  s.label = std::string(o.at("label").as_string());
  s.type = std::string(o.at("type").as_string());
  if (o.contains("required")) s.required = o.at("required").as_bool();
  if (o.contains("sensitive")) s.sensitive = o.at("sensitive").as_bool();
  if (o.contains("options")) s.options = o.at("options").as_object();
  return s;
}

schema::EntitySpec Entity(std::string name, std::vector<std::string_view> fields) {
  schema::EntitySpec spec;
  spec.name = std::move(name);
  spec.label = "测试";
  for (auto f : fields) spec.fields.push_back(Field(f));
  return spec;
}

constexpr std::string_view kPrice = R"({"name":"price","label":"单价","type":"money"})";
constexpr std::string_view kQty = R"({"name":"qty","label":"数量","type":"number"})";
constexpr std::string_view kName = R"({"name":"title","label":"名称","type":"text"})";
constexpr std::string_view kItems = R"({"name":"items","label":"明细","type":"sub_form",
  "options":{"fields":[{"name":"item","label":"项目","type":"text"},
                       {"name":"amount","label":"金额","type":"money"}]}})";

std::string FormulaField(std::string name, std::string expression,
                         std::string result_type = "number") {
  boost::json::object o{
      {"name", name},
      {"label", name},
      {"type", "formula"},
      {"options", boost::json::object{{"expression", expression}, {"result_type", result_type}}}};
  return boost::json::serialize(o);
}

class FormulaCheckTest : public RecordsTest {
 protected:
  // The error of creating entity "calc" with these fields; "ok" when it was created.
  Error CreateError(std::vector<std::string> fields) {
    std::vector<std::string_view> views(fields.begin(), fields.end());
    auto r = catalog_->CreateEntity(org_id_, Entity("calc", views), {});
    return r.ok() ? MakeError(ErrorKind::kInternal, "ok", "", "") : r.error();
  }
  int64_t CatalogVersion() {
    return storage::testing::QueryInt(
        *db_, "SELECT CAST(value AS BIGINT) FROM settings WHERE name = 'catalog_version'");
  }
  bool CalcExists() {
    auto snapshot = catalog_->Snapshot();
    return snapshot.ok() && (*snapshot)->Find("calc") != nullptr;
  }
};

int64_t Detail(const Error& e, std::string_view key) {
  const auto* v = e.details.is_object() ? e.details.as_object().if_contains(key) : nullptr;
  return v && v->is_int64() ? v->as_int64() : -1;
}
std::string DetailText(const Error& e, std::string_view key) {
  const auto* v = e.details.is_object() ? e.details.as_object().if_contains(key) : nullptr;
  return v && v->is_string() ? std::string(v->as_string()) : "";
}

TEST_P(FormulaCheckTest, SyntaxErrorNamesTheCharacterAndCreatesNothing) {
  const int64_t version = CatalogVersion();
  // "{单价} * (2" — the ')' is missing at character 10, the end.
  Error e = CreateError({std::string(kPrice), FormulaField("total", "{单价} * (2")});
  EXPECT_EQ(e.code, "schema.invalid_formula");
  EXPECT_EQ(DetailText(e, "field"), "total");
  EXPECT_EQ(DetailText(e, "reason"), "formula.syntax");
  EXPECT_EQ(Detail(e, "position"), 10);
  EXPECT_NE(e.message_en.find("total"), std::string::npos);
  EXPECT_NE(e.message_en.find("character 10"), std::string::npos);
  EXPECT_FALSE(CalcExists());
  EXPECT_EQ(CatalogVersion(), version);
}

TEST_P(FormulaCheckTest, TypeErrorsAndUnknownFieldsAreRefusedWithTheirPosition) {
  Error type = CreateError({std::string(kName), FormulaField("bad", "1 + {名称} + 1")});
  EXPECT_EQ(type.code, "schema.invalid_formula");
  EXPECT_EQ(DetailText(type, "reason"), "formula.type_mismatch");
  EXPECT_GT(Detail(type, "position"), 0);

  Error unknown = CreateError({std::string(kQty), FormulaField("bad", "{数量} * {折扣}")});
  EXPECT_EQ(DetailText(unknown, "reason"), "formula.unknown_field");
  EXPECT_EQ(Detail(unknown, "position"), 8);

  // The declared result type must match what the formula gives.
  Error result = CreateError({std::string(kName), FormulaField("bad", "{名称} & \"!\"", "number")});
  EXPECT_EQ(DetailText(result, "reason"), "formula.result_type");

  // A sub-form column only inside an aggregate.
  Error aggregate = CreateError({std::string(kItems), FormulaField("bad", "{明细}.{金额} + 1")});
  EXPECT_EQ(DetailText(aggregate, "reason"), "formula.aggregate_required");
  EXPECT_FALSE(CalcExists());

  EXPECT_EQ(CreateError({std::string(kItems), std::string(kPrice),
                         FormulaField("total", "SUM({明细}.{金额}) + {单价}"),
                         FormulaField("label", "TEXT({total}, \"0.00\") & \"元\"", "text"),
                         FormulaField("big", "{total} > 100", "boolean")})
                .code,
            "ok");
}

TEST_P(FormulaCheckTest, ACycleIsRefusedAndTheCatalogStaysAsItWas) {
  ASSERT_EQ(CreateError({std::string(kQty), FormulaField("aa", "{bb} + 1"),
                         FormulaField("bb", "{qty} * 2")})
                .code,
            "ok");
  const int64_t version = CatalogVersion();
  schema::FieldPatch patch;
  patch.options = Obj(R"({"expression":"{aa} * 2","result_type":"number"})");
  auto r = catalog_->UpdateField("calc", "bb", patch, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "schema.formula_cycle");
  EXPECT_EQ(boost::json::serialize(r.error().details.at("fields")), R"(["aa","bb","aa"])");
  EXPECT_EQ(CatalogVersion(), version);
  auto snapshot = catalog_->Snapshot();
  ASSERT_TRUE(snapshot.ok());
  EXPECT_EQ((*snapshot)->Find("calc")->FindField("bb")->options.at("expression").as_string(),
            "{qty} * 2");

  // A formula reading itself, added later.
  auto self = catalog_->AddField("calc", Field(FormulaField("cc", "{cc} + 1")), {});
  ASSERT_FALSE(self.ok());
  EXPECT_EQ(self.error().code, "schema.formula_cycle");
  EXPECT_EQ(boost::json::serialize(self.error().details.at("fields")), R"(["cc","cc"])");
  EXPECT_EQ((*catalog_->Snapshot())->Find("calc")->FindField("cc"), nullptr);
}

TEST_P(FormulaCheckTest, CyclesInOneDefinitionAreRefused) {
  Error e = CreateError({FormulaField("xx", "{yy} + 1"), FormulaField("yy", "{xx} + 1")});
  EXPECT_EQ(e.code, "schema.formula_cycle");
  EXPECT_EQ(boost::json::serialize(e.details.at("fields")), R"(["xx","yy","xx"])");
  EXPECT_FALSE(CalcExists());
}

TEST_P(FormulaCheckTest, ChangesThatBreakAFormulaAreRefused) {
  ASSERT_EQ(CreateError({std::string(kPrice), FormulaField("double", "{单价} * 2")}).code, "ok");
  // The formula refers to the price by its label: relabelling it would break the formula.
  schema::FieldPatch relabel;
  relabel.label = "价格";
  auto r = catalog_->UpdateField("calc", "price", relabel, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "schema.invalid_formula");
  EXPECT_EQ(DetailText(r.error(), "field"), "double");
  EXPECT_EQ(DetailText(r.error(), "reason"), "formula.unknown_field");
  EXPECT_EQ((*catalog_->Snapshot())->Find("calc")->FindField("price")->label, "单价");

  // Changing the formula itself to a wrong one.
  schema::FieldPatch wrong;
  wrong.options = Obj(R"({"expression":"{单价} *","result_type":"number"})");
  auto w = catalog_->UpdateField("calc", "double", wrong, {});
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(DetailText(w.error(), "reason"), "formula.syntax");

  // A field added later may be used.
  ASSERT_TRUE(catalog_->AddField("calc", Field(kQty), {}).ok());
  schema::FieldPatch good;
  good.options = Obj(R"({"expression":"{单价} * {qty}","result_type":"number"})");
  EXPECT_TRUE(catalog_->UpdateField("calc", "double", good, {}).ok());
}

TEST_P(FormulaCheckTest, DefaultsMustFitTheirField) {
  auto code_of = [&](std::string_view field) {
    Error e = CreateError({std::string(field)});
    return e.code == "ok" ? "ok" : e.code + ":" + DetailText(e, "option");
  };
  EXPECT_EQ(code_of(R"({"name":"nn","label":"nn","type":"integer","options":{"default":"abc"}})"),
            "schema.invalid_options:default");
  EXPECT_EQ(
      code_of(R"({"name":"dd","label":"dd","type":"date","options":{"default":"yesterday"}})"),
      "schema.invalid_options:default");
  EXPECT_EQ(code_of(R"({"name":"ss","label":"ss","type":"select","options":{
      "choices":[{"key":"a","label":"A"}],"default":"b"}})"),
            "schema.invalid_options:default");
  EXPECT_EQ(code_of(R"({"name":"mm","label":"mm","type":"phone","options":{"default":"12"}})"),
            "schema.invalid_options:default");
  EXPECT_EQ(code_of(R"({"name":"ff","label":"ff","type":"formula","options":{
      "expression":"1","result_type":"number","default":1}})"),
            "schema.invalid_options:default");
  EXPECT_EQ(code_of(R"({"name":"ee","label":"ee","type":"text","options":{"default":"  "}})"),
            "schema.invalid_options:default");
  EXPECT_FALSE(CalcExists());
  EXPECT_EQ(
      CreateError({R"({"name":"dd","label":"dd","type":"date","options":{"default":"today"}})",
                   R"({"name":"tt","label":"tt","type":"datetime","options":{"default":"now"}})",
                   R"({"name":"uu","label":"uu","type":"user","options":{"default":"me"}})",
                   R"({"name":"nn","label":"nn","type":"integer","options":{"default":3}})",
                   R"({"name":"me","label":"me","type":"text","options":{"default":"me"}})"})
          .code,
      "ok");
}

TEST_P(FormulaCheckTest, LookupsAndRollupsMustNameExistingFieldsOfFittingTypes) {
  Define(R"({"name":"client","label":"客户","fields":[
    {"name":"name","label":"姓名","type":"text"},
    {"name":"tags","label":"标签","type":"tags"}]})");
  const std::string relation =
      R"({"name":"client","label":"客户","type":"relation","options":{"target":"client"}})";
  auto option_of = [&](std::vector<std::string> fields) {
    Error e = CreateError(std::move(fields));
    return e.code == "ok" ? "ok" : e.code + ":" + DetailText(e, "option");
  };
  EXPECT_EQ(option_of({relation, R"({"name":"lk","label":"lk","type":"lookup",
      "options":{"relation":"nope","field":"name"}})"}),
            "schema.invalid_options:relation");
  EXPECT_EQ(option_of({std::string(kName), R"({"name":"lk","label":"lk","type":"lookup",
      "options":{"relation":"title","field":"name"}})"}),
            "schema.invalid_options:relation");
  EXPECT_EQ(option_of({relation, R"({"name":"lk","label":"lk","type":"lookup",
      "options":{"relation":"client","field":"nope"}})"}),
            "schema.invalid_options:field");
  EXPECT_EQ(option_of({relation, R"({"name":"lk","label":"lk","type":"lookup",
      "options":{"relation":"client","field":"tags"}})"}),
            "schema.invalid_options:field");
  EXPECT_EQ(option_of({std::string(kItems), R"({"name":"ru","label":"ru","type":"rollup",
      "options":{"sub_form":"items","field":"item","function":"sum"}})"}),
            "schema.invalid_options:field");
  EXPECT_EQ(option_of({std::string(kItems), R"({"name":"ru","label":"ru","type":"rollup",
      "options":{"sub_form":"nope","field":"amount","function":"sum"}})"}),
            "schema.invalid_options:sub_form");
  // A rollup over another entity needs that entity's relation to point here.
  EXPECT_EQ(option_of({R"({"name":"ru","label":"ru","type":"rollup",
      "options":{"entity":"client","relation":"name","function":"count"}})"}),
            "schema.invalid_options:relation");
  EXPECT_EQ(option_of({R"({"name":"ru","label":"ru","type":"rollup",
      "options":{"entity":"nope","relation":"client","function":"count"}})"}),
            "schema.invalid_options:entity");
  EXPECT_FALSE(CalcExists());
  EXPECT_EQ(option_of({relation, std::string(kItems),
                       R"({"name":"lk","label":"lk","type":"lookup",
      "options":{"relation":"client","field":"name"}})",
                       R"({"name":"ru","label":"ru","type":"rollup",
      "options":{"sub_form":"items","field":"amount","function":"sum"}})"}),
            "ok");
  // Rollup on the client over the calc records that link to it, added afterwards.
  auto added = catalog_->AddField("client", Field(R"({"name":"nv","label":"次数","type":"rollup",
      "options":{"entity":"calc","relation":"client","function":"count"}})"),
                                  {});
  EXPECT_TRUE(added.ok()) << added.error().code;
}

INSTANTIATE_TEST_SUITE_P(Engines, FormulaCheckTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::records::testing
