#include "platform/schema/ddl.h"

#include "storage/migrations/migrations.h"

namespace peony::schema {
namespace {

std::string SqlType(storage::Dialect d, StorageKind k) {
  switch (k) {
    case StorageKind::kInteger:
      return "BIGINT";
    case StorageKind::kReal:
      return d == storage::Dialect::kSqlite ? "REAL" : "DOUBLE PRECISION";
    case StorageKind::kText:
    case StorageKind::kNone:
      break;
  }
  return "TEXT";
}

std::string Q(const std::string& ident) { return "\"" + ident + "\""; }

std::vector<std::string> ColumnDefs(storage::Dialect d, const FieldDef& f) {
  switch (LayoutOf(f)) {
    case FieldLayout::kColumn:
      return {Q(f.column) + " " + SqlType(d, ColumnKindOf(f))};
    case FieldLayout::kSensitive:
      return {Q(f.column) + " TEXT", Q("b_" + f.name) + " TEXT"};
    default:
      return {};
  }
}

}  // namespace

bool HasColumnIndex(const FieldDef& f) {
  if (LayoutOf(f) != FieldLayout::kColumn) return false;
  const FieldType* t = FindFieldType(f);
  return f.options.contains("indexed")
             ? f.options.at("indexed").is_bool() && f.options.at("indexed").as_bool()
             : (t && t->reference() != Reference::kNone);
}

std::string ColumnIndexName(const EntityDef& e, const FieldDef& f) {
  // The entity's own indexes are ix_<entity>__live, __branch, __owner, __updated and
  // __grams_record: a field with one of those names gets "f_" before its name.
  static constexpr std::string_view kSystem[] = {"live", "branch", "owner", "updated",
                                                 "grams_record"};
  for (auto name : kSystem) {
    if (f.name == name) return "ix_" + e.name + "__f_" + f.name;
  }
  return "ix_" + e.name + "__" + f.name;
}

namespace {

// Indexes that make filters on a field fast: references, dates, choices; blind indexes.
// Lists sort ascending with NULLs first and descending with NULLs last (read.cpp). SQLite orders
// NULLs first by itself; PostgreSQL's default is the reverse, so its indexes say it, and a forward
// or backward walk of the index then yields the rows in list order.
std::vector<std::string> FieldIndexes(storage::Dialect d, const EntityDef& e, const FieldDef& f) {
  std::vector<std::string> out;
  const std::string idx = ColumnIndexName(e, f);
  if (LayoutOf(f) == FieldLayout::kSensitive) {
    out.push_back("CREATE INDEX " + Q(idx) + " ON " + Q(e.table) + " (" + Q("b_" + f.name) + ")");
  } else if (LayoutOf(f) == FieldLayout::kColumn) {
    if (HasColumnIndex(f)) {
      out.push_back("CREATE INDEX " + Q(idx) + " ON " + Q(e.table) + " (" + Q(f.column) +
                    (d == storage::Dialect::kPostgres ? " NULLS FIRST" : "") + ", " + Q("id") +
                    ")");
    }
  }
  if (f.unique) out.push_back(CreateUniqueIndexDdl(e, f));
  return out;
}

std::vector<std::string> ChildTableDdl(storage::Dialect d, const EntityDef& e, const FieldDef& f) {
  const std::string table = ChildTable(e, f);
  std::vector<std::string> out;
  if (LayoutOf(f) == FieldLayout::kValueTable) {
    out.push_back(
        "CREATE TABLE " + Q(table) +
        " (record_id BIGINT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (record_id, value))");
    out.push_back("CREATE INDEX " + Q("ix_" + table + "__value") + " ON " + Q(table) +
                  " (value, record_id)");
  } else if (LayoutOf(f) == FieldLayout::kRowTable) {
    std::string sql = "CREATE TABLE " + Q(table) + " (id " + storage::DialectSql(d, "{{ID}}") +
                      ", record_id BIGINT NOT NULL, position BIGINT NOT NULL";
    if (f.options.contains("fields") && f.options.at("fields").is_array()) {
      for (const auto& sub : f.options.at("fields").as_array()) {
        if (!sub.is_object() || !sub.as_object().contains("name")) continue;
        FieldDef sf;
        sf.name = std::string(sub.at("name").as_string());
        sf.type =
            sub.as_object().contains("type") ? std::string(sub.at("type").as_string()) : "text";
        sf.column = "f_" + sf.name;
        for (const auto& c : ColumnDefs(d, sf)) sql += ", " + c;
      }
    }
    sql += ")";
    out.push_back(sql);
    out.push_back("CREATE INDEX " + Q("ix_" + table + "__record") + " ON " + Q(table) +
                  " (record_id, position)");
  }
  return out;
}

}  // namespace

FieldLayout LayoutOf(const FieldDef& f) {
  const FieldType* t = FindFieldType(f);
  if (f.type == "sub_form") return FieldLayout::kRowTable;
  if (t && t->storage() == StorageKind::kNone) {
    return t->computed() ? FieldLayout::kVirtual : FieldLayout::kValueTable;
  }
  if (f.sensitive) return FieldLayout::kSensitive;
  return FieldLayout::kColumn;
}

StorageKind ColumnKindOf(const FieldDef& f) {
  const FieldType* t = FindFieldType(f);
  return t ? t->StorageFor(f.options) : StorageKind::kText;
}

std::string ChildTable(const EntityDef& e, const FieldDef& f) { return e.table + "__" + f.name; }
std::string GramTable(const EntityDef& e) { return e.table + "__grams"; }
std::string UpdatedIndexName(const EntityDef& e) { return "ix_" + e.name + "__updated"; }

std::vector<std::string> CreateEntityDdl(storage::Dialect d, const EntityDef& e) {
  std::string sql = "CREATE TABLE " + Q(e.table) + " (id " + storage::DialectSql(d, "{{ID}}") +
                    ", org_id BIGINT NOT NULL, branch_id BIGINT, department_id BIGINT, "
                    "owner_id BIGINT, created_by BIGINT, updated_by BIGINT, "
                    "created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, "
                    "version BIGINT NOT NULL DEFAULT 1, deleted_at BIGINT, "
                    "search_text TEXT NOT NULL DEFAULT ''";
  for (const auto& f : e.fields) {
    for (const auto& c : ColumnDefs(d, f)) sql += ", " + c;
  }
  sql += ")";
  std::vector<std::string> out{sql};
  const std::string t = Q(e.table);
  out.push_back("CREATE INDEX " + Q("ix_" + e.name + "__live") + " ON " + t +
                " (org_id, deleted_at, id)");
  out.push_back("CREATE INDEX " + Q("ix_" + e.name + "__branch") + " ON " + t + " (branch_id, id)");
  out.push_back("CREATE INDEX " + Q("ix_" + e.name + "__owner") + " ON " + t + " (owner_id, id)");
  out.push_back("CREATE INDEX " + Q(UpdatedIndexName(e)) + " ON " + t + " (updated_at, id)");
  out.push_back("CREATE TABLE " + Q(GramTable(e)) +
                " (gram TEXT NOT NULL, record_id BIGINT NOT NULL, PRIMARY KEY (gram, record_id))" +
                (d == storage::Dialect::kSqlite ? " WITHOUT ROWID" : ""));
  out.push_back("CREATE INDEX " + Q("ix_" + e.name + "__grams_record") + " ON " + Q(GramTable(e)) +
                " (record_id)");
  for (const auto& f : e.fields) {
    for (auto& s : FieldIndexes(d, e, f)) out.push_back(std::move(s));
    for (auto& s : ChildTableDdl(d, e, f)) out.push_back(std::move(s));
  }
  return out;
}

std::vector<std::string> AddFieldDdl(storage::Dialect d, const EntityDef& e, const FieldDef& f) {
  std::vector<std::string> out;
  for (const auto& c : ColumnDefs(d, f)) {
    out.push_back("ALTER TABLE " + Q(e.table) + " ADD COLUMN " + c);
  }
  for (auto& s : FieldIndexes(d, e, f)) out.push_back(std::move(s));
  for (auto& s : ChildTableDdl(d, e, f)) out.push_back(std::move(s));
  return out;
}

std::string CreateUniqueIndexDdl(const EntityDef& e, const FieldDef& f) {
  const std::string col = LayoutOf(f) == FieldLayout::kSensitive ? "b_" + f.name : f.column;
  return "CREATE UNIQUE INDEX " + Q("ux_" + e.name + "__" + f.name) + " ON " + Q(e.table) + " (" +
         Q(col) + ") WHERE deleted_at IS NULL";
}

std::string DropUniqueIndexDdl(const EntityDef& e, const FieldDef& f) {
  return "DROP INDEX IF EXISTS " + Q("ux_" + e.name + "__" + f.name);
}

std::vector<std::string> ReindexFieldDdl(storage::Dialect d, const EntityDef& e,
                                         const FieldDef& f) {
  std::vector<std::string> out{"DROP INDEX IF EXISTS " + Q(ColumnIndexName(e, f))};
  FieldDef plain = f;
  plain.unique = false;  // the unique index has its own life (CreateUniqueIndexDdl)
  for (auto& s : FieldIndexes(d, e, plain)) out.push_back(std::move(s));
  return out;
}

std::vector<std::string> PurgeFieldDdl(storage::Dialect, const EntityDef& e, const FieldDef& f) {
  std::vector<std::string> out;
  out.push_back(DropUniqueIndexDdl(e, f));
  out.push_back("DROP INDEX IF EXISTS " + Q(ColumnIndexName(e, f)));
  switch (LayoutOf(f)) {
    case FieldLayout::kColumn:
      out.push_back("ALTER TABLE " + Q(e.table) + " DROP COLUMN " + Q(f.column));
      break;
    case FieldLayout::kSensitive:
      out.push_back("ALTER TABLE " + Q(e.table) + " DROP COLUMN " + Q(f.column));
      out.push_back("ALTER TABLE " + Q(e.table) + " DROP COLUMN " + Q("b_" + f.name));
      break;
    case FieldLayout::kValueTable:
    case FieldLayout::kRowTable:
      out.push_back("DROP TABLE IF EXISTS " + Q(ChildTable(e, f)));
      break;
    case FieldLayout::kVirtual:
      break;
  }
  return out;
}

}  // namespace peony::schema
