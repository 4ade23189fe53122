// Values of the formula language: blank, number, text, boolean, date and date-time.
//
// A Value is a small variant. Conventions the whole module keeps:
//  - Empty text is blank: the evaluator never produces "", and reads "" from a record as blank.
//  - Numbers are doubles and always finite (an operation that would give NaN or infinity is the
//    error formula.number_out_of_range).
//  - Money is not a value type: a money field (ValueType::kMoney) is stored in fen and read into
//    formulas as a number of yuan; ToFen() converts a result back.
//  - Dates are calendar dates (years 1–9999); date-times are UTC milliseconds, shown and split into
//    parts in the organisation's time zone.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "common/clock.h"
#include "common/result.h"

namespace peony::formula {

// The type of a field as the formula language sees it, and of a formula's result. kMoney is a
// field type only (stored in fen, read as a number of yuan); expressions are never of type kMoney.
enum class ValueType { kBlank, kNumber, kMoney, kText, kBoolean, kDate, kDateTime };

struct Date {
  int year = 1970;
  int month = 1;  // 1–12
  int day = 1;    // 1–31
  friend auto operator<=>(const Date&, const Date&) = default;
};

struct DateTime {
  UtcMillis ms = 0;
  friend auto operator<=>(const DateTime&, const DateTime&) = default;
};

using Blank = std::monostate;
using Value = std::variant<Blank, double, std::string, bool, Date, DateTime>;

inline bool IsBlank(const Value& v) { return std::holds_alternative<Blank>(v); }

// kBlank, kNumber, kText, kBoolean, kDate or kDateTime.
ValueType TypeOf(const Value& v);

// "number"/"数字", "text"/"文本", … for messages.
std::string_view TypeName(ValueType t, bool english);

// Parses "number", "money", "text", "boolean", "date", "datetime", "blank"; false if unknown.
bool ParseValueType(std::string_view name, ValueType* out);

// General number format: up to 15 significant digits, no exponent below 1e15 ("0.3", "1234.5",
// "-2", "1e+21"); negative zero is "0".
std::string FormatNumber(double v);

// A canonical, type-revealing rendering for tests and logs: blank, 12.5, "text" (JSON-quoted),
// TRUE, FALSE, 2026-11-22, 2026-11-22T05:00:00.000Z.
std::string Repr(const Value& v);

// A number of yuan as fen, rounded half away from zero to the fen. Error
// formula.number_out_of_range when it does not fit in 15 significant digits.
Result<int64_t> ToFen(double yuan);

}  // namespace peony::formula
