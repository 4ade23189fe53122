// Internal to the records engine: the filter language of list queries, field rules (visible_if,
// editable_if) and, later, the rules engine's conditions — one implementation in two stages:
//
//   parse + bind (filter.cpp)  JSON tree → FilterNode, every name resolved through the catalog,
//                              every operator checked against the field's type, every value
//                              normalised by the type. All validation happens here.
//   back ends                  SQL (filter_sql.cpp: AppendFilter) and in memory (match.h: Matches),
//                              with the same semantics.
//
//   {"and": [ {"field": "score", "op": "gte", "value": 4},
//             {"or": [ {"field": "status", "op": "in", "value": ["done", "lost"]},
//                      {"field": "customer.name", "op": "contains", "value": "丽"} ]} ]}
//
// Leaves name a field (or a system field: id, created_at, updated_at, owner_id, branch_id,
// created_by, updated_by; or "<relation>.<field>" one level deep), an operator the field's type
// offers, and a value normalised by the field's type. Sensitive fields take exact operators only
// (eq ne in not_in is_empty not_empty): they are compared through their blind index. At most 10
// levels and 100 leaves. Every error is record.bad_filter (422) with details.reason.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <vector>

#include "common/result.h"
#include "platform/schema/catalog.h"
#include "storage/crypto/key_ring.h"
#include "storage/db.h"

namespace peony::records::internal {

class FieldAccess;

// One condition, bound. Pointers refer into the entity and catalog it was bound against and are
// valid as long as they are.
struct FilterLeaf {
  std::string name;                           // as written: "score", "client.name", "created_at"
  std::string op;                             // one the field offers
  const schema::EntityDef* entity = nullptr;  // the entity holding `field` (a relation's target)
  const schema::FieldDef* field = nullptr;    // null for a system field
  std::string system;                         // the system field's name when field is null
  const schema::FieldDef* via = nullptr;      // the relation of "<relation>.<field>"
  // Operands: normalised stored values (plain text for sensitive fields, UTC milliseconds for
  // created_at/updated_at); the text as given for contains / not_contains / starts_with and for
  // the values of multi-valued fields.
  std::vector<storage::Value> values;
};

struct FilterNode {
  enum class Kind { kAnd, kOr, kNot, kLeaf };
  Kind kind = Kind::kAnd;
  std::vector<FilterNode> children;  // kAnd / kOr: any number (empty: true / false); kNot: one
  FilterLeaf leaf;                   // kLeaf
};

struct BindOptions {
  // Resolves "<relation>.<field>"; null refuses relation paths (field rules, in-memory matching).
  const schema::Catalog* catalog = nullptr;
  // The caller's field access: hidden fields are refused as if unknown, so values cannot be
  // probed; relation paths also need data.<target>.read. Null: no restriction.
  const FieldAccess* access = nullptr;
};

// Parses and binds `filter` against entity `e`. Error: record.bad_filter.
Result<FilterNode> BindFilter(const schema::EntityDef& e, const boost::json::value& filter,
                              const BindOptions& options);

// Appends " AND (<condition>)" for the entity table aliased `t`.
void AppendFilter(const FilterNode& root, const storage::crypto::KeyRing& keys,
                  storage::Dialect dialect, std::string& sql, storage::Params& params);

// Binds (without field restrictions) and appends in one step. Error: record.bad_filter.
Status AppendFilter(const schema::Catalog& catalog, const schema::EntityDef& e,
                    const boost::json::value& filter, const storage::crypto::KeyRing& keys,
                    storage::Dialect dialect, std::string& sql, storage::Params& params);

// Appends the substring search condition for `q` (already trimmed, ≤ 100 characters).
void AppendSearch(const schema::EntityDef& e, std::string_view q, std::string& sql,
                  storage::Params& params);

// The same search for a list in id order, driven by one gram's index (gram, record_id), which
// holds the matching ids in order: a page reads its own rows and no more, however common the
// gram. Sets `from` to the join of that index (aliased `g`) and the entity table (`t`), and the
// list is then ordered by g.record_id. Returns false, changing nothing, when `q` has no terms.
bool AppendDrivenSearch(const schema::EntityDef& e, std::string_view q, storage::Dialect dialect,
                        std::string& from, std::string& sql, storage::Params& params);

// The gram that leads a search for `q` ("" when `q` has no terms): the first gram of its longest
// term.
std::string SearchDriver(std::string_view q);

// The same search as row-by-row lookups of every gram, for a page that walks a sort index: cheap
// when the grams are common (a page is found within a few thousand rows), costly when they are
// rare.
void AppendProbedSearch(const schema::EntityDef& e, std::string_view q, std::string& sql,
                        storage::Params& params);

}  // namespace peony::records::internal
