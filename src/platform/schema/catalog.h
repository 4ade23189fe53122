// The catalog: the entities (forms) and fields an organisation defines at run time, each entity a
// real table and each scalar field a real column (DESIGN.md §4). Changes are versioned, audited
// and applied with their DDL in one transaction; renaming a field changes its label only, retiring
// hides it and keeps the data, and purging (dropping the column) is explicit.
//
// Readers take an immutable snapshot (`Snapshot()`), shared by all threads until the next change.
// A change made on this node publishes a new snapshot at once; changes made by other nodes on the
// same database are picked up within `refresh_ms`.
//
// Physical names come from validated names only: table "x_<entity>", column "f_<field>", blind
// index "b_<field>", child table "x_<entity>__<field>". User text never reaches SQL otherwise.
#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "platform/access/directory.h"
#include "platform/schema/field_type.h"
#include "storage/db.h"

namespace peony::schema {

struct EntityDef {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string name;
  std::string label;
  std::string table;    // "x_<name>"
  bool system = false;  // shipped by a template: core fields locked, custom fields allowed
  bool retired = false;
  int64_t version = 0;
  boost::json::object options;
  std::vector<FieldDef> fields;  // by position; retired ones included (FieldDef::retired)

  // Active or retired field by name; null when absent.
  const FieldDef* FindField(std::string_view name) const;
};

// An immutable view of the whole catalog.
class Catalog {
 public:
  Catalog(int64_t version, std::vector<EntityDef> entities);
  int64_t version() const { return version_; }
  // An active entity by name; null when absent or retired.
  const EntityDef* Find(std::string_view name) const;
  const std::vector<EntityDef>& entities() const { return entities_; }

 private:
  int64_t version_;
  std::vector<EntityDef> entities_;
};

// What the designer posts to create a field or an entity.
struct FieldSpec {
  std::string name, label, type;
  bool required = false, unique = false, sensitive = false;
  boost::json::object options;
};
struct EntitySpec {
  std::string name, label;
  std::vector<FieldSpec> fields;
  boost::json::object options;
  bool system = false;
};
struct FieldPatch {
  std::optional<std::string> label;
  std::optional<bool> required;
  std::optional<bool> unique;
  std::optional<boost::json::object> options;
  std::optional<int> position;
};

class CatalogStore {
 public:
  CatalogStore(storage::Db& db, const Clock& clock, int64_t refresh_ms = 1000);

  // The current snapshot (loads it on first use). Errors only from the database.
  Result<std::shared_ptr<const Catalog>> Snapshot();
  // The same, checking (and loading) through `c` — for callers inside a transaction, which must
  // not wait for a second pooled connection while they hold locks.
  Result<std::shared_ptr<const Catalog>> Snapshot(storage::Conn& c);

  // Creates an entity with its table, indexes and child tables. Errors: schema.invalid_name,
  // schema.name_taken, schema.unknown_type, schema.invalid_options, request.validation.
  Result<EntityDef> CreateEntity(int64_t org_id, const EntitySpec& spec,
                                 const access::Actor& actor);
  // Changes label/options. Errors: schema.entity_not_found, schema.version_conflict.
  Result<EntityDef> UpdateEntity(const std::string& entity, const std::optional<std::string>& label,
                                 const std::optional<boost::json::object>& options,
                                 std::optional<int64_t> expected_version,
                                 const access::Actor& actor);
  // Retires an entity (its table and data stay). Errors: schema.entity_not_found, schema.locked.
  Status RetireEntity(const std::string& entity, const access::Actor& actor);

  Result<FieldDef> AddField(const std::string& entity, const FieldSpec& spec,
                            const access::Actor& actor);
  // Relabels, changes options/required/unique/position. The type never changes.
  Result<FieldDef> UpdateField(const std::string& entity, const std::string& field,
                               const FieldPatch& patch, const access::Actor& actor);
  // Hides a field (data kept) or brings it back.
  Result<FieldDef> SetFieldRetired(const std::string& entity, const std::string& field,
                                   bool retired, const access::Actor& actor);
  // Drops a retired field's column(s) and data. Audited. Errors: schema.not_retired.
  Status PurgeField(const std::string& entity, const std::string& field,
                    const access::Actor& actor);

 private:
  Result<std::shared_ptr<const Catalog>> Load();
  Result<std::shared_ptr<const Catalog>> LoadWith(storage::Conn& c);
  Result<std::shared_ptr<const Catalog>> Refresh(storage::Conn& c, UtcMillis now);
  Status Publish();  // reloads after a local change

  storage::Db& db_;
  const Clock& clock_;
  int64_t refresh_ms_;
  std::mutex mu_;
  std::shared_ptr<const Catalog> snapshot_;  // GUARDED_BY(mu_)
  UtcMillis checked_at_ = 0;                 // GUARDED_BY(mu_)
};

// Validates an entity or field name; `what` names the input in the error.
Status ValidateName(const std::string& what, const std::string& name);

}  // namespace peony::schema
