// Cron schedules for scheduled jobs and rules: the classic five fields, read in an organisation's
// time zone.
//
//   minute hour day-of-month month day-of-week      "0 9 * * 1"  = Mondays at 09:00
//   each field: *  n  a-b  a,b,c  */s  a-b/s        day-of-week 0-7 (0 and 7 are Sunday)
//
// As in cron, when both day fields are restricted a day matching either one counts.
#pragma once

#include <bitset>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "common/time_zone.h"

namespace peony::jobs {

class Cron {
 public:
  // Error: jobs.bad_cron (422, details.reason).
  static Result<Cron> Parse(std::string_view expr);

  // The first instant strictly after `after` that the schedule names, in `zone`; a wall-clock
  // time skipped by daylight saving runs at the moved time. Searches up to 8 years ahead;
  // nullopt when none (e.g. "0 0 30 2 *").
  std::optional<UtcMillis> Next(UtcMillis after, const TimeZone& zone) const;

  const std::string& text() const { return text_; }

 private:
  bool DayMatches(const LocalDate& d) const;

  std::string text_;
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_;
  std::bitset<13> months_;
  std::bitset<7> weekdays_;
  bool any_day_ = true, any_weekday_ = true;
};

}  // namespace peony::jobs
