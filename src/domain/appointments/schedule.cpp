// Scheduling data behind the API (schedule.h): parsing, checks and the audit; the SQL is in
// store.cpp.
#include "domain/appointments/schedule.h"

#include <set>

#include "domain/appointments/errors.h"
#include "domain/appointments/roster.h"
#include "domain/appointments/store.h"
#include "platform/access/audit.h"

namespace peony::domain::appointments {
namespace {

namespace json = boost::json;

constexpr size_t kMaxWeeklyShifts = 50;

// Reads "HH:MM" of o[key] into *out; names the field in `fields` when wrong.
bool ClockOf(const json::object& o, std::string_view key, const std::string& path,
             json::object& fields, int* out) {
  const auto* v = o.if_contains(key);
  std::optional<int> m;
  if (v && v->is_string()) m = ParseClock(v->as_string());
  if (!m) {
    fields[path + std::string(key)] = "must be a time HH:MM";
    return false;
  }
  *out = *m;
  return true;
}

std::optional<int64_t> IdOf(const json::value* v) {
  if (!v || !v->is_int64() || v->as_int64() < 1) return std::nullopt;
  return v->as_int64();
}

// A shift {"start","end","breaks":[{"start","end"}]} at `path` ("weekly[0].").
std::optional<Shift> ShiftOf(const json::object& o, const std::string& path, json::object& fields) {
  Shift s;
  bool ok = ClockOf(o, "start", path, fields, &s.start_min);
  ok = ClockOf(o, "end", path, fields, &s.end_min) && ok;
  if (const auto* b = o.if_contains("breaks"); b && !b->is_null()) {
    if (!b->is_array()) {
      fields[path + "breaks"] = "must be an array";
      return std::nullopt;
    }
    for (size_t i = 0; i < b->as_array().size(); ++i) {
      const auto& item = b->as_array()[i];
      const std::string at = path + "breaks[" + std::to_string(i) + "].";
      if (!item.is_object()) {
        fields[at] = "must be an object";
        ok = false;
        continue;
      }
      int from = 0, to = 0;
      bool one = ClockOf(item.as_object(), "start", at, fields, &from);
      one = ClockOf(item.as_object(), "end", at, fields, &to) && one;
      if (one) s.breaks.emplace_back(from, to);
      ok = ok && one;
    }
  }
  if (!ok) return std::nullopt;
  const std::string problem = CheckShift(s);
  if (!problem.empty()) {
    fields[path + "end"] = problem;
    return std::nullopt;
  }
  return s;
}

json::object ShiftJson(const Shift& s) {
  json::array breaks;
  for (const auto& [from, to] : s.breaks) {
    breaks.push_back(json::object{{"start", FormatClock(from)}, {"end", FormatClock(to)}});
  }
  return json::object{
      {"start", FormatClock(s.start_min)}, {"end", FormatClock(s.end_min)}, {"breaks", breaks}};
}

json::object DayJson(const DayOverride& d) {
  json::object o{{"id", d.id}, {"date", FormatDate(d.day)}, {"kind", d.off ? "off" : "shift"}};
  o["branch_id"] = d.branch_id ? json::value(*d.branch_id) : json::value(nullptr);
  if (!d.off) {
    for (auto& kv : ShiftJson(d.shift)) o[kv.key()] = kv.value();
  }
  return o;
}

json::object LeaveJson(const Leave& l, const TimeZone& zone) {
  return json::object{{"id", l.id},
                      {"start", LocalTimeText(zone, l.range.from)},
                      {"end", LocalTimeText(zone, l.range.to)},
                      {"reason", l.reason}};
}

}  // namespace

Status Schedule::CheckBranch(storage::Conn& c, const records::Caller& who,
                             const std::string& permission, int64_t branch_id) {
  const auto& p = who.principal;
  const access::Scope scope = p.ScopeFor(permission);
  if (scope == access::Scope::kNone) return errors::BranchNotFound();
  if (scope != access::Scope::kAll && p.branch_id != branch_id) return errors::BranchNotFound();
  PEONY_TRY(auto exists, internal::BranchExists(c, p.org_id, branch_id));
  if (!exists) return errors::BranchNotFound();
  return Ok();
}

Status Schedule::CheckStaff(storage::Conn& c, int64_t org_id, int64_t staff_id) {
  auto r = records_.ReadInTx(c, org_id, "staff", staff_id);
  if (!r.ok()) {
    if (r.error().code == "schema.entity_not_found") return errors::UnknownPractitioner();
    return std::move(r).error();
  }
  if (!*r) return errors::UnknownPractitioner();
  return Ok();
}

Status Schedule::Audit(storage::Conn& c, const records::Caller& who, std::string action,
                       std::string target, json::object detail) {
  const auto& p = who.principal;
  return access::AppendAudit(
      c, clock_,
      access::AuditEvent{p.org_id, p.user_id > 0 ? std::optional<int64_t>(p.user_id) : std::nullopt,
                         p.username, std::move(action), "appointment_schedule", std::move(target),
                         who.ip, std::move(detail)});
}

Result<json::object> Schedule::Settings(const records::Caller& who) {
  return db_.Read([&](storage::Conn& c) -> Result<json::object> {
    PEONY_TRY(auto step, internal::SlotStep(c, who.principal.org_id));
    PEONY_TRY(auto zone, internal::ZoneOf(c, who.principal.org_id));
    return json::object{{"slot_step_min", step}, {"time_zone", std::string(zone.name())}};
  });
}

Result<json::object> Schedule::SaveSettings(const records::Caller& who, const json::object& body) {
  for (const auto& kv : body) {
    if (kv.key() != "slot_step_min") return errors::Invalid(kv.key(), "unknown field");
  }
  const auto* v = body.if_contains("slot_step_min");
  if (!v || !v->is_int64() || (v->as_int64() != 5 && v->as_int64() != 10 && v->as_int64() != 15)) {
    return errors::Invalid("slot_step_min", "must be 5, 10 or 15");
  }
  const int step = static_cast<int>(v->as_int64());
  PEONY_CHECK(db_.WriteTx([&](storage::Conn& c) -> Status {
    PEONY_CHECK(internal::SaveSlotStep(c, who.principal.org_id, step, clock_.Now()));
    return Audit(c, who, "appointment.settings", std::to_string(who.principal.org_id),
                 {{"slot_step_min", step}});
  }));
  return Settings(who);
}

Result<json::object> Schedule::Hours(const records::Caller& who, int64_t branch_id) {
  return db_.Read([&](storage::Conn& c) -> Result<json::object> {
    PEONY_CHECK(CheckBranch(c, who, "appointment.view", branch_id));
    PEONY_TRY(auto hours, internal::LoadHours(c, who.principal.org_id, branch_id));
    json::array days;
    for (const auto& h : hours) {
      days.push_back(json::object{{"weekday", h.weekday},
                                  {"open", FormatClock(h.open_min)},
                                  {"close", FormatClock(h.close_min)}});
    }
    return json::object{{"branch_id", branch_id}, {"days", std::move(days)}};
  });
}

Result<json::object> Schedule::SaveHours(const records::Caller& who, int64_t branch_id,
                                         const json::object& body) {
  json::object fields;
  std::vector<OpeningHours> hours;
  for (const auto& kv : body) {
    if (kv.key() != "days") fields[kv.key()] = "unknown field";
  }
  const auto* days = body.if_contains("days");
  if (!days || !days->is_array() || days->as_array().size() > 7) {
    fields["days"] = "an array of at most 7 days";
  } else {
    std::set<int64_t> seen;
    for (size_t i = 0; i < days->as_array().size(); ++i) {
      const std::string at = "days[" + std::to_string(i) + "].";
      const auto& d = days->as_array()[i];
      if (!d.is_object()) {
        fields[at] = "must be an object";
        continue;
      }
      const auto* wd = d.as_object().if_contains("weekday");
      OpeningHours h;
      if (!wd || !wd->is_int64() || wd->as_int64() < 0 || wd->as_int64() > 6 ||
          !seen.insert(wd->as_int64()).second) {
        fields[at + "weekday"] = "0 (Sunday) to 6, each once";
      } else {
        h.weekday = static_cast<int>(wd->as_int64());
      }
      bool ok = ClockOf(d.as_object(), "open", at, fields, &h.open_min);
      ok = ClockOf(d.as_object(), "close", at, fields, &h.close_min) && ok;
      if (ok && h.open_min >= h.close_min) fields[at + "close"] = "must be after open";
      hours.push_back(h);
    }
  }
  if (!fields.empty()) return errors::Invalid(std::move(fields));
  PEONY_CHECK(db_.WriteTx([&](storage::Conn& c) -> Status {
    PEONY_CHECK(CheckBranch(c, who, "appointment.schedule", branch_id));
    PEONY_CHECK(internal::ReplaceHours(c, who.principal.org_id, branch_id, hours));
    return Audit(c, who, "appointment.hours", std::to_string(branch_id),
                 {{"days", static_cast<int64_t>(hours.size())}});
  }));
  return Hours(who, branch_id);
}

Result<json::object> Schedule::Roster(const records::Caller& who, int64_t staff_id) {
  return db_.Read([&](storage::Conn& c) -> Result<json::object> {
    const int64_t org_id = who.principal.org_id;
    PEONY_CHECK(CheckStaff(c, org_id, staff_id));
    PEONY_TRY(auto zone, internal::ZoneOf(c, org_id));
    PEONY_TRY(auto r, internal::LoadStaffRoster(c, org_id, staff_id));
    json::array weekly, days, leave;
    for (const auto& w : r.weekly) {
      json::object o = ShiftJson(w.shift);
      o["branch_id"] = w.branch_id;
      o["weekday"] = w.weekday;
      weekly.push_back(std::move(o));
    }
    for (const auto& d : r.days) days.push_back(DayJson(d));
    for (const auto& l : r.leave) leave.push_back(LeaveJson(l, zone));
    return json::object{{"practitioner_id", staff_id},
                        {"weekly", std::move(weekly)},
                        {"days", std::move(days)},
                        {"leave", std::move(leave)}};
  });
}

Result<json::object> Schedule::SaveWeekly(const records::Caller& who, int64_t staff_id,
                                          const json::object& body) {
  json::object fields;
  std::vector<WeeklyShift> shifts;
  for (const auto& kv : body) {
    if (kv.key() != "weekly") fields[kv.key()] = "unknown field";
  }
  const auto* weekly = body.if_contains("weekly");
  if (!weekly || !weekly->is_array() || weekly->as_array().size() > kMaxWeeklyShifts) {
    fields["weekly"] = "an array of at most 50 shifts";
  } else {
    for (size_t i = 0; i < weekly->as_array().size(); ++i) {
      const std::string at = "weekly[" + std::to_string(i) + "].";
      const auto& item = weekly->as_array()[i];
      if (!item.is_object()) {
        fields[at] = "must be an object";
        continue;
      }
      const auto& o = item.as_object();
      WeeklyShift w;
      w.staff_id = staff_id;
      auto branch = IdOf(o.if_contains("branch_id"));
      if (!branch) fields[at + "branch_id"] = "must be a positive integer";
      const auto* wd = o.if_contains("weekday");
      if (!wd || !wd->is_int64() || wd->as_int64() < 0 || wd->as_int64() > 6) {
        fields[at + "weekday"] = "0 (Sunday) to 6";
      } else {
        w.weekday = static_cast<int>(wd->as_int64());
      }
      auto shift = ShiftOf(o, at, fields);
      if (branch && shift) {
        w.branch_id = *branch;
        w.shift = *shift;
        shifts.push_back(std::move(w));
      }
    }
  }
  if (!fields.empty()) return errors::Invalid(std::move(fields));
  PEONY_CHECK(db_.WriteTx([&](storage::Conn& c) -> Status {
    const int64_t org_id = who.principal.org_id;
    PEONY_CHECK(CheckStaff(c, org_id, staff_id));
    for (const auto& w : shifts)
      PEONY_CHECK(CheckBranch(c, who, "appointment.schedule", w.branch_id));
    PEONY_CHECK(internal::ReplaceWeekly(c, org_id, staff_id, shifts));
    return Audit(c, who, "appointment.roster", std::to_string(staff_id),
                 {{"weekly", static_cast<int64_t>(shifts.size())}});
  }));
  return Roster(who, staff_id);
}

Result<json::object> Schedule::AddDay(const records::Caller& who, int64_t staff_id,
                                      const json::object& body) {
  json::object fields;
  for (const auto& kv : body) {
    const auto k = kv.key();
    if (k != "date" && k != "kind" && k != "branch_id" && k != "start" && k != "end" &&
        k != "breaks") {
      fields[k] = "unknown field";
    }
  }
  DayOverride d;
  d.staff_id = staff_id;
  const auto* date = body.if_contains("date");
  std::optional<LocalDate> day;
  if (date && date->is_string()) day = ParseDate(date->as_string());
  if (!day) fields["date"] = "must be a date YYYY-MM-DD";
  const auto* kind = body.if_contains("kind");
  if (!kind || !kind->is_string() || (kind->as_string() != "off" && kind->as_string() != "shift")) {
    fields["kind"] = "off or shift";
  } else {
    d.off = kind->as_string() == "off";
  }
  if (kind && kind->is_string() && kind->as_string() == "shift") {
    d.branch_id = IdOf(body.if_contains("branch_id"));
    if (!d.branch_id) fields["branch_id"] = "required for a shift";
    auto shift = ShiftOf(body, "", fields);
    if (shift) d.shift = *shift;
  }
  if (!fields.empty()) return errors::Invalid(std::move(fields));
  d.day = *day;
  return db_.Write([&](storage::Conn& c) -> Result<json::object> {
    const int64_t org_id = who.principal.org_id;
    PEONY_CHECK(CheckStaff(c, org_id, staff_id));
    if (d.branch_id) PEONY_CHECK(CheckBranch(c, who, "appointment.schedule", *d.branch_id));
    PEONY_TRY(d.id, internal::AddDay(c, org_id, d));
    PEONY_CHECK(Audit(c, who, "appointment.roster_day", std::to_string(staff_id),
                      {{"date", FormatDate(d.day)}, {"kind", d.off ? "off" : "shift"}}));
    return DayJson(d);
  });
}

Result<json::object> Schedule::AddLeave(const records::Caller& who, int64_t staff_id,
                                        const json::object& body) {
  json::object fields;
  for (const auto& kv : body) {
    if (kv.key() != "start" && kv.key() != "end" && kv.key() != "reason") {
      fields[kv.key()] = "unknown field";
    }
  }
  auto instant = [&](const char* key) -> std::optional<UtcMillis> {
    const auto* v = body.if_contains(key);
    std::optional<UtcMillis> t;
    if (v && v->is_string()) t = ParseRfc3339(v->as_string());
    if (!t) fields[key] = "must be an RFC 3339 time with its offset";
    return t;
  };
  Leave l;
  l.staff_id = staff_id;
  auto from = instant("start");
  auto to = instant("end");
  if (from && to && *to <= *from) fields["end"] = "must be after start";
  if (const auto* r = body.if_contains("reason"); r && !r->is_null()) {
    if (!r->is_string() || r->as_string().size() > 500) {
      fields["reason"] = "a string of at most 500 bytes";
    } else {
      l.reason = std::string(r->as_string());
    }
  }
  if (!fields.empty()) return errors::Invalid(std::move(fields));
  l.range = {*from, *to};
  return db_.Write([&](storage::Conn& c) -> Result<json::object> {
    const int64_t org_id = who.principal.org_id;
    PEONY_CHECK(CheckStaff(c, org_id, staff_id));
    PEONY_TRY(l.id, internal::AddLeave(c, org_id, l, clock_.Now()));
    PEONY_TRY(auto zone, internal::ZoneOf(c, org_id));
    PEONY_CHECK(Audit(c, who, "appointment.leave", std::to_string(staff_id), {}));
    return LeaveJson(l, zone);
  });
}

Status Schedule::DeleteDay(const records::Caller& who, int64_t id) {
  return db_.WriteTx([&](storage::Conn& c) -> Status {
    PEONY_TRY(auto gone, internal::DeleteDay(c, who.principal.org_id, id));
    if (!gone) return errors::NotFound();
    return Audit(c, who, "appointment.roster_day_delete", std::to_string(id), {});
  });
}

Status Schedule::DeleteLeave(const records::Caller& who, int64_t id) {
  return db_.WriteTx([&](storage::Conn& c) -> Status {
    PEONY_TRY(auto gone, internal::DeleteLeave(c, who.principal.org_id, id));
    if (!gone) return errors::NotFound();
    return Audit(c, who, "appointment.leave_delete", std::to_string(id), {});
  });
}

}  // namespace peony::domain::appointments
