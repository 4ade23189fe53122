// money: an amount in fen (分), stored and exchanged through the API as a whole number of fen.
// Lenient input (spreadsheets, import) is in yuan, as people write it: "¥1,234.50", "1234.5元",
// or a cell's number 1234.5. Yuan become fen by decimal text arithmetic, never by x * 100, so
// 1.15 is 115 fen and 0.1 + 0.2 (a cell holding 0.30000000000000004) is 30 fen.
#include <cmath>
#include <cstdio>

#include "platform/schema/types/builtin.h"
#include "platform/schema/types/support.h"

namespace peony::schema::types {
namespace {

constexpr std::string_view kType = "money";

std::string_view StripAffix(std::string_view s, std::string_view affix, bool prefix) {
  if (s.size() < affix.size()) return s;
  if (prefix && s.substr(0, affix.size()) == affix) return Trim(s.substr(affix.size()));
  if (!prefix && s.substr(s.size() - affix.size()) == affix) {
    return Trim(s.substr(0, s.size() - affix.size()));
  }
  return s;
}

enum class YuanProblem { kNone, kNotANumber, kTooManyDecimals, kTooLarge };

// Yuan text ("-1234.5") to fen; nullopt with *problem set when it is not an amount.
std::optional<int64_t> YuanTextToFen(std::string_view text, YuanProblem* problem) {
  *problem = YuanProblem::kNotANumber;
  const auto clean = CleanNumberText(text);
  if (!clean || clean->find('e') != std::string::npos) return std::nullopt;
  std::string_view s = *clean;
  const bool negative = !s.empty() && s[0] == '-';
  if (negative) s.remove_prefix(1);
  const size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view cents = dot == std::string_view::npos ? "" : s.substr(dot + 1);
  while (cents.size() > 2 && cents.back() == '0') cents.remove_suffix(1);
  if (cents.size() > 2) {
    *problem = YuanProblem::kTooManyDecimals;
    return std::nullopt;
  }
  while (whole.size() > 1 && whole[0] == '0') whole.remove_prefix(1);
  *problem = YuanProblem::kTooLarge;
  if (whole.size() > 14) return std::nullopt;  // beyond 2^53 fen either way
  int64_t fen = 0;
  for (char c : whole) fen = fen * 10 + (c - '0');
  for (size_t i = 0; i < 2; ++i) fen = fen * 10 + (i < cents.size() ? cents[i] - '0' : 0);
  if (fen > kMaxSafeInteger) return std::nullopt;
  *problem = YuanProblem::kNone;
  return negative ? -fen : fen;
}

class MoneyType final : public FieldType {
 public:
  std::string_view name() const override { return kType; }
  std::string_view label(bool english) const override { return english ? "Money" : "金额"; }
  std::string_view category() const override { return "number"; }
  StorageKind storage() const override { return StorageKind::kInteger; }

  // min and max are in fen.
  Status CheckOptions(const boost::json::object& o) const override {
    PEONY_CHECK(OnlyOptions(o, {"min", "max"}));
    return CheckMinMax(o, true);
  }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext& ctx) const override {
    std::optional<int64_t> fen;
    if (ctx.lenient && (in.is_string() || in.is_number())) {
      PEONY_TRY(fen, LenientFen(f, in));
    } else if (in.is_number()) {
      fen = JsonInteger(in);
      if (!fen) {
        const auto d = JsonNumber(in);
        if (d && std::trunc(*d) != *d) {
          return Invalid(f, kType, "not_integer", "金额以分为单位，应为整数",
                         "Money is given in fen (cents): a whole number");
        }
        return OutOfRange(f, kType, "", "");
      }
    } else {
      return WrongType(f, kType, "以分为单位的整数", "a whole number of fen");
    }
    if (!fen) return storage::Value{};
    const auto* min = f.options.if_contains("min");
    const auto* max = f.options.if_contains("max");
    const auto lo = min ? JsonInteger(*min) : std::nullopt;
    const auto hi = max ? JsonInteger(*max) : std::nullopt;
    if (*fen > kMaxSafeInteger || *fen < -kMaxSafeInteger || (lo && *fen < *lo) ||
        (hi && *fen > *hi)) {
      return OutOfRange(f, kType, lo ? FormatFen(*lo) : "", hi ? FormatFen(*hi) : "");
    }
    return storage::Value{*fen};
  }

  boost::json::value ToJson(const FieldDef&, const storage::Value& v) const override {
    const auto n = ValueInt(v);
    return n ? boost::json::value(*n) : boost::json::value(nullptr);
  }

  std::string Format(const FieldDef&, const storage::Value& v, bool) const override {
    const auto n = ValueInt(v);
    return n ? FormatFen(*n) : "";
  }

  std::vector<std::string_view> Operators() const override { return OrderedOperators(); }

 private:
  // "¥1,234.50", "-¥0.05".
  static std::string FormatFen(int64_t fen) {
    const bool negative = fen < 0;
    const uint64_t a = negative ? 0 - static_cast<uint64_t>(fen) : static_cast<uint64_t>(fen);
    const std::string cents = std::to_string(a % 100);
    return std::string(negative ? "-" : "") + "¥" + GroupThousands(std::to_string(a / 100)) + "." +
           (cents.size() < 2 ? "0" : "") + cents;
  }

  static Result<std::optional<int64_t>> LenientFen(const FieldDef& f,
                                                   const boost::json::value& in) {
    std::string text;
    if (in.is_string()) {
      std::string_view s = Trim(in.get_string());
      if (s.empty()) return std::optional<int64_t>();
      bool negative = false;
      if (s[0] == '-') {
        negative = true;
        s = Trim(s.substr(1));
      }
      for (std::string_view affix : {"¥", "￥", "RMB", "CNY"}) s = StripAffix(s, affix, true);
      for (std::string_view affix : {"元", "RMB", "CNY"}) s = StripAffix(s, affix, false);
      text = (negative ? "-" : "") + std::string(s);
    } else {
      const auto d = JsonNumber(in);
      if (!d) return OutOfRange(f, kType, "", "");
      // A spreadsheet keeps 15 significant digits: read the cell as it showed it.
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.15g", *d);
      text = buf;
      if (text.find('e') != std::string::npos) return OutOfRange(f, kType, "", "");
    }
    YuanProblem problem = YuanProblem::kNone;
    const auto fen = YuanTextToFen(text, &problem);
    if (problem == YuanProblem::kTooManyDecimals) {
      return Invalid(f, kType, "too_many_decimals", "金额最多精确到分（两位小数）",
                     "Amounts have at most two decimal places");
    }
    if (problem == YuanProblem::kTooLarge) return OutOfRange(f, kType, "", "");
    if (!fen) {
      return Invalid(f, kType, "not_a_number", "请输入有效的金额，如 1234.50",
                     "Enter a valid amount such as 1234.50");
    }
    return std::optional<int64_t>(*fen);
  }
};

}  // namespace

const FieldType& MoneyFieldType() {
  static const MoneyType t;
  return t;
}

}  // namespace peony::schema::types
