// Huge and hostile inputs: every one ends in a value or a named error, never a crash.
#include <gtest/gtest.h>

#include "platform/formula/formula.h"

namespace peony::formula {
namespace {

const FieldList& Fields() {
  static const FieldList fields({
      FieldInfo{"note", "备注", ValueType::kText},
      FieldInfo{
          "lines", "明细", ValueType::kBlank, true, {FieldInfo{"qty", "数量", ValueType::kNumber}}},
  });
  return fields;
}

EvalContext Context() {
  auto ctx = MakeEvalContext(1'795'000'000'000, "Asia/Shanghai");
  EXPECT_TRUE(ctx.ok());
  return *ctx;
}

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

int Position(const Error& e) { return e.details.as_object().at("position").to_number<int>(); }

TEST(FormulaLimits, TwoThousandBytesParseAndOneMoreIsTooLong) {
  const std::string at_limit = "11" + Repeat("+1", 999);
  ASSERT_EQ(at_limit.size(), 2000u);
  auto ok = Compile(at_limit, Fields());
  ASSERT_TRUE(ok.ok()) << ok.error().code;
  auto over = Compile(at_limit + "1", Fields());
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, "formula.too_long");
  EXPECT_EQ(over.error().message_en, "The formula is too long: at most 2000 bytes, got 2001");
}

TEST(FormulaLimits, TheLimitCountsBytesNotCharacters) {
  const std::string chinese = "\"" + Repeat("王", 666) + "\"";  // 2 + 1998 bytes
  EXPECT_TRUE(Compile(chinese, Fields()).ok());
  auto over = Compile(chinese + " ", Fields());
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, "formula.too_long");
}

TEST(FormulaLimits, TenThousandNestedParenthesesAreRefusedWithoutRecursingDeep) {
  const std::string nested = Repeat("(", 10'000) + "1" + Repeat(")", 10'000);
  auto by_length = Compile(nested, Fields());
  ASSERT_FALSE(by_length.ok());
  EXPECT_EQ(by_length.error().code, "formula.too_long");
  // Even with the length limit lifted, the depth limit stops the parser at level 65.
  auto by_depth = Compile(nested, Fields(), ParseOptions{.max_bytes = 1 << 20});
  ASSERT_FALSE(by_depth.ok());
  EXPECT_EQ(by_depth.error().code, "formula.too_deep");
  EXPECT_EQ(Position(by_depth.error()), 65);
  auto signs = Compile(Repeat("-", 100'000) + "1", Fields(), ParseOptions{.max_bytes = 1 << 20});
  ASSERT_FALSE(signs.ok());
  EXPECT_EQ(signs.error().code, "formula.too_deep");
}

TEST(FormulaLimits, AThousandChainedAdditionsEvaluate) {
  const std::string chain = "1" + Repeat("+1", 999);
  auto f = Compile(chain, Fields());
  ASSERT_TRUE(f.ok()) << f.error().code;
  auto v = Evaluate(*f, MapRecord{}, Context());
  ASSERT_TRUE(v.ok()) << v.error().code;
  EXPECT_EQ(Repr(*v), "1000");
  // And a thousand chained & and comparisons.
  auto text = Compile("\"a\"" + Repeat("&\"a\"", 499), Fields());
  ASSERT_TRUE(text.ok());
  auto joined = Evaluate(*text, MapRecord{}, Context());
  ASSERT_TRUE(joined.ok());
  EXPECT_EQ(std::get<std::string>(*joined).size(), 500u);
  auto compare = Compile("TRUE" + Repeat("=TRUE", 332), Fields());
  ASSERT_TRUE(compare.ok());
  EXPECT_TRUE(Evaluate(*compare, MapRecord{}, Context()).ok());
}

TEST(FormulaLimits, SixtyFourLevelsOfEveryKindOfNestingEvaluate) {
  for (const std::string& source : {Repeat("IF(TRUE,", 64) + "1" + Repeat(",0)", 64),
                                    Repeat("ABS(", 64) + "1" + Repeat(")", 64),
                                    Repeat("LEN(1&1+1*-(", 21) + "1" + Repeat("))", 21),
                                    Repeat("(", 63) + "1" + Repeat("+1", 400) + Repeat(")", 63)}) {
    auto f = Compile(source, Fields());
    ASSERT_TRUE(f.ok()) << f.error().code << " " << source.substr(0, 40);
    auto v = Evaluate(*f, MapRecord{}, Context());
    ASSERT_TRUE(v.ok()) << v.error().code << " " << source.substr(0, 40);
    const BoundFormula copy = *f;  // copies and destructors cope as well
    EXPECT_EQ(copy.dependencies, f->dependencies);
  }
}

TEST(FormulaLimits, EmptyAndBlankFormulasAreSyntaxErrors) {
  for (const char* source : {"", "   ", "\n"}) {
    auto r = Compile(source, Fields());
    ASSERT_FALSE(r.ok()) << source;
    EXPECT_EQ(r.error().code, "formula.syntax");
  }
}

TEST(FormulaLimits, InvalidUtf8IsASyntaxErrorAtTheBadByte) {
  auto r = Compile("\"王\" & \"\xE4\xB8\"", Fields());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "formula.syntax");
  EXPECT_EQ(Position(r.error()), 8);
  EXPECT_EQ(r.error().details.as_object().at("expected").as_string(), "UTF-8");
  auto overlong = Compile("1 + \xC0\xAF", Fields());
  ASSERT_FALSE(overlong.ok());
  EXPECT_EQ(Position(overlong.error()), 5);
}

TEST(FormulaLimits, NulBytesInTextAreJustCharacters) {
  auto f = Compile(std::string("LEN(\"a\0b\")", 10), Fields());
  ASSERT_TRUE(f.ok()) << f.error().code;
  auto v = Evaluate(*f, MapRecord{}, Context());
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(Repr(*v), "3");
}

TEST(FormulaLimits, TooManyArgumentsIsWrongArity) {
  auto r = Compile("SUM(1" + Repeat(",1", 255) + ")", Fields());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "formula.wrong_arity");
}

TEST(FormulaLimits, EvaluationStopsAfterMaxSteps) {
  MapRecord record;
  for (int i = 0; i < 150'000; ++i) record.AddRow("lines", {{"qty", 1.0}});
  auto f = Compile("SUM({明细}.{数量})", Fields());
  ASSERT_TRUE(f.ok());
  auto v = Evaluate(*f, record, Context());
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code, "formula.too_complex");
  EvalContext small = Context();
  small.max_steps = 10;
  auto chain = Compile("1" + Repeat("+1", 10), Fields());
  ASSERT_TRUE(chain.ok());
  auto stopped = Evaluate(*chain, MapRecord{}, small);
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.error().code, "formula.too_complex");
}

TEST(FormulaLimits, TextCannotGrowPastTheLimit) {
  std::string source = "\"aaaaaaaaaa\"";
  for (int i = 0; i < 4; ++i) source = "SUBSTITUTE(" + source + ", \"a\", \"aaaaaaaaaa\")";
  auto f = Compile(source, Fields());
  ASSERT_TRUE(f.ok()) << f.error().code;
  auto v = Evaluate(*f, MapRecord{}, Context());
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code, "formula.text_too_long");
  MapRecord record;
  record.Set("note", std::string(40'000, 'x'));
  auto twice = Compile("{备注} & {备注}", Fields());
  ASSERT_TRUE(twice.ok());
  auto joined = Evaluate(*twice, record, Context());
  ASSERT_FALSE(joined.ok());
  EXPECT_EQ(joined.error().code, "formula.text_too_long");
}

}  // namespace
}  // namespace peony::formula
