// The formula engine: an Excel-like expression language over the fields of one record, for
// computed fields ("formula" field type), defaults and rules.
//
//   parse (parser.h)    source text → unbound Ast, syntax errors with the character position
//   bind  (binder.h)    Ast + Symbols (the entity's fields) → BoundFormula: names resolved, types
//                       checked, result type and dependencies known; done once, when the field is
//                       defined
//   run   (evaluator.h) BoundFormula + Record + EvalContext → Value, bounded, errors as values
//   deps  (dependencies.h) cycles and evaluation order between formula fields
//
//   FieldList fields({{"price", "单价", ValueType::kMoney}, {"qty", "数量", ValueType::kNumber}});
//   PEONY_TRY(BoundFormula f, Compile("{单价} * {数量}", fields));   // f.result_type == kNumber
//   MapRecord r;
//   r.Set("price", 12000.0);  // fen
//   r.Set("qty", 2.0);
//   PEONY_TRY(EvalContext ctx, MakeEvalContext(clock.Now(), "Asia/Shanghai"));
//   PEONY_TRY(Value v, Evaluate(f, r, ctx));                           // 240 (yuan)
//
// Error codes: errors.h. The function list: functions.cpp.
#pragma once

#include "platform/formula/binder.h"
#include "platform/formula/bound.h"
#include "platform/formula/dependencies.h"
#include "platform/formula/evaluator.h"
#include "platform/formula/parser.h"
#include "platform/formula/value.h"
