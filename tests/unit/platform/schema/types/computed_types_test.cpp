// Computed types: formula and serial (with the serial-number functions for the engine).
#include <gtest/gtest.h>

#include "platform/schema/types/serial.h"
#include "unit/platform/schema/types/type_test_util.h"

namespace peony::schema::testing {
namespace {

TEST(ComputedTypes, FormulaOptionsNeedAnExpressionAndAResultType) {
  EXPECT_EQ(OptionError("formula",
                        R"({"expression":"price * qty","result_type":"number","precision":2})"),
            "");
  EXPECT_EQ(OptionError("formula", R"({"result_type":"number"})"), "expression");
  EXPECT_EQ(OptionError("formula", R"({"expression":"  ","result_type":"number"})"), "expression");
  EXPECT_EQ(OptionError("formula", R"({"expression":"1"})"), "result_type");
  EXPECT_EQ(OptionError("formula", R"({"expression":"1","result_type":"money"})"), "result_type");
  EXPECT_EQ(OptionError("formula", R"({"expression":"1","result_type":"text","precision":2})"),
            "precision");
  const std::string long_expression(2001, '1');
  EXPECT_EQ(
      OptionError("formula", R"({"result_type":"number","expression":")" + long_expression + "\"}"),
      "expression");
}

TEST(ComputedTypes, FormulaStorageFollowsItsResultType) {
  const FieldType& t = Type("formula");
  EXPECT_TRUE(t.computed());
  auto storage = [&](std::string_view r) {
    return t.StorageFor(
        J(R"({"expression":"1","result_type":")" + std::string(r) + "\"}").as_object());
  };
  EXPECT_EQ(storage("number"), StorageKind::kReal);
  EXPECT_EQ(storage("text"), StorageKind::kText);
  EXPECT_EQ(storage("date"), StorageKind::kText);
  EXPECT_EQ(storage("boolean"), StorageKind::kInteger);
  const auto text_ops = t.OperatorsFor(J(R"({"result_type":"text"})").as_object());
  EXPECT_NE(std::find(text_ops.begin(), text_ops.end(), "contains"), text_ops.end());
  EXPECT_EQ(Type("text").StorageFor({}), StorageKind::kText);
}

TEST(ComputedTypes, FormulaResultsBecomeTheirStoredForm) {
  const FieldDef number =
      Field("formula", R"({"expression":"a/3","result_type":"number","precision":2})");
  EXPECT_EQ(Norm(number, "3.14159"), "real:3.1400000000000001");
  EXPECT_EQ(Type("formula").Format(number, storage::Value{3.14}, false), "3.14");
  const FieldDef boolean = Field("formula", R"({"expression":"a>1","result_type":"boolean"})");
  EXPECT_EQ(Norm(boolean, "true"), "int:1");
  EXPECT_EQ(Type("formula").Format(boolean, storage::Value{int64_t{1}}, false), "是");
  EXPECT_EQ(boost::json::serialize(Type("formula").ToJson(boolean, storage::Value{int64_t{0}})),
            "false");
  const FieldDef date = Field("formula", R"j({"expression":"TODAY()","result_type":"date"})j");
  EXPECT_EQ(Norm(date, R"("2026-01-02")"), "text:2026-01-02");
  EXPECT_EQ(Norm(date, R"("2026-02-30")"), "!date.invalid");
  const FieldDef text = Field("formula", R"({"expression":"a","result_type":"text"})");
  EXPECT_EQ(Norm(text, R"("王丽华 VIP")"), "text:王丽华 VIP");
  ExpectRoundTrip(number, "2.5");
  ExpectRoundTrip(boolean, "false");
}

SerialPattern Pattern(std::string_view p) {
  auto r = ParseSerialPattern(p);
  EXPECT_TRUE(r.ok()) << p;
  return r.ok() ? *r : SerialPattern{};
}

TEST(ComputedTypes, SerialPatternsRenderDatesCountersAndBranches) {
  const LocalDate day{2026, 1, 2};
  EXPECT_EQ(RenderSerial(Pattern("KH{YYYYMMDD}{0000}"), day, 7, ""), "KH202601020007");
  EXPECT_EQ(RenderSerial(Pattern("{BRANCH}-{YY}{MM}-{000}"), day, 42, "SZ01"), "SZ01-2601-042");
  EXPECT_EQ(RenderSerial(Pattern("单{YYYY}/{MM}/{DD}#{000}"), day, 1, ""), "单2026/01/02#001");
  EXPECT_EQ(RenderSerial(Pattern("NO{00000}"), day, 123, ""), "NO00123");
  EXPECT_EQ(RenderSerial(Pattern("NO{000}"), day, 12345, ""), "NO12345");  // wider, never cut
  EXPECT_EQ(RenderSerial(Pattern("M{YYYYMM}{000000000}"), day, 1, ""), "M202601000000001");
}

TEST(ComputedTypes, SerialCountersResetWhenTheDatePartChanges) {
  const SerialPattern daily = Pattern("KH{YYYYMMDD}{0000}");
  EXPECT_EQ(SerialPeriodKey(daily, {2026, 1, 2}, "SZ"), "20260102");
  EXPECT_NE(SerialPeriodKey(daily, {2026, 1, 2}, ""), SerialPeriodKey(daily, {2026, 1, 3}, ""));
  const SerialPattern monthly = Pattern("KH{YYYY}-{MM}{0000}");
  EXPECT_EQ(SerialPeriodKey(monthly, {2026, 1, 2}, ""), "202601");
  EXPECT_EQ(SerialPeriodKey(monthly, {2026, 1, 31}, ""),
            SerialPeriodKey(monthly, {2026, 1, 2}, ""));
  EXPECT_EQ(SerialPeriodKey(Pattern("Y{YY}{000}"), {2026, 5, 5}, ""), "2026");
  EXPECT_EQ(SerialPeriodKey(Pattern("N{000}"), {2026, 5, 5}, "SZ"), "");
  const SerialPattern branch = Pattern("{BRANCH}{YYYYMMDD}{000}");
  EXPECT_EQ(SerialPeriodKey(branch, {2026, 1, 2}, "SZ01"), "20260102|SZ01");
  EXPECT_NE(SerialPeriodKey(branch, {2026, 1, 2}, "SZ01"),
            SerialPeriodKey(branch, {2026, 1, 2}, "GZ01"));
  EXPECT_EQ(Pattern("A{YYYYMMDD}{000}").period, SerialPattern::Period::kDay);
  EXPECT_EQ(Pattern("A{000}").period, SerialPattern::Period::kNever);
}

TEST(ComputedTypes, BadSerialPatternsAreRefused) {
  for (std::string_view bad : {"KH{YYYYMMDD}", "KH{00}", "KH{0000000000}", "{000}{000}", "KH{YYYY",
                               "KH}{000}", "KH{yyyy}{000}", "{MM}{000}", "{YYYY}{DD}{000}",
                               "{BRANCH}{BRANCH}{000}", "", "KH\n{000}"}) {
    auto r = ParseSerialPattern(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, "schema.invalid_options") << bad;
    EXPECT_EQ(r.error().details.as_object().at("option").as_string(), "pattern") << bad;
  }
  EXPECT_EQ(OptionError("serial", R"({"pattern":"KH{YYYYMMDD}{0000}"})"), "");
  EXPECT_EQ(OptionError("serial", R"({})"), "pattern");
  EXPECT_EQ(OptionError("serial", R"({"pattern":"KH{0000}","start":5})"), "start");
  const std::string long_pattern = std::string(70, 'K') + "{000}";
  EXPECT_EQ(OptionError("serial", R"({"pattern":")" + long_pattern + "\"}"), "pattern");
}

TEST(ComputedTypes, SerialValuesAreTextTheEngineWrites) {
  const FieldDef f = Field("serial", R"({"pattern":"KH{YYYYMMDD}{0000}"})");
  EXPECT_TRUE(Type("serial").computed());
  EXPECT_TRUE(Type("serial").searchable());
  EXPECT_EQ(Norm(f, R"("KH202601020007")"), "text:KH202601020007");
  ExpectRoundTrip(f, R"("KH202601020007")");
}

}  // namespace
}  // namespace peony::schema::testing
