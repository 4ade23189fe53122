#include "platform/formula/errors.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace peony::formula::errors {
namespace {

std::string Col(SourcePos at) { return std::to_string(at.column); }

// A phrase: zh "第 12 个字符处缺少右括号", en "missing ')' at character 12".
// A sentence: zh "第 3 个字符处：{姓名} + 1 …", en "{姓名} + 1: cannot … (at character 3)".
enum class Style { kPhrase, kSentence };

Error Positioned(std::string code, SourcePos at, std::string_view zh, std::string_view en,
                 boost::json::object details = {}, Style style = Style::kPhrase) {
  details["position"] = at.column;
  details["offset"] = at.offset;
  std::string message_zh =
      "第 " + Col(at) + " 个字符处" + (style == Style::kSentence ? "：" : "") + std::string(zh);
  std::string message_en = style == Style::kSentence
                               ? std::string(en) + " (at character " + Col(at) + ")"
                               : std::string(en) + " at character " + Col(at);
  return MakeError(ErrorKind::kInvalidArgument, std::move(code), std::move(message_zh),
                   std::move(message_en))
      .WithDetails(std::move(details))
      .WithStatus(422);
}

Error Plain(std::string code, std::string zh, std::string en, boost::json::object details = {}) {
  return MakeError(ErrorKind::kInvalidArgument, std::move(code), std::move(zh), std::move(en))
      .WithDetails(std::move(details))
      .WithStatus(422);
}

}  // namespace

Error Syntax(SourcePos at, std::string_view expected, std::string_view what_zh,
             std::string_view what_en) {
  return Positioned("formula.syntax", at, what_zh, what_en, {{"expected", expected}});
}

Error TooLong(size_t bytes, size_t max_bytes) {
  return Plain("formula.too_long",
               "公式太长：最多 " + std::to_string(max_bytes) + " 字节，实际 " +
                   std::to_string(bytes) + " 字节",
               "The formula is too long: at most " + std::to_string(max_bytes) + " bytes, got " +
                   std::to_string(bytes),
               {{"max_bytes", max_bytes}, {"bytes", bytes}});
}

Error TooDeep(SourcePos at, int max_depth) {
  return Positioned("formula.too_deep", at,
                    "嵌套太深：括号、函数和正负号最多嵌套 " + std::to_string(max_depth) + " 层",
                    "nesting deeper than " + std::to_string(max_depth) + " levels",
                    {{"max_depth", max_depth}});
}

Error UnknownField(SourcePos at, std::string_view name) {
  const std::string ref = "{" + std::string(name) + "}";
  return Positioned("formula.unknown_field", at, "的字段 " + ref + " 不存在",
                    "unknown field " + ref, {{"field", name}});
}

Error UnknownFunction(SourcePos at, std::string_view name) {
  return Positioned("formula.unknown_function", at, "没有函数 " + std::string(name),
                    "unknown function " + std::string(name), {{"function", name}});
}

Error WrongArity(SourcePos at, std::string_view function, int min_args, int max_args,
                 size_t given) {
  std::string zh = std::string(function) + " 需要";
  std::string en = std::string(function) + " takes ";
  if (max_args < 0) {
    zh += "至少 " + std::to_string(min_args) + " 个参数";
    en += "at least " + std::to_string(min_args) + " argument" + (min_args == 1 ? "" : "s");
  } else if (min_args == max_args) {
    zh += " " + std::to_string(min_args) + " 个参数";
    en += std::to_string(min_args) + " argument" + (min_args == 1 ? "" : "s");
  } else {
    zh += " " + std::to_string(min_args) + "～" + std::to_string(max_args) + " 个参数";
    en += std::to_string(min_args) + " to " + std::to_string(max_args) + " arguments";
  }
  zh += "，实际有 " + std::to_string(given) + " 个";
  en += " but got " + std::to_string(given);
  return Positioned(
      "formula.wrong_arity", at, zh, en,
      {{"function", function}, {"min", min_args}, {"max", max_args}, {"given", given}},
      Style::kSentence);
}

Error WrongArityRule(SourcePos at, std::string_view function, std::string_view rule_zh,
                     std::string_view rule_en, size_t given) {
  return Positioned("formula.wrong_arity", at,
                    std::string(function) + " " + std::string(rule_zh) + "，实际有 " +
                        std::to_string(given) + " 个参数",
                    std::string(function) + " " + std::string(rule_en) + ", got " +
                        std::to_string(given) + " arguments",
                    {{"function", function}, {"given", given}}, Style::kSentence);
}

Error TypeMismatch(SourcePos at, std::string_view what_zh, std::string_view what_en) {
  return Positioned("formula.type_mismatch", at, what_zh, what_en, {}, Style::kSentence);
}

Error AggregateRequired(SourcePos at, std::string_view reference) {
  return Positioned(
      "formula.aggregate_required", at,
      "子表 " + std::string(reference) +
          " 只能用在 SUM、COUNT、AVERAGE、MIN、MAX、CONCAT 等汇总函数里",
      "sub-form " + std::string(reference) +
          " can only be used inside an aggregate such as SUM, COUNT, AVERAGE, MIN, MAX or CONCAT",
      {{"reference", reference}}, Style::kSentence);
}

Error InvalidArgument(SourcePos at, std::string_view function, std::string_view what_zh,
                      std::string_view what_en) {
  return Positioned("formula.invalid_argument", at,
                    std::string(function) + " " + std::string(what_zh),
                    std::string(function) + ": " + std::string(what_en), {{"function", function}},
                    Style::kSentence);
}

Error TooComplex(int64_t max_steps) {
  return Plain(
      "formula.too_complex",
      "公式计算步骤过多（超过 " + std::to_string(max_steps) + " 步），请简化公式",
      "The formula needs more than " + std::to_string(max_steps) + " steps to compute; simplify it",
      {{"max_steps", max_steps}});
}

Error TextTooLong(SourcePos at, size_t max_bytes) {
  return Positioned("formula.text_too_long", at,
                    "得到的文本太长（超过 " + std::to_string(max_bytes) + " 字节）",
                    "text result longer than " + std::to_string(max_bytes) + " bytes",
                    {{"max_bytes", max_bytes}});
}

Error DivisionByZero(SourcePos at) {
  return Positioned("formula.division_by_zero", at, "除数为零", "division by zero");
}

Error InvalidDate(SourcePos at) {
  return Positioned("formula.invalid_date", at, "的日期无效或超出 1–9999 年",
                    "invalid date, or outside years 1–9999");
}

Error NumberOutOfRange(SourcePos at) {
  return Positioned("formula.number_out_of_range", at, "的计算结果不是有效数字（溢出或无意义）",
                    "the result is not a valid number (overflow or undefined)");
}

Error InvalidTimeZone(std::string_view name) {
  return Plain("formula.invalid_time_zone", "未知的时区：" + std::string(name),
               "Unknown time zone: " + std::string(name), {{"time_zone", name}});
}

Error InvalidRecord(std::string_view field, ValueType declared) {
  return MakeError(
             ErrorKind::kInternal, "formula.invalid_record",
             "字段 {" + std::string(field) + "} 的值不是" + std::string(TypeName(declared, false)),
             "The value of field {" + std::string(field) + "} is not a " +
                 std::string(TypeName(declared, true)))
      .WithDetails(boost::json::object{{"field", field}});
}

Error Cycle(const std::vector<std::string>& path) {
  std::string joined;
  boost::json::array arr;
  for (const std::string& name : path) {
    if (!joined.empty()) joined += " → ";
    joined += name;
    arr.emplace_back(name);
  }
  return Plain("formula.cycle", "公式字段之间循环引用：" + joined,
               "Formula fields refer to each other in a circle: " + joined,
               {{"cycle", std::move(arr)}});
}

}  // namespace peony::formula::errors
