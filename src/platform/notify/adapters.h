// Internals shared by the channel adapters (platform/notify only; callers use channel.h): the
// providers' config fields, their validation, and the vocabulary every adapter uses to turn a
// provider's answer into a Delivery.
//
// A provider is one ProviderSpec: its name, channel, labels, config fields and a factory that gets
// the validated config. The specs are listed once, in channel.cpp.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "platform/notify/channel.h"
#include "platform/notify/http_post.h"

namespace peony::notify::internal {

enum class FieldKind {
  kString,   // up to 500 characters, no control characters
  kUrl,      // an absolute http:// or https:// URL with a host
  kPort,     // 1-65535
  kSeconds,  // a number of seconds, 0.1-120
  kInteger,  // 0-2^31-1
  kEnum,     // one of FieldSpec::options ("a|b|c")
  kEmail,    // an address local@domain
  kBool,     // true / false
};

struct FieldSpec {
  std::string_view name;
  std::string_view label_zh;
  std::string_view label_en;
  FieldKind kind = FieldKind::kString;
  bool required = false;
  bool secret = false;
  std::string_view default_value;  // "" when none
  std::string_view options;        // kEnum: "starttls|tls|none"
};

// A validated config: every field of the spec as text, defaults filled in ("" when absent and no
// default). Numbers are kept in their decimal form.
class Config {
 public:
  const std::string& Get(std::string_view name) const;
  double Seconds(std::string_view name) const;
  int64_t Int(std::string_view name) const;
  bool Bool(std::string_view name) const { return Get(name) == "true"; }
  void Set(std::string name, std::string value) { values_[std::move(name)] = std::move(value); }

 private:
  std::map<std::string, std::string, std::less<>> values_;
};

using AdapterFactory = Result<std::unique_ptr<ChannelAdapter>> (*)(const Config& config,
                                                                   const Clock& clock);

struct ProviderSpec {
  std::string_view provider;
  std::string_view channel;
  std::string_view label_zh;
  std::string_view label_en;
  std::vector<FieldSpec> fields;
  AdapterFactory make = nullptr;
};

// One per provider file.
const ProviderSpec& AliyunSmsSpec();
const ProviderSpec& TencentSmsSpec();
const ProviderSpec& SmtpSpec();
const ProviderSpec& WecomSpec();
const ProviderSpec& WebhookSpec();

// Checks `config` against the spec: required fields present, each of its kind, no unknown fields,
// no secret left as the "********" placeholder. Error: notify.bad_channel_config (422,
// details.field and details.reason: "required", "unknown_field", "not_a_string", "too_long",
// "control_characters", "not_http_url", "not_a_port", "not_a_number", "out_of_range",
// "not_one_of:<options>", "not_an_email", "not_a_boolean", "secret_placeholder").
Result<Config> ValidateConfig(const ProviderSpec& spec, const boost::json::object& config);

// The "timeout_s" field every provider takes (total time of one request).
FieldSpec TimeoutField(std::string_view default_seconds);

// --- Deliveries ---------------------------------------------------------------------------------
Delivery Sent(std::string provider_message_id);
Delivery Retry(std::string code, std::string message);
Delivery Failed(std::string code, std::string message);
// A transport failure (no answer): kRetry with "transport.<name>".
Delivery TransportFailure(const HttpResponse& response);
// The recipient does not fit the provider: kFailed "notify.bad_recipient".
Delivery BadRecipient(std::string_view why);
// An answer that is not what the provider documents: kRetry "http.<status>" for 5xx, 408 and 429,
// else kFailed "response.invalid" (a 2xx answer may mean the message went out; sending it again
// could duplicate it).
Delivery UnexpectedAnswer(const HttpResponse& response);

// At most `max_bytes` of `text`, cut at a UTF-8 boundary, control characters replaced by spaces
// (provider messages kept for operators).
std::string Snippet(std::string_view text, size_t max_bytes = 300);

// An address local@domain (ASCII, no spaces, quotes, brackets or control characters).
bool IsEmailAddress(std::string_view s);
// The URL's scheme is http or https and it has a host (no spaces, no control characters).
bool IsHttpUrl(std::string_view url);
// "host[:port]" of an http(s) URL, as libcurl sends it in the Host header (port only when given).
std::string UrlAuthority(std::string_view url);
// The endpoint without a trailing "/" (config endpoints are base URLs).
std::string TrimSlash(std::string_view url);

// "2026-11-22T21:10:57Z" (UTC, seconds).
std::string IsoSeconds(UtcMillis t);

}  // namespace peony::notify::internal
