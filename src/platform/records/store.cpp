#include "platform/records/store.h"

#include <boost/json/parse.hpp>

#include "platform/records/errors.h"

namespace peony::records::internal {
namespace {

using schema::FieldDef;
using schema::FieldLayout;

std::string Q(const std::string& ident) { return "\"" + ident + "\""; }

storage::Value JsonToValue(const boost::json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_int64()) return v.as_int64();
  if (v.is_uint64()) return static_cast<int64_t>(v.as_uint64());
  if (v.is_double()) return v.as_double();
  if (v.is_bool()) return static_cast<int64_t>(v.as_bool() ? 1 : 0);
  return storage::Value{};
}

// The nested field definitions of a sub-form.
std::vector<FieldDef> SubFields(const FieldDef& f) {
  std::vector<FieldDef> out;
  const auto it = f.options.find("fields");
  if (it == f.options.end() || !it->value().is_array()) return out;
  for (const auto& s : it->value().as_array()) {
    if (!s.is_object() || !s.as_object().contains("name")) continue;
    FieldDef sf;
    sf.name = std::string(s.at("name").as_string());
    sf.type = s.as_object().contains("type") ? std::string(s.at("type").as_string()) : "text";
    if (s.as_object().contains("options") && s.at("options").is_object()) {
      sf.options = s.at("options").as_object();
    }
    sf.column = "f_" + sf.name;
    out.push_back(std::move(sf));
  }
  return out;
}

}  // namespace

Status LoadChildren(storage::Conn& c, const schema::EntityDef& e,
                    std::map<int64_t, boost::json::object*>& records) {
  if (records.empty()) return Ok();
  std::string ids;
  storage::Params id_params;
  for (const auto& [id, _] : records) {
    ids += ids.empty() ? "?" : ", ?";
    id_params.Add(id);
  }
  for (const auto& f : e.fields) {
    if (f.retired) continue;
    const auto layout = schema::LayoutOf(f);
    if (layout == FieldLayout::kValueTable) {
      for (auto& [id, obj] : records) (*obj)[f.name] = boost::json::array();
      PEONY_TRY(auto rows,
                c.Query("SELECT record_id, value FROM " + Q(ChildTable(e, f)) +
                            " WHERE record_id IN (" + ids + ") ORDER BY record_id, value",
                        id_params));
      for (size_t i = 0; i < rows.size(); ++i) {
        (*records[rows.Int(i, 0)])[f.name].as_array().emplace_back(rows.Text(i, 1));
      }
    } else if (layout == FieldLayout::kRowTable) {
      const auto subs = SubFields(f);
      std::string cols = "record_id";
      for (const auto& s : subs) cols += ", " + Q(s.column);
      for (auto& [id, obj] : records) (*obj)[f.name] = boost::json::array();
      PEONY_TRY(auto rows,
                c.Query("SELECT " + cols + " FROM " + Q(ChildTable(e, f)) +
                            " WHERE record_id IN (" + ids + ") ORDER BY record_id, position",
                        id_params));
      for (size_t i = 0; i < rows.size(); ++i) {
        boost::json::object row;
        for (size_t k = 0; k < subs.size(); ++k) {
          const schema::FieldType* t = schema::FindFieldType(subs[k].type);
          row[subs[k].name] = t ? t->ToJson(subs[k], rows.At(i, k + 1)) : nullptr;
        }
        (*records[rows.Int(i, 0)])[f.name].as_array().emplace_back(std::move(row));
      }
    }
  }
  return Ok();
}

Result<std::optional<boost::json::object>> ReadOne(storage::Conn& c, const schema::EntityDef& e,
                                                   const access::Principal& p, access::Scope scope,
                                                   int64_t id, bool deleted,
                                                   const storage::crypto::KeyRing& keys,
                                                   bool unmask, std::set<std::string>* revealed,
                                                   std::map<std::string, std::string>* search) {
  std::string sql = "SELECT " + SelectList(e) + " FROM " + Q(e.table) +
                    " t WHERE t.id = ? AND t.org_id = ? AND t.deleted_at IS " +
                    (deleted ? "NOT NULL" : "NULL");
  storage::Params params{id, p.org_id};
  AppendScope(p, scope, sql, params);
  PEONY_TRY(auto rows, c.Query(sql, params));
  if (rows.empty()) return std::optional<boost::json::object>();
  boost::json::object obj = RowToJson(e, rows, 0, keys, unmask, revealed, search);
  std::map<int64_t, boost::json::object*> one{{id, &obj}};
  PEONY_CHECK(LoadChildren(c, e, one));
  return std::optional<boost::json::object>(std::move(obj));
}

Status WriteChildren(storage::Conn& c, const schema::EntityDef& e, int64_t id, const Prepared& p) {
  for (const auto& [name, values] : p.multi_values) {
    const FieldDef* f = e.FindField(name);
    const std::string table = Q(ChildTable(e, *f));
    PEONY_CHECK(c.Exec("DELETE FROM " + table + " WHERE record_id = ?", {id}));
    for (const auto& v : values) {
      PEONY_CHECK(c.Exec("INSERT INTO " + table + " (record_id, value) VALUES (?, ?)", {id, v}));
    }
  }
  for (const auto& [name, rows] : p.sub_rows) {
    const FieldDef* f = e.FindField(name);
    const std::string table = Q(ChildTable(e, *f));
    const auto subs = SubFields(*f);
    PEONY_CHECK(c.Exec("DELETE FROM " + table + " WHERE record_id = ?", {id}));
    std::string cols = "record_id, position", marks = "?, ?";
    for (const auto& s : subs) {
      cols += ", " + Q(s.column);
      marks += ", ?";
    }
    for (size_t pos = 0; pos < rows.size(); ++pos) {
      storage::Params params{id, static_cast<int64_t>(pos + 1)};
      for (const auto& s : subs) {
        const auto it = rows[pos].find(s.name);
        params.Add(it == rows[pos].end() ? storage::Value{} : JsonToValue(it->value()));
      }
      PEONY_CHECK(
          c.Exec("INSERT INTO " + table + " (" + cols + ") VALUES (" + marks + ")", params));
    }
  }
  return Ok();
}

Status WriteGrams(storage::Conn& c, const schema::EntityDef& e, int64_t id,
                  const std::map<std::string, std::string>& search_values, bool fresh) {
  const std::string table = Q(GramTable(e));
  if (!fresh) PEONY_CHECK(c.Exec("DELETE FROM " + table + " WHERE record_id = ?", {id}));
  std::set<std::string> grams;
  for (const auto& [_, text] : search_values) {
    for (auto& g : Grams(text)) grams.insert(std::move(g));
  }
  // Several rows per statement, in chunks of 32, 16, …, 1 so that few statement texts are cached.
  // On SQLite "OR IGNORE": a statement of several rows that may abort on a constraint keeps a
  // statement journal (a copy of every page it touches, to undo its own rows), which cost a
  // tenth of an import. The grams of a record are distinct and its old ones are gone, so nothing
  // is ever ignored.
  const std::string insert =
      c.dialect() == storage::Dialect::kSqlite ? "INSERT OR IGNORE INTO " : "INSERT INTO ";
  auto it = grams.begin();
  for (size_t left = grams.size(); left > 0;) {
    size_t n = 32;
    while (n > left) n /= 2;
    std::string sql = insert + table + " (gram, record_id) VALUES (?, ?)";
    storage::Params params;
    for (size_t i = 0; i < n; ++i, ++it) {
      if (i > 0) sql += ", (?, ?)";
      params.Add(*it);
      params.Add(id);
    }
    PEONY_CHECK(c.Exec(sql, params));
    left -= n;
  }
  return Ok();
}

Status CheckReferences(storage::Conn& c, const schema::Catalog& catalog, const schema::EntityDef& e,
                       int64_t org_id, const Prepared& p) {
  for (const auto& [column, value] : p.columns) {
    const auto* id = std::get_if<int64_t>(&value);
    if (!id || column.rfind("f_", 0) != 0) continue;
    const FieldDef* f = e.FindField(column.substr(2));
    const schema::FieldType* t = f ? schema::FindFieldType(*f) : nullptr;
    if (!t || t->reference() == schema::Reference::kNone) continue;
    std::string sql;
    switch (t->reference()) {
      case schema::Reference::kUser:
        sql = "SELECT 1 FROM users WHERE id = ? AND org_id = ?";
        break;
      case schema::Reference::kBranch:
        sql = "SELECT 1 FROM branches WHERE id = ? AND org_id = ?";
        break;
      case schema::Reference::kDepartment:
        sql = "SELECT 1 FROM departments WHERE id = ? AND org_id = ?";
        break;
      case schema::Reference::kRecord: {
        const auto it = f->options.find("target");
        const schema::EntityDef* target =
            it != f->options.end() && it->value().is_string()
                ? (it->value().as_string() == e.name
                       ? &e
                       : catalog.Find(std::string(it->value().as_string())))
                : nullptr;
        if (!target) return InternalError("relation target missing: " + f->name);
        sql = "SELECT 1 FROM " + Q(target->table) +
              " WHERE id = ? AND org_id = ? AND deleted_at IS NULL";
        break;
      }
      case schema::Reference::kNone:
        break;
    }
    PEONY_TRY(auto rows, c.Query(sql, {*id, org_id}));
    if (rows.empty()) {
      return schema::InvalidValue(*f, "reference.not_found", "引用的记录不存在",
                                  "The referenced record does not exist");
    }
  }
  return Ok();
}

Error MapWriteError(const schema::EntityDef& e, Error err) {
  if (err.code != "db.unique_violation") return err;
  std::string constraint;
  if (err.details.is_object() && err.details.as_object().contains("constraint") &&
      err.details.at("constraint").is_string()) {
    constraint = std::string(err.details.at("constraint").as_string());
  }
  for (const auto& f : e.fields) {
    if (f.unique && (constraint.find("f_" + f.name) != std::string::npos ||
                     constraint.find("b_" + f.name) != std::string::npos ||
                     constraint.find("__" + f.name) != std::string::npos)) {
      return errors::Duplicate(f.name);
    }
  }
  return errors::Duplicate("");
}

}  // namespace peony::records::internal
