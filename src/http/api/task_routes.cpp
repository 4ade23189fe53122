// /api/v1/me/tasks, /api/v1/tasks*, /api/v1/me/notifications*: the to-do inbox and in-app
// notifications (platform/tasks/inbox.h). Every signed-in user has an inbox; tasks.manage widens
// what a person sees and may assign. Bad input answers task.invalid / notification.invalid (422)
// naming the field in details.field.
#include <charconv>

#include "http/api/api.h"
#include "http/api/automation.h"
#include "http/api/paging.h"
#include "http/json_body.h"
#include "platform/tasks/errors.h"
#include "platform/tasks/inbox.h"

namespace peony::http::api {
namespace {

namespace te = tasks::errors;

bool ParseInt(std::string_view s, int64_t* out) {
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return !s.empty() && ec == std::errc() && ptr == s.data() + s.size();
}

Result<int64_t> TaskId(const RequestContext& rc) {
  auto id = ParseId(rc.Param("id"));
  if (!id) return te::NotFound();
  return *id;
}

// ?limit=: 1-200, default 50. `invalid` builds the module's error.
template <class E>
Result<int> Limit(const Request& req, E invalid) {
  auto v = req.Query("limit");
  if (!v) return 50;
  int64_t n = 0;
  if (!ParseInt(*v, &n) || n < 1 || n > tasks::kMaxPage) {
    return invalid("limit", "must be an integer from 1 to 200");
  }
  return static_cast<int>(n);
}

template <class E>
Result<std::optional<bool>> BoolParam(const Request& req, std::string_view name, E invalid) {
  auto v = req.Query(name);
  if (!v) return std::optional<bool>();
  if (*v == "true") return std::optional<bool>(true);
  if (*v == "false") return std::optional<bool>(false);
  return invalid(name, "must be true or false");
}

// Body getters answering task.invalid: missing or null → nullopt.
const boost::json::value* Field(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return nullptr;
  return &it->value();
}

Result<std::optional<int64_t>> OptId(const boost::json::object& o, std::string_view key) {
  const auto* v = Field(o, key);
  if (!v) return std::optional<int64_t>();
  if (!v->is_int64() || v->as_int64() <= 0) return te::Invalid(key, "must be a positive integer");
  return std::optional<int64_t>(v->as_int64());
}

Result<std::optional<std::string>> OptText(const boost::json::object& o, std::string_view key) {
  const auto* v = Field(o, key);
  if (!v) return std::optional<std::string>();
  if (!v->is_string()) return te::Invalid(key, "must be a string");
  return std::optional<std::string>(std::string(v->as_string()));
}

Result<std::optional<UtcMillis>> OptTime(const boost::json::object& o, std::string_view key) {
  PEONY_TRY(auto text, OptText(o, key));
  if (!text) return std::optional<UtcMillis>();
  auto t = ParseRfc3339(*text);
  if (!t) return te::Invalid(key, "must be an RFC 3339 time such as 2026-11-22T09:00:00+08:00");
  return std::optional<UtcMillis>(*t);
}

// The body of an action (done, reopen, snooze, reassign): may be empty; "version" is optional.
Result<boost::json::object> ActionBody(const Request& req) {
  if (req.body.empty()) return boost::json::object();
  return ParseJsonObject(req);
}

tasks::Inbox& InboxOf(ApiContext& ctx) { return *ctx.automation->tasks; }

Response TaskResponse(int status, const tasks::Task& t, UtcMillis now) {
  return JsonResponse(status, t.ToJson(now));
}

Response TaskPageResponse(const tasks::TaskPage& page, UtcMillis now) {
  boost::json::array items;
  items.reserve(page.items.size());
  for (const auto& t : page.items) items.push_back(t.ToJson(now));
  boost::json::object out{{"items", std::move(items)},
                          {"next_cursor", page.next_cursor ? boost::json::value(*page.next_cursor)
                                                           : boost::json::value(nullptr)},
                          {"total", page.total}};
  return JsonResponse(200, out);
}

constexpr const char* kTaskSchema = R"J({"type":"object","properties":{
 "id":{"type":"integer"},"title":{"type":"string"},"body":{"type":"string"},
 "status":{"type":"string","enum":["open","done","cancelled"]},
 "due_at":{"type":"string","format":"date-time","nullable":true},
 "snoozed_until":{"type":"string","format":"date-time","nullable":true},
 "overdue":{"type":"boolean","description":"open with a due time in the past"},
 "assignee_id":{"type":"integer"},"assignee_name":{"type":"string"},
 "branch_id":{"type":"integer","nullable":true},
 "entity":{"type":"string","nullable":true,"description":"the record the task is about"},
 "record_id":{"type":"integer","nullable":true},
 "rule_id":{"type":"integer","nullable":true,"description":"the rule that created it"},
 "created_by":{"type":"integer","nullable":true,"description":"null when a rule created it"},
 "created_at":{"type":"string","format":"date-time"},"updated_at":{"type":"string","format":"date-time"},
 "done_at":{"type":"string","format":"date-time","nullable":true},
 "version":{"type":"integer"}}})J";

constexpr const char* kNotificationSchema = R"J({"type":"object","properties":{
 "id":{"type":"integer"},"kind":{"type":"string","description":"task | rule | info | …"},
 "title":{"type":"string"},"body":{"type":"string"},
 "link":{"type":"string","description":"a path in the web app, e.g. /tasks/12"},
 "entity":{"type":"string","nullable":true},"record_id":{"type":"integer","nullable":true},
 "created_at":{"type":"string","format":"date-time"},
 "read_at":{"type":"string","format":"date-time","nullable":true}}})J";

std::string TaskListSchema() {
  return std::string(
             R"J({"type":"object","required":["items","next_cursor","total"],"properties":{"items":{"type":"array","items":)J") +
         kTaskSchema +
         R"J(},"next_cursor":{"type":"string","nullable":true},"total":{"type":"integer","description":"tasks matching the query, all pages"}}})J";
}

std::string NotificationListSchema() {
  return std::string(
             R"J({"type":"object","required":["items","next_cursor","unread"],"properties":{"items":{"type":"array","items":)J") +
         kNotificationSchema +
         R"J(},"next_cursor":{"type":"string","nullable":true},"unread":{"type":"integer","description":"all unread notifications of the caller"}}})J";
}

constexpr const char* kVersionSchema = R"J({"type":"object","properties":{
 "version":{"type":"integer","description":"the version read; 409 task.version_conflict if it changed"}}})J";

const std::vector<std::string> kActionErrors = {"task.not_found", "task.forbidden",
                                                "task.version_conflict", "task.invalid",
                                                "request.invalid_json"};

}  // namespace

void AddTaskRoutes(Router& r, ApiContext& ctx) {
  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/me/tasks",
         .summary = "My to-do inbox: open tasks due first (due_at ascending, no due date last), "
                    "then by id; snoozed ones come back when their time has passed",
         .tag = "tasks",
         .query = {{"status", "string", "open (default) | done | cancelled | all"},
                   {"include_snoozed", "boolean", "list open tasks snoozed past now too (false)"},
                   {"limit", "integer", "1-200 (default 50)"},
                   {"cursor", "string", "next_cursor of the previous page"}},
         .response_schema = TaskListSchema(),
         .error_codes = {"task.invalid"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           tasks::TaskQuery q;
           if (auto v = req.Query("status")) q.status = std::string(*v);
           PEONY_TRY(auto snoozed, BoolParam(req, "include_snoozed", te::Invalid));
           q.include_snoozed = snoozed.value_or(false);
           PEONY_TRY(q.limit, Limit(req, te::Invalid));
           if (auto v = req.Query("cursor")) q.cursor = std::string(*v);
           PEONY_TRY(auto page, InboxOf(ctx).MyTasks(rc.user(), q));
           return TaskPageResponse(page, ctx.clock->Now());
         }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/tasks",
         .summary = "Tasks within my tasks.manage scope (branch: my branch's tasks), optionally "
                    "of one assignee; same order and pages as the inbox",
         .tag = "tasks",
         .permission = "tasks.manage",
         .query = {{"assignee_id", "integer", "only this user's tasks"},
                   {"status", "string", "open (default) | done | cancelled | all"},
                   {"include_snoozed", "boolean", "list snoozed open tasks too (true)"},
                   {"limit", "integer", "1-200 (default 50)"},
                   {"cursor", "string", "next_cursor of the previous page"}},
         .response_schema = TaskListSchema(),
         .error_codes = {"task.invalid", "task.forbidden"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           tasks::TaskQuery q;
           if (auto v = req.Query("status")) q.status = std::string(*v);
           if (auto v = req.Query("assignee_id")) {
             int64_t id = 0;
             if (!ParseInt(*v, &id) || id <= 0) {
               return te::Invalid("assignee_id", "must be a positive integer");
             }
             q.assignee_id = id;
           }
           PEONY_TRY(auto snoozed, BoolParam(req, "include_snoozed", te::Invalid));
           q.include_snoozed = snoozed.value_or(true);
           PEONY_TRY(q.limit, Limit(req, te::Invalid));
           if (auto v = req.Query("cursor")) q.cursor = std::string(*v);
           PEONY_TRY(auto page, InboxOf(ctx).ListTasks(rc.user(), q));
           return TaskPageResponse(page, ctx.clock->Now());
         }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/tasks",
         .summary = "Create a task: for myself, or (tasks.manage, within its scope) for another "
                    "active user, who is notified in the app. With entity and record_id the task "
                    "is about a record I may read",
         .tag = "tasks",
         .request_schema = R"J({"type":"object","required":["title"],"properties":{
 "assignee_id":{"type":"integer","description":"default: me"},
 "title":{"type":"string","minLength":1,"maxLength":200},
 "body":{"type":"string","maxLength":4000},
 "due_at":{"type":"string","format":"date-time","nullable":true},
 "entity":{"type":"string","description":"with record_id"},"record_id":{"type":"integer"}}})J",
         .response_schema = kTaskSchema,
         .success_status = 201,
         .error_codes = {"task.invalid", "task.unknown_assignee", "task.forbidden",
                         "request.invalid_json"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto body, ParseJsonObject(req));
           tasks::TaskInput in;
           PEONY_TRY(in.assignee_id, OptId(body, "assignee_id"));
           PEONY_TRY(auto title, OptText(body, "title"));
           if (!title) return te::Invalid("title", "required");
           in.title = std::move(*title);
           PEONY_TRY(auto text, OptText(body, "body"));
           in.body = text.value_or("");
           PEONY_TRY(in.due_at, OptTime(body, "due_at"));
           PEONY_TRY(in.entity, OptText(body, "entity"));
           PEONY_TRY(in.record_id, OptId(body, "record_id"));
           PEONY_TRY(auto task, InboxOf(ctx).Create(rc.user(), req.remote_addr, in));
           return TaskResponse(201, task, ctx.clock->Now());
         }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/tasks/{id}",
         .summary = "One task (its assignee, its creator, or tasks.manage within scope)",
         .tag = "tasks",
         .response_schema = kTaskSchema,
         .error_codes = {"task.not_found"},
         .handler = [&ctx](const Request&, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, TaskId(rc));
           PEONY_TRY(auto task, InboxOf(ctx).Get(rc.user(), id));
           return TaskResponse(200, task, ctx.clock->Now());
         }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/tasks/{id}/done",
         .summary = "Mark a task done (the assignee or tasks.manage within scope; done again: "
                    "no change)",
         .tag = "tasks",
         .request_schema = kVersionSchema,
         .response_schema = kTaskSchema,
         .error_codes = kActionErrors,
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, TaskId(rc));
           PEONY_TRY(auto body, ActionBody(req));
           PEONY_TRY(auto version, OptId(body, "version"));
           PEONY_TRY(auto task, InboxOf(ctx).Done(rc.user(), req.remote_addr, id, version));
           return TaskResponse(200, task, ctx.clock->Now());
         }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/tasks/{id}/reopen",
         .summary = "Open a done or cancelled task again (open already: no change)",
         .tag = "tasks",
         .request_schema = kVersionSchema,
         .response_schema = kTaskSchema,
         .error_codes = kActionErrors,
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, TaskId(rc));
           PEONY_TRY(auto body, ActionBody(req));
           PEONY_TRY(auto version, OptId(body, "version"));
           PEONY_TRY(auto task, InboxOf(ctx).Reopen(rc.user(), req.remote_addr, id, version));
           return TaskResponse(200, task, ctx.clock->Now());
         }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/tasks/{id}/snooze",
         .summary = "Hide an open task from the inbox until a time (in the future, at most 90 "
                    "days ahead)",
         .tag = "tasks",
         .request_schema = R"J({"type":"object","required":["until"],"properties":{
 "until":{"type":"string","format":"date-time"},
 "version":{"type":"integer","description":"the version read; 409 task.version_conflict if it changed"}}})J",
         .response_schema = kTaskSchema,
         .error_codes = kActionErrors,
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, TaskId(rc));
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto until, OptTime(body, "until"));
           if (!until) return te::Invalid("until", "required");
           PEONY_TRY(auto version, OptId(body, "version"));
           PEONY_TRY(auto task,
                     InboxOf(ctx).Snooze(rc.user(), req.remote_addr, id, *until, version));
           return TaskResponse(200, task, ctx.clock->Now());
         }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/tasks/{id}/reassign",
         .summary = "Give an open task to another active user of the organisation (the assignee: "
                    "anyone; a manager: within their scope); the new assignee is notified",
         .tag = "tasks",
         .request_schema = R"J({"type":"object","required":["user_id"],"properties":{
 "user_id":{"type":"integer"},
 "version":{"type":"integer","description":"the version read; 409 task.version_conflict if it changed"}}})J",
         .response_schema = kTaskSchema,
         .error_codes = {"task.not_found", "task.forbidden", "task.version_conflict",
                         "task.invalid", "task.unknown_assignee", "request.invalid_json"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, TaskId(rc));
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto user_id, OptId(body, "user_id"));
           if (!user_id) return te::Invalid("user_id", "required");
           PEONY_TRY(auto version, OptId(body, "version"));
           PEONY_TRY(auto task,
                     InboxOf(ctx).Reassign(rc.user(), req.remote_addr, id, *user_id, version));
           return TaskResponse(200, task, ctx.clock->Now());
         }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/me/notifications",
         .summary = "My in-app notifications, newest first, with my unread count",
         .tag = "tasks",
         .query = {{"unread", "boolean", "only unread ones (false)"},
                   {"limit", "integer", "1-200 (default 50)"},
                   {"cursor", "string", "next_cursor of the previous page"}},
         .response_schema = NotificationListSchema(),
         .error_codes = {"notification.invalid"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto unread, BoolParam(req, "unread", te::NotificationInvalid));
           PEONY_TRY(auto limit, Limit(req, te::NotificationInvalid));
           const std::string cursor(req.Query("cursor").value_or(""));
           PEONY_TRY(auto page, InboxOf(ctx).MyNotifications(rc.user(), unread.value_or(false),
                                                             limit, cursor));
           boost::json::array items;
           items.reserve(page.items.size());
           for (const auto& n : page.items) items.push_back(n.ToJson());
           boost::json::object out{
               {"items", std::move(items)},
               {"next_cursor", page.next_cursor ? boost::json::value(*page.next_cursor)
                                                : boost::json::value(nullptr)},
               {"unread", page.unread}};
           return JsonResponse(200, out);
         }});

  r.Add(
      {.method = Method::kGet,
       .pattern = "/api/v1/me/notifications/unread-count",
       .summary = "How many of my notifications are unread (for the bell badge)",
       .tag = "tasks",
       .response_schema =
           R"J({"type":"object","required":["count"],"properties":{"count":{"type":"integer"}}})J",
       .handler = [&ctx](const Request&, RequestContext& rc) -> Result<Response> {
         PEONY_TRY(auto count, InboxOf(ctx).UnreadCount(rc.user()));
         return JsonResponse(200, boost::json::object{{"count", count}});
       }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/me/notifications/{id}/read",
         .summary = "Mark one of my notifications read (read already: no change)",
         .tag = "tasks",
         .success_status = 204,
         .error_codes = {"notification.not_found"},
         .handler = [&ctx](const Request&, RequestContext& rc) -> Result<Response> {
           auto id = ParseId(rc.Param("id"));
           if (!id) return te::NotificationNotFound();
           PEONY_CHECK(InboxOf(ctx).MarkRead(rc.user(), *id));
           return NoContent();
         }});

  r.Add(
      {.method = Method::kPost,
       .pattern = "/api/v1/me/notifications/read-all",
       .summary = "Mark all my notifications read; answers how many were unread",
       .tag = "tasks",
       .response_schema =
           R"J({"type":"object","required":["updated"],"properties":{"updated":{"type":"integer"}}})J",
       .handler = [&ctx](const Request&, RequestContext& rc) -> Result<Response> {
         PEONY_TRY(auto n, InboxOf(ctx).MarkAllRead(rc.user()));
         return JsonResponse(200, boost::json::object{{"updated", n}});
       }});
}

}  // namespace peony::http::api
