// Error codes of the formula module (formula.*). Codes are stable; never rename them.
//
// Every error that points into the formula carries details {"position": <character column>,
// "offset": <byte offset>, …} and says the column in both messages ("第 12 个字符处缺少右括号",
// "missing ')' at character 12"). Definition-time errors (parse and bind) and run-time errors
// (evaluate) are all kInvalidArgument with HTTP status 422, except formula.invalid_record
// (kInternal: the caller handed the evaluator a value of the wrong type).
//
//   formula.syntax              the text is not a formula; details.expected says what was expected
//   formula.too_long            over ParseOptions::max_bytes (2,000 bytes by default)
//   formula.too_deep            parentheses, calls or signs nested over 64 levels
//   formula.unknown_field       details.field
//   formula.unknown_function    details.function
//   formula.wrong_arity         details.function, min, max (-1: no limit), given
//   formula.type_mismatch       an operator or argument of the wrong type
//   formula.aggregate_required  a sub-form (column) outside SUM, COUNT, AVERAGE, MIN, MAX, CONCAT…
//   formula.invalid_argument    a bad argument value (unit "fortnight", MID start 0, VALUE("abc"))
//   formula.too_complex         over EvalContext::max_steps operations
//   formula.text_too_long       a text result over EvalContext::max_text_bytes
//   formula.division_by_zero    x / 0, MOD(x, 0) (also a blank divisor)
//   formula.invalid_date        DATE(2026, 2, 30), a date outside years 1–9999
//   formula.number_out_of_range a result that is not a finite number (overflow, POWER(-1, 0.5))
//   formula.invalid_time_zone   EvalContext's time zone is not known
//   formula.invalid_record      a record value does not have its field's declared type
//   formula.cycle               formula fields depend on each other in a circle; details.cycle
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "platform/formula/ast.h"
#include "platform/formula/value.h"

namespace peony::formula::errors {

// `what_*` says what is wrong, without the position ("缺少右括号", "missing ')'").
Error Syntax(SourcePos at, std::string_view expected, std::string_view what_zh,
             std::string_view what_en);
Error TooLong(size_t bytes, size_t max_bytes);
Error TooDeep(SourcePos at, int max_depth);
Error UnknownField(SourcePos at, std::string_view name);
Error UnknownFunction(SourcePos at, std::string_view name);
Error WrongArity(SourcePos at, std::string_view function, int min_args, int max_args, size_t given);
// A count rule other than a range ("IFS takes conditions and values in pairs").
Error WrongArityRule(SourcePos at, std::string_view function, std::string_view rule_zh,
                     std::string_view rule_en, size_t given);
// `what_*` describes the mismatch ("{姓名} + 1：不能把文本和数字相加").
Error TypeMismatch(SourcePos at, std::string_view what_zh, std::string_view what_en);
Error AggregateRequired(SourcePos at, std::string_view reference);
Error InvalidArgument(SourcePos at, std::string_view function, std::string_view what_zh,
                      std::string_view what_en);
Error TooComplex(int64_t max_steps);
Error TextTooLong(SourcePos at, size_t max_bytes);
Error DivisionByZero(SourcePos at);
Error InvalidDate(SourcePos at);
Error NumberOutOfRange(SourcePos at);
Error InvalidTimeZone(std::string_view name);
Error InvalidRecord(std::string_view field, ValueType declared);
Error Cycle(const std::vector<std::string>& path);

}  // namespace peony::formula::errors
