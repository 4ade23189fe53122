// The options of a field the records engine owns and enforces on the server:
//
//   "access":      {"<role>": "hidden" | "read_only"}   field permissions (field_access.h)
//   "visible_if":  <filter tree>   over the same record's fields (filter.h, no relation paths);
//                  when false the field is not required and its value is cleared on save
//   "editable_if": <filter tree>   when false the field's value may not be changed
//
// Rules are evaluated on the record as it will be saved: the stored values overlaid with the
// input. Thread-safe; no state.
#pragma once

#include <boost/json/object.hpp>
#include <set>
#include <string>
#include <vector>

#include "common/result.h"
#include "platform/schema/catalog.h"

namespace peony::records {

// Checks the engine-owned options of field `f` of `entity`, whose fields will be `fields`
// (including `f`). Called by the catalog when a field is defined or its options change. Error:
// schema.invalid_options naming the option (details.option, details.reason).
Status CheckFieldOptions(const std::string& entity, const std::vector<schema::FieldDef>& fields,
                         const schema::FieldDef& f);

namespace internal {

struct FieldStates {
  std::set<std::string> invisible;  // visible_if false
  std::set<std::string> locked;     // editable_if false
};

// Evaluates every field's visible_if / editable_if on `record` (API JSON, unmasked). A rule that
// no longer binds (a field it names was retired) is ignored.
FieldStates EvaluateFieldRules(const schema::EntityDef& e, const boost::json::object& record);

}  // namespace internal
}  // namespace peony::records
