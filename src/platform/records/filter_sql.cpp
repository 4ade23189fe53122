// The SQL back end of the filter language (see filter.h): renders a bound tree with bound values.
// Identifiers come from the catalog only (validated names); every value is a parameter.
#include <algorithm>
#include <set>
#include <vector>

#include "common/strings.h"
#include "platform/records/codec.h"
#include "platform/records/filter.h"
#include "platform/schema/ddl.h"
#include "storage/query/query.h"

namespace peony::records::internal {
namespace {

using schema::FieldLayout;

std::string Q(const std::string& ident) { return "\"" + ident + "\""; }

const char* Comparison(const std::string& op) {
  if (op == "eq") return " = ";
  if (op == "ne") return " <> ";
  if (op == "lt") return " < ";
  if (op == "lte") return " <= ";
  if (op == "gt") return " > ";
  if (op == "gte") return " >= ";
  return nullptr;
}

struct Renderer {
  const storage::crypto::KeyRing& keys;
  storage::Dialect dialect;
  std::string& sql;
  storage::Params& params;

  void Node(const FilterNode& n);
  void Leaf(const FilterLeaf& leaf, const std::string& alias);
  void ValueTableLeaf(const FilterLeaf& leaf, const std::string& alias);
  void Like(const FilterLeaf& leaf, const std::string& col, const std::string& column_name);
};

void Renderer::Node(const FilterNode& n) {
  switch (n.kind) {
    case FilterNode::Kind::kAnd:
    case FilterNode::Kind::kOr: {
      const bool is_and = n.kind == FilterNode::Kind::kAnd;
      if (n.children.empty()) {
        sql += is_and ? "1 = 1" : "1 = 0";
        return;
      }
      sql += "(";
      for (size_t i = 0; i < n.children.size(); ++i) {
        if (i > 0) sql += is_and ? " AND " : " OR ";
        Node(n.children[i]);
      }
      sql += ")";
      return;
    }
    case FilterNode::Kind::kNot:
      sql += "NOT (";
      Node(n.children.front());
      sql += ")";
      return;
    case FilterNode::Kind::kLeaf:
      if (n.leaf.via) {
        // The related records that match, one level deep.
        sql += "t." + Q(n.leaf.via->column) + " IN (SELECT r.id FROM " + Q(n.leaf.entity->table) +
               " r WHERE r.deleted_at IS NULL AND ";
        Leaf(n.leaf, "r");
        sql += ")";
        return;
      }
      Leaf(n.leaf, "t");
      return;
  }
}

void Renderer::Leaf(const FilterLeaf& leaf, const std::string& alias) {
  const std::string& op = leaf.op;
  const bool sensitive = leaf.field && schema::LayoutOf(*leaf.field) == FieldLayout::kSensitive;
  if (leaf.field && schema::LayoutOf(*leaf.field) == FieldLayout::kValueTable) {
    ValueTableLeaf(leaf, alias);
    return;
  }
  const std::string column_name = !leaf.field ? leaf.system
                                  : sensitive ? "b_" + leaf.field->name
                                              : leaf.field->column;
  const std::string col = alias + "." + (leaf.field ? Q(column_name) : column_name);
  // Sensitive values are compared through their blind index.
  auto bind = [&](const storage::Value& v) {
    if (!sensitive) {
      params.Add(v);
      return;
    }
    const auto* s = std::get_if<std::string>(&v);
    params.Add(storage::crypto::BlindIndex(keys, leaf.entity->name + "." + leaf.field->name,
                                           s ? *s : std::string()));
  };
  const bool text =
      leaf.field && (sensitive || schema::ColumnKindOf(*leaf.field) == schema::StorageKind::kText);
  if (op == "is_empty") {
    sql += text ? "(" + col + " IS NULL OR " + col + " = '')" : col + " IS NULL";
    return;
  }
  if (op == "not_empty") {
    sql += text ? "(" + col + " IS NOT NULL AND " + col + " <> '')" : col + " IS NOT NULL";
    return;
  }
  if (const char* cmp = Comparison(op)) {
    sql += col + cmp + "?";
    bind(leaf.values.at(0));
    return;
  }
  if (op == "between") {
    sql += "(" + col + " >= ? AND " + col + " <= ?)";
    bind(leaf.values.at(0));
    bind(leaf.values.at(1));
    return;
  }
  if (op == "in" || op == "not_in") {
    sql += col + (op == "in" ? " IN (" : " NOT IN (");
    for (size_t i = 0; i < leaf.values.size(); ++i) {
      sql += i == 0 ? "?" : ", ?";
      bind(leaf.values[i]);
    }
    sql += ")";
    return;
  }
  Like(leaf, col, column_name);
}

void Renderer::Like(const FilterLeaf& leaf, const std::string& col,
                    const std::string& column_name) {
  const std::string& op = leaf.op;
  const auto* text = std::get_if<std::string>(&leaf.values.at(0));
  auto ident = storage::query::Ident::Trusted(column_name);
  if (!ident.ok() || !text) {  // catalog names always pass; refuse rather than render
    sql += "1 = 0";
    return;
  }
  auto cond = storage::query::Like(
      *ident, *text,
      op == "starts_with" ? storage::query::Match::kPrefix : storage::query::Match::kContains);
  if (op == "not_contains") sql += "(" + col + " IS NULL OR NOT ";
  std::string like;
  cond.Render(dialect, like, params);
  // The builder renders the bare column; qualify it with the alias.
  const std::string bare = Q(std::string(ident->name()));
  if (const auto pos = like.find(bare); pos != std::string::npos) {
    like.replace(pos, bare.size(), col);
  }
  sql += like;
  if (op == "not_contains") sql += ")";
}

void Renderer::ValueTableLeaf(const FilterLeaf& leaf, const std::string& alias) {
  const std::string child = Q(ChildTable(*leaf.entity, *leaf.field));
  const std::string& op = leaf.op;
  if (op == "is_empty" || op == "not_empty") {
    sql += std::string(op == "is_empty" ? "NOT " : "") + "EXISTS (SELECT 1 FROM " + child +
           " c WHERE c.record_id = " + alias + ".id)";
    return;
  }
  sql += std::string(op == "not_contains" ? "NOT " : "") + "EXISTS (SELECT 1 FROM " + child +
         " c WHERE c.record_id = " + alias + ".id AND c.value IN (";
  for (size_t i = 0; i < leaf.values.size(); ++i) {
    sql += i == 0 ? "?" : ", ?";
    params.Add(leaf.values[i]);
  }
  sql += "))";
}

}  // namespace

void AppendFilter(const FilterNode& root, const storage::crypto::KeyRing& keys,
                  storage::Dialect dialect, std::string& sql, storage::Params& params) {
  Renderer r{keys, dialect, sql, params};
  sql += " AND (";
  r.Node(root);
  sql += ")";
}

Status AppendFilter(const schema::Catalog& catalog, const schema::EntityDef& e,
                    const boost::json::value& filter, const storage::crypto::KeyRing& keys,
                    storage::Dialect dialect, std::string& sql, storage::Params& params) {
  PEONY_TRY(auto root, BindFilter(e, filter, BindOptions{&catalog, nullptr}));
  AppendFilter(root, keys, dialect, sql, params);
  return Ok();
}

namespace {

// One whitespace-separated term of a search: the grams that must all be indexed for a record, and
// for terms of three or more characters the LIKE pattern that confirms them in the search text.
struct SearchTerm {
  std::set<std::string> grams;
  std::string pattern;  // empty: the grams are enough
};

std::vector<SearchTerm> SearchTerms(std::string_view q) {
  std::vector<SearchTerm> terms;
  size_t start = 0;
  while (start < q.size()) {
    const size_t end = std::min(q.find(' ', start), q.size());
    const std::string term = Fold(q.substr(start, end - start));
    start = end + 1;
    if (term.empty()) continue;
    SearchTerm t;
    const size_t length = Utf8Length(term);
    for (const auto& g : Grams(term)) {
      if (length <= 2 ? Utf8Length(g) == length : Utf8Length(g) == 2) t.grams.insert(g);
    }
    if (t.grams.empty()) continue;
    if (length >= 3) {
      t.pattern = "%";
      for (char c : term) {
        if (c == '%' || c == '_' || c == '\\') t.pattern += '\\';
        t.pattern += c;
      }
      t.pattern += "%";
    }
    terms.push_back(std::move(t));
  }
  return terms;
}

void AppendPattern(const SearchTerm& t, std::string& sql, storage::Params& params) {
  if (t.pattern.empty()) return;
  sql += " AND t.search_text LIKE ? ESCAPE '\\'";
  params.Add(t.pattern);
}

}  // namespace

void AppendSearch(const schema::EntityDef& e, std::string_view q, std::string& sql,
                  storage::Params& params) {
  // Each term must occur. Grams narrow the rows through the index; terms of three or more
  // characters are confirmed against the folded search text.
  for (const auto& t : SearchTerms(q)) {
    sql += " AND t.id IN (SELECT record_id FROM " + Q(GramTable(e)) + " WHERE gram IN (";
    bool first = true;
    for (const auto& g : t.grams) {
      sql += first ? "?" : ", ?";
      first = false;
      params.Add(g);
    }
    sql += ") GROUP BY record_id HAVING COUNT(*) = ?)";
    params.Add(static_cast<int64_t>(t.grams.size()));
    AppendPattern(t, sql, params);
  }
}

namespace {

// A two-character gram is far rarer than a single character, so the first term of two characters
// or more leads (a one-character term only when there is no other).
const std::string& DrivingGram(const std::vector<SearchTerm>& terms) {
  const auto it = std::max_element(terms.begin(), terms.end(), [](const auto& a, const auto& b) {
    return Utf8Length(*a.grams.begin()) < Utf8Length(*b.grams.begin());
  });
  return *it->grams.begin();
}

// Every gram of every term looked up for the row at hand through the (gram, record_id) key, but
// `skip` (the driving gram, already joined), plus the patterns.
void AppendProbes(const schema::EntityDef& e, const std::vector<SearchTerm>& terms,
                  const std::string* skip, std::string& sql, storage::Params& params) {
  const std::string grams = Q(GramTable(e));
  for (const auto& t : terms) {
    for (const auto& g : t.grams) {
      if (skip && &g == skip) continue;
      sql += " AND EXISTS (SELECT 1 FROM " + grams + " x WHERE x.gram = ? AND x.record_id = t.id)";
      params.Add(g);
    }
    AppendPattern(t, sql, params);
  }
}

}  // namespace

bool AppendDrivenSearch(const schema::EntityDef& e, std::string_view q, storage::Dialect dialect,
                        std::string& from, std::string& sql, storage::Params& params) {
  const auto terms = SearchTerms(q);
  if (terms.empty()) return false;
  const std::string& driver = DrivingGram(terms);
  // SQLite takes the tables in the order written after CROSS JOIN.
  from = " FROM " + Q(GramTable(e)) + " g" +
         (dialect == storage::Dialect::kSqlite ? " CROSS JOIN " : " JOIN ") + Q(e.table) +
         " t ON t.id = g.record_id";
  sql += " AND g.gram = ?";
  params.Add(driver);
  AppendProbes(e, terms, &driver, sql, params);
  return true;
}

std::string SearchDriver(std::string_view q) {
  const auto terms = SearchTerms(q);
  return terms.empty() ? "" : DrivingGram(terms);
}

void AppendProbedSearch(const schema::EntityDef& e, std::string_view q, std::string& sql,
                        storage::Params& params) {
  AppendProbes(e, SearchTerms(q), nullptr, sql, params);
}

}  // namespace peony::records::internal
