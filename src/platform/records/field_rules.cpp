#include "platform/records/field_rules.h"

#include "platform/records/field_access.h"
#include "platform/records/filter.h"
#include "platform/records/match.h"

namespace peony::records {
namespace {

constexpr const char* kRules[] = {"visible_if", "editable_if"};

bool Names(const internal::FilterNode& n, const std::string& field) {
  if (n.kind == internal::FilterNode::Kind::kLeaf) return n.leaf.name == field;
  for (const auto& c : n.children) {
    if (Names(c, field)) return true;
  }
  return false;
}

}  // namespace

Status CheckFieldOptions(const std::string& entity, const std::vector<schema::FieldDef>& fields,
                         const schema::FieldDef& f) {
  schema::EntityDef e;
  e.name = entity;
  e.fields = fields;
  if (const auto* access = f.options.if_contains("access")) {
    PEONY_CHECK(internal::CheckAccessOption(*access));
  }
  for (const char* option : kRules) {
    const auto* rule = f.options.if_contains(option);
    if (!rule) continue;
    auto bound = internal::BindFilter(e, *rule, {});
    if (!bound.ok()) {
      const auto* reason = bound.error().details.is_object()
                               ? bound.error().details.as_object().if_contains("reason")
                               : nullptr;
      const std::string en = reason && reason->is_string() ? std::string(reason->as_string())
                                                           : bound.error().message_en;
      auto err =
          schema::InvalidOption(option, bound.error().message_zh, "invalid condition: " + en);
      err.details.as_object()["reason"] = en;
      return err;
    }
    if (Names(*bound, f.name)) {
      return schema::InvalidOption(option, "条件不能引用字段自身",
                                   "the condition cannot depend on the field itself");
    }
  }
  return Ok();
}

namespace internal {

FieldStates EvaluateFieldRules(const schema::EntityDef& e, const boost::json::object& record) {
  FieldStates out;
  for (const auto& f : e.fields) {
    if (f.retired) continue;
    for (const char* option : kRules) {
      const auto* rule = f.options.if_contains(option);
      if (!rule) continue;
      auto bound = BindFilter(e, *rule, {});
      if (!bound.ok() || Matches(*bound, record)) continue;
      (std::string_view(option) == "visible_if" ? out.invisible : out.locked).insert(f.name);
    }
  }
  return out;
}

}  // namespace internal
}  // namespace peony::records
