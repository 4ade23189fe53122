// The Inbox: lists and their order, done / reopen / snooze / reassign, who sees and who may act,
// and the refusals that write nothing.
#include "platform/tasks/inbox.h"

#include "unit/platform/tasks/tasks_fixture.h"

namespace peony::tasks::testing {
namespace {

constexpr int64_t kHour = 3600 * 1000;
constexpr int64_t kDay = 24 * kHour;

class TaskInboxTest : public TasksTest {
 protected:
  std::vector<std::string> Titles(const Result<TaskPage>& page) {
    if (!page.ok()) return {"error:" + page.error().code};
    std::vector<std::string> out;
    for (const auto& t : page->items) out.push_back(t.title);
    return out;
  }
  TaskInput Due(std::string title, std::optional<UtcMillis> due) {
    TaskInput in = Titled(std::move(title));
    in.due_at = due;
    return in;
  }
  int64_t AuditCount(const std::string& action) {
    return Query("SELECT COUNT(*) FROM audit_log WHERE action = ?", {action});
  }
};

TEST_P(TaskInboxTest, MyOpenTasksComeDueFirstThenUndatedAndPageWithoutRepeats) {
  const UtcMillis now = clock_.Now();
  MustCreate(consultant_, Due("无期限 A", std::nullopt));
  MustCreate(consultant_, Due("后天", now + 2 * kDay));
  MustCreate(consultant_, Due("昨天", now - kDay));
  MustCreate(consultant_, Due("无期限 B", std::nullopt));
  MustCreate(consultant_, Due("明天", now + kDay));
  const Task done = MustCreate(consultant_, Due("已完成", now));
  ASSERT_TRUE(inbox_->Done(consultant_, "", done.id, std::nullopt).ok());
  MustCreate(frontdesk_, Due("别人的", now));

  TaskQuery q;
  auto all = inbox_->MyTasks(consultant_, q);
  EXPECT_EQ(Titles(all),
            (std::vector<std::string>{"昨天", "明天", "后天", "无期限 A", "无期限 B"}));
  EXPECT_EQ(all->total, 5);
  EXPECT_TRUE(all->items[0].Overdue(now));
  EXPECT_FALSE(all->items[1].Overdue(now));
  EXPECT_FALSE(all->next_cursor.has_value());

  q.limit = 2;
  std::vector<std::string> paged;
  for (int i = 0; i < 5; ++i) {
    auto page = inbox_->MyTasks(consultant_, q);
    ASSERT_TRUE(page.ok()) << CodeOf(page);
    EXPECT_EQ(page->total, 5);
    for (const auto& t : page->items) paged.push_back(t.title);
    if (!page->next_cursor) break;
    q.cursor = *page->next_cursor;
  }
  EXPECT_EQ(paged, Titles(all));

  TaskQuery done_q;
  done_q.status = "done";
  EXPECT_EQ(Titles(inbox_->MyTasks(consultant_, done_q)), (std::vector<std::string>{"已完成"}));
  done_q.status = "all";
  EXPECT_EQ(inbox_->MyTasks(consultant_, done_q)->total, 6);
}

TEST_P(TaskInboxTest, BadListParametersAreRefusedByName) {
  const std::vector<std::pair<std::function<void(TaskQuery&)>, std::string>> cases = {
      {[](TaskQuery& q) { q.status = "bogus"; }, "status"},
      {[](TaskQuery& q) { q.limit = 0; }, "limit"},
      {[](TaskQuery& q) { q.limit = 201; }, "limit"},
      {[](TaskQuery& q) { q.cursor = "17"; }, "cursor"},
      {[](TaskQuery& q) { q.cursor = "n.abc"; }, "cursor"},
      {[](TaskQuery& q) { q.cursor = "x.5"; }, "cursor"},
      {[](TaskQuery& q) { q.cursor = "n.-3"; }, "cursor"},
  };
  for (const auto& [change, field] : cases) {
    TaskQuery q;
    change(q);
    auto r = inbox_->MyTasks(consultant_, q);
    EXPECT_EQ(CodeOf(r), "task.invalid") << field;
    EXPECT_EQ(FieldOf(r), field);
  }
  auto n = inbox_->MyNotifications(consultant_, false, 0, "");
  EXPECT_EQ(CodeOf(n), "notification.invalid");
  EXPECT_EQ(FieldOf(n), "limit");
  EXPECT_EQ(FieldOf(inbox_->MyNotifications(consultant_, false, 10, "abc")), "cursor");
  EXPECT_EQ(CodeOf(inbox_->ListTasks(consultant_, TaskQuery{})), "task.forbidden");
}

TEST_P(TaskInboxTest, DoneAndReopenAreGuardedByTheVersion) {
  const Task t = MustCreate(consultant_, Titled("回访王女士"));
  auto stale = inbox_->Done(consultant_, "", t.id, t.version + 1);
  EXPECT_EQ(CodeOf(stale), "task.version_conflict");
  EXPECT_EQ(inbox_->Get(consultant_, t.id)->status, "open");

  clock_.Advance(kHour);
  auto done = inbox_->Done(consultant_, "", t.id, t.version);
  ASSERT_TRUE(done.ok()) << CodeOf(done);
  EXPECT_EQ(done->status, "done");
  EXPECT_EQ(done->done_at, clock_.Now());
  EXPECT_EQ(done->version, t.version + 1);
  EXPECT_EQ(AuditCount("task.done"), 1);

  auto twice = inbox_->Done(consultant_, "", t.id, std::nullopt);  // no change, no audit
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(twice->version, done->version);
  EXPECT_EQ(AuditCount("task.done"), 1);
  EXPECT_EQ(CodeOf(inbox_->Reopen(consultant_, "", t.id, t.version)), "task.version_conflict");

  auto reopened = inbox_->Reopen(consultant_, "", t.id, done->version);
  ASSERT_TRUE(reopened.ok()) << CodeOf(reopened);
  EXPECT_EQ(reopened->status, "open");
  EXPECT_EQ(reopened->done_at, std::nullopt);
  EXPECT_EQ(AuditCount("task.reopen"), 1);
  EXPECT_EQ(AuditCount("task.create"), 1);

  // A cancelled task (rules cancel them) cannot be done, only reopened.
  Exec("UPDATE tasks SET status = 'cancelled' WHERE id = ?", {t.id});
  auto cancelled = inbox_->Done(consultant_, "", t.id, std::nullopt);
  EXPECT_EQ(CodeOf(cancelled), "task.invalid");
  EXPECT_EQ(FieldOf(cancelled), "status");
  EXPECT_EQ(inbox_->Reopen(consultant_, "", t.id, std::nullopt)->status, "open");
}

TEST_P(TaskInboxTest, ASnoozedTaskLeavesTheInboxUntilItsTime) {
  const Task t = MustCreate(consultant_, Titled("下周再联系"));
  const UtcMillis now = clock_.Now();
  for (UtcMillis bad : {now - 1, now, now + 90 * kDay + 1}) {
    auto r = inbox_->Snooze(consultant_, "", t.id, bad, std::nullopt);
    EXPECT_EQ(CodeOf(r), "task.invalid");
    EXPECT_EQ(FieldOf(r), "until");
  }
  EXPECT_EQ(inbox_->Get(consultant_, t.id)->version, t.version);  // nothing written

  auto snoozed = inbox_->Snooze(consultant_, "", t.id, now + 2 * kDay, t.version);
  ASSERT_TRUE(snoozed.ok()) << CodeOf(snoozed);
  EXPECT_EQ(snoozed->snoozed_until, now + 2 * kDay);
  EXPECT_TRUE(inbox_->MyTasks(consultant_, TaskQuery{})->items.empty());
  TaskQuery with;
  with.include_snoozed = true;
  EXPECT_EQ(inbox_->MyTasks(consultant_, with)->items.size(), 1u);

  clock_.Advance(2 * kDay);
  EXPECT_EQ(Titles(inbox_->MyTasks(consultant_, TaskQuery{})),
            (std::vector<std::string>{"下周再联系"}));

  ASSERT_TRUE(inbox_->Done(consultant_, "", t.id, std::nullopt).ok());
  auto closed = inbox_->Snooze(consultant_, "", t.id, clock_.Now() + kDay, std::nullopt);
  EXPECT_EQ(CodeOf(closed), "task.invalid");
  EXPECT_EQ(FieldOf(closed), "status");
}

TEST_P(TaskInboxTest, OthersSeeATaskOnlyAsCreatorOrManagerInScope) {
  const Task t = MustCreate(consultant_, Titled("给客户回电"));
  EXPECT_EQ(CodeOf(inbox_->Get(marketing_, t.id)), "task.not_found");
  EXPECT_EQ(CodeOf(inbox_->Done(marketing_, "", t.id, std::nullopt)), "task.not_found");
  EXPECT_EQ(CodeOf(inbox_->Get(consultant_, 987654)), "task.not_found");
  // A manager of another branch does not see it either.
  auto pd_manager = Person("marketing", {"tasks.manage"}, access::Scope::kBranch);
  EXPECT_EQ(CodeOf(inbox_->Get(pd_manager, t.id)), "task.not_found");
  // The HQ manager does, and may act on it.
  ASSERT_TRUE(inbox_->Get(manager_, t.id).ok());
  auto by_manager = inbox_->Snooze(manager_, "", t.id, clock_.Now() + kDay, std::nullopt);
  ASSERT_TRUE(by_manager.ok()) << CodeOf(by_manager);

  // The creator keeps seeing a task they gave away, but may not act on it any more.
  auto given = inbox_->Reassign(consultant_, "", t.id, frontdesk_.user_id, std::nullopt);
  ASSERT_TRUE(given.ok()) << CodeOf(given);
  EXPECT_EQ(given->assignee_id, frontdesk_.user_id);
  EXPECT_EQ(given->snoozed_until, std::nullopt);
  ASSERT_TRUE(inbox_->Get(consultant_, t.id).ok());
  EXPECT_EQ(CodeOf(inbox_->Done(consultant_, "", t.id, std::nullopt)), "task.forbidden");
  EXPECT_EQ(CodeOf(inbox_->Reassign(consultant_, "", t.id, consultant_.user_id, std::nullopt)),
            "task.forbidden");
  EXPECT_EQ(inbox_->Get(frontdesk_, t.id)->status, "open");
}

TEST_P(TaskInboxTest, TasksForOthersNeedTasksManageWithinScope) {
  const int64_t tasks = Count("tasks");
  auto plain = inbox_->Create(consultant_, "", Titled("替前台建", frontdesk_.user_id));
  EXPECT_EQ(CodeOf(plain), "task.forbidden");
  auto other_branch = inbox_->Create(manager_, "", Titled("跨店", marketing_.user_id));
  EXPECT_EQ(CodeOf(other_branch), "task.forbidden");
  auto unknown = inbox_->Create(manager_, "", Titled("无此人", 987654));
  EXPECT_EQ(CodeOf(unknown), "task.unknown_assignee");
  EXPECT_EQ(FieldOf(unknown), "assignee_id");
  Exec("UPDATE users SET status = 'disabled' WHERE username = 'nurse'");
  EXPECT_EQ(CodeOf(inbox_->Create(manager_, "", Titled("已停用", UserId("nurse")))),
            "task.unknown_assignee");
  EXPECT_EQ(Count("tasks"), tasks);
  EXPECT_EQ(Count("notifications"), 0);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'task.%'"), 0);

  const Task t = MustCreate(manager_, Titled("核对今日预约", frontdesk_.user_id));
  EXPECT_EQ(t.assignee_id, frontdesk_.user_id);
  EXPECT_EQ(t.created_by, manager_.user_id);
  EXPECT_EQ(t.branch_id, hq_);
  EXPECT_EQ(inbox_->UnreadCount(frontdesk_).value(), 1);
  EXPECT_EQ(inbox_->UnreadCount(manager_).value(), 0);
  // The admin (tasks.manage over everything) may assign across branches.
  EXPECT_EQ(MustCreate(admin_, Titled("浦东活动", marketing_.user_id)).branch_id, pd_);
}

TEST_P(TaskInboxTest, ReassigningNotifiesTheNewAssigneeAndMovesTheBranch) {
  const Task t = MustCreate(consultant_, Titled("术后回访"));
  // A manager hands it on only within their branch.
  EXPECT_EQ(CodeOf(inbox_->Reassign(manager_, "", t.id, marketing_.user_id, std::nullopt)),
            "task.forbidden");
  auto unknown = inbox_->Reassign(manager_, "", t.id, 987654, std::nullopt);
  EXPECT_EQ(CodeOf(unknown), "task.unknown_assignee");
  EXPECT_EQ(FieldOf(unknown), "user_id");
  EXPECT_EQ(CodeOf(inbox_->Reassign(manager_, "", t.id, frontdesk_.user_id, t.version + 3)),
            "task.version_conflict");
  EXPECT_EQ(inbox_->Get(consultant_, t.id)->assignee_id, consultant_.user_id);
  EXPECT_EQ(Count("notifications"), 1);  // only the creation's

  auto to_frontdesk = inbox_->Reassign(manager_, "", t.id, frontdesk_.user_id, t.version);
  ASSERT_TRUE(to_frontdesk.ok()) << CodeOf(to_frontdesk);
  EXPECT_EQ(to_frontdesk->assignee_name, "陈晓雨");
  auto notes = inbox_->MyNotifications(frontdesk_, true, 10, "");
  ASSERT_EQ(notes->items.size(), 1u);
  EXPECT_EQ(notes->items[0].link, "/tasks/" + std::to_string(t.id));
  EXPECT_EQ(AuditCount("task.reassign"), 1);

  // The assignee may hand it to anyone in the organisation; it moves to their branch.
  auto to_pd = inbox_->Reassign(frontdesk_, "", t.id, marketing_.user_id, std::nullopt);
  ASSERT_TRUE(to_pd.ok()) << CodeOf(to_pd);
  EXPECT_EQ(to_pd->branch_id, pd_);
  EXPECT_EQ(CodeOf(inbox_->Get(manager_, t.id)), "task.not_found");
  EXPECT_EQ(inbox_->UnreadCount(marketing_).value(), 1);

  ASSERT_TRUE(inbox_->Done(marketing_, "", t.id, std::nullopt).ok());
  auto closed = inbox_->Reassign(marketing_, "", t.id, frontdesk_.user_id, std::nullopt);
  EXPECT_EQ(CodeOf(closed), "task.invalid");
  EXPECT_EQ(FieldOf(closed), "status");
}

TEST_P(TaskInboxTest, TheManagerListIsNarrowedToTheirScope) {
  MustCreate(consultant_, Titled("HQ 咨询"));
  MustCreate(frontdesk_, Titled("HQ 前台"));
  MustCreate(marketing_, Titled("PD 市场"));
  TaskQuery q;
  auto hq = inbox_->ListTasks(manager_, q);
  ASSERT_TRUE(hq.ok()) << CodeOf(hq);
  EXPECT_EQ(Titles(hq), (std::vector<std::string>{"HQ 咨询", "HQ 前台"}));
  EXPECT_EQ(inbox_->ListTasks(admin_, q)->total, 3);
  q.assignee_id = frontdesk_.user_id;
  EXPECT_EQ(Titles(inbox_->ListTasks(manager_, q)), (std::vector<std::string>{"HQ 前台"}));
  q.assignee_id = marketing_.user_id;
  EXPECT_TRUE(inbox_->ListTasks(manager_, q)->items.empty());
}

TEST_P(TaskInboxTest, ATaskAboutARecordNeedsARecordTheCallerMayRead) {
  Define(R"({"name":"customer","label":"客户","fields":[
      {"name":"name","label":"姓名","type":"text","required":true}]})");
  auto rec =
      records_->Create(As(admin_), "customer", records::testing::Obj(R"({"name":"王丽华"})"));
  ASSERT_TRUE(rec.ok()) << CodeOf(rec);
  const int64_t record_id = rec->at("id").as_int64();

  TaskInput in = Titled("回访王女士");
  in.entity = "customer";
  in.record_id = record_id;
  auto r = inbox_->Create(consultant_, "", in);  // no data.customer.read
  EXPECT_EQ(CodeOf(r), "task.invalid");
  EXPECT_EQ(FieldOf(r), "record_id");
  in.entity = "nothing_here";
  EXPECT_EQ(FieldOf(inbox_->Create(admin_, "", in)), "entity");
  in.entity = "customer";
  in.record_id = record_id + 1000;
  EXPECT_EQ(FieldOf(inbox_->Create(admin_, "", in)), "record_id");
  in.record_id = std::nullopt;
  EXPECT_EQ(FieldOf(inbox_->Create(admin_, "", in)), "record_id");
  EXPECT_EQ(Count("tasks"), 0);

  in.record_id = record_id;
  const Task t = MustCreate(admin_, in);
  EXPECT_EQ(t.entity, "customer");
  EXPECT_EQ(t.record_id, record_id);
  // A 200-character title counts characters, not bytes.
  std::string long_title;
  for (int i = 0; i < 200; ++i) long_title += "回";
  EXPECT_TRUE(inbox_->Create(admin_, "", Titled(long_title)).ok());
  EXPECT_EQ(FieldOf(inbox_->Create(admin_, "", Titled(long_title + "访"))), "title");
}

TEST_P(TaskInboxTest, NotificationsPageNewestFirstAndAreReadByTheirOwnerOnly) {
  for (int i = 0; i < 5; ++i) {
    NewNotification n;
    n.org_id = org_id_;
    n.user_id = frontdesk_.user_id;
    n.title = "消息 " + std::to_string(i);
    ASSERT_TRUE(db_->Write([&](storage::Conn& c) { return NotifyInTx(c, clock_, n); }).ok());
  }
  auto first = inbox_->MyNotifications(frontdesk_, false, 2, "");
  ASSERT_TRUE(first.ok()) << CodeOf(first);
  ASSERT_EQ(first->items.size(), 2u);
  EXPECT_EQ(first->items[0].title, "消息 4");
  EXPECT_EQ(first->unread, 5);
  ASSERT_TRUE(first->next_cursor.has_value());
  auto second = inbox_->MyNotifications(frontdesk_, false, 10, *first->next_cursor);
  ASSERT_EQ(second->items.size(), 3u);
  EXPECT_EQ(second->items[2].title, "消息 0");
  EXPECT_FALSE(second->next_cursor.has_value());

  const int64_t newest = first->items[0].id;
  EXPECT_EQ(CodeOf(inbox_->MarkRead(consultant_, newest)), "notification.not_found");
  EXPECT_EQ(CodeOf(inbox_->MarkRead(frontdesk_, 987654)), "notification.not_found");
  EXPECT_EQ(inbox_->UnreadCount(frontdesk_).value(), 5);
  ASSERT_TRUE(inbox_->MarkRead(frontdesk_, newest).ok());
  ASSERT_TRUE(inbox_->MarkRead(frontdesk_, newest).ok());  // again: no change
  EXPECT_EQ(inbox_->UnreadCount(frontdesk_).value(), 4);
  auto unread = inbox_->MyNotifications(frontdesk_, true, 50, "");
  EXPECT_EQ(unread->items.size(), 4u);
  EXPECT_EQ(inbox_->MarkAllRead(consultant_).value(), 0);
  EXPECT_EQ(inbox_->MarkAllRead(frontdesk_).value(), 4);
  EXPECT_EQ(inbox_->UnreadCount(frontdesk_).value(), 0);
  EXPECT_TRUE(inbox_->MyNotifications(frontdesk_, false, 50, "")->items[0].read_at.has_value());
}

INSTANTIATE_TEST_SUITE_P(Engines, TaskInboxTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::tasks::testing
