// From record changes, dates and schedules to "rule.fire" jobs (see rules.h).
#include <boost/json/serialize.hpp>

#include "common/log.h"
#include "platform/rules/internal.h"

namespace peony::rules {
namespace {

namespace json = boost::json;
using storage::Conn;

std::string RuleGroup(int64_t rule_id) { return "rule:" + std::to_string(rule_id) + ":"; }

const json::value* FieldValue(const json::object* rec, const std::string& field) {
  if (!rec) return nullptr;
  auto it = rec->find(field);
  return it == rec->end() ? nullptr : &it->value();
}

bool SameValue(const json::value* a, const json::value* b) {
  const bool a_null = !a || a->is_null(), b_null = !b || b->is_null();
  if (a_null || b_null) return a_null == b_null;
  return *a == *b;
}

bool Changed(const records::ChangeEvent& ev, const std::string& field) {
  const json::value* after = FieldValue(ev.after, field);
  if (ev.kind == "create") return after && !after->is_null();
  if (ev.kind != "update") return false;
  return !SameValue(FieldValue(ev.before, field), after);
}

// Compares a stored value with the rule's "to"/"from" (numbers across int/double, text as is).
bool Equals(const json::value* v, const json::value& want) {
  if (!v || v->is_null()) return want.is_null();
  if (v->is_number() && want.is_number()) return v->to_number<double>() == want.to_number<double>();
  if (v->is_array() && want.is_string()) {
    for (const auto& item : v->as_array()) {
      if (item == want) return true;
    }
    return false;
  }
  return *v == want;
}

bool EventMatches(const Trigger& t, const records::ChangeEvent& ev) {
  if (t.type == "record_created") return ev.kind == "create";
  if (t.type == "record_updated") {
    if (ev.kind != "update") return false;
    if (t.fields.empty()) return true;
    for (const auto& f : t.fields) {
      if (Changed(ev, f)) return true;
    }
    return false;
  }
  if (t.type == "field_changed") {
    if (!Changed(ev, t.field)) return false;
    if (t.to && !Equals(FieldValue(ev.after, t.field), *t.to)) return false;
    if (t.from && !Equals(FieldValue(ev.before, t.field), *t.from)) return false;
    return true;
  }
  return false;
}

}  // namespace

std::optional<LocalDate> DateValue(const json::value& v, const TimeZone& zone) {
  if (!v.is_string()) return std::nullopt;
  const std::string_view s = v.as_string();
  if (s.size() == 10) return ParseDate(s);
  if (auto t = ParseRfc3339(s)) return zone.DateOf(*t);
  return std::nullopt;
}

std::optional<LocalDate> NextOccurrence(const Trigger& t, const LocalDate& base,
                                        const LocalDate& today) {
  if (!t.yearly) {
    LocalDate occ = AddDays(base, t.offset_days);
    if (occ < today) return std::nullopt;
    return occ;
  }
  for (int y = today.y - 1; y <= today.y + 1; ++y) {
    LocalDate anniversary{y, base.m, base.d};
    if (!IsValidDate(anniversary)) anniversary.d = DaysInMonth(y, base.m);  // 29 Feb → 28 Feb
    const LocalDate occ = AddDays(anniversary, t.offset_days);
    if (!(occ < today) && !(occ < base)) return occ;
  }
  return std::nullopt;
}

Status Rules::State::CancelJobs(Conn& c, int64_t rule_id) {
  const UtcMillis now = clock.Now();
  return StatusOf(
      c.Exec("UPDATE jobs SET status = 'cancelled', updated_at = ?, finished_at = ? WHERE status = "
             "'pending' AND group_key LIKE ?",
             {now, now, RuleGroup(rule_id) + "%"}));
}

Status Rules::State::FireLater(Conn& c, const ActiveRule& r, std::optional<int64_t> record_id,
                               const std::string& run_key, const std::string& trigger,
                               UtcMillis due, int depth, const std::string& group) {
  json::object payload{
      {"rule_id", r.id}, {"run_key", run_key}, {"trigger", trigger}, {"depth", depth}};
  if (record_id) payload["record_id"] = *record_id;
  jobs::JobSpec spec{"rule.fire", r.org_id, std::move(payload),
                     due,         run_key,  group.empty() ? RuleGroup(r.id) + "fire" : group};
  PEONY_TRY(auto id, jobs::Enqueue(c, clock, spec));
  (void)id;
  return Ok();
}

Status Rules::State::ScheduleDate(Conn& c, const ActiveRule& r, int64_t record_id,
                                  const json::object& record, int depth,
                                  std::optional<LocalDate> earliest) {
  const std::string group = RuleGroup(r.id) + "rec:" + std::to_string(record_id) + ":date";
  PEONY_CHECK(jobs::CancelGroup(c, clock, group));
  const json::value* v = FieldValue(&record, r.def.trigger.field);
  if (!v) return Ok();
  PEONY_TRY(auto zone, Zone(c, r.org_id));
  auto base = DateValue(*v, zone);
  if (!base) return Ok();
  const UtcMillis now = clock.Now();
  auto occ = NextOccurrence(r.def.trigger, *base, earliest.value_or(zone.DateOf(now)));
  if (!occ) return Ok();
  const int minutes = r.def.trigger.at_minutes;
  UtcMillis due = zone.ToUtc(LocalDateTime{*occ, minutes / 60, minutes % 60, 0, 0});
  if (due < now) due = now;  // today, after the hour: now
  const std::string key =
      RuleGroup(r.id) + "rec:" + std::to_string(record_id) + ":at:" + FormatDate(*occ);
  return FireLater(c, r, record_id, key, DescribeTrigger(r.def.trigger) + " · " + FormatDate(*occ),
                   due, depth, group);
}

Status Rules::State::ScheduleRule(Conn& c, const ActiveRule& r) {
  const UtcMillis now = clock.Now();
  const std::string v = "v" + std::to_string(r.version);
  if (r.def.trigger.type == "date") {
    jobs::JobSpec spec{"rule.backfill",
                       r.org_id,
                       json::object{{"rule_id", r.id}, {"version", r.version}, {"after_id", 0}},
                       now,
                       RuleGroup(r.id) + v + ":backfill:0",
                       RuleGroup(r.id) + "backfill"};
    return StatusOf(jobs::Enqueue(c, clock, spec));
  }
  if (r.def.trigger.type == "schedule") {
    PEONY_TRY(auto zone, Zone(c, r.org_id));
    auto next = r.def.trigger.cron->Next(now, zone);
    if (!next) return Ok();
    jobs::JobSpec spec{"rule.schedule",
                       r.org_id,
                       json::object{{"rule_id", r.id}, {"version", r.version}, {"at", *next}},
                       *next,
                       RuleGroup(r.id) + v + ":sched:" + std::to_string(*next),
                       RuleGroup(r.id) + "sched"};
    return StatusOf(jobs::Enqueue(c, clock, spec));
  }
  return Ok();
}

Status Rules::OnChange(Conn& c, const records::ChangeEvent& ev) {
  State& s = *state_;
  PEONY_TRY(auto set, s.Active(c));
  auto it = set->by_entity.find({ev.org_id, ev.entity.name});
  if (it == set->by_entity.end()) return Ok();
  if (ev.depth >= kMaxDepth) {
    log::Warn("rules.depth_limit", {{"entity", ev.entity.name}, {"record", ev.record_id}});
    return Ok();
  }
  const int64_t version =
      ev.after && ev.after->contains("version") && ev.after->at("version").is_int64()
          ? ev.after->at("version").as_int64()
          : 0;
  for (const auto& rule : it->second) {
    const Trigger& t = rule->def.trigger;
    if (t.type == "date") {
      if (ev.kind == "delete") {
        PEONY_CHECK(jobs::CancelGroup(
            c, s.clock, RuleGroup(rule->id) + "rec:" + std::to_string(ev.record_id) + ":date"));
      } else if (ev.after && (ev.kind == "create" || Changed(ev, t.field))) {
        PEONY_CHECK(s.ScheduleDate(c, *rule, ev.record_id, *ev.after, ev.depth + 1));
      }
      continue;
    }
    if (!EventMatches(t, ev)) continue;
    if (rule->def.condition) {
      PEONY_TRY(auto ok, s.records.MatchesInTx(c, ev.org_id, ev.entity.name, ev.record_id,
                                               *rule->def.condition));
      if (!ok) continue;
    }
    const std::string key = RuleGroup(rule->id) + "rec:" + std::to_string(ev.record_id) + ":v" +
                            std::to_string(version);
    PEONY_CHECK(s.FireLater(c, *rule, ev.record_id, key, DescribeTrigger(t), s.clock.Now(),
                            ev.depth + 1, ""));
  }
  s.queue.Wake();
  return Ok();
}

}  // namespace peony::rules
