// Alibaba Cloud and Tencent Cloud SMS adapters against the fake providers, which check the request
// format and recompute the signatures independently (tests/fakes/fake_providers.py).
#include <gtest/gtest.h>

#include "platform/notify/channel.h"
#include "unit/platform/notify/notify_test_util.h"

namespace peony::notify {
namespace {

using test_util::Brief;
using test_util::Str;

class NotifySmsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(fake_.ok()) << "python3 tests/fakes/fake_providers.py"; }

  boost::json::object AliyunConfig() const {
    return {{"access_key_id", test::kFakeAliyunKeyId},
            {"access_key_secret", test::kFakeAliyunSecret},
            {"sign_name", "牡丹诊所"},
            {"endpoint", fake_.HttpUrl()},
            {"timeout_s", 2}};
  }
  boost::json::object TencentConfig() const {
    return {{"secret_id", test::kFakeTencentId}, {"secret_key", test::kFakeTencentKey},
            {"sdk_app_id", "1400006666"},        {"sign_name", "牡丹诊所"},
            {"endpoint", fake_.HttpUrl()},       {"timeout_s", 2}};
  }
  static Envelope Reminder() {
    Envelope m;
    m.message_id = "42";
    m.to = "13800138000";
    m.text = "王丽华您好，您的热玛吉年度复查时间到了";
    m.template_id = "SMS_123";
    m.params = {{"name", "王丽华"}, {"item", "热玛吉"}};
    return m;
  }
  Delivery Send(std::string_view provider, const boost::json::object& config, const Envelope& m) {
    auto adapter = test_util::Adapter(provider, config, clock_);
    if (!adapter) return {};
    return adapter->Send(m);
  }

  test::FakeProviders fake_;
  ManualClock clock_{test_util::kStart};
};

// --- Alibaba Cloud ---------------------------------------------------------------------------

TEST_F(NotifySmsTest, AliyunSendsASignedRequestWithTemplateParamsByName) {
  const Delivery d = Send("aliyun_sms", AliyunConfig(), Reminder());
  EXPECT_EQ(Brief(d), "sent");
  EXPECT_EQ(d.provider_message_id.rfind("biz-", 0), 0u) << d.provider_message_id;

  const boost::json::array seen = fake_.Requests("aliyun");
  ASSERT_EQ(seen.size(), 1u);
  const auto& req = seen[0].as_object();
  EXPECT_TRUE(req.at("signature_ok").as_bool());
  EXPECT_TRUE(req.at("errors").as_array().empty()) << boost::json::serialize(req.at("errors"));
  EXPECT_EQ(Str(req.at("method")), "POST");
  const auto& p = req.at("params").as_object();
  EXPECT_EQ(Str(p.at("PhoneNumbers")), "13800138000");
  EXPECT_EQ(Str(p.at("SignName")), "牡丹诊所");
  EXPECT_EQ(Str(p.at("TemplateCode")), "SMS_123");
  EXPECT_EQ(Str(p.at("OutId")), "42");
  EXPECT_EQ(Str(p.at("RegionId")), "cn-hangzhou");
  EXPECT_EQ(Str(p.at("AccessKeyId")), "fake-ak");
  EXPECT_EQ(Str(p.at("Timestamp")), "2025-11-23T04:00:00Z");
  EXPECT_EQ(boost::json::serialize(req.at("template_param")),
            R"({"name":"王丽华","item":"热玛吉"})");
}

TEST_F(NotifySmsTest, AliyunSendsTheTextAsTheConfiguredParamWithoutTemplateParams) {
  boost::json::object config = AliyunConfig();
  config["default_template_id"] = "SMS_900";
  config["text_param"] = "content";
  Envelope m = Reminder();
  m.template_id.clear();
  m.params.clear();
  m.to = "+8613800138000";
  EXPECT_EQ(Brief(Send("aliyun_sms", config, m)), "sent");
  // A second message signs with a fresh nonce (the fake refuses a reused one).
  EXPECT_EQ(Brief(Send("aliyun_sms", config, m)), "sent");
  const boost::json::array seen = fake_.Requests("aliyun");
  ASSERT_EQ(seen.size(), 2u);
  const auto& p = seen[0].at("params").as_object();
  EXPECT_EQ(Str(p.at("PhoneNumbers")), "13800138000");
  EXPECT_EQ(Str(p.at("TemplateCode")), "SMS_900");
  EXPECT_EQ(boost::json::serialize(seen[0].at("template_param")),
            R"({"content":"王丽华您好，您的热玛吉年度复查时间到了"})");
  EXPECT_NE(Str(p.at("SignatureNonce")), Str(seen[1].at("params").at("SignatureNonce")));
}

TEST_F(NotifySmsTest, AliyunWithoutTemplateOrWithABadNumberSendsNothing) {
  Envelope m = Reminder();
  m.template_id.clear();
  EXPECT_EQ(Brief(Send("aliyun_sms", AliyunConfig(), m)), "failed template.missing");
  m = Reminder();
  m.to = "138-0013";
  EXPECT_EQ(Brief(Send("aliyun_sms", AliyunConfig(), m)), "failed notify.bad_recipient");
  EXPECT_TRUE(fake_.Requests().empty());
}

TEST_F(NotifySmsTest, AliyunErrorCodesKeepTheProvidersCodeAndMessage) {
  ASSERT_TRUE(fake_.SetMode("error_code"));
  const Delivery failed = Send("aliyun_sms", AliyunConfig(), Reminder());
  EXPECT_EQ(Brief(failed), "failed isv.MOBILE_NUMBER_ILLEGAL");
  EXPECT_EQ(failed.error_message, "非法手机号");
  ASSERT_TRUE(fake_.SetMode("throttle"));
  const Delivery throttled = Send("aliyun_sms", AliyunConfig(), Reminder());
  EXPECT_EQ(Brief(throttled), "retry isv.BUSINESS_LIMIT_CONTROL");
  EXPECT_EQ(throttled.error_message, "触发分钟级流控Permits:1");
}

TEST_F(NotifySmsTest, AliyunWrongSecretIsRefusedBySignature) {
  boost::json::object config = AliyunConfig();
  config["access_key_secret"] = "not-the-secret";
  EXPECT_EQ(Brief(Send("aliyun_sms", config, Reminder())), "failed SignatureDoesNotMatch");
  const boost::json::array seen = fake_.Requests("aliyun");
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_FALSE(seen[0].at("signature_ok").as_bool());
}

TEST_F(NotifySmsTest, AliyunProvider500TimeoutRefusalAndGarbage) {
  ASSERT_TRUE(fake_.SetMode("500"));
  const Delivery d500 = Send("aliyun_sms", AliyunConfig(), Reminder());
  EXPECT_EQ(Brief(d500), "retry http.500");
  EXPECT_EQ(d500.error_message, "internal server error");
  ASSERT_TRUE(fake_.SetMode("garbage"));
  EXPECT_EQ(Brief(Send("aliyun_sms", AliyunConfig(), Reminder())), "failed response.invalid");
  ASSERT_TRUE(fake_.SetMode("timeout"));
  boost::json::object config = AliyunConfig();
  config["timeout_s"] = 0.5;
  EXPECT_EQ(Brief(Send("aliyun_sms", config, Reminder())), "retry transport.operation_timedout");
  config["endpoint"] = test_util::ClosedUrl();
  EXPECT_EQ(Brief(Send("aliyun_sms", config, Reminder())), "retry transport.couldnt_connect");
}

// --- Tencent Cloud ---------------------------------------------------------------------------

TEST_F(NotifySmsTest, TencentSendsASignedRequestWithTemplateParamsInOrder) {
  Envelope m = Reminder();
  m.template_id = "1110";
  const Delivery d = Send("tencent_sms", TencentConfig(), m);
  EXPECT_EQ(Brief(d), "sent");
  EXPECT_EQ(d.provider_message_id.rfind("serial-", 0), 0u) << d.provider_message_id;

  const boost::json::array seen = fake_.Requests("tencent");
  ASSERT_EQ(seen.size(), 1u);
  const auto& req = seen[0].as_object();
  EXPECT_TRUE(req.at("signature_ok").as_bool());
  EXPECT_TRUE(req.at("errors").as_array().empty()) << boost::json::serialize(req.at("errors"));
  const auto& body = req.at("body").as_object();
  EXPECT_EQ(boost::json::serialize(body.at("PhoneNumberSet")), R"(["+8613800138000"])");
  EXPECT_EQ(Str(body.at("SmsSdkAppId")), "1400006666");
  EXPECT_EQ(Str(body.at("SignName")), "牡丹诊所");
  EXPECT_EQ(Str(body.at("TemplateId")), "1110");
  EXPECT_EQ(boost::json::serialize(body.at("TemplateParamSet")), R"(["王丽华","热玛吉"])");
  EXPECT_EQ(Str(body.at("SessionContext")), "42");
  const auto& headers = req.at("headers").as_object();
  EXPECT_EQ(Str(headers.at("X-TC-Region")), "ap-guangzhou");
  EXPECT_EQ(Str(headers.at("X-TC-Timestamp")), "1763870400");
}

TEST_F(NotifySmsTest, TencentSendsTheTextAsTheOnlyParamWhenConfigured) {
  boost::json::object config = TencentConfig();
  config["text_as_param"] = true;
  config["default_template_id"] = "2220";
  Envelope m = Reminder();
  m.template_id.clear();
  m.params.clear();
  m.to = "008613800138000";
  EXPECT_EQ(Brief(Send("tencent_sms", config, m)), "sent");
  const boost::json::array seen = fake_.Requests("tencent");
  ASSERT_EQ(seen.size(), 1u);
  const auto& body = seen[0].at("body").as_object();
  EXPECT_EQ(boost::json::serialize(body.at("PhoneNumberSet")), R"(["+8613800138000"])");
  EXPECT_EQ(Str(body.at("TemplateId")), "2220");
  EXPECT_EQ(boost::json::serialize(body.at("TemplateParamSet")),
            R"(["王丽华您好，您的热玛吉年度复查时间到了"])");
}

TEST_F(NotifySmsTest, TencentErrorCodesKeepTheProvidersCodeAndMessage) {
  ASSERT_TRUE(fake_.SetMode("error_code"));
  const Delivery failed = Send("tencent_sms", TencentConfig(), Reminder());
  EXPECT_EQ(Brief(failed), "failed FailedOperation.TemplateIncorrectOrUnapproved");
  EXPECT_EQ(failed.error_message, "模板未审批或内容不匹配");
  ASSERT_TRUE(fake_.SetMode("throttle"));
  EXPECT_EQ(Brief(Send("tencent_sms", TencentConfig(), Reminder())),
            "retry LimitExceeded.PhoneNumberThirtySecondLimit");
  ASSERT_TRUE(fake_.SetMode("ok"));
  boost::json::object config = TencentConfig();
  config["secret_key"] = "wrong";
  EXPECT_EQ(Brief(Send("tencent_sms", config, Reminder())), "failed AuthFailure.SignatureFailure");
  const boost::json::array seen = fake_.Requests("tencent");
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_FALSE(seen[2].at("signature_ok").as_bool());
}

TEST_F(NotifySmsTest, TencentProvider500TimeoutAndBadNumber) {
  ASSERT_TRUE(fake_.SetMode("500"));
  EXPECT_EQ(Brief(Send("tencent_sms", TencentConfig(), Reminder())), "retry http.500");
  ASSERT_TRUE(fake_.SetMode("timeout"));
  boost::json::object config = TencentConfig();
  config["timeout_s"] = 0.5;
  EXPECT_EQ(Brief(Send("tencent_sms", config, Reminder())), "retry transport.operation_timedout");
  Envelope m = Reminder();
  m.to = "phone";
  EXPECT_EQ(Brief(Send("tencent_sms", TencentConfig(), m)), "failed notify.bad_recipient");
}

}  // namespace
}  // namespace peony::notify
