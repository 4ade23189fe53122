// The outbox's pure helpers: recipients (normalised, masked, blind-indexed), quiet hours in the
// organisation's zone, and the per-channel token bucket.
#include <gtest/gtest.h>

#include "common/time_zone.h"
#include "platform/notify/quiet_hours.h"
#include "platform/notify/rate_limiter.h"
#include "platform/notify/recipient.h"
#include "storage/crypto/key_ring.h"

namespace peony::notify {
namespace {

std::string Norm(std::string_view channel, std::string_view to) {
  auto r = NormaliseRecipient(channel, to);
  return r.ok() ? *r : r.error().code;
}

TEST(OutboxRecipient, PhonesAreMainlandMobilesInElevenDigits) {
  EXPECT_EQ(Norm("sms", "13812345678"), "13812345678");
  EXPECT_EQ(Norm("sms", " +86 138-1234-5678 "), "13812345678");
  EXPECT_EQ(Norm("sms", "008613812345678"), "13812345678");
  EXPECT_EQ(Norm("sms", "8613812345678"), "13812345678");
  EXPECT_EQ(Norm("sms", "(138) 1234.5678"), "13812345678");
  for (const char* bad : {"1381234567", "138123456789", "23812345678", "12812345678",
                          "+1 4155550100", "010-12345678", "138-1234-567a", "++8613812345678"}) {
    EXPECT_EQ(Norm("sms", bad), "notify.bad_recipient") << bad;
  }
}

TEST(OutboxRecipient, EmailsWecomIdsAndUrlsAreChecked) {
  EXPECT_EQ(Norm("email", "Wang.Li@Example.COM"), "wang.li@example.com");
  for (const char* bad : {"wang", "wang@", "@example.com", "a@b@example.com", "wang@example",
                          "wang..li@example.com", "wang@-example.com", "王@example.com"}) {
    EXPECT_EQ(Norm("email", bad), "notify.bad_recipient") << bad;
  }
  EXPECT_EQ(Norm("wecom", "zhangsan"), "zhangsan");
  EXPECT_EQ(Norm("wecom", "zhangsan|lisi"), "zhangsan|lisi");
  for (const char* bad : {"zhang san", "|lisi", "lisi|", "a||b", "张三", ""}) {
    EXPECT_EQ(Norm("wecom", bad), "notify.bad_recipient") << bad;
  }
  EXPECT_EQ(Norm("webhook", "https://hooks.example.com/in?x=1"),
            "https://hooks.example.com/in?x=1");
  for (const char* bad : {"ftp://x.example.com", "https://", "http:///path", "https://a b.com",
                          "hooks.example.com"}) {
    EXPECT_EQ(Norm("webhook", bad), "notify.bad_recipient") << bad;
  }
  EXPECT_EQ(Norm("fax", "13812345678"), "notify.bad_recipient");
  auto err = NormaliseRecipient("sms", "1");
  ASSERT_FALSE(err.ok());
  EXPECT_EQ(err.error().details.at("fields").at("to"), "invalid for the channel");
}

TEST(OutboxRecipient, MasksShowNoMoreThanNeeded) {
  EXPECT_EQ(MaskRecipient("sms", "13812345678"), "138****5678");
  EXPECT_EQ(MaskRecipient("email", "wang.li@example.com"), "w***@example.com");
  EXPECT_EQ(MaskRecipient("wecom", "zhangsan"), "zh***");
  EXPECT_EQ(MaskRecipient("wecom", "ab"), "a***");
  EXPECT_EQ(MaskRecipient("webhook", "https://user:pw@hooks.example.com/t/SECRET?k=1"),
            "https://hooks.example.com/…");
  EXPECT_EQ(MaskRecipient("webhook", "https://hooks.example.com"), "https://hooks.example.com");
}

TEST(OutboxRecipient, BlindIndexesAreStablePerChannelAndKey) {
  auto keys = storage::crypto::KeyRing::Generate();
  auto other = storage::crypto::KeyRing::Generate();
  const std::string a = RecipientIndex(keys, "sms", "13812345678");
  EXPECT_EQ(a.size(), 64u);
  EXPECT_EQ(a, RecipientIndex(keys, "sms", "13812345678"));
  EXPECT_NE(a, RecipientIndex(keys, "sms", "13812345679"));
  EXPECT_NE(a, RecipientIndex(keys, "wecom", "13812345678"));
  EXPECT_NE(a, RecipientIndex(other, "sms", "13812345678"));
}

TEST(OutboxQuietHours, ClockTimesAreHoursAndMinutes) {
  EXPECT_EQ(ParseClockTime("00:00"), 0);
  EXPECT_EQ(ParseClockTime("21:30"), 21 * 60 + 30);
  EXPECT_EQ(ParseClockTime("23:59"), 23 * 60 + 59);
  for (const char* bad : {"24:00", "9:00", "09:60", "0900", "09:00 ", "ab:cd", ""}) {
    EXPECT_FALSE(ParseClockTime(bad).has_value()) << bad;
  }
  EXPECT_EQ(FormatClockTime(9 * 60 + 5), "09:05");
}

TEST(OutboxQuietHours, APeriodOverMidnightEndsTheNextMorningInTheOrgsZone) {
  auto tz = TimeZone::Find("Asia/Shanghai");
  ASSERT_TRUE(tz.ok());
  const int start = 21 * 60, end = 9 * 60;
  auto at = [](const char* s) { return *ParseRfc3339(s); };
  EXPECT_FALSE(QuietUntil(*tz, at("2026-09-21T20:59:59+08:00"), start, end).has_value());
  EXPECT_EQ(QuietUntil(*tz, at("2026-09-21T21:00:00+08:00"), start, end),
            at("2026-09-22T09:00:00+08:00"));
  EXPECT_EQ(QuietUntil(*tz, at("2026-09-22T03:00:00+08:00"), start, end),
            at("2026-09-22T09:00:00+08:00"));
  EXPECT_FALSE(QuietUntil(*tz, at("2026-09-22T09:00:00+08:00"), start, end).has_value());
  // The same instant is daytime in UTC.
  EXPECT_FALSE(QuietUntil(TimeZone::Utc(), at("2026-09-21T22:00:00+08:00"), start, end));
  // A period within one day, and none at all.
  EXPECT_EQ(QuietUntil(*tz, at("2026-09-21T12:30:00+08:00"), 12 * 60, 14 * 60),
            at("2026-09-21T14:00:00+08:00"));
  EXPECT_FALSE(QuietUntil(*tz, at("2026-09-21T23:00:00+08:00"), 12 * 60, 14 * 60));
  EXPECT_FALSE(QuietUntil(*tz, at("2026-09-21T23:00:00+08:00"), 9 * 60, 9 * 60));
}

TEST(OutboxRateLimiter, ABucketRefillsAtTheRatePerMinute) {
  RateLimiter limiter;
  const UtcMillis t0 = 1'000'000;
  EXPECT_FALSE(limiter.Take("1:sms", 3, t0));
  EXPECT_FALSE(limiter.Take("1:sms", 3, t0));
  EXPECT_FALSE(limiter.Take("1:sms", 3, t0));
  EXPECT_EQ(limiter.Take("1:sms", 3, t0), t0 + 20'000);  // one every 20 s
  EXPECT_EQ(limiter.Take("1:sms", 3, t0 + 10'000), t0 + 20'000);
  EXPECT_FALSE(limiter.Take("1:sms", 3, t0 + 20'000));
  // Other organisations and channels have their own buckets.
  EXPECT_FALSE(limiter.Take("2:sms", 3, t0));
  EXPECT_FALSE(limiter.Take("1:email", 1, t0));
  EXPECT_EQ(limiter.Take("1:email", 1, t0), t0 + 60'000);
  // A long pause refills to the rate, not beyond.
  const UtcMillis later = t0 + 3'600'000;
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(limiter.Take("1:sms", 3, later)) << i;
  EXPECT_TRUE(limiter.Take("1:sms", 3, later).has_value());
}

}  // namespace
}  // namespace peony::notify
