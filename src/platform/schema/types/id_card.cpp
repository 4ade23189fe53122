// id_card: a resident identity card number of mainland China (GB 11643-1999): 18 characters, six
// digits of region, the birth date YYYYMMDD, three of sequence and a check character computed by
// ISO 7064 MOD 11-2 ("X" for 10, stored upper-case). Lenient: an old 15-digit number (born 19xx)
// is converted to 18. The checks are by hand, in the order people can fix them.
#include "common/time_zone.h"
#include "platform/schema/types/builtin.h"
#include "platform/schema/types/support.h"

namespace peony::schema::types {
namespace {

constexpr std::string_view kType = "id_card";

char CheckCharacter(std::string_view first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kChecks[] = "10X98765432";
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kChecks[sum % 11];
}

// Province-level codes (the first two digits), with 81-83 of the residence permits for people from
// Hong Kong, Macao and Taiwan.
bool KnownProvince(int code) {
  static constexpr int kCodes[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34,
                                   35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
                                   53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83};
  for (int c : kCodes) {
    if (c == code) return true;
  }
  return false;
}

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

class IdCardType final : public FieldType {
 public:
  std::string_view name() const override { return kType; }
  std::string_view label(bool english) const override {
    return english ? "ID card number" : "身份证号";
  }
  std::string_view category() const override { return "contact"; }
  StorageKind storage() const override { return StorageKind::kText; }
  bool can_be_sensitive() const override { return true; }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext& ctx) const override {
    PEONY_TRY(auto text, ReadText(f, kType, in, ctx, {40, false}));
    if (!text) return storage::Value{};
    std::string id;
    for (char c : HalfWidth(*text)) {
      if (c != ' ') id.push_back(c == 'x' ? 'X' : c);
    }
    if (ctx.lenient && id.size() == 15 && AllDigits(id)) {
      id = id.substr(0, 6) + "19" + id.substr(6);
      id.push_back(CheckCharacter(id));
    }
    if (id.size() != 18 || !AllDigits(id.substr(0, 17)) ||
        !(AllDigits(id.substr(17)) || id[17] == 'X')) {
      return Invalid(f, kType, "invalid", "请输入 18 位身份证号码",
                     "Enter the 18-character ID card number");
    }
    if (!KnownProvince((id[0] - '0') * 10 + (id[1] - '0'))) {
      return Invalid(f, kType, "bad_region", "身份证号码的地区码不正确",
                     "The region code of the ID card number is wrong");
    }
    const auto birth = ParseDate(id.substr(6, 4) + "-" + id.substr(10, 2) + "-" + id.substr(12, 2));
    if (!birth || birth->y < 1900 || birth->y > 2100) {
      return Invalid(f, kType, "bad_birth_date", "身份证号码中的出生日期不正确",
                     "The birth date in the ID card number is not a real date");
    }
    if (CheckCharacter(id) != id[17]) {
      return Invalid(f, kType, "bad_check_digit", "身份证号码校验位不正确，请核对",
                     "The ID card number's check digit is wrong; check the number");
    }
    return storage::Value{std::move(id)};
  }

  boost::json::value ToJson(const FieldDef&, const storage::Value& v) const override {
    return ValueToJson(v);
  }

  // "110101********1234": the region and the last four stay.
  std::string Mask(std::string_view text) const override {
    if (text.size() != 18) return FieldType::Mask(text);
    return std::string(text.substr(0, 6)) + "********" + std::string(text.substr(14));
  }

  std::vector<std::string_view> Operators() const override {
    return {"eq", "ne", "starts_with", "in", "not_in", "is_empty", "not_empty"};
  }
};

}  // namespace

const FieldType& IdCardFieldType() {
  static const IdCardType t;
  return t;
}

}  // namespace peony::schema::types
