// The to-do inbox and in-app notifications (platform/tasks). Rules (and later processes) create
// tasks for people; each new task also notifies its assignee in the app.
//
// Task statuses: open → done, or cancelled. A snoozed task stays open with snoozed_until; the
// inbox lists it again once that time has passed. Reassigning moves it to another user of the
// organisation (and notifies them).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/result.h"
#include "storage/db.h"

namespace peony::tasks {

struct NewTask {
  int64_t org_id = 0;
  std::optional<int64_t> branch_id;
  int64_t assignee_id = 0;
  std::string title;  // 1-200 characters
  std::string body;
  std::optional<UtcMillis> due_at;
  std::optional<std::string> entity;  // the record the task is about
  std::optional<int64_t> record_id;
  std::optional<int64_t> rule_id;
  std::optional<int64_t> created_by;
  std::string source_key;  // idempotency: a second task with the same key is not written
};

// In the caller's transaction: creates the task and notifies the assignee (kind "task", link
// "/tasks/<id>"). Returns the task id, or nullopt when source_key was used before (then nothing is
// written; concurrent writers with one key write one task). branch_id defaults to the assignee's
// branch. Not audited here: the caller's run log or audit entry records it (Inbox::Create audits).
// Errors: task.invalid (422, details.field: title, body, entity, record_id, source_key),
// task.unknown_assignee (422: not an active user of org_id).
Result<std::optional<int64_t>> CreateTaskInTx(storage::Conn& c, const Clock& clock,
                                              const NewTask& t);

struct NewNotification {
  int64_t org_id = 0;
  int64_t user_id = 0;
  std::string kind = "info";  // "info" | "task" | "rule" | …
  std::string title;
  std::string body;
  std::string link;  // a path in the web app, e.g. "/tasks/12" or "/data/treatment/42"
  std::optional<std::string> entity;
  std::optional<int64_t> record_id;
  std::string source_key;
};

// In the caller's transaction: adds an in-app notification. Returns its id, or nullopt when
// source_key was used before. A body over 1000 characters is cut to 1000. Errors: task.invalid
// (kind not [a-z_.]{1,32}, empty or long title, a link that is not an app path "/…", user_id not
// of org_id, record_id without entity).
Result<std::optional<int64_t>> NotifyInTx(storage::Conn& c, const Clock& clock,
                                          const NewNotification& n);

}  // namespace peony::tasks
