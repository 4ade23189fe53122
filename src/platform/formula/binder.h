// The binder: resolves the field names of a parsed formula through the catalog and checks types,
// giving a BoundFormula (bound.h). The catalog calls it when a formula field is defined, so every
// mistake is reported then, with its position, and not when a record is saved.
//
// Typing rules in short (docs: the function list in functions.cpp):
//  - + - * / take numbers; date ± number is a date (days), date − date a number of days, and the
//    same for date-times. & joins any two scalars as text. Comparisons take two values of the same
//    kind (number, text, boolean, or date/date-time); blank compares with anything.
//  - A literal "" is blank, so IF(cond, {日期}, "") is a date. The branches of IF, IFS, SWITCH and
//    BLANKVALUE must have one type (or be blank).
//  - Text arguments accept any scalar (converted as & does); number, boolean and date arguments
//    want that type.
//  - {subform}.{column} and {subform} are only valid as arguments of aggregates.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "platform/formula/ast.h"
#include "platform/formula/bound.h"
#include "platform/formula/parser.h"
#include "platform/formula/value.h"

namespace peony::formula {

struct FieldInfo {
  std::string name;   // stable name; what the record is keyed by and what dependencies list
  std::string label;  // shown to people; a formula may use either
  ValueType type = ValueType::kBlank;  // scalar fields
  bool is_subform = false;
  std::vector<FieldInfo> columns;  // sub-forms: their scalar columns
};

// What a formula may refer to: the fields of one entity.
class Symbols {
 public:
  virtual ~Symbols() = default;
  // The field with this name or, failing that, this label; null when there is none.
  virtual const FieldInfo* Find(std::string_view name_or_label) const = 0;
};

// Symbols over a list of fields (names first, then labels). Columns of a sub-form are looked up the
// same way among its `columns`.
class FieldList final : public Symbols {
 public:
  explicit FieldList(std::vector<FieldInfo> fields) : fields_(std::move(fields)) {}
  const FieldInfo* Find(std::string_view name_or_label) const override;
  const std::vector<FieldInfo>& fields() const { return fields_; }

 private:
  std::vector<FieldInfo> fields_;
};

// The column of a sub-form with this name or label; null when there is none.
const FieldInfo* FindColumn(const FieldInfo& subform, std::string_view name_or_label);

// Binds a parsed formula. Errors (all with details.position): formula.unknown_field,
// formula.unknown_function, formula.wrong_arity, formula.type_mismatch,
// formula.aggregate_required, formula.invalid_argument (a constant unit such as DATEADD's
// "fortnight"). `symbols` is only used during the call. Thread-safe if `symbols` is.
Result<BoundFormula> Bind(const Ast& ast, const Symbols& symbols);

// Parse() then Bind().
Result<BoundFormula> Compile(std::string_view source, const Symbols& symbols,
                             const ParseOptions& options = {});

// Every function name, sorted, for the formula editor's completion.
std::vector<std::string_view> FunctionNames();

}  // namespace peony::formula
