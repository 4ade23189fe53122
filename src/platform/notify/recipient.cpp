// Recipient checks (see recipient.h). Phone and e-mail rules follow the form engine's phone and
// email field types, so a value a record accepted is accepted here.
#include "platform/notify/recipient.h"

#include <algorithm>
#include <optional>

#include "common/strings.h"
#include "platform/notify/errors.h"
#include "platform/schema/field_type.h"

namespace peony::notify {
namespace {

constexpr size_t kMaxRecipient = 2000;

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// A phone or e-mail address as the form engine's field type normalises it (one implementation
// of "a mainland mobile number" and "an e-mail address").
std::optional<std::string> ByFieldType(std::string_view type, std::string_view s) {
  const schema::FieldType* t = schema::FindFieldType(type);
  if (!t) return std::nullopt;
  schema::FieldDef f;
  f.name = "to";
  f.type = std::string(type);
  auto v = t->Normalize(f, boost::json::value(s), schema::NormalizeContext{});
  if (!v.ok() || !std::holds_alternative<std::string>(*v)) return std::nullopt;
  return std::get<std::string>(*v);
}

std::optional<std::string> Mobile(std::string_view s) { return ByFieldType("phone", s); }
// Lower-cased whole, so that an opt-out matches however the address was typed.
std::optional<std::string> Email(std::string_view s) {
  auto v = ByFieldType("email", s);
  if (v) *v = ToLower(*v);
  return v;
}

// WeChat Work member ids: 1-64 of [A-Za-z0-9_.@-] each, several joined by "|" (at most 1000).
bool ValidWecom(std::string_view s) {
  if (s.empty() || s.size() > 1000) return false;
  size_t run = 0;
  for (char c : s) {
    if (c == '|') {
      if (run == 0) return false;
      run = 0;
      continue;
    }
    if (!(IsAlnum(c) || c == '_' || c == '.' || c == '@' || c == '-') || ++run > 64) return false;
  }
  return run > 0;
}

bool ValidUrl(std::string_view s) {
  std::string_view rest;
  if (s.starts_with("https://")) {
    rest = s.substr(8);
  } else if (s.starts_with("http://")) {
    rest = s.substr(7);
  } else {
    return false;
  }
  if (rest.empty() || rest.front() == '/' || rest.front() == ':') return false;
  for (unsigned char c : s) {
    if (c <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

}  // namespace

bool IsChannel(std::string_view channel) {
  return channel == "sms" || channel == "email" || channel == "wecom" || channel == "webhook";
}

Result<std::string> NormaliseRecipient(std::string_view channel, std::string_view to) {
  to = TrimSpaces(to);
  if (to.empty() || to.size() > kMaxRecipient || !IsValidUtf8(to)) {
    return errors::BadRecipient(channel);
  }
  if (channel == "sms") {
    if (auto m = Mobile(to)) return std::move(*m);
  } else if (channel == "email") {
    if (auto e = Email(to)) return std::move(*e);
  } else if (channel == "wecom") {
    if (ValidWecom(to)) return std::string(to);
  } else if (channel == "webhook") {
    if (ValidUrl(to)) return std::string(to);
  }
  return errors::BadRecipient(channel);
}

std::string MaskRecipient(std::string_view channel, std::string_view s) {
  if (channel == "sms" && s.size() >= 8) {
    return std::string(s.substr(0, 3)) + "****" + std::string(s.substr(s.size() - 4));
  }
  if (channel == "email") {
    const size_t at = s.find('@');
    if (at != std::string_view::npos && at > 0) {
      return std::string(s.substr(0, 1)) + "***" + std::string(s.substr(at));
    }
  }
  if (channel == "webhook") {
    const size_t scheme = s.find("://");
    if (scheme != std::string_view::npos) {
      // scheme://host[:port] only: no user info, path or query (they may hold tokens).
      const size_t path = std::min(s.find('/', scheme + 3), s.find('?', scheme + 3));
      std::string_view authority = s.substr(
          scheme + 3, path == std::string_view::npos ? std::string_view::npos : path - scheme - 3);
      if (const size_t at = authority.rfind('@'); at != std::string_view::npos) {
        authority.remove_prefix(at + 1);
      }
      return std::string(s.substr(0, scheme + 3)) + std::string(authority) +
             (path == std::string_view::npos ? "" : "/…");
    }
  }
  // wecom and anything short: the first two characters (ASCII ids).
  return std::string(s.substr(0, std::min<size_t>(2, s.size() / 2))) + "***";
}

std::string RecipientIndex(const storage::crypto::KeyRing& keys, std::string_view channel,
                           std::string_view normalised) {
  return storage::crypto::BlindIndex(keys, "notify." + std::string(channel), normalised);
}

}  // namespace peony::notify
