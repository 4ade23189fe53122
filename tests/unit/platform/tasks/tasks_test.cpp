// CreateTaskInTx and NotifyInTx: what the rules engine calls inside its own transaction.
#include "platform/tasks/tasks.h"

#include <thread>

#include "unit/platform/tasks/tasks_fixture.h"

namespace peony::tasks::testing {
namespace {

class TaskWritesTest : public TasksTest {
 protected:
  NewTask RuleTask(int64_t assignee, std::string key) {
    NewTask t;
    t.org_id = org_id_;
    t.assignee_id = assignee;
    t.title = "年度复查：王丽华";
    t.body = "热玛吉治疗满一年，请联系客户预约复查";
    t.due_at = clock_.Now() + 3600 * 1000;
    t.rule_id = 7;
    t.source_key = std::move(key);
    return t;
  }
  Result<std::optional<int64_t>> Create(const NewTask& t) {
    return db_->Write([&](storage::Conn& c) -> Result<std::optional<int64_t>> {
      return CreateTaskInTx(c, clock_, t);
    });
  }
  Result<std::optional<int64_t>> Notify(const NewNotification& n) {
    return db_->Write([&](storage::Conn& c) -> Result<std::optional<int64_t>> {
      return NotifyInTx(c, clock_, n);
    });
  }
};

TEST_P(TaskWritesTest, ARuleTaskIsWrittenOnceAndNotifiesItsAssignee) {
  const int64_t consultant = consultant_.user_id;
  auto first = Create(RuleTask(consultant, "rule:7:rec:42:at:2027-11-22"));
  ASSERT_TRUE(first.ok()) << CodeOf(first);
  ASSERT_TRUE(first->has_value());
  const int64_t id = **first;

  auto task = inbox_->Get(consultant_, id);
  ASSERT_TRUE(task.ok()) << CodeOf(task);
  EXPECT_EQ(task->status, "open");
  EXPECT_EQ(task->assignee_name, "林嘉怡");
  EXPECT_EQ(task->branch_id, hq_);  // the assignee's branch when the rule names none
  EXPECT_EQ(task->rule_id, 7);
  EXPECT_EQ(task->created_by, std::nullopt);
  EXPECT_EQ(task->version, 1);

  auto page = inbox_->MyNotifications(consultant_, false, 50, "");
  ASSERT_TRUE(page.ok()) << CodeOf(page);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].kind, "task");
  EXPECT_EQ(page->items[0].title, "年度复查：王丽华");
  EXPECT_EQ(page->items[0].link, "/tasks/" + std::to_string(id));
  EXPECT_EQ(page->unread, 1);

  // The job runs again (a lost lease): nothing more is written.
  auto again = Create(RuleTask(consultant, "rule:7:rec:42:at:2027-11-22"));
  ASSERT_TRUE(again.ok()) << CodeOf(again);
  EXPECT_FALSE(again->has_value());
  EXPECT_EQ(Count("tasks"), 1);
  EXPECT_EQ(Count("notifications"), 1);

  // A rule may name the record's branch instead.
  NewTask other = RuleTask(consultant, "rule:7:rec:43:at:2027-11-22");
  other.branch_id = pd_;
  auto second = Create(other);
  ASSERT_TRUE(second.ok() && second->has_value()) << CodeOf(second);
  EXPECT_EQ(inbox_->Get(consultant_, **second)->branch_id, pd_);
}

TEST_P(TaskWritesTest, BadRuleTasksAreRefusedAndWriteNothing) {
  const int64_t consultant = consultant_.user_id;
  Exec("UPDATE users SET status = 'disabled' WHERE username = 'nurse'");
  struct Case {
    std::function<void(NewTask&)> change;
    std::string code, field;
  };
  const std::vector<Case> cases = {
      {[](NewTask& t) { t.title = ""; }, "task.invalid", "title"},
      {[](NewTask& t) { t.title = std::string(201, 'x'); }, "task.invalid", "title"},
      {[](NewTask& t) { t.title = "两行\n标题"; }, "task.invalid", "title"},
      {[](NewTask& t) { t.title = "bad \xff utf8"; }, "task.invalid", "title"},
      {[](NewTask& t) { t.body = std::string(4001, 'b'); }, "task.invalid", "body"},
      {[](NewTask& t) { t.record_id = 5; }, "task.invalid", "entity"},
      {[](NewTask& t) {
         t.entity = "Bad-Name";
         t.record_id = 5;
       },
       "task.invalid", "entity"},
      {[](NewTask& t) {
         t.entity = "customer";
         t.record_id = -1;
       },
       "task.invalid", "record_id"},
      {[](NewTask& t) { t.source_key = std::string(201, 'k'); }, "task.invalid", "source_key"},
      {[](NewTask& t) { t.assignee_id = 987654; }, "task.unknown_assignee", "assignee_id"},
      {[&](NewTask& t) { t.assignee_id = UserId("nurse"); }, "task.unknown_assignee",
       "assignee_id"},
      {[&](NewTask& t) { t.org_id = org_id_ + 1; }, "task.unknown_assignee", "assignee_id"},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    NewTask t = RuleTask(consultant, "case:" + std::to_string(i));
    cases[i].change(t);
    auto r = Create(t);
    EXPECT_EQ(CodeOf(r), cases[i].code) << "case " << i;
    EXPECT_EQ(FieldOf(r), cases[i].field) << "case " << i;
  }
  EXPECT_EQ(Count("tasks"), 0);
  EXPECT_EQ(Count("notifications"), 0);
}

TEST_P(TaskWritesTest, NotificationsAreCheckedAndWrittenOncePerSourceKey) {
  NewNotification n;
  n.org_id = org_id_;
  n.user_id = frontdesk_.user_id;
  n.kind = "rule";
  n.title = "规则执行失败";
  n.body = std::string(3000, 'x');
  n.link = "/rules/3";
  n.source_key = "rule:3:failed:1";
  auto first = Notify(n);
  ASSERT_TRUE(first.ok() && first->has_value()) << CodeOf(first);
  auto again = Notify(n);
  ASSERT_TRUE(again.ok()) << CodeOf(again);
  EXPECT_FALSE(again->has_value());
  auto page = inbox_->MyNotifications(frontdesk_, false, 50, "");
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].body.size(), 1000u);  // long bodies are cut, not refused

  struct Case {
    std::function<void(NewNotification&)> change;
    std::string field;
  };
  const std::vector<Case> cases = {
      {[](NewNotification& x) { x.link = "//evil.example/x"; }, "link"},
      {[](NewNotification& x) { x.link = "https://evil.example/"; }, "link"},
      {[](NewNotification& x) { x.link = "/tasks/1 onclick"; }, "link"},
      {[](NewNotification& x) { x.kind = "Bad Kind"; }, "kind"},
      {[](NewNotification& x) { x.title = ""; }, "title"},
      {[](NewNotification& x) { x.user_id = 987654; }, "user_id"},
      {[](NewNotification& x) { x.record_id = 4; }, "entity"},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    NewNotification x = n;
    x.source_key = "case:" + std::to_string(i);
    cases[i].change(x);
    auto r = Notify(x);
    EXPECT_EQ(CodeOf(r), "task.invalid") << "case " << i;
    EXPECT_EQ(FieldOf(r), cases[i].field) << "case " << i;
  }
  EXPECT_EQ(Count("notifications"), 1);
}

TEST_P(TaskWritesTest, WritersRacingOnOneSourceKeyWriteOneTask) {
  const int64_t consultant = consultant_.user_id;
  std::atomic<int> written{0}, skipped{0}, failed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      auto r = Create(RuleTask(consultant, "rule:1:rec:1:at:race"));
      if (!r.ok()) {
        ++failed;
      } else if (r->has_value()) {
        ++written;
      } else {
        ++skipped;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(written.load(), 1);
  EXPECT_EQ(skipped.load(), 3);
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(Count("tasks"), 1);
  EXPECT_EQ(Count("notifications"), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, TaskWritesTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::tasks::testing
