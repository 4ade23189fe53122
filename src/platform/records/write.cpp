// Create, update, delete and restore (part of Records; see records.h).
#include <boost/json/serialize.hpp>

#include "platform/access/audit.h"
#include "platform/records/attachments.h"
#include "platform/records/compute.h"
#include "platform/records/errors.h"
#include "platform/records/field_access.h"
#include "platform/records/records.h"
#include "platform/records/store.h"
#include "platform/records/write_ops.h"
#include "platform/schema/errors.h"

namespace peony::records {
namespace {

using internal::Prepared;
using internal::UpdateResult;

std::string Q(const std::string& ident) { return "\"" + ident + "\""; }

std::string SearchText(const std::map<std::string, std::string>& values) {
  std::string out;
  for (const auto& [_, v] : values) {
    if (v.empty()) continue;
    if (!out.empty()) out += '\n';
    out += internal::Fold(v);
  }
  return out;
}

// Values the engine writes itself: system-field types mirror the row's own columns.
void AddComputed(const schema::EntityDef& e, bool create, int64_t user_id, UtcMillis now,
                 Prepared& p) {
  for (const auto& f : e.fields) {
    if (f.retired) continue;
    if ((f.type == "created_at" && create) || f.type == "updated_at") {
      p.columns.emplace_back(f.column, now);
    } else if ((f.type == "created_by" && create) || f.type == "updated_by") {
      p.columns.emplace_back(f.column, user_id);
    }
  }
}

// Runs `insert` (one row into the entity's table) and returns the row as stored: the columns
// ReadOne selects, for the change event. On SQLite the row is read back by its rowid rather than
// through RETURNING: SQLite runs RETURNING as a trigger, which makes the INSERT a statement that
// may write several rows and so keeps a statement journal, a copy of every page it touches
// (the table's and each index's), to undo it should a constraint fail half-way.
Result<storage::Rows> InsertRow(storage::Conn& c, const schema::EntityDef& e,
                                const internal::RowShape& shape, const std::string& insert,
                                const storage::Params& params) {
  if (c.dialect() == storage::Dialect::kPostgres) {
    auto row = c.Query(insert + " RETURNING " + shape.columns, params);
    if (!row.ok()) return internal::MapWriteError(e, std::move(row).error());
    return row;
  }
  auto inserted = c.Exec(insert, params);
  if (!inserted.ok()) return internal::MapWriteError(e, std::move(inserted).error());
  return c.Query("SELECT " + shape.columns + " FROM " + Q(e.table) +
                 " WHERE id = last_insert_rowid()");
}

// The organisation's zone: the one the caller gave (imports look it up once) or orgs.time_zone.
Result<TimeZone> WriteZone(storage::Conn& c, const internal::WriteEnv& w) {
  if (!w.time_zone.empty()) {
    auto zone = TimeZone::Find(w.time_zone);
    if (zone.ok()) return zone;
  }
  return internal::OrgTimeZone(c, w.who.principal.org_id);
}

// The `changes` of a change event as JSON text: {"<field>":{"old":…,"new":…}} in the order of
// `fields`, sensitive (and unknown) fields as {"changed":true}. Written as text rather than built
// as a JSON object and serialised: an import writes one per row.
std::string ChangesText(const schema::EntityDef& e, const std::vector<std::string>& fields,
                        const boost::json::object* before, const boost::json::object* after) {
  std::string out = "{";
  for (const auto& name : fields) {
    if (out.size() > 1) out += ',';
    out += boost::json::serialize(boost::json::string_view(name));
    const schema::FieldDef* f = e.FindField(name);
    if (!f || f->sensitive) {
      out += R"(:{"changed":true})";
      continue;
    }
    out += ":{";
    const boost::json::value* old_value = before ? before->if_contains(name) : nullptr;
    const boost::json::value* new_value = after ? after->if_contains(name) : nullptr;
    if (old_value) out += "\"old\":" + boost::json::serialize(*old_value);
    if (new_value) {
      if (old_value) out += ',';
      out += "\"new\":" + boost::json::serialize(*new_value);
    }
    out += '}';
  }
  out += '}';
  return out;
}

// Lookups and rollups of a record returned to the caller.
Status WithVirtual(storage::Conn& c, const schema::Catalog& catalog, const schema::EntityDef& e,
                   const Caller& who, const storage::crypto::KeyRing& keys,
                   boost::json::object& record) {
  std::map<int64_t, boost::json::object*> one{{record.at("id").as_int64(), &record}};
  return internal::FillVirtual(c, catalog, e, who.principal, keys, one, nullptr);
}

}  // namespace

namespace internal {

Status RecordChange(storage::Conn& c, const WriteEnv& w, int64_t id, const std::string& kind,
                    const std::vector<std::string>& fields, const boost::json::object* before,
                    const boost::json::object* after) {
  const schema::EntityDef& e = w.e;
  const access::Principal& p = w.who.principal;
  const std::string changes = ChangesText(e, fields, before, after);
  const UtcMillis now = w.clock.Now();
  PEONY_CHECK(
      c.Exec("INSERT INTO record_events (org_id, entity, record_id, kind, changes, "
             "actor_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
             {p.org_id, e.name, id, kind, changes, p.user_id, now}));
  if (w.observer) {
    std::optional<int64_t> branch;
    if (after && after->contains("branch_id") && after->at("branch_id").is_int64()) {
      branch = after->at("branch_id").as_int64();
    }
    const ChangeEvent event{p.org_id, w.catalog, e,     id,     kind,
                            fields,   before,    after, branch, w.depth};
    PEONY_CHECK(w.observer->OnChange(c, event));
  }
  if (!w.audit) return Ok();
  boost::json::array names;
  names.reserve(fields.size());
  for (const auto& name : fields) names.emplace_back(name);
  return access::AppendAudit(c, w.clock,
                             access::AuditEvent{p.org_id,
                                                p.user_id,
                                                p.username,
                                                "record." + kind,
                                                e.name,
                                                std::to_string(id),
                                                w.who.ip,
                                                {{"fields", std::move(names)}}});
}

Status CheckManagedRecords(const Managed* managed, const Caller& who, const std::string& entity) {
  if (managed && managed->records && !who.engine) return errors::Managed(entity);
  return Ok();
}

Status CheckManagedRecords(const WriteEnv& w) {
  return CheckManagedRecords(w.managed, w.who, w.e.name);
}

FieldAccess WriteAccess(const WriteEnv& w) {
  FieldAccess access = FieldAccess::For(w.who.principal, w.e);
  if (w.managed && !w.who.engine) access.Protect(w.managed->fields);
  return access;
}

Result<int64_t> CreateInTx(storage::Conn& c, const WriteEnv& w, const boost::json::object& input,
                           boost::json::object* stored) {
  PEONY_CHECK(CheckManagedRecords(w));
  const schema::EntityDef& e = w.e;
  const access::Principal& p = w.who.principal;
  const UtcMillis now = w.clock.Now();
  const SavePlan plan = PlanSave(e);
  std::optional<TimeZone> zone;
  if (plan.NeedsTime()) {
    PEONY_TRY(zone, WriteZone(c, w));
  }
  boost::json::object defaulted;
  if (!plan.defaults.empty()) defaulted = WithDefaults(plan, input, now, *zone, p.user_id);
  const boost::json::object& in = plan.defaults.empty() ? input : defaulted;
  // The caller may send a field they cannot write back only as its default.
  boost::json::object defaults;
  if (!plan.defaults.empty()) defaults = WithDefaults(plan, {}, now, *zone, p.user_id);
  PEONY_TRY(auto prep, PrepareInput(e, in, true, w.keys, w.normalize, WriteAccess(w), &defaults));
  AddComputed(e, true, p.user_id, now, prep);
  PEONY_CHECK(CheckReferences(c, w.catalog, e, p.org_id, prep));
  PEONY_TRY(auto attachments, BindAttachments(c, e, p, std::nullopt, prep));
  if (!plan.serials.empty() || plan.formulas) {
    // The record as it will be stored, for the formulas: input, stamps, serial numbers.
    boost::json::object values;
    for (const auto& f : e.fields) {
      if (f.type == "created_at" || f.type == "updated_at") values[f.name] = FormatRfc3339(now);
    }
    const std::optional<int64_t> branch = prep.branch_id ? prep.branch_id : p.branch_id;
    PEONY_CHECK(AssignSerials(c, plan, p.org_id, branch, zone->DateOf(now), prep, values));
    if (plan.formulas) {
      OverlayInput(e, in, w.normalize, values);
      PEONY_TRY(auto ctx, formula::MakeEvalContext(now, zone->name()));
      PEONY_CHECK(ComputeFormulas(e, ctx, values, nullptr, prep));
    }
  }
  std::string cols =
      "org_id, branch_id, department_id, owner_id, created_by, updated_by, created_at, "
      "updated_at, version, search_text";
  std::string marks = "?, ?, ?, ?, ?, ?, ?, ?, 1, ?";
  storage::Params params{p.org_id,
                         prep.branch_id ? prep.branch_id : p.branch_id,
                         p.department_id,
                         prep.owner_id ? prep.owner_id : p.user_id,
                         p.user_id,
                         p.user_id,
                         now,
                         now,
                         SearchText(prep.search_values)};
  for (const auto& [col, value] : prep.columns) {
    cols += ", " + Q(col);
    marks += ", ?";
    params.Add(value);
  }
  std::optional<RowShape> own_shape;
  const RowShape& shape = w.shape ? *w.shape : own_shape.emplace(e);
  PEONY_TRY(
      auto ins,
      InsertRow(c, e, shape, "INSERT INTO " + Q(e.table) + " (" + cols + ") VALUES (" + marks + ")",
                params));
  const int64_t id = ins.Int(0, 0);
  PEONY_CHECK(WriteChildren(c, e, id, prep));
  PEONY_CHECK(WriteAttachmentRefs(c, e, p.org_id, id, attachments));
  PEONY_CHECK(WriteGrams(c, e, id, prep.search_values, true));
  boost::json::object created = shape.decoder.ToJson(ins, 0, w.keys, true, nullptr);
  std::map<int64_t, boost::json::object*> one{{id, &created}};
  PEONY_CHECK(LoadChildren(c, e, one));
  PEONY_CHECK(RecordChange(c, w, id, "create", prep.fields, nullptr, &created));
  if (stored) *stored = std::move(created);
  return id;
}

Result<UpdateResult> UpdateInTx(storage::Conn& c, const WriteEnv& w, access::Scope scope,
                                int64_t id, const boost::json::object& patch,
                                std::optional<int64_t> expected_version) {
  const schema::EntityDef& e = w.e;
  const access::Principal& p = w.who.principal;
  std::map<std::string, std::string> search;
  PEONY_TRY(auto before, ReadOne(c, e, p, scope, id, false, w.keys, true, nullptr, &search));
  if (!before) return errors::NotFound();
  PEONY_TRY(auto prep,
            PrepareInput(e, patch, false, w.keys, w.normalize, WriteAccess(w), &*before));
  const UtcMillis now = w.clock.Now();
  AddComputed(e, false, p.user_id, now, prep);
  const int64_t current = before->at("version").as_int64();
  if (expected_version && *expected_version != current) return errors::VersionConflict(current);
  PEONY_CHECK(CheckReferences(c, w.catalog, e, p.org_id, prep));
  PEONY_TRY(auto attachments, BindAttachments(c, e, p, id, prep));
  if (PlanSave(e).formulas) {
    // Formulas see the stored record overlaid with the patch (sub-form rows included).
    boost::json::object values = *before;
    for (const auto& f : e.fields) {
      if (f.type == "updated_at") values[f.name] = FormatRfc3339(now);
    }
    OverlayInput(e, patch, w.normalize, values);
    PEONY_TRY(auto zone, WriteZone(c, w));
    PEONY_TRY(auto ctx, formula::MakeEvalContext(now, zone.name()));
    PEONY_CHECK(ComputeFormulas(e, ctx, values, &*before, prep));
  }
  for (const auto& [name, text] : prep.search_values) search[name] = text;
  std::string sql = "UPDATE " + Q(e.table) +
                    " SET version = version + 1, updated_at = ?, updated_by = ?, search_text = ?";
  storage::Params params{now, p.user_id, SearchText(search)};
  for (const auto& [col, value] : prep.columns) {
    sql += ", " + Q(col) + " = ?";
    params.Add(value);
  }
  if (prep.owner_id) {
    sql += ", owner_id = ?";
    params.Add(*prep.owner_id);
  }
  if (prep.branch_id) {
    sql += ", branch_id = ?";
    params.Add(*prep.branch_id);
  }
  sql += " WHERE id = ? AND version = ?";
  params.Add(id);
  params.Add(current);
  auto updated = c.Exec(sql, params);
  if (!updated.ok()) return MapWriteError(e, std::move(updated).error());
  if (*updated != 1) return errors::VersionConflict(current);
  PEONY_CHECK(WriteChildren(c, e, id, prep));
  PEONY_CHECK(WriteAttachmentRefs(c, e, p.org_id, id, attachments));
  PEONY_CHECK(WriteGrams(c, e, id, search, false));
  PEONY_TRY(auto after,
            ReadOne(c, e, p, access::Scope::kAll, id, false, w.keys, true, nullptr, nullptr));
  PEONY_CHECK(RecordChange(c, w, id, "update", prep.fields, &*before, &*after));
  return UpdateResult{std::move(*before), std::move(*after)};
}

Status DeleteInTx(storage::Conn& c, const WriteEnv& w, access::Scope scope, int64_t id) {
  PEONY_CHECK(CheckManagedRecords(w));
  const access::Principal& p = w.who.principal;
  std::string where = " WHERE t.id = ? AND t.org_id = ? AND t.deleted_at IS NULL";
  storage::Params params{id, p.org_id};
  AppendScope(p, scope, where, params);
  PEONY_TRY(auto found, c.Query("SELECT t.id FROM " + Q(w.e.table) + " t" + where, params));
  if (found.empty()) return errors::NotFound();
  const UtcMillis now = w.clock.Now();
  PEONY_CHECK(c.Exec("UPDATE " + Q(w.e.table) +
                         " SET deleted_at = ?, version = version + 1, updated_at = ?, "
                         "updated_by = ? WHERE id = ?",
                     {now, now, p.user_id, id}));
  return RecordChange(c, w, id, "delete", {}, nullptr, nullptr);
}

}  // namespace internal

internal::WriteEnv Records::Env(const schema::Catalog& catalog, const schema::EntityDef& e,
                                const Caller& who, bool audit) const {
  internal::WriteEnv w{catalog, e, who, clock_, keys_, {}, audit, {}, observer_};
  w.managed = ManagedOf(e.name);
  return w;
}

void Records::Manage(const std::string& entity, Managed managed) {
  std::unique_lock lock(managed_mu_);
  managed_.try_emplace(entity, std::move(managed));
}

const Managed* Records::ManagedOf(const std::string& entity) const {
  std::shared_lock lock(managed_mu_);
  const auto it = managed_.find(entity);
  return it == managed_.end() ? nullptr : &it->second;
}

Result<boost::json::object> Records::Create(const Caller& who, const std::string& entity,
                                            const boost::json::object& input) {
  PEONY_TRY(auto catalog, catalog_.Snapshot());
  const schema::EntityDef* e = catalog->Find(entity);
  if (!e) return schema::errors::EntityNotFound(entity);
  PEONY_TRY(auto scope, internal::CheckAccess(who.principal, entity, "create"));
  (void)scope;
  const bool unmask = who.principal.Has("data." + entity + ".unmask");
  const internal::WriteEnv w = Env(*catalog, *e, who, true);
  return db_.Write([&](storage::Conn& c) -> Result<boost::json::object> {
    // The record read back for the change event is the answer when the caller may see it
    // unmasked; otherwise it is read again, masked.
    boost::json::object created;
    PEONY_TRY(auto id, internal::CreateInTx(c, w, input, unmask ? &created : nullptr));
    if (!unmask) {
      PEONY_TRY(auto masked, internal::ReadOne(c, *e, who.principal, access::Scope::kAll, id, false,
                                               keys_, false, nullptr, nullptr));
      created = std::move(*masked);
    }
    PEONY_CHECK(WithVirtual(c, *catalog, *e, who, keys_, created));
    internal::FieldAccess::For(who.principal, *e).Redact(created);
    return created;
  });
}

Result<boost::json::object> Records::Update(const Caller& who, const std::string& entity,
                                            int64_t id, const boost::json::object& patch,
                                            std::optional<int64_t> expected_version) {
  PEONY_TRY(auto catalog, catalog_.Snapshot());
  const schema::EntityDef* e = catalog->Find(entity);
  if (!e) return schema::errors::EntityNotFound(entity);
  PEONY_TRY(auto scope, internal::CheckAccess(who.principal, entity, "update"));
  if (!expected_version && patch.contains("version") && patch.at("version").is_int64()) {
    expected_version = patch.at("version").as_int64();
  }
  const bool unmask = who.principal.Has("data." + entity + ".unmask");
  const internal::WriteEnv w = Env(*catalog, *e, who, true);
  return db_.Write([&](storage::Conn& c) -> Result<boost::json::object> {
    PEONY_TRY(auto changed, internal::UpdateInTx(c, w, scope, id, patch, expected_version));
    boost::json::object after = std::move(changed.after);  // unmasked, as for the change event
    if (!unmask) {
      PEONY_TRY(auto masked, internal::ReadOne(c, *e, who.principal, access::Scope::kAll, id, false,
                                               keys_, false, nullptr, nullptr));
      after = std::move(*masked);
    }
    PEONY_CHECK(WithVirtual(c, *catalog, *e, who, keys_, after));
    internal::FieldAccess::For(who.principal, *e).Redact(after);
    return after;
  });
}

Status Records::Delete(const Caller& who, const std::string& entity, int64_t id) {
  PEONY_TRY(auto catalog, catalog_.Snapshot());
  const schema::EntityDef* e = catalog->Find(entity);
  if (!e) return schema::errors::EntityNotFound(entity);
  PEONY_TRY(auto scope, internal::CheckAccess(who.principal, entity, "delete"));
  const internal::WriteEnv w = Env(*catalog, *e, who, true);
  return db_.WriteTx(
      [&](storage::Conn& c) -> Status { return internal::DeleteInTx(c, w, scope, id); });
}

Result<boost::json::object> Records::Restore(const Caller& who, const std::string& entity,
                                             int64_t id) {
  PEONY_TRY(auto catalog, catalog_.Snapshot());
  const schema::EntityDef* e = catalog->Find(entity);
  if (!e) return schema::errors::EntityNotFound(entity);
  PEONY_TRY(auto scope, internal::CheckAccess(who.principal, entity, "delete"));
  const bool unmask = who.principal.Has("data." + entity + ".unmask");
  return db_.Write([&](storage::Conn& c) -> Result<boost::json::object> {
    PEONY_TRY(auto trashed, internal::ReadOne(c, *e, who.principal, scope, id, true, keys_, false,
                                              nullptr, nullptr));
    if (!trashed) return errors::NotFound();
    const internal::WriteEnv w = Env(*catalog, *e, who, true);
    PEONY_CHECK(internal::CheckManagedRecords(w));
    auto restored = c.Exec("UPDATE " + Q(e->table) +
                               " SET deleted_at = NULL, version = version + 1, updated_at = ?, "
                               "updated_by = ? WHERE id = ?",
                           {clock_.Now(), who.principal.user_id, id});
    // A unique value taken meanwhile by another live record blocks the restore.
    if (!restored.ok()) return internal::MapWriteError(*e, std::move(restored).error());
    PEONY_CHECK(internal::RecordChange(c, w, id, "restore", {}, nullptr, nullptr));
    PEONY_TRY(auto after, internal::ReadOne(c, *e, who.principal, access::Scope::kAll, id, false,
                                            keys_, unmask, nullptr, nullptr));
    PEONY_CHECK(WithVirtual(c, *catalog, *e, who, keys_, *after));
    internal::FieldAccess::For(who.principal, *e).Redact(*after);
    return std::move(*after);
  });
}

}  // namespace peony::records
