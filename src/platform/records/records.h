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
// Computed fields (compute.h): on create, absent fields take their options.default and serial
// numbers are drawn (no gaps, no duplicates: the counter moves in the record's transaction);
// on every save, formula fields are evaluated over the record as stored and kept in their columns
// (a formula failing at run time stores null, the save goes on); on every read (Get, List,
// Export), lookups and rollups are computed, one query per such field per page. None of these can
// be written by callers (record.read_only).
//
// Thread-safe; all state is in the database and the catalog snapshot.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <shared_mutex>
#include <span>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "platform/access/principal.h"
#include "platform/records/import.h"
#include "platform/schema/catalog.h"
#include "storage/crypto/key_ring.h"
#include "storage/db.h"
#include "storage/group_commit.h"

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

// Who acts and from where (for scopes, defaults, audit). `engine`: a domain module writing records
// it manages (Records::Manage) — set only by the module's own code, never from a request.
struct Caller {
  const access::Principal& principal;
  std::string ip;
  bool engine = false;
};

// What a domain module keeps in step with tables of its own (an appointment's times, resources and
// status follow its occupancy rows): only its own calls (Caller::engine) create,
// delete and restore records of the entity (when `records`) and write the listed fields. Anyone
// else — the records API, bulk changes, imports, rule actions — gets 409 record.managed or 422
// record.read_only; fields a clinic adds to the entity stay writable.
struct Managed {
  bool records = true;
  std::set<std::string> fields;
};

// The records a bulk change applies to: explicit ids, or a filter tree as for List (one of the
// two). Either way only live records within the caller's data scope match.
struct BulkSelection {
  std::vector<int64_t> ids;
  std::optional<boost::json::value> filter;
};
struct BulkResult {
  int64_t matched = 0;
  int64_t changed = 0;  // updated or deleted: all matched ones (a bulk change is all-or-nothing)
};
inline constexpr int64_t kMaxBulkRecords = 10000;

// A file produced by Export.
struct ExportFile {
  std::string bytes;
  std::string content_type;
  std::string extension;  // "csv" | "xlsx"
  int64_t rows = 0;
};

// One record write as the rules engine sees it, inside the write's transaction.
struct ChangeEvent {
  int64_t org_id = 0;
  const schema::Catalog& catalog;
  const schema::EntityDef& entity;
  int64_t record_id = 0;
  std::string_view kind;                   // "create" | "update" | "delete" | "restore"
  const std::vector<std::string>& fields;  // the fields written (and formula fields that changed)
  const boost::json::object* before;       // update: the record before, unmasked
  const boost::json::object* after;        // create, update: the record after, unmasked
  std::optional<int64_t> branch_id;        // of the record (create, update)
  int depth = 0;                           // 0: a person's write; n: the n-th rule action in a row
};

// Sees every record write in its transaction; an error rolls the write back.
class ChangeObserver {
 public:
  virtual ~ChangeObserver() = default;
  virtual Status OnChange(storage::Conn& c, const ChangeEvent& event) = 0;
};

namespace internal {
// One read of unmasked sensitive values, for the audit (read.cpp).
struct RevealEvent {
  int64_t org_id = 0, user_id = 0;
  std::string username, ip, entity, target;  // target: a record id, or "list"
  std::vector<std::string> fields;
};
// Writes the audit entries of a batch of reads: reads by the same person, from the same address,
// of the same fields of one entity become one entry listing every target.
Status WriteReveals(storage::Conn& c, const Clock& clock, std::span<const RevealEvent> batch);
struct WriteEnv;
}  // namespace internal

class Records {
 public:
  Records(storage::Db& db, schema::CatalogStore& catalog, const Clock& clock,
          const storage::crypto::KeyRing& keys)
      : db_(db),
        catalog_(catalog),
        clock_(clock),
        keys_(keys),
        reveal_audit_(db, [&clock](storage::Conn& c, std::span<const internal::RevealEvent> b) {
          return internal::WriteReveals(c, clock, b);
        }) {}

  // Applies defaults, draws serial numbers and evaluates formulas; returns the record as Get would.
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

  // The change history of one record (live or in the trash), newest first: items
  // {"id","kind","at","actor_id","actor_name","changes":{field:{"old","new"}}}, `limit` (1-500) per
  // page, `cursor` the next_cursor of the previous page. Fields hidden from the caller are left out
  // of changes; sensitive ones only say {"changed":true}. Needs data.<entity>.read.
  // Errors: record.not_found (also outside the caller's scope), record.forbidden,
  // record.bad_cursor, request.validation (limit).
  Result<Page> History(const Caller& who, const std::string& entity, int64_t id, int limit,
                       const std::string& cursor);

  // The change events of record `id` and of every record whose relation field points at it (a
  // customer's treatments, orders, follow-ups …), newest first: History items with "entity",
  // "entity_label" and "record_id". Related entities the caller may not read, and related records
  // outside the caller's scope, are left out. Needs data.<entity>.read and the record in scope.
  // Errors: as History.
  Result<Page> RelatedEvents(const Caller& who, const std::string& entity, int64_t id, int limit,
                             const std::string& cursor);

  // Applies `values` (as a PATCH body, without version) to every selected record, or deletes them
  // (to the trash), in one transaction through the same path as Update/Delete, so every record
  // gets its change event; one audit entry names the count. Needs data.<entity>.update / .delete.
  // Errors: record.bulk_too_large (more than kMaxBulkRecords ids or matches), record.bad_filter,
  // request.validation (no selection, or both), and those of Update / Delete for any record.
  Result<BulkResult> BulkUpdate(const Caller& who, const std::string& entity,
                                const BulkSelection& selection, const boost::json::object& values);
  Result<BulkResult> BulkDelete(const Caller& who, const std::string& entity,
                                const BulkSelection& selection);

  // Imports (see import.h). PrepareImport checks data.<entity>.import and .create (and .update for
  // duplicates=update), reads the header, counts the rows and binds the mapping and key; it writes
  // nothing. RunImport writes the rows in one transaction, or rolls it back for a dry run and
  // when any row failed (import.has_errors). Import is both. Thread-safe; a plan is read-only.
  Result<std::shared_ptr<ImportPlan>> PrepareImport(const Caller& who, const std::string& entity,
                                                    std::string file, ImportOptions options);
  Result<ImportReport> RunImport(const Caller& who, const ImportPlan& plan,
                                 ImportProgress* progress);
  Result<ImportReport> Import(const Caller& who, const std::string& entity, std::string file,
                              ImportOptions options);

  // Declares what a domain module manages of `entity`. The first declaration of an entity holds
  // (modules declare theirs when constructed, possibly several times); thread-safe.
  void Manage(const std::string& entity, Managed managed);
  // What is managed of `entity`; null when nothing is.
  const Managed* ManagedOf(const std::string& entity) const;

  // The observer of every write (the rules engine); set once before serving.
  void SetObserver(ChangeObserver* observer) { observer_ = observer; }
  // The key ring the engine encrypts and blind-indexes with (for modules that index values of
  // their own, such as a phone asking for a one-time code).
  const storage::crypto::KeyRing& keys() const { return keys_; }

  // For engines acting inside a transaction of their own (rule actions). The same write path as
  // Create/Update, as `who` (access checked), with `depth` passed on to the observer. They return
  // the record unmasked. Errors: as Create / Update.
  Result<boost::json::object> CreateInTx(storage::Conn& c, const Caller& who,
                                         const std::string& entity,
                                         const boost::json::object& input, int depth);
  Result<boost::json::object> UpdateInTx(storage::Conn& c, const Caller& who,
                                         const std::string& entity, int64_t id,
                                         const boost::json::object& patch, int depth);
  // Soft-deletes (to the trash) as Delete does, inside the caller's transaction. Errors: as Delete.
  Status DeleteInTx(storage::Conn& c, const Caller& who, const std::string& entity, int64_t id,
                    int depth);
  // The live record of the organisation, unmasked, with lookups and rollups, without access
  // checks (templates and conditions of rules, which decide who sees the result); nullopt when
  // there is none.
  Result<std::optional<boost::json::object>> ReadInTx(storage::Conn& c, int64_t org_id,
                                                      const std::string& entity, int64_t id);
  // True when the live record matches the filter tree (the list filter language; relation paths
  // allowed). Errors: schema.entity_not_found, record.bad_filter.
  Result<bool> MatchesInTx(storage::Conn& c, int64_t org_id, const std::string& entity, int64_t id,
                           const boost::json::value& filter);
  // The ids of the organisation's live records matching the filter, at most `limit`, by id.
  Result<std::vector<int64_t>> SelectIdsInTx(storage::Conn& c, int64_t org_id,
                                             const std::string& entity,
                                             const boost::json::value* filter, int64_t limit);
  // Checks a filter tree against the catalog without running it. Error: record.bad_filter.
  Status CheckFilter(const schema::Catalog& catalog, const std::string& entity,
                     const boost::json::value& filter) const;

 private:
  // The environment of one write by `who` to entity `e`.
  internal::WriteEnv Env(const schema::Catalog& catalog, const schema::EntityDef& e,
                         const Caller& who, bool audit) const;

  storage::Db& db_;
  schema::CatalogStore& catalog_;
  const Clock& clock_;
  const storage::crypto::KeyRing& keys_;
  ChangeObserver* observer_ = nullptr;
  mutable std::shared_mutex managed_mu_;
  std::map<std::string, Managed, std::less<>> managed_;  // entries are never changed or removed
  // The audit entries of unmasked reads, committed in shared transactions under load.
  storage::GroupCommit<internal::RevealEvent> reveal_audit_;
};

}  // namespace peony::records
