#include "platform/formula/value.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cmath>
#include <cstdio>

#include "platform/formula/calendar.h"
#include "platform/formula/number.h"

namespace peony::formula {

ValueType TypeOf(const Value& v) {
  switch (v.index()) {
    case 1:
      return ValueType::kNumber;
    case 2:
      return ValueType::kText;
    case 3:
      return ValueType::kBoolean;
    case 4:
      return ValueType::kDate;
    case 5:
      return ValueType::kDateTime;
    default:
      return ValueType::kBlank;
  }
}

std::string_view TypeName(ValueType t, bool english) {
  switch (t) {
    case ValueType::kBlank:
      return english ? "blank" : "空值";
    case ValueType::kNumber:
      return english ? "number" : "数字";
    case ValueType::kMoney:
      return english ? "money" : "金额";
    case ValueType::kText:
      return english ? "text" : "文本";
    case ValueType::kBoolean:
      return english ? "boolean" : "是/否";
    case ValueType::kDate:
      return english ? "date" : "日期";
    case ValueType::kDateTime:
      return english ? "date-time" : "日期时间";
  }
  return "?";
}

bool ParseValueType(std::string_view name, ValueType* out) {
  static constexpr std::pair<std::string_view, ValueType> kNames[] = {
      {"blank", ValueType::kBlank},      {"number", ValueType::kNumber},
      {"money", ValueType::kMoney},      {"text", ValueType::kText},
      {"boolean", ValueType::kBoolean},  {"date", ValueType::kDate},
      {"datetime", ValueType::kDateTime}};
  for (const auto& [text, type] : kNames) {
    if (text == name) {
      *out = type;
      return true;
    }
  }
  return false;
}

std::string FormatNumber(double v) {
  if (v == 0) return "0";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

std::string Repr(const Value& v) {
  switch (TypeOf(v)) {
    case ValueType::kNumber:
      return FormatNumber(std::get<double>(v));
    case ValueType::kText:
      return boost::json::serialize(boost::json::value(std::get<std::string>(v)));
    case ValueType::kBoolean:
      return std::get<bool>(v) ? "TRUE" : "FALSE";
    case ValueType::kDate:
      return FormatDate(std::get<Date>(v));
    case ValueType::kDateTime:
      return FormatRfc3339(std::get<DateTime>(v).ms);
    default:
      return "blank";
  }
}

Result<int64_t> ToFen(double yuan) {
  const double rounded = RoundDecimal(yuan, 2, RoundMode::kHalfAwayFromZero);
  if (!std::isfinite(rounded) || std::fabs(rounded) >= 1e13) {
    return MakeError(ErrorKind::kInvalidArgument, "formula.number_out_of_range", "金额超出范围",
                     "The amount is out of range")
        .WithStatus(422);
  }
  return static_cast<int64_t>(std::llround(rounded * 100));
}

}  // namespace peony::formula
