// Scheduling data behind the API: the organisation's slot step, opening hours per branch, and
// each practitioner's weekly roster, day overrides and leave (roster.h says what they mean).
// Writes need appointment.schedule, reads appointment.view; a branch outside the caller's scope is
// appointment.branch_not_found, a staff record that does not exist
// appointment.unknown_practitioner. Every write is audited. Thread-safe; all state is in the
// database.
//
// JSON: times of day "HH:MM" (24:00 ends a day), days "YYYY-MM-DD", weekdays 0 (Sunday)-6.
//   settings      {"slot_step_min": 5 | 10 | 15}
//   hours         {"branch_id", "days": [{"weekday", "open", "close"}]}
//   roster        {"practitioner_id", "weekly": [{"branch_id", "weekday", "start", "end",
//                  "breaks": [{"start", "end"}]}], "days": [{"id", "date", "kind": "shift"|"off",
//                  "branch_id", "start", "end", "breaks"}], "leave": [{"id", "start", "end",
//                  "reason"}]}  (leave times RFC 3339)
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>

#include "common/clock.h"
#include "common/result.h"
#include "platform/records/records.h"
#include "storage/db.h"

namespace peony::domain::appointments {

class Schedule {
 public:
  Schedule(storage::Db& db, records::Records& records, const Clock& clock)
      : db_(db), records_(records), clock_(clock) {}

  Result<boost::json::object> Settings(const records::Caller& who);
  // Error: appointment.invalid.
  Result<boost::json::object> SaveSettings(const records::Caller& who,
                                           const boost::json::object& body);
  // Errors: appointment.branch_not_found; writes also appointment.invalid.
  Result<boost::json::object> Hours(const records::Caller& who, int64_t branch_id);
  Result<boost::json::object> SaveHours(const records::Caller& who, int64_t branch_id,
                                        const boost::json::object& body);
  // Errors: appointment.unknown_practitioner; writes also appointment.invalid,
  // appointment.branch_not_found.
  Result<boost::json::object> Roster(const records::Caller& who, int64_t staff_id);
  // Replaces the weekly pattern ({"weekly": […]}); answers the roster.
  Result<boost::json::object> SaveWeekly(const records::Caller& who, int64_t staff_id,
                                         const boost::json::object& body);
  // Adds a day override ({"date","kind","branch_id","start","end","breaks"}); answers it.
  Result<boost::json::object> AddDay(const records::Caller& who, int64_t staff_id,
                                     const boost::json::object& body);
  // Adds leave ({"start","end","reason"}, RFC 3339); answers it.
  Result<boost::json::object> AddLeave(const records::Caller& who, int64_t staff_id,
                                       const boost::json::object& body);
  // Error: appointment.not_found when the organisation has no such override / leave.
  Status DeleteDay(const records::Caller& who, int64_t id);
  Status DeleteLeave(const records::Caller& who, int64_t id);

 private:
  Status CheckBranch(storage::Conn& c, const records::Caller& who, const std::string& permission,
                     int64_t branch_id);
  Status CheckStaff(storage::Conn& c, int64_t org_id, int64_t staff_id);
  Status Audit(storage::Conn& c, const records::Caller& who, std::string action, std::string target,
               boost::json::object detail);

  storage::Db& db_;
  records::Records& records_;
  const Clock& clock_;
};

}  // namespace peony::domain::appointments
