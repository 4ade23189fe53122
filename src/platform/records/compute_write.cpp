// Defaults, serial numbers and formulas on save (see compute.h).
#include <boost/json/parse.hpp>

#include "common/log.h"
#include "platform/formula/formula.h"
#include "platform/records/compute.h"
#include "platform/schema/ddl.h"
#include "platform/schema/formula_check.h"
#include "platform/schema/types/serial.h"
#include "platform/schema/types/sub_form.h"
#include "platform/schema/types/support.h"

namespace peony::records::internal {
namespace {

using formula::ValueType;
using schema::FieldDef;

constexpr std::string_view kDefaultZone = "Asia/Shanghai";

// One API JSON value as the formula engine reads a field of type `t`. A value of another shape
// reads as blank, so the evaluator never sees a value of the wrong type.
formula::Value FromJson(const boost::json::value& v, ValueType t) {
  switch (t) {
    case ValueType::kNumber:
    case ValueType::kMoney:
      if (v.is_number()) return v.to_number<double>();
      return formula::Blank{};
    case ValueType::kText:
      if (v.is_string()) return std::string(v.get_string());
      return formula::Blank{};
    case ValueType::kBoolean:
      if (v.is_bool()) return v.get_bool();
      if (v.is_int64()) return v.get_int64() != 0;
      return formula::Blank{};
    case ValueType::kDate:
      if (v.is_string()) {
        if (auto d = ParseDate(v.get_string())) {
          return formula::Date{d->y, static_cast<int>(d->m), static_cast<int>(d->d)};
        }
      }
      return formula::Blank{};
    case ValueType::kDateTime:
      if (v.is_string()) {
        if (auto t_ms = ParseRfc3339(v.get_string())) return formula::DateTime{*t_ms};
      }
      if (v.is_int64()) return formula::DateTime{v.get_int64()};
      return formula::Blank{};
    case ValueType::kBlank:
      break;
  }
  return formula::Blank{};
}

// A formula result as the API JSON a formula field's Normalize takes.
boost::json::value ToJson(const formula::Value& v) {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* s = std::get_if<std::string>(&v)) return boost::json::value(*s);
  if (const auto* b = std::get_if<bool>(&v)) return *b;
  if (const auto* d = std::get_if<formula::Date>(&v)) {
    return boost::json::value(FormatDate(
        LocalDate{d->year, static_cast<unsigned>(d->month), static_cast<unsigned>(d->day)}));
  }
  if (const auto* t = std::get_if<formula::DateTime>(&v))
    return boost::json::value(FormatRfc3339(t->ms));
  return nullptr;
}

// The record being saved, as API JSON, seen through the entity's formula symbols.
class JsonRecord final : public formula::Record {
 public:
  JsonRecord(const boost::json::object& values, const formula::FieldList& symbols)
      : values_(values), symbols_(symbols) {}

  formula::Value Get(std::string_view field) const override {
    const formula::FieldInfo* info = symbols_.Find(field);
    const auto* v = values_.if_contains(field);
    if (!info || !v) return formula::Blank{};
    return FromJson(*v, info->type);
  }
  size_t RowCount(std::string_view subform) const override {
    const auto* rows = Rows(subform);
    return rows ? rows->size() : 0;
  }
  formula::Value Cell(std::string_view subform, size_t row,
                      std::string_view column) const override {
    const auto* rows = Rows(subform);
    const formula::FieldInfo* info = symbols_.Find(subform);
    const formula::FieldInfo* col = info ? formula::FindColumn(*info, column) : nullptr;
    if (!rows || !col || row >= rows->size() || !(*rows)[row].is_object()) return formula::Blank{};
    const auto* v = (*rows)[row].get_object().if_contains(column);
    return v ? FromJson(*v, col->type) : formula::Value{};
  }

 private:
  const boost::json::array* Rows(std::string_view subform) const {
    const auto* v = values_.if_contains(subform);
    return v && v->is_array() ? &v->get_array() : nullptr;
  }
  const boost::json::object& values_;
  const formula::FieldList& symbols_;
};

std::string_view StringOption(const FieldDef& f, std::string_view key) {
  const auto* v = f.options.if_contains(key);
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

}  // namespace

SavePlan PlanSave(const schema::EntityDef& e) {
  SavePlan plan;
  for (const auto& f : e.fields) {
    if (f.retired) continue;
    if (f.options.contains("default")) plan.defaults.push_back(&f);
    if (f.type == "serial") plan.serials.push_back(&f);
    if (f.type == "formula") plan.formulas = true;
  }
  return plan;
}

Result<TimeZone> OrgTimeZone(storage::Conn& c, int64_t org_id) {
  PEONY_TRY(auto rows, c.Query("SELECT time_zone FROM orgs WHERE id = ?", {org_id}));
  if (!rows.empty()) {
    auto zone = TimeZone::Find(rows.Text(0, 0));
    if (zone.ok()) return std::move(zone).value();
  }
  auto fallback = TimeZone::Find(kDefaultZone);
  return fallback.ok() ? std::move(fallback).value() : TimeZone::Utc();
}

boost::json::object WithDefaults(const SavePlan& plan, const boost::json::object& input,
                                 UtcMillis now, const TimeZone& zone, int64_t user_id) {
  boost::json::object out = input;
  for (const FieldDef* f : plan.defaults) {
    if (out.contains(f->name)) continue;
    const boost::json::value& v = f->options.at("default");
    const std::string_view s = v.is_string() ? std::string_view(v.get_string()) : "";
    if (f->type == "date" && (s == "today" || s == "now")) {
      out[f->name] = FormatDate(zone.DateOf(now));
    } else if (f->type == "datetime" && s == "now") {
      out[f->name] = FormatRfc3339(now);
    } else if (f->type == "datetime" && s == "today") {
      out[f->name] = FormatRfc3339(zone.StartOfDay(zone.DateOf(now)));
    } else if (s == "me" && (f->type == "user" || f->type == "owner")) {
      if (user_id > 0) out[f->name] = user_id;
    } else {
      out[f->name] = v;
    }
  }
  return out;
}

Status AssignSerials(storage::Conn& c, const SavePlan& plan, int64_t org_id,
                     std::optional<int64_t> branch_id, const LocalDate& date, Prepared& p,
                     boost::json::object& values) {
  std::optional<std::string> branch_code;
  for (const FieldDef* f : plan.serials) {
    auto pattern = schema::ParseSerialPattern(StringOption(*f, "pattern"));
    if (!pattern.ok()) return InternalError("serial field with a bad pattern: " + f->name);
    if (pattern->has_branch && !branch_code) {
      branch_code.emplace();
      if (branch_id) {
        PEONY_TRY(auto rows, c.Query("SELECT code FROM branches WHERE id = ? AND org_id = ?",
                                     {*branch_id, org_id}));
        if (!rows.empty()) *branch_code = rows.Text(0, 0);
      }
    }
    const std::string code = pattern->has_branch ? *branch_code : "";
    // One statement takes the next value and locks the counter row until the record's
    // transaction ends: concurrent creates queue on it, a rollback returns the number.
    PEONY_TRY(auto next,
              c.Query("INSERT INTO serial_counters (field_id, scope_key, value) VALUES (?, ?, 1) "
                      "ON CONFLICT (field_id, scope_key) DO UPDATE "
                      "SET value = serial_counters.value + 1 RETURNING value",
                      {f->id, schema::SerialPeriodKey(*pattern, date, code)}));
    if (next.empty()) return InternalError("serial counter returned no row");
    std::string text = schema::RenderSerial(*pattern, date, next.Int(0, 0), code);
    if (schema::IsSearchable(*f)) p.search_values[f->name] = text;
    p.fields.push_back(f->name);
    values[f->name] = text;
    p.columns.emplace_back(f->column, std::move(text));
  }
  return Ok();
}

void OverlayInput(const schema::EntityDef& e, const boost::json::object& input,
                  const schema::NormalizeContext& ctx, boost::json::object& values) {
  for (const auto& [key, v] : input) {
    const FieldDef* f = e.FindField(key);
    const schema::FieldType* type = f && !f->retired ? schema::FindFieldType(*f) : nullptr;
    if (!type || type->computed()) continue;
    const auto layout = schema::LayoutOf(*f);
    const bool listed =
        layout == schema::FieldLayout::kValueTable || layout == schema::FieldLayout::kRowTable;
    auto stored =
        v.is_null() ? Result<storage::Value>(storage::Value{}) : type->Normalize(*f, v, ctx);
    if (!stored.ok()) continue;
    if (std::holds_alternative<std::monostate>(*stored)) {
      values[f->name] = listed ? boost::json::value(boost::json::array()) : nullptr;
      continue;
    }
    if (!listed) {
      values[f->name] = type->ToJson(*f, *stored);
      continue;
    }
    // Child-table types return canonical JSON text: values, or rows of stored values.
    const std::string* text = std::get_if<std::string>(&*stored);
    boost::system::error_code ec;
    auto parsed = text ? boost::json::parse(*text, ec) : boost::json::value();
    if (ec || !parsed.is_array()) continue;
    if (layout == schema::FieldLayout::kRowTable) {
      const auto columns = schema::SubFormFields(f->options);
      for (auto& row : parsed.as_array()) {
        if (!row.is_object()) continue;
        for (const auto& column : columns) {
          const schema::FieldType* t = schema::FindFieldType(column.type);
          auto* cell = row.as_object().if_contains(column.name);
          if (t && cell) *cell = t->ToJson(column, schema::types::JsonToValue(*cell));
        }
      }
    }
    values[f->name] = std::move(parsed);
  }
}

Status ComputeFormulas(const schema::EntityDef& e, const formula::EvalContext& ctx,
                       boost::json::object& values, const boost::json::object* before,
                       Prepared& p) {
  const formula::FieldList symbols = schema::FormulaSymbols(e.fields, true);
  std::map<std::string, formula::BoundFormula, std::less<>> compiled;
  formula::DependencyGraph graph;
  std::vector<std::string> broken;  // formulas that no longer bind: stored as null
  for (const auto& f : e.fields) {
    if (f.retired || f.type != "formula") continue;
    auto bound = schema::CompileFormulaField(f, symbols);
    if (!bound.ok()) {
      broken.push_back(f.name);
      continue;
    }
    graph[f.name] = bound->dependencies;
    compiled.emplace(f.name, std::move(bound).value());
  }
  auto order = formula::EvaluationOrder(graph);
  std::vector<std::string> names =
      order.ok() ? std::move(order).value() : std::vector<std::string>{};
  if (!order.ok()) {  // the catalog refuses cycles; should one slip in, no formula is computed
    for (const auto& [name, _] : compiled) broken.push_back(name);
  }
  names.insert(names.end(), broken.begin(), broken.end());
  const JsonRecord record(values, symbols);
  const schema::FieldType* type = schema::FindFieldType("formula");
  if (!type) return InternalError("formula field type missing");
  for (const auto& name : names) {
    const FieldDef* f = e.FindField(name);
    storage::Value stored;
    const auto it = compiled.find(name);
    if (it != compiled.end() && order.ok()) {
      auto result = formula::Evaluate(it->second, record, ctx);
      if (result.ok() && !formula::IsBlank(*result)) {
        auto normalized = type->Normalize(*f, ToJson(*result), schema::NormalizeContext{});
        if (normalized.ok()) stored = std::move(normalized).value();
      } else if (!result.ok()) {
        log::Debug("records.formula_null",
                   {{"entity", e.name}, {"field", name}, {"code", result.error().code}});
      }
    }
    boost::json::value json = type->ToJson(*f, stored);
    const bool changed =
        before ? (!before->contains(name) || before->at(name) != json) : !json.is_null();
    if (changed) p.fields.push_back(name);
    values[name] = std::move(json);
    p.columns.emplace_back(f->column, std::move(stored));
  }
  return Ok();
}

}  // namespace peony::records::internal
