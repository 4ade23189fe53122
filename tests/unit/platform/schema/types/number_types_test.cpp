// Number types: number, integer, money, percent, rating, duration.
#include <gtest/gtest.h>

#include <limits>

#include "unit/platform/schema/types/type_test_util.h"

namespace peony::schema::testing {
namespace {

std::string Fmt(const FieldDef& f, const storage::Value& v, bool english = false) {
  return Type(f.type).Format(f, v, english);
}

TEST(NumberTypes, NumbersAreFiniteAndBounded) {
  const FieldDef f = Field("number");
  ExpectCases(f, {
                     {"12.5", "real:12.5"},
                     {"-3", "real:-3"},
                     {"0", "real:0"},
                     {"-0.0", "real:0"},
                     {"1e15", "real:1000000000000000"},
                     {"1e16", "!number.out_of_range"},
                     {"1e400", "!number.not_a_number"},  // parsed as infinity
                     {R"("12")", "!number.wrong_type"},
                     {"true", "!number.wrong_type"},
                     {"[1]", "!number.wrong_type"},
                     {R"({"v":1})", "!number.wrong_type"},
                 });
  ExpectCases(f,
              {{R"("1,234.5")", "real:1234.5"},
               {R"(" +12 ")", "real:12"},
               {R"("１２.５")", "real:12.5"},
               {R"("1.5E3")", "real:1500"},
               {R"("")", "null"},
               {R"("12,34")", "!number.not_a_number"},
               {R"("NaN")", "!number.not_a_number"},
               {R"("inf")", "!number.not_a_number"},
               {R"("0x10")", "!number.not_a_number"},
               {R"("12abc")", "!number.not_a_number"}},
              /*lenient=*/true);
  EXPECT_EQ(NormValue(f, boost::json::value(std::numeric_limits<double>::quiet_NaN())),
            "!number.not_a_number");
  EXPECT_EQ(NormValue(f, boost::json::value(std::numeric_limits<double>::infinity())),
            "!number.not_a_number");
}

TEST(NumberTypes, PrecisionRoundsHalfAwayFromZeroOnTheDecimalForm) {
  const FieldDef f = Field("number", R"({"precision":2})");
  ExpectCases(f, {{"2.675", "real:2.6800000000000002"},  // the double nearest 2.68
                  {"-2.675", "real:-2.6800000000000002"},
                  {"1.005", "real:1.01"},
                  {"0.125", "real:0.13"},
                  {"0.30000000000000004", "real:0.29999999999999999"},  // 0.3
                  {"9.999", "real:10"}});
  EXPECT_EQ(Fmt(f, Stored(f, "0.1")), "0.10");
  EXPECT_EQ(Fmt(f, Stored(f, "2.675")), "2.68");
  const FieldDef whole = Field("number", R"({"precision":0})");
  EXPECT_EQ(Norm(whole, "2.5"), "real:3");
  EXPECT_EQ(Norm(whole, "-2.5"), "real:-3");
  EXPECT_EQ(Fmt(Field("number"), storage::Value{0.1 + 0.2}), "0.30000000000000004");
  EXPECT_EQ(boost::json::serialize(Type("number").ToJson(f, storage::Value{5.0})), "5");
  EXPECT_EQ(boost::json::serialize(Type("number").ToJson(f, storage::Value{})), "null");
  ExpectRoundTrip(f, "2.675");
}

TEST(NumberTypes, MinAndMaxBoundValues) {
  const FieldDef f = Field("number", R"({"min":0,"max":100})");
  ExpectCases(f, {{"0", "real:0"},
                  {"100", "real:100"},
                  {"-0.01", "!number.out_of_range"},
                  {"100.5", "!number.out_of_range"}});
  auto r = Type("number").Normalize(f, J("101"), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message_zh, "应在 0 到 100 之间");
  EXPECT_EQ(r.error().message_en, "Must be from 0 to 100");
  EXPECT_EQ(r.error().details.as_object().at("field").as_string(), "f");
  EXPECT_EQ(OptionError("number", R"({"min":5,"max":1})"), "min");
  EXPECT_EQ(OptionError("number", R"({"min":"0"})"), "min");
  EXPECT_EQ(OptionError("number", R"({"precision":7})"), "precision");
  EXPECT_EQ(OptionError("number", R"({"precision":2.5})"), "precision");
  EXPECT_EQ(OptionError("number", R"({"min":0,"max":1,"precision":3})"), "");
}

TEST(NumberTypes, IntegersAreWholeAndSafeForJavaScript) {
  const FieldDef f = Field("integer", R"({"min":-10})");
  ExpectCases(f, {{"42", "int:42"},
                  {"42.0", "int:42"},
                  {"42.5", "!integer.not_integer"},
                  {"-11", "!integer.out_of_range"},
                  {"9007199254740991", "int:9007199254740991"},
                  {"9007199254740992", "!integer.out_of_range"},
                  {"18446744073709551615", "!integer.out_of_range"},
                  {R"("42")", "!integer.wrong_type"}});
  ExpectCases(f,
              {{R"("1,234")", "int:1234"},
               {R"("12.0")", "int:12"},
               {R"("1.5")", "!integer.not_integer"},
               {R"("99999999999999999999")", "!integer.out_of_range"}},
              true);
  EXPECT_EQ(OptionError("integer", R"({"min":1.5})"), "min");
  EXPECT_EQ(Fmt(f, storage::Value{int64_t{-7}}), "-7");
}

TEST(NumberTypes, MoneyIsWholeFenThroughTheApi) {
  const FieldDef f = Field("money");
  ExpectCases(f, {{"123456", "int:123456"},
                  {"-500", "int:-500"},
                  {"0", "int:0"},
                  {"100.0", "int:100"},
                  {"12.5", "!money.not_integer"},
                  {R"("¥1,234.56")", "!money.wrong_type"},
                  {"true", "!money.wrong_type"},
                  {"1e300", "!money.out_of_range"}});
  EXPECT_EQ(Fmt(f, storage::Value{int64_t{123450}}), "¥1,234.50");
  EXPECT_EQ(Fmt(f, storage::Value{int64_t{5}}), "¥0.05");
  EXPECT_EQ(Fmt(f, storage::Value{int64_t{-123456789}}), "-¥1,234,567.89");
  EXPECT_EQ(Fmt(f, storage::Value{int64_t{0}}), "¥0.00");
  EXPECT_EQ(boost::json::serialize(Type("money").ToJson(f, storage::Value{int64_t{123450}})),
            "123450");
  ExpectRoundTrip(f, "123456");
}

TEST(NumberTypes, LenientMoneyIsYuanConvertedExactly) {
  const FieldDef f = Field("money");
  ExpectCases(f,
              {
                  {R"("¥1,234.56")", "int:123456"},
                  {R"("￥1,234.50")", "int:123450"},
                  {R"("1234.5")", "int:123450"},
                  {R"("1234.5元")", "int:123450"},
                  {R"("RMB 88")", "int:8800"},
                  {R"("-¥12.30")", "int:-1230"},
                  {R"("1.15")", "int:115"},  // 1.15 * 100 is 114.99999999999999 in doubles
                  {R"("0.29")", "int:29"},   // 0.29 * 100 is 28.999999999999996
                  {R"("4.35")", "int:435"},  // 4.35 * 100 is 434.99999999999994
                  {R"("19.999")", "!money.too_many_decimals"},
                  {R"("19.9900")", "int:1999"},
                  {R"("abc")", "!money.not_a_number"},
                  {R"("1e3")", "!money.not_a_number"},
                  {R"("999999999999999")", "!money.out_of_range"},
                  {"1234.5", "int:123450"},           // a spreadsheet cell's number is yuan too
                  {"0.30000000000000004", "int:30"},  // 0.1 + 0.2 in a cell
                  {"1.15", "int:115"},
                  {R"("")", "null"},
              },
              true);
  EXPECT_EQ(NormValue(f, boost::json::value(0.1 + 0.2), true), "int:30");
  EXPECT_EQ(OptionError("money", R"({"min":0,"max":100000})"), "");
  EXPECT_EQ(Norm(Field("money", R"({"min":0})"), "-1"), "!money.out_of_range");
}

TEST(NumberTypes, PercentIsInPercentUnits) {
  const FieldDef f = Field("percent", R"({"min":0,"max":100})");
  ExpectCases(f, {{"12.5", "real:12.5"},
                  {"101", "!percent.out_of_range"},
                  {R"("12.5%")", "!percent.wrong_type"}});
  ExpectCases(
      f, {{R"("12.5%")", "real:12.5"}, {R"("12.5％")", "real:12.5"}, {R"("12.5")", "real:12.5"}},
      true);
  EXPECT_EQ(Fmt(f, storage::Value{12.5}), "12.5%");
  EXPECT_EQ(Fmt(Field("percent", R"({"precision":1})"), storage::Value{12.0}), "12.0%");
}

TEST(NumberTypes, RatingsCountStarsUpToMax) {
  const FieldDef f = Field("rating");
  ExpectCases(f, {{"5", "int:5"},
                  {"1", "int:1"},
                  {"0", "!rating.out_of_range"},
                  {"6", "!rating.out_of_range"},
                  {"4.5", "!rating.not_integer"}});
  ExpectCases(
      f,
      {{R"("4")", "int:4"}, {R"("★★★")", "int:3"}, {R"("★★★★☆")", "int:4"}, {R"("4/5")", "int:4"}},
      true);
  const FieldDef ten = Field("rating", R"({"max":10})");
  EXPECT_EQ(Norm(ten, "10"), "int:10");
  EXPECT_EQ(Fmt(ten, storage::Value{int64_t{7}}), "7/10");
  EXPECT_EQ(OptionError("rating", R"({"max":11})"), "max");
  EXPECT_EQ(OptionError("rating", R"({"min":1})"), "min");
}

TEST(NumberTypes, DurationsAreWholeMinutes) {
  const FieldDef f = Field("duration");
  ExpectCases(
      f,
      {{"90", "int:90"}, {"-5", "!duration.out_of_range"}, {R"("1h30m")", "!duration.wrong_type"}});
  ExpectCases(f,
              {{R"("1h30m")", "int:90"},
               {R"("1 h 30 min")", "int:90"},
               {R"("90分钟")", "int:90"},
               {R"("1小时30分")", "int:90"},
               {R"("1.5h")", "int:90"},
               {R"("1:30")", "int:90"},
               {R"("2天")", "int:2880"},
               {R"("45")", "int:45"},
               {R"("0.5m")", "!duration.invalid"},
               {R"("1h30")", "!duration.invalid"},
               {R"("abc")", "!duration.invalid"}},
              true);
  EXPECT_EQ(Fmt(f, storage::Value{int64_t{90}}), "1小时30分钟");
  EXPECT_EQ(Fmt(f, storage::Value{int64_t{90}}, true), "1 h 30 min");
  EXPECT_EQ(Fmt(f, storage::Value{int64_t{45}}), "45分钟");
  EXPECT_EQ(Fmt(f, storage::Value{int64_t{120}}, true), "2 h");
  EXPECT_EQ(Lenient(f, "\"" + Fmt(f, storage::Value{int64_t{150}}) + "\""), "int:150");
}

}  // namespace
}  // namespace peony::schema::testing
