// Dates and times as people type them in spreadsheets, for the lenient mode of the date, datetime,
// time and year_month types. Internal to src/platform/schema/types/.
#pragma once

#include <optional>
#include <string_view>

#include "common/time_zone.h"

namespace peony::schema::types {

struct LooseTime {
  int h = 0, mi = 0, s = 0, ms = 0;
};

// A date at the start of `s`: "2026-01-02", "2026-1-2", "2026/1/2", "2026.1.2", "2026年1月2日",
// "20260102". On success *rest is what follows. nullopt when there is none or it is not a real
// date. These read ASCII digits: callers pass text through HalfWidth first.
std::optional<LocalDate> ParseLooseDate(std::string_view s, std::string_view* rest);
// A whole time: "10:30", "9:05:07", "10:30:15.250", "10点30分", "10时30分15秒", "10点"; nullopt
// when malformed or out of range.
std::optional<LooseTime> ParseLooseTime(std::string_view s);
// A date and optional time: the date, then "T", spaces or nothing, then a time.
std::optional<LocalDateTime> ParseLooseDateTime(std::string_view s);
// A spreadsheet's serial day number (1900 date system: 1 is 1900-01-01, with its phantom
// 1900-02-29 at 60) with an optional fraction of a day, rounded to the second; nullopt outside
// 1900-01-01 … 9999-12-31.
std::optional<LocalDateTime> ExcelSerial(double serial);

}  // namespace peony::schema::types
