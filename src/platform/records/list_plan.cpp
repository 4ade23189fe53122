#include "platform/records/list_plan.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "platform/schema/ddl.h"
#include "platform/schema/indexes.h"

namespace peony::records::internal {
namespace {

// Whether one condition alone narrows the rows so far that its index beats an ordered walk.
bool Selective(const FilterLeaf& leaf, const schema::FieldDef* sort_field) {
  if (leaf.via) return true;  // a relation path: a sub-select on the related records
  if (!leaf.field) {
    return leaf.system == "id" || leaf.system == "owner_id" || leaf.system == "created_by" ||
           leaf.system == "updated_by";
  }
  const schema::FieldDef& f = *leaf.field;
  if (&f == sort_field) return false;  // the walk itself uses this index
  const bool exact = leaf.op == "eq" || leaf.op == "in";
  if (!exact) return false;
  if (f.unique || f.sensitive) return true;
  const schema::FieldType* t = schema::FindFieldType(f);
  if (t && t->reference() != schema::Reference::kNone) return true;
  // Choices and switches have few values: an exact match still leaves many rows.
  const bool few_values = f.type == "select" || f.type == "radio" || f.type == "switch" ||
                          f.type == "rating" || f.type == "multi_select" || f.type == "tags";
  return schema::HasColumnIndex(f) && !few_values;
}

// An exact match on a reference field that has its own index.
bool IndexedReference(const FilterLeaf& leaf) {
  if (leaf.via || !leaf.field || leaf.op != "eq" || leaf.field->retired) return false;
  const schema::FieldType* t = schema::FindFieldType(leaf.field->type);
  return t && t->reference() != schema::Reference::kNone && schema::HasColumnIndex(*leaf.field);
}

}  // namespace

std::string EqualityIndexHint(const schema::EntityDef& e, const FilterNode* filter) {
  if (!filter) return "";
  if (filter->kind == FilterNode::Kind::kLeaf) {
    return IndexedReference(filter->leaf) ? schema::ColumnIndexName(e, *filter->leaf.field) : "";
  }
  if (filter->kind != FilterNode::Kind::kAnd) return "";
  for (const auto& child : filter->children) {
    if (child.kind == FilterNode::Kind::kLeaf && IndexedReference(child.leaf)) {
      return schema::ColumnIndexName(e, *child.leaf.field);
    }
  }
  return "";
}

std::string SortIndexHint(const schema::EntityDef& e, const std::string& sort_field,
                          const FilterNode* filter, bool searching) {
  if (searching || sort_field.empty()) return "";
  // updated_at is a system column with an index of its own; fields need theirs.
  const bool updated = sort_field == "updated_at";
  const schema::FieldDef* f = updated ? nullptr : e.FindField(sort_field);
  if (!updated && (!f || f->retired || !schema::HasColumnIndex(*f))) return "";
  if (filter) {
    if (filter->kind == FilterNode::Kind::kLeaf && Selective(filter->leaf, f)) return "";
    if (filter->kind == FilterNode::Kind::kAnd) {
      for (const auto& child : filter->children) {
        if (child.kind == FilterNode::Kind::kLeaf && Selective(child.leaf, f)) return "";
      }
    }
  }
  return updated ? schema::UpdatedIndexName(e) : schema::ColumnIndexName(e, *f);
}

std::string CompoundIndexHint(const schema::EntityDef& e, const std::string& sort_field,
                              const FilterNode* filter, bool searching) {
  if (searching || !filter) return "";
  std::set<std::string> exact;  // fields the top-level AND matches with one value
  auto note = [&](const FilterNode& n) {
    const FilterLeaf& leaf = n.leaf;
    if (n.kind == FilterNode::Kind::kLeaf && leaf.field && !leaf.via && leaf.op == "eq" &&
        leaf.values.size() == 1) {
      exact.insert(leaf.field->name);
    }
  };
  if (filter->kind == FilterNode::Kind::kAnd) {
    for (const auto& child : filter->children) note(child);
  } else {
    note(*filter);
  }
  std::string best;
  size_t best_matched = 0;
  for (const auto& index : schema::CompoundIndexesOf(e)) {
    size_t matched = 0;
    while (matched < index.fields.size() && exact.contains(index.fields[matched])) ++matched;
    if (matched == 0) continue;
    const bool ordered =
        matched < index.fields.size() ? index.fields[matched] == sort_field : sort_field.empty();
    if (ordered && matched > best_matched) {
      best = index.name;
      best_matched = matched;
    }
  }
  return best;
}

Result<bool> CommonGram(storage::Conn& c, const schema::EntityDef& e, const std::string& gram) {
  PEONY_TRY(auto top, c.Query("SELECT MAX(id) FROM \"" + e.table + "\""));
  const int64_t rows = top.empty() || top.IsNull(0, 0) ? 0 : top.Int(0, 0);
  const auto bound =
      std::max<int64_t>(100, static_cast<int64_t>(std::sqrt(30.0 * static_cast<double>(rows))));
  PEONY_TRY(auto found, c.Query("SELECT COUNT(*) FROM (SELECT 1 FROM \"" + schema::GramTable(e) +
                                    "\" WHERE gram = ? LIMIT ?) s",
                                {gram, bound}));
  return found.Int(0, 0) >= bound;
}

}  // namespace peony::records::internal
