// Creating tasks and notifications inside a caller's transaction (tasks.h), and their JSON shapes.
// Both inserts use ON CONFLICT (source_key) DO NOTHING, so a rule's job that runs again after a
// lost lease, or two processes racing on PostgreSQL, write one row: the second waits for the first
// transaction and then writes nothing.
#include "platform/tasks/tasks.h"

#include "platform/tasks/errors.h"
#include "platform/tasks/inbox.h"
#include "platform/tasks/store.h"

namespace peony::tasks {
namespace {

constexpr size_t kMaxSourceKey = 200;
constexpr size_t kMaxLink = 500;

boost::json::value Time(const std::optional<UtcMillis>& t) {
  if (!t) return nullptr;
  return boost::json::value(FormatRfc3339(*t));
}

template <class T>
boost::json::value Opt(const std::optional<T>& v) {
  if (!v) return nullptr;
  return boost::json::value(*v);
}

storage::Value KeyValue(const std::string& key) {
  if (key.empty()) return storage::Value{};  // NULLs never collide on the unique index
  return storage::Value{key};
}

Status CheckKind(std::string_view kind) {
  const bool ok = !kind.empty() && kind.size() <= 32 &&
                  kind.find_first_not_of("abcdefghijklmnopqrstuvwxyz_.") == std::string_view::npos;
  if (!ok) return errors::Invalid("kind", "must be 1-32 of a-z, _ and .");
  return Ok();
}

// A path inside the web app: "/…", never "//host" (which browsers read as another site).
Status CheckLink(std::string_view link) {
  if (link.empty()) return Ok();
  if (link.size() > kMaxLink || link[0] != '/' || (link.size() > 1 && link[1] == '/') ||
      link.find('\\') != std::string_view::npos) {
    return errors::Invalid("link", "must be a path in the app such as /tasks/12");
  }
  PEONY_CHECK(internal::CheckBody(link, kMaxLink, "link"));
  for (unsigned char ch : link) {
    if (ch <= 0x20 || ch == 0x7f) return errors::Invalid("link", "must not contain spaces");
  }
  return Ok();
}

Status CheckRecordRef(const std::optional<std::string>& entity,
                      const std::optional<int64_t>& record_id) {
  if (entity) PEONY_CHECK(internal::CheckEntityName(*entity));
  if (record_id && *record_id <= 0) return errors::Invalid("record_id", "must be a record id");
  if (record_id && !entity) return errors::Invalid("entity", "required with record_id");
  return Ok();
}

}  // namespace

bool Task::Overdue(UtcMillis now) const { return status == "open" && due_at && *due_at < now; }

boost::json::object Task::ToJson(UtcMillis now) const {
  return {{"id", id},
          {"title", title},
          {"body", body},
          {"status", status},
          {"due_at", Time(due_at)},
          {"snoozed_until", Time(snoozed_until)},
          {"overdue", Overdue(now)},
          {"assignee_id", assignee_id},
          {"assignee_name", assignee_name},
          {"branch_id", Opt(branch_id)},
          {"entity", Opt(entity)},
          {"record_id", Opt(record_id)},
          {"rule_id", Opt(rule_id)},
          {"created_by", Opt(created_by)},
          {"created_at", FormatRfc3339(created_at)},
          {"updated_at", FormatRfc3339(updated_at)},
          {"done_at", Time(done_at)},
          {"version", version}};
}

boost::json::object Notification::ToJson() const {
  return {{"id", id},
          {"kind", kind},
          {"title", title},
          {"body", body},
          {"link", link},
          {"entity", Opt(entity)},
          {"record_id", Opt(record_id)},
          {"created_at", FormatRfc3339(created_at)},
          {"read_at", Time(read_at)}};
}

Result<std::optional<int64_t>> CreateTaskInTx(storage::Conn& c, const Clock& clock,
                                              const NewTask& t) {
  PEONY_CHECK(internal::CheckTitle(t.title));
  PEONY_CHECK(internal::CheckBody(t.body, internal::kMaxBody));
  PEONY_CHECK(CheckRecordRef(t.entity, t.record_id));
  if (t.source_key.size() > kMaxSourceKey) {
    return errors::Invalid("source_key", "must be at most 200 bytes");
  }
  PEONY_TRY(auto user, internal::LoadAssignee(c, t.org_id, t.assignee_id, "assignee_id"));
  const std::optional<int64_t> branch = t.branch_id ? t.branch_id : user.branch_id;
  const UtcMillis now = clock.Now();
  PEONY_TRY(
      auto rows,
      c.Query("INSERT INTO tasks (org_id, branch_id, assignee_id, title, body, status, "
              "due_at, entity, record_id, rule_id, source_key, created_by, created_at, "
              "updated_at, version) VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, 1) "
              "ON CONFLICT (source_key) DO NOTHING RETURNING id",
              {t.org_id, branch, t.assignee_id, t.title, t.body, t.due_at, t.entity, t.record_id,
               t.rule_id, KeyValue(t.source_key), t.created_by, now, now}));
  if (rows.empty()) return std::optional<int64_t>();
  const int64_t id = rows.Int(0, 0);
  NewNotification n;
  n.org_id = t.org_id;
  n.user_id = t.assignee_id;
  n.kind = "task";
  n.title = t.title;
  n.body = internal::TruncateUtf8(t.body, internal::kMaxNotificationBody);
  n.link = "/tasks/" + std::to_string(id);
  n.entity = t.entity;
  n.record_id = t.record_id;
  n.source_key = "task:" + std::to_string(id) + ":assigned:1";
  PEONY_CHECK(NotifyInTx(c, clock, n));
  return std::optional<int64_t>(id);
}

Result<std::optional<int64_t>> NotifyInTx(storage::Conn& c, const Clock& clock,
                                          const NewNotification& n) {
  PEONY_CHECK(CheckKind(n.kind));
  PEONY_CHECK(internal::CheckTitle(n.title));
  PEONY_CHECK(internal::CheckBody(n.body, internal::kMaxBody));
  PEONY_CHECK(CheckLink(n.link));
  PEONY_CHECK(CheckRecordRef(n.entity, n.record_id));
  if (n.source_key.size() > kMaxSourceKey) {
    return errors::Invalid("source_key", "must be at most 200 bytes");
  }
  PEONY_TRY(auto user, internal::LoadUser(c, n.org_id, n.user_id));
  if (!user) return errors::Invalid("user_id", "not a user of the organisation");
  PEONY_TRY(auto rows,
            c.Query("INSERT INTO notifications (org_id, user_id, kind, title, body, link, entity, "
                    "record_id, source_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (source_key) DO NOTHING RETURNING id",
                    {n.org_id, n.user_id, n.kind, n.title,
                     internal::TruncateUtf8(n.body, internal::kMaxNotificationBody), n.link,
                     n.entity, n.record_id, KeyValue(n.source_key), clock.Now()}));
  if (rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows.Int(0, 0));
}

}  // namespace peony::tasks
