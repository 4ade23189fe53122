#include "platform/records/field_access.h"

#include <algorithm>

#include "common/strings.h"

namespace peony::records::internal {
namespace {

constexpr size_t kMaxRoles = 100;

std::optional<FieldMode> ParseMode(const boost::json::value& v) {
  if (!v.is_string()) return std::nullopt;
  if (v.as_string() == "hidden") return FieldMode::kHidden;
  if (v.as_string() == "read_only") return FieldMode::kReadOnly;
  return std::nullopt;
}

// kWritable < kReadOnly < kHidden: "more permissive" is the smaller one.
FieldMode Permissive(FieldMode a, FieldMode b) { return a < b ? a : b; }

// The mode of a field with access option `rules` for a caller with `roles`.
FieldMode ModeFor(const boost::json::object& rules, const std::vector<std::string>& roles) {
  if (roles.empty()) {
    // No role to be lenient for: the strictest declared restriction.
    FieldMode strictest = FieldMode::kWritable;
    for (const auto& kv : rules) {
      if (auto m = ParseMode(kv.value()); m && *m > strictest) strictest = *m;
    }
    return strictest;
  }
  FieldMode mode = FieldMode::kHidden;
  for (const auto& role : roles) {
    const auto it = rules.find(role);
    const auto m = it == rules.end() ? std::nullopt : ParseMode(it->value());
    if (!m) return FieldMode::kWritable;  // a role without an entry is unrestricted
    mode = Permissive(mode, *m);
  }
  return mode;
}

}  // namespace

FieldAccess FieldAccess::For(const access::Principal& p, const schema::EntityDef& e) {
  FieldAccess out;
  out.principal_ = &p;
  if (p.Has("schema.manage")) return out;  // also true for "*"
  for (const auto& f : e.fields) {
    const auto it = f.options.find("access");
    if (it == f.options.end() || !it->value().is_object()) continue;
    const FieldMode mode = ModeFor(it->value().as_object(), p.roles);
    if (mode != FieldMode::kWritable) out.restricted_.emplace(f.name, mode);
  }
  return out;
}

FieldMode FieldAccess::Of(std::string_view field) const {
  const auto it = restricted_.find(field);
  return it == restricted_.end() ? FieldMode::kWritable : it->second;
}

void FieldAccess::Protect(const std::set<std::string>& fields) {
  for (const auto& name : fields) {
    auto [it, added] = restricted_.emplace(name, FieldMode::kReadOnly);
    if (!added) it->second = std::max(it->second, FieldMode::kReadOnly);
  }
}

bool FieldAccess::HidesSearchable(const schema::EntityDef& e) const {
  for (const auto& [name, mode] : restricted_) {
    if (mode != FieldMode::kHidden) continue;
    const schema::FieldDef* f = e.FindField(name);
    if (f && !f->retired && schema::IsSearchable(*f)) return true;
  }
  return false;
}

void FieldAccess::Redact(boost::json::object& record) const {
  for (const auto& [name, mode] : restricted_) {
    if (mode == FieldMode::kHidden) record.erase(name);
  }
}

Status CheckAccessOption(const boost::json::value& v) {
  if (!v.is_object() || v.as_object().size() > kMaxRoles) {
    return schema::InvalidOption("access", "应为 {角色: \"hidden\" 或 \"read_only\"}",
                                 "Expected {\"<role>\": \"hidden\" | \"read_only\"}");
  }
  for (const auto& kv : v.as_object()) {
    const std::string_view role = kv.key();
    if (role.empty() || role.size() > 64 || !IsValidUtf8(role)) {
      return schema::InvalidOption("access", "角色名称应为 1-64 个字符",
                                   "Role names have 1-64 characters");
    }
    if (!ParseMode(kv.value())) {
      return schema::InvalidOption("access", "权限只能是 hidden 或 read_only",
                                   "Each role's access is \"hidden\" or \"read_only\"");
    }
  }
  return Ok();
}

}  // namespace peony::records::internal
