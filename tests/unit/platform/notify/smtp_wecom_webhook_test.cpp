// SMTP, WeChat Work and outbound-webhook adapters against the fake providers
// (tests/fakes/fake_providers.py parses the mail, checks tokens and recomputes webhook signatures).
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "platform/notify/channel.h"
#include "unit/platform/notify/notify_test_util.h"

namespace peony::notify {
namespace {

using test_util::Brief;
using test_util::Str;

class NotifyChannelsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(fake_.ok()) << "python3 tests/fakes/fake_providers.py"; }

  boost::json::object SmtpConfig() const {
    return {{"host", "127.0.0.1"},
            {"port", fake_.smtp_port()},
            {"security", "none"},
            {"username", test::kFakeSmtpUser},
            {"password", test::kFakeSmtpPassword},
            {"from", "noreply@peony.test"},
            {"from_name", "牡丹诊所"},
            {"timeout_s", 3}};
  }
  boost::json::object WecomConfig() const {
    return {{"corp_id", test::kFakeWecomCorp},
            {"corp_secret", test::kFakeWecomSecret},
            {"agent_id", 1000002},
            {"endpoint", fake_.HttpUrl()},
            {"timeout_s", 2}};
  }
  boost::json::object WebhookConfig() const {
    return {{"secret", test::kFakeWebhookSecret}, {"timeout_s", 2}};
  }
  std::unique_ptr<ChannelAdapter> Make(std::string_view provider,
                                       const boost::json::object& config) {
    return test_util::Adapter(provider, config, clock_);
  }
  Delivery Send(std::string_view provider, const boost::json::object& config, const Envelope& m) {
    auto adapter = Make(provider, config);
    return adapter ? adapter->Send(m) : Delivery{};
  }
  size_t Count(std::string_view provider, std::string_view path) const {
    size_t n = 0;
    for (const auto& r : fake_.Requests(provider)) n += Str(r.at("path")) == path;
    return n;
  }

  test::FakeProviders fake_;
  ManualClock clock_{test_util::kStart};
};

Envelope Mail() {
  Envelope m;
  m.message_id = "77";
  m.to = "wang.lihua@example.com";
  m.subject = "年度复查提醒：王丽华女士，您的热玛吉治疗已满一年，请预约复查";
  m.text = "王丽华您好：\n您的热玛吉治疗已满一年。\n.\n以点开头的行也要完整送达。";
  return m;
}

std::string Unix(std::string s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') continue;
    out += s[i];
  }
  return out;
}

// --- SMTP ------------------------------------------------------------------------------------

TEST_F(NotifyChannelsTest, SmtpSendsAWellFormedUtf8Message) {
  const Delivery d = Send("smtp", SmtpConfig(), Mail());
  ASSERT_EQ(Brief(d), "sent") << d.error_message;
  const boost::json::array seen = fake_.Requests("smtp");
  ASSERT_EQ(seen.size(), 1u);
  const auto& mail = seen[0].as_object();
  EXPECT_TRUE(mail.at("errors").as_array().empty()) << boost::json::serialize(mail.at("errors"));
  EXPECT_TRUE(mail.at("auth_ok").as_bool());
  EXPECT_EQ(Str(mail.at("mail_from")), "<noreply@peony.test>");
  EXPECT_EQ(boost::json::serialize(mail.at("rcpt_to")), R"(["<wang.lihua@example.com>"])");
  EXPECT_EQ(Str(mail.at("subject")), Mail().subject);
  EXPECT_EQ(Unix(Str(mail.at("body"))), Mail().text);
  EXPECT_EQ(Str(mail.at("from")), "牡丹诊所 <noreply@peony.test>");
  EXPECT_EQ(Str(mail.at("to")), "wang.lihua@example.com");
  EXPECT_EQ(Str(mail.at("transfer_encoding")), "base64");
  EXPECT_EQ(Str(mail.at("date")), "Sun, 23 Nov 2025 04:00:00 +0000");
  EXPECT_EQ(Str(mail.at("message_id")), d.provider_message_id);
  EXPECT_EQ(d.provider_message_id.rfind("<77.", 0), 0u) << d.provider_message_id;
}

TEST_F(NotifyChannelsTest, SmtpAsciiSubjectAndNoAuth) {
  boost::json::object config = SmtpConfig();
  config.erase("username");
  config.erase("password");
  config.erase("from_name");
  Envelope m = Mail();
  m.subject = "Review \"reminder\"";
  ASSERT_EQ(Brief(Send("smtp", config, m)), "sent");
  const boost::json::array seen = fake_.Requests("smtp");
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_TRUE(seen[0].at("auth_ok").is_null());
  EXPECT_EQ(Str(seen[0].at("subject")), "Review \"reminder\"");
  EXPECT_EQ(Str(seen[0].at("from")), "noreply@peony.test");
}

TEST_F(NotifyChannelsTest, SmtpReplyCodesDecideRetryOrFailure) {
  ASSERT_TRUE(fake_.SetMode("error_code"));  // 550 on RCPT
  EXPECT_EQ(Brief(Send("smtp", SmtpConfig(), Mail())), "failed smtp.550");
  ASSERT_TRUE(fake_.SetMode("throttle"));  // 450 on RCPT
  EXPECT_EQ(Brief(Send("smtp", SmtpConfig(), Mail())), "retry smtp.450");
  ASSERT_TRUE(fake_.SetMode("500"));  // 451 after DATA
  EXPECT_EQ(Brief(Send("smtp", SmtpConfig(), Mail())), "retry smtp.451");
  ASSERT_TRUE(fake_.SetMode("ok"));
  boost::json::object config = SmtpConfig();
  config["password"] = "wrong";
  EXPECT_EQ(Brief(Send("smtp", config, Mail())), "failed smtp.535");
}

TEST_F(NotifyChannelsTest, SmtpTimeoutRefusalAndBadRecipient) {
  boost::json::object config = SmtpConfig();
  config["port"] = 1;
  EXPECT_EQ(Brief(Send("smtp", config, Mail())), "retry transport.couldnt_connect");
  ASSERT_TRUE(fake_.SetMode("timeout"));
  config = SmtpConfig();
  config["timeout_s"] = 0.5;
  EXPECT_EQ(Brief(Send("smtp", config, Mail())), "retry transport.operation_timedout");
  ASSERT_TRUE(fake_.SetMode("ok"));
  Envelope m = Mail();
  m.to = "wang@example.com>\r\nRCPT TO:<evil@example.com";
  EXPECT_EQ(Brief(Send("smtp", SmtpConfig(), m)), "failed notify.bad_recipient");
  EXPECT_TRUE(fake_.Requests("smtp").empty());
}

// --- WeChat Work -----------------------------------------------------------------------------

Envelope WorkMessage() {
  Envelope m;
  m.message_id = "9";
  m.to = "zhangsan";
  m.text = "待办：王丽华 热玛吉年度复查";
  return m;
}

TEST_F(NotifyChannelsTest, WecomFetchesATokenOnceAndSendsText) {
  auto wecom = Make("wecom", WecomConfig());
  ASSERT_NE(wecom, nullptr);
  const Delivery d = wecom->Send(WorkMessage());
  EXPECT_EQ(Brief(d), "sent");
  EXPECT_EQ(d.provider_message_id.rfind("msg-", 0), 0u);
  EXPECT_EQ(Brief(wecom->Send(WorkMessage())), "sent");
  EXPECT_EQ(Count("wecom", "/cgi-bin/gettoken"), 1u);
  EXPECT_EQ(Count("wecom", "/cgi-bin/message/send"), 2u);
  const boost::json::array seen = fake_.Requests("wecom");
  ASSERT_EQ(seen.size(), 3u);
  for (const auto& r : seen) {
    EXPECT_TRUE(r.at("signature_ok").as_bool());
    EXPECT_TRUE(r.at("errors").as_array().empty()) << boost::json::serialize(r);
  }
  EXPECT_EQ(boost::json::serialize(seen[1].at("body")),
            R"({"touser":"zhangsan","msgtype":"text","agentid":1000002,)"
            R"("text":{"content":"待办：王丽华 热玛吉年度复查"}})");
  // The token expires (7200 s, kept until 60 s before): the next message fetches another.
  clock_.Advance(7141'000);
  EXPECT_EQ(Brief(wecom->Send(WorkMessage())), "sent");
  EXPECT_EQ(Count("wecom", "/cgi-bin/gettoken"), 2u);
}

TEST_F(NotifyChannelsTest, WecomRefreshesARejectedTokenOnce) {
  auto wecom = Make("wecom", WecomConfig());
  ASSERT_NE(wecom, nullptr);
  ASSERT_EQ(Brief(wecom->Send(WorkMessage())), "sent");
  ASSERT_TRUE(fake_.SetMode("token_expired", "wecom"));  // next send: 42001, token dropped
  EXPECT_EQ(Brief(wecom->Send(WorkMessage())), "sent");
  EXPECT_EQ(Count("wecom", "/cgi-bin/gettoken"), 2u);
  EXPECT_EQ(Count("wecom", "/cgi-bin/message/send"), 3u);
}

TEST_F(NotifyChannelsTest, WecomErrorsAndFaults) {
  ASSERT_TRUE(fake_.SetMode("error_code"));
  const Delivery failed = Send("wecom", WecomConfig(), WorkMessage());
  EXPECT_EQ(Brief(failed), "failed wecom.81013");
  EXPECT_EQ(failed.error_message, "user & party & tag all invalid");
  ASSERT_TRUE(fake_.SetMode("throttle"));
  EXPECT_EQ(Brief(Send("wecom", WecomConfig(), WorkMessage())), "retry wecom.45009");
  ASSERT_TRUE(fake_.SetMode("500"));
  EXPECT_EQ(Brief(Send("wecom", WecomConfig(), WorkMessage())), "retry http.500");
  ASSERT_TRUE(fake_.SetMode("ok"));
  boost::json::object config = WecomConfig();
  config["corp_secret"] = "wrong";
  EXPECT_EQ(Brief(Send("wecom", config, WorkMessage())), "failed wecom.40001");
  ASSERT_TRUE(fake_.SetMode("timeout"));
  config = WecomConfig();
  config["timeout_s"] = 0.5;
  EXPECT_EQ(Brief(Send("wecom", config, WorkMessage())), "retry transport.operation_timedout");
}

TEST_F(NotifyChannelsTest, WecomRefusesBroadcastAndMalformedRecipients) {
  for (const char* to : {"@all", "", "a b", "a||b", "张三"}) {
    Envelope m = WorkMessage();
    m.to = to;
    EXPECT_EQ(Brief(Send("wecom", WecomConfig(), m)), "failed notify.bad_recipient") << to;
  }
  EXPECT_TRUE(fake_.Requests().empty());
}

TEST_F(NotifyChannelsTest, WecomSharesOneTokenAcrossThreads) {
  auto wecom = Make("wecom", WecomConfig());
  ASSERT_NE(wecom, nullptr);
  std::vector<std::string> outcomes(6);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    threads.emplace_back([&, i] { outcomes[i] = Brief(wecom->Send(WorkMessage())); });
  }
  for (auto& t : threads) t.join();
  for (const auto& o : outcomes) EXPECT_EQ(o, "sent");
  EXPECT_EQ(Count("wecom", "/cgi-bin/gettoken"), 1u);
  EXPECT_EQ(Count("wecom", "/cgi-bin/message/send"), 6u);
}

// --- Outbound webhook ------------------------------------------------------------------------

Envelope Hook(std::string url) {
  Envelope m;
  m.message_id = "314";
  m.to = std::move(url);
  m.text = R"({"event":"年度复查","customer":"王丽华"})";
  return m;
}

TEST_F(NotifyChannelsTest, WebhookPostsTheSignedBody) {
  const Delivery d = Send("webhook", WebhookConfig(), Hook(fake_.HttpUrl("/hook/crm?x=1")));
  EXPECT_EQ(Brief(d), "sent");
  const boost::json::array seen = fake_.Requests("webhook");
  ASSERT_EQ(seen.size(), 1u);
  const auto& req = seen[0].as_object();
  EXPECT_TRUE(req.at("signature_ok").as_bool());
  EXPECT_TRUE(req.at("errors").as_array().empty()) << boost::json::serialize(req.at("errors"));
  EXPECT_EQ(Str(req.at("path")), "/hook/crm");
  EXPECT_EQ(Str(req.at("message_id")), "314");
  EXPECT_EQ(Str(req.at("timestamp")), "1763870400");
  EXPECT_EQ(Str(req.at("text")), Hook("").text);
}

TEST_F(NotifyChannelsTest, WebhookAnswersDecideRetryOrFailure) {
  const std::string url = fake_.HttpUrl("/hook/x");
  ASSERT_TRUE(fake_.SetMode("500"));
  EXPECT_EQ(Brief(Send("webhook", WebhookConfig(), Hook(url))), "retry http.500");
  ASSERT_TRUE(fake_.SetMode("throttle"));
  EXPECT_EQ(Brief(Send("webhook", WebhookConfig(), Hook(url))), "retry http.429");
  ASSERT_TRUE(fake_.SetMode("error_code"));
  const Delivery refused = Send("webhook", WebhookConfig(), Hook(url));
  EXPECT_EQ(Brief(refused), "failed http.400");
  EXPECT_EQ(refused.error_message, R"(HTTP 400: {"error": "bad request"})");
  ASSERT_TRUE(fake_.SetMode("ok"));
  boost::json::object config = WebhookConfig();
  config["secret"] = "wrong";
  EXPECT_EQ(Brief(Send("webhook", config, Hook(url))), "failed http.401");
  EXPECT_FALSE(fake_.Requests("webhook").back().at("signature_ok").as_bool());
  ASSERT_TRUE(fake_.SetMode("timeout"));
  config = WebhookConfig();
  config["timeout_s"] = 0.5;
  EXPECT_EQ(Brief(Send("webhook", config, Hook(url))), "retry transport.operation_timedout");
  const Delivery refused_connection =
      Send("webhook", WebhookConfig(), Hook(test_util::ClosedUrl() + "/h"));
  EXPECT_EQ(Brief(refused_connection), "retry transport.couldnt_connect");
  // The URL is the recipient: the kept message is libcurl's generic text, without the address.
  EXPECT_EQ(refused_connection.error_message, "Couldn't connect to server");
}

TEST_F(NotifyChannelsTest, WebhookRefusesUrlsThatAreNotHttp) {
  for (const char* to : {"ftp://example.com/x", "javascript:alert(1)", "/relative", "",
                         "http://exa mple.com", "file:///etc/passwd"}) {
    EXPECT_EQ(Brief(Send("webhook", WebhookConfig(), Hook(to))), "failed notify.bad_recipient")
        << to;
  }
  EXPECT_TRUE(fake_.Requests().empty());
}

}  // namespace
}  // namespace peony::notify
