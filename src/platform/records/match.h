// Internal to the records engine: the in-memory back end of the filter language (see filter.h).
// Evaluates a bound filter against one record given as API JSON, with the SQL back end's
// semantics: three-valued logic (a comparison with a missing value is unknown, and NOT unknown is
// unknown), empty "and" true and empty "or" false, is_empty treating "" as empty for text
// columns, contains / starts_with ignoring ASCII case (ILIKE / LIKE), not_contains true for a
// missing value, in / not_in with SQL's NULL rules.
//
// The record's values are normalised by their field types first (so input as a person typed it
// matches like the stored form); a value that does not normalise counts as missing. Sensitive
// values must be plain (unmasked). Relation paths ("client.name") need the related record and
// are unknown here: bind without a catalog to refuse them.
//
// Used for field rules (visible_if / editable_if) and by the rules engine. Thread-safe.
#pragma once

#include <boost/json/object.hpp>

#include "platform/records/filter.h"

namespace peony::records::internal {

// True when the record satisfies the filter (unknown counts as not matching, as in WHERE).
bool Matches(const FilterNode& root, const boost::json::object& record);

}  // namespace peony::records::internal
