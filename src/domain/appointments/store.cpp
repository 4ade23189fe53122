// The SQL of the appointments module (store.h).
#include "domain/appointments/store.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "domain/appointments/errors.h"

namespace peony::domain::appointments::internal {
namespace {

namespace json = boost::json;

constexpr size_t kOccupancyRowsPerInsert = 200;

std::string BreaksText(const Shift& s) {
  json::array a;
  for (const auto& [from, to] : s.breaks) a.push_back(json::array{from, to});
  return json::serialize(a);
}

std::vector<std::pair<int, int>> ParseBreaks(const std::string& text) {
  std::vector<std::pair<int, int>> out;
  boost::system::error_code ec;
  const json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& b : v.as_array()) {
    if (!b.is_array() || b.as_array().size() != 2) continue;
    const auto& p = b.as_array();
    if (!p[0].is_int64() || !p[1].is_int64()) continue;
    out.emplace_back(static_cast<int>(p[0].as_int64()), static_cast<int>(p[1].as_int64()));
  }
  return out;
}

std::string IdsText(const std::vector<int64_t>& ids) {
  json::array a;
  for (int64_t id : ids) a.push_back(id);
  return json::serialize(a);
}

std::vector<int64_t> ParseIds(const std::string& text) {
  std::vector<int64_t> out;
  boost::system::error_code ec;
  const json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& x : v.as_array()) {
    if (x.is_int64()) out.push_back(x.as_int64());
  }
  return out;
}

constexpr const char* kAppointmentColumns =
    "id, org_id, branch_id, customer_id, service_id, practitioner_id, assistant_ids, room_id, "
    "equipment_ids, start_at, end_at, busy_from, busy_to, status, note, cancel_reason, "
    "treatment_id, booked_at, confirmed_at, checked_in_at, in_service_at, completed_at, "
    "no_show_at, cancelled_at, created_by, updated_at, version";

Appointment AppointmentOf(const storage::Rows& r, size_t i) {
  Appointment a;
  a.id = r.Int(i, 0);
  a.org_id = r.Int(i, 1);
  a.branch_id = r.Int(i, 2);
  a.customer_id = r.Int(i, 3);
  a.service_id = r.Int(i, 4);
  a.practitioner_id = r.OptInt(i, 5);
  a.assistant_ids = ParseIds(r.Text(i, 6));
  a.room_id = r.OptInt(i, 7);
  a.equipment_ids = ParseIds(r.Text(i, 8));
  a.start_at = r.Int(i, 9);
  a.end_at = r.Int(i, 10);
  a.busy_from = r.Int(i, 11);
  a.busy_to = r.Int(i, 12);
  a.status = r.Text(i, 13);
  a.note = r.Text(i, 14);
  a.cancel_reason = r.Text(i, 15);
  a.treatment_id = r.OptInt(i, 16);
  a.booked_at = r.Int(i, 17);
  a.confirmed_at = r.OptInt(i, 18);
  a.checked_in_at = r.OptInt(i, 19);
  a.in_service_at = r.OptInt(i, 20);
  a.completed_at = r.OptInt(i, 21);
  a.no_show_at = r.OptInt(i, 22);
  a.cancelled_at = r.OptInt(i, 23);
  a.created_by = r.OptInt(i, 24);
  a.updated_at = r.Int(i, 25);
  a.version = r.Int(i, 26);
  return a;
}

// "?, ?, …" with n placeholders.
std::string Placeholders(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += i == 0 ? "?" : ", ?";
  return s;
}

// A row of appointment_roster_weekly: id, staff_id, branch_id, weekday, start_min, end_min, breaks.
WeeklyShift WeeklyOf(const storage::Rows& rows, size_t i) {
  return {rows.Int(i, 0), rows.Int(i, 1), rows.Int(i, 2), static_cast<int>(rows.Int(i, 3)),
          Shift{static_cast<int>(rows.Int(i, 4)), static_cast<int>(rows.Int(i, 5)),
                ParseBreaks(rows.Text(i, 6))}};
}

// A row of appointment_roster_days: id, staff_id, branch_id, day, kind, start_min, end_min, breaks.
DayOverride DayOf(const storage::Rows& days, size_t i) {
  DayOverride d;
  d.id = days.Int(i, 0);
  d.staff_id = days.Int(i, 1);
  d.branch_id = days.OptInt(i, 2);
  d.day = ParseDate(days.Text(i, 3)).value_or(LocalDate{});
  d.off = days.Text(i, 4) == "off";
  d.shift = Shift{static_cast<int>(days.Int(i, 5)), static_cast<int>(days.Int(i, 6)),
                  ParseBreaks(days.Text(i, 7))};
  return d;
}

}  // namespace

Result<TimeZone> ZoneOf(storage::Conn& c, int64_t org_id) {
  PEONY_TRY(auto rows, c.Query("SELECT time_zone FROM orgs WHERE id = ?", {org_id}));
  if (rows.empty()) return TimeZone::Utc();
  auto tz = TimeZone::Find(rows.Text(0, 0));
  return tz.ok() ? *tz : TimeZone::Utc();
}

Result<int> SlotStep(storage::Conn& c, int64_t org_id) {
  PEONY_TRY(auto rows,
            c.Query("SELECT slot_step_min FROM appointment_settings WHERE org_id = ?", {org_id}));
  if (rows.empty()) return kDefaultSlotStep;
  return static_cast<int>(rows.Int(0, 0));
}

Status SaveSlotStep(storage::Conn& c, int64_t org_id, int step, UtcMillis now) {
  PEONY_CHECK(c.Exec(
      "INSERT INTO appointment_settings (org_id, slot_step_min, updated_at) VALUES (?, ?, ?) "
      "ON CONFLICT (org_id) DO UPDATE SET slot_step_min = excluded.slot_step_min, "
      "updated_at = excluded.updated_at",
      {org_id, step, now}));
  return Ok();
}

Result<bool> BranchExists(storage::Conn& c, int64_t org_id, int64_t branch_id) {
  PEONY_TRY(auto rows, c.Query("SELECT 1 FROM branches WHERE id = ? AND org_id = ? AND active = ?",
                               {branch_id, org_id, true}));
  return !rows.empty();
}

Result<Roster> LoadRoster(storage::Conn& c, int64_t org_id, int64_t branch_id,
                          const LocalDate& from, const LocalDate& to, Interval range,
                          std::optional<int64_t> staff) {
  Roster r;
  const std::string only = staff ? " AND staff_id = ?" : "";
  storage::Params weekly_params{org_id, branch_id};
  storage::Params days_params{org_id, FormatDate(from), FormatDate(to)};
  storage::Params leave_params{org_id, range.to, range.from};
  if (staff) {
    weekly_params.Add(*staff);
    days_params.Add(*staff);
    leave_params.Add(*staff);
  }
  PEONY_TRY(auto weekly, c.Query("SELECT id, staff_id, branch_id, weekday, start_min, end_min, "
                                 "breaks FROM appointment_roster_weekly WHERE org_id = ? AND "
                                 "branch_id = ?" +
                                     only + " ORDER BY id",
                                 weekly_params));
  for (size_t i = 0; i < weekly.size(); ++i) r.weekly.push_back(WeeklyOf(weekly, i));
  PEONY_TRY(auto days, c.Query("SELECT id, staff_id, branch_id, day, kind, start_min, end_min, "
                               "breaks FROM appointment_roster_days WHERE org_id = ? AND "
                               "day >= ? AND day <= ?" +
                                   only + " ORDER BY id",
                               days_params));
  for (size_t i = 0; i < days.size(); ++i) r.days.push_back(DayOf(days, i));
  PEONY_TRY(auto leave, c.Query("SELECT id, staff_id, start_at, end_at, reason FROM "
                                "appointment_leave WHERE org_id = ? AND start_at < ? AND "
                                "end_at > ?" +
                                    only + " ORDER BY id",
                                leave_params));
  for (size_t i = 0; i < leave.size(); ++i) {
    r.leave.push_back(
        {leave.Int(i, 0), leave.Int(i, 1), {leave.Int(i, 2), leave.Int(i, 3)}, leave.Text(i, 4)});
  }
  PEONY_TRY(r.hours, LoadHours(c, org_id, branch_id));
  return r;
}

Result<std::vector<int64_t>> RosteredStaff(storage::Conn& c, int64_t org_id, int64_t branch_id,
                                           const LocalDate& from, const LocalDate& to) {
  PEONY_TRY(auto rows,
            c.Query("SELECT staff_id FROM appointment_roster_weekly WHERE org_id = ? AND "
                    "branch_id = ? UNION SELECT staff_id FROM appointment_roster_days WHERE "
                    "org_id = ? AND branch_id = ? AND day >= ? AND day <= ? ORDER BY 1",
                    {org_id, branch_id, org_id, branch_id, FormatDate(from), FormatDate(to)}));
  std::vector<int64_t> out;
  for (size_t i = 0; i < rows.size(); ++i) out.push_back(rows.Int(i, 0));
  return out;
}

Result<Roster> LoadStaffRoster(storage::Conn& c, int64_t org_id, int64_t staff_id) {
  Roster r;
  PEONY_TRY(auto weekly, c.Query("SELECT id, staff_id, branch_id, weekday, start_min, end_min, "
                                 "breaks FROM appointment_roster_weekly WHERE org_id = ? AND "
                                 "staff_id = ? ORDER BY weekday, start_min",
                                 {org_id, staff_id}));
  for (size_t i = 0; i < weekly.size(); ++i) r.weekly.push_back(WeeklyOf(weekly, i));
  PEONY_TRY(auto days, c.Query("SELECT id, staff_id, branch_id, day, kind, start_min, end_min, "
                               "breaks FROM appointment_roster_days WHERE org_id = ? AND "
                               "staff_id = ? ORDER BY day, id LIMIT 1000",
                               {org_id, staff_id}));
  for (size_t i = 0; i < days.size(); ++i) r.days.push_back(DayOf(days, i));
  PEONY_TRY(auto leave, c.Query("SELECT id, staff_id, start_at, end_at, reason FROM "
                                "appointment_leave WHERE org_id = ? AND staff_id = ? "
                                "ORDER BY start_at LIMIT 1000",
                                {org_id, staff_id}));
  for (size_t i = 0; i < leave.size(); ++i) {
    r.leave.push_back(
        {leave.Int(i, 0), leave.Int(i, 1), {leave.Int(i, 2), leave.Int(i, 3)}, leave.Text(i, 4)});
  }
  return r;
}

Status ReplaceWeekly(storage::Conn& c, int64_t org_id, int64_t staff_id,
                     const std::vector<WeeklyShift>& shifts) {
  PEONY_CHECK(c.Exec("DELETE FROM appointment_roster_weekly WHERE org_id = ? AND staff_id = ?",
                     {org_id, staff_id}));
  for (const auto& w : shifts) {
    PEONY_CHECK(
        c.Exec("INSERT INTO appointment_roster_weekly (org_id, staff_id, branch_id, "
               "weekday, start_min, end_min, breaks) VALUES (?, ?, ?, ?, ?, ?, ?)",
               {org_id, staff_id, w.branch_id, w.weekday, w.shift.start_min, w.shift.end_min,
                BreaksText(w.shift)}));
  }
  return Ok();
}

Result<int64_t> AddDay(storage::Conn& c, int64_t org_id, const DayOverride& d) {
  PEONY_TRY(auto rows,
            c.Query("INSERT INTO appointment_roster_days (org_id, staff_id, branch_id, day, kind, "
                    "start_min, end_min, breaks) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    {org_id, d.staff_id, d.branch_id, FormatDate(d.day), d.off ? "off" : "shift",
                     d.off ? std::optional<int64_t>() : std::optional<int64_t>(d.shift.start_min),
                     d.off ? std::optional<int64_t>() : std::optional<int64_t>(d.shift.end_min),
                     BreaksText(d.shift)}));
  return rows.Int(0, 0);
}

Result<bool> DeleteDay(storage::Conn& c, int64_t org_id, int64_t id) {
  PEONY_TRY(auto n, c.Exec("DELETE FROM appointment_roster_days WHERE id = ? AND org_id = ?",
                           {id, org_id}));
  return n > 0;
}

Result<int64_t> AddLeave(storage::Conn& c, int64_t org_id, const Leave& l, UtcMillis now) {
  PEONY_TRY(auto rows,
            c.Query("INSERT INTO appointment_leave (org_id, staff_id, start_at, end_at, reason, "
                    "created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                    {org_id, l.staff_id, l.range.from, l.range.to, l.reason, now}));
  return rows.Int(0, 0);
}

Result<bool> DeleteLeave(storage::Conn& c, int64_t org_id, int64_t id) {
  PEONY_TRY(auto n,
            c.Exec("DELETE FROM appointment_leave WHERE id = ? AND org_id = ?", {id, org_id}));
  return n > 0;
}

Result<std::vector<OpeningHours>> LoadHours(storage::Conn& c, int64_t org_id, int64_t branch_id) {
  PEONY_TRY(auto rows, c.Query("SELECT weekday, open_min, close_min FROM "
                               "appointment_opening_hours WHERE org_id = ? AND branch_id = ? "
                               "ORDER BY weekday",
                               {org_id, branch_id}));
  std::vector<OpeningHours> out;
  for (size_t i = 0; i < rows.size(); ++i) {
    out.push_back({static_cast<int>(rows.Int(i, 0)), static_cast<int>(rows.Int(i, 1)),
                   static_cast<int>(rows.Int(i, 2))});
  }
  return out;
}

Status ReplaceHours(storage::Conn& c, int64_t org_id, int64_t branch_id,
                    const std::vector<OpeningHours>& hours) {
  PEONY_CHECK(c.Exec("DELETE FROM appointment_opening_hours WHERE org_id = ? AND branch_id = ?",
                     {org_id, branch_id}));
  for (const auto& h : hours) {
    PEONY_CHECK(
        c.Exec("INSERT INTO appointment_opening_hours (org_id, branch_id, weekday, "
               "open_min, close_min) VALUES (?, ?, ?, ?, ?)",
               {org_id, branch_id, h.weekday, h.open_min, h.close_min}));
  }
  return Ok();
}

Result<std::optional<Appointment>> LoadAppointment(storage::Conn& c, int64_t org_id, int64_t id,
                                                   bool lock) {
  std::string sql = std::string("SELECT ") + kAppointmentColumns +
                    " FROM appointments WHERE id = ? AND org_id = ?";
  if (lock && c.dialect() == storage::Dialect::kPostgres) sql += " FOR UPDATE";
  PEONY_TRY(auto rows, c.Query(sql, {id, org_id}));
  if (rows.empty()) return std::optional<Appointment>();
  return std::optional<Appointment>(AppointmentOf(rows, 0));
}

Result<std::vector<Appointment>> ListAppointments(storage::Conn& c, int64_t org_id,
                                                  const ListFilter& f) {
  std::string sql = std::string("SELECT ") + kAppointmentColumns +
                    " FROM appointments WHERE org_id = ? AND start_at >= ? AND start_at < ?";
  storage::Params p{org_id, f.range.from, f.range.to};
  auto add = [&](const char* cond, const storage::Value& v) {
    sql += cond;
    p.Add(v);
  };
  if (f.branch_id) add(" AND branch_id = ?", *f.branch_id);
  if (f.practitioner_id) add(" AND practitioner_id = ?", *f.practitioner_id);
  if (f.room_id) add(" AND room_id = ?", *f.room_id);
  if (f.customer_id) add(" AND customer_id = ?", *f.customer_id);
  if (f.status) add(" AND status = ?", *f.status);
  sql += " ORDER BY start_at, id LIMIT ?";
  p.Add(int64_t{f.limit});
  PEONY_TRY(auto rows, c.Query(sql, p));
  std::vector<Appointment> out;
  out.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) out.push_back(AppointmentOf(rows, i));
  return out;
}

Status InsertAppointment(storage::Conn& c, const Appointment& a) {
  PEONY_CHECK(
      c.Exec("INSERT INTO appointments (id, org_id, branch_id, customer_id, service_id, "
             "practitioner_id, assistant_ids, room_id, equipment_ids, start_at, end_at, busy_from, "
             "busy_to, status, note, cancel_reason, booked_at, created_by, updated_at, version) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
             {a.id,
              a.org_id,
              a.branch_id,
              a.customer_id,
              a.service_id,
              a.practitioner_id,
              IdsText(a.assistant_ids),
              a.room_id,
              IdsText(a.equipment_ids),
              a.start_at,
              a.end_at,
              a.busy_from,
              a.busy_to,
              a.status,
              a.note,
              a.cancel_reason,
              a.booked_at,
              a.created_by,
              a.updated_at,
              a.version}));
  return Ok();
}

Status SaveAppointment(storage::Conn& c, Appointment& a, UtcMillis now) {
  a.updated_at = now;
  ++a.version;
  PEONY_CHECK(c.Exec(
      "UPDATE appointments SET practitioner_id = ?, assistant_ids = ?, room_id = ?, "
      "equipment_ids = ?, start_at = ?, end_at = ?, busy_from = ?, busy_to = ?, status = ?, "
      "note = ?, cancel_reason = ?, treatment_id = ?, confirmed_at = ?, checked_in_at = ?, "
      "in_service_at = ?, completed_at = ?, no_show_at = ?, cancelled_at = ?, updated_at = ?, "
      "version = ? WHERE id = ? AND org_id = ?",
      {a.practitioner_id,
       IdsText(a.assistant_ids),
       a.room_id,
       IdsText(a.equipment_ids),
       a.start_at,
       a.end_at,
       a.busy_from,
       a.busy_to,
       a.status,
       a.note,
       a.cancel_reason,
       a.treatment_id,
       a.confirmed_at,
       a.checked_in_at,
       a.in_service_at,
       a.completed_at,
       a.no_show_at,
       a.cancelled_at,
       a.updated_at,
       a.version,
       a.id,
       a.org_id}));
  return Ok();
}

Status Occupy(storage::Conn& c, const Appointment& a) {
  std::vector<std::pair<std::string_view, int64_t>> held;
  if (a.practitioner_id) held.emplace_back("staff", *a.practitioner_id);
  for (int64_t id : a.assistant_ids) held.emplace_back("staff", id);
  if (a.room_id) held.emplace_back("room", *a.room_id);
  for (int64_t id : a.equipment_ids) held.emplace_back("equipment", id);
  // One order for every booking (kind, then id), so two bookings never wait on each other's
  // rows in opposite orders (a deadlock on PostgreSQL).
  std::sort(held.begin(), held.end());
  const std::vector<int64_t> buckets = Buckets({a.busy_from, a.busy_to});
  std::vector<storage::Value> values;
  size_t rows = 0;
  auto flush = [&]() -> Status {
    if (rows == 0) return Ok();
    std::string sql =
        "INSERT INTO appointment_occupancy (org_id, kind, resource_id, bucket, appointment_id) "
        "VALUES ";
    for (size_t i = 0; i < rows; ++i) sql += i == 0 ? "(?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?)";
    auto r = c.Exec(sql, storage::Params(std::move(values)));
    values.clear();
    rows = 0;
    if (!r.ok()) {
      if (r.error().code == "db.unique_violation") return errors::SlotTaken();
      return std::move(r).error();
    }
    return Ok();
  };
  for (const auto& [kind, id] : held) {
    for (int64_t b : buckets) {
      values.insert(values.end(),
                    {storage::ToValue(a.org_id), storage::ToValue(kind), storage::ToValue(id),
                     storage::ToValue(b), storage::ToValue(a.id)});
      if (++rows == kOccupancyRowsPerInsert) PEONY_CHECK(flush());
    }
  }
  PEONY_CHECK(flush());
  for (const auto& [kind, id] : held) {
    PEONY_CHECK(
        c.Exec("INSERT INTO appointment_resources (appointment_id, org_id, kind, "
               "resource_id, busy_from, busy_to) VALUES (?, ?, ?, ?, ?, ?)",
               {a.id, a.org_id, kind, id, a.busy_from, a.busy_to}));
  }
  return Ok();
}

Status Release(storage::Conn& c, int64_t appointment_id) {
  PEONY_CHECK(
      c.Exec("DELETE FROM appointment_occupancy WHERE appointment_id = ?", {appointment_id}));
  PEONY_CHECK(
      c.Exec("DELETE FROM appointment_resources WHERE appointment_id = ?", {appointment_id}));
  return Ok();
}

Result<std::map<int64_t, std::vector<Interval>>> BusyOf(storage::Conn& c, int64_t org_id,
                                                        std::string_view kind,
                                                        const std::vector<int64_t>& ids,
                                                        Interval range) {
  std::map<int64_t, std::vector<Interval>> out;
  // An appointment with its buffers is shorter than a day: its start is at most a day before
  // the range, which keeps the index range of each resource short.
  constexpr int64_t kDay = 24 * 60 * kMinuteMs;
  for (size_t at = 0; at < ids.size(); at += 100) {
    const size_t n = std::min<size_t>(100, ids.size() - at);
    storage::Params p{org_id, kind};
    for (size_t i = 0; i < n; ++i) p.Add(ids[at + i]);
    p.Add(range.from - kDay);
    p.Add(range.to);
    p.Add(range.from);
    PEONY_TRY(auto rows,
              c.Query("SELECT resource_id, busy_from, busy_to FROM appointment_resources WHERE "
                      "org_id = ? AND kind = ? AND resource_id IN (" +
                          Placeholders(n) +
                          ") AND busy_from >= ? AND busy_from < ? AND busy_to > ? "
                          "ORDER BY resource_id, busy_from",
                      p));
    for (size_t i = 0; i < rows.size(); ++i) {
      out[rows.Int(i, 0)].push_back({rows.Int(i, 1), rows.Int(i, 2)});
    }
  }
  return out;
}

Result<int64_t> AddWaitEntry(storage::Conn& c, int64_t org_id, const WaitEntry& w, UtcMillis now) {
  PEONY_TRY(auto rows,
            c.Query("INSERT INTO appointment_waitlist (org_id, branch_id, customer_id, "
                    "service_id, day, status, created_by, created_at) "
                    "VALUES (?, ?, ?, ?, ?, 'waiting', ?, ?) RETURNING id",
                    {org_id, w.branch_id, w.customer_id, w.service_id, w.day, w.created_by, now}));
  return rows.Int(0, 0);
}

Result<std::vector<WaitEntry>> Waiting(storage::Conn& c, int64_t org_id, int64_t branch_id,
                                       const std::string& day) {
  PEONY_TRY(auto rows, c.Query("SELECT id, branch_id, customer_id, service_id, day, status, "
                               "created_by FROM appointment_waitlist WHERE org_id = ? AND "
                               "branch_id = ? AND day = ? AND status = 'waiting' ORDER BY id "
                               "LIMIT 20",
                               {org_id, branch_id, day}));
  std::vector<WaitEntry> out;
  for (size_t i = 0; i < rows.size(); ++i) {
    out.push_back({rows.Int(i, 0), rows.Int(i, 1), rows.Int(i, 2), rows.Int(i, 3), rows.Text(i, 4),
                   rows.Text(i, 5), rows.OptInt(i, 6)});
  }
  return out;
}

Status MarkOffered(storage::Conn& c, int64_t id, UtcMillis start, UtcMillis now) {
  PEONY_CHECK(
      c.Exec("UPDATE appointment_waitlist SET status = 'offered', offered_start = ?, "
             "offered_at = ? WHERE id = ?",
             {start, now, id}));
  return Ok();
}

}  // namespace peony::domain::appointments::internal
