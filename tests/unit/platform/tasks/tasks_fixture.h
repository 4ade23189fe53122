// The records fixture (both engines, demo staff, a catalog) plus an Inbox and principals for the
// demo staff: admin, manager, frontdesk, consultant, nurse (branch HQ) and marketing (branch PD).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "platform/tasks/errors.h"
#include "platform/tasks/inbox.h"
#include "platform/tasks/tasks.h"
#include "unit/platform/records/records_fixture.h"

namespace peony::tasks::testing {

using storage::testing::CodeOf;

class TasksTest : public records::testing::RecordsTest {
 protected:
  void SetUp() override {
    RecordsTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    inbox_ = std::make_unique<Inbox>(*db_, clock_, catalog_.get());
    hq_ = Query("SELECT id FROM branches WHERE code = 'HQ'");
    pd_ = Query("SELECT id FROM branches WHERE code = 'PD'");
    admin_ = Person("admin", {"*"}, access::Scope::kAll);
    manager_ = Person("manager", {"tasks.manage"}, access::Scope::kBranch);
    consultant_ = Person("consultant", {}, access::Scope::kAll);
    frontdesk_ = Person("frontdesk", {}, access::Scope::kAll);
    marketing_ = Person("marketing", {}, access::Scope::kAll);
  }

  int64_t Query(std::string_view sql, const storage::Params& params = {}) {
    return storage::testing::QueryInt(*db_, sql, params);
  }
  // Runs a write statement in its own transaction; fails the test when it fails.
  void Exec(std::string_view sql, const storage::Params& params = {}) {
    auto r = db_->Write([&](storage::Conn& c) { return c.Exec(sql, params); });
    EXPECT_TRUE(r.ok()) << CodeOf(r) << " " << sql;
  }
  int64_t UserId(const std::string& username) {
    return Query("SELECT id FROM users WHERE username = ?", {username});
  }
  // A principal for a demo user, in that user's branch.
  access::Principal Person(const std::string& username, std::set<std::string> perms,
                           access::Scope scope) {
    const int64_t id = UserId(username);
    auto p = Principal(id, std::move(perms), scope,
                       Query("SELECT COALESCE(branch_id, 0) FROM users WHERE id = ?", {id}));
    p.username = username;
    return p;
  }
  int64_t Count(const std::string& table) { return Query("SELECT COUNT(*) FROM " + table); }

  // Creates a task through the Inbox and fails the test when that fails.
  Task MustCreate(const access::Principal& who, TaskInput in) {
    auto r = inbox_->Create(who, "127.0.0.1", in);
    EXPECT_TRUE(r.ok()) << CodeOf(r) << " " << (r.ok() ? "" : r.error().message_en);
    return r.ok() ? *r : Task{};
  }
  TaskInput Titled(std::string title, std::optional<int64_t> assignee = std::nullopt) {
    TaskInput in;
    in.title = std::move(title);
    in.assignee_id = assignee;
    return in;
  }
  // The field a task.invalid / notification.invalid error names.
  template <class T>
  static std::string FieldOf(const Result<T>& r) {
    if (r.ok() || !r.error().details.is_object()) return "";
    const auto& d = r.error().details.as_object();
    return d.contains("field") ? std::string(d.at("field").as_string()) : "";
  }

  std::unique_ptr<Inbox> inbox_;
  int64_t hq_ = 0, pd_ = 0;
  access::Principal manager_, consultant_, frontdesk_, marketing_;
};

}  // namespace peony::tasks::testing
