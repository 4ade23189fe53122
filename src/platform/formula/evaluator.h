// The evaluator: computes a bound formula over one record. No I/O (the time zone database aside,
// which the library loads once), no access to anything but the record it is given, a bounded
// number of steps; run-time problems are errors returned as values, never crashes or exceptions.
//
// Semantics worth knowing (spreadsheet-like):
//  - Blank is 0 in arithmetic (blank + 1 = 1), "" in text (blank & "a" = "a"), FALSE in logic. In
//    comparisons blank equals blank, 0, "" and FALSE and is less than any date. Date arithmetic on
//    a blank date is blank. Empty text is blank.
//  - Text comparisons ignore ASCII case ("VIP" = "vip"), as do CONTAINS; FIND is case-sensitive.
//    Numbers compare at 15 significant digits (0.1 + 0.2 = 0.3).
//  - Division by zero (blank divisor included) is the error formula.division_by_zero, not a blank:
//    a wrong number must not be saved silently. Catch it in the formula with IF({数量} = 0, …).
//  - IFS with no true condition, SWITCH without a match or default, AVERAGE/MIN/MAX of nothing
//    and TEXT/VALUE of blank give blank; SUM and COUNT of nothing give 0. FIND gives 0 when the
//    text is not found.
//  - DATEADD by months or years clamps to the month's end (Jan 31 + 1 month = Feb 28/29);
//    DATEDIF "Y" counts full years (birthdays), "M" full months; a start after the end gives a
//    negative count. Date-times are split into dates and times in EvalContext::time_zone.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "platform/formula/bound.h"
#include "platform/formula/value.h"

namespace peony::formula {

inline constexpr int64_t kMaxSteps = 100'000;
inline constexpr size_t kMaxTextBytes = 65'536;

struct EvalContext {
  Date today;         // the organisation's date at `now` (TODAY())
  UtcMillis now = 0;  // NOW()
  std::string time_zone = "Asia/Shanghai";
  int64_t max_steps = kMaxSteps;          // nodes evaluated plus sub-form rows visited
  size_t max_text_bytes = kMaxTextBytes;  // longest text a step may produce
};

// A context at `now` in `time_zone`, with `today` derived. Error formula.invalid_time_zone.
Result<EvalContext> MakeEvalContext(UtcMillis now, std::string_view time_zone);

// The record a formula reads. Values must have their field's declared type: a number for kNumber,
// a number of fen for kMoney, std::string for kText, bool, Date, DateTime (or blank for any);
// otherwise evaluation fails with formula.invalid_record.
class Record {
 public:
  virtual ~Record() = default;
  // A scalar field by FieldInfo::name; blank when unset.
  virtual Value Get(std::string_view field) const = 0;
  // The number of rows of a sub-form, and one column of one row (blank when unset).
  virtual size_t RowCount(std::string_view subform) const = 0;
  virtual Value Cell(std::string_view subform, size_t row, std::string_view column) const = 0;
};

// A record held in maps, for tests, previews and the fuzzer.
class MapRecord final : public Record {
 public:
  using Row = std::map<std::string, Value, std::less<>>;
  void Set(std::string field, Value v) { fields_[std::move(field)] = std::move(v); }
  void AddRow(const std::string& subform, Row row) { rows_[subform].push_back(std::move(row)); }

  Value Get(std::string_view field) const override;
  size_t RowCount(std::string_view subform) const override;
  Value Cell(std::string_view subform, size_t row, std::string_view column) const override;

 private:
  std::map<std::string, Value, std::less<>> fields_;
  std::map<std::string, std::vector<Row>, std::less<>> rows_;
};

// Evaluates `formula` over `record`. The result is blank or of formula.result_type. Errors:
// formula.too_complex, formula.text_too_long, formula.division_by_zero, formula.invalid_date,
// formula.number_out_of_range, formula.invalid_argument, formula.invalid_time_zone,
// formula.invalid_record. Thread-safe; keeps no reference to its arguments.
Result<Value> Evaluate(const BoundFormula& formula, const Record& record, const EvalContext& ctx);

}  // namespace peony::formula
