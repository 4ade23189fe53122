// The records fixture (both engines, demo staff) plus what applying a template needs: a directory,
// a job queue, an outbox and the rules engine.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "platform/jobs/jobs.h"
#include "platform/notify/outbox.h"
#include "platform/rules/rules.h"
#include "platform/templates/templates.h"
#include "unit/platform/records/records_fixture.h"

namespace peony::templates::testing {

using storage::testing::CodeOf;

class TemplatesTest : public records::testing::RecordsTest {
 protected:
  void SetUp() override {
    RecordsTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    directory_ = std::make_unique<access::Directory>(*db_, clock_);
    queue_ = std::make_unique<jobs::Queue>(*db_, clock_);
    outbox_ = std::make_unique<notify::Outbox>(*db_, clock_, *keys_, *queue_);
    rules_ = std::make_unique<rules::Rules>(*db_, *catalog_, *records_, *queue_, *outbox_, clock_);
    admin_.user_id = UserId("admin");
    admin_.username = "admin";
  }
  void TearDown() override {
    rules_.reset();  // unregisters from the records engine first
    outbox_.reset();
    queue_.reset();
  }

  Services Svc() { return Services{*db_, *catalog_, *directory_, *rules_, clock_}; }

  Template MustLoad(std::string_view name = kDefaultTemplate) {
    auto t = Load(name);
    EXPECT_TRUE(t.ok()) << CodeOf(t);
    return t.ok() ? *t : Template{};
  }
  ApplyReport MustApply(const Template& t) {
    auto r = Apply(Svc(), t, admin_);
    EXPECT_TRUE(r.ok()) << CodeOf(r) << " "
                        << (r.ok() ? ""
                                   : r.error().message_en + " " +
                                         boost::json::serialize(r.error().details));
    return r.ok() ? *r : ApplyReport{};
  }

  int64_t Query(std::string_view sql, const storage::Params& params = {}) {
    return storage::testing::QueryInt(*db_, sql, params);
  }
  int64_t UserId(const std::string& username) {
    return Query("SELECT id FROM users WHERE username = ?", {username});
  }
  int64_t CatalogVersion() {
    return Query("SELECT CAST(value AS BIGINT) FROM settings WHERE name = 'catalog_version'");
  }
  // The role's grants as "permission:scope", sorted.
  std::set<std::string> Grants(const std::string& role) {
    std::set<std::string> out;
    auto roles = directory_->ListRoles(org_id_);
    EXPECT_TRUE(roles.ok());
    if (!roles.ok()) return out;
    for (const auto& r : *roles) {
      if (r.name != role) continue;
      for (const auto& g : r.grants) out.insert(g.permission + ":" + g.scope);
    }
    return out;
  }

  std::unique_ptr<access::Directory> directory_;
  std::unique_ptr<jobs::Queue> queue_;
  std::unique_ptr<notify::Outbox> outbox_;
  std::unique_ptr<rules::Rules> rules_;
};

}  // namespace peony::templates::testing
