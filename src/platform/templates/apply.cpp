// Applying a template to an organisation (see templates.h): catalog, roles, rules, views, then the
// applied version with its audit entry.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>
#include <set>

#include "platform/access/audit.h"
#include "platform/rules/rules.h"
#include "platform/templates/errors.h"
#include "platform/templates/templates.h"
#include "platform/views/views.h"

namespace peony::templates {
namespace {

namespace json = boost::json;

std::string SettingName(int64_t org_id, std::string_view name) {
  return "template:" + std::to_string(org_id) + ":" + std::string(name);
}

Status ApplyEntities(const Services& s, const Template& t, const access::Actor& actor,
                     int64_t org_id, ApplyReport& report) {
  for (const auto& spec : t.entities) {
    PEONY_TRY(auto catalog, s.catalog.Snapshot());
    const schema::EntityDef* e = catalog->Find(spec.name);
    if (!e) {
      for (const auto& other : catalog->entities()) {
        if (other.name == spec.name) return errors::Conflict(spec.name);  // a retired one
      }
      PEONY_TRY(auto created, s.catalog.CreateEntity(org_id, spec, actor));
      (void)created;
      report.entities_created.push_back(spec.name);
      continue;
    }
    for (const auto& field : spec.fields) {
      // A retired field stays retired: the clinic chose to hide it.
      if (const schema::FieldDef* have = e->FindField(field.name)) {
        if (have->type != field.type) report.conflicts.push_back(spec.name + "." + field.name);
        continue;
      }
      PEONY_TRY(auto added, s.catalog.AddField(spec.name, field, actor));
      (void)added;
      report.fields_added.push_back(spec.name + "." + field.name);
    }
  }
  return Ok();
}

// The role's grants with the template's added; a permission held twice keeps the wider scope.
std::vector<access::Grant> Merge(const std::vector<access::Grant>& have,
                                 const std::vector<access::Grant>& add) {
  std::map<std::string, std::string> by_permission;
  for (const auto& g : have) by_permission[g.permission] = g.scope;
  for (const auto& g : add) {
    auto [it, inserted] = by_permission.emplace(g.permission, g.scope);
    if (!inserted && access::ParseScope(g.scope) > access::ParseScope(it->second)) {
      it->second = g.scope;
    }
  }
  std::vector<access::Grant> out;
  for (const auto& [permission, scope] : by_permission) out.push_back({permission, scope});
  return out;
}

bool SameGrants(std::vector<access::Grant> a, std::vector<access::Grant> b) {
  auto key = [](const access::Grant& g) { return g.permission + ":" + g.scope; };
  std::set<std::string> ka, kb;
  for (const auto& g : a) ka.insert(key(g));
  for (const auto& g : b) kb.insert(key(g));
  return ka == kb;
}

Status ApplyRoles(const Services& s, const Template& t, int64_t org_id, const std::string& ip,
                  ApplyReport& report) {
  PEONY_TRY(auto roles, s.directory.ListRoles(org_id));
  // Built-in roles are not editable by users (role.builtin): the system writes the template's.
  const access::Actor system{std::nullopt, "template:" + t.info.name, ip};
  for (const auto& want : t.roles) {
    const access::Role* have = nullptr;
    for (const auto& r : roles) {
      if (r.name == want.name) have = &r;
    }
    if (!have) {
      PEONY_TRY(auto created, s.directory.UpsertRole(org_id, want, system));
      (void)created;
      report.roles_created.push_back(want.name);
      continue;
    }
    access::Role next = *have;
    next.grants = Merge(have->grants, want.grants);
    if (SameGrants(next.grants, have->grants)) continue;  // the label stays the clinic's
    PEONY_TRY(auto updated, s.directory.UpsertRole(org_id, next, system));
    (void)updated;
    report.roles_updated.push_back(want.name);
  }
  return Ok();
}

Status ApplyRules(const Services& s, const Template& t, const access::Principal& who,
                  ApplyReport& report) {
  PEONY_TRY(auto existing, s.rules.List(who.org_id, ""));
  std::set<std::string> names;
  for (const auto& r : existing) {
    if (auto* n = r.as_object().if_contains("name"); n && n->is_string()) {
      names.insert(std::string(n->as_string()));
    }
  }
  for (const auto& rule : t.rules) {
    const std::string name(rule.at("name").as_string());
    if (names.contains(name)) continue;
    json::object input;
    for (const auto& [k, v] : rule) {
      if (!k.starts_with("_")) input[k] = v;  // "_comment" and the like are notes
    }
    PEONY_TRY(auto created, s.rules.Create(who, input));
    (void)created;
    names.insert(name);
    report.rules_created.push_back(name);
  }
  return Ok();
}

Status ApplyViews(const Services& s, const Template& t, int64_t org_id, ApplyReport& report) {
  views::Views views(s.db, s.catalog, s.clock);
  for (const auto& view : t.views) {
    PEONY_TRY(const bool created, views.EnsureShared(org_id, view, t.info.name));
    if (created) {
      report.views_created.push_back(std::string(view.at("entity").as_string()) + ":" +
                                     std::string(view.at("name").as_string()));
    }
  }
  return Ok();
}

json::array Strings(const std::vector<std::string>& v) {
  json::array out;
  for (const auto& s : v) out.emplace_back(s);
  return out;
}

}  // namespace

bool ApplyReport::changed() const {
  return !entities_created.empty() || !fields_added.empty() || !roles_created.empty() ||
         !roles_updated.empty() || !rules_created.empty() || !views_created.empty();
}

json::object ApplyReport::ToJson() const {
  return json::object{{"entities_created", Strings(entities_created)},
                      {"fields_added", Strings(fields_added)},
                      {"roles_created", Strings(roles_created)},
                      {"roles_updated", Strings(roles_updated)},
                      {"rules_created", Strings(rules_created)},
                      {"views_created", Strings(views_created)},
                      {"conflicts", Strings(conflicts)},
                      {"changed", changed()}};
}

Result<ApplyReport> Apply(const Services& s, const Template& t, const access::Principal& who,
                          const std::string& ip) {
  ApplyReport report;
  const access::Actor actor{who.user_id ? std::optional<int64_t>(who.user_id) : std::nullopt,
                            who.username, ip};
  PEONY_CHECK(ApplyEntities(s, t, actor, who.org_id, report));
  PEONY_CHECK(ApplyRoles(s, t, who.org_id, ip, report));
  PEONY_CHECK(ApplyRules(s, t, who, report));
  PEONY_CHECK(ApplyViews(s, t, who.org_id, report));
  PEONY_TRY(auto applied, Applied(s.db, who.org_id, t.info.name));
  if (!report.changed() && applied && applied->version == t.info.version) return report;
  const UtcMillis now = s.clock.Now();
  PEONY_CHECK(s.db.WriteTx([&](storage::Conn& c) -> Status {
    PEONY_CHECK(
        c.Exec("INSERT INTO settings (name, value) VALUES (?, ?) "
               "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
               {SettingName(who.org_id, t.info.name),
                json::serialize(json::object{{"version", t.info.version}, {"applied_at", now}})}));
    json::object detail = report.ToJson();
    detail["version"] = t.info.version;
    return access::AppendAudit(
        c, s.clock,
        access::AuditEvent{who.org_id, actor.user_id, who.username, "template.apply", "template",
                           t.info.name, ip, std::move(detail)});
  }));
  return report;
}

Result<std::optional<AppliedVersion>> Applied(storage::Db& db, int64_t org_id,
                                              std::string_view name) {
  PEONY_TRY(auto rows, db.Read([&](storage::Conn& c) {
    return c.Query("SELECT value FROM settings WHERE name = ?", {SettingName(org_id, name)});
  }));
  if (rows.empty()) return std::optional<AppliedVersion>{};
  boost::system::error_code ec;
  json::value v = json::parse(rows.Text(0, 0), ec);
  AppliedVersion out;
  if (!ec && v.is_object()) {
    if (auto* ver = v.as_object().if_contains("version"); ver && ver->is_int64()) {
      out.version = ver->as_int64();
    }
    if (auto* at = v.as_object().if_contains("applied_at"); at && at->is_int64()) {
      out.applied_at = at->as_int64();
    }
  }
  return std::optional<AppliedVersion>{out};
}

}  // namespace peony::templates
