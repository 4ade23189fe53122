// The rules engine (platform/rules): "when … if … then …", stored as data (definition.h).
//
// Triggers become jobs (platform/jobs):
//   record_created / record_updated / field_changed   the record write's transaction sees the
//       change (records::ChangeObserver), checks the condition and enqueues a "rule.fire" job keyed
//       by rule, record and record version — so one write fires a rule once;
//   date   the write that sets or changes the date field (re)schedules one "rule.fire" job for the
//       next occurrence (keyed by rule, record and date: an occurrence that fired never fires
//       again); enabling or changing the rule schedules every existing record ("rule.backfill");
//   schedule   a "rule.schedule" job per cron occurrence, which enqueues the next one and a fire
//   per
//       matching record;
//   webhook    POST /api/v1/hooks/{token} creates or updates a record and fires the rule for it.
// A fire job checks the rule (still on), the record (still there, its date still the same) and the
// condition again, then runs the actions in one transaction with the job's completion and its run
// log entry (rule_runs, unique by run key): effects happen once. Actions that cannot succeed (no
// assignee, a value the form refuses) are logged as failed and the others still apply; database
// failures roll everything back and the job retries. Writes made by actions fire rules in turn, at
// most kMaxDepth deep.
//
// Rules are cached per organisation and entity for a second, and re-checked when the catalog
// changes: a rule whose field was retired is switched off with the reason shown (Maintain).
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <memory>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/result.h"
#include "platform/access/principal.h"
#include "platform/jobs/jobs.h"
#include "platform/notify/outbox.h"
#include "platform/records/records.h"
#include "platform/rules/definition.h"
#include "platform/schema/catalog.h"
#include "storage/db.h"

namespace peony::rules {

inline constexpr int kMaxDepth = 3;
inline constexpr int64_t kMaxScheduledRecords = 10000;

struct RunPage {
  boost::json::array items;
  bool more = false;
  int64_t last_id = 0;
};

class Rules final : public records::ChangeObserver {
 public:
  // Registers its job handlers on `queue`.
  Rules(storage::Db& db, schema::CatalogStore& catalog, records::Records& records,
        jobs::Queue& queue, notify::Outbox& outbox, const Clock& clock);
  ~Rules() override;

  // CRUD (rules.manage is checked by the routes). Answers are the rule's JSON with id, version,
  // owner_id, enabled, disabled_reason, created_at, updated_at, last_run_at; Create (and
  // RotateHookToken) add "hook_url" for webhook rules. Errors: see errors.h.
  Result<boost::json::object> Create(const access::Principal& who, const boost::json::value& in);
  Result<boost::json::object> Get(int64_t org_id, int64_t id);
  Result<boost::json::array> List(int64_t org_id, const std::string& entity);
  Result<boost::json::object> Replace(const access::Principal& who, int64_t id,
                                      const boost::json::value& in,
                                      std::optional<int64_t> expected_version);
  Result<boost::json::object> SetEnabled(const access::Principal& who, int64_t id, bool enabled,
                                         std::optional<int64_t> expected_version);
  Status Delete(const access::Principal& who, int64_t id);
  Result<std::string> RotateHookToken(const access::Principal& who, int64_t id);

  // The run log, newest first: of one rule, or about one record. `before_id` 0: from the newest.
  Result<RunPage> Runs(int64_t org_id, int64_t rule_id, int limit, int64_t before_id);
  Result<RunPage> RecordRuns(int64_t org_id, const std::string& entity, int64_t record_id,
                             int limit, int64_t before_id);

  // Template help for the designer: the variables of an entity, and a text rendered for a real
  // record the caller may read. Errors: schema.entity_not_found, record.not_found,
  // record.forbidden, rule.unknown_variable.
  Result<boost::json::array> Variables(const std::string& entity);
  Result<std::string> Preview(const access::Principal& who, const std::string& ip,
                              const std::string& entity, int64_t record_id,
                              const std::string& text);

  // An inbound webhook: creates or updates the record and fires the rule. Returns the record id.
  // Errors: hook.not_found, hook.bad_body, hook.bad_signature, and the record's validation errors.
  Result<int64_t> Hook(std::string_view token, std::string_view body, std::string_view timestamp,
                       std::string_view signature);

  // Switches off rules the catalog no longer supports (retired fields, removed entities), with
  // the reason. Called periodically by the server and before `jobs run-due`.
  Status Maintain();

  Status OnChange(storage::Conn& c, const records::ChangeEvent& event) override;

  struct State;

 private:
  std::unique_ptr<State> state_;
};

}  // namespace peony::rules
