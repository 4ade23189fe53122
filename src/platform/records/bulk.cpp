// Bulk update and bulk delete (part of Records; see records.h): one transaction, every record
// through UpdateInTx / DeleteInTx so each gets its change event, one audit entry for the batch.
#include <algorithm>

#include "platform/access/audit.h"
#include "platform/records/errors.h"
#include "platform/records/filter.h"
#include "platform/records/records.h"
#include "platform/records/write_ops.h"
#include "platform/schema/errors.h"

namespace peony::records {
namespace {

std::string Q(const std::string& ident) { return "\"" + ident + "\""; }

// Ids per IN (…) list. The last chunk is padded with its last id, so every chunk runs the same
// cached statement.
constexpr size_t kIdChunk = 500;

Error Invalid(const std::string& field, const std::string& zh, const std::string& en) {
  return MakeError(ErrorKind::kInvalidArgument, "request.validation", zh, en)
      .WithDetails(boost::json::object{{"fields", {{field, en}}}})
      .WithStatus(422);
}

Status CheckSelection(const BulkSelection& s) {
  if (s.ids.empty() == !s.filter.has_value()) {
    return Invalid("ids", "请指定 ids 或 filter 之一", "give either ids or filter");
  }
  if (static_cast<int64_t>(s.ids.size()) > kMaxBulkRecords) {
    return errors::BulkTooLarge(kMaxBulkRecords);
  }
  for (int64_t id : s.ids) {
    if (id <= 0) return Invalid("ids", "编号必须是正整数", "ids must be positive integers");
  }
  return Ok();
}

// The live records of the selection within the caller's scope, ascending.
Result<std::vector<int64_t>> Select(storage::Conn& c, const schema::Catalog& catalog,
                                    const schema::EntityDef& e, const access::Principal& p,
                                    access::Scope scope, const BulkSelection& s,
                                    const storage::crypto::KeyRing& keys) {
  std::string where = " WHERE t.org_id = ? AND t.deleted_at IS NULL";
  storage::Params params{p.org_id};
  internal::AppendScope(p, scope, where, params);
  std::vector<int64_t> out;
  if (s.filter) {
    PEONY_CHECK(internal::AppendFilter(catalog, e, *s.filter, keys, c.dialect(), where, params));
    params.Add(kMaxBulkRecords + 1);
    PEONY_TRY(auto rows,
              c.Query("SELECT t.id FROM " + Q(e.table) + " t" + where + " ORDER BY t.id LIMIT ?",
                      params));
    if (static_cast<int64_t>(rows.size()) > kMaxBulkRecords) {
      return errors::BulkTooLarge(kMaxBulkRecords);
    }
    for (size_t i = 0; i < rows.size(); ++i) out.push_back(rows.Int(i, 0));
    return out;
  }
  std::vector<int64_t> ids = s.ids;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::string in = " AND t.id IN (?";
  for (size_t i = 1; i < kIdChunk; ++i) in += ", ?";
  in += ")";
  const std::string sql = "SELECT t.id FROM " + Q(e.table) + " t" + where + in;
  for (size_t start = 0; start < ids.size(); start += kIdChunk) {
    storage::Params chunk = params;
    for (size_t i = 0; i < kIdChunk; ++i) chunk.Add(ids[std::min(start + i, ids.size() - 1)]);
    PEONY_TRY(auto rows, c.Query(sql, chunk));
    for (size_t i = 0; i < rows.size(); ++i) out.push_back(rows.Int(i, 0));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The values are checked once up front, so that a bad one is refused even when nothing matches
// (UpdateInTx checks them again per record, with the record's own rules). Returns the fields set.
Result<std::vector<std::string>> CheckValues(const schema::EntityDef& e,
                                             const boost::json::object& values) {
  std::vector<std::string> fields;
  for (const auto& [key, value] : values) {
    if (key == "owner_id" || key == "branch_id") {
      fields.emplace_back(key);
      continue;
    }
    const schema::FieldDef* f = e.FindField(key);
    if (!f || f->retired) return errors::UnknownField(std::string(key));
    const schema::FieldType* type = schema::FindFieldType(*f);
    if (!type || type->computed()) return errors::ReadOnly(f->name);
    if (!value.is_null()) PEONY_CHECK(type->Normalize(*f, value, {}));
    fields.push_back(f->name);
  }
  if (fields.empty()) {
    return Invalid("values", "请指定要修改的字段", "values must name at least one field");
  }
  return fields;
}

Status AuditBulk(storage::Conn& c, const Clock& clock, const Caller& who, const std::string& entity,
                 const std::string& action, int64_t count, const std::vector<std::string>& fields) {
  boost::json::array names;
  for (const auto& f : fields) names.emplace_back(f);
  boost::json::object detail{{"count", count}};
  if (!fields.empty()) detail["fields"] = std::move(names);
  const access::Principal& p = who.principal;
  return access::AppendAudit(c, clock,
                             access::AuditEvent{p.org_id, p.user_id, p.username, action, entity, "",
                                                who.ip, std::move(detail)});
}

}  // namespace

Result<BulkResult> Records::BulkUpdate(const Caller& who, const std::string& entity,
                                       const BulkSelection& selection,
                                       const boost::json::object& values) {
  PEONY_TRY(auto catalog, catalog_.Snapshot());
  const schema::EntityDef* e = catalog->Find(entity);
  if (!e) return schema::errors::EntityNotFound(entity);
  PEONY_TRY(auto scope, internal::CheckAccess(who.principal, entity, "update"));
  PEONY_CHECK(CheckSelection(selection));
  PEONY_TRY(auto fields, CheckValues(*e, values));
  const internal::WriteEnv w = Env(*catalog, *e, who, false);
  return db_.Write([&](storage::Conn& c) -> Result<BulkResult> {
    PEONY_TRY(auto ids, Select(c, *catalog, *e, who.principal, scope, selection, keys_));
    for (int64_t id : ids) {
      PEONY_CHECK(internal::UpdateInTx(c, w, scope, id, values, std::nullopt));
    }
    const auto n = static_cast<int64_t>(ids.size());
    if (n > 0) PEONY_CHECK(AuditBulk(c, clock_, who, entity, "record.bulk_update", n, fields));
    return BulkResult{n, n};
  });
}

Result<BulkResult> Records::BulkDelete(const Caller& who, const std::string& entity,
                                       const BulkSelection& selection) {
  PEONY_TRY(auto catalog, catalog_.Snapshot());
  const schema::EntityDef* e = catalog->Find(entity);
  if (!e) return schema::errors::EntityNotFound(entity);
  PEONY_TRY(auto scope, internal::CheckAccess(who.principal, entity, "delete"));
  PEONY_CHECK(CheckSelection(selection));
  const internal::WriteEnv w = Env(*catalog, *e, who, false);
  return db_.Write([&](storage::Conn& c) -> Result<BulkResult> {
    PEONY_TRY(auto ids, Select(c, *catalog, *e, who.principal, scope, selection, keys_));
    for (int64_t id : ids) PEONY_CHECK(internal::DeleteInTx(c, w, scope, id));
    const auto n = static_cast<int64_t>(ids.size());
    if (n > 0) PEONY_CHECK(AuditBulk(c, clock_, who, entity, "record.bulk_delete", n, {}));
    return BulkResult{n, n};
  });
}

}  // namespace peony::records
