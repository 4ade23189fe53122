// Sub-forms (子表单): rows of nested fields saved with their parent record in a child table.
// options.fields = [{"name", "label", "type", "required"?, "options"?}], 1-50 fields whose types
// keep one scalar column each (no sub_form, relation, multi-valued or computed types inside),
// names [a-z][a-z0-9_]{0,39} and not "id". options.max_rows: 1-500 (default 500).
//
// Normalize takes an array of row objects (a row's "id" is ignored, blank rows are dropped) and
// returns the canonical JSON text [{"<name>": <stored value>, ...}, ...] with every nested field
// in definition order. A bad value names its row and field: details {"field": the sub-form,
// "reason": the nested reason such as "phone.invalid", "row": 0-based index, "sub_field": name}.
#pragma once

#include <boost/json/object.hpp>
#include <vector>

#include "platform/schema/field_type.h"

namespace peony::schema {

// The nested fields of checked sub-form options, with columns "f_<name>".
std::vector<FieldDef> SubFormFields(const boost::json::object& options);

}  // namespace peony::schema
