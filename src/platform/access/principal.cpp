#include "platform/access/principal.h"

#include <algorithm>

namespace peony::access {
namespace {

// The grants that would hold `permission`: itself, "*", and each "<prefix>.*".
template <class F>
void ForEachHolder(const std::string& permission, F&& fn) {
  fn(permission);
  fn("*");
  for (size_t dot = permission.find('.'); dot != std::string::npos;
       dot = permission.find('.', dot + 1)) {
    fn(permission.substr(0, dot) + ".*");
  }
}

}  // namespace

bool Principal::Has(const std::string& permission) const {
  bool held = false;
  ForEachHolder(permission, [&](const std::string& p) { held = held || permissions.count(p) > 0; });
  return held;
}

Scope Principal::ScopeFor(const std::string& permission) const {
  Scope widest = Scope::kNone;
  ForEachHolder(permission, [&](const std::string& p) {
    if (!permissions.count(p)) return;
    const auto it = scopes.find(p);
    widest = std::max(widest, it == scopes.end() ? Scope::kAll : it->second);
  });
  return widest;
}

Scope ParseScope(std::string_view s) {
  if (s == "own") return Scope::kOwn;
  if (s == "department") return Scope::kDepartment;
  if (s == "branch") return Scope::kBranch;
  if (s == "all") return Scope::kAll;
  return Scope::kNone;
}

}  // namespace peony::access
