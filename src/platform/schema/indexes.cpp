#include "platform/schema/indexes.h"

#include <algorithm>
#include <cstdio>

#include "platform/schema/ddl.h"
#include "platform/schema/field_type.h"

namespace peony::schema {
namespace {

std::string Q(const std::string& ident) { return "\"" + ident + "\""; }

// FNV-1a over the field names: a short, stable name that fits PostgreSQL's 63 bytes whatever the
// length of the names (entity names have at most 40 characters).
std::string IndexName(const EntityDef& e, const std::vector<std::string>& fields) {
  uint32_t h = 2166136261u;
  for (const auto& f : fields) {
    for (unsigned char ch : f + ",") h = (h ^ ch) * 16777619u;
  }
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08x", h);
  return "ix_" + e.name + "__k" + hex;
}

Error Bad(std::string zh, std::string en) {
  return InvalidOption("indexes", std::move(zh), std::move(en));
}

}  // namespace

Result<std::vector<CompoundIndex>> CompoundIndexes(const EntityDef& e,
                                                   const boost::json::object& options) {
  std::vector<CompoundIndex> out;
  const auto* v = options.if_contains("indexes");
  if (!v || v->is_null()) return out;
  if (!v->is_array() || v->as_array().size() > kMaxCompoundIndexes) {
    return Bad("组合索引应为字段名列表的数组，最多 8 个",
               "indexes is an array of at most 8 lists of field names");
  }
  for (const auto& item : v->as_array()) {
    if (!item.is_array() || item.as_array().size() < 2 || item.as_array().size() > 3) {
      return Bad("每个组合索引包含 2 或 3 个字段", "Each index names 2 or 3 fields");
    }
    CompoundIndex index;
    for (const auto& name : item.as_array()) {
      const FieldDef* f = name.is_string() ? e.FindField(name.as_string()) : nullptr;
      if (!f) {
        return Bad("组合索引中的字段不存在", "An index names a field the entity does not have");
      }
      if (LayoutOf(*f) != FieldLayout::kColumn) {
        return Bad("字段「" + f->label + "」不能加入组合索引（敏感、多值或计算字段）",
                   "Field " + f->name + " cannot be indexed (sensitive, multi-valued or computed)");
      }
      if (std::find(index.fields.begin(), index.fields.end(), f->name) != index.fields.end()) {
        return Bad("同一组合索引中字段重复", "An index names a field twice");
      }
      index.fields.push_back(f->name);
    }
    index.name = IndexName(e, index.fields);
    for (const auto& other : out) {
      if (other.name == index.name) return Bad("组合索引重复", "The same index is listed twice");
    }
    out.push_back(std::move(index));
  }
  return out;
}

std::vector<CompoundIndex> CompoundIndexesOf(const EntityDef& e) {
  auto indexes = CompoundIndexes(e, e.options);
  return indexes.ok() ? std::move(*indexes) : std::vector<CompoundIndex>{};
}

std::string CreateCompoundIndexDdl(storage::Dialect d, const EntityDef& e,
                                   const CompoundIndex& index) {
  std::string columns;
  for (const auto& name : index.fields) {
    columns += Q(e.FindField(name)->column);
    if (d == storage::Dialect::kPostgres) columns += " NULLS FIRST";
    columns += ", ";
  }
  return "CREATE INDEX " + Q(index.name) + " ON " + Q(e.table) + " (" + columns + "id)";
}

std::vector<std::string> ChangeCompoundIndexesDdl(storage::Dialect d, const EntityDef& e,
                                                  const std::vector<CompoundIndex>& before,
                                                  const std::vector<CompoundIndex>& after) {
  auto has = [](const std::vector<CompoundIndex>& list, const std::string& name) {
    return std::any_of(list.begin(), list.end(),
                       [&](const CompoundIndex& i) { return i.name == name; });
  };
  std::vector<std::string> out;
  for (const auto& i : before) {
    if (!has(after, i.name)) out.push_back("DROP INDEX IF EXISTS " + Q(i.name));
  }
  for (const auto& i : after) {
    if (!has(before, i.name)) out.push_back(CreateCompoundIndexDdl(d, e, i));
  }
  return out;
}

boost::json::object WithoutField(const boost::json::object& options, const std::string& field) {
  boost::json::object out = options;
  auto* v = out.if_contains("indexes");
  if (!v || !v->is_array()) return out;
  boost::json::array kept;
  for (const auto& item : v->as_array()) {
    const bool names_it =
        item.is_array() && std::any_of(item.as_array().begin(), item.as_array().end(),
                                       [&](const boost::json::value& n) {
                                         return n.is_string() && n.as_string() == field;
                                       });
    if (!names_it) kept.push_back(item);
  }
  *v = std::move(kept);
  return out;
}

}  // namespace peony::schema
