// Quiet hours (see quiet_hours.h).
#include "platform/notify/quiet_hours.h"

#include <cstdio>

namespace peony::notify {

std::optional<int> ParseClockTime(std::string_view s) {
  auto digit = [&](size_t i) { return s[i] >= '0' && s[i] <= '9'; };
  if (s.size() != 5 || s[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) {
    return std::nullopt;
  }
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

std::string FormatClockTime(int minutes) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", (minutes / 60) % 24, minutes % 60);
  return buf;
}

std::optional<UtcMillis> QuietUntil(const TimeZone& tz, UtcMillis now, int start, int end) {
  if (start == end) return std::nullopt;
  const LocalDateTime local = tz.ToLocal(now);
  const int minute = local.h * 60 + local.mi;
  LocalDate end_day = local.date;
  if (start < end) {
    if (minute < start || minute >= end) return std::nullopt;
  } else {
    if (minute < start && minute >= end) return std::nullopt;
    if (minute >= start) end_day = AddDays(local.date, 1);  // before midnight: ends tomorrow
  }
  return tz.ToUtc(LocalDateTime{end_day, end / 60, end % 60, 0, 0});
}

}  // namespace peony::notify
