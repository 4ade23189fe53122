// The records engine: create, read, list, update, delete and restore records of catalog entities.
//
// Every call goes through one access check (CheckAccess): the entity permission
// "data.<entity>.<action>", the data scope of the grant (own / department / branch / all) which
// narrows the rows, and the sensitive-field rule (values are masked unless the caller holds
// "data.<entity>.unmask"; every unmasked read of a sensitive value is audited). Every write is one
// transaction with its change event (record_events, consumed by the rules engine) and audit entry,
// which record the field names changed, never the values.
//
// Records are JSON objects {"id","version","created_at","updated_at","created_by","updated_by",
// "owner_id","branch_id", <field>: value, …}.
//
// Thread-safe; all state is in the database and the catalog snapshot.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "platform/access/principal.h"
#include "platform/schema/catalog.h"
#include "storage/crypto/key_ring.h"
#include "storage/db.h"

namespace peony::records {

struct SortSpec {
  std::string field;  // a field name or id / created_at / updated_at
  bool descending = false;
};

struct ListQuery {
  std::optional<boost::json::value>
      filter;                  // {"and"|"or":[…]} | {"not":…} | {"field","op","value"}
  std::vector<SortSpec> sort;  // default: id ascending; id is always the last key
  int limit = 50;              // 1-500
  std::string cursor;          // next_cursor of the previous page
  std::string q;               // substring search over searchable fields
  bool with_total = false;
  bool deleted = false;  // list the deleted records (the trash) instead of the live ones
};

struct Page {
  boost::json::array items;
  std::optional<std::string> next_cursor;
  std::optional<int64_t> total;
};

// Who acts and from where (for scopes, defaults, audit).
struct Caller {
  const access::Principal& principal;
  std::string ip;
};

// A file produced by Export.
struct ExportFile {
  std::string bytes;
  std::string content_type;
  std::string extension;  // "csv" | "xlsx"
  int64_t rows = 0;
};

class Records {
 public:
  Records(storage::Db& db, schema::CatalogStore& catalog, const Clock& clock,
          const storage::crypto::KeyRing& keys)
      : db_(db), catalog_(catalog), clock_(clock), keys_(keys) {}

  // Errors: schema.entity_not_found, record.forbidden, record.unknown_field, record.invalid_value,
  // record.required, record.duplicate, record.read_only.
  Result<boost::json::object> Create(const Caller& who, const std::string& entity,
                                     const boost::json::object& input);
  // Errors: record.not_found (also outside the caller's scope), record.forbidden.
  Result<boost::json::object> Get(const Caller& who, const std::string& entity, int64_t id);
  // Errors: record.bad_filter, record.bad_sort, record.bad_cursor, record.forbidden.
  Result<Page> List(const Caller& who, const std::string& entity, const ListQuery& query);
  // Changes the fields present in `patch`; `expected_version` (or patch.version) must match.
  // Errors: as Create, plus record.not_found and record.version_conflict.
  Result<boost::json::object> Update(const Caller& who, const std::string& entity, int64_t id,
                                     const boost::json::object& patch,
                                     std::optional<int64_t> expected_version);
  // Every record matching the query's filter, search and sort as CSV (UTF-8 with BOM, formula
  // cells escaped) or XLSX, one column per visible field with display values; sensitive values
  // masked unless the caller may unmask them. Needs data.<entity>.read and .export; audited.
  // Errors: as List, record.forbidden, request.validation (format).
  Result<ExportFile> Export(const Caller& who, const std::string& entity, ListQuery query,
                            const std::string& format);
  // Soft delete (the record goes to the trash) and restore.
  Status Delete(const Caller& who, const std::string& entity, int64_t id);
  Result<boost::json::object> Restore(const Caller& who, const std::string& entity, int64_t id);

 private:
  storage::Db& db_;
  schema::CatalogStore& catalog_;
  const Clock& clock_;
  const storage::crypto::KeyRing& keys_;
};

}  // namespace peony::records
