#include "common/time_zone.h"

#include <gtest/gtest.h>

#include "common/clock.h"

namespace peony {
namespace {

UtcMillis At(std::string_view rfc3339) {
  auto t = ParseRfc3339(rfc3339);
  EXPECT_TRUE(t.has_value()) << rfc3339;
  return t.value_or(0);
}

TimeZone Zone(std::string_view name) {
  auto tz = TimeZone::Find(name);
  EXPECT_TRUE(tz.ok()) << name;
  return tz.ok() ? *tz : TimeZone::Utc();
}

LocalDateTime Local(int y, unsigned m, unsigned d, int h, int mi, int s = 0) {
  return LocalDateTime{LocalDate{y, m, d}, h, mi, s, 0};
}

TEST(TimeZone, ShanghaiIsEightHoursAheadAllYear) {
  const TimeZone sh = Zone("Asia/Shanghai");
  EXPECT_EQ(sh.name(), "Asia/Shanghai");
  EXPECT_EQ(sh.ToUtc(Local(2026, 1, 2, 10, 30)), At("2026-01-02T02:30:00Z"));
  EXPECT_EQ(sh.ToUtc(Local(2026, 7, 1, 0, 0)), At("2026-06-30T16:00:00Z"));
  EXPECT_EQ(sh.StartOfDay({2026, 1, 2}), At("2026-01-01T16:00:00Z"));
  EXPECT_EQ(sh.OffsetMinutes(At("2026-03-08T12:00:00Z")), 480);
  EXPECT_EQ(sh.ToLocal(At("2026-01-01T16:00:00.250Z")),
            (LocalDateTime{{2026, 1, 2}, 0, 0, 0, 250}));
  EXPECT_EQ(sh.DateOf(At("2026-01-01T15:59:59.999Z")), (LocalDate{2026, 1, 1}));
  EXPECT_EQ(sh.FormatLocal(At("2026-01-02T02:30:59Z")), "2026-01-02 10:30");
  EXPECT_EQ(sh.FormatRfc3339Local(At("2026-01-02T02:30:00Z")), "2026-01-02T10:30:00.000+08:00");
}

TEST(TimeZone, NewYorkSpringForwardMovesGapTimesForward) {
  const TimeZone ny = Zone("America/New_York");
  // 2026-03-08: at 02:00 EST clocks jump to 03:00 EDT.
  EXPECT_EQ(ny.ToUtc(Local(2026, 3, 8, 1, 59, 59)), At("2026-03-08T06:59:59Z"));
  EXPECT_EQ(ny.ToUtc(Local(2026, 3, 8, 2, 30)), At("2026-03-08T07:30:00Z"));  // = 03:30 EDT
  EXPECT_EQ(ny.ToUtc(Local(2026, 3, 8, 3, 0)), At("2026-03-08T07:00:00Z"));
  EXPECT_EQ(ny.ToLocal(At("2026-03-08T07:30:00Z")), Local(2026, 3, 8, 3, 30));
  EXPECT_EQ(ny.OffsetMinutes(At("2026-03-08T06:59:59Z")), -300);
  EXPECT_EQ(ny.OffsetMinutes(At("2026-03-08T07:00:00Z")), -240);
  EXPECT_EQ(ny.StartOfDay({2026, 3, 9}) - ny.StartOfDay({2026, 3, 8}), 23 * 3'600'000);
}

TEST(TimeZone, NewYorkFallBackTakesTheEarlierOfTwoTimes) {
  const TimeZone ny = Zone("America/New_York");
  // 2026-11-01: at 02:00 EDT clocks go back to 01:00 EST, so 01:30 happens twice.
  EXPECT_EQ(ny.ToUtc(Local(2026, 11, 1, 1, 30)), At("2026-11-01T05:30:00Z"));
  EXPECT_EQ(ny.ToLocal(At("2026-11-01T05:30:00Z")), Local(2026, 11, 1, 1, 30));
  EXPECT_EQ(ny.ToLocal(At("2026-11-01T06:30:00Z")), Local(2026, 11, 1, 1, 30));
  EXPECT_EQ(ny.ToUtc(Local(2026, 11, 1, 2, 0)), At("2026-11-01T07:00:00Z"));
  EXPECT_EQ(ny.StartOfDay({2026, 11, 1}), At("2026-11-01T04:00:00Z"));
  EXPECT_EQ(ny.StartOfDay({2026, 11, 2}) - ny.StartOfDay({2026, 11, 1}), 25 * 3'600'000);
  EXPECT_EQ(ny.FormatRfc3339Local(At("2026-11-01T06:30:00Z")), "2026-11-01T01:30:00.000-05:00");
}

TEST(TimeZone, UnknownOrHostileNamesAreRefused) {
  for (std::string_view name :
       {"Mars/Olympus", "", "../../etc/passwd", "/etc/localtime", "Asia/Shanghai\n", "Asia/上海"}) {
    auto tz = TimeZone::Find(name);
    ASSERT_FALSE(tz.ok()) << name;
    EXPECT_EQ(tz.error().code, "time.unknown_zone");
    EXPECT_EQ(tz.error().http_status, 422);
  }
  auto utc = TimeZone::Find("UTC");
  ASSERT_TRUE(utc.ok());
  EXPECT_EQ(utc->ToUtc(Local(2026, 1, 2, 10, 30)), At("2026-01-02T10:30:00Z"));
  EXPECT_TRUE(TimeZone::Find("Etc/UTC").ok());
}

TEST(TimeZone, InstantsBefore1970AreLocalisedByFlooring) {
  const TimeZone utc = TimeZone::Utc();
  EXPECT_EQ(utc.ToLocal(-1), (LocalDateTime{{1969, 12, 31}, 23, 59, 59, 999}));
  EXPECT_EQ(utc.ToUtc(LocalDateTime{{1969, 12, 31}, 23, 59, 59, 999}), -1);
}

TEST(TimeZone, CivilDatesParseFormatAndCount) {
  EXPECT_EQ(ParseDate("2024-02-29"), (LocalDate{2024, 2, 29}));
  EXPECT_EQ(ParseDate("2000-02-29"), (LocalDate{2000, 2, 29}));
  for (std::string_view bad : {"2026-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-1-02",
                               "2026-01-32", "0000-01-01", "2026/01/02", "2026-01-02 ", ""}) {
    EXPECT_FALSE(ParseDate(bad).has_value()) << bad;
  }
  EXPECT_EQ(FormatDate({2026, 1, 2}), "2026-01-02");
  EXPECT_EQ(FormatDate({987, 12, 3}), "0987-12-03");
  EXPECT_EQ(FormatDateTime(Local(2026, 1, 2, 9, 5)), "2026-01-02 09:05");
  EXPECT_EQ(FormatDateTime(Local(2026, 1, 2, 9, 5, 7)), "2026-01-02 09:05:07");
  EXPECT_EQ(DaysSinceEpoch({1970, 1, 1}), 0);
  EXPECT_EQ(DateFromDays(DaysSinceEpoch({2026, 3, 8})), (LocalDate{2026, 3, 8}));
  EXPECT_EQ(AddDays({2024, 2, 28}, 1), (LocalDate{2024, 2, 29}));
  EXPECT_EQ(AddDays({2026, 2, 28}, 1), (LocalDate{2026, 3, 1}));
  EXPECT_EQ(AddDays({2026, 1, 1}, -1), (LocalDate{2025, 12, 31}));
  EXPECT_EQ(Weekday({2026, 1, 2}), 5u);  // a Friday
  EXPECT_EQ(DaysInMonth(2024, 2), 29u);
  EXPECT_EQ(DaysInMonth(2026, 2), 28u);
  EXPECT_EQ(DaysInMonth(2026, 13), 0u);
  EXPECT_TRUE(IsValidDateTime(Local(2026, 1, 2, 23, 59, 59)));
  EXPECT_FALSE(IsValidDateTime(Local(2026, 1, 2, 24, 0)));
}

}  // namespace
}  // namespace peony
