// Tencent Cloud SMS (SendSms, API version 2021-01-11): a JSON POST to the endpoint with the
// X-TC-* headers and a TC3-HMAC-SHA256 Authorization (signing.h). The answer is
// {"Response":{"SendStatusSet":[{"SerialNo","PhoneNumber","Code":"Ok","Message",…}],"RequestId"}}
// or {"Response":{"Error":{"Code","Message"},"RequestId"}}.
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <utility>

#include "common/strings.h"
#include "platform/notify/adapters.h"
#include "platform/notify/signing.h"

namespace peony::notify::internal {
namespace {

constexpr std::string_view kContentType = "application/json; charset=utf-8";

// Codes worth another attempt later: the provider's transient failures, request and per-number
// frequency limits, a signature rejected as expired (clock skew). Others repeat as they are.
bool IsTransient(std::string_view code) {
  return code == "InternalError" || code == "InternalError.Timeout" ||
         code == "InternalError.OtherError" || code == "InternalError.SendAndRecvFail" ||
         code == "InternalError.RequestTimeException" || StartsWith(code, "RequestLimitExceeded") ||
         code == "LimitExceeded.PhoneNumberThirtySecondLimit" ||
         code == "LimitExceeded.PhoneNumberOneHourLimit" ||
         code == "LimitExceeded.DeliveryFrequencyLimit" || code == "AuthFailure.SignatureExpire";
}

// E.164: "+8613800138000"; 11-digit mainland numbers get +86.
std::optional<std::string> PhoneNumber(std::string_view to) {
  std::string n(to);
  if (StartsWith(n, "00")) n = "+" + n.substr(2);
  if (n.size() == 11 && n[0] == '1') n = "+86" + n;
  if (n.size() == 13 && StartsWith(n, "861")) n = "+" + n;
  if (!StartsWith(n, "+") || n.size() < 7 || n.size() > 21) return std::nullopt;
  for (size_t i = 1; i < n.size(); ++i) {
    if (n[i] < '0' || n[i] > '9') return std::nullopt;
  }
  return n;
}

std::string StringField(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : "";
}

class TencentSms final : public ChannelAdapter {
 public:
  TencentSms(const Config& config, const Clock& clock) : config_(config), clock_(clock) {}

  std::string_view provider() const override { return "tencent_sms"; }

  Delivery Send(const Envelope& m) override {
    const std::optional<std::string> phone = PhoneNumber(m.to);
    if (!phone) return BadRecipient("not a phone number");
    const std::string& template_id =
        m.template_id.empty() ? config_.Get("default_template_id") : m.template_id;
    if (template_id.empty()) {
      return Failed("template.missing", "Tencent Cloud SMS needs a registered template id");
    }
    boost::json::array values;
    for (const auto& param : m.params) values.emplace_back(param.second);
    if (m.params.empty() && config_.Bool("text_as_param") && !m.text.empty()) {
      values.emplace_back(m.text);
    }
    boost::json::object body{{"PhoneNumberSet", boost::json::array{boost::json::value(*phone)}},
                             {"SmsSdkAppId", config_.Get("sdk_app_id")},
                             {"SignName", config_.Get("sign_name")},
                             {"TemplateId", template_id},
                             {"TemplateParamSet", std::move(values)}};
    if (!m.message_id.empty()) body["SessionContext"] = m.message_id;

    const std::string endpoint = config_.Get("endpoint");
    Tc3Request sign;
    sign.secret_id = config_.Get("secret_id");
    sign.secret_key = config_.Get("secret_key");
    sign.service = "sms";
    sign.host = UrlAuthority(endpoint);
    sign.content_type = std::string(kContentType);
    sign.payload = boost::json::serialize(body);
    sign.timestamp = clock_.Now() / 1000;

    HttpRequest request;
    request.url = TrimSlash(endpoint) + "/";
    request.headers = {"Content-Type: " + sign.content_type,
                       "Host: " + sign.host,
                       "X-TC-Action: SendSms",
                       "X-TC-Version: 2021-01-11",
                       "X-TC-Timestamp: " + std::to_string(sign.timestamp),
                       "X-TC-Region: " + config_.Get("region"),
                       "Authorization: " + Tc3Authorization(sign)};
    request.body = std::move(sign.payload);
    request.timeout_s = config_.Seconds("timeout_s");
    const HttpResponse response = HttpCall(request);
    if (!response.transport_error.empty()) return TransportFailure(response);
    return Interpret(response);
  }

 private:
  static Delivery Interpret(const HttpResponse& r) {
    boost::system::error_code ec;
    const boost::json::value answer = boost::json::parse(r.body, ec);
    const boost::json::object* top = ec ? nullptr : answer.if_object();
    const boost::json::value* resp = top != nullptr ? top->if_contains("Response") : nullptr;
    if (resp == nullptr || !resp->is_object()) return UnexpectedAnswer(r);
    const boost::json::object& response = resp->as_object();
    if (const boost::json::value* err = response.if_contains("Error"); err && err->is_object()) {
      const std::string code = StringField(err->as_object(), "Code");
      const std::string message = StringField(err->as_object(), "Message");
      if (r.status >= 500 || IsTransient(code)) return Retry(code, message);
      return Failed(code, message);
    }
    const boost::json::value* set = response.if_contains("SendStatusSet");
    if (set == nullptr || !set->is_array() || set->as_array().empty() ||
        !set->as_array().front().is_object()) {
      return UnexpectedAnswer(r);
    }
    const boost::json::object& status = set->as_array().front().as_object();
    const std::string code = StringField(status, "Code");
    if (code == "Ok") return Sent(StringField(status, "SerialNo"));
    const std::string message = StringField(status, "Message");
    if (IsTransient(code)) return Retry(code, message);
    return Failed(code.empty() ? "response.invalid" : code, message);
  }

  const Config config_;
  const Clock& clock_;
};

Result<std::unique_ptr<ChannelAdapter>> Make(const Config& config, const Clock& clock) {
  return std::unique_ptr<ChannelAdapter>(std::make_unique<TencentSms>(config, clock));
}

}  // namespace

const ProviderSpec& TencentSmsSpec() {
  static const ProviderSpec kSpec{
      "tencent_sms",
      "sms",
      "腾讯云短信",
      "Tencent Cloud SMS",
      {
          {"secret_id", "SecretId", "SecretId", FieldKind::kString, true},
          {"secret_key", "SecretKey", "SecretKey", FieldKind::kString, true, true},
          {"sdk_app_id", "短信应用 SdkAppId", "SMS SdkAppId", FieldKind::kString, true},
          {"sign_name", "短信签名", "Signature name", FieldKind::kString, true},
          {"region", "地域", "Region", FieldKind::kString, false, false, "ap-guangzhou"},
          {"endpoint", "接口地址", "Endpoint", FieldKind::kUrl, false, false,
           "https://sms.tencentcloudapi.com"},
          {"default_template_id", "默认模板 ID", "Default template id", FieldKind::kString},
          {"text_as_param", "无模板参数时以正文为唯一参数", "Send the text as the only parameter",
           FieldKind::kBool, false, false, "false"},
          TimeoutField("15"),
      },
      &Make};
  return kSpec;
}

}  // namespace peony::notify::internal
