// Definition-time checks of options the field type cannot check alone: options.default (a common
// option the records engine applies on create) and the names a lookup or rollup points at (fields
// of this entity, of the related entity, or of a sub-form). The catalog calls these from
// CreateEntity, AddField and UpdateField. Pure; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "platform/schema/catalog.h"

namespace peony::schema {

// options.default of `f`, when present, must be a value the field's type accepts (normalised the
// same way as input), or "today"/"now" for date and datetime fields, or "me" for user and owner
// fields; computed fields have no default. Error: schema.invalid_options naming "default".
Status CheckDefault(const FieldDef& f);

// For a lookup field `f` of entity `entity` (whose fields are `fields`, the catalog holding the
// others): options.relation is an active relation field of the entity and options.field an active
// stored scalar field of its target. For a rollup: options.sub_form is an active sub-form and
// options.field one of its number-like columns; or options.entity has an active relation field
// options.relation pointing at `entity` and options.field is a number-like, not sensitive, field
// of it. Other types: Ok. Error: schema.invalid_options naming the option at fault.
Status CheckComputedRefs(const Catalog& catalog, const std::string& entity,
                         const std::vector<FieldDef>& fields, const FieldDef& f);

// Number-like field types a rollup can sum (number, integer, money, percent, rating, duration).
bool IsRollupNumber(std::string_view type);

}  // namespace peony::schema
