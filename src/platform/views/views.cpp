// Saved list views (see views.h): validation against the catalog, then plain rows in list_views.
#include "platform/views/views.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <set>

#include "platform/records/filter.h"
#include "platform/schema/errors.h"
#include "platform/views/errors.h"

namespace peony::views {
namespace {

namespace json = boost::json;

const std::set<std::string> kSystemFields = {"id",        "created_at", "updated_at", "owner_id",
                                             "branch_id", "created_by", "updated_by"};

constexpr const char* kColumns =
    "id, name, columns_json, filter_json, sort_json, q, shared, owner_id, template_name FROM "
    "list_views";

// UTF-8 characters (code points) in `s`.
size_t Chars(std::string_view s) {
  size_t n = 0;
  for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
  return n;
}

bool Known(const schema::EntityDef& e, std::string_view name) {
  if (kSystemFields.contains(std::string(name))) return true;
  const schema::FieldDef* f = e.FindField(name);
  return f && !f->retired;
}

json::value ParseOr(const std::optional<std::string>& text, json::value fallback) {
  if (!text) return fallback;
  boost::system::error_code ec;
  json::value v = json::parse(*text, ec);
  return ec ? fallback : v;
}

json::object RowJson(const storage::Rows& rows, size_t i) {
  const int64_t owner = rows.Int(i, 7);
  return json::object{
      {"id", rows.Int(i, 0)},
      {"name", rows.Text(i, 1)},
      {"columns", ParseOr(rows.OptText(i, 2), json::array{})},
      {"filter", ParseOr(rows.OptText(i, 3), nullptr)},
      {"sort", ParseOr(rows.OptText(i, 4), json::array{})},
      {"q", rows.Text(i, 5)},
      {"shared", rows.Int(i, 6) != 0},
      {"owner_id", owner ? json::value(owner) : json::value(nullptr)},
      {"template", rows.OptText(i, 8) ? json::value(*rows.OptText(i, 8)) : json::value(nullptr)}};
}

// A view's settings, checked and normalised.
struct Spec {
  std::string name;
  json::array columns;
  json::value filter;  // null: none
  json::array sort;
  std::string q;
};

// Reads the keys present in `body` over `spec`; every problem goes to details.fields.
Status Read(const schema::Catalog& catalog, const schema::EntityDef& e, const json::object& body,
            Spec& spec) {
  json::object bad;
  if (const json::value* v = body.if_contains("name")) {
    if (!v->is_string()) {
      bad["name"] = "a text of 1-50 characters";
    } else {
      spec.name = std::string(v->as_string());
      while (!spec.name.empty() && spec.name.back() == ' ') spec.name.pop_back();
      while (!spec.name.empty() && spec.name.front() == ' ') spec.name.erase(0, 1);
      const size_t chars = Chars(spec.name);
      if (chars == 0 || chars > 50) bad["name"] = "a text of 1-50 characters";
    }
  }
  if (const json::value* v = body.if_contains("columns")) {
    if (!v->is_array() || v->as_array().size() > 200) {
      bad["columns"] = "a list of field names";
    } else {
      for (const auto& c : v->as_array()) {
        if (!c.is_string() || !Known(e, c.as_string())) {
          bad["columns"] = "unknown field: " + (c.is_string() ? std::string(c.as_string()) : "?");
          break;
        }
      }
      if (!bad.contains("columns")) spec.columns = v->as_array();
    }
  }
  if (const json::value* v = body.if_contains("sort")) {
    if (!v->is_array() || v->as_array().size() > 5) {
      bad["sort"] = "at most 5 field names, \"-\" first for descending";
    } else {
      for (const auto& c : v->as_array()) {
        std::string_view key = c.is_string() ? std::string_view(c.as_string()) : "";
        if (key.starts_with("-")) key.remove_prefix(1);
        if (key.empty() || !Known(e, key)) {
          bad["sort"] = "unknown field: " + std::string(key);
          break;
        }
      }
      if (!bad.contains("sort")) spec.sort = v->as_array();
    }
  }
  if (const json::value* v = body.if_contains("q")) {
    if (!v->is_string() || Chars(v->as_string()) > 100) {
      bad["q"] = "a text of at most 100 characters";
    } else {
      spec.q = std::string(v->as_string());
    }
  }
  if (const json::value* v = body.if_contains("filter")) {
    if (v->is_null()) {
      spec.filter = nullptr;
    } else {
      records::internal::BindOptions options;
      options.catalog = &catalog;
      auto bound = records::internal::BindFilter(e, *v, options);
      if (!bound.ok()) {
        bad["filter"] = bound.error().code;
      } else {
        spec.filter = *v;
      }
    }
  }
  if (!bad.empty()) return errors::Invalid(std::move(bad));
  return Ok();
}

Result<const schema::EntityDef*> Entity(const schema::Catalog& catalog, const std::string& name) {
  const schema::EntityDef* e = catalog.Find(name);
  if (!e) return schema::errors::EntityNotFound(name);
  return e;
}

// The row of view `id` the caller may see (shared, or their own); view.not_found otherwise.
Result<json::object> Visible(storage::Conn& c, const access::Principal& who,
                             const std::string& entity, int64_t id) {
  PEONY_TRY(auto rows, c.Query(std::string("SELECT ") + kColumns +
                                   " WHERE id = ? AND org_id = ? AND entity = ? AND "
                                   "(shared = 1 OR owner_id = ?)",
                               {id, who.org_id, entity, who.user_id}));
  if (rows.empty()) return errors::NotFound();
  return RowJson(rows, 0);
}

Status CheckName(storage::Conn& c, int64_t org_id, const std::string& entity, int64_t owner,
                 const std::string& name, int64_t except_id) {
  PEONY_TRY(auto rows, c.Query("SELECT id FROM list_views WHERE org_id = ? AND entity = ? AND "
                               "owner_id = ? AND name = ? AND id <> ?",
                               {org_id, entity, owner, name, except_id}));
  if (!rows.empty()) return errors::DuplicateName(name);
  return Ok();
}

Result<int64_t> Insert(storage::Conn& c, int64_t org_id, const std::string& entity,
                       const Spec& spec, int64_t owner, const std::optional<std::string>& tmpl,
                       UtcMillis now) {
  storage::Params p;
  p.Add(org_id);
  p.Add(entity);
  p.Add(spec.name);
  p.Add(json::serialize(spec.columns));
  p.Add(spec.filter.is_null() ? storage::Value{} : storage::Value{json::serialize(spec.filter)});
  p.Add(json::serialize(spec.sort));
  p.Add(spec.q);
  p.Add(int64_t{owner == 0 ? 1 : 0});
  p.Add(owner);
  p.Add(tmpl ? storage::Value{*tmpl} : storage::Value{});
  p.Add(now);
  p.Add(now);
  PEONY_TRY(auto rows, c.Query("INSERT INTO list_views (org_id, entity, name, columns_json, "
                               "filter_json, sort_json, q, shared, owner_id, template_name, "
                               "created_at, updated_at) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                               p));
  return rows.Int(0, 0);
}

}  // namespace

Result<json::array> Views::List(const access::Principal& who, const std::string& entity) {
  PEONY_TRY(auto catalog, catalog_.Snapshot());
  PEONY_TRY(auto e, Entity(*catalog, entity));
  (void)e;
  PEONY_TRY(auto rows, db_.Read([&](storage::Conn& c) {
    return c.Query(std::string("SELECT ") + kColumns +
                       " WHERE org_id = ? AND entity = ? AND (shared = 1 OR owner_id = ?) "
                       "ORDER BY shared DESC, id",
                   {who.org_id, entity, who.user_id});
  }));
  json::array out;
  for (size_t i = 0; i < rows.size(); ++i) out.push_back(RowJson(rows, i));
  return out;
}

Result<json::object> Views::Create(const access::Principal& who, bool manage,
                                   const std::string& entity, const json::object& body) {
  PEONY_TRY(auto catalog, catalog_.Snapshot());
  PEONY_TRY(auto e, Entity(*catalog, entity));
  Spec spec;
  PEONY_CHECK(Read(*catalog, *e, body, spec));
  if (!body.contains("name")) return errors::Invalid(json::object{{"name", "required"}});
  bool shared = false;
  if (const json::value* v = body.if_contains("shared")) {
    if (!v->is_bool()) return errors::Invalid(json::object{{"shared", "true or false"}});
    shared = v->as_bool();
  }
  if (shared && !manage) return errors::Forbidden();
  const int64_t owner = shared ? 0 : who.user_id;
  return db_.Write([&](storage::Conn& c) -> Result<json::object> {
    PEONY_CHECK(CheckName(c, who.org_id, entity, owner, spec.name, 0));
    if (!shared) {
      PEONY_TRY(auto n, c.Query("SELECT COUNT(*) FROM list_views WHERE org_id = ? AND "
                                "entity = ? AND owner_id = ?",
                                {who.org_id, entity, owner}));
      if (n.Int(0, 0) >= kMaxViewsPerUser) {
        return errors::Invalid(json::object{{"name", "at most 50 views per entity"}});
      }
    }
    PEONY_TRY(auto id, Insert(c, who.org_id, entity, spec, owner, std::nullopt, clock_.Now()));
    return Visible(c, who, entity, id);
  });
}

Result<json::object> Views::Update(const access::Principal& who, bool manage,
                                   const std::string& entity, int64_t id,
                                   const json::object& body) {
  PEONY_TRY(auto catalog, catalog_.Snapshot());
  PEONY_TRY(auto e, Entity(*catalog, entity));
  return db_.Write([&](storage::Conn& c) -> Result<json::object> {
    PEONY_TRY(auto have, Visible(c, who, entity, id));
    const bool shared = have.at("shared").as_bool();
    if (shared && !manage) return errors::Forbidden();
    if (const json::value* v = body.if_contains("shared"); v && *v != json::value(shared)) {
      return errors::Invalid(json::object{{"shared", "cannot change; save a copy instead"}});
    }
    Spec spec;
    spec.name = std::string(have.at("name").as_string());
    spec.columns = have.at("columns").is_array() ? have.at("columns").as_array() : json::array{};
    spec.filter = have.at("filter");
    spec.sort = have.at("sort").is_array() ? have.at("sort").as_array() : json::array{};
    spec.q = std::string(have.at("q").as_string());
    PEONY_CHECK(Read(*catalog, *e, body, spec));
    const int64_t owner = shared ? 0 : who.user_id;
    PEONY_CHECK(CheckName(c, who.org_id, entity, owner, spec.name, id));
    storage::Params p;
    p.Add(spec.name);
    p.Add(json::serialize(spec.columns));
    p.Add(spec.filter.is_null() ? storage::Value{} : storage::Value{json::serialize(spec.filter)});
    p.Add(json::serialize(spec.sort));
    p.Add(spec.q);
    p.Add(clock_.Now());
    p.Add(id);
    PEONY_CHECK(
        c.Exec("UPDATE list_views SET name = ?, columns_json = ?, filter_json = ?, sort_json = ?, "
               "q = ?, "
               "updated_at = ? WHERE id = ?",
               p));
    return Visible(c, who, entity, id);
  });
}

Status Views::Delete(const access::Principal& who, bool manage, const std::string& entity,
                     int64_t id) {
  return db_.WriteTx([&](storage::Conn& c) -> Status {
    PEONY_TRY(auto have, Visible(c, who, entity, id));
    if (have.at("shared").as_bool() && !manage) return errors::Forbidden();
    PEONY_CHECK(c.Exec("DELETE FROM list_views WHERE id = ?", {id}));
    return Ok();
  });
}

Result<bool> Views::EnsureShared(int64_t org_id, const json::object& view,
                                 const std::string& template_name) {
  const json::value* ev = view.if_contains("entity");
  const std::string entity = ev && ev->is_string() ? std::string(ev->as_string()) : "";
  PEONY_TRY(auto catalog, catalog_.Snapshot());
  PEONY_TRY(auto e, Entity(*catalog, entity));
  Spec spec;
  PEONY_CHECK(Read(*catalog, *e, view, spec));
  if (spec.name.empty()) return errors::Invalid(json::object{{"name", "required"}});
  return db_.Write([&](storage::Conn& c) -> Result<bool> {
    PEONY_TRY(auto rows, c.Query("SELECT id FROM list_views WHERE org_id = ? AND entity = ? AND "
                                 "owner_id = 0 AND name = ?",
                                 {org_id, entity, spec.name}));
    if (!rows.empty()) return false;
    PEONY_TRY(auto id, Insert(c, org_id, entity, spec, 0, template_name, clock_.Now()));
    (void)id;
    return true;
  });
}

}  // namespace peony::views
