// MakeAdapter's config validation, the provider list for the settings page, and redaction.
#include "platform/notify/channel.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace peony::notify {
namespace {

boost::json::object Obj(std::string_view json) { return boost::json::parse(json).as_object(); }

ManualClock& TestClock() {
  static ManualClock clock(1'763'870'400'000);  // 2025-11-23T04:00:00Z
  return clock;
}

// "<code> <field> <reason>" of a failed MakeAdapter, or "ok".
std::string Outcome(std::string_view provider, std::string_view config_json) {
  auto r = MakeAdapter(provider, Obj(config_json), TestClock());
  if (r.ok()) return "ok";
  const Error& e = r.error();
  std::string out = e.code;
  if (e.details.is_object()) {
    const auto& d = e.details.as_object();
    if (const auto* f = d.if_contains("field")) out += " " + std::string(f->as_string());
    if (const auto* why = d.if_contains("reason")) out += " " + std::string(why->as_string());
  }
  return out;
}

constexpr std::string_view kAliyun =
    R"({"access_key_id":"ak","access_key_secret":"sk","sign_name":"牡丹诊所"})";

TEST(NotifyChannelConfig, ValidConfigsOfEveryProviderBuildAdapters) {
  EXPECT_EQ(Outcome("aliyun_sms", kAliyun), "ok");
  EXPECT_EQ(Outcome("tencent_sms",
                    R"({"secret_id":"id","secret_key":"k","sdk_app_id":"1400006666",
                        "sign_name":"牡丹","text_as_param":true,"timeout_s":"2.5"})"),
            "ok");
  EXPECT_EQ(Outcome("smtp", R"({"host":"smtp.example.com","from":"noreply@example.com",
                                "security":"tls","port":465,"username":"u","password":"p"})"),
            "ok");
  EXPECT_EQ(Outcome("wecom", R"({"corp_id":"ww1","corp_secret":"s","agent_id":"1000002"})"), "ok");
  EXPECT_EQ(Outcome("webhook", R"({"secret":"s","timeout_s":3})"), "ok");
  auto adapter = MakeAdapter("webhook", Obj(R"({"secret":"s"})"), TestClock());
  ASSERT_TRUE(adapter.ok());
  EXPECT_EQ((*adapter)->provider(), "webhook");
}

TEST(NotifyChannelConfig, UnknownProviderIsRefused) {
  auto r = MakeAdapter("carrier_pigeon", {}, TestClock());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "notify.unknown_provider");
  EXPECT_EQ(r.error().http_status, 422);
  EXPECT_EQ(r.error().details.at("provider").as_string(), "carrier_pigeon");
  EXPECT_EQ(ChannelOf("carrier_pigeon"), "");
}

TEST(NotifyChannelConfig, RequiredFieldsMustBePresentAndNotEmpty) {
  EXPECT_EQ(Outcome("aliyun_sms", R"({"access_key_id":"ak","sign_name":"x"})"),
            "notify.bad_channel_config access_key_secret required");
  EXPECT_EQ(
      Outcome("aliyun_sms", R"({"access_key_id":"","access_key_secret":"s","sign_name":"x"})"),
      "notify.bad_channel_config access_key_id required");
  EXPECT_EQ(Outcome("tencent_sms", R"({"secret_id":"i","secret_key":"k","sign_name":"x"})"),
            "notify.bad_channel_config sdk_app_id required");
  EXPECT_EQ(Outcome("smtp", R"({"host":"smtp.example.com"})"),
            "notify.bad_channel_config from required");
  EXPECT_EQ(Outcome("wecom", R"({"corp_id":"c","corp_secret":"s","agent_id":null})"),
            "notify.bad_channel_config agent_id required");
  EXPECT_EQ(Outcome("webhook", "{}"), "notify.bad_channel_config secret required");
  auto r = MakeAdapter("webhook", {}, TestClock());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().http_status, 422);
  EXPECT_EQ(r.error().details.at("fields").at("secret").as_string(), "required");
}

TEST(NotifyChannelConfig, EndpointsMustBeHttpUrls) {
  const std::string base = R"({"access_key_id":"ak","access_key_secret":"sk","sign_name":"x",)";
  EXPECT_EQ(Outcome("aliyun_sms", base + R"("endpoint":"ftp://example.com"})"),
            "notify.bad_channel_config endpoint not_http_url");
  EXPECT_EQ(Outcome("aliyun_sms", base + R"("endpoint":"example.com"})"),
            "notify.bad_channel_config endpoint not_http_url");
  EXPECT_EQ(Outcome("aliyun_sms", base + R"("endpoint":"http:///nohost"})"),
            "notify.bad_channel_config endpoint not_http_url");
  EXPECT_EQ(Outcome("aliyun_sms", base + R"("endpoint":"https://a b.com"})"),
            "notify.bad_channel_config endpoint not_http_url");
  EXPECT_EQ(Outcome("aliyun_sms", base + R"("endpoint":"file:///etc/passwd"})"),
            "notify.bad_channel_config endpoint not_http_url");
  EXPECT_EQ(Outcome("aliyun_sms", base + R"("endpoint":"HTTPS://sms.example.com:8443"})"), "ok");
}

TEST(NotifyChannelConfig, NumbersPortsEnumsAndBooleansAreChecked) {
  const std::string smtp = R"({"host":"mail.example.com","from":"a@example.com",)";
  EXPECT_EQ(Outcome("smtp", smtp + R"("port":70000})"),
            "notify.bad_channel_config port not_a_port");
  EXPECT_EQ(Outcome("smtp", smtp + R"("port":0})"), "notify.bad_channel_config port not_a_port");
  EXPECT_EQ(Outcome("smtp", smtp + R"("port":"25x"})"),
            "notify.bad_channel_config port not_a_number");
  EXPECT_EQ(Outcome("smtp", smtp + R"("port":25.5})"), "notify.bad_channel_config port not_a_port");
  EXPECT_EQ(Outcome("smtp", smtp + R"("security":"ssl"})"),
            "notify.bad_channel_config security not_one_of:starttls|tls|none");
  EXPECT_EQ(Outcome("smtp", smtp + R"("timeout_s":0})"),
            "notify.bad_channel_config timeout_s out_of_range");
  EXPECT_EQ(Outcome("smtp", smtp + R"("timeout_s":121})"),
            "notify.bad_channel_config timeout_s out_of_range");
  EXPECT_EQ(Outcome("wecom", R"({"corp_id":"c","corp_secret":"s","agent_id":-1})"),
            "notify.bad_channel_config agent_id out_of_range");
  EXPECT_EQ(Outcome("tencent_sms", R"({"secret_id":"i","secret_key":"k","sdk_app_id":"1",
                                       "sign_name":"x","text_as_param":"yes"})"),
            "notify.bad_channel_config text_as_param not_a_boolean");
}

TEST(NotifyChannelConfig, StringsAreCheckedForTypeLengthAndControlCharacters) {
  EXPECT_EQ(Outcome("webhook", R"({"secret":123})"),
            "notify.bad_channel_config secret not_a_string");
  EXPECT_EQ(Outcome("webhook", R"({"secret":"a\r\nb"})"),
            "notify.bad_channel_config secret control_characters");
  EXPECT_EQ(Outcome("webhook", R"({"secret":")" + std::string(501, 'x') + R"("})"),
            "notify.bad_channel_config secret too_long");
  // A From name with a line break would inject mail headers.
  EXPECT_EQ(
      Outcome("smtp", R"({"host":"h","from":"a@example.com","from_name":"x\nBcc: evil@x.com"})"),
      "notify.bad_channel_config from_name control_characters");
  EXPECT_EQ(Outcome("smtp", R"({"host":"h","from":"not an address"})"),
            "notify.bad_channel_config from not_an_email");
  EXPECT_EQ(Outcome("smtp", R"({"host":"h","from":"a@example.com>"})"),
            "notify.bad_channel_config from not_an_email");
  EXPECT_EQ(Outcome("smtp", R"({"host":"mail.example.com/x","from":"a@example.com"})"),
            "notify.bad_channel_config host not_a_host");
  EXPECT_EQ(Outcome("smtp", R"({"host":"h","from":"a@example.com","username":"u"})"),
            "notify.bad_channel_config password required");
}

TEST(NotifyChannelConfig, UnknownFieldsAndSecretPlaceholdersAreRefused) {
  EXPECT_EQ(Outcome("webhook", R"({"secret":"s","secert":"typo"})"),
            "notify.bad_channel_config secert unknown_field");
  EXPECT_EQ(Outcome("webhook", R"({"secret":"********"})"),
            "notify.bad_channel_config secret secret_placeholder");
}

TEST(NotifyChannelConfig, ChannelOfEveryProvider) {
  EXPECT_EQ(ChannelOf("aliyun_sms"), "sms");
  EXPECT_EQ(ChannelOf("tencent_sms"), "sms");
  EXPECT_EQ(ChannelOf("smtp"), "email");
  EXPECT_EQ(ChannelOf("wecom"), "wecom");
  EXPECT_EQ(ChannelOf("webhook"), "webhook");
}

TEST(NotifyChannelConfig, DescribeProvidersListsFieldsWithSecretsAndDefaults) {
  const boost::json::array providers = DescribeProviders();
  ASSERT_EQ(providers.size(), 5u);
  std::map<std::string, boost::json::object> by_name;
  for (const auto& p : providers) {
    by_name[std::string(p.at("provider").as_string())] = p.as_object();
    EXPECT_FALSE(p.at("label").as_string().empty());
    EXPECT_FALSE(p.at("fields").as_array().empty());
  }
  const auto field = [&](const std::string& provider, std::string_view name) {
    for (const auto& f : by_name.at(provider).at("fields").as_array()) {
      if (f.at("name").as_string() == name) return f.as_object();
    }
    return boost::json::object{};
  };
  EXPECT_EQ(by_name.at("smtp").at("channel").as_string(), "email");
  EXPECT_TRUE(field("aliyun_sms", "access_key_secret").at("secret").as_bool());
  EXPECT_TRUE(field("aliyun_sms", "access_key_secret").at("required").as_bool());
  EXPECT_FALSE(field("aliyun_sms", "access_key_id").at("secret").as_bool());
  EXPECT_EQ(field("aliyun_sms", "region").at("default").as_string(), "cn-hangzhou");
  EXPECT_EQ(field("tencent_sms", "region").at("default").as_string(), "ap-guangzhou");
  EXPECT_EQ(field("tencent_sms", "endpoint").at("default").as_string(),
            "https://sms.tencentcloudapi.com");
  EXPECT_TRUE(field("tencent_sms", "secret_key").at("secret").as_bool());
  EXPECT_TRUE(field("smtp", "password").at("secret").as_bool());
  EXPECT_EQ(field("smtp", "security").at("options").as_array().size(), 3u);
  EXPECT_TRUE(field("wecom", "corp_secret").at("secret").as_bool());
  EXPECT_EQ(field("wecom", "endpoint").at("default").as_string(), "https://qyapi.weixin.qq.com");
  EXPECT_TRUE(field("webhook", "secret").at("secret").as_bool());
  EXPECT_EQ(field("webhook", "timeout_s").at("default").as_string(), "10");
  EXPECT_FALSE(field("webhook", "timeout_s").at("secret").as_bool());
  EXPECT_FALSE(field("webhook", "timeout_s").at("required").as_bool());
}

TEST(NotifyChannelConfig, RedactConfigHidesSecretsOnly) {
  const boost::json::object redacted = RedactConfig(
      "aliyun_sms",
      Obj(R"({"access_key_id":"ak","access_key_secret":"sk-real","sign_name":"x","region":""})"));
  EXPECT_EQ(redacted.at("access_key_id").as_string(), "ak");
  EXPECT_EQ(redacted.at("access_key_secret").as_string(), "********");
  EXPECT_EQ(redacted.at("sign_name").as_string(), "x");
  EXPECT_EQ(redacted.at("region").as_string(), "");
  // An empty secret stays empty (the page shows "not set"), unknown keys and providers hide all.
  EXPECT_EQ(RedactConfig("smtp", Obj(R"({"password":""})")).at("password").as_string(), "");
  EXPECT_EQ(RedactConfig("webhook", Obj(R"({"legacy":"v"})")).at("legacy").as_string(), "********");
  EXPECT_EQ(RedactConfig("nope", Obj(R"({"a":"b"})")).at("a").as_string(), "********");
  EXPECT_EQ(boost::json::serialize(RedactConfig("webhook", Obj(R"({"secret":"s","timeout_s":5})"))),
            R"({"secret":"********","timeout_s":5})");
}

}  // namespace
}  // namespace peony::notify
