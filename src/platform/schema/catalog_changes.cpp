// Changes to the catalog (part of CatalogStore; see catalog.h): each runs its catalog rows, its
// DDL, its history entry and its audit entry in one transaction, then publishes a new snapshot.
#include <boost/json/serialize.hpp>

#include "common/strings.h"
#include "platform/access/audit.h"
#include "platform/schema/catalog.h"
#include "platform/schema/ddl.h"
#include "platform/schema/errors.h"
#include "platform/schema/formula_check.h"
#include "platform/schema/indexes.h"
#include "platform/schema/option_check.h"
// The records engine owns access / visible_if / editable_if (they use its filter language).
#include "platform/records/field_rules.h"

namespace peony::schema {
namespace {

// Checks one field definition against the registry and the catalog. `entity` is the entity being
// created or changed (for relations to itself).
Status CheckField(const FieldSpec& s, const Catalog& catalog, const std::string& entity) {
  PEONY_CHECK(ValidateName("field", s.name));
  if (s.label.empty() || !IsValidUtf8(s.label) || Utf8Length(s.label) > 64) {
    return errors::Invalid("label", "字段名称不能为空且不超过 64 个字",
                           "A field label is required and at most 64 characters");
  }
  const FieldType* type = FindFieldType(s.type);
  if (!type) return errors::UnknownType(s.type);
  PEONY_CHECK(type->CheckOptions(s.options));
  PEONY_CHECK(CheckCommonOptions(s.options));
  if (s.sensitive && !type->can_be_sensitive()) {
    return errors::Invalid("sensitive", "这种字段不能设为敏感字段",
                           "This kind of field cannot be marked sensitive");
  }
  FieldDef probe;
  probe.type = s.type;
  probe.sensitive = s.sensitive;
  probe.options = s.options;
  PEONY_CHECK(CheckDefault(probe));
  if (s.unique &&
      (LayoutOf(probe) != FieldLayout::kColumn && LayoutOf(probe) != FieldLayout::kSensitive)) {
    return errors::Invalid("unique", "这种字段不能设为唯一", "This kind of field cannot be unique");
  }
  if (type->reference() == Reference::kRecord) {
    const auto it = s.options.find("target");
    const std::string target = it != s.options.end() && it->value().is_string()
                                   ? std::string(it->value().as_string())
                                   : "";
    if (target != entity && !catalog.Find(target)) return errors::EntityNotFound(target);
  }
  return Ok();
}

FieldDef MakeField(const FieldSpec& s, int position, bool locked) {
  FieldDef f;
  f.name = s.name;
  f.label = s.label;
  f.type = s.type;
  f.required = s.required;
  f.unique = s.unique;
  f.sensitive = s.sensitive;
  f.options = s.options;
  f.column = "f_" + s.name;
  f.position = position;
  f.locked = locked;
  return f;
}

Result<int64_t> InsertField(storage::Conn& c, int64_t entity_id, const FieldDef& f, UtcMillis now) {
  PEONY_TRY(
      auto r,
      c.Query("INSERT INTO schema_fields (entity_id, name, label, type, column_name, "
              "required, unique_value, sensitive, options, position, locked, "
              "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
              "RETURNING id",
              {entity_id, f.name, f.label, f.type, f.column, f.required, f.unique, f.sensitive,
               boost::json::serialize(f.options), f.position, f.locked, now, now}));
  return r.Int(0, 0);
}

Status RunDdl(storage::Conn& c, const std::vector<std::string>& statements) {
  for (const auto& sql : statements) PEONY_CHECK(c.ExecScript(sql));
  return Ok();
}

// Records the change in the entity's history, bumps its version and the catalog's, and audits it.
Status Record(storage::Conn& c, const Clock& clock, int64_t org_id, int64_t entity_id,
              const std::string& entity, const access::Actor& actor, std::string action,
              boost::json::object change) {
  const UtcMillis now = clock.Now();
  PEONY_CHECK(
      c.Exec("UPDATE schema_entities SET version = version + 1, updated_at = ? WHERE id = ?",
             {now, entity_id}));
  PEONY_TRY(auto v, c.Query("SELECT version FROM schema_entities WHERE id = ?", {entity_id}));
  change["action"] = action;
  PEONY_CHECK(
      c.Exec("INSERT INTO schema_history (entity_id, version, change, actor_id, at) "
             "VALUES (?, ?, ?, ?, ?)",
             {entity_id, v.Int(0, 0), boost::json::serialize(change), actor.user_id, now}));
  const bool pg = c.dialect() == storage::Dialect::kPostgres;
  PEONY_CHECK(c.Exec(pg ? "UPDATE settings SET value = (CAST(value AS BIGINT) + 1)::TEXT "
                          "WHERE name = 'catalog_version'"
                        : "UPDATE settings SET value = CAST(value AS INTEGER) + 1 "
                          "WHERE name = 'catalog_version'"));
  return access::AppendAudit(
      c, clock,
      access::AuditEvent{org_id, actor.user_id, actor.username, std::move(action), "entity", entity,
                         actor.ip, std::move(change)});
}

}  // namespace

Result<EntityDef> CatalogStore::CreateEntity(int64_t org_id, const EntitySpec& spec,
                                             const access::Actor& actor) {
  PEONY_CHECK(ValidateName("name", spec.name));
  if (spec.label.empty() || !IsValidUtf8(spec.label) || Utf8Length(spec.label) > 64) {
    return errors::Invalid("label", "表单名称不能为空且不超过 64 个字",
                           "An entity label is required and at most 64 characters");
  }
  if (spec.fields.size() > 300) {
    return errors::Invalid("fields", "一个表单最多 300 个字段", "An entity has at most 300 fields");
  }
  PEONY_TRY(auto catalog, Snapshot());
  EntityDef e;
  e.org_id = org_id;
  e.name = spec.name;
  e.label = spec.label;
  e.table = "x_" + spec.name;
  e.system = spec.system;
  e.options = spec.options;
  for (size_t i = 0; i < spec.fields.size(); ++i) {
    PEONY_CHECK(CheckField(spec.fields[i], *catalog, spec.name));
    for (size_t j = 0; j < i; ++j) {
      if (spec.fields[j].name == spec.fields[i].name) return errors::NameTaken(spec.fields[i].name);
    }
    e.fields.push_back(MakeField(spec.fields[i], static_cast<int>(i + 1), spec.system));
  }
  for (const auto& f : e.fields) PEONY_CHECK(CheckComputedRefs(*catalog, e.name, e.fields, f));
  for (const auto& f : e.fields) PEONY_CHECK(records::CheckFieldOptions(e.name, e.fields, f));
  PEONY_CHECK(CheckFormulas({}, e.fields));
  PEONY_TRY(const auto indexes, CompoundIndexes(e, e.options));
  PEONY_CHECK(db_.WriteTx([&](storage::Conn& c) -> Status {
    const UtcMillis now = clock_.Now();
    auto ins = c.Query(
        "INSERT INTO schema_entities (org_id, name, label, table_name, system, "
        "options, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id",
        {org_id, e.name, e.label, e.table, e.system, boost::json::serialize(e.options), now, now});
    if (!ins.ok()) {
      if (ins.error().code == "db.unique_violation") return errors::NameTaken(e.name);
      return std::move(ins).error();
    }
    e.id = ins->Int(0, 0);
    for (auto& f : e.fields) {
      PEONY_TRY(f.id, InsertField(c, e.id, f, now));
    }
    PEONY_CHECK(RunDdl(c, CreateEntityDdl(c.dialect(), e)));
    PEONY_CHECK(RunDdl(c, ChangeCompoundIndexesDdl(c.dialect(), e, {}, indexes)));
    boost::json::array names;
    for (const auto& f : e.fields) names.emplace_back(f.name);
    return Record(c, clock_, org_id, e.id, e.name, actor, "schema.entity_create",
                  {{"fields", std::move(names)}});
  }));
  PEONY_CHECK(Publish());
  PEONY_TRY(auto now_catalog, Snapshot());
  const EntityDef* created = now_catalog->Find(e.name);
  if (!created) return InternalError("created entity missing from the catalog");
  return *created;
}

Result<EntityDef> CatalogStore::UpdateEntity(const std::string& entity,
                                             const std::optional<std::string>& label,
                                             const std::optional<boost::json::object>& options,
                                             std::optional<int64_t> expected_version,
                                             const access::Actor& actor) {
  PEONY_TRY(auto catalog, Snapshot());
  const EntityDef* e = catalog->Find(entity);
  if (!e) return errors::EntityNotFound(entity);
  if (expected_version && *expected_version != e->version) return errors::VersionConflict();
  if (label && (label->empty() || !IsValidUtf8(*label) || Utf8Length(*label) > 64)) {
    return errors::Invalid("label", "表单名称不能为空且不超过 64 个字",
                           "An entity label is required and at most 64 characters");
  }
  std::vector<CompoundIndex> indexes_after;
  if (options) {
    PEONY_TRY(auto checked, CompoundIndexes(*e, *options));
    indexes_after = std::move(checked);
  }
  PEONY_CHECK(db_.WriteTx([&](storage::Conn& c) -> Status {
    boost::json::object change;
    if (label) {
      PEONY_CHECK(c.Exec("UPDATE schema_entities SET label = ? WHERE id = ?", {*label, e->id}));
      change["label"] = *label;
    }
    if (options) {
      PEONY_CHECK(c.Exec("UPDATE schema_entities SET options = ? WHERE id = ?",
                         {boost::json::serialize(*options), e->id}));
      PEONY_CHECK(RunDdl(
          c, ChangeCompoundIndexesDdl(c.dialect(), *e, CompoundIndexesOf(*e), indexes_after)));
      change["options"] = *options;
    }
    return Record(c, clock_, e->org_id, e->id, e->name, actor, "schema.entity_update", change);
  }));
  PEONY_CHECK(Publish());
  PEONY_TRY(auto after, Snapshot());
  return *after->Find(entity);
}

Status CatalogStore::RetireEntity(const std::string& entity, const access::Actor& actor) {
  PEONY_TRY(auto catalog, Snapshot());
  const EntityDef* e = catalog->Find(entity);
  if (!e) return errors::EntityNotFound(entity);
  if (e->system) return errors::Locked(entity);
  PEONY_CHECK(db_.WriteTx([&](storage::Conn& c) -> Status {
    PEONY_CHECK(c.Exec("UPDATE schema_entities SET status = 'retired' WHERE id = ?", {e->id}));
    return Record(c, clock_, e->org_id, e->id, e->name, actor, "schema.entity_retire", {});
  }));
  return Publish();
}

Result<FieldDef> CatalogStore::AddField(const std::string& entity, const FieldSpec& spec,
                                        const access::Actor& actor) {
  PEONY_TRY(auto catalog, Snapshot());
  const EntityDef* e = catalog->Find(entity);
  if (!e) return errors::EntityNotFound(entity);
  PEONY_CHECK(CheckField(spec, *catalog, entity));
  if (e->FindField(spec.name)) return errors::NameTaken(spec.name);
  if (e->fields.size() >= 300) {
    return errors::Invalid("fields", "一个表单最多 300 个字段", "An entity has at most 300 fields");
  }
  int position = 0;
  for (const auto& f : e->fields) position = std::max(position, f.position);
  FieldDef f = MakeField(spec, position + 1, false);
  std::vector<FieldDef> fields_after = e->fields;
  fields_after.push_back(f);
  PEONY_CHECK(CheckComputedRefs(*catalog, entity, fields_after, f));
  PEONY_CHECK(records::CheckFieldOptions(entity, fields_after, f));
  PEONY_CHECK(CheckFormulas(e->fields, fields_after));
  PEONY_CHECK(db_.WriteTx([&](storage::Conn& c) -> Status {
    PEONY_TRY(f.id, InsertField(c, e->id, f, clock_.Now()));
    PEONY_CHECK(RunDdl(c, AddFieldDdl(c.dialect(), *e, f)));
    return Record(c, clock_, e->org_id, e->id, e->name, actor, "schema.field_add",
                  {{"field", f.name}, {"type", f.type}});
  }));
  PEONY_CHECK(Publish());
  return f;
}

Result<FieldDef> CatalogStore::UpdateField(const std::string& entity, const std::string& field,
                                           const FieldPatch& p, const access::Actor& actor) {
  PEONY_TRY(auto catalog, Snapshot());
  const EntityDef* e = catalog->Find(entity);
  if (!e) return errors::EntityNotFound(entity);
  const FieldDef* before = e->FindField(field);
  if (!before) return errors::FieldNotFound(field);
  FieldDef after = *before;
  if (p.label) after.label = *p.label;
  if (p.required) after.required = *p.required;
  if (p.unique) after.unique = *p.unique;
  if (p.options) after.options = *p.options;
  if (p.position) after.position = *p.position;
  if (before->locked && (after.unique != before->unique || after.options != before->options)) {
    return errors::Locked(field);
  }
  FieldSpec check{after.name,   after.label,     after.type,   after.required,
                  after.unique, after.sensitive, after.options};
  PEONY_CHECK(CheckField(check, *catalog, entity));
  std::vector<FieldDef> fields_after = e->fields;
  for (auto& f : fields_after) {
    if (f.name == after.name) f = after;
  }
  if (after.options != before->options) {
    PEONY_CHECK(CheckComputedRefs(*catalog, entity, fields_after, after));
    PEONY_CHECK(records::CheckFieldOptions(entity, fields_after, after));
  }
  PEONY_CHECK(CheckFormulas(e->fields, fields_after));
  PEONY_CHECK(db_.WriteTx([&](storage::Conn& c) -> Status {
    if (after.unique != before->unique) {
      // Creating the unique index fails (db.unique_violation) when existing rows repeat a value.
      auto r = c.ExecScript(after.unique ? CreateUniqueIndexDdl(*e, after)
                                         : DropUniqueIndexDdl(*e, after));
      if (!r.ok()) {
        if (r.error().code == "db.unique_violation") {
          return MakeError(ErrorKind::kConflict, "schema.duplicates_exist",
                           "已有重复的值，不能设为唯一",
                           "Existing records repeat values of this field")
              .WithDetails(boost::json::object{{"field", field}});
        }
        return std::move(r).error();
      }
    }
    if (HasColumnIndex(after) != HasColumnIndex(*before)) {
      for (const auto& sql : ReindexFieldDdl(c.dialect(), *e, after))
        PEONY_CHECK(c.ExecScript(sql));
    }
    PEONY_CHECK(
        c.Exec("UPDATE schema_fields SET label = ?, required = ?, unique_value = ?, "
               "options = ?, position = ?, updated_at = ? WHERE id = ?",
               {after.label, after.required, after.unique, boost::json::serialize(after.options),
                after.position, clock_.Now(), after.id}));
    return Record(c, clock_, e->org_id, e->id, e->name, actor, "schema.field_update",
                  {{"field", field}});
  }));
  PEONY_CHECK(Publish());
  return after;
}

Result<FieldDef> CatalogStore::SetFieldRetired(const std::string& entity, const std::string& field,
                                               bool retired, const access::Actor& actor) {
  PEONY_TRY(auto catalog, Snapshot());
  const EntityDef* e = catalog->Find(entity);
  if (!e) return errors::EntityNotFound(entity);
  const FieldDef* f = e->FindField(field);
  if (!f) return errors::FieldNotFound(field);
  if (f->locked) return errors::Locked(field);
  PEONY_CHECK(db_.WriteTx([&](storage::Conn& c) -> Status {
    PEONY_CHECK(c.Exec("UPDATE schema_fields SET status = ?, updated_at = ? WHERE id = ?",
                       {retired ? "retired" : "active", clock_.Now(), f->id}));
    return Record(c, clock_, e->org_id, e->id, e->name, actor,
                  retired ? "schema.field_retire" : "schema.field_restore", {{"field", field}});
  }));
  PEONY_CHECK(Publish());
  FieldDef out = *f;
  out.retired = retired;
  return out;
}

Status CatalogStore::PurgeField(const std::string& entity, const std::string& field,
                                const access::Actor& actor) {
  PEONY_TRY(auto catalog, Snapshot());
  const EntityDef* e = catalog->Find(entity);
  if (!e) return errors::EntityNotFound(entity);
  const FieldDef* f = e->FindField(field);
  if (!f) return errors::FieldNotFound(field);
  if (!f->retired) return errors::NotRetired(field);
  PEONY_CHECK(db_.WriteTx([&](storage::Conn& c) -> Status {
    // Compound indexes naming the field go first (a column in an index cannot be dropped).
    const boost::json::object options = WithoutField(e->options, field);
    if (options != e->options) {
      EntityDef after = *e;
      after.options = options;
      PEONY_CHECK(RunDdl(c, ChangeCompoundIndexesDdl(c.dialect(), *e, CompoundIndexesOf(*e),
                                                     CompoundIndexesOf(after))));
      PEONY_CHECK(c.Exec("UPDATE schema_entities SET options = ? WHERE id = ?",
                         {boost::json::serialize(options), e->id}));
    }
    PEONY_CHECK(RunDdl(c, PurgeFieldDdl(c.dialect(), *e, *f)));
    PEONY_CHECK(c.Exec("DELETE FROM schema_fields WHERE id = ?", {f->id}));
    return Record(c, clock_, e->org_id, e->id, e->name, actor, "schema.field_purge",
                  {{"field", field}, {"type", f->type}});
  }));
  return Publish();
}

}  // namespace peony::schema
