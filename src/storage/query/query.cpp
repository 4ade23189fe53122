#include "storage/query/query.h"

#include "common/log.h"

namespace peony::storage::query {
namespace {

void AppendIdent(std::string& sql, std::string_view name) {
  // Names are [a-z_][a-z0-9_]* (Ident checked them), so quoting needs no escaping; it only keeps
  // reserved words such as "order" or "user" usable as names.
  sql += '"';
  sql += name;
  sql += '"';
}

void AppendIdentList(std::string& sql, const std::vector<Ident>& idents) {
  for (size_t i = 0; i < idents.size(); ++i) {
    if (i > 0) sql += ", ";
    AppendIdent(sql, idents[i].name());
  }
}

std::string_view OpSql(Op op) {
  switch (op) {
    case Op::kEq:
      return "=";
    case Op::kNe:
      return "<>";
    case Op::kLt:
      return "<";
    case Op::kLe:
      return "<=";
    case Op::kGt:
      return ">";
    case Op::kGe:
      return ">=";
  }
  return "=";
}

void AppendWhere(Dialect dialect, const std::vector<Cond>& where, std::string& sql,
                 Params& params) {
  if (where.empty()) return;
  sql += " WHERE ";
  if (where.size() == 1) {
    where[0].Render(dialect, sql, params);
  } else {
    And(where).Render(dialect, sql, params);
  }
}

void AppendReturning(const std::vector<Ident>& returning, std::string& sql) {
  if (returning.empty()) return;
  sql += " RETURNING ";
  AppendIdentList(sql, returning);
}

std::string EscapeLike(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

Result<Ident> Ident::Trusted(std::string_view name) {
  if (!IsValid(name)) {
    // The name itself is not logged: if this ever fires, it may not be a catalog name after all.
    log::Error("db.invalid_identifier", {{"length", name.size()}});
    return MakeError(ErrorKind::kInternal, "db.invalid_identifier", "服务器内部错误",
                     "Internal error: invalid SQL identifier");
  }
  Ident ident;
  ident.size_ = static_cast<uint8_t>(name.size());
  for (size_t i = 0; i < name.size(); ++i) ident.chars_[i] = name[i];
  return ident;
}

Cond Compare(Ident column, Op op, Value value) {
  const bool is_null = std::holds_alternative<std::monostate>(value);
  if (is_null && op == Op::kEq) return IsNull(column);
  if (is_null && op == Op::kNe) return IsNotNull(column);
  Cond c(Cond::Kind::kCompare, column.name(), {std::move(value)});
  c.op_ = op;
  return c;
}

Cond In(Ident column, std::vector<Value> values) {
  return Cond(Cond::Kind::kIn, column.name(), std::move(values));
}

Cond IsNull(Ident column) { return Cond(Cond::Kind::kIsNull, column.name()); }

Cond IsNotNull(Ident column) { return Cond(Cond::Kind::kIsNotNull, column.name()); }

Cond Like(Ident column, std::string_view text, Match match) {
  // Built front to back: GCC 12 at -O3 reports a false -Wrestrict for string::insert at 0.
  std::string pattern = (match == Match::kContains || match == Match::kSuffix) ? "%" : "";
  pattern += EscapeLike(text);
  if (match == Match::kContains || match == Match::kPrefix) pattern += '%';
  return Cond(Cond::Kind::kLike, column.name(), {Value{std::move(pattern)}});
}

Cond And(std::vector<Cond> conds) { return Cond(Cond::Kind::kAnd, "", {}, std::move(conds)); }

Cond Or(std::vector<Cond> conds) { return Cond(Cond::Kind::kOr, "", {}, std::move(conds)); }

Cond Not(Cond cond) { return Cond(Cond::Kind::kNot, "", {}, {std::move(cond)}); }

Cond After(const std::vector<SortKey>& keys, const std::vector<Value>& values) {
  if (keys.empty() || keys.size() != values.size()) {
    log::Error("db.keyset_mismatch", {{"keys", keys.size()}, {"values", values.size()}});
    return Or({});
  }
  // Row r comes after the cursor when, for some i, r equals the cursor on keys[0..i) and is beyond
  // it on keys[i].
  std::vector<Cond> alternatives;
  for (size_t key_idx = 0; key_idx < keys.size(); ++key_idx) {
    std::vector<Cond> terms;
    for (size_t prefix_idx = 0; prefix_idx < key_idx; ++prefix_idx) {
      terms.push_back(Compare(keys[prefix_idx].column, Op::kEq, values[prefix_idx]));
    }
    const Op beyond = keys[key_idx].order == Order::kAsc ? Op::kGt : Op::kLt;
    terms.push_back(Compare(keys[key_idx].column, beyond, values[key_idx]));
    alternatives.push_back(terms.size() == 1 ? std::move(terms[0]) : And(std::move(terms)));
  }
  return alternatives.size() == 1 ? std::move(alternatives[0]) : Or(std::move(alternatives));
}

bool Cond::IsComposite() const {
  return (kind_ == Kind::kAnd || kind_ == Kind::kOr) && children_.size() > 1;
}

void Cond::Render(Dialect dialect, std::string& sql, Params& params) const {
  switch (kind_) {
    case Kind::kCompare:
      AppendIdent(sql, column_);
      sql += ' ';
      sql += OpSql(op_);
      sql += " ?";
      params.Add(values_[0]);
      return;
    case Kind::kIn:
      if (values_.empty()) {
        sql += "1 = 0";
        return;
      }
      AppendIdent(sql, column_);
      sql += " IN (";
      for (size_t i = 0; i < values_.size(); ++i) {
        sql += i == 0 ? "?" : ", ?";
        params.Add(values_[i]);
      }
      sql += ')';
      return;
    case Kind::kIsNull:
    case Kind::kIsNotNull:
      AppendIdent(sql, column_);
      sql += kind_ == Kind::kIsNull ? " IS NULL" : " IS NOT NULL";
      return;
    case Kind::kLike:
      AppendIdent(sql, column_);
      sql += dialect == Dialect::kPostgres ? " ILIKE ? ESCAPE '\\'" : " LIKE ? ESCAPE '\\'";
      params.Add(values_[0]);
      return;
    case Kind::kAnd:
    case Kind::kOr:
      if (children_.empty()) {
        sql += kind_ == Kind::kAnd ? "1 = 1" : "1 = 0";
        return;
      }
      for (size_t i = 0; i < children_.size(); ++i) {
        if (i > 0) sql += kind_ == Kind::kAnd ? " AND " : " OR ";
        const bool parens = children_[i].IsComposite();
        if (parens) sql += '(';
        children_[i].Render(dialect, sql, params);
        if (parens) sql += ')';
      }
      return;
    case Kind::kNot:
      sql += "NOT (";
      children_[0].Render(dialect, sql, params);
      sql += ')';
      return;
  }
}

Select& Select::Columns(std::vector<Ident> columns) {
  columns_ = std::move(columns);
  return *this;
}

Select& Select::Count() {
  count_ = true;
  return *this;
}

Select& Select::Where(Cond cond) {
  where_.push_back(std::move(cond));
  return *this;
}

Select& Select::OrderBy(Ident column, Order order) {
  order_.emplace_back(column, order);
  return *this;
}

Select& Select::OrderBy(const std::vector<SortKey>& keys) {
  order_.insert(order_.end(), keys.begin(), keys.end());
  return *this;
}

Select& Select::Limit(int64_t n) {
  limit_ = n;
  return *this;
}

Select& Select::ForUpdate() {
  for_update_ = true;
  return *this;
}

Statement Select::Build(Dialect dialect) const {
  Statement s;
  s.sql = "SELECT ";
  if (count_) {
    s.sql += "COUNT(*)";
  } else if (columns_.empty()) {
    s.sql += '*';
  } else {
    AppendIdentList(s.sql, columns_);
  }
  s.sql += " FROM ";
  AppendIdent(s.sql, table_.name());
  AppendWhere(dialect, where_, s.sql, s.params);
  for (size_t i = 0; i < order_.size(); ++i) {
    s.sql += i == 0 ? " ORDER BY " : ", ";
    AppendIdent(s.sql, order_[i].column.name());
    if (order_[i].order == Order::kDesc) s.sql += " DESC";
  }
  if (limit_) {
    s.sql += " LIMIT ?";
    s.params.Add(Value{*limit_});
  }
  if (for_update_ && dialect == Dialect::kPostgres) s.sql += " FOR UPDATE";
  return s;
}

Insert& Insert::SetValue(Ident column, Value v) {
  columns_.push_back(column);
  values_.push_back(std::move(v));
  return *this;
}

Insert& Insert::Returning(Ident column) {
  returning_.push_back(column);
  return *this;
}

Statement Insert::Build(Dialect) const {
  Statement s;
  s.sql = "INSERT INTO ";
  AppendIdent(s.sql, table_.name());
  if (columns_.empty()) {
    s.sql += " DEFAULT VALUES";
  } else {
    s.sql += " (";
    AppendIdentList(s.sql, columns_);
    s.sql += ") VALUES (";
    for (size_t i = 0; i < values_.size(); ++i) {
      s.sql += i == 0 ? "?" : ", ?";
      s.params.Add(values_[i]);
    }
    s.sql += ')';
  }
  AppendReturning(returning_, s.sql);
  return s;
}

Update& Update::SetValue(Ident column, Value v) {
  set_.push_back({column, std::move(v), false});
  return *this;
}

Update& Update::Increment(Ident column, int64_t by) {
  set_.push_back({column, Value{by}, true});
  return *this;
}

Update& Update::Where(Cond cond) {
  where_.push_back(std::move(cond));
  return *this;
}

Update& Update::Returning(Ident column) {
  returning_.push_back(column);
  return *this;
}

Statement Update::Build(Dialect dialect) const {
  Statement s;
  s.sql = "UPDATE ";
  AppendIdent(s.sql, table_.name());
  for (size_t i = 0; i < set_.size(); ++i) {
    s.sql += i == 0 ? " SET " : ", ";
    AppendIdent(s.sql, set_[i].column.name());
    s.sql += " = ";
    if (set_[i].increment) {
      AppendIdent(s.sql, set_[i].column.name());
      s.sql += " + ";
    }
    s.sql += '?';
    s.params.Add(set_[i].value);
  }
  AppendWhere(dialect, where_, s.sql, s.params);
  AppendReturning(returning_, s.sql);
  return s;
}

Delete& Delete::Where(Cond cond) {
  where_.push_back(std::move(cond));
  return *this;
}

Statement Delete::Build(Dialect dialect) const {
  Statement s;
  s.sql = "DELETE FROM ";
  AppendIdent(s.sql, table_.name());
  AppendWhere(dialect, where_, s.sql, s.params);
  return s;
}

}  // namespace peony::storage::query
