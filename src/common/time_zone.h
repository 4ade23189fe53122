// Civil dates and times and the IANA time zones they are read in: a small wrapper over Howard
// Hinnant's date/tz reading the operating system's tzdata (/usr/share/zoneinfo; the library is
// built with USE_OS_TZDB=1, never downloading a database).
//
// Peony keeps instants as UtcMillis; each organisation has a zone (default Asia/Shanghai) that
// gives dates, day boundaries and the wall-clock time people type.
//
//   PEONY_TRY(auto tz, TimeZone::Find("Asia/Shanghai"));
//   UtcMillis start = tz.StartOfDay({2026, 1, 2});      // 2026-01-01T16:00:00Z
//   LocalDateTime now = tz.ToLocal(clock.Now());
//
// Thread-safety: values; a TimeZone refers to the process-wide zone database, which is loaded once
// and never changes, so copies may be used from any thread.
//
// Limitation: the library reads the transitions listed in the tzdata files (up to 2037) and not
// their closing POSIX rule, so daylight saving after 2037 is not applied (New York stays on
// standard time). Zones without daylight saving, such as Asia/Shanghai, are exact.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"

namespace date {
class time_zone;
}

namespace peony {

// A day of the proleptic Gregorian calendar.
struct LocalDate {
  int y = 1970;
  unsigned m = 1, d = 1;
  friend bool operator==(const LocalDate&, const LocalDate&) = default;
  friend auto operator<=>(const LocalDate&, const LocalDate&) = default;
};

// A wall-clock time on a day, without a zone.
struct LocalDateTime {
  LocalDate date;
  int h = 0, mi = 0, s = 0, ms = 0;
  friend bool operator==(const LocalDateTime&, const LocalDateTime&) = default;
};

// True when the date exists (month 1-12, day within the month, leap years counted).
bool IsValidDate(const LocalDate& d);
// True when the date is valid and the time is 00:00:00.000-23:59:59.999.
bool IsValidDateTime(const LocalDateTime& t);
bool IsLeapYear(int y);
unsigned DaysInMonth(int y, unsigned m);  // 0 for a month outside 1-12

// Days since 1970-01-01 and back.
int64_t DaysSinceEpoch(const LocalDate& d);
LocalDate DateFromDays(int64_t days);
LocalDate AddDays(const LocalDate& d, int64_t days);
// 0 = Sunday … 6 = Saturday.
unsigned Weekday(const LocalDate& d);

// "YYYY-MM-DD" exactly (years 0001-9999); nullopt when malformed or not a real date.
std::optional<LocalDate> ParseDate(std::string_view s);
std::string FormatDate(const LocalDate& d);  // "2026-01-02"
// "2026-01-02 10:30" (seconds shown only when not zero: "2026-01-02 10:30:15").
std::string FormatDateTime(const LocalDateTime& t);

class TimeZone {
 public:
  // The zone named by an IANA name ("Asia/Shanghai", "UTC"). Error: time.unknown_zone (422).
  static Result<TimeZone> Find(std::string_view iana_name);
  // UTC, always available.
  static TimeZone Utc();

  std::string_view name() const;

  // The instant a wall-clock time names in this zone. A time inside a daylight-saving gap (it does
  // not exist) is moved forward by the gap's length (02:30 on a spring-forward day becomes 03:30);
  // a time that happens twice (fall-back) means the earlier instant. (TC39 Temporal's
  // "compatible" rule.) Times are taken as given: callers check IsValidDateTime first.
  UtcMillis ToUtc(const LocalDateTime& t) const;
  LocalDateTime ToLocal(UtcMillis t) const;
  LocalDate DateOf(UtcMillis t) const;
  // The first instant of that local date (usually its 00:00; later when midnight falls in a gap).
  UtcMillis StartOfDay(const LocalDate& d) const;
  // Offset from UTC at instant t, in minutes (+480 for Asia/Shanghai).
  int OffsetMinutes(UtcMillis t) const;
  // "2026-01-02 10:30" in this zone.
  std::string FormatLocal(UtcMillis t) const;
  // RFC 3339 with this zone's offset: "2026-01-02T10:30:00.000+08:00".
  std::string FormatRfc3339Local(UtcMillis t) const;

 private:
  explicit TimeZone(const date::time_zone* zone) : zone_(zone) {}
  const date::time_zone* zone_;  // owned by the process-wide database; never null
};

}  // namespace peony
