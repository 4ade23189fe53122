// Runs every case of cases/*.test (format: case_file.h): compile against cases/fields.json,
// evaluate over the case's record, compare the value or the error code and position.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <set>

#include "common/clock.h"
#include "common/strings.h"
#include "platform/formula/calendar.h"
#include "platform/formula/formula.h"
#include "unit/platform/formula/case_file.h"

namespace peony::formula::testing {
namespace {

// A JSON value as the record value of a field of `type`; `problem` set when it does not fit.
Value ToValue(const boost::json::value& j, ValueType type, std::string* problem) {
  if (j.is_null()) return Value{};
  switch (type) {
    case ValueType::kNumber:
    case ValueType::kMoney:
      if (j.is_number()) return Value(j.to_number<double>());
      break;
    case ValueType::kText:
      if (j.is_string()) return Value(std::string(j.as_string()));
      break;
    case ValueType::kBoolean:
      if (j.is_bool()) return Value(j.as_bool());
      break;
    case ValueType::kDate:
      if (j.is_string()) {
        if (auto d = ParseDate(j.as_string())) return Value(*d);
      }
      break;
    case ValueType::kDateTime:
      if (j.is_string()) {
        if (auto t = ParseRfc3339(j.as_string())) return Value(DateTime{*t});
      }
      break;
    case ValueType::kBlank:
      break;
  }
  *problem = "record value " + boost::json::serialize(j) + " does not fit its field";
  return Value{};
}

MapRecord RecordFromJson(const std::string& json, std::string* problem) {
  MapRecord record;
  if (json.empty()) return record;
  boost::system::error_code ec;
  const boost::json::value doc = boost::json::parse(json, ec);
  if (ec || !doc.is_object()) {
    *problem = "record is not a JSON object";
    return record;
  }
  for (const auto& [key, value] : doc.as_object()) {
    const FieldInfo* field = CaseFields().Find(key);
    if (field == nullptr) {
      *problem = "record: no field " + std::string(key);
      return record;
    }
    if (!field->is_subform) {
      record.Set(field->name, ToValue(value, field->type, problem));
      continue;
    }
    for (const auto& row_json : value.as_array()) {
      MapRecord::Row row;
      for (const auto& [col_key, cell] : row_json.as_object()) {
        const FieldInfo* column = FindColumn(*field, col_key);
        if (column == nullptr) {
          *problem = "record: no column " + std::string(col_key);
          return record;
        }
        row[column->name] = ToValue(cell, column->type, problem);
      }
      record.AddRow(field->name, std::move(row));
    }
  }
  return record;
}

void CheckError(const Error& e, const Case& c, const std::string& spec) {
  const size_t at = spec.find(" @");
  const std::string code = spec.substr(0, at);
  EXPECT_EQ(e.code, code) << e.message_en;
  if (at != std::string::npos) {
    const int column = std::stoi(spec.substr(at + 2));
    ASSERT_TRUE(e.details.is_object() && e.details.as_object().contains("position"))
        << "no position in " << boost::json::serialize(e.details);
    EXPECT_EQ(e.details.as_object().at("position").to_number<int>(), column) << e.message_en;
  }
  if (!c.expected.empty()) {
    ASSERT_TRUE(e.details.is_object() && e.details.as_object().contains("expected"));
    EXPECT_EQ(e.details.as_object().at("expected").as_string(), c.expected);
  }
  if (!c.message.empty()) {
    EXPECT_NE(e.message_en.find(c.message), std::string::npos) << e.message_en;
  }
  if (!c.message_zh.empty()) {
    EXPECT_NE(e.message_zh.find(c.message_zh), std::string::npos) << e.message_zh;
  }
  EXPECT_FALSE(e.message_zh.empty());
  EXPECT_FALSE(e.message_en.empty());
}

Result<EvalContext> ContextFor(const Case& c) {
  PEONY_TRY(TimeZone zone, TimeZone::Find(c.tz.empty() ? "Asia/Shanghai" : c.tz));
  EvalContext ctx;
  ctx.time_zone = c.tz.empty() ? "Asia/Shanghai" : c.tz;
  ctx.today = ParseDate(c.today.empty() ? "2026-11-22" : c.today).value_or(Date{});
  if (!c.now.empty()) {
    ctx.now = ParseRfc3339(c.now).value_or(0);
    if (c.today.empty()) ctx.today = zone.LocalDate(ctx.now);
  } else {
    ctx.now = zone.FromLocal(LocalTime{ctx.today, 12});
  }
  return ctx;
}

class FormulaCases : public ::testing::TestWithParam<Case> {};

TEST_P(FormulaCases, Run) {
  const Case& c = GetParam();
  SCOPED_TRACE(c.file + ".test:" + std::to_string(c.line) + "  " + c.expr);
  ASSERT_TRUE(c.problem.empty()) << c.problem;
  auto compiled = Compile(c.expr, CaseFields());
  if (!c.error.empty()) {
    ASSERT_FALSE(compiled.ok()) << "compiled to " << TypeName(compiled->result_type, true);
    CheckError(compiled.error(), c, c.error);
    return;
  }
  ASSERT_TRUE(compiled.ok()) << compiled.error().code << ": " << compiled.error().message_en;
  if (!c.type.empty()) {
    ValueType type;
    ASSERT_TRUE(ParseValueType(c.type, &type)) << "unknown type " << c.type;
    EXPECT_EQ(TypeName(compiled->result_type, true), TypeName(type, true));
  }
  if (!c.deps.empty()) {
    std::string deps;
    for (const std::string& d : compiled->dependencies) deps += (deps.empty() ? "" : ", ") + d;
    EXPECT_EQ(deps.empty() ? "-" : deps, c.deps);
  }
  if (!c.clock.empty()) {
    EXPECT_EQ(compiled->uses_clock, c.clock == "true");
  }
  std::string problem;
  const MapRecord record = RecordFromJson(c.record, &problem);
  ASSERT_TRUE(problem.empty()) << problem;
  auto ctx = ContextFor(c);
  ASSERT_TRUE(ctx.ok()) << ctx.error().code;
  auto result = Evaluate(*compiled, record, *ctx);
  if (!c.eval_error.empty()) {
    ASSERT_FALSE(result.ok()) << "evaluated to " << Repr(*result);
    CheckError(result.error(), c, c.eval_error);
    return;
  }
  ASSERT_TRUE(result.ok()) << result.error().code << ": " << result.error().message_en;
  EXPECT_EQ(Repr(*result), c.expect);
  // The evaluator keeps the binder's promise: blank or the result type.
  if (!IsBlank(*result)) {
    EXPECT_EQ(TypeOf(*result), compiled->result_type);
  }
}

std::string CaseName(const ::testing::TestParamInfo<Case>& info) {
  std::string name = info.param.file + "_" + std::to_string(info.param.line);
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Formula, FormulaCases, ::testing::ValuesIn(LoadCases()), CaseName);

TEST(FormulaCaseFiles, CoverEveryFunctionAndEveryErrorCode) {
  const std::vector<Case> cases = LoadCases();
  EXPECT_GE(cases.size(), 150u);
  std::string all_exprs;
  std::set<std::string> codes;
  for (const Case& c : cases) {
    all_exprs += ToLower(c.expr) + "\n";
    for (const std::string* spec : {&c.error, &c.eval_error}) {
      if (!spec->empty()) codes.insert(spec->substr(0, spec->find(" @")));
    }
  }
  for (std::string_view name : FunctionNames()) {
    EXPECT_NE(all_exprs.find(ToLower(name) + "("), std::string::npos) << "no case uses " << name;
  }
  for (const char* code :
       {"formula.syntax", "formula.too_deep", "formula.unknown_field", "formula.unknown_function",
        "formula.wrong_arity", "formula.type_mismatch", "formula.aggregate_required",
        "formula.invalid_argument", "formula.division_by_zero", "formula.invalid_date",
        "formula.number_out_of_range"}) {
    EXPECT_TRUE(codes.count(code)) << "no case for " << code;
  }
}

}  // namespace
}  // namespace peony::formula::testing
