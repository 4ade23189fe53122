// The function table and the units of date functions (internal to the formula module).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "platform/formula/bound.h"

namespace peony::formula {

inline constexpr int kMaxArgs = 255;

struct FunctionSpec {
  std::string_view name;  // upper case
  Fn fn;
  int min_args;
  int max_args;  // -1: up to kMaxArgs
};

// Case-insensitive; null when there is no such function. IFBLANK is BLANKVALUE.
const FunctionSpec* FindFunction(std::string_view name);
std::string_view FunctionName(Fn fn);
const std::vector<FunctionSpec>& AllFunctions();

enum class DateUnit { kSecond, kMinute, kHour, kDay, kWeek, kMonth, kYear };
// DATEADD units, case-insensitive: "day", "days", "d", "天", "日"; week/"周"/"星期"; month/"月";
// year/"年"; and for date-times hour/"小时", minute/"分钟", second/"秒".
std::optional<DateUnit> ParseDateUnit(std::string_view unit);

// DATEDIF units "D", "M", "Y" (either case): returns 'D', 'M' or 'Y'.
std::optional<char> ParseDifUnit(std::string_view unit);

}  // namespace peony::formula
