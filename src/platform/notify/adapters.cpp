#include "platform/notify/adapters.h"

#include <boost/json/value.hpp>
#include <boost/url/parse.hpp>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "common/strings.h"
#include "platform/notify/errors.h"

namespace peony::notify::internal {
namespace {

constexpr size_t kMaxFieldChars = 500;
constexpr std::string_view kSecretPlaceholder = "********";

bool HasControl(std::string_view s) {
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

}  // namespace

bool IsEmailAddress(std::string_view s) {
  const size_t at = s.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= s.size() || at > 64 || s.size() > 254) {
    return false;
  }
  if (s.find('@', at + 1) != std::string_view::npos) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c <= 0x20 || c >= 0x7f) return false;
    if (std::string_view("<>()[]\\,;:\"").find(static_cast<char>(c)) != std::string_view::npos) {
      return false;
    }
    const bool in_domain = i > at;
    if (in_domain && !(std::isalnum(c) || c == '.' || c == '-')) return false;
  }
  const std::string_view domain = s.substr(at + 1);
  return domain.front() != '.' && domain.back() != '.' &&
         domain.find("..") == std::string_view::npos;
}

namespace {

// A JSON number or a numeric string, as a double; nullopt for anything else.
std::optional<double> NumberOf(const boost::json::value& v) {
  if (v.is_int64()) return static_cast<double>(v.as_int64());
  if (v.is_uint64()) return static_cast<double>(v.as_uint64());
  if (v.is_double()) return v.as_double();
  if (v.is_string()) {
    const std::string_view s = v.as_string();
    double d = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (ec == std::errc() && end == s.data() + s.size() && !s.empty()) return d;
  }
  return std::nullopt;
}

std::string FormatNumber(double d) {
  if (d == std::floor(d) && std::fabs(d) < 1e15) return std::to_string(static_cast<int64_t>(d));
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  return ec == std::errc() ? std::string(buf, end) : std::to_string(d);
}

bool OneOf(std::string_view value, std::string_view options) {
  while (!options.empty()) {
    const size_t bar = options.find('|');
    if (options.substr(0, bar) == value) return true;
    if (bar == std::string_view::npos) break;
    options.remove_prefix(bar + 1);
  }
  return false;
}

// The field's value as text, or the reason it is invalid (Result's error carries the reason).
struct Checked {
  std::string value;
  std::string reason;  // "" when valid
};

Checked CheckValue(const FieldSpec& f, const boost::json::value& v) {
  auto bad = [](std::string reason) { return Checked{"", std::move(reason)}; };
  switch (f.kind) {
    case FieldKind::kPort:
    case FieldKind::kInteger:
    case FieldKind::kSeconds: {
      const std::optional<double> n = NumberOf(v);
      if (!n) return bad("not_a_number");
      if (f.kind == FieldKind::kSeconds) {
        if (!(*n >= 0.1 && *n <= 120)) return bad("out_of_range");
        return {FormatNumber(*n), ""};
      }
      if (*n != std::floor(*n))
        return bad(f.kind == FieldKind::kPort ? "not_a_port" : "out_of_range");
      if (f.kind == FieldKind::kPort && !(*n >= 1 && *n <= 65535)) return bad("not_a_port");
      if (f.kind == FieldKind::kInteger && !(*n >= 0 && *n <= 2147483647.0)) {
        return bad("out_of_range");
      }
      return {FormatNumber(*n), ""};
    }
    case FieldKind::kBool:
      if (v.is_bool()) return {v.as_bool() ? "true" : "false", ""};
      if (v.is_string() && (v.as_string() == "true" || v.as_string() == "false")) {
        return {std::string(v.as_string()), ""};
      }
      return bad("not_a_boolean");
    default:
      break;
  }
  if (!v.is_string()) return bad("not_a_string");
  const std::string_view s = v.as_string();
  if (!IsValidUtf8(s)) return bad("not_a_string");
  if (Utf8Length(s) > kMaxFieldChars) return bad("too_long");
  if (HasControl(s)) return bad("control_characters");
  if (f.secret && s == kSecretPlaceholder) return bad("secret_placeholder");
  switch (f.kind) {
    case FieldKind::kUrl:
      if (!IsHttpUrl(s)) return bad("not_http_url");
      break;
    case FieldKind::kEnum:
      if (!OneOf(s, f.options)) return bad("not_one_of:" + std::string(f.options));
      break;
    case FieldKind::kEmail:
      if (!IsEmailAddress(s)) return bad("not_an_email");
      break;
    default:
      break;
  }
  return {std::string(s), ""};
}

bool IsAbsent(const boost::json::value* v) {
  return v == nullptr || v->is_null() || (v->is_string() && v->as_string().empty());
}

}  // namespace

const std::string& Config::Get(std::string_view name) const {
  static const std::string kEmpty;
  const auto it = values_.find(name);
  return it == values_.end() ? kEmpty : it->second;
}

double Config::Seconds(std::string_view name) const {
  // from_chars: strtod would read "2.5" by the process locale.
  const std::string& text = Get(name);
  double seconds = 0;
  std::from_chars(text.data(), text.data() + text.size(), seconds);
  return seconds;
}

int64_t Config::Int(std::string_view name) const {
  return std::strtoll(Get(name).c_str(), nullptr, 10);
}

Result<Config> ValidateConfig(const ProviderSpec& spec, const boost::json::object& config) {
  for (const auto& [key, value] : config) {
    bool known = false;
    for (const FieldSpec& f : spec.fields) known = known || f.name == key;
    if (!known) return errors::BadSetting(key, "unknown_field");
  }
  Config out;
  for (const FieldSpec& f : spec.fields) {
    const boost::json::value* v = config.if_contains(f.name);
    if (IsAbsent(v)) {
      if (f.required) return errors::BadSetting(f.name, "required");
      out.Set(std::string(f.name), std::string(f.default_value));
      continue;
    }
    Checked checked = CheckValue(f, *v);
    if (!checked.reason.empty()) return errors::BadSetting(f.name, checked.reason);
    out.Set(std::string(f.name), std::move(checked.value));
  }
  return out;
}

FieldSpec TimeoutField(std::string_view default_seconds) {
  return {"timeout_s", "超时（秒）", "Time-out (seconds)", FieldKind::kSeconds,
          false,       false,        default_seconds,      ""};
}

Delivery Sent(std::string provider_message_id) {
  Delivery d;
  d.outcome = Delivery::Outcome::kSent;
  d.provider_message_id = std::move(provider_message_id);
  return d;
}

Delivery Retry(std::string code, std::string message) {
  Delivery d;
  d.outcome = Delivery::Outcome::kRetry;
  d.error_code = std::move(code);
  d.error_message = Snippet(message);
  return d;
}

Delivery Failed(std::string code, std::string message) {
  Delivery d;
  d.outcome = Delivery::Outcome::kFailed;
  d.error_code = std::move(code);
  d.error_message = Snippet(message);
  return d;
}

Delivery TransportFailure(const HttpResponse& response) {
  return Retry(response.transport_error, response.transport_message);
}

Delivery BadRecipient(std::string_view why) {
  return Failed("notify.bad_recipient", std::string(why));
}

Delivery UnexpectedAnswer(const HttpResponse& r) {
  const std::string code = "http." + std::to_string(r.status);
  if (r.status >= 500 || r.status == 408 || r.status == 429) return Retry(code, Snippet(r.body));
  if (r.status >= 200 && r.status < 300) {
    return Failed("response.invalid", "HTTP " + std::to_string(r.status) + ": " + Snippet(r.body));
  }
  return Failed(code, Snippet(r.body));
}

std::string Snippet(std::string_view text, size_t max_bytes) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    const size_t n = DecodeUtf8(text, i);
    if (n == 0) {  // not UTF-8: stop rather than store broken text
      break;
    }
    if (out.size() + n > max_bytes) break;
    const auto c = static_cast<unsigned char>(text[i]);
    if (n == 1 && (c < 0x20 || c == 0x7f)) {
      out += ' ';
    } else {
      out.append(text.substr(i, n));
    }
    i += n;
  }
  return out;
}

bool IsHttpUrl(std::string_view url) {
  if (url.empty() || url.size() > 2000 || HasControl(url) ||
      url.find(' ') != std::string_view::npos) {
    return false;
  }
  const auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return false;
  const std::string scheme = ToLower(parsed->scheme());
  if (scheme != "http" && scheme != "https") return false;
  if (!parsed->has_authority() || parsed->encoded_host().empty()) return false;
  if (parsed->has_port() && (parsed->port_number() == 0)) return false;
  return !parsed->has_fragment();
}

std::string UrlAuthority(std::string_view url) {
  const auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return "";
  return std::string(parsed->encoded_host_and_port());
}

std::string TrimSlash(std::string_view url) {
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  return std::string(url);
}

std::string IsoSeconds(UtcMillis t) {
  std::string s = FormatRfc3339(t);  // "2026-11-22T21:10:57.123Z"
  return s.substr(0, 19) + "Z";
}

}  // namespace peony::notify::internal
