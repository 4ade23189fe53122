// /api/v1/notify/* through real HTTP: channel settings without secrets in answers, refused
// settings that write nothing, a test send through the real webhook adapter to the fake provider,
// the message list with filters, pages and retries, opt-outs, and the notify.manage permission.
#include <boost/json/serialize.hpp>

#include "api/app_fixture.h"
#include "fakes/fake_providers.h"
#include "platform/jobs/jobs.h"
#include "platform/notify/outbox.h"
#include "storage/crypto/key_ring.h"

namespace peony::test {
namespace {

constexpr const char* kTencent =
    R"({"provider":"tencent_sms","config":{"secret_id":"AKID1","secret_key":"S3CRET-KEY-XYZ",
        "sdk_app_id":"1400000001","sign_name":"美莱"}})";

class NotifyApiTest : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (IsSkipped()) return;
    admin_ = Login("admin");
  }
  Resp Put(const std::string& channel, const std::string& body) {
    return Call("PUT", "/api/v1/notify/channels/" + channel, body, admin_);
  }
  // The server again, without job runners: a test that runs the delivery jobs itself.
  void RestartWithoutJobRunners() {
    client_.reset();
    app_->Stop();
    thread_.join();
    app_.reset();
    config_.jobs_workers = 0;
    app_ = std::make_unique<app::ServerApp>(SystemClock::Instance());
    auto started = app_->Start(config_);
    ASSERT_TRUE(started.ok()) << started.error().code;
    thread_ = std::thread([this] { app_->Run(); });
    client_ = std::make_unique<HttpClient>(app_->port());
    admin_ = Login("admin");
  }
  int64_t Audits(const std::string& action) {
    auto db = database_->Open();
    return db ? storage::testing::QueryInt(*db, "SELECT COUNT(*) FROM audit_log WHERE action = ?",
                                           {action})
              : -1;
  }

  HeaderList admin_;
};

TEST_P(NotifyApiTest, ChannelSettingsRoundTripWithoutEverShowingSecrets) {
  Resp providers = Call("GET", "/api/v1/notify/providers", "", admin_);
  ASSERT_EQ(providers.status, 200) << providers.body;
  bool tencent = false;
  const auto described = providers.Json();
  for (const auto& p : described.at("items").as_array()) {
    if (p.at("provider") == "tencent_sms") tencent = p.at("channel") == "sms";
  }
  EXPECT_TRUE(tencent);

  Resp saved = Put("sms", kTencent);
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(saved.body.find("S3CRET"), std::string::npos);
  auto j = saved.Json();
  EXPECT_EQ(j.at("config").at("secret_key"), "********");
  EXPECT_EQ(j.at("config").at("secret_id"), "AKID1");
  EXPECT_EQ(j.at("version"), 1);
  EXPECT_EQ(j.at("rate_per_minute"), 60);
  EXPECT_EQ(j.at("quiet_start"), "21:00");
  EXPECT_EQ(j.at("enabled"), true);

  // The settings page sends back what it got: the secret is kept.
  auto again = j.as_object();
  again["version"] = 1;
  again["rate_per_minute"] = 20;
  again["enabled"] = false;
  Resp resaved = Put("sms", boost::json::serialize(again));
  ASSERT_EQ(resaved.status, 200) << resaved.body;
  EXPECT_EQ(resaved.Json().at("version"), 2);
  EXPECT_EQ(resaved.Json().at("rate_per_minute"), 20);
  EXPECT_EQ(resaved.Json().at("enabled"), false);
  Resp list = Call("GET", "/api/v1/notify/channels", "", admin_);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.Json().at("items").as_array().size(), 1u);
  EXPECT_EQ(list.Json().at("items").at(0).at("config").at("secret_key"), "********");
  EXPECT_EQ(list.body.find("S3CRET"), std::string::npos);
  EXPECT_EQ(Audits("notify.channel_update"), 2);

  Resp removed = Call("DELETE", "/api/v1/notify/channels/sms", "", admin_);
  EXPECT_EQ(removed.status, 204);
  EXPECT_TRUE(
      Call("GET", "/api/v1/notify/channels", "", admin_).Json().at("items").as_array().empty());
}

TEST_P(NotifyApiTest, BadSettingsAreRefusedWithTheirCodesAndWriteNothing) {
  Resp fax = Put("fax", kTencent);
  EXPECT_EQ(fax.status, 404);
  EXPECT_EQ(fax.ErrorCode(), "notify.unknown_channel");
  Resp other = Put("email", kTencent);
  EXPECT_EQ(other.status, 422);
  EXPECT_EQ(other.ErrorCode(), "notify.unknown_provider");
  Resp no_config = Put("sms", R"({"provider":"tencent_sms"})");
  EXPECT_EQ(no_config.status, 422);
  EXPECT_EQ(no_config.ErrorCode(), "request.validation");
  Resp missing = Put("sms", R"({"provider":"tencent_sms","config":{"secret_id":"a"}})");
  EXPECT_EQ(missing.status, 422);
  EXPECT_EQ(missing.ErrorCode(), "notify.bad_channel_config");
  auto body = boost::json::parse(kTencent).as_object();
  body["rate_per_minute"] = 0;
  Resp rate = Put("sms", boost::json::serialize(body));
  EXPECT_EQ(rate.status, 422);
  EXPECT_EQ(rate.ErrorCode(), "notify.bad_channel_config");
  body["rate_per_minute"] = 10;
  body["quiet_start"] = "9pm";
  Resp quiet = Put("sms", boost::json::serialize(body));
  EXPECT_EQ(quiet.ErrorCode(), "notify.bad_channel_config");
  EXPECT_EQ(quiet.Json().at("error").at("details").at("field"), "quiet_start");
  body.erase("quiet_start");
  body["version"] = 5;
  Resp stale = Put("sms", boost::json::serialize(body));
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.ErrorCode(), "notify.version_conflict");
  Resp not_json = Put("sms", "{provider");
  EXPECT_EQ(not_json.status, 400);
  EXPECT_EQ(CountRows("notify_channels"), 0);
  EXPECT_EQ(Audits("notify.channel_update"), 0);
}

TEST_P(NotifyApiTest, EveryRouteNeedsNotifyManage) {
  const HeaderList manager = Login("manager");
  for (const auto& [method, target] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/v1/notify/providers"},
           {"GET", "/api/v1/notify/channels"},
           {"PUT", "/api/v1/notify/channels/sms"},
           {"DELETE", "/api/v1/notify/channels/sms"},
           {"POST", "/api/v1/notify/channels/sms/test"},
           {"GET", "/api/v1/notify/messages"},
           {"POST", "/api/v1/notify/messages/1/retry"},
           {"GET", "/api/v1/notify/opt-outs"},
           {"POST", "/api/v1/notify/opt-outs"},
           {"DELETE", "/api/v1/notify/opt-outs/sms/abc"}}) {
    Resp r = Call(method, target, method == "GET" || method == "DELETE" ? "" : kTencent, manager);
    EXPECT_EQ(r.status, 403) << method << " " << target;
    EXPECT_EQ(r.ErrorCode(), "auth.forbidden") << method << " " << target;
  }
  EXPECT_EQ(Call("GET", "/api/v1/notify/channels", "", {}).status, 401);
  EXPECT_EQ(CountRows("notify_channels"), 0);
}

TEST_P(NotifyApiTest, ATestSendGoesThroughTheRealWebhookAdapterSigned) {
  FakeProviders fake;
  ASSERT_TRUE(fake.ok()) << "python3 tests/fakes/fake_providers.py";
  Resp saved = Put("webhook", R"({"provider":"webhook","config":{"secret":")" +
                                  std::string(kFakeWebhookSecret) + R"(","timeout_s":3}})");
  ASSERT_EQ(saved.status, 200) << saved.body;
  const std::string hook = fake.HttpUrl("/hook/in");

  Resp sent = Call("POST", "/api/v1/notify/channels/webhook/test",
                   R"({"to":")" + hook + R"(","text":"{\"hello\":\"王丽华\"}"})", admin_);
  ASSERT_EQ(sent.status, 200) << sent.body;
  EXPECT_EQ(sent.Json().at("outcome"), "sent");
  const auto seen = fake.Requests("webhook");
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_TRUE(seen[0].at("signature_ok").as_bool());
  EXPECT_EQ(seen[0].at("body").at("hello"), "王丽华");

  ASSERT_TRUE(fake.SetMode("error_code", "webhook"));
  Resp refused =
      Call("POST", "/api/v1/notify/channels/webhook/test", R"({"to":")" + hook + R"("})", admin_);
  ASSERT_EQ(refused.status, 200) << refused.body;
  EXPECT_EQ(refused.Json().at("outcome"), "failed");
  EXPECT_FALSE(refused.Json().at("error_code").as_string().empty());

  Resp bad_to = Call("POST", "/api/v1/notify/channels/webhook/test", R"({"to":"ftp://x"})", admin_);
  EXPECT_EQ(bad_to.status, 422);
  EXPECT_EQ(bad_to.ErrorCode(), "notify.bad_recipient");
  Resp no_to = Call("POST", "/api/v1/notify/channels/webhook/test", "{}", admin_);
  EXPECT_EQ(no_to.status, 422);
  EXPECT_EQ(no_to.ErrorCode(), "request.validation");
  Resp unset = Call("POST", "/api/v1/notify/channels/sms/test", R"({"to":"13812345678"})", admin_);
  EXPECT_EQ(unset.status, 409);
  EXPECT_EQ(unset.ErrorCode(), "notify.channel_not_configured");
  EXPECT_EQ(fake.Requests("webhook").size(), 2u);
  EXPECT_EQ(Audits("notify.test_send"), 2);
  EXPECT_EQ(CountRows("messages"), 0);
}

TEST_P(NotifyApiTest, MessagesAreListedFilteredPagedAndFailedOnesRetried) {
  // Messages written by an outbox of "another process" on the same database, delivered here; no
  // channel is set up, so delivery fails them.
  RestartWithoutJobRunners();
  auto db = database_->Open();
  ASSERT_TRUE(db);
  auto keys = storage::crypto::LoadKeyFile(config_.KeyFile());
  ASSERT_TRUE(keys.ok());
  jobs::Queue queue(*db, SystemClock::Instance());
  notify::Outbox outbox(*db, SystemClock::Instance(), *keys, queue);
  std::vector<int64_t> ids;
  for (int i = 0; i < 3; ++i) {
    notify::OutgoingMessage m;
    m.org_id = 1;
    m.channel = i < 2 ? "sms" : "email";
    m.to = i < 2 ? "13812345678" : "wang@example.com";
    m.body = "您好";
    m.entity = "customer";
    m.record_id = 10 + i;
    auto id = outbox.Enqueue(m);
    ASSERT_TRUE(id.ok() && id->has_value());
    ids.push_back(**id);
  }
  ASSERT_TRUE(queue.RunDue().ok());

  Resp all = Call("GET", "/api/v1/notify/messages", "", admin_);
  ASSERT_EQ(all.status, 200) << all.body;
  const auto items = all.Json().at("items").as_array();
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].at("id"), ids[2]);
  EXPECT_EQ(items[0].at("recipient_masked"), "w***@example.com");
  EXPECT_EQ(items[2].at("recipient_masked"), "138****5678");
  EXPECT_EQ(items[2].at("status"), "failed");
  EXPECT_EQ(items[2].at("error_code"), "notify.channel_not_configured");
  EXPECT_EQ(all.body.find("13812345678"), std::string::npos);
  EXPECT_EQ(all.body.find("您好"), std::string::npos);  // no texts in the list

  Resp first = Call("GET", "/api/v1/notify/messages?limit=2", "", admin_);
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(first.Json().at("items").as_array().size(), 2u);
  const std::string cursor(first.Json().at("next_cursor").as_string());
  Resp second = Call("GET", "/api/v1/notify/messages?limit=2&cursor=" + cursor, "", admin_);
  ASSERT_EQ(second.Json().at("items").as_array().size(), 1u);
  EXPECT_EQ(second.Json().at("items").at(0).at("id"), ids[0]);
  EXPECT_TRUE(second.Json().at("next_cursor").is_null());
  Resp sms = Call("GET", "/api/v1/notify/messages?channel=sms&status=failed", "", admin_);
  EXPECT_EQ(sms.Json().at("items").as_array().size(), 2u);
  Resp record = Call("GET", "/api/v1/notify/messages?entity=customer&record_id=11", "", admin_);
  ASSERT_EQ(record.Json().at("items").as_array().size(), 1u);
  EXPECT_EQ(record.Json().at("items").at(0).at("id"), ids[1]);
  for (const char* bad :
       {"?status=lost", "?channel=fax", "?record_id=abc", "?limit=0", "?cursor=x"}) {
    Resp r = Call("GET", std::string("/api/v1/notify/messages") + bad, "", admin_);
    EXPECT_EQ(r.status, 422) << bad;
    EXPECT_EQ(r.ErrorCode(), "request.validation") << bad;
  }

  const std::string retry = "/api/v1/notify/messages/" + std::to_string(ids[0]) + "/retry";
  Resp retried = Call("POST", retry, "", admin_);
  ASSERT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(retried.Json().at("status"), "pending");
  EXPECT_EQ(retried.Json().at("error_code"), "");
  Resp twice = Call("POST", retry, "", admin_);
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(twice.ErrorCode(), "notify.message_not_failed");
  EXPECT_EQ(Call("POST", "/api/v1/notify/messages/99999/retry", "", admin_).ErrorCode(),
            "notify.message_not_found");
  EXPECT_EQ(Call("POST", "/api/v1/notify/messages/x1/retry", "", admin_).status, 404);
  EXPECT_EQ(Audits("notify.message_retry"), 1);
  // A new delivery job for it.
  EXPECT_EQ(
      storage::testing::QueryInt(
          *db, "SELECT COUNT(*) FROM jobs WHERE kind = 'notify.deliver' AND status = 'pending'"),
      1);
}

TEST_P(NotifyApiTest, OptOutsAreAddedListedMaskedAndRemoved) {
  Resp added = Call("POST", "/api/v1/notify/opt-outs",
                    R"({"channel":"sms","to":"+86 138 1234 5678"})", admin_);
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(added.Json().at("recipient_masked"), "138****5678");
  const std::string id(added.Json().at("id").as_string());
  Resp again =
      Call("POST", "/api/v1/notify/opt-outs", R"({"channel":"sms","to":"13812345678"})", admin_);
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.Json().at("id").as_string(), id);

  Resp bad_to =
      Call("POST", "/api/v1/notify/opt-outs", R"({"channel":"sms","to":"12345"})", admin_);
  EXPECT_EQ(bad_to.status, 422);
  EXPECT_EQ(bad_to.ErrorCode(), "notify.bad_recipient");
  Resp bad_channel = Call("POST", "/api/v1/notify/opt-outs",
                          R"({"channel":"webhook","to":"https://a.example.com"})", admin_);
  EXPECT_EQ(bad_channel.status, 422);
  EXPECT_EQ(bad_channel.ErrorCode(), "request.validation");
  Resp no_to = Call("POST", "/api/v1/notify/opt-outs", R"({"channel":"sms"})", admin_);
  EXPECT_EQ(no_to.ErrorCode(), "request.validation");
  EXPECT_EQ(CountRows("notify_optouts"), 1);

  Resp list = Call("GET", "/api/v1/notify/opt-outs?channel=sms", "", admin_);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.Json().at("items").as_array().size(), 1u);
  EXPECT_EQ(list.body.find("13812345678"), std::string::npos);
  EXPECT_TRUE(Call("GET", "/api/v1/notify/opt-outs?channel=email", "", admin_)
                  .Json()
                  .at("items")
                  .as_array()
                  .empty());
  EXPECT_EQ(Call("GET", "/api/v1/notify/opt-outs?channel=pager", "", admin_).ErrorCode(),
            "notify.unknown_channel");

  EXPECT_EQ(Call("DELETE", "/api/v1/notify/opt-outs/sms/" + id, "", admin_).status, 204);
  Resp gone = Call("DELETE", "/api/v1/notify/opt-outs/sms/" + id, "", admin_);
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(gone.ErrorCode(), "notify.optout_not_found");
  EXPECT_EQ(CountRows("notify_optouts"), 0);
  EXPECT_EQ(Audits("notify.optout_add"), 1);
  EXPECT_EQ(Audits("notify.optout_remove"), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, NotifyApiTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::test
