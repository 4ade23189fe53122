// The in-memory back end of the filter language. Each rule below mirrors what filter_sql.cpp
// renders; the table-driven test (match_test.cpp) runs both on the same records and filters.
#include "platform/records/match.h"

#include <boost/json/parse.hpp>
#include <set>

#include "common/clock.h"
#include "common/strings.h"
#include "platform/schema/ddl.h"

namespace peony::records::internal {
namespace {

using schema::FieldLayout;

enum class Tri { kFalse, kTrue, kUnknown };

Tri Of(bool b) { return b ? Tri::kTrue : Tri::kFalse; }
Tri Not(Tri t) { return t == Tri::kUnknown ? t : Of(t == Tri::kFalse); }

bool IsNull(const storage::Value& v) { return std::holds_alternative<std::monostate>(v); }

// -1/0/1 like SQL's comparison of two non-null values of the same column; nullopt when either is
// null (unknown).
std::optional<int> Compare(const storage::Value& a, const storage::Value& b) {
  if (IsNull(a) || IsNull(b)) return std::nullopt;
  const auto* ai = std::get_if<int64_t>(&a);
  const auto* bi = std::get_if<int64_t>(&b);
  if (ai && bi) return *ai < *bi ? -1 : *ai > *bi ? 1 : 0;
  const auto number = [](const storage::Value& v) -> std::optional<double> {
    if (const auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    return std::nullopt;
  };
  if (auto x = number(a), y = number(b); x && y) return *x < *y ? -1 : *x > *y ? 1 : 0;
  const auto* as = std::get_if<std::string>(&a);
  const auto* bs = std::get_if<std::string>(&b);
  if (as && bs) {
    const int c = as->compare(*bs);  // bytewise, as SQLite's BINARY collation
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  return std::nullopt;
}

Tri Cmp(const std::string& op, const storage::Value& a, const storage::Value& b) {
  const auto c = Compare(a, b);
  if (!c) return Tri::kUnknown;
  if (op == "eq") return Of(*c == 0);
  if (op == "ne") return Of(*c != 0);
  if (op == "lt") return Of(*c < 0);
  if (op == "lte") return Of(*c <= 0);
  if (op == "gt") return Of(*c > 0);
  return Of(*c >= 0);  // gte
}

Tri And(Tri a, Tri b) {
  if (a == Tri::kFalse || b == Tri::kFalse) return Tri::kFalse;
  return a == Tri::kTrue && b == Tri::kTrue ? Tri::kTrue : Tri::kUnknown;
}

std::string Text(const storage::Value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  return "";
}

// The record's value of a system field.
storage::Value SystemValue(const std::string& name, const boost::json::value* v) {
  if (!v) return {};
  if (name == "created_at" || name == "updated_at") {
    if (v->is_string()) {
      if (auto t = ParseRfc3339(v->as_string())) return *t;
    }
    return {};
  }
  if (v->is_int64()) return v->as_int64();
  return {};
}

// The record's value of a one-column field, in its stored form.
storage::Value ColumnValue(const schema::FieldDef& f, const boost::json::value* v) {
  if (!v || v->is_null()) return {};
  const schema::FieldType* type = schema::FindFieldType(f);
  if (!type) return {};
  auto stored = type->Normalize(f, *v, {});
  return stored.ok() ? std::move(*stored) : storage::Value{};
}

// The record's values of a multi-valued field.
std::set<std::string> MultiValues(const schema::FieldDef& f, const boost::json::value* v) {
  std::set<std::string> out;
  const storage::Value stored = ColumnValue(f, v);
  const auto* text = std::get_if<std::string>(&stored);
  if (!text) return out;
  boost::system::error_code ec;
  auto parsed = boost::json::parse(*text, ec);
  if (ec || !parsed.is_array()) return out;
  for (const auto& item : parsed.as_array()) {
    if (item.is_string()) out.emplace(item.as_string());
  }
  return out;
}

Tri MultiLeaf(const FilterLeaf& leaf, const std::set<std::string>& have) {
  if (leaf.op == "is_empty") return Of(have.empty());
  if (leaf.op == "not_empty") return Of(!have.empty());
  bool any = false;
  for (const auto& v : leaf.values) any = any || have.count(Text(v)) > 0;
  return leaf.op == "not_contains" ? Of(!any) : Of(any);
}

Tri Leaf(const FilterLeaf& leaf, const boost::json::object& record) {
  if (leaf.via) return Tri::kUnknown;  // needs the related record
  const boost::json::value* raw = record.if_contains(leaf.name);
  if (leaf.field && schema::LayoutOf(*leaf.field) == FieldLayout::kValueTable) {
    return MultiLeaf(leaf, MultiValues(*leaf.field, raw));
  }
  const storage::Value v = leaf.field ? ColumnValue(*leaf.field, raw) : SystemValue(leaf.name, raw);
  const std::string& op = leaf.op;
  const bool text = leaf.field && (schema::LayoutOf(*leaf.field) == FieldLayout::kSensitive ||
                                   schema::ColumnKindOf(*leaf.field) == schema::StorageKind::kText);
  const bool empty = IsNull(v) || (text && Text(v).empty());
  if (op == "is_empty") return Of(empty);
  if (op == "not_empty") return Of(!empty);
  if (op == "between") {
    return And(Cmp("gte", v, leaf.values.at(0)), Cmp("lte", v, leaf.values.at(1)));
  }
  if (op == "in" || op == "not_in") {
    // x IN (a, b) is x = a OR x = b; NOT IN is its negation.
    Tri any = Tri::kFalse;
    for (const auto& item : leaf.values) {
      const Tri t = Cmp("eq", v, item);
      if (t == Tri::kTrue) {
        any = Tri::kTrue;
        break;
      }
      if (t == Tri::kUnknown) any = Tri::kUnknown;
    }
    return op == "in" ? any : Not(any);
  }
  if (op == "contains" || op == "not_contains" || op == "starts_with") {
    if (IsNull(v)) return op == "not_contains" ? Tri::kTrue : Tri::kUnknown;
    const std::string have = ToLower(Text(v));
    const std::string want = ToLower(Text(leaf.values.at(0)));
    const bool found =
        op == "starts_with" ? have.rfind(want, 0) == 0 : have.find(want) != std::string::npos;
    return op == "not_contains" ? Of(!found) : Of(found);
  }
  return Cmp(op, v, leaf.values.at(0));
}

Tri Node(const FilterNode& n, const boost::json::object& record) {
  switch (n.kind) {
    case FilterNode::Kind::kAnd: {
      Tri out = Tri::kTrue;
      for (const auto& c : n.children) {
        const Tri t = Node(c, record);
        if (t == Tri::kFalse) return t;
        if (t == Tri::kUnknown) out = t;
      }
      return out;
    }
    case FilterNode::Kind::kOr: {
      Tri out = Tri::kFalse;
      for (const auto& c : n.children) {
        const Tri t = Node(c, record);
        if (t == Tri::kTrue) return t;
        if (t == Tri::kUnknown) out = t;
      }
      return out;
    }
    case FilterNode::Kind::kNot:
      return Not(Node(n.children.front(), record));
    case FilterNode::Kind::kLeaf:
      return Leaf(n.leaf, record);
  }
  return Tri::kUnknown;
}

}  // namespace

bool Matches(const FilterNode& root, const boost::json::object& record) {
  return Node(root, record) == Tri::kTrue;
}

}  // namespace peony::records::internal
