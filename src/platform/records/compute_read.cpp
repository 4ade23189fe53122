// Lookups and rollups, computed on read for a page of records (see compute.h).
#include <cmath>

#include "platform/records/compute.h"
#include "platform/records/field_access.h"
#include "platform/schema/ddl.h"
#include "platform/schema/option_check.h"
#include "platform/schema/types/sub_form.h"
#include "platform/schema/types/support.h"
#include "storage/crypto/crypto.h"

namespace peony::records::internal {
namespace {

using schema::FieldDef;

std::string Q(const std::string& ident) { return "\"" + ident + "\""; }

std::string Option(const FieldDef& f, std::string_view key) {
  const auto* v = f.options.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

const FieldDef* ActiveField(const schema::EntityDef& e, const std::string& name) {
  const FieldDef* f = e.FindField(name);
  return f && !f->retired ? f : nullptr;
}

const schema::EntityDef* EntityNamed(const schema::Catalog& catalog, const schema::EntityDef& e,
                                     const std::string& name) {
  return name == e.name ? &e : catalog.Find(name);
}

// Integer-stored number types keep integer results for sum, min and max.
bool IntegerStored(const FieldDef& f) {
  return f.type == "integer" || f.type == "money" || f.type == "duration" || f.type == "rating";
}

// " IN (?, ?, …)" over `ids`, adding them to `params`.
std::string InList(const std::set<int64_t>& ids, storage::Params& params) {
  std::string sql = " IN (";
  for (int64_t id : ids) {
    sql += sql.back() == '(' ? "?" : ", ?";
    params.Add(id);
  }
  return sql + ")";
}

// An aggregate over numbers; `integer`: sum/min/max answered as whole numbers.
boost::json::value Aggregate(const std::string& function, const std::vector<double>& values,
                             size_t rows, bool integer) {
  if (function == "count") return static_cast<int64_t>(values.empty() ? rows : values.size());
  if (function == "sum") {
    double sum = 0;
    for (double v : values) sum += v;
    return integer ? boost::json::value(std::llround(sum)) : boost::json::value(sum);
  }
  if (values.empty()) return nullptr;
  if (function == "avg") {
    double sum = 0;
    for (double v : values) sum += v;
    return sum / static_cast<double>(values.size());
  }
  double best = values.front();
  for (double v : values) best = function == "min" ? std::min(best, v) : std::max(best, v);
  return integer ? boost::json::value(std::llround(best)) : boost::json::value(best);
}

std::set<int64_t> RelationIds(const std::map<int64_t, boost::json::object*>& records,
                              const std::string& relation) {
  std::set<int64_t> ids;
  for (const auto& [_, obj] : records) {
    const auto* v = obj->if_contains(relation);
    if (v && v->is_int64()) ids.insert(v->get_int64());
  }
  return ids;
}

Status FillLookup(storage::Conn& c, const schema::Catalog& catalog, const schema::EntityDef& e,
                  const access::Principal& p, const storage::crypto::KeyRing& keys,
                  const FieldDef& f, std::map<int64_t, boost::json::object*>& records,
                  std::set<std::string>* revealed) {
  for (auto& [_, obj] : records) (*obj)[f.name] = nullptr;
  const FieldDef* relation = ActiveField(e, Option(f, "relation"));
  const schema::EntityDef* target =
      relation ? EntityNamed(catalog, e, Option(*relation, "target")) : nullptr;
  const FieldDef* shown = target ? ActiveField(*target, Option(f, "field")) : nullptr;
  const schema::FieldType* type = shown ? schema::FindFieldType(shown->type) : nullptr;
  const auto layout = shown ? schema::LayoutOf(*shown) : schema::FieldLayout::kVirtual;
  if (!type ||
      (layout != schema::FieldLayout::kColumn && layout != schema::FieldLayout::kSensitive)) {
    // The catalog checked the names when the field was defined; a retired one shows null.
    return Ok();
  }
  // A field hidden from the caller on its own entity stays hidden through a lookup.
  if (FieldAccess::For(p, *target).Hidden(shown->name)) return Ok();
  const std::set<int64_t> ids = RelationIds(records, relation->name);
  if (ids.empty()) return Ok();
  storage::Params params{p.org_id};
  const std::string sql = "SELECT t.id, t." + Q(shown->column) + " FROM " + Q(target->table) +
                          " t WHERE t.org_id = ? AND t.deleted_at IS NULL AND t.id" +
                          InList(ids, params);
  PEONY_TRY(auto rows, c.Query(sql, params));
  const bool unmask = p.Has("data." + target->name + ".unmask");
  std::map<int64_t, boost::json::value> by_id;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows.IsNull(i, 1)) continue;
    if (layout == schema::FieldLayout::kColumn) {
      by_id[rows.Int(i, 0)] = type->ToJson(*shown, rows.At(i, 1));
      continue;
    }
    auto sealed = storage::crypto::Base64UrlDecode(rows.Text(i, 1));
    if (!sealed) continue;
    auto plain = storage::crypto::Decrypt(keys, *sealed, target->name + "." + shown->name);
    if (!plain.ok()) continue;  // logged by Decrypt; never answer ciphertext
    if (unmask) {
      by_id[rows.Int(i, 0)] = type->ToJson(*shown, storage::Value{*plain});
      if (revealed) revealed->insert(f.name);
    } else {
      by_id[rows.Int(i, 0)] = boost::json::value(type->Mask(*plain));
    }
  }
  for (auto& [_, obj] : records) {
    const auto* v = obj->if_contains(relation->name);
    if (!v || !v->is_int64()) continue;
    const auto it = by_id.find(v->get_int64());
    if (it != by_id.end()) (*obj)[f.name] = it->second;
  }
  return Ok();
}

void FillSubFormRollup(const schema::EntityDef& e, const FieldDef& f,
                       std::map<int64_t, boost::json::object*>& records) {
  const std::string function = Option(f, "function");
  const std::string column_name = Option(f, "field");
  const FieldDef* sub = ActiveField(e, Option(f, "sub_form"));
  std::optional<FieldDef> column;
  if (sub) {
    for (auto& col : schema::SubFormFields(sub->options)) {
      if (col.name == column_name) column = std::move(col);
    }
  }
  for (auto& [_, obj] : records) {
    const auto* rows = sub ? obj->if_contains(sub->name) : nullptr;
    if (!rows || !rows->is_array() || (!column && !(function == "count" && column_name.empty()))) {
      (*obj)[f.name] = function == "count" || function == "sum" ? boost::json::value(0) : nullptr;
      continue;
    }
    std::vector<double> values;
    for (const auto& row : rows->get_array()) {
      if (!column || !row.is_object()) continue;
      const auto* cell = row.get_object().if_contains(column->name);
      if (cell && cell->is_number()) values.push_back(cell->to_number<double>());
    }
    (*obj)[f.name] = Aggregate(function, values, column ? 0 : rows->get_array().size(),
                               column && IntegerStored(*column));
  }
}

Status FillEntityRollup(storage::Conn& c, const schema::Catalog& catalog,
                        const schema::EntityDef& e, const access::Principal& p, const FieldDef& f,
                        std::map<int64_t, boost::json::object*>& records) {
  const std::string function = Option(f, "function");
  const schema::EntityDef* other = EntityNamed(catalog, e, Option(f, "entity"));
  const FieldDef* relation = other ? ActiveField(*other, Option(f, "relation")) : nullptr;
  const FieldDef* summed = other ? ActiveField(*other, Option(f, "field")) : nullptr;
  const bool valid = relation && relation->type == "relation" &&
                     (summed ? schema::IsRollupNumber(summed->type) &&
                                   schema::LayoutOf(*summed) == schema::FieldLayout::kColumn
                             : function == "count" && Option(f, "field").empty());
  const bool zero_when_empty = function == "count" || function == "sum";
  for (auto& [_, obj] : records) {
    (*obj)[f.name] = zero_when_empty ? boost::json::value(0) : nullptr;
  }
  if (!valid) return Ok();
  std::string aggregate;
  const std::string column = summed ? "r." + Q(summed->column) : "";
  const bool integer = summed && IntegerStored(*summed) && function != "avg";
  if (function == "count") {
    aggregate = summed ? "COUNT(" + column + ")" : "COUNT(*)";
  } else {
    const std::string fn = function == "avg"   ? "AVG"
                           : function == "sum" ? "SUM"
                           : function == "min" ? "MIN"
                                               : "MAX";
    aggregate =
        "CAST(" + fn + "(" + column + ") AS " + (integer ? "BIGINT" : "DOUBLE PRECISION") + ")";
  }
  std::set<int64_t> ids;
  for (const auto& [id, _] : records) ids.insert(id);
  storage::Params params{p.org_id};
  const std::string rel = "r." + Q(relation->column);
  const std::string sql = "SELECT " + rel + ", " + aggregate + " FROM " + Q(other->table) +
                          " r WHERE r.org_id = ? AND r.deleted_at IS NULL AND " + rel +
                          InList(ids, params) + " GROUP BY " + rel;
  PEONY_TRY(auto rows, c.Query(sql, params));
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto it = records.find(rows.Int(i, 0));
    if (it == records.end() || rows.IsNull(i, 1)) continue;
    (*it->second)[f.name] = function == "count" || integer ? boost::json::value(rows.Int(i, 1))
                                                           : boost::json::value(rows.Real(i, 1));
  }
  return Ok();
}

}  // namespace

Status FillVirtual(storage::Conn& c, const schema::Catalog& catalog, const schema::EntityDef& e,
                   const access::Principal& p, const storage::crypto::KeyRing& keys,
                   std::map<int64_t, boost::json::object*>& records,
                   std::set<std::string>* revealed) {
  if (records.empty()) return Ok();
  for (const auto& f : e.fields) {
    if (f.retired) continue;
    if (f.type == "lookup") {
      PEONY_CHECK(FillLookup(c, catalog, e, p, keys, f, records, revealed));
    } else if (f.type == "rollup" && f.options.contains("sub_form")) {
      FillSubFormRollup(e, f, records);
    } else if (f.type == "rollup") {
      PEONY_CHECK(FillEntityRollup(c, catalog, e, p, f, records));
    }
  }
  return Ok();
}

}  // namespace peony::records::internal
