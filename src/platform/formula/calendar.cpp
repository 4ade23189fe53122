#include "platform/formula/calendar.h"

#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>

#include "platform/formula/errors.h"

namespace peony::formula {

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

bool IsValidDate(int64_t year, int64_t month, int64_t day) {
  return year >= kMinYear && year <= kMaxYear && month >= 1 && month <= 12 && day >= 1 &&
         day <= DaysInMonth(static_cast<int>(year), static_cast<int>(month));
}

// Howard Hinnant's days_from_civil / civil_from_days
// (http://howardhinnant.github.io/date_algorithms.html).
int64_t DaysFromCivil(Date d) {
  const int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = (d.month + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date CivilFromDays(int64_t days) {
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return Date{static_cast<int>(year), static_cast<int>(month), static_cast<int>(day)};
}

int DayOfWeek(Date d) {
  int64_t weekday = (DaysFromCivil(d) + 4) % 7;  // 1970-01-01 was a Thursday (4)
  if (weekday < 0) weekday += 7;
  return static_cast<int>(weekday);
}

namespace {
const int64_t kMinDays = DaysFromCivil(Date{kMinYear, 1, 1});
const int64_t kMaxDays = DaysFromCivil(Date{kMaxYear, 12, 31});
}  // namespace

std::optional<Date> AddDays(Date d, int64_t days) {
  const int64_t base = DaysFromCivil(d);
  if (days < kMinDays - base || days > kMaxDays - base) return std::nullopt;
  return CivilFromDays(base + days);
}

std::optional<Date> AddMonths(Date d, int64_t months) {
  constexpr int64_t kSpan = int64_t{kMaxYear} * 12;
  if (months < -kSpan || months > kSpan) return std::nullopt;
  const int64_t index = int64_t{d.year} * 12 + (d.month - 1) + months;
  const int64_t year = index >= 0 ? index / 12 : -((-index + 11) / 12);
  const int month = static_cast<int>(index - year * 12) + 1;
  if (year < kMinYear || year > kMaxYear) return std::nullopt;
  const int y = static_cast<int>(year);
  return Date{y, month, std::min(d.day, DaysInMonth(y, month))};
}

std::string FormatDate(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::optional<Date> ParseDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const size_t starts[3] = {0, 5, 8};
  const size_t lengths[3] = {4, 2, 2};
  for (int part = 0; part < 3; ++part) {
    for (size_t i = 0; i < lengths[part]; ++i) {
      const char c = s[starts[part] + i];
      if (c < '0' || c > '9') return std::nullopt;
      parts[part] = parts[part] * 10 + (c - '0');
    }
  }
  if (!IsValidDate(parts[0], parts[1], parts[2])) return std::nullopt;
  return Date{parts[0], parts[1], parts[2]};
}

Result<TimeZone> TimeZone::Find(std::string_view name) {
  try {
    TimeZone zone;
    zone.zone_ = date::locate_zone(name);
    return zone;
  } catch (const std::exception&) {
    return errors::InvalidTimeZone(name);
  }
}

LocalTime TimeZone::ToLocal(UtcMillis t) const {
  using std::chrono::milliseconds;
  const auto* zone = static_cast<const date::time_zone*>(zone_);
  const date::sys_time<milliseconds> sys{milliseconds{t}};
  const int64_t offset_ms =
      std::chrono::duration_cast<milliseconds>(zone->get_info(sys).offset).count();
  const int64_t local = t + offset_ms;
  int64_t days = local / kMillisPerDay;
  int64_t rest = local % kMillisPerDay;
  if (rest < 0) {
    rest += kMillisPerDay;
    --days;
  }
  LocalTime out;
  out.date = CivilFromDays(days);
  out.hour = static_cast<int>(rest / 3'600'000);
  out.minute = static_cast<int>(rest / 60'000 % 60);
  out.second = static_cast<int>(rest / 1000 % 60);
  out.millis = static_cast<int>(rest % 1000);
  return out;
}

UtcMillis TimeZone::FromLocal(const LocalTime& local) const {
  using std::chrono::milliseconds;
  const auto* zone = static_cast<const date::time_zone*>(zone_);
  const int64_t ms = DaysFromCivil(local.date) * kMillisPerDay + int64_t{local.hour} * 3'600'000 +
                     int64_t{local.minute} * 60'000 + int64_t{local.second} * 1000 + local.millis;
  const date::local_time<milliseconds> wall{milliseconds{ms}};
  return zone->to_sys(wall, date::choose::earliest).time_since_epoch().count();
}

}  // namespace peony::formula
