#include "platform/records/filter.h"

#include <algorithm>
#include <set>

#include "common/clock.h"
#include "common/strings.h"
#include "platform/records/codec.h"
#include "platform/records/errors.h"
#include "platform/schema/ddl.h"
#include "storage/query/query.h"

namespace peony::records::internal {
namespace {

using schema::FieldDef;
using schema::FieldLayout;

constexpr int kMaxDepth = 10;
constexpr int kMaxLeaves = 100;

std::string Q(const std::string& ident) { return "\"" + ident + "\""; }

struct Binder {
  const schema::Catalog& catalog;
  const storage::crypto::KeyRing& keys;
  storage::Dialect dialect;
  std::string& sql;
  storage::Params& params;
  int leaves = 0;

  Status Node(const schema::EntityDef& e, const std::string& alias, const boost::json::value& n,
              int depth);
  Status Leaf(const schema::EntityDef& e, const std::string& alias, const boost::json::object& n);
  Status SystemLeaf(const std::string& alias, const std::string& field, const std::string& op,
                    const boost::json::value* value);
};

Error Bad(const std::string& zh, const std::string& en) { return errors::BadFilter(zh, en); }

// A system field's value: ids are integers, times RFC 3339.
Result<storage::Value> SystemValue(const std::string& field, const boost::json::value& v) {
  if (field == "created_at" || field == "updated_at") {
    if (v.is_string()) {
      if (auto t = ParseRfc3339(v.as_string())) return storage::Value{*t};
    }
    return Bad(field + " 需要 RFC 3339 时间", field + " needs an RFC 3339 time");
  }
  if (v.is_int64()) return storage::Value{v.as_int64()};
  return Bad(field + " 需要整数", field + " needs an integer");
}

const char* Comparison(const std::string& op) {
  if (op == "eq") return " = ";
  if (op == "ne") return " <> ";
  if (op == "lt") return " < ";
  if (op == "lte") return " <= ";
  if (op == "gt") return " > ";
  if (op == "gte") return " >= ";
  return nullptr;
}

Status Binder::Node(const schema::EntityDef& e, const std::string& alias,
                    const boost::json::value& n, int depth) {
  if (depth > kMaxDepth) return Bad("嵌套过深", "nested deeper than 10 levels");
  if (!n.is_object()) return Bad("条件必须是对象", "each condition must be an object");
  const auto& o = n.as_object();
  for (const char* join : {"and", "or"}) {
    if (!o.contains(join)) continue;
    if (o.size() != 1 || !o.at(join).is_array()) {
      return Bad("\"and\"/\"or\" 需要一个数组", "\"and\"/\"or\" take one array");
    }
    const auto& items = o.at(join).as_array();
    if (items.empty()) {
      sql += std::string(join) == "and" ? "1 = 1" : "1 = 0";
      return Ok();
    }
    sql += "(";
    for (size_t i = 0; i < items.size(); ++i) {
      if (i > 0) sql += std::string(join) == "and" ? " AND " : " OR ";
      PEONY_CHECK(Node(e, alias, items[i], depth + 1));
    }
    sql += ")";
    return Ok();
  }
  if (o.contains("not")) {
    if (o.size() != 1) return Bad("\"not\" 只能有一个条件", "\"not\" takes one condition");
    sql += "NOT (";
    PEONY_CHECK(Node(e, alias, o.at("not"), depth + 1));
    sql += ")";
    return Ok();
  }
  if (++leaves > kMaxLeaves) return Bad("条件过多", "more than 100 conditions");
  return Leaf(e, alias, o);
}

Status Binder::SystemLeaf(const std::string& alias, const std::string& field, const std::string& op,
                          const boost::json::value* value) {
  const std::string col = alias + "." + field;
  if (op == "is_empty" || op == "not_empty") {
    sql += col + (op == "is_empty" ? " IS NULL" : " IS NOT NULL");
    return Ok();
  }
  if (!value) return Bad("缺少比较值", "the condition needs a value");
  if (const char* cmp = Comparison(op)) {
    PEONY_TRY(auto v, SystemValue(field, *value));
    sql += col + cmp + "?";
    params.Add(std::move(v));
    return Ok();
  }
  if ((op == "in" || op == "not_in") && value->is_array() && !value->as_array().empty() &&
      value->as_array().size() <= 500) {
    sql += col + (op == "in" ? " IN (" : " NOT IN (");
    bool first = true;
    for (const auto& item : value->as_array()) {
      PEONY_TRY(auto v, SystemValue(field, item));
      sql += first ? "?" : ", ?";
      first = false;
      params.Add(std::move(v));
    }
    sql += ")";
    return Ok();
  }
  return Bad("不支持的比较方式：" + op, "unsupported operator for " + field + ": " + op);
}

Status Binder::Leaf(const schema::EntityDef& e, const std::string& alias,
                    const boost::json::object& n) {
  if (!n.contains("field") || !n.at("field").is_string() || !n.contains("op") ||
      !n.at("op").is_string()) {
    return Bad("条件需要 field 和 op", "a condition needs \"field\" and \"op\"");
  }
  const std::string name(n.at("field").as_string());
  const std::string op(n.at("op").as_string());
  const boost::json::value* value = n.contains("value") ? &n.at("value") : nullptr;
  static constexpr std::string_view kSystem[] = {
      "id", "created_at", "updated_at", "owner_id", "branch_id", "created_by", "updated_by"};
  if (std::find(std::begin(kSystem), std::end(kSystem), name) != std::end(kSystem)) {
    return SystemLeaf(alias, name, op, value);
  }
  // "<relation>.<field>": the related records that match, one level deep.
  if (const auto dot = name.find('.'); dot != std::string::npos && alias == "t") {
    const FieldDef* rel = e.FindField(name.substr(0, dot));
    const schema::FieldType* rt = rel ? schema::FindFieldType(rel->type) : nullptr;
    if (!rel || rel->retired || !rt || rt->reference() != schema::Reference::kRecord) {
      return Bad("未知的关联字段：" + name, "unknown relation field: " + name);
    }
    const auto target_name = rel->options.find("target");
    const schema::EntityDef* target =
        target_name != rel->options.end() && target_name->value().is_string()
            ? catalog.Find(std::string(target_name->value().as_string()))
            : nullptr;
    if (!target) return Bad("关联的表单不存在", "the related entity does not exist");
    boost::json::object inner = n;
    inner["field"] = name.substr(dot + 1);
    sql += alias + "." + Q(rel->column) + " IN (SELECT r.id FROM " + Q(target->table) +
           " r WHERE r.deleted_at IS NULL AND ";
    PEONY_CHECK(Leaf(*target, "r", inner));
    sql += ")";
    return Ok();
  }
  const FieldDef* f = e.FindField(name);
  const schema::FieldType* type = f ? schema::FindFieldType(f->type) : nullptr;
  if (!f || f->retired || !type) return Bad("未知字段：" + name, "unknown field: " + name);
  const auto ops = type->OperatorsFor(f->options);
  if (std::find(ops.begin(), ops.end(), op) == ops.end()) {
    return Bad("字段 " + name + " 不支持 " + op, "field " + name + " does not support " + op);
  }
  const auto layout = schema::LayoutOf(*f);
  const std::string col =
      alias + "." + Q(layout == FieldLayout::kSensitive ? "b_" + f->name : f->column);
  auto normalize = [&](const boost::json::value& v) -> Result<storage::Value> {
    auto stored = type->Normalize(*f, v, {});
    if (!stored.ok()) return Bad("字段 " + name + " 的值无效", "invalid value for " + name);
    if (layout == FieldLayout::kSensitive) {
      const auto* s = std::get_if<std::string>(&*stored);
      return storage::Value{
          storage::crypto::BlindIndex(keys, e.name + "." + f->name, s ? *s : std::string())};
    }
    return stored;
  };

  if (layout == FieldLayout::kValueTable) {
    const std::string child = Q(ChildTable(e, *f));
    if (op == "is_empty" || op == "not_empty") {
      sql += std::string(op == "is_empty" ? "NOT " : "") + "EXISTS (SELECT 1 FROM " + child +
             " c WHERE c.record_id = " + alias + ".id)";
      return Ok();
    }
    if (!value || !value->is_array() || value->as_array().empty() ||
        value->as_array().size() > 100) {
      return Bad(name + " 需要一个值的数组", name + " needs an array of values");
    }
    sql += std::string(op == "not_contains" ? "NOT " : "") + "EXISTS (SELECT 1 FROM " + child +
           " c WHERE c.record_id = " + alias + ".id AND c.value IN (";
    for (size_t i = 0; i < value->as_array().size(); ++i) {
      const auto& item = value->as_array()[i];
      if (!item.is_string()) return Bad(name + " 的值必须是文本", name + " values are text");
      sql += i == 0 ? "?" : ", ?";
      params.Add(std::string(item.as_string()));
    }
    sql += "))";
    return Ok();
  }
  if (layout != FieldLayout::kColumn && layout != FieldLayout::kSensitive) {
    return Bad("不能按字段 " + name + " 筛选", "cannot filter by " + name);
  }
  if (op == "is_empty") {
    sql += "(" + col + " IS NULL" +
           (schema::ColumnKindOf(*f) == schema::StorageKind::kText ? " OR " + col + " = '')" : ")");
    return Ok();
  }
  if (op == "not_empty") {
    sql +=
        "(" + col + " IS NOT NULL" +
        (schema::ColumnKindOf(*f) == schema::StorageKind::kText ? " AND " + col + " <> '')" : ")");
    return Ok();
  }
  if (!value || value->is_null()) return Bad("缺少比较值", "the condition needs a value");
  if (const char* cmp = Comparison(op)) {
    PEONY_TRY(auto v, normalize(*value));
    sql += col + cmp + "?";
    params.Add(std::move(v));
    return Ok();
  }
  if (op == "between") {
    if (!value->is_array() || value->as_array().size() != 2) {
      return Bad("between 需要 [下限, 上限]", "between needs [low, high]");
    }
    PEONY_TRY(auto lo, normalize(value->as_array()[0]));
    PEONY_TRY(auto hi, normalize(value->as_array()[1]));
    sql += "(" + col + " >= ? AND " + col + " <= ?)";
    params.Add(std::move(lo));
    params.Add(std::move(hi));
    return Ok();
  }
  if (op == "in" || op == "not_in") {
    if (!value->is_array() || value->as_array().empty() || value->as_array().size() > 500) {
      return Bad(op + " 需要 1-500 个值", op + " needs an array of 1-500 values");
    }
    sql += col + (op == "in" ? " IN (" : " NOT IN (");
    for (size_t i = 0; i < value->as_array().size(); ++i) {
      PEONY_TRY(auto v, normalize(value->as_array()[i]));
      sql += i == 0 ? "?" : ", ?";
      params.Add(std::move(v));
    }
    sql += ")";
    return Ok();
  }
  if (op == "contains" || op == "not_contains" || op == "starts_with") {
    if (!value->is_string() || value->as_string().size() > 200) {
      return Bad(op + " 需要文本", op + " needs a text value");
    }
    auto ident = storage::query::Ident::Trusted(
        (layout == FieldLayout::kSensitive ? "b_" + f->name : f->column));
    if (!ident.ok()) return std::move(ident).error();
    auto cond = storage::query::Like(
        *ident, std::string(value->as_string()),
        op == "starts_with" ? storage::query::Match::kPrefix : storage::query::Match::kContains);
    if (op == "not_contains") {
      sql += "(" + col + " IS NULL OR NOT ";
    }
    std::string like;
    cond.Render(dialect, like, params);
    // The builder renders the bare column; qualify it with the alias.
    const std::string bare = Q(std::string(ident->name()));
    if (const auto pos = like.find(bare); pos != std::string::npos) {
      like.replace(pos, bare.size(), col);
    }
    sql += like;
    if (op == "not_contains") sql += ")";
    return Ok();
  }
  return Bad("不支持的比较方式：" + op, "unsupported operator: " + op);
}

}  // namespace

Status AppendFilter(const schema::Catalog& catalog, const schema::EntityDef& e,
                    const boost::json::value& filter, const storage::crypto::KeyRing& keys,
                    storage::Dialect dialect, std::string& sql, storage::Params& params) {
  Binder b{catalog, keys, dialect, sql, params};
  sql += " AND ";
  return b.Node(e, "t", filter, 1);
}

void AppendSearch(const schema::EntityDef& e, std::string_view q, std::string& sql,
                  storage::Params& params) {
  // Each whitespace-separated term must occur. Grams narrow the rows through the index; terms of
  // three or more characters are confirmed against the folded search text.
  size_t start = 0;
  while (start < q.size()) {
    const size_t end = std::min(q.find(' ', start), q.size());
    const std::string term = Fold(q.substr(start, end - start));
    start = end + 1;
    if (term.empty()) continue;
    std::set<std::string> wanted;
    const auto grams = Grams(term);
    const size_t length = Utf8Length(term);
    for (const auto& g : grams) {
      if (length <= 2 ? Utf8Length(g) == length : Utf8Length(g) == 2) wanted.insert(g);
    }
    sql += " AND t.id IN (SELECT record_id FROM " + Q(GramTable(e)) + " WHERE gram IN (";
    bool first = true;
    for (const auto& g : wanted) {
      sql += first ? "?" : ", ?";
      first = false;
      params.Add(g);
    }
    sql += ") GROUP BY record_id HAVING COUNT(*) = ?)";
    params.Add(static_cast<int64_t>(wanted.size()));
    if (length >= 3) {
      std::string pattern = "%";
      for (char c : term) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += c;
      }
      pattern += "%";
      sql += " AND t.search_text LIKE ? ESCAPE '\\'";
      params.Add(pattern);
    }
  }
}

}  // namespace peony::records::internal
