// url: an http or https address. Checked by hand: scheme, host (names, IDN, IPv4, [IPv6]),
// optional port; no user name in the address (a phishing habit) and no spaces.
#include "common/strings.h"
#include "platform/schema/types/builtin.h"
#include "platform/schema/types/support.h"

namespace peony::schema::types {
namespace {

constexpr std::string_view kType = "url";

bool ValidHost(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  if (host.front() == '[') {
    if (host.back() != ']' || host.size() < 4) return false;
    for (char c : host.substr(1, host.size() - 2)) {
      const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == ':' || c == '.';
      if (!ok) return false;
    }
    return true;
  }
  size_t label = 0;
  for (size_t i = 0; i < host.size(); ++i) {
    const char c = host[i];
    if (c == '.') {
      if (label == 0) return false;  // empty label: "a..b", ".a"
      label = 0;
      continue;
    }
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                    (static_cast<unsigned char>(c) & 0x80);  // internationalised names
    if (!ok) return false;
    ++label;
  }
  return true;
}

class UrlType final : public FieldType {
 public:
  std::string_view name() const override { return kType; }
  std::string_view label(bool english) const override { return english ? "URL" : "网址"; }
  std::string_view category() const override { return "basic"; }
  StorageKind storage() const override { return StorageKind::kText; }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext& ctx) const override {
    PEONY_TRY(auto text, ReadText(f, kType, in, ctx, {2000, false}));
    if (!text) return storage::Value{};
    std::string url = std::move(*text);
    const size_t colon = url.find("://");
    if (colon == std::string::npos && ctx.lenient && url.find(':') == std::string::npos &&
        url.find('.') != std::string::npos) {
      url = "https://" + url;  // "www.example.com" typed in a spreadsheet
    }
    auto invalid = [&] {
      return Invalid(f, kType, "invalid", "请输入正确的网址，如 https://example.com",
                     "Enter a valid address such as https://example.com");
    };
    const size_t sep = url.find("://");
    const std::string scheme = ToLower(url.substr(0, sep == std::string::npos ? 0 : sep));
    if (sep == std::string::npos || (scheme != "http" && scheme != "https")) {
      if (sep == std::string::npos && url.find(':') == std::string::npos) return invalid();
      return Invalid(f, kType, "bad_scheme", "网址须以 http:// 或 https:// 开头",
                     "Addresses must start with http:// or https://");
    }
    if (url.find(' ') != std::string::npos) return invalid();
    const size_t start = sep + 3;
    const size_t end = std::min(url.find_first_of("/?#", start), url.size());
    std::string authority = ToLower(url.substr(start, end - start));
    if (authority.find('@') != std::string::npos) return invalid();
    std::string_view host = authority;
    const size_t port_colon = authority.rfind(':');
    if (port_colon != std::string::npos && authority.find(']', port_colon) == std::string::npos) {
      const std::string_view port = std::string_view(authority).substr(port_colon + 1);
      if (port.empty() || port.size() > 5) return invalid();
      int value = 0;
      for (char c : port) {
        if (c < '0' || c > '9') return invalid();
        value = value * 10 + (c - '0');
      }
      if (value < 1 || value > 65535) return invalid();
      host = host.substr(0, port_colon);
    }
    if (!ValidHost(host)) return invalid();
    return storage::Value{scheme + "://" + authority + url.substr(end)};
  }

  boost::json::value ToJson(const FieldDef&, const storage::Value& v) const override {
    return ValueToJson(v);
  }

  std::vector<std::string_view> Operators() const override { return TextOperators(); }
};

}  // namespace

const FieldType& UrlFieldType() {
  static const UrlType t;
  return t;
}

}  // namespace peony::schema::types
