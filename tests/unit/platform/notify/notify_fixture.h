// A fresh database with the platform migrations and an organisation, a job queue, the outbox and
// the channel settings service wired to a scriptable fake provider, for outbox and channel tests on
// both engines. The clock starts at 2026-09-21 10:00 in Shanghai (outside the quiet hours).
#pragma once

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "platform/access/bootstrap.h"
#include "platform/jobs/jobs.h"
#include "platform/migrations.h"
#include "platform/notify/channels.h"
#include "platform/notify/outbox.h"
#include "storage/crypto/key_ring.h"
#include "storage/migrations/migrations.h"
#include "unit/storage/db_fixture.h"

namespace peony::notify::testing {

// Records every envelope and answers from a script (then "sent").
struct FakeProvider {
  std::mutex mu;
  std::vector<Envelope> sent;                // GUARDED_BY(mu)
  std::deque<Delivery> script;               // GUARDED_BY(mu)
  std::vector<boost::json::object> configs;  // configs adapters were built with; GUARDED_BY(mu)
  int built = 0;                             // GUARDED_BY(mu)

  void Answer(Delivery::Outcome outcome, std::string code = "", std::string message = "") {
    std::lock_guard lock(mu);
    script.push_back(Delivery{outcome, "", std::move(code), std::move(message)});
  }
  std::vector<Envelope> Sent() {
    std::lock_guard lock(mu);
    return sent;
  }

  AdapterFactory Factory() {
    return [this](std::string_view provider, const boost::json::object& config,
                  const Clock&) -> Result<std::unique_ptr<ChannelAdapter>> {
      if (ChannelOf(provider).empty()) {
        return MakeError(ErrorKind::kInvalidArgument, "notify.unknown_provider", "x", "x");
      }
      std::lock_guard lock(mu);
      configs.push_back(config);
      ++built;
      return std::unique_ptr<ChannelAdapter>(new Adapter(*this, std::string(provider)));
    };
  }

 private:
  class Adapter final : public ChannelAdapter {
   public:
    Adapter(FakeProvider& p, std::string provider) : p_(p), provider_(std::move(provider)) {}
    std::string_view provider() const override { return provider_; }
    Delivery Send(const Envelope& m) override {
      std::lock_guard lock(p_.mu);
      p_.sent.push_back(m);
      if (p_.script.empty()) {
        return Delivery{Delivery::Outcome::kSent, "fake-" + m.message_id, "", ""};
      }
      Delivery d = p_.script.front();
      p_.script.pop_front();
      if (d.outcome == Delivery::Outcome::kSent) d.provider_message_id = "fake-" + m.message_id;
      return d;
    }

   private:
    FakeProvider& p_;
    std::string provider_;
  };
};

inline boost::json::object Obj(std::string_view json) {
  return boost::json::parse(json).as_object();
}

class NotifyTest : public ::testing::TestWithParam<storage::testing::Engine> {
 protected:
  void SetUp() override {
    db_ = storage::testing::MakeTestDb(GetParam());
    if (!db_) GTEST_SKIP() << "engine not available";
    ASSERT_TRUE(storage::Migrate(*db_, platform::Migrations()).ok());
    access::BootstrapOptions o;
    o.admin_password = "Admin-pass-1";
    o.password_params = {1, 64, 1};
    auto r = access::Bootstrap(*db_, clock_, o);
    ASSERT_TRUE(r.ok()) << r.error().code;
    org_id_ = r->org_id;
    admin_.user_id = 1;
    admin_.org_id = org_id_;
    admin_.username = "admin";
    admin_.permissions = {"*"};
    queue_ = std::make_unique<jobs::Queue>(*db_, clock_);
    outbox_ = std::make_unique<Outbox>(*db_, clock_, keys_, *queue_, fake_.Factory());
    channels_ = std::make_unique<Channels>(*db_, clock_, keys_, fake_.Factory());
  }

  // Sets up `channel` with a provider of it and the given rate and quiet hours.
  void Configure(const std::string& channel, int64_t rate = 60, bool enabled = true) {
    ChannelInput in;
    in.provider = channel == "sms"     ? "tencent_sms"
                  : channel == "email" ? "smtp"
                  : channel == "wecom" ? "wecom"
                                       : "webhook";
    in.enabled = enabled;
    in.config = Obj(R"({"secret_id":"id","secret_key":"k","sdk_app_id":"1400","sign_name":"P"})");
    in.rate_per_minute = rate;
    auto s = channels_->Put(admin_, "127.0.0.1", channel, in);
    ASSERT_TRUE(s.ok()) << s.error().code;
  }

  OutgoingMessage Sms(std::string to = "+86 138-1234-5678") {
    OutgoingMessage m;
    m.org_id = org_id_;
    m.channel = "sms";
    m.to = std::move(to);
    m.body = "王丽华您好，您的年度复查时间到了。";
    m.template_id = "T100";
    m.params = {{"name", "王丽华"}};
    m.entity = "treatment";
    m.record_id = 42;
    m.rule_id = 7;
    return m;
  }

  int64_t Enqueue(const OutgoingMessage& m) {
    auto id = outbox_->Enqueue(m);
    EXPECT_TRUE(id.ok()) << (id.ok() ? "" : id.error().code);
    EXPECT_TRUE(id.ok() && id->has_value());
    return id.ok() && *id ? **id : 0;
  }

  jobs::RunStats RunDue() {
    auto r = queue_->RunDue();
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().code);
    return r.ok() ? *r : jobs::RunStats{};
  }

  std::string Text(const std::string& sql, const storage::Params& params = {}) {
    auto r = db_->Read([&](storage::Conn& c) -> Result<std::string> {
      PEONY_TRY(auto rows, c.Query(sql, params));
      if (rows.empty()) return std::string("<none>");
      return rows.Text(0, 0);
    });
    return r.ok() ? *r : "<error " + r.error().code + ">";
  }
  int64_t Int(const std::string& sql, const storage::Params& params = {}) {
    return storage::testing::QueryInt(*db_, sql, params);
  }
  std::string MessageStatus(int64_t id) {
    return Text("SELECT status FROM messages WHERE id = ?", {id});
  }

  ManualClock clock_{*ParseRfc3339("2026-09-21T10:00:00+08:00")};
  std::unique_ptr<storage::Db> db_;
  int64_t org_id_ = 0;
  storage::crypto::KeyRing keys_ = storage::crypto::KeyRing::Generate();
  access::Principal admin_;
  FakeProvider fake_;
  std::unique_ptr<jobs::Queue> queue_;
  std::unique_ptr<Outbox> outbox_;
  std::unique_ptr<Channels> channels_;
};

}  // namespace peony::notify::testing
