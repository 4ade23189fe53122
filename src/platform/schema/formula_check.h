// Formula fields and the catalog: how an entity's fields look to the formula engine
// (platform/formula/), and the definition-time check of formula fields (parse, bind against the
// entity's fields, result type, cycles). The catalog calls CheckFormulas on every change of an
// entity's fields; the records engine uses FormulaSymbols/FormulaTypeOf/CompileFormulaField to
// evaluate formulas on save (records/compute.h).
//
// What a formula can read: scalar fields whose values the record holds when it is saved — text-like
// fields and choices (text), numbers (number), money (fen, read as yuan), switches (boolean),
// dates, date-times and the created_at/updated_at stamps, other formula fields (by result_type)
// and serial numbers — and sub-forms with such columns (inside SUM, COUNT, …). Relations, people
// pickers, multi-valued fields and lookups/rollups (computed on read) are not visible.
//
// Pure functions over catalog values; thread-safe.
#pragma once

#include <optional>
#include <vector>

#include "common/result.h"
#include "platform/formula/binder.h"
#include "platform/formula/bound.h"
#include "platform/schema/field_type.h"

namespace peony::schema {

// The formula type of a scalar field, or nullopt when formulas cannot read it.
std::optional<formula::ValueType> FormulaTypeOf(const FieldDef& f);

// The result type a formula field declares in options.result_type (number when absent).
formula::ValueType DeclaredResultType(const FieldDef& f);

// The symbols formulas of an entity with these fields may use. Retired fields are left out unless
// `include_retired` (evaluation keeps binding formulas defined before a field was retired; the
// retired field reads as blank).
formula::FieldList FormulaSymbols(const std::vector<FieldDef>& fields, bool include_retired);

// Parses and binds formula field `f` (options.expression) and checks its result type against
// options.result_type. Error: schema.invalid_formula {field, position, reason}.
Result<formula::BoundFormula> CompileFormulaField(const FieldDef& f,
                                                  const formula::Symbols& symbols);

// Checks the formula fields of an entity whose fields become `after` (`before`: the fields before
// the change, empty for a new entity). Every active formula field that is new, changed, or bound
// correctly before the change must bind now (so relabelling or retyping a field a formula uses is
// refused too); and no formula fields may depend on each other in a circle. Errors:
// schema.invalid_formula, schema.formula_cycle.
Status CheckFormulas(const std::vector<FieldDef>& before, const std::vector<FieldDef>& after);

}  // namespace peony::schema
