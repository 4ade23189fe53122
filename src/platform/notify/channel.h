// Channel adapters (platform/notify): each speaks one provider's real protocol.
//
//   provider      channel  protocol
//   aliyun_sms    sms      Alibaba Cloud Dysmsapi SendSms (RPC API 2017-05-25, HMAC-SHA1 signature)
//   tencent_sms   sms      Tencent Cloud SMS SendSms (API 2021-01-11, TC3-HMAC-SHA256 signature)
//   smtp          email    SMTP (STARTTLS or implicit TLS, AUTH) through libcurl
//   wecom         wecom    WeChat Work: gettoken (cached until it expires) + message/send
//   webhook       webhook  HTTP POST of a JSON body, signed: X-Peony-Timestamp and
//                          X-Peony-Signature: sha256=hex(HMAC-SHA256(secret, timestamp + "." +
//                          body))
//
// Every provider's endpoint is part of its config (default: the provider's public address), so
// tests and private deployments can point it elsewhere. Adapters are used from job threads; one
// adapter instance may be called from several threads at once.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/result.h"

namespace peony::notify {

// One message as the provider gets it.
struct Envelope {
  std::string message_id;  // Peony's id, passed where the provider takes one (de-duplication)
  std::string to;          // phone (+86 or 11 digits), e-mail, WeChat Work user id, or URL
  std::string subject;     // e-mail only
  std::string text;        // the rendered text (e-mail, WeChat Work, webhook; SMS when no template)
  // SMS providers send registered templates: the template's id and its parameters in order
  // (Alibaba takes them by name, Tencent by position).
  std::string template_id;
  std::vector<std::pair<std::string, std::string>> params;
};

struct Delivery {
  enum class Outcome {
    kSent,    // accepted by the provider
    kRetry,   // a transient failure: time-out, 5xx, throttling
    kFailed,  // refused for good: bad number, bad credentials, unknown template
  };
  Outcome outcome = Outcome::kFailed;
  std::string provider_message_id;
  // The provider's code ("isv.MOBILE_NUMBER_ILLEGAL", "FailedOperation.…", "wecom.81013",
  // "smtp.550"), or Peony's: "http.<status>" (an answer the provider does not document),
  // "transport.<curl code>" (no answer: refused, time-out, TLS; always kRetry),
  // "response.invalid" (a 2xx answer that cannot be read; kFailed so nothing is sent twice),
  // "notify.bad_recipient" / "template.missing" (nothing was sent).
  std::string error_code;
  std::string error_message;  // the provider's message or answer, for the operator (≤ 300
                              // bytes of UTF-8)
};

class ChannelAdapter {
 public:
  virtual ~ChannelAdapter() = default;
  virtual std::string_view provider() const = 0;
  // Sends one message; blocks for at most the config's timeout_s per request (WeChat Work may
  // make three: token, send, send again with a fresh token). Never throws; thread-safe.
  virtual Delivery Send(const Envelope& message) = 0;
};

// The channel a provider serves ("sms", "email", "wecom", "webhook"), or "" when unknown.
std::string_view ChannelOf(std::string_view provider);

// Validates `config` and builds the provider's adapter. Errors: notify.unknown_provider,
// notify.bad_channel_config (422, details.field and details.reason: "required",
// "unknown_field", "not_http_url", "not_a_port", "out_of_range", "control_characters",
// "secret_placeholder", … — see adapters.h). The adapter keeps its own copy of the config; `clock`
// must outlive it.
Result<std::unique_ptr<ChannelAdapter>> MakeAdapter(std::string_view provider,
                                                    const boost::json::object& config,
                                                    const Clock& clock);

// Every provider with the config fields it takes, for the settings page:
// [{"provider","channel","label","label_en","fields":[{"name","label","label_en","secret",
//   "required","default" (string or null),"options"? (enum fields)}]}]; labels in zh-CN and en-US.
boost::json::array DescribeProviders();

// The config with secret fields replaced by "********" (for GET answers and logs); empty secrets
// stay empty; fields the provider does not take, and every field of an unknown provider, are
// masked too.
boost::json::object RedactConfig(std::string_view provider, const boost::json::object& config);

}  // namespace peony::notify
