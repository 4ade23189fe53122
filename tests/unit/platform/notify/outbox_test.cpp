// The outbox on both engines: messages written with the caller's change and delivered once by the
// "notify.deliver" job, opt-outs, quiet hours, rate limits, provider failures and retries.
#include "platform/notify/outbox.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "fakes/fake_providers.h"
#include "unit/platform/notify/notify_fixture.h"

namespace peony::notify {
namespace {

using storage::testing::CodeOf;
using testing::NotifyTest;
using Outcome = Delivery::Outcome;

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;

class OutboxTest : public NotifyTest {};

TEST_P(OutboxTest, AMessageIsStoredEncryptedAndSentOnce) {
  Configure("sms");
  OutgoingMessage m = Sms();
  m.source_key = "rule:7:rec:42:2027-09-21";
  const int64_t id = Enqueue(m);
  // The same source key again: nothing new.
  auto again = outbox_->Enqueue(m);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->has_value());
  EXPECT_EQ(Int("SELECT COUNT(*) FROM messages"), 1);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM jobs WHERE kind = 'notify.deliver'"), 1);

  // At rest: no recipient, text or parameter in clear.
  auto raw = db_->Read([&](storage::Conn& c) {
    return c.Query(
        "SELECT recipient, body, params, recipient_masked, recipient_index, status "
        "FROM messages WHERE id = ?",
        {id});
  });
  ASSERT_TRUE(raw.ok());
  for (size_t col = 0; col < 3; ++col) {
    EXPECT_EQ(raw->Bytes(0, col).find("13812345678"), std::string::npos);
    EXPECT_EQ(raw->Bytes(0, col).find("王丽华"), std::string::npos);
  }
  EXPECT_EQ(raw->Text(0, 3), "138****5678");
  EXPECT_EQ(raw->Text(0, 4).size(), 64u);
  EXPECT_EQ(raw->Text(0, 5), "pending");

  const jobs::RunStats stats = RunDue();
  EXPECT_EQ(stats.done, 1);
  const auto sent = fake_.Sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].to, "13812345678");
  EXPECT_EQ(sent[0].message_id, std::to_string(id));
  EXPECT_EQ(sent[0].text, "王丽华您好，您的年度复查时间到了。");
  EXPECT_EQ(sent[0].template_id, "T100");
  ASSERT_EQ(sent[0].params.size(), 1u);
  EXPECT_EQ(sent[0].params[0].second, "王丽华");
  EXPECT_EQ(MessageStatus(id), "sent");
  EXPECT_EQ(Text("SELECT provider_message_id FROM messages WHERE id = ?", {id}),
            "fake-" + std::to_string(id));
  EXPECT_EQ(Text("SELECT provider FROM messages WHERE id = ?", {id}), "tencent_sms");
  EXPECT_EQ(Int("SELECT attempts FROM messages WHERE id = ?", {id}), 1);
  EXPECT_EQ(Int("SELECT sent_at FROM messages WHERE id = ?", {id}), clock_.Now());

  // Nothing more to do, ever.
  clock_.Advance(24 * kHour);
  EXPECT_EQ(RunDue().done, 0);
  EXPECT_EQ(fake_.Sent().size(), 1u);
}

TEST_P(OutboxTest, BadMessagesAreRefusedAndWriteNothing) {
  Configure("sms");
  EXPECT_EQ(CodeOf(outbox_->Enqueue(Sms("12345"))), "notify.bad_recipient");
  EXPECT_EQ(CodeOf(outbox_->Enqueue(Sms("+1 415 555 0100"))), "notify.bad_recipient");
  EXPECT_EQ(CodeOf(outbox_->Enqueue(Sms(""))), "notify.bad_recipient");
  OutgoingMessage email = Sms("not-an-address");
  email.channel = "email";
  EXPECT_EQ(CodeOf(outbox_->Enqueue(email)), "notify.bad_recipient");
  OutgoingMessage hook = Sms("ftp://example.com/x");
  hook.channel = "webhook";
  EXPECT_EQ(CodeOf(outbox_->Enqueue(hook)), "notify.bad_recipient");
  OutgoingMessage fax = Sms();
  fax.channel = "fax";
  EXPECT_EQ(CodeOf(outbox_->Enqueue(fax)), "notify.unknown_channel");
  OutgoingMessage category = Sms();
  category.category = "urgent";
  EXPECT_EQ(CodeOf(outbox_->Enqueue(category)), "notify.bad_message");
  OutgoingMessage big = Sms();
  big.body.assign(kMaxBodyBytes + 1, 'x');
  EXPECT_EQ(CodeOf(outbox_->Enqueue(big)), "notify.bad_message");
  EXPECT_EQ(Int("SELECT COUNT(*) FROM messages"), 0);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM jobs"), 0);
}

TEST_P(OutboxTest, TheMessageCommitsOrRollsBackWithTheCallersChange) {
  Status s = db_->WriteTx([&](storage::Conn& c) -> Status {
    PEONY_CHECK(outbox_->EnqueueInTx(c, Sms()));
    return MakeError(ErrorKind::kConflict, "test.rollback", "x", "x");
  });
  EXPECT_EQ(CodeOf(s), "test.rollback");
  EXPECT_EQ(Int("SELECT COUNT(*) FROM messages"), 0);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM jobs"), 0);
}

TEST_P(OutboxTest, AnOptedOutRecipientIsSuppressedAndNothingIsSent) {
  Configure("sms");
  ASSERT_TRUE(channels_->AddOptOut(admin_, "127.0.0.1", "sms", "13812345678").ok());
  const int64_t id = Enqueue(Sms("+86 138 1234 5678"));  // another spelling, same number
  RunDue();
  EXPECT_EQ(MessageStatus(id), "suppressed");
  EXPECT_TRUE(fake_.Sent().empty());
  // Another channel's opt-out does not count.
  OutgoingMessage mail = Sms("wang@example.com");
  mail.channel = "email";
  Configure("email");
  const int64_t mail_id = Enqueue(mail);
  RunDue();
  EXPECT_EQ(MessageStatus(mail_id), "sent");
}

TEST_P(OutboxTest, WithoutAnEnabledChannelTheMessageFailsAndTheJobIsDeadLettered) {
  const int64_t id = Enqueue(Sms());
  RunDue();
  EXPECT_EQ(MessageStatus(id), "failed");
  EXPECT_EQ(Text("SELECT error_code FROM messages WHERE id = ?", {id}),
            "notify.channel_not_configured");
  EXPECT_EQ(Text("SELECT status FROM jobs"), "dead");
  EXPECT_NE(Text("SELECT last_error FROM jobs").find("notify.channel_not_configured"),
            std::string::npos);

  Configure("sms", 60, /*enabled=*/false);
  const int64_t second = Enqueue(Sms());
  RunDue();
  EXPECT_EQ(MessageStatus(second), "failed");
  EXPECT_TRUE(fake_.Sent().empty());
}

TEST_P(OutboxTest, MarketingWaitsForTheEndOfQuietHoursButServiceMessagesDoNot) {
  Configure("sms");
  clock_.Set(*ParseRfc3339("2026-09-21T22:30:00+08:00"));
  OutgoingMessage promo = Sms();
  promo.category = "marketing";
  const int64_t promo_id = Enqueue(promo);
  const int64_t service_id = Enqueue(Sms());
  const jobs::RunStats stats = RunDue();
  EXPECT_EQ(stats.deferred, 1);
  EXPECT_EQ(MessageStatus(service_id), "sent");
  EXPECT_EQ(MessageStatus(promo_id), "pending");
  const UtcMillis morning = *ParseRfc3339("2026-09-22T09:00:00+08:00");
  EXPECT_EQ(Int("SELECT due_at FROM jobs WHERE status = 'pending'"), morning);
  EXPECT_EQ(Int("SELECT attempts FROM jobs WHERE status = 'pending'"), 0);  // not an attempt

  clock_.Set(morning - kMinute);
  RunDue();
  EXPECT_EQ(MessageStatus(promo_id), "pending");
  clock_.Set(morning);
  RunDue();
  EXPECT_EQ(MessageStatus(promo_id), "sent");
  EXPECT_EQ(fake_.Sent().size(), 2u);
}

TEST_P(OutboxTest, TheRateLimitDefersWhatExceedsIt) {
  Configure("sms", /*rate=*/2);
  std::vector<int64_t> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(Enqueue(Sms()));
  const jobs::RunStats stats = RunDue();
  EXPECT_EQ(stats.done, 2);
  EXPECT_EQ(stats.deferred, 1);
  EXPECT_EQ(fake_.Sent().size(), 2u);
  EXPECT_EQ(MessageStatus(ids[2]), "pending");
  // Two a minute: the next token after 30 s.
  EXPECT_EQ(Int("SELECT due_at FROM jobs WHERE status = 'pending'"), clock_.Now() + 30'000);
  clock_.Advance(30'000);
  RunDue();
  EXPECT_EQ(MessageStatus(ids[2]), "sent");
}

TEST_P(OutboxTest, ATransientFailureIsRetriedWithBackoffAndKeptOnTheMessage) {
  Configure("sms");
  fake_.Answer(Outcome::kRetry, "http.500", "Internal Server Error");
  const int64_t id = Enqueue(Sms());
  const jobs::RunStats first = RunDue();
  EXPECT_EQ(first.failed, 1);
  EXPECT_EQ(MessageStatus(id), "pending");
  EXPECT_EQ(Text("SELECT error_code FROM messages WHERE id = ?", {id}), "http.500");
  EXPECT_EQ(Text("SELECT error_message FROM messages WHERE id = ?", {id}), "Internal Server Error");
  EXPECT_EQ(Int("SELECT attempts FROM messages WHERE id = ?", {id}), 1);
  EXPECT_EQ(Int("SELECT due_at FROM jobs"), clock_.Now() + 30'000);

  clock_.Advance(30'000);
  RunDue();
  EXPECT_EQ(MessageStatus(id), "sent");
  EXPECT_EQ(Int("SELECT attempts FROM messages WHERE id = ?", {id}), 2);
  EXPECT_EQ(Text("SELECT error_code FROM messages WHERE id = ?", {id}), "");
  EXPECT_EQ(fake_.Sent().size(), 2u);
}

TEST_P(OutboxTest, AfterTheLastAttemptTheMessageFailsAndTheJobIsDeadLettered) {
  Configure("sms");
  for (int i = 0; i < 20; ++i) fake_.Answer(Outcome::kRetry, "transport.timeout", "timed out");
  const int64_t id = Enqueue(Sms());
  for (int i = 0; i < 12; ++i) {
    RunDue();
    clock_.Advance(2 * kHour);
  }
  EXPECT_EQ(MessageStatus(id), "failed");
  EXPECT_EQ(Int("SELECT attempts FROM messages WHERE id = ?", {id}), 8);
  EXPECT_EQ(Text("SELECT error_code FROM messages WHERE id = ?", {id}), "transport.timeout");
  EXPECT_EQ(Text("SELECT status FROM jobs"), "dead");
  EXPECT_NE(Text("SELECT last_error FROM jobs").find("timed out"), std::string::npos);
  EXPECT_EQ(fake_.Sent().size(), 8u);
}

TEST_P(OutboxTest, APermanentRefusalFailsAtOnceAndARetrySendsAgain) {
  Configure("sms");
  fake_.Answer(Outcome::kFailed, "isv.MOBILE_NUMBER_ILLEGAL", "手机号码格式错误");
  const int64_t id = Enqueue(Sms());
  EXPECT_EQ(RunDue().done, 1);
  EXPECT_EQ(MessageStatus(id), "failed");
  EXPECT_EQ(Text("SELECT error_code FROM messages WHERE id = ?", {id}),
            "isv.MOBILE_NUMBER_ILLEGAL");
  EXPECT_EQ(Text("SELECT error_message FROM messages WHERE id = ?", {id}), "手机号码格式错误");
  EXPECT_EQ(Text("SELECT status FROM jobs"), "done");

  auto retried = channels_->RetryMessage(admin_, "127.0.0.1", id);
  ASSERT_TRUE(retried.ok()) << retried.error().code;
  EXPECT_EQ(retried->status, "pending");
  EXPECT_EQ(CodeOf(channels_->RetryMessage(admin_, "127.0.0.1", id)), "notify.message_not_failed");
  RunDue();
  EXPECT_EQ(MessageStatus(id), "sent");
  EXPECT_EQ(Int("SELECT attempts FROM messages WHERE id = ?", {id}), 2);
  EXPECT_EQ(fake_.Sent().size(), 2u);
}

TEST_P(OutboxTest, ChangedSettingsRebuildTheAdapterAndUnchangedOnesReuseIt) {
  Configure("sms");
  Enqueue(Sms());
  Enqueue(Sms());
  RunDue();
  // One adapter for the settings check in Put, one for both deliveries.
  EXPECT_EQ(fake_.built, 2);
  Configure("sms");
  Enqueue(Sms());
  RunDue();
  EXPECT_EQ(fake_.built, 4);
}

// Through the real Tencent Cloud adapter to the fake provider, which checks the request and
// recomputes the TC3 signature (tests/fakes/fake_providers.py).
class OutboxRealProviderTest : public NotifyTest {
 protected:
  void SetUp() override {
    NotifyTest::SetUp();
    if (IsSkipped()) return;
    ASSERT_TRUE(fake_server_.ok()) << "python3 tests/fakes/fake_providers.py";
    real_queue_ = std::make_unique<jobs::Queue>(*db_, clock_);
    real_outbox_ = std::make_unique<Outbox>(*db_, clock_, keys_, *real_queue_);
    Channels real(*db_, clock_, keys_);
    ChannelInput in;
    in.provider = "tencent_sms";
    in.config = {{"secret_id", test::kFakeTencentId},  {"secret_key", test::kFakeTencentKey},
                 {"sdk_app_id", "1400006666"},         {"sign_name", "牡丹诊所"},
                 {"endpoint", fake_server_.HttpUrl()}, {"timeout_s", 2}};
    auto saved = real.Put(admin_, "127.0.0.1", "sms", in);
    ASSERT_TRUE(saved.ok()) << saved.error().code;
  }
  int64_t EnqueueReal(const OutgoingMessage& m) {
    auto id = real_outbox_->Enqueue(m);
    EXPECT_TRUE(id.ok() && id->has_value());
    return id.ok() && *id ? **id : 0;
  }

  test::FakeProviders fake_server_;
  std::unique_ptr<jobs::Queue> real_queue_;
  std::unique_ptr<Outbox> real_outbox_;
};

TEST_P(OutboxRealProviderTest, AReminderReachesTencentSignedWithTheCustomersName) {
  OutgoingMessage m = Sms("138 0013 8000");
  m.template_id = "1110";
  m.params = {{"name", "王丽华"}, {"item", "热玛吉"}};
  const int64_t id = EnqueueReal(m);
  ASSERT_TRUE(real_queue_->RunDue().ok());
  EXPECT_EQ(MessageStatus(id), "sent");
  EXPECT_FALSE(Text("SELECT provider_message_id FROM messages WHERE id = ?", {id}).empty());
  const boost::json::array seen = fake_server_.Requests("tencent");
  ASSERT_EQ(seen.size(), 1u);
  const auto& req = seen[0].as_object();
  EXPECT_TRUE(req.at("signature_ok").as_bool());
  const auto& body = req.at("body").as_object();
  EXPECT_EQ(boost::json::serialize(body.at("PhoneNumberSet")), R"(["+8613800138000"])");
  EXPECT_EQ(boost::json::serialize(body.at("TemplateParamSet")), R"(["王丽华","热玛吉"])");
  EXPECT_EQ(body.at("TemplateId"), "1110");
  EXPECT_EQ(body.at("SessionContext").as_string(), std::to_string(id));
}

TEST_P(OutboxRealProviderTest, AProvider500IsRetriedAndAnErrorCodeFailsTheMessage) {
  ASSERT_TRUE(fake_server_.SetMode("500", "tencent"));
  const int64_t id = EnqueueReal(Sms());
  ASSERT_TRUE(real_queue_->RunDue().ok());
  EXPECT_EQ(MessageStatus(id), "pending");
  EXPECT_EQ(Text("SELECT error_code FROM messages WHERE id = ?", {id}), "http.500");
  EXPECT_EQ(Text("SELECT status FROM jobs"), "pending");

  ASSERT_TRUE(fake_server_.SetMode("error_code", "tencent"));
  clock_.Advance(30'000);
  ASSERT_TRUE(real_queue_->RunDue().ok());
  EXPECT_EQ(MessageStatus(id), "failed");
  const std::string code = Text("SELECT error_code FROM messages WHERE id = ?", {id});
  EXPECT_NE(code, "http.500");
  EXPECT_FALSE(code.empty());
  EXPECT_FALSE(Text("SELECT error_message FROM messages WHERE id = ?", {id}).empty());
  EXPECT_EQ(Int("SELECT attempts FROM messages WHERE id = ?", {id}), 2);
  EXPECT_EQ(Text("SELECT status FROM jobs"), "done");
}

INSTANTIATE_TEST_SUITE_P(Engines, OutboxRealProviderTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

INSTANTIATE_TEST_SUITE_P(Engines, OutboxTest, ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::notify
