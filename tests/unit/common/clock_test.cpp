#include "common/clock.h"

#include <gtest/gtest.h>

namespace peony {
namespace {

TEST(Rfc3339, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatRfc3339(1'795'000'000'123), "2026-11-18T11:06:40.123Z");
  EXPECT_EQ(FormatRfc3339(951'782'400'000), "2000-02-29T00:00:00.000Z");  // leap day
  EXPECT_EQ(FormatRfc3339(-1), "1969-12-31T23:59:59.999Z");
}

TEST(Rfc3339, ParsesZuluOffsetsAndFractions) {
  EXPECT_EQ(ParseRfc3339("2026-11-18T11:06:40.123Z"), 1'795'000'000'123);
  EXPECT_EQ(ParseRfc3339("2026-11-18T19:06:40.123+08:00"), 1'795'000'000'123);
  EXPECT_EQ(ParseRfc3339("2026-11-18T06:06:40.123-05:00"), 1'795'000'000'123);
  EXPECT_EQ(ParseRfc3339("2026-11-18T11:06:40Z"), 1'795'000'000'000);
  EXPECT_EQ(ParseRfc3339("2026-11-18T11:06:40.1234567Z"), 1'795'000'000'123);
}

TEST(Rfc3339, RoundTripsEveryFormattedValue) {
  for (UtcMillis t : {UtcMillis{0}, UtcMillis{1}, UtcMillis{86'399'999},
                      UtcMillis{1'795'000'000'123}, UtcMillis{4'102'444'799'999}}) {
    EXPECT_EQ(ParseRfc3339(FormatRfc3339(t)), t) << t;
  }
}

TEST(Rfc3339, RefusesWhatIsNotATimestamp) {
  for (const char* bad :
       {"", "2026-11-18", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-18T24:00:00Z",
        "2026-11-18T11:06:40", "2026-11-18T11:06:40+8", "2026-11-18T11:06:40.Z",
        "2026-11-18T11:06:40Zjunk", "二〇二六-11-18T00:00:00Z", "2026-11-18T11:06:40+24:00"}) {
    EXPECT_FALSE(ParseRfc3339(bad).has_value()) << bad;
  }
}

TEST(ManualClock, MovesOnlyWhenTold) {
  ManualClock clock(1000);
  EXPECT_EQ(clock.Now(), 1000);
  clock.Advance(500);
  EXPECT_EQ(clock.Now(), 1500);
  clock.Set(42);
  EXPECT_EQ(clock.Now(), 42);
}

}  // namespace
}  // namespace peony
