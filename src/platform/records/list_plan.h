// Internal to the records engine: planning help for list queries on SQLite.
//
// SQLite's planner takes the index matching a filter's equality (a city, a status) and then sorts
// every matching row, even for a page of 50 out of a million. Walking the sort column's own index
// in order and stopping after the page reads a few hundred rows instead. SortIndexHint says when
// to ask for that ("INDEXED BY"): the first sort key has an index (updated_at always does), there
// is no text search, and no condition of the filter's top-level AND is selective enough (an id, a
// reference, a unique or sensitive value, an exact match on another indexed field) for its own
// index to be the better path. PostgreSQL's planner weighs LIMIT itself and gets no hint.
//
// The converse: without statistics SQLite prefers the live-records index (org_id, deleted_at, id),
// two equalities, over a reference's own index (column, id), one equality, and so reads every
// live record to find a customer's three treatments. EqualityIndexHint names the reference's index
// when the filter's top-level AND matches one exactly.
//
// A text search sorted by an indexed field has two paths. When its gram is common (秀 is in one
// name of twenty), walking the sort index and looking each row's grams up finds a page within a
// few thousand rows, where gathering every match first and sorting them took 120 ms at 1,000,000
// records. When the gram is rare, gathering is the cheaper path. CommonGram tells them apart by
// counting the gram's rows up to a bound that grows with the table: sqrt(30 × rows), which keeps
// either path to a few thousand rows read.
#pragma once

#include <optional>
#include <string>

#include "common/result.h"
#include "platform/records/filter.h"
#include "platform/schema/catalog.h"
#include "storage/db.h"

namespace peony::records::internal {

// The index name to walk, or "" to let the planner choose. `sort_field` is the first sort key's
// API name ("" when sorting by id only).
std::string SortIndexHint(const schema::EntityDef& e, const std::string& sort_field,
                          const FilterNode* filter, bool searching);

// A compound index (schema/indexes.h) whose leading fields the filter's top-level AND matches with
// "eq" and whose next field is the first sort key (or, when every field is matched, no sort key:
// the index then ends in id order); the one matching most fields, or "".
std::string CompoundIndexHint(const schema::EntityDef& e, const std::string& sort_field,
                              const FilterNode* filter, bool searching);

// The index of a reference field (relation, user, …) the filter's top level matches with "eq", or
// "" when there is none.
std::string EqualityIndexHint(const schema::EntityDef& e, const FilterNode* filter);

// Whether `gram` is common enough in entity `e` for a search to walk a sort index (see above).
Result<bool> CommonGram(storage::Conn& c, const schema::EntityDef& e, const std::string& gram);

}  // namespace peony::records::internal
