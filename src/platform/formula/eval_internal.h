// The evaluator's state and helpers, shared by evaluator.cpp (nodes, operators, logic, aggregates)
// and eval_{math,text,date}.cpp (the strict functions). Internal to the formula module.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "platform/formula/calendar.h"
#include "platform/formula/evaluator.h"

namespace peony::formula {

class Evaluator {
 public:
  Evaluator(const Record& record, const EvalContext& ctx) : record_(record), ctx_(ctx) {}

  Result<Value> Eval(const BoundNode& n);

  const EvalContext& ctx() const { return ctx_; }
  // Counts one operation; formula.too_complex past ctx.max_steps.
  Status Step();
  // The context's time zone, found on first use.
  Result<const TimeZone*> Zone();

  // A finite number, else formula.number_out_of_range at `at`.
  Result<Value> Number(double d, SourcePos at) const;
  // Text within ctx.max_text_bytes (else formula.text_too_long at `at`); "" becomes blank.
  Result<Value> Text(std::string s, SourcePos at) const;
  Status CheckTextSize(size_t bytes, SourcePos at) const;
  // The text form of a value, as & makes it: blank "", numbers in general format, TRUE/FALSE,
  // dates 2026-11-22, date-times local "2026-11-22 13:05:00".
  Result<std::string> ToText(const Value& v);
  // The calendar date of a date or (local) date-time. REQUIRES: v is a Date or DateTime.
  Result<Date> ToDate(const Value& v);
  // -1, 0, 1 (see evaluator.h for the rules).
  Result<int> Compare(const Value& a, const Value& b);

 private:
  Result<Value> EvalUnary(const BoundNode& n);
  Result<Value> EvalBinary(const BoundNode& n);
  Result<Value> ApplyBinary(const BoundNode& n, const Value& a, const Value& b);
  Result<Value> EvalArithmetic(const BoundNode& n, const Value& a, const Value& b);
  Result<Value> EvalCall(const BoundNode& n);
  [[gnu::noinline]] Result<Value> EvalLazy(const BoundNode& n);
  [[gnu::noinline]] Result<Value> EvalStrict(const BoundNode& n);
  [[gnu::noinline]] Result<Value> EvalAggregate(const BoundNode& n);
  // Calls `visit` with each value of an aggregate's argument: every cell of a sub-form column,
  // or the argument's one value.
  Status ForEachValue(const BoundNode& arg, const std::function<Status(const Value&)>& visit);
  // A value read from the record for field or column `ref`, checked against and converted from
  // its declared type.
  Result<Value> FromRecord(Value raw, const BoundNode& ref) const;

  const Record& record_;
  const EvalContext& ctx_;
  int64_t steps_ = 0;
  std::optional<TimeZone> zone_;
};

// Blank is FALSE.
inline bool Truthy(const Value& v) {
  const bool* b = std::get_if<bool>(&v);
  return b != nullptr && *b;
}
// Blank is 0; REQUIRES (else 0): a number or blank.
inline double AsNumber(const Value& v) {
  const double* d = std::get_if<double>(&v);
  return d != nullptr ? *d : 0;
}
// An integral argument: truncated toward zero at 15 significant digits, clamped to ±1e15 so that
// it converts to int64 safely.
int64_t ToInteger(double d);

// The strict functions, with their arguments evaluated in order.
Result<Value> CallMath(Evaluator& ev, const BoundNode& call, const std::vector<Value>& args);
Result<Value> CallText(Evaluator& ev, const BoundNode& call, const std::vector<Value>& args);
Result<Value> CallDate(Evaluator& ev, const BoundNode& call, const std::vector<Value>& args);

// TEXT(value, format) for numbers ("0.00", "#,##0", "0%", "¥#,##0.00") and dates/times
// ("yyyy-mm-dd", "yyyy年m月d日", "hh:mm", "aaaa" 星期一, "dddd" Monday). text_format.cpp.
std::string FormatNumberPattern(double x, std::string_view format);
std::string FormatDatePattern(const LocalTime& t, std::string_view format);

}  // namespace peony::formula
