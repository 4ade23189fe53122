// The Inbox's task writes and single reads (see inbox.h). Each write loads the task in its
// transaction, applies the visibility and action rules, and updates it guarded by its version, so
// two people acting at once cannot both win: the second gets task.version_conflict.
#include "platform/tasks/inbox.h"

#include "platform/access/audit.h"
#include "platform/records/codec.h"
#include "platform/schema/catalog.h"
#include "platform/tasks/errors.h"
#include "platform/tasks/store.h"
#include "platform/tasks/tasks.h"

namespace peony::tasks {
namespace {

constexpr const char* kManage = "tasks.manage";

Status Audit(storage::Conn& c, const Clock& clock, const access::Principal& p,
             const std::string& ip, const std::string& action, int64_t task_id,
             boost::json::object detail) {
  return access::AppendAudit(c, clock,
                             access::AuditEvent{p.org_id, p.user_id, p.username, action, "task",
                                                std::to_string(task_id), ip, std::move(detail)});
}

// The task when the caller sees it and may act on it: task.not_found, task.forbidden,
// task.version_conflict otherwise.
Result<Task> LoadForChange(storage::Conn& c, const access::Principal& p, int64_t id,
                           std::optional<int64_t> version) {
  PEONY_TRY(auto found, internal::LoadTask(c, p.org_id, id));
  if (!found || !internal::Sees(p, *found)) return errors::NotFound();
  if (found->assignee_id != p.user_id && !internal::ManagesTask(p, *found)) {
    return errors::Forbidden("only the assignee or a manager may change this task");
  }
  if (version && *version != found->version) return errors::VersionConflict();
  return std::move(*found);
}

Result<Task> Reload(storage::Conn& c, int64_t org_id, int64_t id) {
  PEONY_TRY(auto task, internal::LoadTask(c, org_id, id));
  if (!task) return InternalError("task vanished inside its transaction");
  return std::move(*task);
}

// Runs a version-guarded UPDATE; no row changed means someone else changed the task first.
Status GuardedUpdate(storage::Conn& c, const std::string& set, storage::Params params,
                     const Task& t) {
  params.Add(t.id);
  params.Add(t.version);
  PEONY_TRY(auto n, c.Exec("UPDATE tasks SET " + set +
                               ", version = version + 1 WHERE id = ? AND version = ?",
                           params));
  if (n != 1) return errors::VersionConflict();
  return Ok();
}

// task.invalid unless the caller may read the live record (same access check and data scope as
// the records engine). Without a catalog (tools, some tests) the names were only format-checked.
Status CheckRecord(storage::Conn& c, const access::Principal& p, const schema::Catalog* catalog,
                   const std::string& entity, int64_t record_id) {
  if (!catalog) return Ok();
  const schema::EntityDef* e = catalog->Find(entity);
  if (!e || e->org_id != p.org_id) return errors::Invalid("entity", "unknown entity");
  const access::Scope scope = p.ScopeFor("data." + entity + ".read");
  if (scope == access::Scope::kNone) {
    return errors::Invalid("record_id", "not a record you may read");
  }
  // The table name comes from the catalog (validated names only).
  std::string sql = "SELECT t.id FROM \"" + e->table +
                    "\" t WHERE t.id = ? AND t.org_id = ? AND t.deleted_at IS NULL";
  storage::Params params{record_id, p.org_id};
  records::internal::AppendScope(p, scope, sql, params);
  PEONY_TRY(auto rows, c.Query(sql, params));
  if (rows.empty()) return errors::Invalid("record_id", "not a record you may read");
  return Ok();
}

}  // namespace

Result<Task> Inbox::Get(const access::Principal& p, int64_t id) {
  return db_.Read([&](storage::Conn& c) -> Result<Task> {
    PEONY_TRY(auto found, internal::LoadTask(c, p.org_id, id));
    if (!found || !internal::Sees(p, *found)) return errors::NotFound();
    return std::move(*found);
  });
}

Result<Task> Inbox::Create(const access::Principal& p, const std::string& ip, const TaskInput& in) {
  PEONY_CHECK(internal::CheckTitle(in.title));
  PEONY_CHECK(internal::CheckBody(in.body, internal::kMaxBody));
  if (in.entity) PEONY_CHECK(internal::CheckEntityName(*in.entity));
  if (in.entity.has_value() != in.record_id.has_value()) {
    return errors::Invalid(in.entity ? "record_id" : "entity", "entity and record_id go together");
  }
  if (in.record_id && *in.record_id <= 0)
    return errors::Invalid("record_id", "must be a record id");
  const int64_t assignee = in.assignee_id.value_or(p.user_id);
  if (assignee != p.user_id && !p.Has(kManage)) {
    return errors::Forbidden("assigning tasks to others needs tasks.manage");
  }
  std::shared_ptr<const schema::Catalog> catalog;  // taken before the write transaction
  if (in.entity && catalog_) {
    PEONY_TRY(catalog, catalog_->Snapshot());
  }
  return db_.Write([&](storage::Conn& c) -> Result<Task> {
    PEONY_TRY(auto user, internal::LoadAssignee(c, p.org_id, assignee, "assignee_id"));
    if (assignee != p.user_id && !internal::ManagesUser(p, user)) {
      return errors::Forbidden("the assignee is outside your scope");
    }
    if (in.entity) PEONY_CHECK(CheckRecord(c, p, catalog.get(), *in.entity, *in.record_id));
    NewTask t;
    t.org_id = p.org_id;
    t.assignee_id = assignee;
    t.title = in.title;
    t.body = in.body;
    t.due_at = in.due_at;
    t.entity = in.entity;
    t.record_id = in.record_id;
    t.created_by = p.user_id;
    PEONY_TRY(auto id, CreateTaskInTx(c, clock_, t));
    if (!id) return InternalError("a task without a source key was not written");
    boost::json::object detail{{"assignee_id", assignee}};
    if (in.entity) {
      detail["entity"] = *in.entity;
      detail["record_id"] = *in.record_id;
    }
    PEONY_CHECK(Audit(c, clock_, p, ip, "task.create", *id, std::move(detail)));
    return Reload(c, p.org_id, *id);
  });
}

Result<Task> Inbox::Done(const access::Principal& p, const std::string& ip, int64_t id,
                         std::optional<int64_t> version) {
  return Change(p, ip, id, version, Action::kDone, 0);
}

Result<Task> Inbox::Reopen(const access::Principal& p, const std::string& ip, int64_t id,
                           std::optional<int64_t> version) {
  return Change(p, ip, id, version, Action::kReopen, 0);
}

Result<Task> Inbox::Snooze(const access::Principal& p, const std::string& ip, int64_t id,
                           UtcMillis until, std::optional<int64_t> version) {
  const UtcMillis now = clock_.Now();
  if (until <= now) return errors::Invalid("until", "must be in the future");
  if (until > now + kMaxSnoozeMs) return errors::Invalid("until", "must be at most 90 days ahead");
  return Change(p, ip, id, version, Action::kSnooze, until);
}

Result<Task> Inbox::Change(const access::Principal& p, const std::string& ip, int64_t id,
                           std::optional<int64_t> version, Action action, UtcMillis until) {
  return db_.Write([&](storage::Conn& c) -> Result<Task> {
    PEONY_TRY(auto t, LoadForChange(c, p, id, version));
    const UtcMillis now = clock_.Now();
    std::string audit_action;
    boost::json::object detail;
    switch (action) {
      case Action::kDone:
        if (t.status == "done") return t;
        if (t.status == "cancelled") return errors::Invalid("status", "the task is cancelled");
        PEONY_CHECK(GuardedUpdate(c,
                                  "status = 'done', done_at = ?, done_by = ?, "
                                  "snoozed_until = NULL, updated_at = ?",
                                  {now, p.user_id, now}, t));
        audit_action = "task.done";
        break;
      case Action::kReopen:
        if (t.status == "open") return t;
        PEONY_CHECK(GuardedUpdate(
            c, "status = 'open', done_at = NULL, done_by = NULL, updated_at = ?", {now}, t));
        audit_action = "task.reopen";
        detail["from"] = t.status;
        break;
      case Action::kSnooze:
        if (t.status != "open") return errors::Invalid("status", "only open tasks can be snoozed");
        PEONY_CHECK(GuardedUpdate(c, "snoozed_until = ?, updated_at = ?", {until, now}, t));
        audit_action = "task.snooze";
        detail["until"] = FormatRfc3339(until);
        break;
    }
    PEONY_CHECK(Audit(c, clock_, p, ip, audit_action, t.id, std::move(detail)));
    return Reload(c, p.org_id, t.id);
  });
}

Result<Task> Inbox::Reassign(const access::Principal& p, const std::string& ip, int64_t id,
                             int64_t user_id, std::optional<int64_t> version) {
  return db_.Write([&](storage::Conn& c) -> Result<Task> {
    PEONY_TRY(auto t, LoadForChange(c, p, id, version));
    if (t.status != "open") return errors::Invalid("status", "only open tasks can be reassigned");
    if (user_id == t.assignee_id) return t;
    PEONY_TRY(auto target, internal::LoadAssignee(c, p.org_id, user_id, "user_id"));
    // The assignee may hand the task to anyone; a manager only within their scope.
    if (t.assignee_id != p.user_id && !internal::ManagesUser(p, target)) {
      return errors::Forbidden("the new assignee is outside your scope");
    }
    const std::optional<int64_t> branch = target.branch_id ? target.branch_id : t.branch_id;
    const UtcMillis now = clock_.Now();
    PEONY_CHECK(
        GuardedUpdate(c, "assignee_id = ?, branch_id = ?, snoozed_until = NULL, updated_at = ?",
                      {user_id, branch, now}, t));
    NewNotification n;
    n.org_id = p.org_id;
    n.user_id = user_id;
    n.kind = "task";
    n.title = t.title;
    n.body = t.body;
    n.link = "/tasks/" + std::to_string(t.id);
    n.entity = t.entity;
    n.record_id = t.record_id;
    n.source_key = "task:" + std::to_string(t.id) + ":assigned:" + std::to_string(t.version + 1);
    PEONY_CHECK(NotifyInTx(c, clock_, n));
    PEONY_CHECK(
        Audit(c, clock_, p, ip, "task.reassign", t.id, {{"from", t.assignee_id}, {"to", user_id}}));
    return Reload(c, p.org_id, t.id);
  });
}

}  // namespace peony::tasks
