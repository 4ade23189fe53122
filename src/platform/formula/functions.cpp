// The functions of the language. A function's typing rule is in bind_call.cpp and its behaviour in
// eval_*.cpp; this table gives names and argument counts.
//
// Logic     IF(cond, then[, else])  IFS(cond1, v1, …)  SWITCH(x, case1, v1, …[, default])
//           AND(…)  OR(…)  NOT(x)  ISBLANK(x)  BLANKVALUE(x, fallback) = IFBLANK  TRUE()  FALSE()
// Math      ROUND(n[, digits])  ROUNDUP  ROUNDDOWN  ABS(n)  INT(n)  MOD(n, d)  POWER(b, e)
// Aggregate SUM(…)  COUNT(…)  AVERAGE(…)  MIN(…)  MAX(…) — arguments are values or sub-form
//           columns {明细}.{金额}; COUNT({明细}) counts rows
// Text      CONCAT(…)  TEXTJOIN(sep, ignore_blank, …)  LEFT(t[, n])  RIGHT(t[, n])  MID(t, start,
// n)
//           LEN(t)  UPPER(t)  LOWER(t)  TRIM(t)  SUBSTITUTE(t, old, new[, nth])
//           FIND(needle, t[, start])  CONTAINS(t, needle)  TEXT(x, format)  VALUE(t)
// Date      TODAY()  NOW()  DATE(y, m, d)  YEAR(d)  MONTH(d)  DAY(d)  WEEKDAY(d[, type])
//           DATEADD(d, n, unit)  DATEDIF(start, end, "D"|"M"|"Y")  EOMONTH(d, months)
#include "platform/formula/functions.h"

#include <algorithm>

#include "common/strings.h"

namespace peony::formula {

const std::vector<FunctionSpec>& AllFunctions() {
  static const std::vector<FunctionSpec> kFunctions = {
      {"TRUE", Fn::kTrue, 0, 0},
      {"FALSE", Fn::kFalse, 0, 0},
      {"IF", Fn::kIf, 2, 3},
      {"IFS", Fn::kIfs, 2, -1},
      {"SWITCH", Fn::kSwitch, 3, -1},
      {"AND", Fn::kAnd, 1, -1},
      {"OR", Fn::kOr, 1, -1},
      {"NOT", Fn::kNot, 1, 1},
      {"ISBLANK", Fn::kIsBlank, 1, 1},
      {"BLANKVALUE", Fn::kBlankValue, 2, 2},
      {"IFBLANK", Fn::kBlankValue, 2, 2},
      {"ROUND", Fn::kRound, 1, 2},
      {"ROUNDUP", Fn::kRoundUp, 1, 2},
      {"ROUNDDOWN", Fn::kRoundDown, 1, 2},
      {"ABS", Fn::kAbs, 1, 1},
      {"INT", Fn::kInt, 1, 1},
      {"MOD", Fn::kMod, 2, 2},
      {"POWER", Fn::kPower, 2, 2},
      {"MIN", Fn::kMin, 1, -1},
      {"MAX", Fn::kMax, 1, -1},
      {"SUM", Fn::kSum, 1, -1},
      {"COUNT", Fn::kCount, 1, -1},
      {"AVERAGE", Fn::kAverage, 1, -1},
      {"CONCAT", Fn::kConcat, 1, -1},
      {"TEXTJOIN", Fn::kTextJoin, 3, -1},
      {"LEFT", Fn::kLeft, 1, 2},
      {"RIGHT", Fn::kRight, 1, 2},
      {"MID", Fn::kMid, 3, 3},
      {"LEN", Fn::kLen, 1, 1},
      {"UPPER", Fn::kUpper, 1, 1},
      {"LOWER", Fn::kLower, 1, 1},
      {"TRIM", Fn::kTrim, 1, 1},
      {"SUBSTITUTE", Fn::kSubstitute, 3, 4},
      {"FIND", Fn::kFind, 2, 3},
      {"CONTAINS", Fn::kContains, 2, 2},
      {"TEXT", Fn::kText, 2, 2},
      {"VALUE", Fn::kValue, 1, 1},
      {"TODAY", Fn::kToday, 0, 0},
      {"NOW", Fn::kNow, 0, 0},
      {"DATE", Fn::kDate, 3, 3},
      {"YEAR", Fn::kYear, 1, 1},
      {"MONTH", Fn::kMonth, 1, 1},
      {"DAY", Fn::kDay, 1, 1},
      {"WEEKDAY", Fn::kWeekday, 1, 2},
      {"DATEADD", Fn::kDateAdd, 3, 3},
      {"DATEDIF", Fn::kDateDif, 3, 3},
      {"EOMONTH", Fn::kEoMonth, 2, 2},
  };
  return kFunctions;
}

const FunctionSpec* FindFunction(std::string_view name) {
  if (name.size() > 16) return nullptr;
  std::string upper(name);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  for (const FunctionSpec& spec : AllFunctions()) {
    if (spec.name == upper) return &spec;
  }
  return nullptr;
}

std::string_view FunctionName(Fn fn) {
  for (const FunctionSpec& spec : AllFunctions()) {
    if (spec.fn == fn) return spec.name;
  }
  return "?";
}

std::vector<std::string_view> FunctionNames() {
  std::vector<std::string_view> names;
  for (const FunctionSpec& spec : AllFunctions()) names.push_back(spec.name);
  std::sort(names.begin(), names.end());
  return names;
}

std::optional<DateUnit> ParseDateUnit(std::string_view unit) {
  const std::string u = ToLower(unit);
  struct Name {
    std::string_view text;
    DateUnit unit;
  };
  static constexpr Name kNames[] = {
      {"day", DateUnit::kDay},        {"days", DateUnit::kDay},    {"d", DateUnit::kDay},
      {"天", DateUnit::kDay},         {"日", DateUnit::kDay},      {"week", DateUnit::kWeek},
      {"weeks", DateUnit::kWeek},     {"w", DateUnit::kWeek},      {"周", DateUnit::kWeek},
      {"星期", DateUnit::kWeek},      {"month", DateUnit::kMonth}, {"months", DateUnit::kMonth},
      {"m", DateUnit::kMonth},        {"月", DateUnit::kMonth},    {"个月", DateUnit::kMonth},
      {"year", DateUnit::kYear},      {"years", DateUnit::kYear},  {"y", DateUnit::kYear},
      {"年", DateUnit::kYear},        {"hour", DateUnit::kHour},   {"hours", DateUnit::kHour},
      {"h", DateUnit::kHour},         {"小时", DateUnit::kHour},   {"minute", DateUnit::kMinute},
      {"minutes", DateUnit::kMinute}, {"分钟", DateUnit::kMinute}, {"second", DateUnit::kSecond},
      {"seconds", DateUnit::kSecond}, {"s", DateUnit::kSecond},    {"秒", DateUnit::kSecond},
  };
  for (const Name& name : kNames) {
    if (name.text == u) return name.unit;
  }
  return std::nullopt;
}

std::optional<char> ParseDifUnit(std::string_view unit) {
  if (unit.size() != 1) return std::nullopt;
  const char c = unit[0];
  if (c == 'D' || c == 'd') return 'D';
  if (c == 'M' || c == 'm') return 'M';
  if (c == 'Y' || c == 'y') return 'Y';
  return std::nullopt;
}

}  // namespace peony::formula
