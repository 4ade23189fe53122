// Internal to the records engine: the access check, and conversion between API JSON and rows.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/result.h"
#include "platform/access/principal.h"
#include "platform/schema/catalog.h"
#include "platform/schema/ddl.h"
#include "storage/crypto/key_ring.h"
#include "storage/db.h"

namespace peony::records::internal {

// The one access check of the records engine: "data.<entity>.<action>". Returns the data scope
// the caller's grants give for it. Error: record.forbidden.
Result<access::Scope> CheckAccess(const access::Principal& p, const std::string& entity,
                                  std::string_view action);
// Appends " AND (<rows within scope>)" for the entity table aliased `t`.
void AppendScope(const access::Principal& p, access::Scope scope, std::string& sql,
                 storage::Params& params);

// The columns read for a record, in order: the system columns, then per field its stored columns,
// each qualified with `table` ("t." for the entity table aliased t; "" unqualified, as a
// RETURNING clause names them).
std::string SelectList(const schema::EntityDef& e, std::string_view table = "t.");

// A write prepared from API JSON.
struct Prepared {
  std::vector<std::pair<std::string, storage::Value>> columns;       // column → stored value
  std::map<std::string, std::vector<std::string>> multi_values;      // field → values
  std::map<std::string, std::vector<boost::json::object>> sub_rows;  // field → rows (stored form)
  std::map<std::string, std::string> search_values;                  // field → plain text
  std::vector<std::string> fields;                                   // fields written
  std::optional<int64_t> owner_id, branch_id;
};

class FieldAccess;

// Validates and normalises the input. `create`: required fields are checked and unknown keys
// refused; on update only the keys present are checked. System keys (id, version, created_at, …)
// are ignored except owner_id and branch_id.
//
// `access` (field_access.h): a key the caller may not write is 422 record.read_only unless its
// value is unchanged (never for hidden fields on update); on create such fields are not
// required. `current`: the stored record (unmasked) on update; on create the values the record
// starts with (its defaults), or null. Field
// rules (field_rules.h) are evaluated on `current` overlaid with the input: a field whose
// visible_if is false is not required and is cleared; one whose editable_if is false may only be
// written unchanged (else record.read_only).
Result<Prepared> PrepareInput(const schema::EntityDef& e, const boost::json::object& input,
                              bool create, const storage::crypto::KeyRing& keys,
                              const schema::NormalizeContext& ctx, const FieldAccess& access,
                              const boost::json::object* current);

// One record as API JSON from row `i` of rows selected with SelectList. Sensitive values are
// decrypted and, unless `unmask`, masked; the names of unmasked sensitive fields are added to
// `revealed`. `plain_search` (optional) receives the plain text of searchable fields. The object
// allocates from `sp` (a list builds a whole page in one arena).
boost::json::object RowToJson(const schema::EntityDef& e, const storage::Rows& rows, size_t i,
                              const storage::crypto::KeyRing& keys, bool unmask,
                              std::set<std::string>* revealed,
                              std::map<std::string, std::string>* plain_search = nullptr,
                              boost::json::storage_ptr sp = {});

// RowToJson for many rows of one entity: the field types, layouts and associated data are
// resolved once, when the decoder is made, rather than for every field of every row. Keeps a
// reference to the entity (it must outlive the decoder).
class RowDecoder {
 public:
  explicit RowDecoder(const schema::EntityDef& e);
  boost::json::object ToJson(const storage::Rows& rows, size_t i,
                             const storage::crypto::KeyRing& keys, bool unmask,
                             std::set<std::string>* revealed,
                             std::map<std::string, std::string>* plain_search = nullptr,
                             boost::json::storage_ptr sp = {}) const;

 private:
  struct Column {
    const schema::FieldDef* field;
    const schema::FieldType* type;  // null for an unknown type: the field is left out
    bool sensitive;
    bool searchable;
    std::string associated_data;  // of a sensitive field's ciphertext
  };
  std::vector<Column> columns_;
  // The keys of a decoded row in order (values null): copying it skips the duplicate-key check an
  // emplace per key makes, which was a tenth of building a page of 50 records.
  boost::json::object shape_;
};

// What reading rows of one entity back after writing them needs, built once for many writes
// (an import) rather than for each.
struct RowShape {
  explicit RowShape(const schema::EntityDef& e) : decoder(e), columns(SelectList(e, "")) {}
  RowDecoder decoder;
  std::string columns;  // SelectList(e, ""): for a statement on the entity's table itself
};

// Unigrams and bigrams of the lower-cased text, for the search side table.
std::set<std::string> Grams(std::string_view text);
// Lower-cases ASCII letters (Chinese is unaffected).
std::string Fold(std::string_view text);

}  // namespace peony::records::internal
