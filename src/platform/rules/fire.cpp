// The rules engine's job handlers: rule.fire (one rule for one record, once), rule.schedule and
// rule.backfill (see rules.h).
#include <boost/json/serialize.hpp>

#include "common/log.h"
#include "platform/rules/internal.h"

namespace peony::rules {
namespace {

namespace json = boost::json;
using storage::Conn;

int64_t IntOf(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : 0;
}
std::string TextOf(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// The run log entry; claims the run key. False when a run with this key already finished.
Result<bool> ClaimRun(Conn& c, const ActiveRule& r, const std::string& key,
                      std::optional<int64_t> record_id, const std::string& trigger, int attempts,
                      UtcMillis now) {
  PEONY_TRY(auto rows,
            c.Query("INSERT INTO rule_runs (org_id, rule_id, rule_version, run_key, entity, "
                    "record_id, trigger, status, attempts, started_at) VALUES (?, ?, ?, ?, ?, ?, "
                    "?, 'running', ?, ?) ON CONFLICT (run_key) DO UPDATE SET status = 'running', "
                    "attempts = excluded.attempts, rule_version = excluded.rule_version, error = "
                    "NULL WHERE rule_runs.status IN ('retrying', 'running') RETURNING id",
                    {r.org_id, r.id, r.version, key,
                     r.def.entity.empty() ? storage::Value{} : r.def.entity, record_id, trigger,
                     int64_t{attempts}, now}));
  return !rows.empty();
}

Status FinishRun(Conn& c, const std::string& key, const std::string& status,
                 const json::array& actions, const std::string& error, UtcMillis now) {
  return StatusOf(c.Exec(
      "UPDATE rule_runs SET status = ?, actions = ?, error = ?, finished_at = ? "
      "WHERE run_key = ?",
      {status, json::serialize(actions), error.empty() ? storage::Value{} : error, now, key}));
}

}  // namespace

Status Rules::State::HandleFire(jobs::JobRun& run) {
  const json::object& p = run.job().payload;
  const int64_t rule_id = IntOf(p, "rule_id");
  const std::string key = TextOf(p, "run_key");
  const std::string trigger = TextOf(p, "trigger");
  const int depth = static_cast<int>(IntOf(p, "depth"));
  std::optional<int64_t> record_id;
  if (p.contains("record_id")) record_id = IntOf(p, "record_id");
  PEONY_TRY(auto row, db.Read([&](Conn& c) { return LoadRowAnyOrg(c, rule_id); }));
  if (!row || !row->enabled || !row->parsed.ok()) return Ok();  // switched off: nothing to do
  const ActiveRule& r = row->rule;
  PEONY_TRY(auto cat, catalog.Snapshot());
  const schema::EntityDef* e = r.def.entity.empty() ? nullptr : cat->Find(r.def.entity);
  const int attempts = run.job().attempts;
  Status done = run.Complete([&](Conn& c) -> Status {
    const UtcMillis now = clock.Now();
    PEONY_TRY(auto claimed, ClaimRun(c, r, key, record_id, trigger, attempts, now));
    if (!claimed) return Ok();  // this occurrence already ran
    std::optional<json::object> record;
    if (record_id) {
      PEONY_TRY(record, records.ReadInTx(c, r.org_id, r.def.entity, *record_id));
      if (!record) return FinishRun(c, key, "skipped", {}, "记录已删除", now);
    }
    PEONY_TRY(auto zone, Zone(c, r.org_id));
    if (record && r.def.trigger.type == "date") {
      // The date may have changed since the job was planned (it would have been moved).
      auto* v = record->if_contains(r.def.trigger.field);
      auto base = v ? DateValue(*v, zone) : std::nullopt;
      const std::string at = key.substr(key.rfind(':') + 1);
      auto planned = ParseDate(at);
      bool same = false;
      if (base && planned) {
        auto occ = NextOccurrence(r.def.trigger, *base, *planned);
        same = occ && *occ == *planned;
      }
      if (!same) return FinishRun(c, key, "skipped", {}, "日期已变更", now);
    }
    if (record && r.def.condition) {
      PEONY_TRY(auto ok,
                records.MatchesInTx(c, r.org_id, r.def.entity, *record_id, *r.def.condition));
      if (!ok) return FinishRun(c, key, "skipped", {}, "条件不满足", now);
    }
    ActionContext ctx{c,         *this, r,   *cat,  e,  record ? &*record : nullptr,
                      record_id, zone,  now, depth, key};
    bool failed = false;
    PEONY_TRY(auto results, RunActions(ctx, &failed));
    if (record && r.def.trigger.type == "date" && r.def.trigger.yearly) {
      // Every year on the day: plan the next one (tomorrow onwards).
      const std::string at = key.substr(key.rfind(':') + 1);
      PEONY_CHECK(ScheduleDate(c, r, *record_id, *record, depth, AddDays(*ParseDate(at), 1)));
    }
    return FinishRun(c, key, failed ? "failed" : "ok", results, failed ? "部分动作未能执行" : "",
                     now);
  });
  if (done.ok() || done.error().code == "jobs.lease_lost") return done;
  // Keep the failure in the run log (the effects were rolled back); the job retries.
  const bool last = attempts >= run.job().max_attempts;
  const std::string error = done.error().code + ": " + done.error().message_zh;
  (void)db.WriteTx([&](Conn& c) -> Status {
    const UtcMillis now = clock.Now();
    PEONY_TRY(auto claimed, ClaimRun(c, r, key, record_id, trigger, attempts, now));
    if (!claimed) return Ok();
    return FinishRun(c, key, last ? "failed" : "retrying", {}, error, now);
  });
  return done;
}

Status Rules::State::HandleSchedule(jobs::JobRun& run) {
  const json::object& p = run.job().payload;
  const int64_t rule_id = IntOf(p, "rule_id");
  const UtcMillis at = IntOf(p, "at");
  PEONY_TRY(auto row, db.Read([&](Conn& c) { return LoadRowAnyOrg(c, rule_id); }));
  if (!row || !row->enabled || !row->parsed.ok() || row->rule.version != IntOf(p, "version")) {
    return Ok();  // changed or off: its new version planned its own occurrences
  }
  const ActiveRule& r = row->rule;
  return run.Complete([&](Conn& c) -> Status {
    const std::string base = "rule:" + std::to_string(r.id) + ":sched:" + std::to_string(at);
    const std::string when = DescribeTrigger(r.def.trigger);
    if (r.def.entity.empty()) {
      PEONY_CHECK(FireLater(c, r, std::nullopt, base, when, clock.Now(), 1, ""));
    } else {
      PEONY_TRY(auto ids, records.SelectIdsInTx(c, r.org_id, r.def.entity,
                                                r.def.condition ? &*r.def.condition : nullptr,
                                                kMaxScheduledRecords));
      for (int64_t id : ids) {
        PEONY_CHECK(
            FireLater(c, r, id, base + ":rec:" + std::to_string(id), when, clock.Now(), 1, ""));
      }
    }
    // The next occurrence, after this one.
    PEONY_TRY(auto zone, Zone(c, r.org_id));
    auto next = r.def.trigger.cron->Next(std::max(at, clock.Now()), zone);
    if (!next) return Ok();
    jobs::JobSpec spec{"rule.schedule",
                       r.org_id,
                       json::object{{"rule_id", r.id}, {"version", r.version}, {"at", *next}},
                       *next,
                       "rule:" + std::to_string(r.id) + ":v" + std::to_string(r.version) +
                           ":sched:" + std::to_string(*next),
                       "rule:" + std::to_string(r.id) + ":sched"};
    return StatusOf(jobs::Enqueue(c, clock, spec));
  });
}

Status Rules::State::HandleBackfill(jobs::JobRun& run) {
  constexpr int64_t kBatch = 500;
  const json::object& p = run.job().payload;
  const int64_t rule_id = IntOf(p, "rule_id");
  const int64_t after_id = IntOf(p, "after_id");
  PEONY_TRY(auto row, db.Read([&](Conn& c) { return LoadRowAnyOrg(c, rule_id); }));
  if (!row || !row->enabled || !row->parsed.ok() || row->rule.version != IntOf(p, "version")) {
    return Ok();
  }
  const ActiveRule& r = row->rule;
  return run.Complete([&](Conn& c) -> Status {
    const json::value filter = json::object{{"field", "id"}, {"op", "gt"}, {"value", after_id}};
    PEONY_TRY(auto ids, records.SelectIdsInTx(c, r.org_id, r.def.entity, &filter, kBatch));
    for (int64_t id : ids) {
      PEONY_TRY(auto record, records.ReadInTx(c, r.org_id, r.def.entity, id));
      if (record) PEONY_CHECK(ScheduleDate(c, r, id, *record, 1));
    }
    if (static_cast<int64_t>(ids.size()) < kBatch) return Ok();
    const int64_t last = ids.back();
    jobs::JobSpec spec{"rule.backfill",
                       r.org_id,
                       json::object{{"rule_id", r.id}, {"version", r.version}, {"after_id", last}},
                       clock.Now(),
                       "rule:" + std::to_string(r.id) + ":v" + std::to_string(r.version) +
                           ":backfill:" + std::to_string(last),
                       "rule:" + std::to_string(r.id) + ":backfill"};
    return StatusOf(jobs::Enqueue(c, clock, spec));
  });
}

}  // namespace peony::rules
