// Compound indexes of an entity: options.indexes, a list of 2 or 3 field names each, such as
// [["city", "joined_on"]]. Each becomes one index on (field columns…, id); a list that filters
// the first fields by exact value and sorts by the next one walks that index alone, instead of
// walking one field's index and reading every row to test the others.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "platform/schema/catalog.h"
#include "storage/db.h"

namespace peony::schema {

struct CompoundIndex {
  std::vector<std::string> fields;  // field names, in index order
  std::string name;                 // ix_<entity>__k<8 hex digits of a hash of the fields>
};

// At most this many compound indexes per entity.
inline constexpr size_t kMaxCompoundIndexes = 8;

// The compound indexes `options` declare for entity `e`, checked: options.indexes, when present, is
// an array of at most kMaxCompoundIndexes arrays of 2 or 3 distinct names of fields of `e` stored
// in a plain column (not sensitive, not multi-valued or computed on read); no list twice.
// Retired fields are accepted (their columns remain). Error: schema.invalid_options naming
// "indexes".
Result<std::vector<CompoundIndex>> CompoundIndexes(const EntityDef& e,
                                                   const boost::json::object& options);
// The indexes of the entity as it stands (options already checked when they were written); a
// declaration that no longer checks (e.g. a purged field) yields nothing.
std::vector<CompoundIndex> CompoundIndexesOf(const EntityDef& e);

// CREATE INDEX for one compound index; PostgreSQL's columns say NULLS FIRST as in ddl.cpp.
std::string CreateCompoundIndexDdl(storage::Dialect d, const EntityDef& e,
                                   const CompoundIndex& index);
// Statements bringing the indexes from `before` to `after` (dropping first).
std::vector<std::string> ChangeCompoundIndexesDdl(storage::Dialect d, const EntityDef& e,
                                                  const std::vector<CompoundIndex>& before,
                                                  const std::vector<CompoundIndex>& after);
// options.indexes without the lists naming `field` (the field is being purged).
boost::json::object WithoutField(const boost::json::object& options, const std::string& field);

}  // namespace peony::schema
