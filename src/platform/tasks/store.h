// Internal to platform/tasks: validation shared by CreateTaskInTx and the Inbox, the users a task
// may be given to, task rows and the visibility rule (inbox.h) as SQL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "platform/access/principal.h"
#include "platform/tasks/inbox.h"
#include "storage/db.h"

namespace peony::tasks::internal {

inline constexpr size_t kMaxTitle = 200;
inline constexpr size_t kMaxBody = 4000;
inline constexpr size_t kMaxNotificationBody = 1000;

// task.invalid unless 1-200 characters of valid UTF-8 without control characters.
Status CheckTitle(std::string_view title, std::string_view field = "title");
// task.invalid unless valid UTF-8 of at most `max` characters.
Status CheckBody(std::string_view body, size_t max, std::string_view field = "body");
// task.invalid unless an entity name as the catalog makes them: [a-z][a-z0-9_]{1,39}.
Status CheckEntityName(std::string_view entity);
// The first `max` characters of valid UTF-8 text.
std::string TruncateUtf8(std::string_view s, size_t max);

struct UserRow {
  int64_t id = 0;
  std::string status;
  std::optional<int64_t> branch_id, department_id;
};
// The user when it belongs to the organisation (any status); nullopt otherwise.
Result<std::optional<UserRow>> LoadUser(storage::Conn& c, int64_t org_id, int64_t user_id);
// An active user of the organisation, else task.unknown_assignee naming `field`.
Result<UserRow> LoadAssignee(storage::Conn& c, int64_t org_id, int64_t user_id,
                             std::string_view field);
// True when the caller's tasks.manage scope covers that user (tasks for them, reassigning to
// them).
bool ManagesUser(const access::Principal& p, const UserRow& u);
// True when the caller's tasks.manage scope covers the task.
bool ManagesTask(const access::Principal& p, const Task& t);
// The visibility rule of inbox.h: assignee, creator, or ManagesTask.
bool Sees(const access::Principal& p, const Task& t);

// "SELECT <task columns> FROM tasks t JOIN users u ON u.id = t.assignee_id"; ReadTask reads row i.
extern const char* const kSelectTask;
Task ReadTask(const storage::Rows& rows, size_t i);
// The task of the organisation by id (no visibility check).
Result<std::optional<Task>> LoadTask(storage::Conn& c, int64_t org_id, int64_t id);
// Appends " AND (<tasks within the caller's tasks.manage scope>)" for tasks aliased t and their
// assignee aliased u; nothing matches without a grant.
void AppendManaged(const access::Principal& p, std::string& sql, storage::Params& params);

}  // namespace peony::tasks::internal
