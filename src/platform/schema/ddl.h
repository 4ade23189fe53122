// DDL for catalog changes, per dialect. Every identifier is derived from a validated entity or
// field name (see ValidateName), never taken from user text as is.
#pragma once

#include <string>
#include <vector>

#include "platform/schema/catalog.h"
#include "storage/db.h"

namespace peony::schema {

// The columns every entity table has, before its fields' columns.
inline constexpr const char* kSystemColumns[] = {
    "id",         "org_id",     "branch_id",  "department_id", "owner_id",   "created_by",
    "updated_by", "created_at", "updated_at", "version",       "deleted_at", "search_text"};

// How one field is kept.
enum class FieldLayout {
  kColumn,      // one column f_<name> in the entity table
  kSensitive,   // f_<name> ciphertext (text) + b_<name> blind index
  kValueTable,  // child table x_<entity>__<name>(record_id, value): multi-valued fields
  kRowTable,    // child table x_<entity>__<name>(id, record_id, position, f_<sub>…): sub-forms
  kVirtual,     // nothing stored: computed on read (lookup, rollup)
};
FieldLayout LayoutOf(const FieldDef& f);
// The stored kind of a field's column (formulas by their result type).
StorageKind ColumnKindOf(const FieldDef& f);

std::string ChildTable(const EntityDef& e, const FieldDef& f);
std::string GramTable(const EntityDef& e);
// The index every entity table has on (updated_at, id).
std::string UpdatedIndexName(const EntityDef& e);

// Statements creating the entity's table, indexes, child tables and search table.
std::vector<std::string> CreateEntityDdl(storage::Dialect d, const EntityDef& e);
// Statements adding one field to an existing entity.
std::vector<std::string> AddFieldDdl(storage::Dialect d, const EntityDef& e, const FieldDef& f);
// Creating or dropping the unique index of a field.
std::string CreateUniqueIndexDdl(const EntityDef& e, const FieldDef& f);
std::string DropUniqueIndexDdl(const EntityDef& e, const FieldDef& f);
// Whether a stored column has its own index ColumnIndexName(e, f) on (column, id): references
// always, other fields when options say "indexed": true.
bool HasColumnIndex(const FieldDef& f);
std::string ColumnIndexName(const EntityDef& e, const FieldDef& f);
// The plain index of a field as its options ask now ("indexed", references, blind index): drops
// it and creates it again when wanted, so that changing "indexed" takes effect.
std::vector<std::string> ReindexFieldDdl(storage::Dialect d, const EntityDef& e, const FieldDef& f);
// Statements dropping a field's storage.
std::vector<std::string> PurgeFieldDdl(storage::Dialect d, const EntityDef& e, const FieldDef& f);

}  // namespace peony::schema
