// The registry as a whole, the FieldType defaults, and hostile inputs against every type.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "unit/platform/schema/types/type_test_util.h"

namespace peony::schema::testing {
namespace {

// Valid options and one good strict input for each type.
struct Sample {
  std::string_view options;
  std::string_view good;
};

const std::map<std::string_view, Sample>& Samples() {
  static const std::map<std::string_view, Sample> samples = {
      {"text", {"{}", R"("王丽华")"}},
      {"textarea", {"{}", R"("第一行\n第二行")"}},
      {"rich_text", {"{}", R"("**粗体**")"}},
      {"url", {"{}", R"("https://example.com")"}},
      {"color", {"{}", R"("#1677FF")"}},
      {"barcode", {"{}", R"("6901234567892")"}},
      {"json", {"{}", R"({"a":[1,2]})"}},
      {"number", {R"({"precision":2})", "12.5"}},
      {"integer", {"{}", "42"}},
      {"money", {"{}", "123456"}},
      {"percent", {"{}", "12.5"}},
      {"rating", {"{}", "4"}},
      {"duration", {"{}", "90"}},
      {"date", {"{}", R"("2026-01-02")"}},
      {"datetime", {"{}", R"("2026-01-02T10:30:00+08:00")"}},
      {"time", {"{}", R"("09:30")"}},
      {"year_month", {"{}", R"("2026-01")"}},
      {"select", {R"({"choices":[{"key":"a","label":"甲"},{"key":"b","label":"乙"}]})", R"("a")"}},
      {"radio", {R"({"choices":[{"key":"a","label":"甲"}]})", R"("a")"}},
      {"multi_select",
       {R"({"choices":[{"key":"a","label":"甲"},{"key":"b","label":"乙"}]})", R"(["b","a"])"}},
      {"checkbox", {R"({"choices":[{"key":"a","label":"甲"}]})", R"(["a"])"}},
      {"tags", {"{}", R"(["VIP"])"}},
      {"switch", {"{}", "true"}},
      {"phone", {"{}", R"("13812345678")"}},
      {"email", {"{}", R"("a@example.com")"}},
      {"id_card", {"{}", R"("11010519491231002X")"}},
      {"address", {"{}", R"({"province":"广东省","city":"深圳市"})"}},
      {"location", {"{}", R"({"lat":22.5,"lng":114.05})"}},
      {"image", {"{}", R"([{"id":"abcdefgh","name":"a.png","size":1,"type":"image/png"}])"}},
      {"file", {"{}", R"([{"id":"abcdefgh","name":"a.pdf","size":1,"type":"application/pdf"}])"}},
      {"signature", {"{}", R"([{"id":"abcdefgh","name":"s.png","size":1,"type":"image/png"}])"}},
      {"relation", {R"({"target":"customer"})", "5"}},
      {"sub_form", {R"({"fields":[{"name":"a","label":"A","type":"text"}]})", R"([{"a":"x"}])"}},
      {"lookup", {R"({"relation":"customer","field":"phone"})", R"("x")"}},
      {"rollup", {R"({"sub_form":"items","field":"price","function":"sum"})", "3"}},
      {"user", {"{}", "1"}},
      {"department", {"{}", "2"}},
      {"branch", {"{}", "3"}},
      {"formula", {R"({"expression":"1+1","result_type":"number"})", "2"}},
      {"serial", {R"({"pattern":"KH{YYYYMMDD}{0000}"})", R"("KH202601020001")"}},
      {"created_at", {"{}", R"("2026-01-02T10:30:00Z")"}},
      {"updated_at", {"{}", R"("2026-01-02T10:30:00Z")"}},
      {"created_by", {"{}", "1"}},
      {"updated_by", {"{}", "1"}},
      {"owner", {"{}", "1"}},
  };
  return samples;
}

TEST(FieldTypeRegistry, HoldsAtLeastFortyFourDistinctFindableTypes) {
  const auto& all = AllFieldTypes();
  std::set<std::string_view> names;
  const std::set<std::string_view> operators = {
      "eq", "ne",     "lt",       "lte",          "gt",          "gte",      "between",
      "in", "not_in", "contains", "not_contains", "starts_with", "is_empty", "not_empty"};
  const std::set<std::string_view> categories = {"basic",    "number", "datetime", "choice",
                                                 "contact",  "media",  "relation", "org",
                                                 "computed", "system"};
  for (const FieldType* t : all) {
    ASSERT_NE(t, nullptr);
    EXPECT_TRUE(names.insert(t->name()).second) << "duplicate " << t->name();
    EXPECT_EQ(FindFieldType(t->name()), t);
    EXPECT_FALSE(t->Operators().empty()) << t->name();
    for (std::string_view op : t->Operators()) EXPECT_TRUE(operators.count(op)) << t->name() << op;
    EXPECT_TRUE(categories.count(t->category())) << t->name();
    EXPECT_FALSE(t->label(false).empty());
    EXPECT_FALSE(t->label(true).empty());
    EXPECT_NE(t->label(false), t->label(true)) << t->name();
    EXPECT_TRUE(Samples().count(t->name())) << "no sample for " << t->name();
    if (t->can_be_sensitive()) {
      EXPECT_EQ(t->storage(), StorageKind::kText) << t->name();
    }
  }
  EXPECT_GE(names.size(), 44u);
  EXPECT_EQ(FindFieldType("no_such_type"), nullptr);
  EXPECT_EQ(FindFieldType(""), nullptr);
  EXPECT_EQ(FindFieldType("TEXT"), nullptr);
}

TEST(FieldTypeRegistry, StorageKindsMatchTheCatalog) {
  const std::map<std::string_view, StorageKind> expected = {
      {"text", StorageKind::kText},        {"money", StorageKind::kInteger},
      {"number", StorageKind::kReal},      {"datetime", StorageKind::kInteger},
      {"date", StorageKind::kText},        {"multi_select", StorageKind::kNone},
      {"tags", StorageKind::kNone},        {"sub_form", StorageKind::kNone},
      {"lookup", StorageKind::kNone},      {"switch", StorageKind::kInteger},
      {"relation", StorageKind::kInteger}, {"image", StorageKind::kText},
      {"percent", StorageKind::kReal},     {"created_at", StorageKind::kInteger}};
  for (const auto& [name, kind] : expected) EXPECT_EQ(Type(name).storage(), kind) << name;
}

TEST(FieldTypeRegistry, EverySampleIsValidAndSurvivesAnApiRoundTrip) {
  for (const FieldType* t : AllFieldTypes()) {
    const Sample& s = Samples().at(t->name());
    EXPECT_EQ(OptionError(t->name(), s.options), "") << t->name();
    const FieldDef f = Field(t->name(), s.options);
    ExpectRoundTrip(f, s.good);
    const storage::Value v = Stored(f, s.good);
    EXPECT_FALSE(t->Format(f, v, false).empty()) << t->name();
    EXPECT_FALSE(t->Format(f, v, true).empty()) << t->name();
    EXPECT_EQ(t->Format(f, storage::Value{}, false), "") << t->name();
    EXPECT_TRUE(t->ToJson(f, storage::Value{}).is_null()) << t->name();
  }
}

TEST(FieldTypeRegistry, HostileInputsAreRefusedWithTheirTypesReasonNeverACrash) {
  boost::json::value deep = boost::json::array();
  for (int i = 0; i < 200; ++i) deep = boost::json::array{deep};
  boost::json::array wide;
  for (int i = 0; i < 100000; ++i) wide.emplace_back(i);
  const std::vector<boost::json::value> inputs = {
      boost::json::string(std::string(10000, 'x')),
      boost::json::string(std::string(100000, '9')),
      boost::json::string("\xff\xfe"),
      boost::json::string(std::string("a\0b", 3)),
      boost::json::string("'; DROP TABLE records; --"),
      boost::json::string("${jndi:ldap://x}"),
      boost::json::string("=HYPERLINK(\"http://x\")"),
      boost::json::string("NaN"),
      boost::json::string("-"),
      boost::json::string("{"),
      boost::json::value(std::numeric_limits<double>::quiet_NaN()),
      boost::json::value(std::numeric_limits<double>::infinity()),
      boost::json::value(-1e308),
      boost::json::value(std::numeric_limits<uint64_t>::max()),
      boost::json::value(std::numeric_limits<int64_t>::min()),
      boost::json::value(true),
      boost::json::object{{"id", "x"}, {"a", boost::json::array{1, 2}}},
      boost::json::array{nullptr, true, 1.5, "x"},
      deep,
      wide,
  };
  for (const FieldType* t : AllFieldTypes()) {
    const FieldDef f = Field(t->name(), Samples().at(t->name()).options);
    for (bool lenient : {false, true}) {
      for (const auto& in : inputs) {
        NormalizeContext ctx;
        ctx.lenient = lenient;
        auto r = t->Normalize(f, in, ctx);
        if (r.ok()) {
          // Whatever was accepted converts back without trouble.
          (void)t->ToJson(f, *r);
          (void)t->Format(f, *r, false);
          continue;
        }
        const Error& e = r.error();
        ASSERT_EQ(e.code, "record.invalid_value") << t->name();
        const std::string reason(e.details.as_object().at("reason").as_string());
        EXPECT_TRUE(reason.find('.') != std::string::npos && !e.message_zh.empty() &&
                    !e.message_en.empty())
            << t->name() << " " << reason;
        EXPECT_EQ(e.details.as_object().at("field").as_string(), "f");
      }
    }
  }
}

TEST(FieldTypeRegistry, StrangeStoredValuesDoNotBreakOutput) {
  const std::vector<storage::Value> stored = {storage::Value{},
                                              storage::Value{int64_t{-1}},
                                              storage::Value{std::nan("")},
                                              storage::Value{std::string("not what was stored")},
                                              storage::Value{std::string("[1,{")},
                                              storage::Value{storage::Blob{"\x01\x02"}}};
  for (const FieldType* t : AllFieldTypes()) {
    const FieldDef f = Field(t->name(), Samples().at(t->name()).options);
    for (const auto& v : stored) {
      (void)boost::json::serialize(t->ToJson(f, v));
      (void)t->Format(f, v, false);
      (void)t->Format(f, v, true);
    }
    (void)t->Mask("");
    (void)t->Mask("\xff");
    (void)t->Mask("x");
  }
}

TEST(FieldTypeDefaults, UnknownOptionsAreRefusedButCommonOnesPass) {
  EXPECT_EQ(OptionError("switch", R"({"colour":"red"})"), "colour");
  EXPECT_EQ(OptionError("switch", R"({"default":true,"help":"是否到店","placeholder":"",
      "visible_if":{"field":"a"},"editable_if":null,"width":2})"),
            "");
  EXPECT_TRUE(IsCommonOption("help"));
  EXPECT_FALSE(IsCommonOption("choices"));
  const Status s = Type("email").CheckOptions(J(R"({"x":1})").as_object());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message_en, "Invalid option \"x\": This field type has no such option");
  EXPECT_EQ(s.error().message_zh, "选项「x」无效：此字段类型不支持该选项");
  // A hostile option name is cut in messages.
  const std::string long_name(500, 'k');
  boost::json::object o;
  o[long_name] = 1;
  const Status cut = Type("email").CheckOptions(o);
  ASSERT_FALSE(cut.ok());
  EXPECT_LT(cut.error().message_en.size(), 160u);
}

TEST(FieldTypeDefaults, HelpersBuildStableErrors) {
  FieldDef f = Field("text");
  f.name = "phone";
  const Error e = InvalidValue(f, "phone.invalid", "请输入", "Enter");
  EXPECT_EQ(e.code, "record.invalid_value");
  EXPECT_EQ(e.kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(e.http_status, 422);
  EXPECT_EQ(boost::json::serialize(e.details),
            R"({"field":"phone","reason":"phone.invalid","fields":{"phone":"phone.invalid"}})");
  const Error o = InvalidOption("max_length", "太长", "too long");
  EXPECT_EQ(o.code, "schema.invalid_options");
  EXPECT_EQ(o.http_status, 422);
  EXPECT_EQ(boost::json::serialize(o.details), R"({"option":"max_length"})");
}

TEST(FieldTypeDefaults, DefaultFormatAndMask) {
  const FieldType& t = Type("integer");
  const FieldDef f = Field("integer");
  EXPECT_EQ(t.Format(f, storage::Value{int64_t{42}}, false), "42");
  EXPECT_EQ(Type("relation")
                .Format(Field("relation", R"({"target":"c"})"), storage::Value{int64_t{5}}, false),
            "5");
  EXPECT_EQ(Type("user").Mask("王丽华"), "王*华");
}

}  // namespace
}  // namespace peony::schema::testing
