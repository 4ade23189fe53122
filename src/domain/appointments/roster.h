// Rosters and opening hours as data, and their expansion into instants in the organisation's
// zone. Pure: the store (schedule.h) loads and saves them.
//
// A practitioner works at a branch by a weekly pattern (per weekday: a shift with breaks), changed
// per day by overrides — "off" drops that day's weekly shifts, "shift" adds one — and interrupted
// by leave (an instant range). A branch's opening hours are per weekday; a branch without any is
// not limited, a weekday without a row is closed. Times of day are minutes after local midnight
// (0-1440); they name wall-clock times, so on a daylight-saving day a 09:00-17:00 shift is as long
// as the clock says in real time (7 or 9 hours over a transition inside it).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/time_zone.h"
#include "domain/appointments/planner.h"

namespace peony::domain::appointments {

struct Shift {
  int start_min = 0, end_min = 0;           // 0-1440, start < end
  std::vector<std::pair<int, int>> breaks;  // within the shift
};
struct WeeklyShift {
  int64_t id = 0;
  int64_t staff_id = 0, branch_id = 0;
  int weekday = 0;  // 0 = Sunday … 6 = Saturday
  Shift shift;
};
struct DayOverride {
  int64_t id = 0;
  int64_t staff_id = 0;
  std::optional<int64_t> branch_id;  // shifts: where
  LocalDate day;
  bool off = false;
  Shift shift;  // when !off
};
struct Leave {
  int64_t id = 0;
  int64_t staff_id = 0;
  Interval range;
  std::string reason;
};
struct OpeningHours {
  int weekday = 0;
  int open_min = 0, close_min = 0;
};

// What the store loads for one branch and a range of days.
struct Roster {
  std::vector<WeeklyShift> weekly;
  std::vector<DayOverride> days;
  std::vector<Leave> leave;
  std::vector<OpeningHours> hours;  // empty: no limit
};

// The instant of `minute` (0-1440) after midnight of `day` in `zone`; 1440 is the next midnight.
UtcMillis LocalMinute(const TimeZone& zone, const LocalDate& day, int minute);

// The working time of `staff_id` at `branch_id` on the days from..to: shifts minus breaks minus
// leave, sorted and merged.
std::vector<Interval> WorkingTime(const Roster& roster, int64_t staff_id, int64_t branch_id,
                                  const LocalDate& from, const LocalDate& to, const TimeZone& zone);
// The leave of `staff_id` overlapping the days (for refusal reasons).
std::vector<Interval> LeaveOf(const Roster& roster, int64_t staff_id);
// The branch's opening hours on the days from..to, sorted.
std::vector<Interval> OpenTime(const std::vector<OpeningHours>& hours, const LocalDate& from,
                               const LocalDate& to, const TimeZone& zone);

// "HH:MM" (00:00-24:00) as minutes; nullopt when malformed.
std::optional<int> ParseClock(std::string_view s);
std::string FormatClock(int minute);
// A shift's problem ("start before end", "break outside the shift" …), or empty when valid.
std::string CheckShift(const Shift& s);

}  // namespace peony::domain::appointments
