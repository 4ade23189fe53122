// The to-do inbox and in-app notifications through real HTTP: /api/v1/me/tasks, /api/v1/tasks*,
// /api/v1/me/notifications*.
#include <boost/json/serialize.hpp>

#include "api/app_fixture.h"
#include "common/clock.h"

namespace peony::test {
namespace {

class TasksApiTest : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    consultant_ = Login("consultant");
    manager_ = Login("manager");
    frontdesk_ = Login("frontdesk");
  }
  int64_t UserId(const HeaderList& who) {
    return Call("GET", "/api/v1/auth/me", "", who, "").Json().at("user").at("id").as_int64();
  }
  std::string Field(const Resp& r) {
    const auto j = r.Json();
    if (!j.is_object() || !j.as_object().contains("error")) return "";
    const auto& d = j.at("error").at("details");
    return d.is_object() && d.as_object().contains("field") ? std::string(d.at("field").as_string())
                                                            : "";
  }
  HeaderList consultant_, manager_, frontdesk_;
};

TEST_P(TasksApiTest, APersonKeepsTheirOwnTodoList) {
  const std::string due = FormatRfc3339(SystemClock::Instance().Now() - 3600 * 1000);
  Resp created = Call("POST", "/api/v1/tasks",
                      R"({"title":"给王女士回电","body":"确认复查时间","due_at":")" + due + R"("})",
                      consultant_);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto task = created.Json().as_object();
  const std::string id = std::to_string(task.at("id").as_int64());
  EXPECT_EQ(task.at("status"), "open");
  EXPECT_EQ(task.at("overdue"), true);
  EXPECT_EQ(task.at("assignee_name"), "林嘉怡");
  EXPECT_TRUE(task.at("snoozed_until").is_null());
  EXPECT_EQ(task.at("version").as_int64(), 1);

  Resp mine = Call("GET", "/api/v1/me/tasks", "", consultant_, "");
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.Json().at("total").as_int64(), 1);
  EXPECT_EQ(mine.Json().at("items").as_array().size(), 1u);
  EXPECT_TRUE(mine.Json().at("next_cursor").is_null());
  EXPECT_EQ(Call("GET", "/api/v1/tasks/" + id, "", consultant_, "").status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/tasks/" + id, "", frontdesk_, "").ErrorCode(), "task.not_found");

  Resp stale = Call("POST", "/api/v1/tasks/" + id + "/done", R"({"version":7})", consultant_);
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.ErrorCode(), "task.version_conflict");
  Resp done = Call("POST", "/api/v1/tasks/" + id + "/done", R"({"version":1})", consultant_);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.Json().at("status"), "done");
  EXPECT_FALSE(done.Json().at("done_at").is_null());
  EXPECT_EQ(done.Json().at("overdue"), false);
  // No body at all is fine for the actions without parameters.
  Resp reopened = Call("POST", "/api/v1/tasks/" + id + "/reopen", "", consultant_, "");
  ASSERT_EQ(reopened.status, 200) << reopened.body;
  EXPECT_EQ(reopened.Json().at("status"), "open");

  const std::string until = FormatRfc3339(SystemClock::Instance().Now() + 24 * 3600 * 1000);
  Resp snoozed = Call("POST", "/api/v1/tasks/" + id + "/snooze", R"({"until":")" + until + R"("})",
                      consultant_);
  ASSERT_EQ(snoozed.status, 200) << snoozed.body;
  EXPECT_EQ(snoozed.Json().at("snoozed_until").as_string(), until);
  EXPECT_EQ(Call("GET", "/api/v1/me/tasks", "", consultant_, "").Json().at("total").as_int64(), 0);
  EXPECT_EQ(Call("GET", "/api/v1/me/tasks?include_snoozed=true", "", consultant_, "")
                .Json()
                .at("total")
                .as_int64(),
            1);
}

TEST_P(TasksApiTest, AManagerAssignsAndTheAssigneeIsNotified) {
  const int64_t frontdesk = UserId(frontdesk_);
  Resp created =
      Call("POST", "/api/v1/tasks",
           R"({"title":"核对今日预约","assignee_id":)" + std::to_string(frontdesk) + "}", manager_);
  ASSERT_EQ(created.status, 201) << created.body;
  const int64_t id = created.Json().at("id").as_int64();

  Resp count = Call("GET", "/api/v1/me/notifications/unread-count", "", frontdesk_, "");
  ASSERT_EQ(count.status, 200);
  EXPECT_EQ(count.Json().at("count").as_int64(), 1);
  Resp list = Call("GET", "/api/v1/me/notifications?unread=true", "", frontdesk_, "");
  ASSERT_EQ(list.status, 200) << list.body;
  const auto list_json = list.Json();
  const auto& note = list_json.at("items").at(0).as_object();
  EXPECT_EQ(note.at("kind"), "task");
  EXPECT_EQ(note.at("title"), "核对今日预约");
  EXPECT_EQ(note.at("link").as_string(), "/tasks/" + std::to_string(id));
  EXPECT_TRUE(note.at("read_at").is_null());
  EXPECT_EQ(list.Json().at("unread").as_int64(), 1);

  const std::string note_id = std::to_string(note.at("id").as_int64());
  // Someone else's notification does not exist for them.
  EXPECT_EQ(Call("POST", "/api/v1/me/notifications/" + note_id + "/read", "", consultant_, "")
                .ErrorCode(),
            "notification.not_found");
  EXPECT_EQ(
      Call("POST", "/api/v1/me/notifications/" + note_id + "/read", "", frontdesk_, "").status,
      204);
  EXPECT_EQ(Call("GET", "/api/v1/me/notifications/unread-count", "", frontdesk_, "")
                .Json()
                .at("count")
                .as_int64(),
            0);

  // Reassigning notifies the next person; read-all clears the badge.
  const int64_t consultant = UserId(consultant_);
  Resp moved = Call("POST", "/api/v1/tasks/" + std::to_string(id) + "/reassign",
                    R"({"user_id":)" + std::to_string(consultant) + "}", frontdesk_);
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.Json().at("assignee_id").as_int64(), consultant);
  Resp all = Call("POST", "/api/v1/me/notifications/read-all", "", consultant_, "");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.Json().at("updated").as_int64(), 1);

  // The manager's list of the branch's tasks; plain staff may not call it.
  Resp managed =
      Call("GET", "/api/v1/tasks?assignee_id=" + std::to_string(consultant), "", manager_, "");
  ASSERT_EQ(managed.status, 200) << managed.body;
  EXPECT_EQ(managed.Json().at("items").as_array().size(), 1u);
  Resp refused = Call("GET", "/api/v1/tasks", "", consultant_, "");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.ErrorCode(), "auth.forbidden");
}

TEST_P(TasksApiTest, BadTaskInputIsRefusedByFieldAndWritesNothing) {
  const int64_t frontdesk = UserId(frontdesk_);
  const int64_t tasks = CountRows("tasks");
  const int64_t notes = CountRows("notifications");
  const int64_t audit = CountRows("audit_log");
  struct Case {
    std::string body;
    int status;
    std::string code, field;
  };
  const std::vector<Case> cases = {
      {R"({})", 422, "task.invalid", "title"},
      {R"({"title":42})", 422, "task.invalid", "title"},
      {R"({"title":""})", 422, "task.invalid", "title"},
      {R"({"title":")" + std::string(201, 'x') + R"("})", 422, "task.invalid", "title"},
      {R"({"title":"ok","body":)" + std::string("[1]") + "}", 422, "task.invalid", "body"},
      {R"({"title":"ok","due_at":"tomorrow"})", 422, "task.invalid", "due_at"},
      {R"({"title":"ok","assignee_id":"two"})", 422, "task.invalid", "assignee_id"},
      {R"({"title":"ok","assignee_id":-3})", 422, "task.invalid", "assignee_id"},
      {R"({"title":"ok","record_id":5})", 422, "task.invalid", "entity"},
      {R"({"title":"ok","entity":"customer"})", 422, "task.invalid", "record_id"},
      {R"({"title":"ok","entity":"Robert'); DROP TABLE tasks;--","record_id":1})", 422,
       "task.invalid", "entity"},
      {R"({"title":"ok","assignee_id":)" + std::to_string(frontdesk) + "}", 403, "task.forbidden",
       ""},
      {R"({"title":"ok"})" + std::string("garbage"), 400, "request.invalid_json", ""},
  };
  for (const auto& c : cases) {
    Resp r = Call("POST", "/api/v1/tasks", c.body, consultant_);
    EXPECT_EQ(r.status, c.status) << c.body.substr(0, 80) << " " << r.body;
    EXPECT_EQ(r.ErrorCode(), c.code) << c.body.substr(0, 80);
    EXPECT_EQ(Field(r), c.field) << c.body.substr(0, 80);
  }
  Resp unknown = Call("POST", "/api/v1/tasks", R"({"title":"ok","assignee_id":987654})", manager_);
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(unknown.ErrorCode(), "task.unknown_assignee");
  EXPECT_EQ(CountRows("tasks"), tasks);
  EXPECT_EQ(CountRows("notifications"), notes);
  EXPECT_EQ(CountRows("audit_log"), audit);
}

TEST_P(TasksApiTest, BadParametersAndActionsAnswerExactCodes) {
  Resp created = Call("POST", "/api/v1/tasks", R"({"title":"自己的"})", consultant_);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string path = "/api/v1/tasks/" + std::to_string(created.Json().at("id").as_int64());
  const int64_t audit = CountRows("audit_log");

  struct Case {
    std::string method, target, body;
    int status;
    std::string code, field;
  };
  const std::vector<Case> cases = {
      {"GET", "/api/v1/me/tasks?limit=0", "", 422, "task.invalid", "limit"},
      {"GET", "/api/v1/me/tasks?limit=201", "", 422, "task.invalid", "limit"},
      {"GET", "/api/v1/me/tasks?status=late", "", 422, "task.invalid", "status"},
      {"GET", "/api/v1/me/tasks?cursor=abc", "", 422, "task.invalid", "cursor"},
      {"GET", "/api/v1/me/tasks?include_snoozed=yes", "", 422, "task.invalid", "include_snoozed"},
      {"GET", "/api/v1/tasks?assignee_id=x", "", 422, "task.invalid", "assignee_id"},
      {"GET", "/api/v1/me/notifications?unread=maybe", "", 422, "notification.invalid", "unread"},
      {"GET", "/api/v1/me/notifications?cursor=-1", "", 422, "notification.invalid", "cursor"},
      {"GET", "/api/v1/tasks/abc", "", 404, "task.not_found", ""},
      {"GET", "/api/v1/tasks/987654", "", 404, "task.not_found", ""},
      {"POST", "/api/v1/tasks/987654/done", "", 404, "task.not_found", ""},
      {"POST", path + "/done", R"({"version":"1"})", 422, "task.invalid", "version"},
      {"POST", path + "/snooze", R"({})", 422, "task.invalid", "until"},
      {"POST", path + "/snooze", R"({"until":"2001-01-01T00:00:00Z"})", 422, "task.invalid",
       "until"},
      {"POST", path + "/snooze", R"({"until":"2999-01-01T00:00:00Z"})", 422, "task.invalid",
       "until"},
      {"POST", path + "/reassign", R"({})", 422, "task.invalid", "user_id"},
      {"POST", path + "/reassign", R"({"user_id":987654})", 422, "task.unknown_assignee",
       "user_id"},
      {"POST", "/api/v1/me/notifications/abc/read", "", 404, "notification.not_found", ""},
      {"POST", "/api/v1/me/notifications/987654/read", "", 404, "notification.not_found", ""},
  };
  for (const auto& c : cases) {
    Resp r =
        Call(c.method, c.target, c.body,
             c.method == "GET" && c.target.find("/api/v1/tasks?") == 0 ? manager_ : consultant_,
             c.body.empty() ? "" : "application/json");
    EXPECT_EQ(r.status, c.status) << c.method << " " << c.target << " " << r.body;
    EXPECT_EQ(r.ErrorCode(), c.code) << c.target;
    EXPECT_EQ(Field(r), c.field) << c.target;
  }
  EXPECT_EQ(CountRows("audit_log"), audit);
  Resp still = Call("GET", path, "", consultant_, "");
  EXPECT_EQ(still.Json().at("version").as_int64(), 1);
  EXPECT_TRUE(still.Json().at("snoozed_until").is_null());
}

TEST_P(TasksApiTest, TheRoutesAreInTheApiDocument) {
  Resp doc = Call("GET", "/api/v1/openapi.json", "", {}, "");
  ASSERT_EQ(doc.status, 200);
  const auto json = doc.Json();
  const auto& paths = json.at("paths").as_object();
  for (const char* p :
       {"/api/v1/me/tasks", "/api/v1/tasks", "/api/v1/tasks/{id}", "/api/v1/tasks/{id}/done",
        "/api/v1/tasks/{id}/reopen", "/api/v1/tasks/{id}/snooze", "/api/v1/tasks/{id}/reassign",
        "/api/v1/me/notifications", "/api/v1/me/notifications/unread-count",
        "/api/v1/me/notifications/{id}/read", "/api/v1/me/notifications/read-all"}) {
    EXPECT_TRUE(paths.contains(p)) << p;
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, TasksApiTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::test
