// Quiet hours: the part of the day, on the organisation's wall clock, when marketing messages are
// held back (default 21:00-09:00). The period wraps midnight when it starts later than it ends;
// equal start and end mean no quiet hours.
//
//   PEONY_TRY(auto tz, TimeZone::Find("Asia/Shanghai"));
//   if (auto until = QuietUntil(tz, now, *ParseClockTime("21:00"), *ParseClockTime("09:00"))) …
//
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/time_zone.h"

namespace peony::notify {

// "HH:MM" (00:00-23:59, two digits each) → minutes since midnight; nullopt when malformed.
std::optional<int> ParseClockTime(std::string_view hhmm);
// 540 → "09:00".
std::string FormatClockTime(int minutes);

// When `now` falls within [start, end) on the zone's wall clock, the instant the period ends (the
// next `end` o'clock); otherwise nullopt.
std::optional<UtcMillis> QuietUntil(const TimeZone& tz, UtcMillis now, int start_minutes,
                                    int end_minutes);

}  // namespace peony::notify
