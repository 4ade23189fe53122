// Calendar arithmetic (proleptic Gregorian, years 1–9999) and time-zone conversion for formulas.
// Pure functions except TimeZone::Find, which reads the system time-zone database the first time a
// zone is asked for (the library caches it). Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "platform/formula/value.h"

namespace peony::formula {

inline constexpr int kMinYear = 1;
inline constexpr int kMaxYear = 9999;
// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z.
inline constexpr UtcMillis kMinDateTime = -62'135'596'800'000;
inline constexpr UtcMillis kMaxDateTime = 253'402'300'799'999;
inline constexpr int64_t kMillisPerDay = 86'400'000;

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);
bool IsValidDate(int64_t year, int64_t month, int64_t day);
// Days since 1970-01-01 (negative before).
int64_t DaysFromCivil(Date d);
Date CivilFromDays(int64_t days);
// 0 = Sunday … 6 = Saturday.
int DayOfWeek(Date d);

// Date arithmetic; nullopt when the result leaves years 1–9999. AddMonths keeps the day of the
// month, clamped to the month's last day (Jan 31 + 1 month = Feb 28 or 29).
std::optional<Date> AddDays(Date d, int64_t days);
std::optional<Date> AddMonths(Date d, int64_t months);

// "2026-11-22"; ParseDate accepts exactly that form of a valid date.
std::string FormatDate(Date d);
std::optional<Date> ParseDate(std::string_view s);

struct LocalTime {
  Date date;
  int hour = 0, minute = 0, second = 0, millis = 0;
};

// An IANA time zone ("Asia/Shanghai"). Cheap to copy; the zone data is owned by the library.
class TimeZone {
 public:
  // Error formula.invalid_time_zone when the name is not in the system's database.
  static Result<TimeZone> Find(std::string_view name);

  // REQUIRES: kMinDateTime <= t <= kMaxDateTime (the evaluator checks every date-time it makes).
  LocalTime ToLocal(UtcMillis t) const;
  // A local wall time as UTC; in a gap or an overlap (daylight saving) the earliest instant.
  UtcMillis FromLocal(const LocalTime& local) const;
  Date LocalDate(UtcMillis t) const { return ToLocal(t).date; }
  UtcMillis StartOfDay(Date d) const { return FromLocal(LocalTime{d}); }

 private:
  const void* zone_ = nullptr;  // const date::time_zone*, kept out of this header
};

}  // namespace peony::formula
