// The Inbox's lists (tasks of a person or of a manager's scope) and its notifications (see
// inbox.h). Task pages use keyset cursors over (due_at with NULLs last, id), so a page never
// repeats or skips a task while others are added; the cursor is "<due_at>.<id>" or "n.<id>".
#include <charconv>

#include "platform/tasks/errors.h"
#include "platform/tasks/inbox.h"
#include "platform/tasks/store.h"

namespace peony::tasks {
namespace {

constexpr const char* kManage = "tasks.manage";

bool ParseInt(std::string_view s, int64_t* out) {
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return !s.empty() && ec == std::errc() && ptr == s.data() + s.size();
}

struct Cursor {
  std::optional<UtcMillis> due_at;
  int64_t id = 0;
};

Result<std::optional<Cursor>> ParseCursor(std::string_view s) {
  if (s.empty()) return std::optional<Cursor>();
  const auto dot = s.find('.');
  Cursor c;
  if (dot == std::string_view::npos || !ParseInt(s.substr(dot + 1), &c.id) || c.id <= 0) {
    return errors::Invalid("cursor", "is not a cursor this list returned");
  }
  const std::string_view due = s.substr(0, dot);
  if (due != "n") {
    int64_t v = 0;
    if (!ParseInt(due, &v)) return errors::Invalid("cursor", "is not a cursor this list returned");
    c.due_at = v;
  }
  return std::optional<Cursor>(c);
}

std::string CursorOf(const Task& t) {
  return (t.due_at ? std::to_string(*t.due_at) : std::string("n")) + "." + std::to_string(t.id);
}

}  // namespace

Result<TaskPage> Inbox::MyTasks(const access::Principal& p, const TaskQuery& q) {
  return List(p, q, true);
}

Result<TaskPage> Inbox::ListTasks(const access::Principal& p, const TaskQuery& q) {
  if (!p.Has(kManage)) return errors::Forbidden("listing others' tasks needs tasks.manage");
  return List(p, q, false);
}

Result<TaskPage> Inbox::List(const access::Principal& p, const TaskQuery& q, bool mine) {
  if (q.status != "open" && q.status != "done" && q.status != "cancelled" && q.status != "all") {
    return errors::Invalid("status", "must be open, done, cancelled or all");
  }
  if (q.limit < 1 || q.limit > kMaxPage) return errors::Invalid("limit", "must be from 1 to 200");
  PEONY_TRY(auto cursor, ParseCursor(q.cursor));
  const UtcMillis now = clock_.Now();

  std::string where = " WHERE t.org_id = ?";
  storage::Params params{p.org_id};
  if (mine) {
    where += " AND t.assignee_id = ?";
    params.Add(p.user_id);
  } else {
    internal::AppendManaged(p, where, params);
    if (q.assignee_id) {
      where += " AND t.assignee_id = ?";
      params.Add(*q.assignee_id);
    }
  }
  if (q.status != "all") {
    where += " AND t.status = ?";
    params.Add(q.status);
  }
  if (!q.include_snoozed) {
    where += " AND (t.status <> 'open' OR t.snoozed_until IS NULL OR t.snoozed_until <= ?)";
    params.Add(now);
  }

  std::string page_sql = std::string(internal::kSelectTask) + where;
  storage::Params page_params = params;
  if (cursor) {
    if (cursor->due_at) {
      page_sql += " AND (t.due_at IS NULL OR t.due_at > ? OR (t.due_at = ? AND t.id > ?))";
      page_params.Add(*cursor->due_at);
      page_params.Add(*cursor->due_at);
    } else {
      page_sql += " AND t.due_at IS NULL AND t.id > ?";
    }
    page_params.Add(cursor->id);
  }
  // NULL due dates last on both engines, whatever their default NULL order.
  page_sql += " ORDER BY CASE WHEN t.due_at IS NULL THEN 1 ELSE 0 END, t.due_at, t.id LIMIT " +
              std::to_string(q.limit + 1);

  return db_.Read([&](storage::Conn& c) -> Result<TaskPage> {
    TaskPage out;
    PEONY_TRY(auto count,
              c.Query("SELECT COUNT(*) FROM tasks t JOIN users u ON u.id = t.assignee_id" + where,
                      params));
    out.total = count.Int(0, 0);
    PEONY_TRY(auto rows, c.Query(page_sql, page_params));
    const size_t n = std::min(rows.size(), static_cast<size_t>(q.limit));
    out.items.reserve(n);
    for (size_t i = 0; i < n; ++i) out.items.push_back(internal::ReadTask(rows, i));
    if (rows.size() > n) out.next_cursor = CursorOf(out.items.back());
    return out;
  });
}

Result<NotificationPage> Inbox::MyNotifications(const access::Principal& p, bool unread_only,
                                                int limit, const std::string& cursor) {
  if (limit < 1 || limit > kMaxPage) {
    return errors::NotificationInvalid("limit", "must be from 1 to 200");
  }
  int64_t before = 0;
  if (!cursor.empty() && (!ParseInt(cursor, &before) || before <= 0)) {
    return errors::NotificationInvalid("cursor", "is not a cursor this list returned");
  }
  std::string sql =
      "SELECT id, kind, title, body, link, entity, record_id, created_at, read_at "
      "FROM notifications WHERE user_id = ? AND org_id = ?";
  storage::Params params{p.user_id, p.org_id};
  if (unread_only) sql += " AND read_at IS NULL";
  if (before > 0) {
    sql += " AND id < ?";
    params.Add(before);
  }
  sql += " ORDER BY id DESC LIMIT " + std::to_string(limit + 1);
  return db_.Read([&](storage::Conn& c) -> Result<NotificationPage> {
    NotificationPage out;
    PEONY_TRY(auto rows, c.Query(sql, params));
    const size_t n = std::min(rows.size(), static_cast<size_t>(limit));
    for (size_t i = 0; i < n; ++i) {
      Notification x;
      x.id = rows.Int(i, 0);
      x.kind = rows.Text(i, 1);
      x.title = rows.Text(i, 2);
      x.body = rows.Text(i, 3);
      x.link = rows.Text(i, 4);
      x.entity = rows.OptText(i, 5);
      x.record_id = rows.OptInt(i, 6);
      x.created_at = rows.Int(i, 7);
      x.read_at = rows.OptInt(i, 8);
      out.items.push_back(std::move(x));
    }
    if (rows.size() > n) out.next_cursor = std::to_string(out.items.back().id);
    PEONY_TRY(auto unread, c.Query("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND "
                                   "org_id = ? AND read_at IS NULL",
                                   {p.user_id, p.org_id}));
    out.unread = unread.Int(0, 0);
    return out;
  });
}

Result<int64_t> Inbox::UnreadCount(const access::Principal& p) {
  return db_.Read([&](storage::Conn& c) -> Result<int64_t> {
    PEONY_TRY(auto rows, c.Query("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND "
                                 "org_id = ? AND read_at IS NULL",
                                 {p.user_id, p.org_id}));
    return rows.Int(0, 0);
  });
}

Status Inbox::MarkRead(const access::Principal& p, int64_t id) {
  return db_.WriteTx([&](storage::Conn& c) -> Status {
    PEONY_TRY(auto n, c.Exec("UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ? "
                             "AND org_id = ? AND read_at IS NULL",
                             {clock_.Now(), id, p.user_id, p.org_id}));
    if (n > 0) return Ok();
    PEONY_TRY(auto rows,
              c.Query("SELECT 1 FROM notifications WHERE id = ? AND user_id = ? AND org_id = ?",
                      {id, p.user_id, p.org_id}));
    if (rows.empty()) return errors::NotificationNotFound();
    return Ok();  // read before
  });
}

Result<int64_t> Inbox::MarkAllRead(const access::Principal& p) {
  return db_.Write([&](storage::Conn& c) -> Result<int64_t> {
    return c.Exec(
        "UPDATE notifications SET read_at = ? WHERE user_id = ? AND org_id = ? AND "
        "read_at IS NULL",
        {clock_.Now(), p.user_id, p.org_id});
  });
}

}  // namespace peony::tasks
