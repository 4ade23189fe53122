// The to-do inbox and in-app notifications as the API sees them: each signed-in user lists, reads
// and acts on their own tasks and notifications; holders of tasks.manage also see and act on the
// tasks within their grant's data scope and assign tasks to others.
//
// Who sees a task: its assignee, its creator, and holders of tasks.manage whose scope covers it
// (all: the organisation; branch: tasks whose branch_id is their branch; department: tasks whose
// assignee is in their department; own: nothing more). Anyone else gets task.not_found, the same
// answer as for an id that does not exist. Who acts on it (done, reopen, snooze, reassign): the
// assignee and those managers; a creator who is neither gets task.forbidden.
//
// A task's branch_id is its assignee's branch unless the creator (a rule) names the record's
// branch; reassigning moves it to the new assignee's branch. Writes are audited (task.create,
// task.done, task.reopen, task.snooze, task.reassign) with ids only, never titles or bodies.
// Marking notifications read is not audited (it is the user's own inbox state).
//
//   tasks::Inbox inbox(db, clock, &catalog);
//   PEONY_TRY(auto page, inbox.MyTasks(principal, tasks::TaskQuery{}));
//   PEONY_TRY(auto task, inbox.Done(principal, ip, id, std::nullopt));
//
// Thread-safe; all state is in the database.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "platform/access/principal.h"
#include "storage/db.h"

namespace peony::schema {
class CatalogStore;
}

namespace peony::tasks {

inline constexpr int kMaxPage = 200;
inline constexpr int64_t kMaxSnoozeMs = int64_t{90} * 24 * 3600 * 1000;

struct Task {
  int64_t id = 0;
  std::string title, body;
  std::string status;  // "open" | "done" | "cancelled"
  std::optional<UtcMillis> due_at, snoozed_until;
  int64_t assignee_id = 0;
  std::string assignee_name;
  std::optional<int64_t> assignee_department_id;
  std::optional<int64_t> branch_id;
  std::optional<std::string> entity;
  std::optional<int64_t> record_id, rule_id, created_by;
  UtcMillis created_at = 0, updated_at = 0;
  std::optional<UtcMillis> done_at;
  int64_t version = 0;

  // Open, with a due time before `now`.
  bool Overdue(UtcMillis now) const;
  // The API shape (issue5-api.md "Task"); `now` decides "overdue".
  boost::json::object ToJson(UtcMillis now) const;
};

struct Notification {
  int64_t id = 0;
  std::string kind, title, body, link;
  std::optional<std::string> entity;
  std::optional<int64_t> record_id;
  UtcMillis created_at = 0;
  std::optional<UtcMillis> read_at;

  boost::json::object ToJson() const;
};

// A list of tasks. Order: due first (due_at ascending, no due date last), then id.
struct TaskQuery {
  std::string status = "open";         // "open" | "done" | "cancelled" | "all"
  bool include_snoozed = false;        // open tasks snoozed past now are left out unless true
  std::optional<int64_t> assignee_id;  // ListTasks only
  int limit = 50;                      // 1-kMaxPage
  std::string cursor;                  // next_cursor of the previous page
};

struct TaskPage {
  std::vector<Task> items;
  std::optional<std::string> next_cursor;
  int64_t total = 0;  // tasks matching the query (all pages)
};

struct NotificationPage {
  std::vector<Notification> items;  // newest first
  std::optional<std::string> next_cursor;
  int64_t unread = 0;  // the caller's unread notifications (all of them, not only this page)
};

// What a person posts to create a task.
struct TaskInput {
  std::optional<int64_t> assignee_id;  // default: the caller
  std::string title;                   // 1-200 characters
  std::string body;                    // at most 4000 characters
  std::optional<UtcMillis> due_at;
  std::optional<std::string> entity;  // with record_id: the record the task is about
  std::optional<int64_t> record_id;
};

class Inbox {
 public:
  // `catalog` (may be null) is used to check the record a new task names.
  Inbox(storage::Db& db, const Clock& clock, schema::CatalogStore* catalog = nullptr)
      : db_(db), clock_(clock), catalog_(catalog) {}

  // The caller's own tasks. Errors: task.invalid (status, limit, cursor).
  Result<TaskPage> MyTasks(const access::Principal& p, const TaskQuery& q);
  // Tasks within the caller's tasks.manage scope, optionally of one assignee (snoozed ones are
  // included when q.include_snoozed). Errors: task.forbidden (no tasks.manage), task.invalid.
  Result<TaskPage> ListTasks(const access::Principal& p, const TaskQuery& q);
  // Errors: task.not_found.
  Result<Task> Get(const access::Principal& p, int64_t id);

  // Creates a task for the caller or (with tasks.manage, within its scope) for another active
  // user of the organisation, notifies the assignee and audits. With entity and record_id the
  // record must be one the caller may read. Errors: task.invalid, task.unknown_assignee,
  // task.forbidden.
  Result<Task> Create(const access::Principal& p, const std::string& ip, const TaskInput& in);
  // Marks the task done (done again: no change). `version`, when given, must be the current one.
  // Errors: task.not_found, task.forbidden, task.version_conflict, task.invalid (cancelled).
  Result<Task> Done(const access::Principal& p, const std::string& ip, int64_t id,
                    std::optional<int64_t> version);
  // Opens a done or cancelled task again (open already: no change). Errors: as Done.
  Result<Task> Reopen(const access::Principal& p, const std::string& ip, int64_t id,
                      std::optional<int64_t> version);
  // Hides an open task from the inbox until `until` (after now, at most 90 days ahead).
  // Errors: as Done, task.invalid (until, or a task that is not open).
  Result<Task> Snooze(const access::Principal& p, const std::string& ip, int64_t id,
                      UtcMillis until, std::optional<int64_t> version);
  // Gives the task to `user_id`, an active user of the organisation (for a manager who is not the
  // assignee: within the manager's scope), clears its snooze and notifies the new assignee.
  // Errors: as Done, task.unknown_assignee, task.forbidden.
  Result<Task> Reassign(const access::Principal& p, const std::string& ip, int64_t id,
                        int64_t user_id, std::optional<int64_t> version);

  // The caller's notifications, newest first; `cursor` is the next_cursor of the previous page.
  // Errors: notification.invalid (limit 1-kMaxPage, cursor).
  Result<NotificationPage> MyNotifications(const access::Principal& p, bool unread_only, int limit,
                                           const std::string& cursor);
  Result<int64_t> UnreadCount(const access::Principal& p);
  // Marks one of the caller's notifications read (already read: no change).
  // Errors: notification.not_found.
  Status MarkRead(const access::Principal& p, int64_t id);
  // Marks all the caller's notifications read; returns how many were unread.
  Result<int64_t> MarkAllRead(const access::Principal& p);

 private:
  enum class Action { kDone, kReopen, kSnooze };
  Result<Task> Change(const access::Principal& p, const std::string& ip, int64_t id,
                      std::optional<int64_t> version, Action action, UtcMillis until);
  Result<TaskPage> List(const access::Principal& p, const TaskQuery& q, bool mine);

  storage::Db& db_;
  const Clock& clock_;
  schema::CatalogStore* catalog_;
};

}  // namespace peony::tasks
