// A small SQL builder for both dialects: every value is a bound parameter and every identifier is
// an Ident (checked at compile time or resolved through the catalog), so no text from users reaches
// SQL.
//
//   using namespace peony::storage::query;
//   Statement s = Select("customers").Columns({"id", "name"})
//                     .Where(And({Eq("org_id", org), Like("name", typed)}))
//                     .OrderBy("id", Order::kDesc).Limit(50).Build(conn.dialect());
//   PEONY_TRY(Rows rows, conn.Query(s.sql, s.params));
//
// Identifiers are always double-quoted; placeholders are `?` in both dialects (Conn rewrites them).
// NULLs sort first in SQLite and last in PostgreSQL: order by NOT NULL columns, ending with a
// unique one, when both engines must agree (keyset pagination needs that anyway).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/db.h"
#include "storage/query/ident.h"

namespace peony::storage::query {

struct Statement {
  std::string sql;
  Params params;
};

enum class Order { kAsc, kDesc };

// {"created_at", Order::kDesc}, {"id"} or just "id".
struct SortKey {
  SortKey(Ident c, Order o = Order::kAsc)
      : column(c), order(o) {}  // NOLINT(google-explicit-constructor)
  template <size_t N>
  consteval SortKey(const char (&c)[N]) : column(c), order(Order::kAsc) {}  // NOLINT
  Ident column;
  Order order;
};

enum class Op { kEq, kNe, kLt, kLe, kGt, kGe };
enum class Match { kContains, kPrefix, kSuffix, kExact };

class Cond;
// Eq with a null value renders IS NULL, Ne with a null value IS NOT NULL.
Cond Compare(Ident column, Op op, Value value);
// An empty list matches nothing.
Cond In(Ident column, std::vector<Value> values);
Cond IsNull(Ident column);
Cond IsNotNull(Ident column);
// `text` is matched literally (its % _ \ are escaped), ignoring ASCII case on both engines (ILIKE
// on PostgreSQL).
Cond Like(Ident column, std::string_view text, Match match = Match::kContains);
// And of nothing is true, Or of nothing false.
Cond And(std::vector<Cond> conds);
Cond Or(std::vector<Cond> conds);
Cond Not(Cond cond);

// A WHERE condition: a tree rendered with bound values. Made only by the functions around it.
class Cond {
 public:
  // Appends the SQL of this condition to `sql` and its values to `params`.
  void Render(Dialect dialect, std::string& sql, Params& params) const;

 private:
  enum class Kind { kCompare, kIn, kIsNull, kIsNotNull, kLike, kAnd, kOr, kNot };
  Cond(Kind kind, std::string_view column, std::vector<Value> values = {},
       std::vector<Cond> children = {})
      : kind_(kind), column_(column), values_(std::move(values)), children_(std::move(children)) {}
  bool IsComposite() const;

  friend Cond Compare(Ident column, Op op, Value value);
  friend Cond In(Ident column, std::vector<Value> values);
  friend Cond IsNull(Ident column);
  friend Cond IsNotNull(Ident column);
  friend Cond Like(Ident column, std::string_view text, Match match);
  friend Cond And(std::vector<Cond> conds);
  friend Cond Or(std::vector<Cond> conds);
  friend Cond Not(Cond cond);

  Kind kind_;
  std::string column_;  // from an Ident
  Op op_ = Op::kEq;     // kCompare
  std::vector<Value> values_;
  std::vector<Cond> children_;
};

template <class T>
Cond Eq(Ident c, const T& v) {
  return Compare(c, Op::kEq, ToValue(v));
}
template <class T>
Cond Ne(Ident c, const T& v) {
  return Compare(c, Op::kNe, ToValue(v));
}
template <class T>
Cond Lt(Ident c, const T& v) {
  return Compare(c, Op::kLt, ToValue(v));
}
template <class T>
Cond Le(Ident c, const T& v) {
  return Compare(c, Op::kLe, ToValue(v));
}
template <class T>
Cond Gt(Ident c, const T& v) {
  return Compare(c, Op::kGt, ToValue(v));
}
template <class T>
Cond Ge(Ident c, const T& v) {
  return Compare(c, Op::kGe, ToValue(v));
}

// Keyset pagination: rows after the row whose sort-key values are `values`, in the order given by
// `keys` (each key's own direction): a > ? OR (a = ? AND b > ?) …  The keys must end with a unique
// column and hold no NULLs. Keys and values of different lengths give a condition matching nothing.
Cond After(const std::vector<SortKey>& keys, const std::vector<Value>& values);

class Select {
 public:
  explicit Select(Ident table) : table_(table) {}
  Select& Columns(std::vector<Ident> columns);  // default: *
  Select& Count();                              // SELECT COUNT(*) instead of columns
  Select& Where(Cond cond);                     // several calls are ANDed
  Select& OrderBy(Ident column, Order order = Order::kAsc);
  Select& OrderBy(const std::vector<SortKey>& keys);
  Select& Limit(int64_t n);
  Select& ForUpdate();  // FOR UPDATE on PostgreSQL; nothing on SQLite (its writer is exclusive)
  Statement Build(Dialect dialect) const;

 private:
  Ident table_;
  std::vector<Ident> columns_;
  bool count_ = false;
  std::vector<Cond> where_;
  std::vector<SortKey> order_;
  std::optional<int64_t> limit_;
  bool for_update_ = false;
};

class Insert {
 public:
  explicit Insert(Ident table) : table_(table) {}
  template <class T>
  Insert& Set(Ident column, const T& v) {
    return SetValue(column, ToValue(v));
  }
  Insert& SetValue(Ident column, Value v);
  Insert& Returning(Ident column);
  Statement Build(Dialect dialect) const;

 private:
  Ident table_;
  std::vector<Ident> columns_;
  std::vector<Value> values_;
  std::vector<Ident> returning_;
};

// Without Where, Update and Delete affect every row of the table.
class Update {
 public:
  explicit Update(Ident table) : table_(table) {}
  template <class T>
  Update& Set(Ident column, const T& v) {
    return SetValue(column, ToValue(v));
  }
  Update& SetValue(Ident column, Value v);
  Update& Increment(Ident column, int64_t by);  // column = column + ?
  Update& Where(Cond cond);                     // several calls are ANDed
  Update& Returning(Ident column);
  Statement Build(Dialect dialect) const;

 private:
  struct Assignment {
    Ident column;
    Value value;
    bool increment;
  };
  Ident table_;
  std::vector<Assignment> set_;
  std::vector<Cond> where_;
  std::vector<Ident> returning_;
};

class Delete {
 public:
  explicit Delete(Ident table) : table_(table) {}
  Delete& Where(Cond cond);  // several calls are ANDed
  Statement Build(Dialect dialect) const;

 private:
  Ident table_;
  std::vector<Cond> where_;
};

}  // namespace peony::storage::query
