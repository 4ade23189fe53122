#include "platform/access/directory.h"

#include <algorithm>
#include <map>

#include "common/strings.h"
#include "platform/access/errors.h"

namespace peony::access {
namespace {

// 422 request.validation naming the field; details.fields carries a short English reason (as the
// HTTP layer's validation errors do) and the message is localised.
Error Validation(const std::string& field, std::string zh, std::string en) {
  return MakeError(ErrorKind::kInvalidArgument, "request.validation", std::move(zh), en)
      .WithDetails(boost::json::object{{"fields", boost::json::object{{field, en}}}})
      .WithStatus(422);
}

constexpr const char* kUserColumns =
    "id, org_id, username, display_name, status, branch_id, department_id, created_at, updated_at, "
    "version";

User UserFromRow(const storage::Rows& r, size_t i) {
  User u;
  u.id = r.Int(i, 0);
  u.org_id = r.Int(i, 1);
  u.username = r.Text(i, 2);
  u.display_name = r.Text(i, 3);
  u.status = r.Text(i, 4);
  u.branch_id = r.OptInt(i, 5);
  u.department_id = r.OptInt(i, 6);
  u.created_at = r.Int(i, 7);
  u.updated_at = r.Int(i, 8);
  u.version = r.Int(i, 9);
  return u;
}

// Fills users[].roles with one query.
Status LoadRoles(storage::Conn& c, std::vector<User>& users) {
  if (users.empty()) return Ok();
  std::string sql =
      "SELECT ur.user_id, r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id "
      "WHERE ur.user_id IN (";
  storage::Params params;
  std::map<int64_t, User*> by_id;
  for (auto& u : users) {
    sql += by_id.empty() ? "?" : ", ?";
    params.Add(u.id);
    by_id[u.id] = &u;
  }
  sql += ") ORDER BY r.name";
  PEONY_TRY(auto rows, c.Query(sql, params));
  for (size_t i = 0; i < rows.size(); ++i) {
    by_id[rows.Int(i, 0)]->roles.push_back(rows.Text(i, 1));
  }
  return Ok();
}

Result<User> LoadUser(storage::Conn& c, int64_t org_id, int64_t user_id) {
  PEONY_TRY(auto rows, c.Query(std::string("SELECT ") + kUserColumns +
                                   " FROM users WHERE org_id = ? AND id = ?",
                               {org_id, user_id}));
  if (rows.empty()) return errors::UserNotFound();
  std::vector<User> users{UserFromRow(rows, 0)};
  PEONY_CHECK(LoadRoles(c, users));
  return users[0];
}

Status CheckBranch(storage::Conn& c, int64_t org_id, const std::optional<int64_t>& branch_id) {
  if (!branch_id) return Ok();
  PEONY_TRY(auto rows,
            c.Query("SELECT 1 FROM branches WHERE org_id = ? AND id = ?", {org_id, *branch_id}));
  if (rows.empty()) return errors::BranchNotFound();
  return Ok();
}

AuditEvent Audit(int64_t org_id, const Actor& actor, std::string action, int64_t target_id,
                 boost::json::object detail = {}) {
  return AuditEvent{org_id,         actor.user_id,
                    actor.username, std::move(action),
                    "user",         std::to_string(target_id),
                    actor.ip,       std::move(detail)};
}

}  // namespace

Status ValidateUsername(const std::string& username) {
  const bool chars_ok = std::all_of(username.begin(), username.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || ch == '.' || ch == '-' || ch == '@';
  });
  if (username.size() < 3 || username.size() > 64 || !chars_ok) {
    return Validation("username", "用户名为 3-64 位字母、数字或 _ . - @",
                      "Usernames are 3-64 letters, digits or _ . - @");
  }
  return Ok();
}

Status ValidateDisplayName(const std::string& name) {
  if (name.empty() || !IsValidUtf8(name) || Utf8Length(name) > 64) {
    return Validation("display_name", "姓名不能为空且不超过 64 个字",
                      "The name is required and at most 64 characters");
  }
  return Ok();
}

Result<Org> Directory::GetOrg(int64_t org_id) {
  return db_.Read([&](storage::Conn& c) -> Result<Org> {
    PEONY_TRY(auto r, c.Query("SELECT id, name, time_zone FROM orgs WHERE id = ?", {org_id}));
    if (r.empty()) return InternalError("organisation row missing");
    return Org{r.Int(0, 0), r.Text(0, 1), r.Text(0, 2)};
  });
}

Result<std::vector<Branch>> Directory::ListBranches(int64_t org_id) {
  return db_.Read([&](storage::Conn& c) -> Result<std::vector<Branch>> {
    PEONY_TRY(auto r, c.Query("SELECT id, code, name FROM branches WHERE org_id = ? ORDER BY id",
                              {org_id}));
    std::vector<Branch> out;
    for (size_t i = 0; i < r.size(); ++i) out.push_back({r.Int(i, 0), r.Text(i, 1), r.Text(i, 2)});
    return out;
  });
}

Result<std::vector<Department>> Directory::ListDepartments(int64_t org_id) {
  return db_.Read([&](storage::Conn& c) -> Result<std::vector<Department>> {
    PEONY_TRY(auto r, c.Query("SELECT id, branch_id, name FROM departments WHERE org_id = ? "
                              "ORDER BY id",
                              {org_id}));
    std::vector<Department> out;
    for (size_t i = 0; i < r.size(); ++i)
      out.push_back({r.Int(i, 0), r.OptInt(i, 1), r.Text(i, 2)});
    return out;
  });
}

Result<std::vector<int64_t>> Directory::RoleIds(storage::Conn& c, int64_t org_id,
                                                const std::vector<std::string>& names) {
  std::vector<int64_t> ids;
  for (const auto& name : names) {
    PEONY_TRY(auto r,
              c.Query("SELECT id FROM roles WHERE org_id = ? AND name = ?", {org_id, name}));
    if (r.empty()) {
      return errors::RoleNotFound().WithDetails(boost::json::object{{"role", name}});
    }
    ids.push_back(r.Int(0, 0));
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

Result<User> Directory::CreateUser(int64_t org_id, const NewUser& nu, const Actor& actor) {
  PEONY_CHECK(ValidateUsername(nu.username));
  PEONY_CHECK(ValidateDisplayName(nu.display_name));
  PEONY_CHECK(CheckPasswordPolicy(nu.password));
  // Hash before the transaction: argon2 is slow and must not hold the writer.
  PEONY_TRY(auto hash, HashPassword(nu.password, params_));
  return db_.Write([&](storage::Conn& c) -> Result<User> {
    PEONY_CHECK(CheckBranch(c, org_id, nu.branch_id));
    PEONY_TRY(auto role_ids, RoleIds(c, org_id, nu.roles));
    const UtcMillis now = clock_.Now();
    auto inserted = c.Query(
        "INSERT INTO users (org_id, username, display_name, password_hash, status, branch_id, "
        "department_id, password_changed_at, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?, ?) RETURNING id",
        {org_id, nu.username, nu.display_name, hash, nu.branch_id, nu.department_id, now, now,
         now});
    if (!inserted.ok()) {
      if (inserted.error().code == "db.unique_violation") return errors::UsernameTaken();
      return std::move(inserted).error();
    }
    const int64_t id = inserted->Int(0, 0);
    for (int64_t role_id : role_ids) {
      PEONY_CHECK(c.Exec("INSERT INTO user_roles (user_id, role_id) VALUES (?, ?)", {id, role_id}));
    }
    boost::json::array roles;
    for (const auto& r : nu.roles) roles.emplace_back(r);
    PEONY_CHECK(AppendAudit(
        c, clock_, Audit(org_id, actor, "user.create", id, {{"roles", std::move(roles)}})));
    return LoadUser(c, org_id, id);
  });
}

Result<User> Directory::GetUser(int64_t org_id, int64_t user_id) {
  return db_.Read([&](storage::Conn& c) { return LoadUser(c, org_id, user_id); });
}

Result<std::optional<User>> Directory::FindUser(const std::string& username) {
  return db_.Read([&](storage::Conn& c) -> Result<std::optional<User>> {
    PEONY_TRY(auto rows,
              c.Query(std::string("SELECT ") + kUserColumns + " FROM users WHERE username = ?",
                      {username}));
    if (rows.empty()) return std::optional<User>();
    std::vector<User> users{UserFromRow(rows, 0)};
    PEONY_CHECK(LoadRoles(c, users));
    return std::optional<User>(users[0]);
  });
}

Result<std::vector<User>> Directory::ListUsers(int64_t org_id, int64_t after_id, int limit) {
  return db_.Read([&](storage::Conn& c) -> Result<std::vector<User>> {
    PEONY_TRY(auto rows, c.Query(std::string("SELECT ") + kUserColumns +
                                     " FROM users WHERE org_id = ? AND id > ? ORDER BY id LIMIT ?",
                                 {org_id, after_id, limit}));
    std::vector<User> users;
    users.reserve(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) users.push_back(UserFromRow(rows, i));
    PEONY_CHECK(LoadRoles(c, users));
    return users;
  });
}

Status Directory::EnsureAnAdminRemains(storage::Conn& c, int64_t org_id) {
  // Admins are active users holding a role that grants "*"; an organisation always keeps one.
  PEONY_TRY(auto rows, c.Query("SELECT COUNT(DISTINCT u.id) FROM users u "
                               "JOIN user_roles ur ON ur.user_id = u.id "
                               "JOIN role_permissions p ON p.role_id = ur.role_id "
                               "WHERE u.org_id = ? AND u.status = 'active' AND p.permission = '*'",
                               {org_id}));
  if (rows.Int(0, 0) == 0) return errors::LastAdmin();
  return Ok();
}

Result<User> Directory::UpdateUser(int64_t org_id, int64_t user_id, const UserPatch& p,
                                   const Actor& actor) {
  if (p.display_name) PEONY_CHECK(ValidateDisplayName(*p.display_name));
  if (p.status && *p.status != "active" && *p.status != "locked" && *p.status != "disabled") {
    return Validation("status", "状态只能是 active、locked 或 disabled",
                      "status must be active, locked or disabled");
  }
  return db_.Write([&](storage::Conn& c) -> Result<User> {
    PEONY_TRY(auto before, LoadUser(c, org_id, user_id));
    if (p.expected_version && *p.expected_version != before.version) {
      return errors::VersionConflict();
    }
    boost::json::object detail;
    const UtcMillis now = clock_.Now();
    if (p.display_name) {
      PEONY_CHECK(
          c.Exec("UPDATE users SET display_name = ? WHERE id = ?", {*p.display_name, user_id}));
      detail["display_name"] = true;  // changed; the value itself is personal data
    }
    if (p.branch_id) {
      PEONY_CHECK(CheckBranch(c, org_id, *p.branch_id));
      PEONY_CHECK(c.Exec("UPDATE users SET branch_id = ? WHERE id = ?", {*p.branch_id, user_id}));
      detail["branch_id"] = *p.branch_id ? boost::json::value(**p.branch_id) : nullptr;
    }
    if (p.roles) {
      PEONY_TRY(auto role_ids, RoleIds(c, org_id, *p.roles));
      PEONY_CHECK(c.Exec("DELETE FROM user_roles WHERE user_id = ?", {user_id}));
      for (int64_t role_id : role_ids) {
        PEONY_CHECK(
            c.Exec("INSERT INTO user_roles (user_id, role_id) VALUES (?, ?)", {user_id, role_id}));
      }
      boost::json::array roles;
      for (const auto& r : *p.roles) roles.emplace_back(r);
      detail["roles"] = std::move(roles);
    }
    if (p.status && *p.status != before.status) {
      PEONY_CHECK(
          c.Exec("UPDATE users SET status = ?, failed_logins = 0, locked_until = NULL "
                 "WHERE id = ?",
                 {*p.status, user_id}));
      if (*p.status != "active") {
        PEONY_CHECK(
            c.Exec("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND "
                   "revoked_at IS NULL",
                   {now, user_id}));
      }
      detail["status"] = *p.status;
    }
    if (p.roles || p.status) PEONY_CHECK(EnsureAnAdminRemains(c, org_id));
    PEONY_CHECK(c.Exec("UPDATE users SET updated_at = ?, version = version + 1 WHERE id = ?",
                       {now, user_id}));
    PEONY_CHECK(AppendAudit(c, clock_, Audit(org_id, actor, "user.update", user_id, detail)));
    return LoadUser(c, org_id, user_id);
  });
}

Status Directory::SetPassword(int64_t org_id, int64_t user_id, const std::string& password,
                              const Actor& actor) {
  PEONY_CHECK(CheckPasswordPolicy(password));
  PEONY_TRY(auto hash, HashPassword(password, params_));
  return db_.WriteTx([&](storage::Conn& c) -> Status {
    const UtcMillis now = clock_.Now();
    PEONY_TRY(auto n, c.Exec("UPDATE users SET password_hash = ?, password_changed_at = ?, "
                             "failed_logins = 0, locked_until = NULL, updated_at = ?, "
                             "version = version + 1 WHERE org_id = ? AND id = ?",
                             {hash, now, now, org_id, user_id}));
    if (n == 0) return errors::UserNotFound();
    PEONY_CHECK(
        c.Exec("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
               {now, user_id}));
    return AppendAudit(c, clock_, Audit(org_id, actor, "user.password_set", user_id));
  });
}

}  // namespace peony::access
