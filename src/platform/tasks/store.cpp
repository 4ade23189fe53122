// Shared pieces of platform/tasks (see store.h).
#include "platform/tasks/store.h"

#include "common/strings.h"
#include "platform/tasks/errors.h"

namespace peony::tasks::internal {
namespace {

bool HasControl(std::string_view s) {
  for (unsigned char ch : s) {
    if (ch < 0x20 || ch == 0x7f) return true;
  }
  return false;
}

constexpr const char* kManage = "tasks.manage";

}  // namespace

Status CheckTitle(std::string_view title, std::string_view field) {
  if (title.empty()) return errors::Invalid(field, "required");
  if (!IsValidUtf8(title)) return errors::Invalid(field, "must be valid UTF-8 text");
  if (Utf8Length(title) > kMaxTitle)
    return errors::Invalid(field, "must be at most 200 characters");
  if (HasControl(title)) return errors::Invalid(field, "must not contain control characters");
  return Ok();
}

Status CheckBody(std::string_view body, size_t max, std::string_view field) {
  if (!IsValidUtf8(body)) return errors::Invalid(field, "must be valid UTF-8 text");
  if (Utf8Length(body) > max) {
    return errors::Invalid(field, "must be at most " + std::to_string(max) + " characters");
  }
  return Ok();
}

Status CheckEntityName(std::string_view entity) {
  const bool ok =
      entity.size() >= 2 && entity.size() <= 40 && entity[0] >= 'a' && entity[0] <= 'z' &&
      entity.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string_view::npos;
  if (!ok) return errors::Invalid("entity", "is not an entity name");
  return Ok();
}

std::string TruncateUtf8(std::string_view s, size_t max) {
  size_t i = 0;
  for (size_t n = 0; i < s.size() && n < max; ++n) {
    const size_t len = DecodeUtf8(s, i);
    if (len == 0) break;
    i += len;
  }
  return std::string(s.substr(0, i));
}

Result<std::optional<UserRow>> LoadUser(storage::Conn& c, int64_t org_id, int64_t user_id) {
  PEONY_TRY(auto rows, c.Query("SELECT id, status, branch_id, department_id FROM users "
                               "WHERE id = ? AND org_id = ?",
                               {user_id, org_id}));
  if (rows.empty()) return std::optional<UserRow>();
  return std::optional<UserRow>(
      UserRow{rows.Int(0, 0), rows.Text(0, 1), rows.OptInt(0, 2), rows.OptInt(0, 3)});
}

Result<UserRow> LoadAssignee(storage::Conn& c, int64_t org_id, int64_t user_id,
                             std::string_view field) {
  PEONY_TRY(auto user, LoadUser(c, org_id, user_id));
  if (!user || user->status != "active") return errors::UnknownAssignee(field);
  return *user;
}

bool ManagesUser(const access::Principal& p, const UserRow& u) {
  switch (p.ScopeFor(kManage)) {
    case access::Scope::kAll:
      return true;
    case access::Scope::kBranch:
      return p.branch_id && u.branch_id == p.branch_id;
    case access::Scope::kDepartment:
      return p.department_id && u.department_id == p.department_id;
    case access::Scope::kOwn:
      return u.id == p.user_id;
    case access::Scope::kNone:
      break;
  }
  return false;
}

bool ManagesTask(const access::Principal& p, const Task& t) {
  switch (p.ScopeFor(kManage)) {
    case access::Scope::kAll:
      return true;
    case access::Scope::kBranch:
      return p.branch_id && t.branch_id == p.branch_id;
    case access::Scope::kDepartment:
      return p.department_id && t.assignee_department_id == p.department_id;
    case access::Scope::kOwn:
      return t.assignee_id == p.user_id;
    case access::Scope::kNone:
      break;
  }
  return false;
}

const char* const kSelectTask =
    "SELECT t.id, t.title, t.body, t.status, t.due_at, t.snoozed_until, t.assignee_id, "
    "u.display_name, u.department_id, t.branch_id, t.entity, t.record_id, t.rule_id, "
    "t.created_by, t.created_at, t.updated_at, t.done_at, t.version "
    "FROM tasks t JOIN users u ON u.id = t.assignee_id";

Task ReadTask(const storage::Rows& rows, size_t i) {
  Task t;
  t.id = rows.Int(i, 0);
  t.title = rows.Text(i, 1);
  t.body = rows.Text(i, 2);
  t.status = rows.Text(i, 3);
  t.due_at = rows.OptInt(i, 4);
  t.snoozed_until = rows.OptInt(i, 5);
  t.assignee_id = rows.Int(i, 6);
  t.assignee_name = rows.Text(i, 7);
  t.assignee_department_id = rows.OptInt(i, 8);
  t.branch_id = rows.OptInt(i, 9);
  t.entity = rows.OptText(i, 10);
  t.record_id = rows.OptInt(i, 11);
  t.rule_id = rows.OptInt(i, 12);
  t.created_by = rows.OptInt(i, 13);
  t.created_at = rows.Int(i, 14);
  t.updated_at = rows.Int(i, 15);
  t.done_at = rows.OptInt(i, 16);
  t.version = rows.Int(i, 17);
  return t;
}

Result<std::optional<Task>> LoadTask(storage::Conn& c, int64_t org_id, int64_t id) {
  PEONY_TRY(auto rows,
            c.Query(std::string(kSelectTask) + " WHERE t.id = ? AND t.org_id = ?", {id, org_id}));
  if (rows.empty()) return std::optional<Task>();
  return std::optional<Task>(ReadTask(rows, 0));
}

void AppendManaged(const access::Principal& p, std::string& sql, storage::Params& params) {
  switch (p.ScopeFor(kManage)) {
    case access::Scope::kAll:
      return;
    case access::Scope::kBranch:
      if (!p.branch_id) break;
      sql += " AND t.branch_id = ?";
      params.Add(*p.branch_id);
      return;
    case access::Scope::kDepartment:
      if (!p.department_id) break;
      sql += " AND u.department_id = ?";
      params.Add(*p.department_id);
      return;
    case access::Scope::kOwn:
      sql += " AND t.assignee_id = ?";
      params.Add(p.user_id);
      return;
    case access::Scope::kNone:
      break;
  }
  sql += " AND 1 = 0";  // no grant, or a scope the caller has no anchor for: nothing
}

bool Sees(const access::Principal& p, const Task& t) {
  return t.assignee_id == p.user_id || t.created_by == p.user_id || ManagesTask(p, t);
}

}  // namespace peony::tasks::internal
