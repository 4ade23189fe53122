// Numbers for the field types. Decimal rounding and formatting work on the shortest decimal text of
// a double (std::to_chars), never on arithmetic such as x * 100, so that 2.675 rounds to 2.68 and
// 1.15 yuan is 115 fen.
#include <charconv>
#include <cmath>
#include <limits>

#include "platform/schema/types/support.h"

namespace peony::schema::types {
namespace {

constexpr double kTwoTo53 = 9'007'199'254'740'992.0;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Shortest round-trip text of v in fixed notation; v finite with |v| < 1e21.
std::string ShortestFixed(double v) {
  char buf[400];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  return std::string(buf, r.ptr);
}

std::optional<double> ParseDouble(std::string_view s) {
  double v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

}  // namespace

std::optional<double> JsonNumber(const boost::json::value& v) {
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  if (v.is_double() && std::isfinite(v.get_double())) return v.get_double();
  return std::nullopt;
}

std::optional<int64_t> JsonInteger(const boost::json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64()) {
    if (v.get_uint64() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return std::nullopt;
    }
    return static_cast<int64_t>(v.get_uint64());
  }
  if (v.is_double()) {
    const double d = v.get_double();
    if (!std::isfinite(d) || std::trunc(d) != d || std::fabs(d) > kTwoTo53) return std::nullopt;
    return static_cast<int64_t>(d);
  }
  return std::nullopt;
}

std::optional<std::string> CleanNumberText(std::string_view raw) {
  const std::string half = HalfWidth(raw);
  std::string s;
  for (char c : half) {
    if (c != ' ' && c != '\t') s.push_back(c);
  }
  if (s.empty() || s.size() > 64) return std::nullopt;
  std::string out;
  size_t i = 0;
  if (s[i] == '+' || s[i] == '-') {
    if (s[i] == '-') out.push_back('-');
    ++i;
  }
  // Integer part, with optional thousands separators in groups of three.
  size_t digits = 0, group = 0;
  bool grouped = false;
  for (; i < s.size() && (IsDigit(s[i]) || s[i] == ','); ++i) {
    if (s[i] == ',') {
      if (digits == 0 || (grouped && group != 3) || (!grouped && group > 3)) return std::nullopt;
      grouped = true;
      group = 0;
      continue;
    }
    out.push_back(s[i]);
    ++digits;
    ++group;
  }
  if (grouped && group != 3) return std::nullopt;
  if (digits == 0) out.push_back('0');
  size_t fraction = 0;
  if (i < s.size() && s[i] == '.') {
    out.push_back('.');
    for (++i; i < s.size() && IsDigit(s[i]); ++i, ++fraction) out.push_back(s[i]);
    if (fraction == 0) out.pop_back();
  }
  if (digits == 0 && fraction == 0) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    out.push_back('e');
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
      if (s[i] == '-') out.push_back('-');
      ++i;
    }
    size_t exponent = 0;
    for (; i < s.size() && IsDigit(s[i]); ++i, ++exponent) out.push_back(s[i]);
    if (exponent == 0 || exponent > 3) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  return out;
}

std::optional<double> ParseNumberText(std::string_view s) {
  const auto clean = CleanNumberText(s);
  if (!clean) return std::nullopt;
  return ParseDouble(*clean);
}

Result<std::optional<double>> ReadNumber(const FieldDef& f, std::string_view type,
                                         const boost::json::value& in,
                                         const NormalizeContext& ctx) {
  if (in.is_null()) return std::optional<double>();
  if (in.is_number()) {
    const auto n = JsonNumber(in);
    if (!n) return Invalid(f, type, "not_a_number", "请输入有效的数字", "Enter a valid number");
    return std::optional<double>(*n);
  }
  if (in.is_string() && ctx.lenient) {
    const std::string_view s = in.get_string();
    if (Trim(s).empty()) return std::optional<double>();
    const auto n = ParseNumberText(s);
    if (!n) return Invalid(f, type, "not_a_number", "请输入有效的数字", "Enter a valid number");
    return std::optional<double>(*n);
  }
  return WrongType(f, type, "数字", "a number");
}

Result<std::optional<int64_t>> ReadInteger(const FieldDef& f, std::string_view type,
                                           const boost::json::value& in,
                                           const NormalizeContext& ctx) {
  auto out_of_range = [&] {
    return Invalid(f, type, "out_of_range", "数值超出允许范围", "The number is out of range");
  };
  auto not_integer = [&] {
    return Invalid(f, type, "not_integer", "请输入整数", "Enter a whole number");
  };
  std::optional<int64_t> n;
  if (in.is_null()) return std::optional<int64_t>();
  if (in.is_number()) {
    n = JsonInteger(in);
    if (!n) {
      const auto d = JsonNumber(in);
      if (!d) {
        if (in.is_uint64()) return out_of_range();
        return Invalid(f, type, "not_a_number", "请输入有效的数字", "Enter a valid number");
      }
      if (std::trunc(*d) != *d) return not_integer();
      return out_of_range();
    }
  } else if (in.is_string() && ctx.lenient) {
    const std::string_view s = in.get_string();
    if (Trim(s).empty()) return std::optional<int64_t>();
    const auto clean = CleanNumberText(s);
    if (!clean) return Invalid(f, type, "not_a_number", "请输入有效的数字", "Enter a valid number");
    if (clean->find_first_of(".e") != std::string::npos) {
      const auto d = ParseDouble(*clean);
      if (!d) return out_of_range();
      if (std::trunc(*d) != *d) return not_integer();
      if (std::fabs(*d) > kTwoTo53) return out_of_range();
      n = static_cast<int64_t>(*d);
    } else {
      int64_t v = 0;
      const auto r = std::from_chars(clean->data(), clean->data() + clean->size(), v);
      if (r.ec != std::errc() || r.ptr != clean->data() + clean->size()) return out_of_range();
      n = v;
    }
  } else {
    return WrongType(f, type, "整数", "a whole number");
  }
  if (*n > kMaxSafeInteger || *n < -kMaxSafeInteger) return out_of_range();
  return n;
}

std::string FormatShortest(double v) {
  if (!std::isfinite(v)) return "";
  if (v == 0) return "0";
  const double a = std::fabs(v);
  if (a >= 1e21 || a < 1e-6) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
  }
  return ShortestFixed(v);
}

double RoundHalfAway(double v, int decimals) {
  if (!std::isfinite(v) || std::fabs(v) >= 1e21 || decimals < 0 || decimals > 15) return v;
  const std::string s = ShortestFixed(v);
  const bool negative = s[0] == '-';
  const std::string_view body = std::string_view(s).substr(negative ? 1 : 0);
  const size_t dot = body.find('.');
  if (dot == std::string_view::npos || body.size() - dot - 1 <= static_cast<size_t>(decimals)) {
    return v;
  }
  // Digits kept, as one integer in text, then incremented when the first dropped digit is ≥ 5.
  std::string kept = std::string(body.substr(0, dot)) +
                     std::string(body.substr(dot + 1, static_cast<size_t>(decimals)));
  if (body[dot + 1 + static_cast<size_t>(decimals)] >= '5') {
    size_t i = kept.size();
    while (i > 0) {
      --i;
      if (kept[i] == '9') {
        kept[i] = '0';
      } else {
        ++kept[i];
        break;
      }
      if (i == 0) kept.insert(kept.begin(), '1');
    }
  }
  std::string text = negative ? "-" : "";
  const size_t int_len = kept.size() - static_cast<size_t>(decimals);
  text += kept.substr(0, int_len);
  if (decimals > 0) text += "." + kept.substr(int_len);
  const double r = ParseDouble(text).value_or(v);
  return r == 0 ? 0.0 : r;  // no negative zero
}

std::string FormatFixed(double v, int decimals) {
  if (!std::isfinite(v)) return "";
  if (std::fabs(v) >= 1e21 || decimals < 0 || decimals > 15) return FormatShortest(v);
  const double r = RoundHalfAway(v, decimals);
  char buf[400];
  const auto res = std::to_chars(buf, buf + sizeof buf, r, std::chars_format::fixed, decimals);
  std::string out(buf, res.ptr);
  if (out[0] == '-' && out.find_first_not_of("-0.") == std::string::npos) out.erase(0, 1);
  return out;
}

std::string GroupThousands(std::string_view digits) {
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

}  // namespace peony::schema::types
