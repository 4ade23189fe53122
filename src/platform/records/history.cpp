// History (part of Records; see records.h): the change events of one record, as the people who
// may read the record may see them.
#include <boost/json/parse.hpp>
#include <charconv>
#include <map>

#include "platform/records/codec.h"
#include "platform/records/errors.h"
#include "platform/records/field_access.h"
#include "platform/records/records.h"
#include "platform/schema/errors.h"

namespace peony::records {
namespace {

std::string Q(const std::string& ident) { return "\"" + ident + "\""; }

// The changes of one event as the caller may see them.
boost::json::object VisibleChanges(const schema::EntityDef& e, const internal::FieldAccess& access,
                                   std::string_view stored) {
  boost::json::object out;
  boost::system::error_code ec;
  auto parsed = boost::json::parse(stored, ec);
  if (ec || !parsed.is_object()) return out;
  for (auto& [name, change] : parsed.as_object()) {
    if (access.Hidden(name)) continue;
    const schema::FieldDef* f = e.FindField(name);
    if (f && f->sensitive) {
      out[name] = boost::json::object{{"changed", true}};
      continue;
    }
    out[name] = std::move(change);
  }
  return out;
}

Status CheckLimit(int limit) {
  if (limit >= 1 && limit <= 500) return Ok();
  return MakeError(ErrorKind::kInvalidArgument, "request.validation", "每页 1-500 条",
                   "limit must be 1-500")
      .WithDetails(boost::json::object{{"fields", {{"limit", "1-500"}}}})
      .WithStatus(422);
}

Result<int64_t> BeforeId(const std::string& cursor) {
  int64_t before_id = 0;
  if (!cursor.empty()) {
    auto [ptr, ec] = std::from_chars(cursor.data(), cursor.data() + cursor.size(), before_id);
    if (ec != std::errc() || ptr != cursor.data() + cursor.size() || before_id <= 0) {
      return errors::BadCursor();
    }
  }
  return before_id;
}

// Columns: ev.id, ev.kind, ev.at, ev.actor_id, u.display_name, ev.changes.
constexpr const char* kEventColumns =
    "SELECT ev.id, ev.kind, ev.at, ev.actor_id, u.display_name, ev.changes, ev.entity, "
    "ev.record_id FROM record_events ev LEFT JOIN users u ON u.id = ev.actor_id ";

boost::json::object EventJson(const storage::Rows& rows, size_t i, const schema::EntityDef& e,
                              const internal::FieldAccess& access) {
  return boost::json::object{
      {"id", rows.Int(i, 0)},
      {"kind", rows.Text(i, 1)},
      {"at", FormatRfc3339(rows.Int(i, 2))},
      {"actor_id",
       rows.IsNull(i, 3) ? boost::json::value(nullptr) : boost::json::value(rows.Int(i, 3))},
      {"actor_name",
       rows.IsNull(i, 4) ? boost::json::value(nullptr) : boost::json::value(rows.Text(i, 4))},
      {"changes", VisibleChanges(e, access, rows.Text(i, 5))}};
}

}  // namespace

Result<Page> Records::History(const Caller& who, const std::string& entity, int64_t id, int limit,
                              const std::string& cursor) {
  PEONY_TRY(auto catalog, catalog_.Snapshot());
  const schema::EntityDef* e = catalog->Find(entity);
  if (!e) return schema::errors::EntityNotFound(entity);
  PEONY_TRY(auto scope, internal::CheckAccess(who.principal, entity, "read"));
  PEONY_CHECK(CheckLimit(limit));
  PEONY_TRY(auto before_id, BeforeId(cursor));
  const auto access = internal::FieldAccess::For(who.principal, *e);
  Page page;
  PEONY_CHECK(db_.ReadTx([&](storage::Conn& c) -> Status {
    std::string sql = "SELECT t.id FROM " + Q(e->table) + " t WHERE t.id = ? AND t.org_id = ?";
    storage::Params params{id, who.principal.org_id};
    internal::AppendScope(who.principal, scope, sql, params);
    PEONY_TRY(auto found, c.Query(sql, params));
    if (found.empty()) return errors::NotFound();
    std::string events =
        std::string(kEventColumns) + "WHERE ev.org_id = ? AND ev.entity = ? AND ev.record_id = ?";
    storage::Params event_params{who.principal.org_id, e->name, id};
    if (before_id > 0) {
      events += " AND ev.id < ?";
      event_params.Add(before_id);
    }
    events += " ORDER BY ev.id DESC LIMIT ?";
    event_params.Add(static_cast<int64_t>(limit + 1));
    PEONY_TRY(auto rows, c.Query(events, event_params));
    const size_t n = std::min(rows.size(), static_cast<size_t>(limit));
    for (size_t i = 0; i < n; ++i) page.items.push_back(EventJson(rows, i, *e, access));
    if (rows.size() > n && n > 0) page.next_cursor = std::to_string(rows.Int(n - 1, 0));
    return Ok();
  }));
  return page;
}

Result<Page> Records::RelatedEvents(const Caller& who, const std::string& entity, int64_t id,
                                    int limit, const std::string& cursor) {
  PEONY_TRY(auto catalog, catalog_.Snapshot());
  const schema::EntityDef* e = catalog->Find(entity);
  if (!e) return schema::errors::EntityNotFound(entity);
  PEONY_TRY(auto scope, internal::CheckAccess(who.principal, entity, "read"));
  PEONY_CHECK(CheckLimit(limit));
  PEONY_TRY(auto before_id, BeforeId(cursor));
  const access::Principal& p = who.principal;
  Page page;
  PEONY_CHECK(db_.ReadTx([&](storage::Conn& c) -> Status {
    std::string sql = "SELECT t.id FROM " + Q(e->table) + " t WHERE t.id = ? AND t.org_id = ?";
    storage::Params params{id, p.org_id};
    internal::AppendScope(p, scope, sql, params);
    PEONY_TRY(auto found, c.Query(sql, params));
    if (found.empty()) return errors::NotFound();
    // The record itself, then the records of every readable entity that points at it.
    std::string where = "(ev.entity = ? AND ev.record_id = ?)";
    storage::Params where_params{e->name, id};
    std::map<std::string, const schema::EntityDef*> entities{{e->name, e}};
    for (const auto& other : catalog->entities()) {
      if (other.retired || !p.Has("data." + other.name + ".read")) continue;
      const access::Scope other_scope = p.ScopeFor("data." + other.name + ".read");
      for (const auto& f : other.fields) {
        auto target = f.options.find("target");
        if (f.retired || f.type != "relation" || target == f.options.end() ||
            !target->value().is_string() || target->value().as_string() != e->name) {
          continue;
        }
        std::string ids_sql = "SELECT t.id FROM " + Q(other.table) +
                              " t WHERE t.org_id = ? AND t." + Q(f.column) + " = ?";
        storage::Params ids_params{p.org_id, id};
        internal::AppendScope(p, other_scope, ids_sql, ids_params);
        PEONY_TRY(auto ids, c.Query(ids_sql, ids_params));
        if (ids.empty()) continue;
        where += " OR (ev.entity = ? AND ev.record_id IN (";
        where_params.Add(other.name);
        for (size_t i = 0; i < ids.size(); ++i) {
          where += i ? ", ?" : "?";
          where_params.Add(ids.Int(i, 0));
        }
        where += "))";
        entities[other.name] = &other;
      }
    }
    std::string events = std::string(kEventColumns) + "WHERE ev.org_id = ? AND (" + where + ")";
    storage::Params event_params{p.org_id};
    for (const auto& v : where_params.values()) event_params.Add(v);
    if (before_id > 0) {
      events += " AND ev.id < ?";
      event_params.Add(before_id);
    }
    events += " ORDER BY ev.id DESC LIMIT ?";
    event_params.Add(static_cast<int64_t>(limit + 1));
    PEONY_TRY(auto rows, c.Query(events, event_params));
    const size_t n = std::min(rows.size(), static_cast<size_t>(limit));
    std::map<std::string, internal::FieldAccess> access;
    for (size_t i = 0; i < n; ++i) {
      const schema::EntityDef& of = *entities.at(rows.Text(i, 6));
      auto it = access.find(of.name);
      if (it == access.end()) {
        it = access.emplace(of.name, internal::FieldAccess::For(p, of)).first;
      }
      boost::json::object item = EventJson(rows, i, of, it->second);
      item["entity"] = of.name;
      item["entity_label"] = of.label;
      item["record_id"] = rows.Int(i, 7);
      page.items.push_back(std::move(item));
    }
    if (rows.size() > n && n > 0) page.next_cursor = std::to_string(rows.Int(n - 1, 0));
    return Ok();
  }));
  return page;
}

}  // namespace peony::records
