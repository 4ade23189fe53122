// Internal to the appointments module: the SQL of appointments, their resources and occupancy,
// rosters, opening hours, settings and the waitlist. Callers hold the transaction.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/time_zone.h"
#include "domain/appointments/appointment.h"
#include "domain/appointments/roster.h"
#include "storage/db.h"

namespace peony::domain::appointments::internal {

inline constexpr int kDefaultSlotStep = 15;

// The organisation's zone (orgs.time_zone; UTC when unknown).
Result<TimeZone> ZoneOf(storage::Conn& c, int64_t org_id);
// The slot step in minutes (5, 10 or 15; 15 when not set).
Result<int> SlotStep(storage::Conn& c, int64_t org_id);
Status SaveSlotStep(storage::Conn& c, int64_t org_id, int step, UtcMillis now);
// True when the organisation has an active branch `branch_id`.
Result<bool> BranchExists(storage::Conn& c, int64_t org_id, int64_t branch_id);

// The roster rows of `branch_id` for the days from..to (weekly patterns of the branch, the day
// overrides and leave of anyone in the range) and the branch's opening hours; with `staff`, only
// that practitioner's rows.
Result<Roster> LoadRoster(storage::Conn& c, int64_t org_id, int64_t branch_id,
                          const LocalDate& from, const LocalDate& to, Interval range,
                          std::optional<int64_t> staff = std::nullopt);
// The staff ids with a weekly shift or a day's shift at the branch.
Result<std::vector<int64_t>> RosteredStaff(storage::Conn& c, int64_t org_id, int64_t branch_id,
                                           const LocalDate& from, const LocalDate& to);
// Weekly pattern, overrides and leave of one practitioner (every branch).
Result<Roster> LoadStaffRoster(storage::Conn& c, int64_t org_id, int64_t staff_id);
Status ReplaceWeekly(storage::Conn& c, int64_t org_id, int64_t staff_id,
                     const std::vector<WeeklyShift>& shifts);
Result<int64_t> AddDay(storage::Conn& c, int64_t org_id, const DayOverride& d);
Result<bool> DeleteDay(storage::Conn& c, int64_t org_id, int64_t id);
Result<int64_t> AddLeave(storage::Conn& c, int64_t org_id, const Leave& l, UtcMillis now);
Result<bool> DeleteLeave(storage::Conn& c, int64_t org_id, int64_t id);
Result<std::vector<OpeningHours>> LoadHours(storage::Conn& c, int64_t org_id, int64_t branch_id);
Status ReplaceHours(storage::Conn& c, int64_t org_id, int64_t branch_id,
                    const std::vector<OpeningHours>& hours);

// The appointment; nullopt when the organisation has none with that id. lock: FOR UPDATE on
// PostgreSQL (SQLite's single writer already serialises).
Result<std::optional<Appointment>> LoadAppointment(storage::Conn& c, int64_t org_id, int64_t id,
                                                   bool lock);
struct ListFilter {
  std::optional<int64_t> branch_id, practitioner_id, room_id, customer_id;
  std::optional<std::string> status;
  Interval range;  // appointments starting in it
  int limit = 500;
};
Result<std::vector<Appointment>> ListAppointments(storage::Conn& c, int64_t org_id,
                                                  const ListFilter& f);
Status InsertAppointment(storage::Conn& c, const Appointment& a);
// Writes status, times, resources and note; bumps version and updated_at.
Status SaveAppointment(storage::Conn& c, Appointment& a, UtcMillis now);

// Takes the appointment's practitioners, room and equipment over [busy_from, busy_to): one
// appointment_resources row each and one occupancy row per resource and 5-minute bucket.
// Error: appointment.slot_taken when another appointment holds any of those buckets.
Status Occupy(storage::Conn& c, const Appointment& a);
// Frees everything the appointment holds.
Status Release(storage::Conn& c, int64_t appointment_id);
// The busy ranges of resources of `kind` ("staff", "room", "equipment") overlapping `range`,
// per resource id, sorted by start.
Result<std::map<int64_t, std::vector<Interval>>> BusyOf(storage::Conn& c, int64_t org_id,
                                                        std::string_view kind,
                                                        const std::vector<int64_t>& ids,
                                                        Interval range);

struct WaitEntry {
  int64_t id = 0;
  int64_t branch_id = 0, customer_id = 0, service_id = 0;
  std::string day, status;
  std::optional<int64_t> created_by;
};
Result<int64_t> AddWaitEntry(storage::Conn& c, int64_t org_id, const WaitEntry& w, UtcMillis now);
// The waiting entries of a branch and day, oldest first.
Result<std::vector<WaitEntry>> Waiting(storage::Conn& c, int64_t org_id, int64_t branch_id,
                                       const std::string& day);
Status MarkOffered(storage::Conn& c, int64_t id, UtcMillis start, UtcMillis now);

}  // namespace peony::domain::appointments::internal
