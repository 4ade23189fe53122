// Who is making a request: a signed-in user (session cookie) or an integration (API key).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace peony::access {

enum class AuthMethod { kSession, kApiKey };

// Data scopes, narrowest first: what rows of an entity a role may see or change.
enum class Scope { kNone = 0, kOwn = 1, kDepartment = 2, kBranch = 3, kAll = 4 };

struct Principal {
  int64_t user_id = 0;
  int64_t org_id = 0;
  std::string username;
  std::string display_name;
  std::optional<int64_t> branch_id;
  std::optional<int64_t> department_id;
  std::vector<std::string> roles;       // role names
  std::set<std::string> permissions;    // "user.read", "user.write", … or "*" for everything
  std::map<std::string, Scope> scopes;  // the widest data scope granted with each permission
  AuthMethod method = AuthMethod::kSession;
  int64_t session_id = 0;  // sessions.id, or api_keys.id for kApiKey
  std::string csrf_token;  // sessions only

  // True when the principal holds `permission`: exactly, or through a wildcard grant — "*" holds
  // every permission, "data.*" every "data.x.y", "data.customer.*" every "data.customer.y".
  bool Has(const std::string& permission) const;
  // The widest data scope over the grants that hold `permission` (kNone when none does).
  Scope ScopeFor(const std::string& permission) const;
};

Scope ParseScope(std::string_view s);  // "own" | "department" | "branch" | "all"; else kNone

}  // namespace peony::access
