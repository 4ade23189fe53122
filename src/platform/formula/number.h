// Decimal-minded number helpers (internal to the formula module). Doubles are binary, people think
// in decimals: 2.675 rounds to 2.68 and 0.1 + 0.2 equals 0.3 here, as in a spreadsheet, because
// these helpers first take the 15 significant decimal digits of a double (what Excel shows).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace peony::formula {

enum class RoundMode {
  kHalfAwayFromZero,  // ROUND
  kAwayFromZero,      // ROUNDUP
  kTowardZero,        // ROUNDDOWN
};

// `x` rounded to `digits` decimals (negative: to tens, hundreds, …). Finite in, finite out.
double RoundDecimal(double x, int digits, RoundMode mode);

// `x` to 15 significant decimal digits (0.1 + 0.2 → 0.3). Used before comparing and truncating.
double Normalize15(double x);

// A number as people type it in text: "  -1,234.5 ", "12%", "¥88", "1e3". nullopt otherwise.
std::optional<double> ParseNumberText(std::string_view text);

// `x` with exactly `decimals` decimals (rounded half away from zero in decimal), at least
// `min_int_digits` integer digits (0: "0.5" becomes ".5"), thousands separated by commas when
// `grouping`. decimals is clamped to 0–30.
std::string FormatFixed(double x, int decimals, int min_int_digits, bool grouping);

}  // namespace peony::formula
