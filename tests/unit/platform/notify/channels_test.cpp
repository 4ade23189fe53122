// Channel settings, test sends, the message list and opt-outs on both engines: credentials stored
// encrypted and never handed back, refused settings that write nothing, audits without secrets or
// recipients.
#include "platform/notify/channels.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "unit/platform/notify/notify_fixture.h"

namespace peony::notify {
namespace {

using storage::testing::CodeOf;
using testing::NotifyTest;
using testing::Obj;

constexpr const char* kSecret = "TOP-SECRET-KEY-0123456789";

class ChannelsTest : public NotifyTest {
 protected:
  ChannelInput Tencent(const std::string& secret = kSecret) {
    ChannelInput in;
    in.provider = "tencent_sms";
    in.config = Obj(R"({"secret_id":"AKID1","sdk_app_id":"1400000001","sign_name":"美莱"})");
    in.config["secret_key"] = secret;
    return in;
  }
  Result<ChannelSettings> Put(std::string_view channel, const ChannelInput& in) {
    return channels_->Put(admin_, "10.0.0.1", channel, in);
  }
  int64_t Audits(const std::string& action) {
    return Int("SELECT COUNT(*) FROM audit_log WHERE action = ?", {action});
  }
  std::string AuditDetails() {
    auto r = db_->Read([&](storage::Conn& c) -> Result<std::string> {
      PEONY_TRY(auto rows, c.Query("SELECT detail FROM audit_log WHERE action LIKE 'notify.%'"));
      std::string all;
      for (size_t i = 0; i < rows.size(); ++i) all += rows.Text(i, 0) + "\n";
      return all;
    });
    return r.ok() ? *r : "";
  }
};

TEST_P(ChannelsTest, SettingsAreStoredEncryptedAndSecretsNeverComeBack) {
  auto saved = Put("sms", Tencent());
  ASSERT_TRUE(saved.ok()) << saved.error().code;
  EXPECT_EQ(saved->version, 1);
  EXPECT_EQ(saved->rate_per_minute, 60);
  EXPECT_EQ(saved->quiet_start, "21:00");
  EXPECT_EQ(saved->quiet_end, "09:00");

  auto raw =
      db_->Read([&](storage::Conn& c) { return c.Query("SELECT config FROM notify_channels"); });
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw->Bytes(0, 0).find(kSecret), std::string::npos);
  EXPECT_EQ(raw->Bytes(0, 0).find("AKID1"), std::string::npos);

  auto list = channels_->List(org_id_);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].config.at("secret_key"), kSecret);  // decrypted for delivery
  const auto shown = Channels::ToJson((*list)[0]);
  EXPECT_EQ(shown.at("config").at("secret_key"), "********");
  EXPECT_EQ(shown.at("config").at("secret_id"), "AKID1");
  EXPECT_EQ(boost::json::serialize(shown).find(kSecret), std::string::npos);

  // Saved back as shown: the stored secret is kept; other fields change.
  ChannelInput again = Tencent("********");
  again.config["sign_name"] = "美莱医美";
  again.rate_per_minute = 30;
  again.quiet_start = "22:00";
  again.version = 1;
  auto resaved = Put("sms", again);
  ASSERT_TRUE(resaved.ok()) << resaved.error().code;
  EXPECT_EQ(resaved->version, 2);
  EXPECT_EQ(resaved->config.at("secret_key"), kSecret);
  EXPECT_EQ(resaved->config.at("sign_name"), "美莱医美");
  EXPECT_EQ(resaved->rate_per_minute, 30);
  EXPECT_EQ(resaved->quiet_start, "22:00");
  EXPECT_EQ(resaved->quiet_end, "09:00");
  EXPECT_EQ(fake_.configs.back().at("secret_key"), kSecret);  // what the adapter was built with

  EXPECT_EQ(Audits("notify.channel_update"), 2);
  EXPECT_EQ(AuditDetails().find(kSecret), std::string::npos);

  ASSERT_TRUE(channels_->Delete(admin_, "10.0.0.1", "sms").ok());
  EXPECT_EQ(Int("SELECT COUNT(*) FROM notify_channels"), 0);
  EXPECT_EQ(Audits("notify.channel_delete"), 1);
  ASSERT_TRUE(channels_->Delete(admin_, "10.0.0.1", "sms").ok());  // nothing left: no audit
  EXPECT_EQ(Audits("notify.channel_delete"), 1);
}

TEST_P(ChannelsTest, BadSettingsAreRefusedAndWriteNothing) {
  EXPECT_EQ(CodeOf(Put("fax", Tencent())), "notify.unknown_channel");
  EXPECT_EQ(CodeOf(Put("email", Tencent())), "notify.unknown_provider");  // an SMS provider
  ChannelInput unknown = Tencent();
  unknown.provider = "carrier_pigeon";
  EXPECT_EQ(CodeOf(Put("sms", unknown)), "notify.unknown_provider");
  ChannelInput rate = Tencent();
  rate.rate_per_minute = 0;
  EXPECT_EQ(CodeOf(Put("sms", rate)), "notify.bad_channel_config");
  rate.rate_per_minute = 10'001;
  EXPECT_EQ(CodeOf(Put("sms", rate)), "notify.bad_channel_config");
  ChannelInput quiet = Tencent();
  quiet.quiet_end = "25:00";
  auto bad_quiet = Put("sms", quiet);
  ASSERT_EQ(CodeOf(bad_quiet), "notify.bad_channel_config");
  EXPECT_EQ(bad_quiet.error().details.at("field"), "quiet_end");
  // "keep the stored secret" with nothing stored.
  auto no_secret = Put("sms", Tencent("********"));
  ASSERT_EQ(CodeOf(no_secret), "notify.bad_channel_config");
  EXPECT_EQ(no_secret.error().details.at("field"), "secret_key");
  // The provider's own check (the real adapter factory): a required field missing.
  Channels real(*db_, clock_, keys_);
  ChannelInput missing = Tencent();
  missing.config.erase("sdk_app_id");
  EXPECT_EQ(CodeOf(real.Put(admin_, "10.0.0.1", "sms", missing)), "notify.bad_channel_config");
  // A version that was never read.
  ChannelInput stale = Tencent();
  stale.version = 3;
  EXPECT_EQ(CodeOf(Put("sms", stale)), "notify.version_conflict");
  EXPECT_EQ(Int("SELECT COUNT(*) FROM notify_channels"), 0);
  EXPECT_EQ(Audits("notify.channel_update"), 0);
}

TEST_P(ChannelsTest, AStaleVersionIsAConflictAndAnotherProviderNeedsItsSecretsAgain) {
  ASSERT_TRUE(Put("sms", Tencent()).ok());
  ASSERT_TRUE(Put("sms", Tencent()).ok());  // without a version: last writer wins
  ChannelInput stale = Tencent();
  stale.version = 1;
  EXPECT_EQ(CodeOf(Put("sms", stale)), "notify.version_conflict");
  ChannelInput aliyun;
  aliyun.provider = "aliyun_sms";
  aliyun.config =
      Obj(R"({"access_key_id":"LTAI","access_key_secret":"********","sign_name":"美莱"})");
  EXPECT_EQ(CodeOf(Put("sms", aliyun)), "notify.bad_channel_config");
  EXPECT_EQ(Int("SELECT version FROM notify_channels"), 2);
  EXPECT_EQ(Text("SELECT provider FROM notify_channels"), "tencent_sms");
}

TEST_P(ChannelsTest, ATestSendGoesOutNowAndIsAuditedWithoutTheRecipient) {
  EXPECT_EQ(CodeOf(channels_->TestSend(admin_, "10.0.0.1", "sms", "13812345678", "")),
            "notify.channel_not_configured");
  ChannelInput off = Tencent();
  off.enabled = false;
  ASSERT_TRUE(Put("sms", off).ok());
  EXPECT_EQ(CodeOf(channels_->TestSend(admin_, "10.0.0.1", "sms", "1381234", "")),
            "notify.bad_recipient");
  EXPECT_EQ(CodeOf(channels_->TestSend(admin_, "10.0.0.1", "telex", "1", "")),
            "notify.unknown_channel");
  EXPECT_TRUE(fake_.Sent().empty());
  EXPECT_EQ(Audits("notify.test_send"), 0);

  auto d = channels_->TestSend(admin_, "10.0.0.1", "sms", "+8613812345678", "测试一下");
  ASSERT_TRUE(d.ok()) << d.error().code;  // even while disabled
  EXPECT_EQ(d->outcome, Delivery::Outcome::kSent);
  ASSERT_EQ(fake_.Sent().size(), 1u);
  EXPECT_EQ(fake_.Sent()[0].to, "13812345678");
  EXPECT_EQ(fake_.Sent()[0].text, "测试一下");
  EXPECT_TRUE(fake_.Sent()[0].message_id.starts_with("test-"));
  fake_.Answer(Delivery::Outcome::kFailed, "isv.BUSINESS_LIMIT_CONTROL", "触发流控");
  auto refused = channels_->TestSend(admin_, "10.0.0.1", "sms", "13812345678", "");
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->outcome, Delivery::Outcome::kFailed);
  EXPECT_EQ(refused->error_code, "isv.BUSINESS_LIMIT_CONTROL");
  EXPECT_FALSE(fake_.Sent()[1].text.empty());  // the default test text
  EXPECT_EQ(Audits("notify.test_send"), 2);
  const std::string details = AuditDetails();
  EXPECT_EQ(details.find("5678"), std::string::npos);
  EXPECT_NE(details.find("isv.BUSINESS_LIMIT_CONTROL"), std::string::npos);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM messages"), 0);  // not through the outbox
}

TEST_P(ChannelsTest, OptOutsAreIdempotentListedMaskedAndRemovable) {
  auto added = channels_->AddOptOut(admin_, "10.0.0.1", "sms", "+86 138 1234 5678");
  ASSERT_TRUE(added.ok()) << added.error().code;
  EXPECT_EQ(added->recipient_masked, "138****5678");
  EXPECT_EQ(added->id.size(), 64u);
  clock_.Advance(1000);
  auto twice = channels_->AddOptOut(admin_, "10.0.0.1", "sms", "13812345678");
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(twice->id, added->id);
  EXPECT_EQ(twice->created_at, added->created_at);
  ASSERT_TRUE(channels_->AddOptOut(admin_, "10.0.0.1", "email", "Wang@Example.com").ok());
  EXPECT_EQ(Int("SELECT COUNT(*) FROM notify_optouts"), 2);
  EXPECT_EQ(Audits("notify.optout_add"), 2);

  auto sms = channels_->ListOptOuts(org_id_, std::string("sms"));
  ASSERT_TRUE(sms.ok());
  ASSERT_EQ(sms->size(), 1u);
  EXPECT_EQ((*sms)[0].recipient_masked, "138****5678");
  auto all = channels_->ListOptOuts(org_id_, std::nullopt);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
  EXPECT_EQ(*channels_->IsOptedOut(org_id_, "email", "wang@example.com"), true);
  EXPECT_EQ(*channels_->IsOptedOut(org_id_, "sms", "13900000000"), false);

  EXPECT_EQ(CodeOf(channels_->AddOptOut(admin_, "10.0.0.1", "sms", "12")), "notify.bad_recipient");
  EXPECT_EQ(CodeOf(channels_->AddOptOut(admin_, "10.0.0.1", "webhook", "https://a.example.com")),
            "notify.unknown_channel");
  EXPECT_EQ(CodeOf(channels_->ListOptOuts(org_id_, std::string("pager"))),
            "notify.unknown_channel");
  EXPECT_EQ(Int("SELECT COUNT(*) FROM notify_optouts"), 2);

  ASSERT_TRUE(channels_->RemoveOptOut(admin_, "10.0.0.1", "sms", added->id).ok());
  EXPECT_EQ(CodeOf(channels_->RemoveOptOut(admin_, "10.0.0.1", "sms", added->id)),
            "notify.optout_not_found");
  EXPECT_EQ(CodeOf(channels_->RemoveOptOut(admin_, "10.0.0.1", "email", added->id)),
            "notify.optout_not_found");
  EXPECT_EQ(Int("SELECT COUNT(*) FROM notify_optouts"), 1);
  EXPECT_EQ(AuditDetails().find("5678"), std::string::npos);
  EXPECT_EQ(AuditDetails().find("wang"), std::string::npos);
}

TEST_P(ChannelsTest, MessagesAreListedNewestFirstWithFiltersAndPages) {
  Configure("sms");
  fake_.Answer(Delivery::Outcome::kFailed, "isv.MOBILE_NUMBER_ILLEGAL", "bad number");
  std::vector<int64_t> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(Enqueue(Sms()));
  OutgoingMessage mail = Sms("wang@example.com");
  mail.channel = "email";
  mail.entity = "customer";
  mail.record_id = 9;
  ids.push_back(Enqueue(mail));
  RunDue();  // the first SMS fails; e-mail is not configured: failed too

  auto all = channels_->ListMessages(org_id_, {}, 0, 10);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ((*all)[0].id, ids[3]);
  EXPECT_EQ((*all)[0].recipient_masked, "w***@example.com");
  EXPECT_EQ((*all)[0].error_code, "notify.channel_not_configured");
  EXPECT_EQ((*all)[3].id, ids[0]);
  EXPECT_EQ((*all)[3].status, "failed");
  EXPECT_EQ((*all)[3].error_message, "bad number");
  const auto json = (*all)[3].ToJson();
  EXPECT_EQ(json.at("entity"), "treatment");
  EXPECT_EQ(json.at("record_id"), 42);
  EXPECT_EQ(json.at("rule_id"), 7);
  EXPECT_TRUE(json.at("sent_at").is_null());
  EXPECT_EQ((*all)[2].ToJson().at("sent_at").as_string().size(), 24u);

  auto page = channels_->ListMessages(org_id_, {}, ids[2], 10);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].id, ids[1]);
  MessageFilter failed_sms{.status = "failed", .channel = "sms"};
  auto failed = channels_->ListMessages(org_id_, failed_sms, 0, 10);
  ASSERT_TRUE(failed.ok());
  ASSERT_EQ(failed->size(), 1u);
  EXPECT_EQ((*failed)[0].id, ids[0]);
  MessageFilter by_record{.entity = "customer", .record_id = 9};
  auto record = channels_->ListMessages(org_id_, by_record, 0, 10);
  ASSERT_TRUE(record.ok());
  ASSERT_EQ(record->size(), 1u);
  EXPECT_EQ((*record)[0].id, ids[3]);
  EXPECT_EQ(CodeOf(channels_->RetryMessage(admin_, "10.0.0.1", 999)), "notify.message_not_found");
  EXPECT_EQ(CodeOf(channels_->RetryMessage(admin_, "10.0.0.1", ids[1])),
            "notify.message_not_failed");
}

INSTANTIATE_TEST_SUITE_P(Engines, ChannelsTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::notify
