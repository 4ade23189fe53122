// Date and time types: date, datetime, time, year_month.
#include <gtest/gtest.h>

#include "common/clock.h"
#include "unit/platform/schema/types/type_test_util.h"

namespace peony::schema::testing {
namespace {

std::string At(std::string_view rfc3339) {
  return "int:" + std::to_string(ParseRfc3339(rfc3339).value_or(-1));
}

TEST(DateTimeTypes, DatesAreIsoDaysIncludingLeapDays) {
  const FieldDef f = Field("date");
  ExpectCases(f, {{R"("2026-01-02")", "text:2026-01-02"},
                  {R"("2024-02-29")", "text:2024-02-29"},
                  {R"("2000-02-29")", "text:2000-02-29"},
                  {R"("2026-02-29")", "!date.invalid"},
                  {R"("1900-02-29")", "!date.invalid"},
                  {R"("2026-13-01")", "!date.invalid"},
                  {R"("2026/1/2")", "!date.invalid"},
                  {R"("0202-01-01")", "!date.out_of_range"},
                  {R"("")", "null"},
                  {"20260102", "!date.wrong_type"},
                  {R"({"y":2026})", "!date.wrong_type"}});
}

TEST(DateTimeTypes, LenientDatesReadSpreadsheetForms) {
  const FieldDef f = Field("date");
  ExpectCases(f,
              {{R"("2026/1/2")", "text:2026-01-02"},
               {R"("2026-1-2")", "text:2026-01-02"},
               {R"("2026.01.02")", "text:2026-01-02"},
               {R"("2026年1月2日")", "text:2026-01-02"},
               {R"("２０２６年１月２日")", "text:2026-01-02"},
               {R"("20260102")", "text:2026-01-02"},
               {R"("2026-01-02 00:00:00")", "text:2026-01-02"},
               {R"("2024/2/29")", "text:2024-02-29"},
               {R"("2026/2/29")", "!date.invalid"},
               {R"("2026-01-02 10:30")", "!date.invalid"},
               {R"("2026年13月2日")", "!date.invalid"},
               {R"("next tuesday")", "!date.invalid"},
               {"20260102", "text:2026-01-02"},
               {"46024", "text:2026-01-02"},  // a spreadsheet's serial day
               {"59", "text:1900-02-28"},
               {"61", "text:1900-03-01"},
               {"60", "!date.invalid"},  // the spreadsheet's 1900-02-29, which never was
               {"-1", "!date.invalid"}},
              true);
}

TEST(DateTimeTypes, DateBoundsAreOptions) {
  const FieldDef f = Field("date", R"({"min":"2026-01-01","max":"2026-12-31"})");
  ExpectCases(f,
              {{R"("2026-06-01")", "text:2026-06-01"}, {R"("2025-12-31")", "!date.out_of_range"}});
  EXPECT_EQ(OptionError("date", R"({"min":"2026-02-30"})"), "min");
  EXPECT_EQ(OptionError("date", R"({"min":"2026-03-01","max":"2026-02-01"})"), "min");
  EXPECT_EQ(OptionError("date", R"({"precision":1})"), "precision");
  ExpectRoundTrip(f, R"("2026-06-01")");
  EXPECT_EQ(Type("date").Format(f, storage::Value{std::string("2026-06-01")}, true), "2026-06-01");
}

TEST(DateTimeTypes, DateTimesTakeRfc3339WithAnOffset) {
  const FieldDef f = Field("datetime");
  ExpectCases(f, {{R"("2026-01-02T10:30:00+08:00")", At("2026-01-02T02:30:00Z")},
                  {R"("2026-01-02T02:30:00.123Z")", At("2026-01-02T02:30:00.123Z")},
                  {R"("2026-01-02T10:30:00")", "!datetime.missing_offset"},
                  {R"("2026-01-02 10:30")", "!datetime.missing_offset"},
                  {R"("2026-02-30T10:30:00Z")", "!datetime.invalid"},
                  {R"("yesterday")", "!datetime.invalid"},
                  {"1767320000000", "!datetime.wrong_type"}});
  const storage::Value v = Stored(f, R"("2026-01-02T10:30:00+08:00")");
  EXPECT_EQ(boost::json::serialize(Type("datetime").ToJson(f, v)), R"("2026-01-02T02:30:00.000Z")");
  EXPECT_EQ(Type("datetime").Format(f, v, false), "2026-01-02 02:30");
  ExpectRoundTrip(f, R"("2026-01-02T10:30:00+08:00")");
}

TEST(DateTimeTypes, LenientDateTimesAreReadInTheOrganisationsZone) {
  const FieldDef f = Field("datetime");
  EXPECT_EQ(NormValue(f, J(R"("2026-01-02 10:30")"), true), At("2026-01-02T02:30:00Z"));
  EXPECT_EQ(NormValue(f, J(R"("2026/1/2 10:30:15")"), true), At("2026-01-02T02:30:15Z"));
  EXPECT_EQ(NormValue(f, J(R"("2026年1月2日 10点30分")"), true), At("2026-01-02T02:30:00Z"));
  EXPECT_EQ(NormValue(f, J(R"("2026-01-02")"), true), At("2026-01-01T16:00:00Z"));
  EXPECT_EQ(NormValue(f, J(R"("2026-01-02T10:30:00Z")"), true), At("2026-01-02T10:30:00Z"));
  EXPECT_EQ(NormValue(f, J("46024.4375"), true), At("2026-01-02T02:30:00Z"));  // serial 10:30
  // New York, across the spring-forward gap and the fall-back overlap.
  EXPECT_EQ(NormValue(f, J(R"("2026-03-08 02:30")"), true, "America/New_York"),
            At("2026-03-08T07:30:00Z"));
  EXPECT_EQ(NormValue(f, J(R"("2026-11-01 01:30")"), true, "America/New_York"),
            At("2026-11-01T05:30:00Z"));
  EXPECT_EQ(NormValue(f, J(R"("2026-01-02 24:00")"), true), "!datetime.invalid");
  EXPECT_EQ(NormValue(f, J(R"("2026-01-02 10:30")"), true, "Mars/Base"), "!time.unknown_zone");
}

TEST(DateTimeTypes, TimesOfDayAreHoursAndMinutes) {
  const FieldDef f = Field("time");
  ExpectCases(f, {{R"("09:30")", "text:09:30"},
                  {R"("23:59")", "text:23:59"},
                  {R"("09:30:00")", "text:09:30"},
                  {R"("09:30:15")", "!time.invalid"},
                  {R"("9:30")", "!time.invalid"},
                  {R"("24:00")", "!time.invalid"},
                  {R"("12:60")", "!time.invalid"},
                  {"930", "!time.wrong_type"}});
  ExpectCases(f,
              {{R"("9:30")", "text:09:30"},
               {R"("9点30分")", "text:09:30"},
               {R"("9点半")", "text:09:30"},
               {R"("14点")", "text:14:00"},
               {R"("0930")", "text:09:30"},
               {"0.395833333333", "text:09:30"},
               {"1.5", "!time.invalid"}},
              true);
  ExpectRoundTrip(f, R"("09:30")");
}

TEST(DateTimeTypes, YearMonthsAreIsoMonths) {
  const FieldDef f = Field("year_month");
  ExpectCases(f, {{R"("2026-01")", "text:2026-01"},
                  {R"("2026-13")", "!year_month.invalid"},
                  {R"("2026-1")", "!year_month.invalid"},
                  {R"("2026-01-15")", "!year_month.invalid"},
                  {"202601", "!year_month.wrong_type"}});
  ExpectCases(f,
              {{R"("2026/1")", "text:2026-01"},
               {R"("2026.12")", "text:2026-12"},
               {R"("2026-1")", "text:2026-01"},
               {R"("2026年1月")", "text:2026-01"},
               {R"("202601")", "text:2026-01"},
               {"202601", "text:2026-01"},
               {R"("2026年13月")", "!year_month.invalid"},
               {R"("2026-01-15")", "!year_month.invalid"}},
              true);
  ExpectRoundTrip(f, R"("2026-01")");
}

}  // namespace
}  // namespace peony::schema::testing
