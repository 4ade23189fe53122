// phone: a mainland China mobile number, normalised to its 11 digits ("+86 138-1234-5678",
// "138 1234 5678", "008613812345678" → "13812345678"). With options.allow_landline also a fixed
// line with its area code ("010-12345678", "(0755) 1234 5678" → "0755-12345678") and 400/800
// service numbers ("400-123-4567"). Checked by hand, digit by digit.
#include "platform/schema/types/builtin.h"
#include "platform/schema/types/support.h"

namespace peony::schema::types {
namespace {

constexpr std::string_view kType = "phone";

bool IsMobile(std::string_view d) {
  if (d.size() != 11 || d[0] != '1' || d[1] < '3' || d[1] > '9') return false;
  for (char c : d) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// "010-12345678" from "01012345678": three-digit area codes are 010 and 02x, the rest have four;
// subscriber numbers have 7 or 8 digits (8 after a three-digit code) and never start with 0.
std::optional<std::string> Landline(const std::string& d) {
  if (d.size() == 10 && (d.starts_with("400") || d.starts_with("800"))) {
    return d.substr(0, 3) + "-" + d.substr(3, 3) + "-" + d.substr(6);
  }
  if (d.size() < 10 || d.size() > 12 || d[0] != '0' || d[1] == '0') return std::nullopt;
  const size_t area = d[1] == '1' || d[1] == '2' ? 3 : 4;
  const size_t subscriber = d.size() - area;
  if (subscriber < 7 || subscriber > 8 || (area == 3 && subscriber != 8)) return std::nullopt;
  if (d[area] == '0') return std::nullopt;
  if (area == 3 && d[1] == '1' && d[2] != '0') return std::nullopt;  // 01x other than 010
  return d.substr(0, area) + "-" + d.substr(area);
}

class PhoneType final : public FieldType {
 public:
  std::string_view name() const override { return kType; }
  std::string_view label(bool english) const override { return english ? "Phone" : "电话"; }
  std::string_view category() const override { return "contact"; }
  StorageKind storage() const override { return StorageKind::kText; }
  bool searchable() const override { return true; }
  bool can_be_sensitive() const override { return true; }

  Status CheckOptions(const boost::json::object& o) const override {
    PEONY_CHECK(OnlyOptions(o, {"allow_landline"}));
    PEONY_TRY(auto landline, BoolOption(o, "allow_landline"));
    (void)landline;
    return Ok();
  }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext& ctx) const override {
    PEONY_TRY(auto text, ReadText(f, kType, in, ctx, {40, false}));
    if (!text) return storage::Value{};
    const bool landline_ok = BoolOr(f.options, "allow_landline", false);
    auto invalid = [&] {
      return landline_ok
                 ? Invalid(f, kType, "invalid",
                           "请输入正确的手机号码或带区号的固定电话（如 010-12345678）",
                           "Enter a mainland mobile number or a landline with its area code "
                           "(such as 010-12345678)")
                 : Invalid(f, kType, "invalid", "请输入正确的 11 位手机号码",
                           "Enter an 11-digit mainland mobile number");
    };
    std::string digits;
    bool plus = false;
    for (char c : HalfWidth(*text)) {
      if (c >= '0' && c <= '9') {
        digits.push_back(c);
      } else if (c == '+' && digits.empty() && !plus) {
        plus = true;
      } else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.') {
        return invalid();
      }
    }
    // Country code: "+86", "0086", or "86" before a full mobile number.
    bool international = false;
    if (plus) {
      if (!digits.starts_with("86")) return invalid();  // mainland numbers only
      digits.erase(0, 2);
      international = true;
    } else if (digits.starts_with("0086")) {
      digits.erase(0, 4);
      international = true;
    } else if (digits.size() == 13 && digits.starts_with("861")) {
      digits.erase(0, 2);
    }
    if (IsMobile(digits)) return storage::Value{digits};
    if (!landline_ok) return invalid();
    // From abroad the area code loses its leading 0: "+86 10 12345678".
    if (international && !digits.starts_with("0") && !digits.starts_with("400") &&
        !digits.starts_with("800")) {
      digits.insert(digits.begin(), '0');
    }
    auto fixed = Landline(digits);
    if (!fixed) return invalid();
    return storage::Value{std::move(*fixed)};
  }

  boost::json::value ToJson(const FieldDef&, const storage::Value& v) const override {
    return ValueToJson(v);
  }

  // "138****5678"; landlines keep the area code: "010-****5678".
  std::string Mask(std::string_view text) const override {
    const size_t dash = text.find('-');
    if (dash != std::string_view::npos && text.size() > dash + 5) {
      return std::string(text.substr(0, dash + 1)) + "****" +
             std::string(text.substr(text.size() - 4));
    }
    if (text.size() >= 8) {
      return std::string(text.substr(0, 3)) + "****" + std::string(text.substr(text.size() - 4));
    }
    return FieldType::Mask(text);
  }

  std::vector<std::string_view> Operators() const override { return TextOperators(); }
};

}  // namespace

const FieldType& PhoneFieldType() {
  static const PhoneType t;
  return t;
}

}  // namespace peony::schema::types
