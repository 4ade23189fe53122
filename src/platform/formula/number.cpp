#include "platform/formula/number.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace peony::formula {
namespace {

// The 15 significant digits of |x| (x finite, non-zero) and the decimal exponent of the first:
// |x| ≈ 0.D × 10^(exponent + 1).
struct Decimal15 {
  std::string digits;
  int exponent = 0;
};

Decimal15 Decompose(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.14e", std::fabs(x));  // "d.dddddddddddddde±XX"
  Decimal15 d;
  d.digits.push_back(buf[0]);
  d.digits.append(buf + 2, 14);
  d.exponent = std::atoi(buf + 17);
  return d;
}

double FromDecimal(bool negative, const std::string& digits, int exponent10) {
  const std::string text = (digits.empty() ? "0" : digits) + "e" + std::to_string(exponent10);
  const double v = std::strtod(text.c_str(), nullptr);
  if (v == 0) return 0;  // never -0
  return negative ? -v : v;
}

// Adds one to a string of decimal digits ("" is zero).
void Increment(std::string& digits) {
  for (size_t i = digits.size(); i-- > 0;) {
    if (digits[i] != '9') {
      ++digits[i];
      return;
    }
    digits[i] = '0';
  }
  digits.insert(digits.begin(), '1');
}

}  // namespace

double RoundDecimal(double x, int digits, RoundMode mode) {
  if (x == 0 || !std::isfinite(x)) return x == 0 ? 0 : x;
  digits = std::clamp(digits, -400, 400);
  const Decimal15 d = Decompose(x);
  const bool negative = x < 0;
  const int keep = d.exponent + 1 + digits;  // how many of the 15 digits survive
  if (keep >= 15) return FromDecimal(negative, d.digits, d.exponent - 14);
  std::string kept = keep > 0 ? d.digits.substr(0, keep) : std::string();
  bool up = false;
  switch (mode) {
    case RoundMode::kHalfAwayFromZero:
      up = keep >= 0 && d.digits[keep] >= '5';
      break;
    case RoundMode::kAwayFromZero:
      up = d.digits.find_first_not_of('0', std::max(keep, 0)) != std::string::npos;
      break;
    case RoundMode::kTowardZero:
      break;
  }
  if (up) Increment(kept);
  return FromDecimal(negative, kept, -digits);
}

double Normalize15(double x) {
  if (x == 0 || !std::isfinite(x)) return x == 0 ? 0 : x;
  const Decimal15 d = Decompose(x);
  return FromDecimal(x < 0, d.digits, d.exponent - 14);
}

std::optional<double> ParseNumberText(std::string_view text) {
  // Trim ASCII white space and the ideographic space U+3000 (E3 80 80).
  auto trim = [](std::string_view& s) {
    for (;;) {
      if (!s.empty() &&
          (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) {
        s.remove_prefix(1);
      } else if (s.substr(0, 3) == "\xE3\x80\x80") {
        s.remove_prefix(3);
      } else if (!s.empty() &&
                 (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
        s.remove_suffix(1);
      } else if (s.size() >= 3 && s.substr(s.size() - 3) == "\xE3\x80\x80") {
        s.remove_suffix(3);
      } else {
        return;
      }
    }
  };
  trim(text);
  std::string clean;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    if (text.front() == '-') clean.push_back('-');
    text.remove_prefix(1);
  }
  for (std::string_view currency : {"\xC2\xA5", "\xEF\xBF\xA5", "$"}) {  // ¥ ￥ $
    if (text.substr(0, currency.size()) == currency) {
      text.remove_prefix(currency.size());
      break;
    }
  }
  bool percent = false;
  if (!text.empty() && text.back() == '%') {
    percent = true;
    text.remove_suffix(1);
  }
  if (text.empty()) return std::nullopt;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ',') {
      // A thousands separator sits between digits.
      if (i == 0 || i + 1 == text.size() ||
          !std::isdigit(static_cast<unsigned char>(text[i - 1])) ||
          !std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
        return std::nullopt;
      }
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.' && c != 'e' && c != 'E' &&
        c != '+' && c != '-') {
      return std::nullopt;
    }
    clean.push_back(c);
  }
  double value = 0;
  const char* first = clean.data();
  const char* last = clean.data() + clean.size();
  // from_chars takes no '+' on the mantissa; one after 'e' is fine.
  const size_t mantissa = clean.starts_with('-') ? 1 : 0;
  if (clean.size() <= mantissa || clean[mantissa] == '+') return std::nullopt;
  const auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec != std::errc() || ptr != last || !std::isfinite(value)) return std::nullopt;
  if (percent) value /= 100;
  return value == 0 ? 0 : value;
}

std::string FormatFixed(double x, int decimals, int min_int_digits, bool grouping) {
  decimals = std::clamp(decimals, 0, 30);
  const double rounded = RoundDecimal(x, decimals, RoundMode::kHalfAwayFromZero);
  char buf[400];  // DBL_MAX has 309 integer digits, plus '.' and at most 30 decimals
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(rounded));
  const std::string text = buf;
  const size_t dot = text.find('.');
  std::string integer = text.substr(0, dot);
  const std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
  if (integer == "0" && min_int_digits == 0) integer.clear();
  if (static_cast<int>(integer.size()) < min_int_digits) {
    integer.insert(0, static_cast<size_t>(min_int_digits) - integer.size(), '0');
  }
  if (grouping && integer.size() > 3) {
    std::string grouped;
    const size_t lead = integer.size() % 3;
    for (size_t i = 0; i < integer.size(); ++i) {
      if (i != 0 && i >= lead && (i - lead) % 3 == 0) grouped.push_back(',');
      grouped.push_back(integer[i]);
    }
    integer = std::move(grouped);
  }
  std::string out = (rounded < 0 ? "-" : "") + integer;
  if (!fraction.empty()) out += "." + fraction;
  return out;
}

}  // namespace peony::formula
