// Alibaba Cloud SMS (Dysmsapi SendSms, RPC API version 2017-05-25): a form POST to the endpoint
// with the common parameters and an HMAC-SHA1 signature (signing.h). The answer is JSON:
// {"Code":"OK","Message":"OK","BizId":"…","RequestId":"…"}, or another Code with a Message
// (HTTP 200 for business errors such as isv.MOBILE_NUMBER_ILLEGAL, 4xx/5xx for API errors such as
// SignatureDoesNotMatch).
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/strings.h"
#include "platform/notify/adapters.h"
#include "platform/notify/signing.h"
#include "storage/crypto/crypto.h"

namespace peony::notify::internal {
namespace {

// Codes worth another attempt later: throttling, the provider's own failures, and a nonce
// collision (each attempt signs with a fresh nonce). Every other code is a refusal that repeats.
bool IsTransient(std::string_view code) {
  return code == "isv.BUSINESS_LIMIT_CONTROL" || code == "isp.SYSTEM_ERROR" ||
         code == "SignatureNonceUsed" || code == "ServiceUnavailable" || code == "InternalError" ||
         StartsWith(code, "Throttling");
}

// Mainland numbers as 11 digits; others as country code + number without "+" (Alibaba's form).
std::optional<std::string> PhoneNumber(std::string_view to) {
  std::string digits(to);
  if (StartsWith(digits, "+86") && digits.size() == 14) {
    digits = digits.substr(3);
  } else if (StartsWith(digits, "0086") && digits.size() == 15) {
    digits = digits.substr(4);
  } else if (StartsWith(digits, "+")) {
    digits = digits.substr(1);
  }
  if (digits.size() < 6 || digits.size() > 20) return std::nullopt;
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  return digits;
}

class AliyunSms final : public ChannelAdapter {
 public:
  AliyunSms(const Config& config, const Clock& clock) : config_(config), clock_(clock) {}

  std::string_view provider() const override { return "aliyun_sms"; }

  Delivery Send(const Envelope& m) override {
    const std::optional<std::string> phone = PhoneNumber(m.to);
    if (!phone) return BadRecipient("not a phone number");
    const std::string& template_code =
        m.template_id.empty() ? config_.Get("default_template_id") : m.template_id;
    if (template_code.empty()) {
      return Failed("template.missing", "Alibaba Cloud SMS needs a registered template code");
    }
    boost::json::object template_params;
    for (const auto& [name, value] : m.params) template_params[name] = value;
    if (m.params.empty() && !config_.Get("text_param").empty() && !m.text.empty()) {
      template_params[config_.Get("text_param")] = m.text;
    }

    std::vector<std::pair<std::string, std::string>> params = {
        {"AccessKeyId", config_.Get("access_key_id")},
        {"Action", "SendSms"},
        {"Format", "JSON"},
        {"RegionId", config_.Get("region")},
        {"SignatureMethod", "HMAC-SHA1"},
        {"SignatureNonce", HexEncode(storage::crypto::RandomBytes(16))},
        {"SignatureVersion", "1.0"},
        {"Timestamp", IsoSeconds(clock_.Now())},
        {"Version", "2017-05-25"},
        {"PhoneNumbers", *phone},
        {"SignName", config_.Get("sign_name")},
        {"TemplateCode", template_code},
    };
    if (!template_params.empty()) {
      params.emplace_back("TemplateParam", boost::json::serialize(template_params));
    }
    if (!m.message_id.empty()) params.emplace_back("OutId", m.message_id);
    const std::string signature =
        AliyunRpcSignature("POST", params, config_.Get("access_key_secret"));
    params.emplace_back("Signature", signature);

    HttpRequest request;
    request.url = TrimSlash(config_.Get("endpoint")) + "/";
    request.headers = {"Content-Type: application/x-www-form-urlencoded; charset=utf-8",
                       "Accept: application/json"};
    request.body = AliyunCanonicalQuery(std::move(params));
    request.timeout_s = config_.Seconds("timeout_s");
    const HttpResponse response = HttpCall(request);
    if (!response.transport_error.empty()) return TransportFailure(response);
    return Interpret(response);
  }

 private:
  static Delivery Interpret(const HttpResponse& r) {
    boost::system::error_code ec;
    const boost::json::value answer = boost::json::parse(r.body, ec);
    const boost::json::object* obj = ec ? nullptr : answer.if_object();
    const boost::json::value* code = obj != nullptr ? obj->if_contains("Code") : nullptr;
    if (code == nullptr || !code->is_string()) return UnexpectedAnswer(r);
    const std::string code_text(code->as_string());
    std::string message;
    if (const boost::json::value* msg = obj->if_contains("Message"); msg && msg->is_string()) {
      message = std::string(msg->as_string());
    }
    if (code_text == "OK" && r.status >= 200 && r.status < 300) {
      const boost::json::value* biz = obj->if_contains("BizId");
      return Sent(biz != nullptr && biz->is_string() ? std::string(biz->as_string()) : "");
    }
    if (r.status >= 500 || r.status == 429 || IsTransient(code_text)) {
      return Retry(code_text, message);
    }
    return Failed(code_text, message);
  }

  const Config config_;
  const Clock& clock_;
};

Result<std::unique_ptr<ChannelAdapter>> Make(const Config& config, const Clock& clock) {
  return std::unique_ptr<ChannelAdapter>(std::make_unique<AliyunSms>(config, clock));
}

}  // namespace

const ProviderSpec& AliyunSmsSpec() {
  static const ProviderSpec kSpec{
      "aliyun_sms",
      "sms",
      "阿里云短信",
      "Alibaba Cloud SMS",
      {
          {"access_key_id", "AccessKey ID", "AccessKey ID", FieldKind::kString, true},
          {"access_key_secret", "AccessKey Secret", "AccessKey secret", FieldKind::kString, true,
           true},
          {"sign_name", "短信签名", "Signature name", FieldKind::kString, true},
          {"region", "地域", "Region", FieldKind::kString, false, false, "cn-hangzhou"},
          {"endpoint", "接口地址", "Endpoint", FieldKind::kUrl, false, false,
           "https://dysmsapi.aliyuncs.com"},
          {"default_template_id", "默认模板 CODE", "Default template code", FieldKind::kString},
          {"text_param", "正文参数名（无模板参数时用）",
           "Parameter for the text (no template parameters)", FieldKind::kString},
          TimeoutField("15"),
      },
      &Make};
  return kSpec;
}

}  // namespace peony::notify::internal
