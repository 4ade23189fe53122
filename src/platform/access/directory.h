// The organisation's directory: the organisation, its branches and departments, users and roles.
// Every change is written with its audit entry in the same transaction.
//
// Permissions are strings "<area>.<action>" (see KnownPermissions()); a role grants each with a
// data scope (own / department / branch / all) that record-level checks narrow rows by.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "platform/access/audit.h"
#include "platform/access/password.h"
#include "storage/db.h"

namespace peony::access {

struct Org {
  int64_t id = 0;
  std::string name;
  std::string time_zone;
};

struct Branch {
  int64_t id = 0;
  std::string code;
  std::string name;
};

struct Department {
  int64_t id = 0;
  std::optional<int64_t> branch_id;
  std::string name;
};

struct User {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string username;
  std::string display_name;
  std::string status;  // "active" | "locked" | "disabled"
  std::optional<int64_t> branch_id;
  std::optional<int64_t> department_id;
  std::vector<std::string> roles;
  UtcMillis created_at = 0;
  UtcMillis updated_at = 0;
  int64_t version = 0;
};

struct Grant {
  std::string permission;
  std::string scope = "all";  // own | department | branch | all
};

struct Role {
  int64_t id = 0;
  std::string name;
  std::string label;
  bool builtin = false;
  std::vector<Grant> grants;
  int64_t version = 0;
};

struct NewUser {
  std::string username;  // 3-64 of [A-Za-z0-9_.-@]
  std::string display_name;
  std::string password;  // must pass CheckPasswordPolicy
  std::vector<std::string> roles;
  std::optional<int64_t> branch_id;
  std::optional<int64_t> department_id;
};

struct UserPatch {
  std::optional<std::string> display_name;
  std::optional<std::string> status;
  std::optional<std::vector<std::string>> roles;
  std::optional<std::optional<int64_t>> branch_id;
  std::optional<int64_t> expected_version;  // optimistic concurrency: user.version_conflict
};

// Who is acting, for the audit log.
struct Actor {
  std::optional<int64_t> user_id;
  std::string username = "system";
  std::string ip;
};

struct KnownPermission {
  std::string name;
  std::string label_zh;
  std::string label_en;
};
// Every permission the server knows; role grants must be one of these or "*" / "<area>.*".
const std::vector<KnownPermission>& KnownPermissions();
bool IsKnownPermission(const std::string& name);

class Directory {
 public:
  Directory(storage::Db& db, const Clock& clock, PasswordParams params = {})
      : db_(db), clock_(clock), params_(params) {}

  Result<Org> GetOrg(int64_t org_id);
  Result<std::vector<Branch>> ListBranches(int64_t org_id);
  Result<std::vector<Department>> ListDepartments(int64_t org_id);

  // Errors: user.username_taken, auth.weak_password, request.validation (bad username/display
  // name), role.not_found, org.branch_not_found.
  Result<User> CreateUser(int64_t org_id, const NewUser& u, const Actor& actor);
  Result<User> GetUser(int64_t org_id, int64_t user_id);
  Result<std::optional<User>> FindUser(const std::string& username);
  // Users with id > after_id, by id; `limit` rows at most.
  Result<std::vector<User>> ListUsers(int64_t org_id, int64_t after_id, int limit);
  // Errors: user.not_found, user.version_conflict, user.last_admin, role.not_found.
  Result<User> UpdateUser(int64_t org_id, int64_t user_id, const UserPatch& patch,
                          const Actor& actor);
  // Sets a new password (policy checked), clears a lockout, revokes the user's sessions.
  Status SetPassword(int64_t org_id, int64_t user_id, const std::string& password,
                     const Actor& actor);

  Result<std::vector<Role>> ListRoles(int64_t org_id);
  // Creates or replaces a role's label and grants. Errors: role.unknown_permission, role.builtin.
  Result<Role> UpsertRole(int64_t org_id, const Role& role, const Actor& actor);

 private:
  Result<std::vector<int64_t>> RoleIds(storage::Conn& c, int64_t org_id,
                                       const std::vector<std::string>& names);
  Status EnsureAnAdminRemains(storage::Conn& c, int64_t org_id);

  storage::Db& db_;
  const Clock& clock_;
  PasswordParams params_;
};

// Validation helpers shared with the HTTP layer. Error code request.validation (422).
Status ValidateUsername(const std::string& username);
Status ValidateDisplayName(const std::string& name);

}  // namespace peony::access
