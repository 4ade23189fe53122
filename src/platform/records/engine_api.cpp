// The records engine's calls for other engines working inside their own transaction (see
// records.h: CreateInTx, UpdateInTx, DeleteInTx, ReadInTx, MatchesInTx, SelectIdsInTx,
// CheckFilter).
#include "platform/records/compute.h"
#include "platform/records/errors.h"
#include "platform/records/filter.h"
#include "platform/records/list_plan.h"
#include "platform/records/records.h"
#include "platform/records/store.h"
#include "platform/records/write_ops.h"
#include "platform/schema/errors.h"

namespace peony::records {
namespace {

Result<const schema::EntityDef*> FindEntity(const schema::Catalog& catalog,
                                            const std::string& entity) {
  const schema::EntityDef* e = catalog.Find(entity);
  if (!e) return schema::errors::EntityNotFound(entity);
  return e;
}

}  // namespace

Result<boost::json::object> Records::CreateInTx(storage::Conn& c, const Caller& who,
                                                const std::string& entity,
                                                const boost::json::object& input, int depth) {
  PEONY_TRY(auto catalog, catalog_.Snapshot(c));
  PEONY_TRY(auto e, FindEntity(*catalog, entity));
  PEONY_TRY(auto scope, internal::CheckAccess(who.principal, entity, "create"));
  (void)scope;
  internal::WriteEnv w = Env(*catalog, *e, who, true);
  w.depth = depth;
  boost::json::object created;
  PEONY_TRY(auto id, internal::CreateInTx(c, w, input, &created));
  (void)id;
  return created;
}

Result<boost::json::object> Records::UpdateInTx(storage::Conn& c, const Caller& who,
                                                const std::string& entity, int64_t id,
                                                const boost::json::object& patch, int depth) {
  PEONY_TRY(auto catalog, catalog_.Snapshot(c));
  PEONY_TRY(auto e, FindEntity(*catalog, entity));
  PEONY_TRY(auto scope, internal::CheckAccess(who.principal, entity, "update"));
  internal::WriteEnv w = Env(*catalog, *e, who, true);
  w.depth = depth;
  PEONY_TRY(auto changed, internal::UpdateInTx(c, w, scope, id, patch, std::nullopt));
  return std::move(changed.after);
}

Status Records::DeleteInTx(storage::Conn& c, const Caller& who, const std::string& entity,
                           int64_t id, int depth) {
  PEONY_TRY(auto catalog, catalog_.Snapshot(c));
  PEONY_TRY(auto e, FindEntity(*catalog, entity));
  PEONY_TRY(auto scope, internal::CheckAccess(who.principal, entity, "delete"));
  internal::WriteEnv w = Env(*catalog, *e, who, true);
  w.depth = depth;
  return internal::DeleteInTx(c, w, scope, id);
}

Result<std::optional<boost::json::object>> Records::ReadInTx(storage::Conn& c, int64_t org_id,
                                                             const std::string& entity,
                                                             int64_t id) {
  PEONY_TRY(auto catalog, catalog_.Snapshot(c));
  PEONY_TRY(auto e, FindEntity(*catalog, entity));
  access::Principal system;
  system.org_id = org_id;
  system.permissions = {"*"};
  PEONY_TRY(auto record, internal::ReadOne(c, *e, system, access::Scope::kAll, id, false, keys_,
                                           true, nullptr, nullptr));
  if (!record) return std::optional<boost::json::object>{};
  std::map<int64_t, boost::json::object*> one{{id, &*record}};
  PEONY_CHECK(internal::FillVirtual(c, *catalog, *e, system, keys_, one, nullptr));
  return record;
}

Result<bool> Records::MatchesInTx(storage::Conn& c, int64_t org_id, const std::string& entity,
                                  int64_t id, const boost::json::value& filter) {
  PEONY_TRY(auto catalog, catalog_.Snapshot(c));
  PEONY_TRY(auto e, FindEntity(*catalog, entity));
  std::string sql = std::string("SELECT t.id FROM \"") + e->table + "\"" +
                    " t WHERE t.id = ? AND t.org_id = ? AND t.deleted_at IS NULL";
  storage::Params params{id, org_id};
  PEONY_CHECK(internal::AppendFilter(*catalog, *e, filter, keys_, c.dialect(), sql, params));
  PEONY_TRY(auto rows, c.Query(sql, params));
  return !rows.empty();
}

Result<std::vector<int64_t>> Records::SelectIdsInTx(storage::Conn& c, int64_t org_id,
                                                    const std::string& entity,
                                                    const boost::json::value* filter,
                                                    int64_t limit) {
  PEONY_TRY(auto catalog, catalog_.Snapshot(c));
  PEONY_TRY(auto e, FindEntity(*catalog, entity));
  std::optional<internal::FilterNode> bound;
  if (filter) {
    PEONY_TRY(bound,
              internal::BindFilter(*e, *filter, internal::BindOptions{catalog.get(), nullptr}));
  }
  std::string sql = std::string("SELECT t.id FROM \"") + e->table + "\" t";
  if (c.dialect() == storage::Dialect::kSqlite) {
    const std::string hint = internal::EqualityIndexHint(*e, bound ? &*bound : nullptr);
    if (!hint.empty()) sql += " INDEXED BY \"" + hint + "\"";
  }
  sql += " WHERE t.org_id = ? AND t.deleted_at IS NULL";
  storage::Params params{org_id};
  if (bound) internal::AppendFilter(*bound, keys_, c.dialect(), sql, params);
  sql += " ORDER BY t.id LIMIT ?";
  params.Add(limit);
  PEONY_TRY(auto rows, c.Query(sql, params));
  std::vector<int64_t> ids;
  ids.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) ids.push_back(rows.Int(i, 0));
  return ids;
}

Status Records::CheckFilter(const schema::Catalog& catalog, const std::string& entity,
                            const boost::json::value& filter) const {
  PEONY_TRY(auto e, FindEntity(catalog, entity));
  internal::BindOptions options;
  options.catalog = &catalog;
  PEONY_TRY(auto bound, internal::BindFilter(*e, filter, options));
  (void)bound;
  return Ok();
}

}  // namespace peony::records
