#include "platform/schema/formula_check.h"

#include <boost/json/array.hpp>
#include <string_view>

#include "platform/formula/dependencies.h"
#include "platform/formula/value.h"
#include "platform/schema/errors.h"
#include "platform/schema/types/sub_form.h"

namespace peony::schema {
namespace {

using formula::ValueType;

struct TypeMap {
  std::string_view type;
  ValueType value;
};

// Field types whose stored value a formula reads directly.
constexpr TypeMap kTypes[] = {
    {"text", ValueType::kText},           {"textarea", ValueType::kText},
    {"rich_text", ValueType::kText},      {"url", ValueType::kText},
    {"color", ValueType::kText},          {"barcode", ValueType::kText},
    {"phone", ValueType::kText},          {"email", ValueType::kText},
    {"id_card", ValueType::kText},        {"select", ValueType::kText},
    {"radio", ValueType::kText},          {"serial", ValueType::kText},
    {"time", ValueType::kText},           {"year_month", ValueType::kText},
    {"number", ValueType::kNumber},       {"integer", ValueType::kNumber},
    {"percent", ValueType::kNumber},      {"rating", ValueType::kNumber},
    {"duration", ValueType::kNumber},     {"money", ValueType::kMoney},
    {"switch", ValueType::kBoolean},      {"date", ValueType::kDate},
    {"datetime", ValueType::kDateTime},   {"created_at", ValueType::kDateTime},
    {"updated_at", ValueType::kDateTime},
};

std::string_view ResultTypeName(const FieldDef& f) {
  const auto* r = f.options.if_contains("result_type");
  return r && r->is_string() ? std::string_view(r->get_string()) : std::string_view("number");
}

std::string_view Expression(const FieldDef& f) {
  const auto* e = f.options.if_contains("expression");
  return e && e->is_string() ? std::string_view(e->get_string()) : std::string_view();
}

formula::FieldInfo InfoOf(const FieldDef& f, ValueType type) {
  formula::FieldInfo info;
  info.name = f.name;
  info.label = f.label;
  info.type = type;
  return info;
}

}  // namespace

std::optional<ValueType> FormulaTypeOf(const FieldDef& f) {
  if (f.type == "formula") return DeclaredResultType(f);
  for (const auto& m : kTypes) {
    if (m.type == f.type) return m.value;
  }
  return std::nullopt;
}

ValueType DeclaredResultType(const FieldDef& f) {
  const std::string_view r = ResultTypeName(f);
  if (r == "text") return ValueType::kText;
  if (r == "date") return ValueType::kDate;
  if (r == "boolean") return ValueType::kBoolean;
  return ValueType::kNumber;
}

formula::FieldList FormulaSymbols(const std::vector<FieldDef>& fields, bool include_retired) {
  std::vector<formula::FieldInfo> infos;
  for (const auto& f : fields) {
    if (f.retired && !include_retired) continue;
    if (f.type == "sub_form") {
      formula::FieldInfo info = InfoOf(f, ValueType::kBlank);
      info.is_subform = true;
      for (const auto& column : SubFormFields(f.options)) {
        if (auto t = FormulaTypeOf(column)) info.columns.push_back(InfoOf(column, *t));
      }
      infos.push_back(std::move(info));
      continue;
    }
    if (auto t = FormulaTypeOf(f)) infos.push_back(InfoOf(f, *t));
  }
  return formula::FieldList(std::move(infos));
}

Result<formula::BoundFormula> CompileFormulaField(const FieldDef& f,
                                                  const formula::Symbols& symbols) {
  auto bound = formula::Compile(Expression(f), symbols);
  if (!bound.ok()) {
    const Error& e = bound.error();
    int64_t position = 1;
    if (e.details.is_object()) {
      if (const auto* p = e.details.as_object().if_contains("position"); p && p->is_int64()) {
        position = p->as_int64();
      } else if (p && p->is_uint64()) {
        position = static_cast<int64_t>(p->as_uint64());
      }
    }
    return errors::InvalidFormula(f.name, position, e.code, e.message_zh, e.message_en);
  }
  const ValueType declared = DeclaredResultType(f);
  if (bound->result_type != ValueType::kBlank && bound->result_type != declared) {
    const std::string got_zh(formula::TypeName(bound->result_type, false));
    const std::string got_en(formula::TypeName(bound->result_type, true));
    const std::string want_zh(formula::TypeName(declared, false));
    const std::string want_en(formula::TypeName(declared, true));
    return errors::InvalidFormula(
        f.name, 1, "formula.result_type",
        "公式的结果是" + got_zh + "，但字段的结果类型是" + want_zh,
        "the formula gives a " + got_en + " but the field's result type is " + want_en);
  }
  return std::move(bound).value();
}

Status CheckFormulas(const std::vector<FieldDef>& before, const std::vector<FieldDef>& after) {
  const formula::FieldList symbols_after = FormulaSymbols(after, false);
  const formula::FieldList symbols_before = FormulaSymbols(before, false);
  formula::DependencyGraph graph;
  for (const auto& f : after) {
    if (f.retired || f.type != "formula") continue;
    auto bound = CompileFormulaField(f, symbols_after);
    if (!bound.ok()) {
      const FieldDef* old = nullptr;
      for (const auto& b : before) {
        if (b.name == f.name) old = &b;
      }
      // A formula that was already broken (a field it reads was retired) does not block changes
      // to other fields; it evaluates to blank until it is fixed.
      const bool must_bind = !old || old->retired || old->options != f.options ||
                             old->label != f.label ||
                             CompileFormulaField(*old, symbols_before).ok();
      if (must_bind) return std::move(bound).error();
      continue;
    }
    graph[f.name] = bound->dependencies;
  }
  if (auto cycle = formula::DetectCycle(graph)) {
    boost::json::array path;
    for (const auto& name : *cycle) path.emplace_back(name);
    return errors::FormulaCycle(std::move(path));
  }
  return Ok();
}

}  // namespace peony::schema
