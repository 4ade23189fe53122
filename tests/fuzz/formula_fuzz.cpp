// libFuzzer target for the formula engine: parse, bind against a fixed catalog, evaluate over a
// fixed record. Besides crashes and sanitizer reports it checks the engine's promises and aborts
// when one is broken: a result is blank or of the bound result type, errors carry a known code and
// positions inside the text. Not part of the normal build; for example:
//
//   clang++-14 -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
//     -DUSE_OS_TZDB=1 -I src src/platform/formula/*.cpp src/common/strings.cpp \
//     src/common/clock.cpp tests/fuzz/formula_fuzz.cpp -lboost_json -ldate-tz -o formula_fuzz
//   ./formula_fuzz -max_total_time=60 -max_len=2100 corpus/
//
// Every crash it finds becomes a case in tests/unit/platform/formula/cases/regressions.test.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "common/strings.h"
#include "platform/formula/formula.h"

namespace {

using namespace peony::formula;

const FieldList& Fields() {
  static const FieldList fields({
      FieldInfo{"name", "姓名", ValueType::kText},
      FieldInfo{"phone", "手机", ValueType::kText},
      FieldInfo{"note", "备注", ValueType::kText},
      FieldInfo{"price", "单价", ValueType::kMoney},
      FieldInfo{"qty", "数量", ValueType::kNumber},
      FieldInfo{"discount", "折扣", ValueType::kNumber},
      FieldInfo{"empty", "空", ValueType::kNumber},
      FieldInfo{"vip", "会员", ValueType::kBoolean},
      FieldInfo{"birthday", "生日", ValueType::kDate},
      FieldInfo{"visit", "到店", ValueType::kDateTime},
      FieldInfo{"far", "远", ValueType::kDateTime},
      FieldInfo{
          "lines",
          "明细",
          ValueType::kBlank,
          true,
          {FieldInfo{"item", "项目", ValueType::kText},
           FieldInfo{"amount", "金额", ValueType::kMoney},
           FieldInfo{"qty", "数量", ValueType::kNumber}, FieldInfo{"on", "日期", ValueType::kDate},
           FieldInfo{"at", "时间", ValueType::kDateTime},
           FieldInfo{"done", "完成", ValueType::kBoolean}}},
  });
  return fields;
}

const MapRecord& TheRecord() {
  static const MapRecord record = [] {
    MapRecord r;
    r.Set("name", std::string("王丽华"));
    r.Set("phone", std::string("13812345678"));
    r.Set("note", std::string(""));
    r.Set("price", 128000.0);
    r.Set("qty", 3.0);
    r.Set("discount", 0.15);
    r.Set("vip", true);
    r.Set("birthday", Date{2000, 2, 29});
    r.Set("visit", DateTime{1'795'000'000'123});
    r.Set("far", DateTime{253'402'300'799'999});  // the last instant of 9999
    r.AddRow("lines", {{"item", std::string("热玛吉")},
                       {"amount", 1280000.0},
                       {"qty", 1.0},
                       {"on", Date{9999, 12, 31}},
                       {"at", DateTime{-62'135'596'800'000}},
                       {"done", true}});
    r.AddRow("lines", {{"item", std::string("")}, {"amount", -1.0}, {"qty", 1e308}});
    r.AddRow("lines", {});
    return r;
  }();
  return record;
}

const EvalContext& Context() {
  static const EvalContext ctx = [] {
    auto made = MakeEvalContext(1'795'000'000'000, "Asia/Shanghai");
    if (!made.ok()) std::abort();
    return *made;
  }();
  return ctx;
}

[[noreturn]] void Broken(const char* what, std::string_view source) {
  std::fprintf(stderr, "broken promise: %s\nformula: %.*s\n", what, static_cast<int>(source.size()),
               source.data());
  std::abort();
}

void CheckError(const peony::Error& e, std::string_view source, bool compile) {
  static const std::set<std::string> kCompile = {
      "formula.syntax",           "formula.too_long",
      "formula.too_deep",         "formula.unknown_field",
      "formula.unknown_function", "formula.wrong_arity",
      "formula.type_mismatch",    "formula.aggregate_required",
      "formula.invalid_argument", "formula.number_out_of_range"};
  static const std::set<std::string> kRun = {
      "formula.too_complex",  "formula.text_too_long",       "formula.division_by_zero",
      "formula.invalid_date", "formula.number_out_of_range", "formula.invalid_argument"};
  if (!(compile ? kCompile : kRun).count(e.code))
    Broken(("unexpected code " + e.code).c_str(), source);
  if (e.message_zh.empty() || e.message_en.empty()) Broken("empty message", source);
  if (!e.details.is_object()) Broken("details not an object", source);
  const auto& details = e.details.as_object();
  if (const auto* position = details.if_contains("position")) {
    const int64_t column = position->to_number<int64_t>();
    const size_t chars = peony::IsValidUtf8(source) ? peony::Utf8Length(source) : source.size();
    if (column < 1 || static_cast<size_t>(column) > chars + 1) Broken("position outside", source);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view source(reinterpret_cast<const char*>(data), size);
  auto compiled = Compile(source, Fields());
  if (!compiled.ok()) {
    CheckError(compiled.error(), source, true);
    return 0;
  }
  if (compiled->root.type.shape != Shape::kScalar) Broken("unbound list at the root", source);
  static const MapRecord kEmpty;  // every field blank, no rows
  for (const MapRecord* record : {&TheRecord(), &kEmpty}) {
    auto value = Evaluate(*compiled, *record, Context());
    if (!value.ok()) {
      CheckError(value.error(), source, false);
      continue;
    }
    if (!IsBlank(*value) && TypeOf(*value) != compiled->result_type) {
      Broken("result type differs from the bound type", source);
    }
    if (const double* d = std::get_if<double>(&*value); d != nullptr && !std::isfinite(*d)) {
      Broken("non-finite number", source);
    }
    if (const std::string* s = std::get_if<std::string>(&*value); s != nullptr && s->empty()) {
      Broken("empty text instead of blank", source);
    }
    (void)Repr(*value);
  }
  return 0;
}
