// Parse and bind of the filter language (see filter.h). Everything a filter can get wrong is
// found here, so the SQL and in-memory back ends only render a tree that is known to be valid.
#include "platform/records/filter.h"

#include <algorithm>

#include "common/clock.h"
#include "platform/records/errors.h"
#include "platform/records/field_access.h"
#include "platform/schema/ddl.h"

namespace peony::records::internal {
namespace {

using schema::FieldDef;
using schema::FieldLayout;

constexpr int kMaxDepth = 10;
constexpr int kMaxLeaves = 100;
constexpr size_t kMaxInValues = 500;
constexpr size_t kMaxMultiValues = 100;
constexpr size_t kMaxText = 200;

constexpr std::string_view kSystemFields[] = {"id",        "created_at", "updated_at", "owner_id",
                                              "branch_id", "created_by", "updated_by"};
// Operators a sensitive field keeps: it is compared through its blind index.
constexpr std::string_view kExactOps[] = {"eq", "ne", "in", "not_in", "is_empty", "not_empty"};

Error Bad(const std::string& zh, const std::string& en) { return errors::BadFilter(zh, en); }

bool IsComparison(const std::string& op) {
  return op == "eq" || op == "ne" || op == "lt" || op == "lte" || op == "gt" || op == "gte";
}

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

struct Binder {
  const BindOptions& options;
  int leaves = 0;

  Result<FilterNode> Node(const schema::EntityDef& e, const boost::json::value& n, int depth);
  Result<FilterLeaf> Leaf(const schema::EntityDef& e, const boost::json::object& n, bool nested);
  Status SystemLeaf(FilterLeaf& leaf, const boost::json::value* value);
  Status FieldLeaf(FilterLeaf& leaf, const boost::json::value* value);
  Result<const schema::EntityDef*> Target(const schema::EntityDef& e, const std::string& name,
                                          const FieldDef*& rel);
};

Result<FilterNode> Binder::Node(const schema::EntityDef& e, const boost::json::value& n,
                                int depth) {
  if (depth > kMaxDepth) return Bad("嵌套过深", "nested deeper than 10 levels");
  if (!n.is_object()) return Bad("条件必须是对象", "each condition must be an object");
  const auto& o = n.as_object();
  FilterNode node;
  for (const char* join : {"and", "or"}) {
    if (!o.contains(join)) continue;
    if (o.size() != 1 || !o.at(join).is_array()) {
      return Bad("\"and\"/\"or\" 需要一个数组", "\"and\"/\"or\" take one array");
    }
    node.kind = std::string_view(join) == "and" ? FilterNode::Kind::kAnd : FilterNode::Kind::kOr;
    for (const auto& item : o.at(join).as_array()) {
      PEONY_TRY(auto child, Node(e, item, depth + 1));
      node.children.push_back(std::move(child));
    }
    return node;
  }
  if (o.contains("not")) {
    if (o.size() != 1) return Bad("\"not\" 只能有一个条件", "\"not\" takes one condition");
    node.kind = FilterNode::Kind::kNot;
    PEONY_TRY(auto child, Node(e, o.at("not"), depth + 1));
    node.children.push_back(std::move(child));
    return node;
  }
  if (++leaves > kMaxLeaves) return Bad("条件过多", "more than 100 conditions");
  node.kind = FilterNode::Kind::kLeaf;
  PEONY_TRY(node.leaf, Leaf(e, o, false));
  return node;
}

// The target entity of relation `name` on `e`, when the caller may filter across it.
Result<const schema::EntityDef*> Binder::Target(const schema::EntityDef& e, const std::string& name,
                                                const FieldDef*& rel) {
  const std::string relation = name.substr(0, name.find('.'));
  rel = e.FindField(relation);
  const schema::FieldType* rt = rel ? schema::FindFieldType(rel->type) : nullptr;
  const bool hidden = options.access && options.access->Hidden(relation);
  if (!options.catalog || !rel || rel->retired || !rt || hidden ||
      rt->reference() != schema::Reference::kRecord) {
    return Bad("未知的关联字段：" + name, "unknown relation field: " + name);
  }
  const auto target_name = rel->options.find("target");
  const schema::EntityDef* target =
      target_name != rel->options.end() && target_name->value().is_string()
          ? options.catalog->Find(std::string(target_name->value().as_string()))
          : nullptr;
  if (!target) return Bad("关联的表单不存在", "the related entity does not exist");
  if (options.access && options.access->principal() &&
      !options.access->principal()->Has("data." + target->name + ".read")) {
    return Bad("无权按关联的表单筛选", "you may not read the related entity: " + name);
  }
  return target;
}

Result<FilterLeaf> Binder::Leaf(const schema::EntityDef& e, const boost::json::object& n,
                                bool nested) {
  if (!n.contains("field") || !n.at("field").is_string() || !n.contains("op") ||
      !n.at("op").is_string()) {
    return Bad("条件需要 field 和 op", "a condition needs \"field\" and \"op\"");
  }
  FilterLeaf leaf;
  leaf.name = std::string(n.at("field").as_string());
  leaf.op = std::string(n.at("op").as_string());
  leaf.entity = &e;
  if (leaf.name.size() > 81 || leaf.op.size() > 20) return Bad("条件过长", "name too long");
  const boost::json::value* value = n.contains("value") ? &n.at("value") : nullptr;
  if (std::find(std::begin(kSystemFields), std::end(kSystemFields), leaf.name) !=
      std::end(kSystemFields)) {
    leaf.system = leaf.name;
    PEONY_CHECK(SystemLeaf(leaf, value));
    return leaf;
  }
  // "<relation>.<field>": the related records that match, one level deep.
  if (const auto dot = leaf.name.find('.'); dot != std::string::npos && !nested) {
    const FieldDef* rel = nullptr;
    PEONY_TRY(auto target, Target(e, leaf.name, rel));
    boost::json::object inner = n;
    inner["field"] = leaf.name.substr(dot + 1);
    // The target's own field access applies to its fields.
    std::optional<FieldAccess> target_access;
    BindOptions inner_options = options;
    if (options.access && options.access->principal()) {
      target_access = FieldAccess::For(*options.access->principal(), *target);
      inner_options.access = &*target_access;
    }
    Binder inner_binder{inner_options};
    PEONY_TRY(auto bound, inner_binder.Leaf(*target, inner, true));
    bound.name = leaf.name;
    bound.via = rel;
    return bound;
  }
  leaf.field = e.FindField(leaf.name);
  const bool hidden = options.access && options.access->Hidden(leaf.name);
  if (!leaf.field || leaf.field->retired || hidden || !schema::FindFieldType(leaf.field->type)) {
    return Bad("未知字段：" + leaf.name, "unknown field: " + leaf.name);
  }
  PEONY_CHECK(FieldLeaf(leaf, value));
  return leaf;
}

Status Binder::SystemLeaf(FilterLeaf& leaf, const boost::json::value* value) {
  const std::string& op = leaf.op;
  if (op == "is_empty" || op == "not_empty") return Ok();
  if (!value) return Bad("缺少比较值", "the condition needs a value");
  if (IsComparison(op)) {
    PEONY_TRY(auto v, SystemValue(leaf.system, *value));
    leaf.values.push_back(std::move(v));
    return Ok();
  }
  if ((op == "in" || op == "not_in") && value->is_array() && !value->as_array().empty() &&
      value->as_array().size() <= kMaxInValues) {
    for (const auto& item : value->as_array()) {
      PEONY_TRY(auto v, SystemValue(leaf.system, item));
      leaf.values.push_back(std::move(v));
    }
    return Ok();
  }
  return Bad("不支持的比较方式：" + op, "unsupported operator for " + leaf.system + ": " + op);
}

Status Binder::FieldLeaf(FilterLeaf& leaf, const boost::json::value* value) {
  const FieldDef& f = *leaf.field;
  const std::string& name = leaf.name;
  const std::string& op = leaf.op;
  const schema::FieldType* type = schema::FindFieldType(f);
  const auto ops = type->OperatorsFor(f.options);
  if (std::find(ops.begin(), ops.end(), op) == ops.end()) {
    return Bad("字段 " + name + " 不支持 " + op, "field " + name + " does not support " + op);
  }
  const auto layout = schema::LayoutOf(f);
  if (layout == FieldLayout::kSensitive &&
      std::find(std::begin(kExactOps), std::end(kExactOps), op) == std::end(kExactOps)) {
    return Bad("敏感字段 " + name + " 只能精确匹配",
               "sensitive field " + name + " supports exact matches only");
  }
  auto normalize = [&](const boost::json::value& v) -> Result<storage::Value> {
    auto stored = type->Normalize(f, v, {});
    if (!stored.ok()) return Bad("字段 " + name + " 的值无效", "invalid value for " + name);
    return stored;
  };
  if (layout == FieldLayout::kValueTable) {
    if (op == "is_empty" || op == "not_empty") return Ok();
    if (!value || !value->is_array() || value->as_array().empty() ||
        value->as_array().size() > kMaxMultiValues) {
      return Bad(name + " 需要一个值的数组", name + " needs an array of values");
    }
    for (const auto& item : value->as_array()) {
      if (!item.is_string()) return Bad(name + " 的值必须是文本", name + " values are text");
      leaf.values.emplace_back(std::string(item.as_string()));
    }
    return Ok();
  }
  if (layout != FieldLayout::kColumn && layout != FieldLayout::kSensitive) {
    return Bad("不能按字段 " + name + " 筛选", "cannot filter by " + name);
  }
  if (op == "is_empty" || op == "not_empty") return Ok();
  if (!value || value->is_null()) return Bad("缺少比较值", "the condition needs a value");
  if (IsComparison(op)) {
    PEONY_TRY(auto v, normalize(*value));
    leaf.values.push_back(std::move(v));
    return Ok();
  }
  if (op == "between") {
    if (!value->is_array() || value->as_array().size() != 2) {
      return Bad("between 需要 [下限, 上限]", "between needs [low, high]");
    }
    for (const auto& item : value->as_array()) {
      PEONY_TRY(auto v, normalize(item));
      leaf.values.push_back(std::move(v));
    }
    return Ok();
  }
  if (op == "in" || op == "not_in") {
    if (!value->is_array() || value->as_array().empty() ||
        value->as_array().size() > kMaxInValues) {
      return Bad(op + " 需要 1-500 个值", op + " needs an array of 1-500 values");
    }
    for (const auto& item : value->as_array()) {
      PEONY_TRY(auto v, normalize(item));
      leaf.values.push_back(std::move(v));
    }
    return Ok();
  }
  if (op == "contains" || op == "not_contains" || op == "starts_with") {
    if (!value->is_string() || value->as_string().size() > kMaxText) {
      return Bad(op + " 需要文本", op + " needs a text value");
    }
    leaf.values.emplace_back(std::string(value->as_string()));
    return Ok();
  }
  return Bad("不支持的比较方式：" + op, "unsupported operator: " + op);
}

}  // namespace

Result<FilterNode> BindFilter(const schema::EntityDef& e, const boost::json::value& filter,
                              const BindOptions& options) {
  Binder b{options};
  return b.Node(e, filter, 1);
}

}  // namespace peony::records::internal
