#include "platform/schema/option_check.h"

#include "platform/schema/ddl.h"
#include "platform/schema/types/sub_form.h"

namespace peony::schema {
namespace {

constexpr std::string_view kRollupNumbers[] = {"number",  "integer", "money",
                                               "percent", "rating",  "duration"};

std::string NameOf(const FieldDef& f, std::string_view key) {
  const auto* v = f.options.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

const FieldDef* Active(const std::vector<FieldDef>& fields, const std::string& name) {
  for (const auto& f : fields) {
    if (f.name == name && !f.retired) return &f;
  }
  return nullptr;
}

// The fields of entity `name`: the one being defined (`fields`) or one in the catalog.
const std::vector<FieldDef>* FieldsOf(const Catalog& catalog, const std::string& entity,
                                      const std::vector<FieldDef>& fields,
                                      const std::string& name) {
  if (name == entity) return &fields;
  const EntityDef* e = catalog.Find(name);
  return e ? &e->fields : nullptr;
}

bool Stored(const FieldDef& f) {
  const auto layout = LayoutOf(f);
  return layout == FieldLayout::kColumn || layout == FieldLayout::kSensitive;
}

Status CheckLookup(const Catalog& catalog, const std::string& entity,
                   const std::vector<FieldDef>& fields, const FieldDef& f) {
  const FieldDef* relation = Active(fields, NameOf(f, "relation"));
  if (!relation || relation->type != "relation") {
    return InvalidOption("relation", "本表单没有这个关联字段",
                         "This entity has no such relation field");
  }
  const auto* target = FieldsOf(catalog, entity, fields, NameOf(*relation, "target"));
  if (!target) {
    return InvalidOption("relation", "关联的表单不存在", "The related entity does not exist");
  }
  const FieldDef* shown = Active(*target, NameOf(f, "field"));
  if (!shown) {
    return InvalidOption("field", "关联的表单没有这个字段", "The related entity has no such field");
  }
  if (!Stored(*shown) || shown->type == "lookup" || shown->type == "rollup") {
    return InvalidOption("field", "只能引用单值字段（不能是子表单、多选、引用或汇总）",
                         "Only a single-valued field can be looked up (no sub-form, multi-valued "
                         "field, lookup or rollup)");
  }
  return Ok();
}

Status CheckRollup(const Catalog& catalog, const std::string& entity,
                   const std::vector<FieldDef>& fields, const FieldDef& f) {
  const std::string function = NameOf(f, "function");
  const std::string field = NameOf(f, "field");
  if (f.options.contains("sub_form")) {
    const FieldDef* sub = Active(fields, NameOf(f, "sub_form"));
    if (!sub || sub->type != "sub_form") {
      return InvalidOption("sub_form", "本表单没有这个子表单", "This entity has no such sub-form");
    }
    if (field.empty() && function == "count") return Ok();
    for (const auto& column : SubFormFields(sub->options)) {
      if (column.name != field) continue;
      if (!IsRollupNumber(column.type)) break;
      return Ok();
    }
    return InvalidOption("field", "子表单没有这个数字字段",
                         "The sub-form has no such number field");
  }
  const std::string other = NameOf(f, "entity");
  const auto* other_fields = FieldsOf(catalog, entity, fields, other);
  if (!other_fields) {
    return InvalidOption("entity", "没有这个表单", "No such entity");
  }
  const FieldDef* relation = Active(*other_fields, NameOf(f, "relation"));
  if (!relation || relation->type != "relation" || NameOf(*relation, "target") != entity) {
    return InvalidOption("relation", "该表单没有关联到本表单的这个字段",
                         "That entity has no such relation field pointing here");
  }
  if (field.empty() && function == "count") return Ok();
  const FieldDef* summed = Active(*other_fields, field);
  if (!summed || !IsRollupNumber(summed->type) || LayoutOf(*summed) != FieldLayout::kColumn) {
    return InvalidOption("field", "该表单没有这个数字字段（不能是敏感字段）",
                         "That entity has no such number field (sensitive fields excluded)");
  }
  return Ok();
}

}  // namespace

bool IsRollupNumber(std::string_view type) {
  for (auto t : kRollupNumbers) {
    if (t == type) return true;
  }
  return false;
}

Status CheckDefault(const FieldDef& f) {
  const auto* value = f.options.if_contains("default");
  if (!value) return Ok();
  const FieldType* type = FindFieldType(f);
  if (!type) return Ok();  // the caller reports the unknown type
  if (type->computed()) {
    return InvalidOption("default", "计算得出的字段没有默认值", "A computed field has no default");
  }
  if (value->is_string()) {
    const std::string_view s = value->get_string();
    if ((f.type == "date" || f.type == "datetime") && (s == "today" || s == "now")) return Ok();
    if (type->reference() == Reference::kUser && s == "me") return Ok();
  }
  FieldDef probe = f;
  probe.options.erase("default");
  auto stored = type->Normalize(probe, *value, NormalizeContext{});
  if (!stored.ok()) {
    return InvalidOption("default", "默认值不符合字段类型：" + stored.error().message_zh,
                         "the default does not fit the field: " + stored.error().message_en);
  }
  if (std::holds_alternative<std::monostate>(*stored)) {
    return InvalidOption("default", "默认值不能为空", "A default cannot be blank");
  }
  return Ok();
}

Status CheckComputedRefs(const Catalog& catalog, const std::string& entity,
                         const std::vector<FieldDef>& fields, const FieldDef& f) {
  if (f.type == "lookup") return CheckLookup(catalog, entity, fields, f);
  if (f.type == "rollup") return CheckRollup(catalog, entity, fields, f);
  return Ok();
}

}  // namespace peony::schema
