#include "platform/access/audit.h"

#include <thread>

#include "unit/platform/access/access_fixture.h"

namespace peony::access::testing {
namespace {

class AuditTest : public AccessTest {
 protected:
  void Append(int n) {
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(AppendAudit(*db_, clock_,
                              AuditEvent{org_id_,
                                         1,
                                         "admin",
                                         "test.event",
                                         "thing",
                                         std::to_string(i),
                                         "127.0.0.1",
                                         {{"i", i}}})
                      .ok());
      clock_.Advance(1);
    }
  }
  int64_t LastSeq() {
    auto r = db_->Read([](storage::Conn& c) { return c.Query("SELECT MAX(seq) FROM audit_log"); });
    return r.ok() ? r->Int(0, 0) : -1;
  }
  void Exec(const std::string& sql) {
    ASSERT_TRUE(db_->Write([&](storage::Conn& c) { return c.Exec(sql); }).ok()) << sql;
  }
};

TEST_P(AuditTest, AnUntouchedChainVerifies) {
  Append(20);
  auto report = VerifyAudit(*db_);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->reason;
  EXPECT_EQ(report->checked, LastSeq());
}

TEST_P(AuditTest, AnEditedEntryIsNamed) {
  Append(10);
  Exec("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 5");
  auto report = VerifyAudit(*db_);
  ASSERT_TRUE(report.ok());
  ASSERT_FALSE(report->ok());
  EXPECT_EQ(*report->first_broken, 5);
  EXPECT_EQ(report->checked, 4);
}

TEST_P(AuditTest, ARecomputedHashBreaksTheNextLink) {
  Append(10);
  // An attacker who edits a row and its own hash still breaks the following entry's prev_hash.
  Exec("UPDATE audit_log SET hash = 'ffff' WHERE seq = 6");
  auto report = VerifyAudit(*db_);
  ASSERT_TRUE(report.ok());
  ASSERT_FALSE(report->ok());
  EXPECT_EQ(*report->first_broken, 6);
}

TEST_P(AuditTest, ARemovedEntryIsNamed) {
  Append(10);
  Exec("DELETE FROM audit_log WHERE seq = 3");
  auto report = VerifyAudit(*db_);
  ASSERT_TRUE(report.ok());
  ASSERT_FALSE(report->ok());
  EXPECT_EQ(*report->first_broken, 3);
}

TEST_P(AuditTest, RemovingTheNewestEntriesIsDetected) {
  Append(10);
  const int64_t last = LastSeq();
  Exec("DELETE FROM audit_log WHERE seq = " + std::to_string(last));
  auto report = VerifyAudit(*db_);
  ASSERT_TRUE(report.ok());
  ASSERT_FALSE(report->ok());
  EXPECT_EQ(*report->first_broken, last);
}

TEST_P(AuditTest, ConcurrentAppendsKeepOneUnbrokenChain) {
  const int64_t before = LastSeq();
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        EXPECT_TRUE(AppendAudit(*db_, clock_,
                                AuditEvent{org_id_,
                                           std::nullopt,
                                           "system",
                                           "test.concurrent",
                                           "",
                                           std::to_string(t * 100 + i),
                                           "",
                                           {}})
                        .ok());
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(LastSeq(), before + 200);
  auto report = VerifyAudit(*db_);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->reason;
}

TEST_P(AuditTest, SignInsAndFailuresAreRecorded) {
  ASSERT_TRUE(sessions_->Login("admin", kAdminPassword, "10.0.0.1").ok());
  ASSERT_FALSE(sessions_->Login("admin", "Wrong-pass-1", "10.0.0.1").ok());
  ASSERT_FALSE(sessions_->Login("ghost", "Wrong-pass-1", "10.0.0.1").ok());
  auto entries = ListAudit(*db_, org_id_, 0, 10);
  ASSERT_TRUE(entries.ok());
  ASSERT_GE(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].action, "auth.login_failed");
  EXPECT_EQ((*entries)[0].detail.at("reason").as_string(), "wrong_password");
  EXPECT_EQ((*entries)[1].action, "auth.login");
  EXPECT_EQ((*entries)[1].ip, "10.0.0.1");
  // The unknown user's attempt belongs to no organisation but is in the chain.
  auto all = db_->Read([](storage::Conn& c) {
    return c.Query(
        "SELECT COUNT(*) FROM audit_log WHERE org_id IS NULL AND "
        "action = 'auth.login_failed'");
  });
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->Int(0, 0), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, AuditTest, ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::access::testing
