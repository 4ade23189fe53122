// The public API around the cases: positions in the tree, what Compile reports, contexts, records
// of the wrong type, and the number and calendar helpers.
#include <gtest/gtest.h>

#include "platform/formula/calendar.h"
#include "platform/formula/formula.h"
#include "platform/formula/number.h"

namespace peony::formula {
namespace {

const FieldList& Fields() {
  static const FieldList fields({
      FieldInfo{"price", "单价", ValueType::kMoney},
      FieldInfo{"qty", "数量", ValueType::kNumber},
      FieldInfo{"name", "姓名", ValueType::kText},
      FieldInfo{"visit", "到店时间", ValueType::kDateTime},
  });
  return fields;
}

TEST(FormulaParser, NodesCarryByteOffsetsAndCharacterColumns) {
  auto ast = Parse("{单价} + 1");
  ASSERT_TRUE(ast.ok());
  const Node& root = *ast->root;
  EXPECT_EQ(root.kind, NodeKind::kBinary);
  EXPECT_EQ(root.pos.offset, 9u);  // "{单价}" is 8 bytes, then a space
  EXPECT_EQ(root.pos.column, 6u);
  EXPECT_EQ(root.begin, 0u);
  EXPECT_EQ(root.end, 12u);
  EXPECT_EQ(root.args[1]->pos.column, 8u);
}

TEST(FormulaCompile, ReportsTheResultTypeDependenciesAndClock) {
  auto f = Compile("IF({数量} > 0, {单价} * {数量}, 0)", Fields());
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->result_type, ValueType::kNumber);
  EXPECT_EQ(f->dependencies, (std::vector<std::string>{"qty", "price"}));
  EXPECT_FALSE(f->uses_clock);
  auto clock = Compile("DATEDIF({到店时间}, NOW(), \"D\")", Fields());
  ASSERT_TRUE(clock.ok());
  EXPECT_TRUE(clock->uses_clock);
}

TEST(FormulaCompile, ErrorsAreUnprocessableInputs) {
  auto r = Compile("{姓名} + 1", Fields());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(r.error().http_status, 422);
  EXPECT_EQ(r.error().message_en, "{姓名} + 1: cannot add text and number (at character 6)");
}

TEST(FormulaCompile, FunctionNamesListsEveryRequiredFunction) {
  const auto names = FunctionNames();
  for (const char* required :
       {"IF",         "IFS",        "SWITCH", "AND",      "OR",        "NOT",     "ISBLANK",
        "BLANKVALUE", "IFBLANK",    "ROUND",  "ROUNDUP",  "ROUNDDOWN", "ABS",     "MIN",
        "MAX",        "MOD",        "POWER",  "INT",      "SUM",       "COUNT",   "AVERAGE",
        "CONCAT",     "LEFT",       "RIGHT",  "MID",      "LEN",       "UPPER",   "LOWER",
        "TRIM",       "SUBSTITUTE", "FIND",   "CONTAINS", "TEXT",      "VALUE",   "TODAY",
        "NOW",        "DATE",       "YEAR",   "MONTH",    "DAY",       "WEEKDAY", "DATEADD",
        "DATEDIF",    "EOMONTH"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), required), names.end()) << required;
  }
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
}

TEST(FormulaEvaluate, ACompiledFormulaIsReusableAndCopyable) {
  auto f = Compile("{单价} * {数量}", Fields());
  ASSERT_TRUE(f.ok());
  const BoundFormula copy = *f;
  auto ctx = MakeEvalContext(0, "Asia/Shanghai");
  ASSERT_TRUE(ctx.ok());
  for (int qty = 1; qty <= 3; ++qty) {
    MapRecord r;
    r.Set("price", 12000.0);
    r.Set("qty", double(qty));
    auto v = Evaluate(copy, r, *ctx);
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(std::get<double>(*v), 120.0 * qty);
  }
}

TEST(FormulaEvaluate, AValueOfTheWrongTypeInTheRecordIsAnInternalError) {
  auto f = Compile("{数量} + 1", Fields());
  ASSERT_TRUE(f.ok());
  MapRecord r;
  r.Set("qty", std::string("3"));
  auto ctx = MakeEvalContext(0, "UTC");
  ASSERT_TRUE(ctx.ok());
  auto v = Evaluate(*f, r, *ctx);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code, "formula.invalid_record");
  EXPECT_EQ(v.error().kind, ErrorKind::kInternal);
  r.Set("qty", std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(Evaluate(*f, r, *ctx).error().code, "formula.invalid_record");
}

TEST(FormulaEvaluate, TimeZonesAreChecked) {
  auto bad = MakeEvalContext(0, "Mars/Olympus_Mons");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "formula.invalid_time_zone");
  auto f = Compile("YEAR({到店时间})", Fields());
  ASSERT_TRUE(f.ok());
  EvalContext ctx;
  ctx.time_zone = "Nowhere/Atlantis";
  MapRecord r;
  r.Set("visit", DateTime{0});
  EXPECT_EQ(Evaluate(*f, r, ctx).error().code, "formula.invalid_time_zone");
}

TEST(FormulaEvaluate, MakeEvalContextDerivesTodayInTheZone) {
  // 2026-11-22T17:00:00Z is already the 23rd in Shanghai.
  auto ctx = MakeEvalContext(*ParseRfc3339("2026-11-22T17:00:00Z"), "Asia/Shanghai");
  ASSERT_TRUE(ctx.ok());
  EXPECT_EQ(ctx->today, (Date{2026, 11, 23}));
}

TEST(FormulaValues, ReprAndToFen) {
  EXPECT_EQ(Repr(Value{}), "blank");
  EXPECT_EQ(Repr(Value(std::string("王\"x"))), "\"王\\\"x\"");
  EXPECT_EQ(Repr(Value(Date{2024, 2, 29})), "2024-02-29");
  EXPECT_EQ(Repr(Value(DateTime{0})), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(*ToFen(123.455), 12346);
  EXPECT_EQ(*ToFen(0.1 + 0.2), 30);
  EXPECT_EQ(*ToFen(-1.005), -101);
  EXPECT_EQ(ToFen(1e20).error().code, "formula.number_out_of_range");
}

TEST(FormulaNumbers, RoundingIsDecimal) {
  EXPECT_EQ(RoundDecimal(2.675, 2, RoundMode::kHalfAwayFromZero), 2.68);
  EXPECT_EQ(RoundDecimal(-0.5, 0, RoundMode::kHalfAwayFromZero), -1);
  EXPECT_EQ(RoundDecimal(-0.4, 0, RoundMode::kHalfAwayFromZero), 0);
  EXPECT_FALSE(std::signbit(RoundDecimal(-0.4, 0, RoundMode::kHalfAwayFromZero)));
  EXPECT_EQ(RoundDecimal(999.99, 1, RoundMode::kHalfAwayFromZero), 1000);
  EXPECT_EQ(RoundDecimal(1e300, 2, RoundMode::kHalfAwayFromZero), 1e300);
  EXPECT_EQ(RoundDecimal(1.5e-300, 2, RoundMode::kAwayFromZero), 0.01);
  EXPECT_EQ(Normalize15(0.1 + 0.2), 0.3);
  EXPECT_EQ(FormatFixed(1234567.5, 0, 1, true), "1,234,568");
  EXPECT_EQ(FormatFixed(-0.001, 2, 1, false), "0.00");
  EXPECT_EQ(ParseNumberText("1,234"), 1234);
  EXPECT_EQ(ParseNumberText(",1"), std::nullopt);
  EXPECT_EQ(ParseNumberText("+5"), 5);
  EXPECT_EQ(ParseNumberText("--5"), std::nullopt);
  EXPECT_EQ(ParseNumberText("1e999"), std::nullopt);
}

TEST(FormulaCalendar, DaysRoundTripAcrossTheWholeRange) {
  for (int64_t days = DaysFromCivil({1, 1, 1}); days <= DaysFromCivil({9999, 12, 31});
       days += 997) {
    const Date d = CivilFromDays(days);
    ASSERT_TRUE(IsValidDate(d.year, d.month, d.day));
    ASSERT_EQ(DaysFromCivil(d), days);
  }
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(DayOfWeek({1970, 1, 1}), 4);
  EXPECT_EQ(DayOfWeek({1969, 12, 28}), 0);
  EXPECT_EQ(AddMonths({2024, 3, 31}, -1), (Date{2024, 2, 29}));
  EXPECT_EQ(AddMonths({1, 1, 1}, -1), std::nullopt);
  EXPECT_EQ(AddDays({9999, 12, 31}, 1), std::nullopt);
  EXPECT_EQ(ParseDate("2026-02-29"), std::nullopt);
  EXPECT_EQ(ParseDate("2026-2-28"), std::nullopt);
  EXPECT_EQ(ParseDate("2024-02-29"), (Date{2024, 2, 29}));
}

}  // namespace
}  // namespace peony::formula
