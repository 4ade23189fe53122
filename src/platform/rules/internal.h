// Internal to the rules engine: its state and the pieces shared by rules.cpp (CRUD, cache),
// triggers.cpp (change events, dates, schedules), fire.cpp (the job handlers) and actions.cpp.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "common/time_zone.h"
#include "platform/rules/rules.h"

namespace peony::rules {

struct ActiveRule {
  int64_t id = 0, org_id = 0, version = 0;
  std::optional<int64_t> owner_id;
  RuleDef def;
};

// The enabled, valid rules by organisation and entity.
struct RuleSet {
  int64_t catalog_version = -1;
  UtcMillis loaded_at = 0;
  std::map<std::pair<int64_t, std::string>, std::vector<std::shared_ptr<const ActiveRule>>>
      by_entity;
};

struct Rules::State {
  storage::Db& db;
  schema::CatalogStore& catalog;
  records::Records& records;
  jobs::Queue& queue;
  notify::Outbox& outbox;
  const Clock& clock;
  std::mutex mu;
  std::shared_ptr<const RuleSet> cache;  // GUARDED_BY(mu)
  std::map<int64_t, std::string> zones;  // org → IANA name, GUARDED_BY(mu)

  // The cached rule set, reloaded through `c` when older than a second or the catalog changed.
  Result<std::shared_ptr<const RuleSet>> Active(storage::Conn& c);
  void Invalidate();
  Result<TimeZone> Zone(storage::Conn& c, int64_t org_id);

  // Loads one rule row; nullopt when missing or deleted.
  struct Row {
    ActiveRule rule;
    bool enabled = false;
    std::string definition;  // as stored
    std::optional<std::string> disabled_reason;
    UtcMillis created_at = 0, updated_at = 0;
    Result<RuleDef> parsed = Error{};
  };
  Result<std::optional<Row>> LoadRow(storage::Conn& c, int64_t org_id, int64_t id);
  // null org: any organisation (job handlers).
  Result<std::optional<Row>> LoadRowAnyOrg(storage::Conn& c, int64_t id);

  // Jobs of a rule: cancels every pending one; schedules what an enabled rule needs now (date:
  // a backfill over existing records; schedule: the next occurrence).
  Status CancelJobs(storage::Conn& c, int64_t rule_id);
  Status ScheduleRule(storage::Conn& c, const ActiveRule& r);
  // (Re)schedules the date job of one record for a date rule: the first occurrence on or after
  // `earliest` (default today).
  Status ScheduleDate(storage::Conn& c, const ActiveRule& r, int64_t record_id,
                      const boost::json::object& record, int depth,
                      std::optional<LocalDate> earliest = std::nullopt);
  Status FireLater(storage::Conn& c, const ActiveRule& r, std::optional<int64_t> record_id,
                   const std::string& run_key, const std::string& trigger, UtcMillis due, int depth,
                   const std::string& group);

  // The principal rule actions act as: the rule's owner with every permission, named "rule:<id>".
  access::Principal Actor(const ActiveRule& r) const;

  Status HandleFire(jobs::JobRun& run);
  Status HandleSchedule(jobs::JobRun& run);
  Status HandleBackfill(jobs::JobRun& run);
};

// The next occurrence (local date) of a date trigger for a record whose field holds `base`, on or
// after `today`; nullopt when past (non-yearly).
std::optional<LocalDate> NextOccurrence(const Trigger& t, const LocalDate& base,
                                        const LocalDate& today);
// The local date a date or date-time value names (nullopt when empty or malformed).
std::optional<LocalDate> DateValue(const boost::json::value& v, const TimeZone& zone);

// Runs the actions of a rule for one record inside the fire's transaction; returns the
// per-action results. Database failures are returned as errors (the whole fire retries).
struct ActionContext {
  storage::Conn& c;
  Rules::State& s;
  const ActiveRule& rule;
  const schema::Catalog& catalog;
  const schema::EntityDef* entity;    // null for rules without records
  const boost::json::object* record;  // unmasked, with lookups
  std::optional<int64_t> record_id;
  TimeZone zone;
  UtcMillis now;
  int depth;
  std::string run_key;
};
Result<boost::json::array> RunActions(ActionContext& ctx, bool* any_failed);

}  // namespace peony::rules
