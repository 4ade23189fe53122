// email: an address checked by hand the way mail systems accept it: one "@", a dot-atom local part
// (1-64 characters) and a domain of at least two DNS labels with a letter top-level label; at
// most 254 characters. The domain is stored lower-case; the local part as given. Lenient:
// "mailto:" and "Name <address>" forms.
#include "common/strings.h"
#include "platform/schema/types/builtin.h"
#include "platform/schema/types/support.h"

namespace peony::schema::types {
namespace {

constexpr std::string_view kType = "email";

bool IsAtext(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+/=?^_`{|}~-").find(c) != std::string_view::npos;
}

bool ValidLocal(std::string_view s) {
  if (s.empty() || s.size() > 64 || s.front() == '.' || s.back() == '.') return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.') {
      if (s[i + 1] == '.') return false;
    } else if (!IsAtext(s[i])) {
      return false;
    }
  }
  return true;
}

bool ValidDomain(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  size_t labels = 0;
  std::string_view last;
  while (true) {
    const size_t dot = s.find('.');
    const std::string_view label = s.substr(0, dot);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    }
    ++labels;
    last = label;
    if (dot == std::string_view::npos) break;
    s.remove_prefix(dot + 1);
  }
  if (labels < 2 || last.size() < 2) return false;
  if (last.starts_with("xn--")) return true;  // an internationalised top-level domain
  for (char c : last) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

class EmailType final : public FieldType {
 public:
  std::string_view name() const override { return kType; }
  std::string_view label(bool english) const override { return english ? "Email" : "邮箱"; }
  std::string_view category() const override { return "contact"; }
  StorageKind storage() const override { return StorageKind::kText; }
  bool searchable() const override { return true; }
  bool can_be_sensitive() const override { return true; }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext& ctx) const override {
    PEONY_TRY(auto text, ReadText(f, kType, in, ctx, {320, false}));
    if (!text) return storage::Value{};
    std::string s = HalfWidth(*text);
    if (ctx.lenient) {
      if (const size_t lt = s.find('<'); lt != std::string::npos && s.back() == '>') {
        s = s.substr(lt + 1, s.size() - lt - 2);
      }
      if (ToLower(s.substr(0, 7)) == "mailto:") s.erase(0, 7);
      s = std::string(Trim(s));
    }
    const size_t at = s.find('@');
    if (s.size() > 254 || at == std::string::npos || s.find('@', at + 1) != std::string::npos ||
        !ValidLocal(std::string_view(s).substr(0, at)) || !ValidDomain(ToLower(s.substr(at + 1)))) {
      return Invalid(f, kType, "invalid", "请输入正确的邮箱地址，如 name@example.com",
                     "Enter a valid email address such as name@example.com");
    }
    return storage::Value{s.substr(0, at + 1) + ToLower(s.substr(at + 1))};
  }

  boost::json::value ToJson(const FieldDef&, const storage::Value& v) const override {
    return ValueToJson(v);
  }

  // "w***@example.com".
  std::string Mask(std::string_view text) const override {
    const size_t at = text.find('@');
    if (at == std::string_view::npos || at == 0) return FieldType::Mask(text);
    return std::string(text.substr(0, 1)) + "***" + std::string(text.substr(at));
  }

  std::vector<std::string_view> Operators() const override { return TextOperators(); }
};

}  // namespace

const FieldType& EmailFieldType() {
  static const EmailType t;
  return t;
}

}  // namespace peony::schema::types
