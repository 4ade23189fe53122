#include "domain/customers/internal.h"

#include <algorithm>

namespace peony::domain::customers::internal {

access::Principal ReaderOf(const access::Principal& p, const std::string& entity,
                           std::string_view also) {
  access::Principal r;
  r.user_id = p.user_id;
  r.org_id = p.org_id;
  r.username = p.username;
  r.display_name = p.display_name;
  r.branch_id = p.branch_id;
  r.department_id = p.department_id;
  r.roles = p.roles;
  r.method = p.method;
  r.session_id = p.session_id;
  const std::string perm = "data." + entity + ".read";
  access::Scope scope = p.ScopeFor(perm);
  if (!also.empty()) scope = std::min(scope, p.ScopeFor(std::string(also)));
  if (scope != access::Scope::kNone) {
    r.permissions = {perm};
    r.scopes[perm] = scope;
  }
  return r;
}

access::Principal Acting(const access::Principal& p) {
  access::Principal a = p;
  a.permissions = {"*"};
  a.scopes.clear();
  a.scopes["*"] = access::Scope::kAll;
  return a;
}

bool IsMiss(const Error& e) {
  return e.code == "record.not_found" || e.code == "record.forbidden" ||
         e.code == "schema.entity_not_found";
}

Result<TimeZone> ZoneOf(storage::Conn& c, int64_t org_id) {
  PEONY_TRY(auto rows, c.Query("SELECT time_zone FROM orgs WHERE id = ?", {org_id}));
  auto tz = TimeZone::Find(rows.empty() ? "UTC" : rows.Text(0, 0));
  return tz.ok() ? *tz : TimeZone::Utc();
}

const schema::FieldDef* ActiveField(const schema::EntityDef& e, std::string_view name,
                                    std::string_view type) {
  const schema::FieldDef* f = e.FindField(name);
  if (!f || f->retired || (!type.empty() && f->type != type)) return nullptr;
  return f;
}

bool Targets(const schema::FieldDef& f, std::string_view target) {
  if (f.retired || f.type != "relation") return false;
  const auto* t = f.options.if_contains("target");
  return t && t->is_string() && t->as_string() == target;
}

std::optional<int64_t> IntOf(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_int64()) return std::nullopt;
  return v->as_int64();
}

std::optional<std::string> TextOf(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}

bool IsBlank(const boost::json::value* v) {
  if (!v || v->is_null()) return true;
  if (v->is_string()) return v->as_string().empty();
  if (v->is_array()) return v->as_array().empty();
  if (v->is_object()) return v->as_object().empty();
  return false;
}

std::string Q(std::string_view ident) { return "\"" + std::string(ident) + "\""; }

}  // namespace peony::domain::customers::internal
