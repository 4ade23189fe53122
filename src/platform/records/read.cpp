// Get and List (part of Records; see records.h).
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "common/strings.h"
#include "platform/access/audit.h"
#include "platform/records/compute.h"
#include "platform/records/errors.h"
#include "platform/records/field_access.h"
#include "platform/records/filter.h"
#include "platform/records/list_plan.h"
#include "platform/records/records.h"
#include "platform/records/store.h"
#include "platform/schema/errors.h"
#include "storage/crypto/crypto.h"

namespace peony::records {
namespace {

std::string Q(const std::string& ident) { return "\"" + ident + "\""; }

struct SortKey {
  std::string expr;   // "t.\"f_score\""
  std::string field;  // the API name
  bool descending = false;
};

// The bound sort: the field keys, then id. Ties are broken by id in the direction of the first
// key, so that an index on (field, id) gives the whole order when walked forwards or backwards (no
// sort of the rows sharing a value); with no field keys, id goes the way asked (default ascending).
struct SortOrder {
  std::vector<SortKey> keys;
  bool id_descending = false;
};

Result<SortOrder> BindSort(const schema::EntityDef& e, const std::vector<SortSpec>& in,
                           const internal::FieldAccess& access) {
  if (in.size() > 3) return errors::BadSort("(more than 3 keys)");
  SortOrder out;
  for (const auto& s : in) {
    if (s.field == "id") {  // id is always the last key
      out.id_descending = out.keys.empty() ? s.descending : out.keys.front().descending;
      return out;
    }
    if (s.field == "created_at" || s.field == "updated_at") {
      out.keys.push_back({"t." + s.field, s.field, s.descending});
      continue;
    }
    const schema::FieldDef* f = e.FindField(s.field);
    if (!f || f->retired || schema::LayoutOf(*f) != schema::FieldLayout::kColumn ||
        access.Hidden(s.field)) {
      return errors::BadSort(s.field);
    }
    out.keys.push_back({"t." + Q(f->column), s.field, s.descending});
  }
  out.id_descending = !out.keys.empty() && out.keys.front().descending;
  return out;
}

// Rows strictly after the cursor row in the order (keys…, id); ASC keys put NULLs first and DESC
// keys put them last, on both engines (ORDER BY says so explicitly).
void AppendAfter(const SortOrder& order, const std::vector<storage::Value>& values, size_t i,
                 const std::string& id, std::string& sql, storage::Params& params) {
  const std::vector<SortKey>& keys = order.keys;
  if (i == keys.size()) {
    sql += id + (order.id_descending ? " < ?" : " > ?");
    params.Add(values[i]);
    return;
  }
  const SortKey& k = keys[i];
  const bool null = std::holds_alternative<std::monostate>(values[i]);
  sql += "(";
  if (null) {
    sql += k.descending ? "1 = 0" : k.expr + " IS NOT NULL";
  } else {
    sql += k.descending ? "(" + k.expr + " < ? OR " + k.expr + " IS NULL)" : k.expr + " > ?";
    params.Add(values[i]);
  }
  sql += " OR (" + (null ? k.expr + " IS NULL" : k.expr + " = ?");
  if (!null) params.Add(values[i]);
  sql += " AND ";
  AppendAfter(order, values, i + 1, id, sql, params);
  sql += "))";
}

std::string EncodeCursor(const std::vector<storage::Value>& values) {
  boost::json::array a;
  for (const auto& v : values) {
    if (const auto* i = std::get_if<int64_t>(&v)) {
      a.emplace_back(*i);
    } else if (const auto* d = std::get_if<double>(&v)) {
      a.emplace_back(*d);
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      a.emplace_back(*s);
    } else {
      a.emplace_back(nullptr);
    }
  }
  return storage::crypto::Base64UrlEncode(boost::json::serialize(a));
}

Result<std::vector<storage::Value>> DecodeCursor(const std::string& cursor, size_t n) {
  auto raw = storage::crypto::Base64UrlDecode(cursor);
  if (!raw || raw->size() > 4096) return errors::BadCursor();
  boost::system::error_code ec;
  auto v = boost::json::parse(*raw, ec);
  if (ec || !v.is_array() || v.as_array().size() != n) return errors::BadCursor();
  std::vector<storage::Value> out;
  for (const auto& item : v.as_array()) {
    if (item.is_int64()) {
      out.emplace_back(item.as_int64());
    } else if (item.is_double()) {
      out.emplace_back(item.as_double());
    } else if (item.is_string()) {
      out.emplace_back(std::string(item.as_string()));
    } else if (item.is_null()) {
      out.emplace_back(storage::Value{});
    } else {
      return errors::BadCursor();
    }
  }
  if (!std::holds_alternative<int64_t>(out.back())) return errors::BadCursor();
  return out;
}

// The audit entry of an unmasked read; returns once it has committed.
Status AuditReveal(storage::GroupCommit<internal::RevealEvent>& audit, const Caller& who,
                   const std::string& entity, const std::string& target,
                   const std::set<std::string>& fields) {
  if (fields.empty()) return Ok();
  return audit.Run(internal::RevealEvent{who.principal.org_id, who.principal.user_id,
                                         who.principal.username, who.ip, entity, target,
                                         std::vector<std::string>(fields.begin(), fields.end())});
}

}  // namespace

namespace internal {

Status WriteReveals(storage::Conn& c, const Clock& clock, std::span<const RevealEvent> batch) {
  std::vector<bool> written(batch.size(), false);
  for (size_t i = 0; i < batch.size(); ++i) {
    if (written[i]) continue;
    const RevealEvent& first = batch[i];
    boost::json::array targets;
    for (size_t j = i; j < batch.size(); ++j) {
      const RevealEvent& e = batch[j];
      if (written[j] || e.org_id != first.org_id || e.user_id != first.user_id ||
          e.username != first.username || e.ip != first.ip || e.entity != first.entity ||
          e.fields != first.fields) {
        continue;
      }
      written[j] = true;
      targets.emplace_back(e.target);
    }
    boost::json::array names;
    for (const auto& f : first.fields) names.emplace_back(f);
    boost::json::object detail{{"fields", std::move(names)}};
    const std::string target = targets.size() == 1 ? first.target : "";
    if (targets.size() > 1) detail["targets"] = std::move(targets);
    PEONY_CHECK(access::AppendAudit(
        c, clock,
        access::AuditEvent{first.org_id, first.user_id, first.username, "record.read_sensitive",
                           first.entity, target, first.ip, std::move(detail)}));
  }
  return Ok();
}

}  // namespace internal

Result<boost::json::object> Records::Get(const Caller& who, const std::string& entity, int64_t id) {
  PEONY_TRY(auto catalog, catalog_.Snapshot());
  const schema::EntityDef* e = catalog->Find(entity);
  if (!e) return schema::errors::EntityNotFound(entity);
  PEONY_TRY(auto scope, internal::CheckAccess(who.principal, entity, "read"));
  const bool unmask = who.principal.Has("data." + entity + ".unmask");
  std::set<std::string> revealed;
  PEONY_TRY(
      auto record, db_.Read([&](storage::Conn& c) -> Result<std::optional<boost::json::object>> {
        PEONY_TRY(auto found, internal::ReadOne(c, *e, who.principal, scope, id, false, keys_,
                                                unmask, &revealed, nullptr));
        if (found) {
          std::map<int64_t, boost::json::object*> one{{id, &*found}};
          PEONY_CHECK(internal::FillVirtual(c, *catalog, *e, who.principal, keys_, one, &revealed));
        }
        return found;
      }));
  if (!record) return errors::NotFound();
  const auto access = internal::FieldAccess::For(who.principal, *e);
  access.Redact(*record);
  std::erase_if(revealed, [&](const std::string& f) { return access.Hidden(f); });
  PEONY_CHECK(AuditReveal(reveal_audit_, who, entity, std::to_string(id), revealed));
  return std::move(*record);
}

Result<Page> Records::List(const Caller& who, const std::string& entity, const ListQuery& q) {
  PEONY_TRY(auto catalog, catalog_.Snapshot());
  const schema::EntityDef* e = catalog->Find(entity);
  if (!e) return schema::errors::EntityNotFound(entity);
  PEONY_TRY(auto scope, internal::CheckAccess(who.principal, entity, "read"));
  if (q.limit < 1 || q.limit > 500) {
    return MakeError(ErrorKind::kInvalidArgument, "request.validation", "每页 1-500 条",
                     "limit must be 1-500")
        .WithDetails(boost::json::object{{"fields", {{"limit", "1-500"}}}})
        .WithStatus(422);
  }
  if (Utf8Length(q.q) > 100) {
    return MakeError(ErrorKind::kInvalidArgument, "request.validation", "搜索词最多 100 个字",
                     "Search text is at most 100 characters")
        .WithDetails(boost::json::object{{"fields", {{"q", "at most 100 characters"}}}})
        .WithStatus(422);
  }
  const auto access = internal::FieldAccess::For(who.principal, *e);
  PEONY_TRY(const auto sort, BindSort(*e, q.sort, access));
  const std::vector<SortKey>& keys = sort.keys;
  if (!q.q.empty() && access.HidesSearchable(*e)) {
    return errors::BadFilter("搜索范围包含您无权查看的字段",
                             "the search covers fields hidden from you");
  }
  const bool unmask = who.principal.Has("data." + entity + ".unmask");
  const storage::Dialect dialect = db_.dialect();

  std::string where =
      " WHERE t.org_id = ? AND t.deleted_at IS " + std::string(q.deleted ? "NOT NULL" : "NULL");
  storage::Params params{who.principal.org_id};
  internal::AppendScope(who.principal, scope, where, params);
  std::optional<internal::FilterNode> bound;
  if (q.filter) {
    PEONY_TRY(bound, internal::BindFilter(*e, *q.filter, {catalog.get(), &access}));
    internal::AppendFilter(*bound, keys_, dialect, where, params);
  }
  std::string from = " FROM " + Q(e->table) + " t";
  std::string walk;  // on SQLite, searching sorted by an indexed field: that field's index
  if (dialect == storage::Dialect::kSqlite) {
    const std::string sort_field = keys.empty() ? "" : keys.front().field;
    const internal::FilterNode* filter = bound ? &*bound : nullptr;
    std::string hint = internal::CompoundIndexHint(*e, sort_field, filter, !q.q.empty());
    if (hint.empty()) hint = internal::SortIndexHint(*e, sort_field, filter, !q.q.empty());
    if (hint.empty() && q.q.empty()) {
      hint = internal::EqualityIndexHint(*e, filter);
    }
    if (!hint.empty()) from += " INDEXED BY " + Q(hint);
    if (!q.q.empty()) walk = internal::SortIndexHint(*e, sort_field, filter, false);
  }
  // A search listed in id order walks one gram's index in id order. Sorted by an indexed field on
  // SQLite, it walks that field's index when the gram is common (list_plan.h) and otherwise
  // gathers the matching ids first; PostgreSQL chooses between the two itself, from its
  // statistics. The total, when asked, counts along the gram's index.
  std::string count_from = " FROM " + Q(e->table) + " t";
  std::string count_where;
  storage::Params count_params;
  if (q.with_total) {
    count_where = where;
    count_params = params;
    if (!q.q.empty()) {
      internal::AppendDrivenSearch(*e, q.q, dialect, count_from, count_where, count_params);
    }
  }
  std::string id = "t.id";
  if (!q.q.empty()) {
    bool common = false;
    if (!walk.empty()) {
      const std::string gram = internal::SearchDriver(q.q);
      PEONY_TRY(common, db_.Read([&](storage::Conn& c) -> Result<bool> {
        return gram.empty() ? Result<bool>(false) : internal::CommonGram(c, *e, gram);
      }));
    }
    if (keys.empty() && internal::AppendDrivenSearch(*e, q.q, dialect, from, where, params)) {
      id = "g.record_id";
    } else if (common) {
      from += " INDEXED BY " + Q(walk);
      internal::AppendProbedSearch(*e, q.q, where, params);
    } else if (dialect == storage::Dialect::kPostgres) {
      // PostgreSQL's planner knows how common the gram is and picks the path itself.
      internal::AppendProbedSearch(*e, q.q, where, params);
    } else {
      internal::AppendSearch(*e, q.q, where, params);
    }
  }
  if (!q.cursor.empty()) {
    PEONY_TRY(auto values, DecodeCursor(q.cursor, keys.size() + 1));
    where += " AND ";
    AppendAfter(sort, values, 0, id, where, params);
  }
  std::string order = " ORDER BY ";
  for (const auto& k : keys) {
    order += k.expr + (k.descending ? " DESC NULLS LAST, " : " ASC NULLS FIRST, ");
  }
  order += id + (sort.id_descending ? " DESC" : " ASC");
  std::string select_keys;
  for (const auto& k : keys) select_keys += ", " + k.expr;

  Page page;
  // The page is built in one arena, released when the answer has been written.
  page.items =
      boost::json::array(boost::json::make_shared_resource<boost::json::monotonic_resource>());
  std::set<std::string> revealed;
  PEONY_CHECK(db_.ReadTx([&](storage::Conn& c) -> Status {
    params.Add(static_cast<int64_t>(q.limit + 1));
    PEONY_TRY(auto rows, c.Query("SELECT " + internal::SelectList(*e) + select_keys + from + where +
                                     order + " LIMIT ?",
                                 params));
    const size_t n = std::min(rows.size(), static_cast<size_t>(q.limit));
    std::vector<boost::json::object> objects;
    objects.reserve(n);
    const internal::RowDecoder decoder(*e);
    for (size_t i = 0; i < n; ++i) {
      objects.push_back(
          decoder.ToJson(rows, i, keys_, unmask, &revealed, nullptr, page.items.storage()));
    }
    std::map<int64_t, boost::json::object*> by_id;
    for (auto& o : objects) by_id[o.at("id").as_int64()] = &o;
    PEONY_CHECK(internal::LoadChildren(c, *e, by_id));
    PEONY_CHECK(internal::FillVirtual(c, *catalog, *e, who.principal, keys_, by_id, &revealed));
    for (auto& o : objects) {
      access.Redact(o);
      page.items.emplace_back(std::move(o));
    }
    std::erase_if(revealed, [&](const std::string& f) { return access.Hidden(f); });
    if (rows.size() > n && n > 0) {
      const size_t first_key = rows.columns().size() - keys.size();
      std::vector<storage::Value> last;
      for (size_t k = 0; k < keys.size(); ++k) last.push_back(rows.At(n - 1, first_key + k));
      last.emplace_back(rows.Int(n - 1, 0));
      page.next_cursor = EncodeCursor(last);
    }
    if (q.with_total) {
      PEONY_TRY(auto count, c.Query("SELECT COUNT(*)" + count_from + count_where, count_params));
      page.total = count.Int(0, 0);
    }
    return Ok();
  }));
  PEONY_CHECK(AuditReveal(reveal_audit_, who, entity, "list", revealed));
  return page;
}

}  // namespace peony::records
