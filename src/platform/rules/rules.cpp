// The rules engine's CRUD, cache, run log and designer help (see rules.h).
#include "platform/rules/rules.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "common/strings.h"
#include "platform/access/audit.h"
#include "platform/records/compute.h"
#include "platform/records/errors.h"
#include "platform/rules/errors.h"
#include "platform/rules/internal.h"
#include "platform/rules/template.h"
#include "platform/schema/errors.h"
#include "storage/crypto/crypto.h"

namespace peony::rules {
namespace {

namespace json = boost::json;
using storage::Conn;

constexpr int64_t kCacheMs = 1000;
constexpr const char* kRowColumns =
    "id, org_id, version, owner_id, definition, enabled, disabled_reason, created_at, "
    "updated_at";

std::string TokenHash(std::string_view token) { return HexEncode(storage::crypto::Sha256(token)); }

json::value ParseStored(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return json::object{};
  return v;
}

json::value ParseStoredArray(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return json::array{};
  return v;
}

json::value Time(const storage::Rows& r, size_t i, size_t col) {
  auto t = r.OptInt(i, col);
  return t ? json::value(FormatRfc3339(*t)) : json::value(nullptr);
}

}  // namespace

Rules::Rules(storage::Db& db, schema::CatalogStore& catalog, records::Records& records,
             jobs::Queue& queue, notify::Outbox& outbox, const Clock& clock)
    : state_(new State{db, catalog, records, queue, outbox, clock, {}, {}, {}}) {
  State& s = *state_;
  queue.Register("rule.fire", [&s](jobs::JobRun& run) { return s.HandleFire(run); });
  queue.Register("rule.schedule", [&s](jobs::JobRun& run) { return s.HandleSchedule(run); });
  queue.Register("rule.backfill", [&s](jobs::JobRun& run) { return s.HandleBackfill(run); });
  records.SetObserver(this);
}

Rules::~Rules() { state_->records.SetObserver(nullptr); }

void Rules::State::Invalidate() {
  std::lock_guard lock(mu);
  cache.reset();
}

Result<TimeZone> Rules::State::Zone(Conn& c, int64_t org_id) {
  {
    std::lock_guard lock(mu);
    if (auto it = zones.find(org_id); it != zones.end()) return TimeZone::Find(it->second);
  }
  PEONY_TRY(auto zone, records::internal::OrgTimeZone(c, org_id));
  std::lock_guard lock(mu);
  zones[org_id] = std::string(zone.name());
  return zone;
}

namespace {

Result<std::vector<Rules::State::Row>> LoadRows(Conn& c, const schema::Catalog& catalog,
                                                const records::Records& records,
                                                const std::string& where,
                                                const storage::Params& params) {
  PEONY_TRY(auto rows, c.Query(std::string("SELECT ") + kRowColumns +
                                   " FROM rules WHERE deleted_at IS NULL" + where + " ORDER BY id",
                               params));
  std::vector<Rules::State::Row> out;
  for (size_t i = 0; i < rows.size(); ++i) {
    Rules::State::Row row;
    row.rule.id = rows.Int(i, 0);
    row.rule.org_id = rows.Int(i, 1);
    row.rule.version = rows.Int(i, 2);
    row.rule.owner_id = rows.OptInt(i, 3);
    row.definition = rows.Text(i, 4);
    row.enabled = rows.Int(i, 5) != 0;
    row.disabled_reason = rows.OptText(i, 6);
    row.created_at = rows.Int(i, 7);
    row.updated_at = rows.Int(i, 8);
    row.parsed = ParseRule(ParseStored(row.definition), catalog, records);
    if (row.parsed.ok()) row.rule.def = *row.parsed;
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace

Result<std::optional<Rules::State::Row>> Rules::State::LoadRow(Conn& c, int64_t org_id,
                                                               int64_t id) {
  PEONY_TRY(auto cat, catalog.Snapshot(c));
  PEONY_TRY(auto rows, LoadRows(c, *cat, records, " AND org_id = ? AND id = ?", {org_id, id}));
  if (rows.empty()) return std::optional<Row>{};
  return std::optional<Row>{std::move(rows[0])};
}

Result<std::optional<Rules::State::Row>> Rules::State::LoadRowAnyOrg(Conn& c, int64_t id) {
  PEONY_TRY(auto cat, catalog.Snapshot(c));
  PEONY_TRY(auto rows, LoadRows(c, *cat, records, " AND id = ?", {id}));
  if (rows.empty()) return std::optional<Row>{};
  return std::optional<Row>{std::move(rows[0])};
}

Result<std::shared_ptr<const RuleSet>> Rules::State::Active(Conn& c) {
  PEONY_TRY(auto cat, catalog.Snapshot(c));
  const UtcMillis now = clock.Now();
  {
    std::lock_guard lock(mu);
    if (cache && cache->catalog_version == cat->version() && now - cache->loaded_at < kCacheMs &&
        now >= cache->loaded_at) {
      return cache;
    }
  }
  PEONY_TRY(auto rows, LoadRows(c, *cat, records, " AND enabled = 1", {}));
  auto set = std::make_shared<RuleSet>();
  set->catalog_version = cat->version();
  set->loaded_at = now;
  for (auto& row : rows) {
    if (!row.parsed.ok() || row.rule.def.entity.empty()) continue;
    const auto key = std::make_pair(row.rule.org_id, row.rule.def.entity);
    set->by_entity[key].push_back(std::make_shared<const ActiveRule>(std::move(row.rule)));
  }
  std::lock_guard lock(mu);
  cache = set;
  return std::shared_ptr<const RuleSet>(set);
}

access::Principal Rules::State::Actor(const ActiveRule& r) const {
  access::Principal p;
  p.org_id = r.org_id;
  p.user_id = r.owner_id.value_or(0);
  p.username = "rule:" + std::to_string(r.id);
  p.display_name = p.username;
  p.permissions = {"*"};
  p.scopes["*"] = access::Scope::kAll;
  return p;
}

namespace {

json::object Answer(Conn& c, const Rules::State::Row& row) {
  json::value stored = ParseStored(row.definition);
  json::object out = stored.as_object();
  if (auto* t = out.if_contains("trigger"); t && t->is_object()) {
    if (auto* secret = t->as_object().if_contains("secret")) *secret = "********";
  }
  out["id"] = row.rule.id;
  out["version"] = row.rule.version;
  out["owner_id"] = row.rule.owner_id ? json::value(*row.rule.owner_id) : json::value(nullptr);
  out["enabled"] = row.enabled;
  out["disabled_reason"] =
      row.disabled_reason ? json::value(*row.disabled_reason) : json::value(nullptr);
  if (!out.contains("condition")) out["condition"] = nullptr;
  out["created_at"] = FormatRfc3339(row.created_at);
  out["updated_at"] = FormatRfc3339(row.updated_at);
  // The newest run (rule_runs_rule is (rule_id, id)): one index seek.
  auto last = c.Query("SELECT started_at FROM rule_runs WHERE rule_id = ? ORDER BY id DESC LIMIT 1",
                      {row.rule.id});
  out["last_run_at"] = last.ok() && !last->empty() ? Time(*last, 0, 0) : json::value(nullptr);
  out["hook_url"] = nullptr;
  return out;
}

Status Audit(Conn& c, const Clock& clock, const access::Principal& who, const std::string& action,
             int64_t id, json::object detail = {}) {
  return access::AppendAudit(c, clock,
                             access::AuditEvent{who.org_id, who.user_id, who.username, action,
                                                "rule", std::to_string(id), "", std::move(detail)});
}

bool IsWebhook(const RuleDef& d) { return d.trigger.type == "webhook"; }

}  // namespace

Result<json::object> Rules::Create(const access::Principal& who, const json::value& in) {
  State& s = *state_;
  PEONY_TRY(auto cat, s.catalog.Snapshot());
  PEONY_TRY(auto def, ParseRule(in, *cat, s.records));
  const UtcMillis now = s.clock.Now();
  std::string token;
  if (IsWebhook(def)) token = storage::crypto::RandomToken(24);
  PEONY_TRY(auto answer, s.db.Write([&](Conn& c) -> Result<json::object> {
    PEONY_TRY(
        auto rows,
        c.Query("INSERT INTO rules (org_id, name, entity, trigger_type, definition, enabled, "
                "owner_id, hook_token_hash, created_at, updated_at, version) VALUES (?, ?, "
                "?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
                {who.org_id, def.name, def.entity.empty() ? storage::Value{} : def.entity,
                 def.trigger.type, json::serialize(ToJson(def, true)), def.enabled, who.user_id,
                 token.empty() ? storage::Value{} : TokenHash(token), now, now}));
    const int64_t id = rows.Int(0, 0);
    ActiveRule r{id, who.org_id, 1, who.user_id, def};
    if (def.enabled) PEONY_CHECK(s.ScheduleRule(c, r));
    PEONY_CHECK(Audit(c, s.clock, who, "rule.create", id, {{"name", def.name}}));
    PEONY_TRY(auto row, s.LoadRow(c, who.org_id, id));
    json::object out = Answer(c, *row);
    if (!token.empty()) out["hook_url"] = "/api/v1/hooks/" + token;
    return out;
  }));
  s.Invalidate();
  s.queue.Wake();
  return answer;
}

Result<json::object> Rules::Get(int64_t org_id, int64_t id) {
  State& s = *state_;
  return s.db.Read([&](Conn& c) -> Result<json::object> {
    PEONY_TRY(auto row, s.LoadRow(c, org_id, id));
    if (!row) return errors::NotFound();
    return Answer(c, *row);
  });
}

Result<json::array> Rules::List(int64_t org_id, const std::string& entity) {
  State& s = *state_;
  PEONY_TRY(auto cat, s.catalog.Snapshot());
  return s.db.Read([&](Conn& c) -> Result<json::array> {
    std::string where = " AND org_id = ?";
    storage::Params params{org_id};
    if (!entity.empty()) {
      where += " AND entity = ?";
      params.Add(entity);
    }
    PEONY_TRY(auto rows, LoadRows(c, *cat, s.records, where, params));
    json::array out;
    for (const auto& row : rows) out.push_back(Answer(c, row));
    return out;
  });
}

namespace {

// Applies a change to a rule row with optimistic concurrency, then reschedules its jobs.
Result<json::object> Change(Rules::State& s, const access::Principal& who, int64_t id,
                            std::optional<int64_t> expected_version,
                            const std::function<Status(Conn&, Rules::State::Row&)>& apply) {
  auto out = s.db.Write([&](Conn& c) -> Result<json::object> {
    PEONY_TRY(auto row, s.LoadRow(c, who.org_id, id));
    if (!row) return errors::NotFound();
    if (expected_version && *expected_version != row->rule.version) {
      return errors::VersionConflict(row->rule.version);
    }
    PEONY_CHECK(apply(c, *row));
    PEONY_TRY(auto n, c.Exec("UPDATE rules SET version = version + 1, updated_at = ? WHERE id = ? "
                             "AND version = ?",
                             {s.clock.Now(), id, row->rule.version}));
    if (n != 1) return errors::VersionConflict(row->rule.version);
    PEONY_CHECK(s.CancelJobs(c, id));
    PEONY_TRY(auto after, s.LoadRow(c, who.org_id, id));
    if (after->enabled && after->parsed.ok()) PEONY_CHECK(s.ScheduleRule(c, after->rule));
    return Answer(c, *after);
  });
  s.Invalidate();
  s.queue.Wake();
  return out;
}

}  // namespace

Result<json::object> Rules::Replace(const access::Principal& who, int64_t id, const json::value& in,
                                    std::optional<int64_t> expected_version) {
  State& s = *state_;
  PEONY_TRY(auto cat, s.catalog.Snapshot());
  if (!expected_version && in.is_object()) {
    if (auto* v = in.as_object().if_contains("version"); v && v->is_int64()) {
      expected_version = v->as_int64();
    }
  }
  PEONY_TRY(auto def, ParseRule(in, *cat, s.records));
  return Change(s, who, id, expected_version, [&](Conn& c, State::Row& row) -> Status {
    // A webhook secret sent back as "********" keeps the stored one.
    if (IsWebhook(def) && def.trigger.secret == "********" && row.parsed.ok()) {
      def.trigger.secret = row.parsed->trigger.secret;
    }
    std::optional<std::string> hash;
    PEONY_TRY(auto current, c.Query("SELECT hook_token_hash FROM rules WHERE id = ?", {id}));
    if (IsWebhook(def)) hash = current.OptText(0, 0);
    PEONY_CHECK(
        c.Exec("UPDATE rules SET name = ?, entity = ?, trigger_type = ?, definition = ?, "
               "enabled = ?, disabled_reason = NULL, hook_token_hash = ? WHERE id = ?",
               {def.name, def.entity.empty() ? storage::Value{} : def.entity, def.trigger.type,
                json::serialize(ToJson(def, true)), def.enabled, hash, id}));
    return Audit(c, s.clock, who, "rule.update", id, {{"name", def.name}});
  });
}

Result<json::object> Rules::SetEnabled(const access::Principal& who, int64_t id, bool enabled,
                                       std::optional<int64_t> expected_version) {
  State& s = *state_;
  return Change(s, who, id, expected_version, [&](Conn& c, State::Row& row) -> Status {
    if (enabled && !row.parsed.ok()) return row.parsed.error();
    json::value stored = ParseStored(row.definition);
    stored.as_object()["enabled"] = enabled;
    PEONY_CHECK(
        c.Exec("UPDATE rules SET enabled = ?, disabled_reason = NULL, definition = ? "
               "WHERE id = ?",
               {enabled, json::serialize(stored), id}));
    return Audit(c, s.clock, who, enabled ? "rule.enable" : "rule.disable", id);
  });
}

Status Rules::Delete(const access::Principal& who, int64_t id) {
  State& s = *state_;
  PEONY_CHECK(s.db.WriteTx([&](Conn& c) -> Status {
    PEONY_TRY(auto n, c.Exec("UPDATE rules SET deleted_at = ?, enabled = 0, hook_token_hash = NULL "
                             "WHERE id = ? AND org_id = ? AND deleted_at IS NULL",
                             {s.clock.Now(), id, who.org_id}));
    if (n != 1) return errors::NotFound();
    PEONY_CHECK(s.CancelJobs(c, id));
    return Audit(c, s.clock, who, "rule.delete", id);
  }));
  s.Invalidate();
  return Ok();
}

Result<std::string> Rules::RotateHookToken(const access::Principal& who, int64_t id) {
  State& s = *state_;
  const std::string token = storage::crypto::RandomToken(24);
  PEONY_CHECK(s.db.WriteTx([&](Conn& c) -> Status {
    PEONY_TRY(auto row, s.LoadRow(c, who.org_id, id));
    if (!row) return errors::NotFound();
    if (!row->parsed.ok() || !IsWebhook(row->rule.def)) {
      return errors::Invalid("trigger.type", "not a webhook rule");
    }
    PEONY_CHECK(c.Exec("UPDATE rules SET hook_token_hash = ?, updated_at = ? WHERE id = ?",
                       {TokenHash(token), s.clock.Now(), id}));
    return Audit(c, s.clock, who, "rule.hook_token", id);
  }));
  return "/api/v1/hooks/" + token;
}

namespace {

json::object RunJson(const storage::Rows& r, size_t i) {
  json::object o{{"id", r.Int(i, 0)},
                 {"rule_id", r.Int(i, 1)},
                 {"rule_version", r.Int(i, 2)},
                 {"entity", r.OptText(i, 3) ? json::value(*r.OptText(i, 3)) : nullptr},
                 {"record_id", r.OptInt(i, 4) ? json::value(*r.OptInt(i, 4)) : nullptr},
                 {"trigger", r.Text(i, 5)},
                 {"status", r.Text(i, 6)},
                 {"actions", ParseStoredArray(r.Text(i, 7))},
                 {"error", r.OptText(i, 8) ? json::value(*r.OptText(i, 8)) : nullptr},
                 {"attempts", r.Int(i, 9)},
                 {"started_at", Time(r, i, 10)},
                 {"finished_at", Time(r, i, 11)}};
  return o;
}

}  // namespace

namespace {
Result<RunPage> QueryRuns(storage::Db& db, std::string where, storage::Params params, int limit,
                          int64_t before_id) {
  return db.Read([&](Conn& c) -> Result<RunPage> {
    if (before_id > 0) {
      where += " AND id < ?";
      params.Add(before_id);
    }
    params.Add(int64_t{limit} + 1);
    PEONY_TRY(auto rows, c.Query("SELECT id, rule_id, rule_version, entity, record_id, trigger, "
                                 "status, actions, error, attempts, started_at, finished_at "
                                 "FROM rule_runs WHERE " +
                                     where + " ORDER BY id DESC LIMIT ?",
                                 params));
    RunPage page;
    const size_t n = std::min(rows.size(), static_cast<size_t>(limit));
    for (size_t i = 0; i < n; ++i) page.items.push_back(RunJson(rows, i));
    page.more = rows.size() > n;
    if (n > 0) page.last_id = rows.Int(n - 1, 0);
    return page;
  });
}
}  // namespace

Result<RunPage> Rules::Runs(int64_t org_id, int64_t rule_id, int limit, int64_t before_id) {
  PEONY_TRY(auto rule, Get(org_id, rule_id));
  (void)rule;
  return QueryRuns(state_->db, "org_id = ? AND rule_id = ?", {org_id, rule_id}, limit, before_id);
}

Result<RunPage> Rules::RecordRuns(int64_t org_id, const std::string& entity, int64_t record_id,
                                  int limit, int64_t before_id) {
  return QueryRuns(state_->db, "org_id = ? AND entity = ? AND record_id = ?",
                   {org_id, entity, record_id}, limit, before_id);
}

Result<json::array> Rules::Variables(const std::string& entity) {
  PEONY_TRY(auto cat, state_->catalog.Snapshot());
  const schema::EntityDef* e = cat->Find(entity);
  if (!e) return schema::errors::EntityNotFound(entity);
  return ListVariables(*e, *cat);
}

Result<std::string> Rules::Preview(const access::Principal& who, const std::string& ip,
                                   const std::string& entity, int64_t record_id,
                                   const std::string& text) {
  State& s = *state_;
  PEONY_TRY(auto cat, s.catalog.Snapshot());
  const schema::EntityDef* e = cat->Find(entity);
  if (!e) return schema::errors::EntityNotFound(entity);
  PEONY_CHECK(CheckTemplate(text, e, *cat, "template"));
  // The caller must be able to read the record; the text shows what the customer will get.
  PEONY_TRY(auto visible, s.records.Get({who, ip}, entity, record_id));
  (void)visible;
  return s.db.Read([&](Conn& c) -> Result<std::string> {
    PEONY_TRY(auto record, s.records.ReadInTx(c, who.org_id, entity, record_id));
    if (!record) return records::errors::NotFound();
    PEONY_TRY(auto zone, s.Zone(c, who.org_id));
    std::map<std::string, std::optional<json::object>> related;
    RelatedLoader load = [&](const schema::FieldDef& rel) -> const json::object* {
      auto& slot = related[rel.name];
      if (!slot) {
        auto it = record->find(rel.name);
        auto target = rel.options.find("target");
        if (it == record->end() || !it->value().is_int64() || target == rel.options.end()) {
          return nullptr;
        }
        auto rec = s.records.ReadInTx(c, who.org_id, std::string(target->value().as_string()),
                                      it->value().as_int64());
        if (!rec.ok() || !*rec) return nullptr;
        slot = std::move(**rec);
      }
      return &*slot;
    };
    return Render(text, e, *cat, *record, load, zone, s.clock.Now());
  });
}

Status Rules::Maintain() {
  State& s = *state_;
  PEONY_TRY(auto cat, s.catalog.Snapshot());
  PEONY_CHECK(s.db.WriteTx([&](Conn& c) -> Status {
    PEONY_TRY(auto rows, LoadRows(c, *cat, s.records, " AND enabled = 1", {}));
    for (const auto& row : rows) {
      if (row.parsed.ok()) continue;
      const Error& e = row.parsed.error();
      std::string reason = e.message_zh;
      if (e.details.is_object()) {
        if (auto* f = e.details.as_object().if_contains("field"); f && f->is_string()) {
          reason += "：" + std::string(f->as_string());
        } else if (auto* en = e.details.as_object().if_contains("entity"); en && en->is_string()) {
          reason += "：" + std::string(en->as_string());
        }
      }
      PEONY_CHECK(
          c.Exec("UPDATE rules SET enabled = 0, disabled_reason = ?, updated_at = ?, "
                 "version = version + 1 WHERE id = ?",
                 {reason, s.clock.Now(), row.rule.id}));
      PEONY_CHECK(s.CancelJobs(c, row.rule.id));
    }
    return Ok();
  }));
  s.Invalidate();
  return Ok();
}

}  // namespace peony::rules
