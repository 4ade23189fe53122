// Formula tests as data (tests/unit/platform/formula/cases/*.test), in blocks separated by blank
// lines; '#' starts a comment line:
//
//   expr: {单价} * {数量}                      the formula (required)
//   record: {"price": 12000, "qty": 2}         the record as JSON, keyed by field name or label;
//                                              money in fen, dates "2026-11-22", date-times RFC
//                                              3339, sub-forms as arrays of objects (optional)
//   today: 2026-11-22                          TODAY() (default 2026-11-22)
//   now: 2026-11-22T05:00:00Z                  NOW() (default: noon of `today` in Shanghai)
//   tz: Asia/Shanghai                          the time zone (default Asia/Shanghai)
//   expect: 240                                the value, as Repr() writes it (blank, 1.5, "text",
//                                              TRUE, 2026-11-22, 2026-11-22T05:00:00.000Z)
//   error: formula.syntax @12                  compiling fails with this code (at this column)
//   eval_error: formula.division_by_zero @8    compiling succeeds, evaluating fails
//   type: number                               the formula's result type (optional)
//   deps: price, qty                           its dependencies (optional; "-" for none)
//   clock: true                                whether it uses TODAY()/NOW() (optional)
//   expected: )                                details.expected of the error (optional)
//   message: missing ')'                       a part of the English message (optional)
//   message_zh: 缺少右括号                     a part of the Chinese message (optional)
//
// Exactly one of expect, error and eval_error. The fields are in cases/fields.json.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "platform/formula/binder.h"

namespace peony::formula::testing {

struct Case {
  std::string file;     // base name
  int line = 0;         // of the block's first line
  std::string problem;  // set when the block itself is malformed
  std::string expr, record, today, now, tz;
  std::string expect, error, eval_error;
  std::string type, deps, clock, expected, message, message_zh;
  bool has_expect = false;
};

// For test names in failures: "math.test:94  ROUND(2.675, 2)".
void PrintTo(const Case& c, std::ostream* os);

// The folder of the case files (next to this source file, or $PEONY_FORMULA_CASES).
std::string CasesDir();
// Every case of every *.test file, in file then line order. A file that cannot be read yields one
// case with `problem` set.
std::vector<Case> LoadCases();
// The fields of cases/fields.json.
const FieldList& CaseFields();

}  // namespace peony::formula::testing
