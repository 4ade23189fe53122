// Internal to the records engine: the filter tree of list queries, bound against an entity and
// rendered as SQL with bound values (one implementation; the rules engine reuses it for its
// conditions).
//
//   {"and": [ {"field": "score", "op": "gte", "value": 4},
//             {"or": [ {"field": "status", "op": "in", "value": ["done", "lost"]},
//                      {"field": "customer.name", "op": "contains", "value": "丽"} ]} ]}
//
// Leaves name a field (or a system field: id, created_at, updated_at, owner_id, branch_id,
// created_by, updated_by; or "<relation>.<field>" one level deep), an operator the field's type
// offers, and a value normalised by the field's type. At most 10 levels and 100 leaves.
#pragma once

#include <boost/json/value.hpp>
#include <string>

#include "common/result.h"
#include "platform/schema/catalog.h"
#include "storage/crypto/key_ring.h"
#include "storage/db.h"

namespace peony::records::internal {

// Appends the SQL condition of `filter` for the entity table aliased `t`.
// Error: record.bad_filter.
Status AppendFilter(const schema::Catalog& catalog, const schema::EntityDef& e,
                    const boost::json::value& filter, const storage::crypto::KeyRing& keys,
                    storage::Dialect dialect, std::string& sql, storage::Params& params);

// Appends the substring search condition for `q` (already trimmed, ≤ 100 characters).
void AppendSearch(const schema::EntityDef& e, std::string_view q, std::string& sql,
                  storage::Params& params);

}  // namespace peony::records::internal
