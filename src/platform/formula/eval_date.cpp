// Date functions. A date-time argument where a date is wanted is its local date in the context's
// time zone. Blank in, blank out (DATE excepted: its parts are numbers).
#include <cmath>

#include "platform/formula/errors.h"
#include "platform/formula/eval_internal.h"
#include "platform/formula/functions.h"

namespace peony::formula {
namespace {

// Full months from `a` to `b` (a <= b): Jan 31 → Feb 28 is 0 months, Jan 15 → Feb 15 is 1.
int64_t MonthsBetween(Date a, Date b) {
  int64_t months = (int64_t{b.year} - a.year) * 12 + (b.month - a.month);
  if (b.day < a.day) --months;
  return months;
}

// Full years from `a` to `b` (a <= b), as birthdays count them.
int64_t YearsBetween(Date a, Date b) {
  int64_t years = int64_t{b.year} - a.year;
  if (b.month < a.month || (b.month == a.month && b.day < a.day)) --years;
  return years;
}

Error BadUnit(const BoundNode& call, const std::string& unit) {
  if (call.fn == Fn::kDateDif) {
    return errors::InvalidArgument(call.pos, "DATEDIF",
                                   "的单位「" + unit + "」无效，可用 \"D\"、\"M\"、\"Y\"",
                                   "unknown unit \"" + unit + "\" (use \"D\", \"M\" or \"Y\")");
  }
  return errors::InvalidArgument(call.pos, "DATEADD",
                                 "的单位「" + unit + "」无效，可用 day、week、month、year",
                                 "unknown unit \"" + unit + "\" (use day, week, month or year)");
}

Result<Value> DateAdd(Evaluator& ev, const BoundNode& call, const std::vector<Value>& args) {
  PEONY_TRY(std::string unit_text, ev.ToText(args[2]));
  const std::optional<DateUnit> unit = ParseDateUnit(unit_text);
  if (!unit) return BadUnit(call, unit_text);
  if (IsBlank(args[0])) return Value{};
  const double amount = AsNumber(args[1]);
  if (std::fabs(amount) > 1e12) return errors::InvalidDate(call.pos);
  const int64_t n = ToInteger(amount);
  if (const Date* d = std::get_if<Date>(&args[0])) {
    std::optional<Date> moved;
    switch (*unit) {
      case DateUnit::kDay:
        moved = AddDays(*d, n);
        break;
      case DateUnit::kWeek:
        moved = AddDays(*d, n * 7);
        break;
      case DateUnit::kMonth:
        moved = AddMonths(*d, n);
        break;
      case DateUnit::kYear:
        moved = AddMonths(*d, n * 12);
        break;
      default:
        return errors::InvalidArgument(call.pos, "DATEADD",
                                       "的日期只能按天、周、月、年增减，小时、分钟、秒要用日期时间",
                                       "a date moves by days, weeks, months or years; hours, "
                                       "minutes and seconds need a date-time");
    }
    if (!moved) return errors::InvalidDate(call.pos);
    return Value(*moved);
  }
  const UtcMillis ms = std::get<DateTime>(args[0]).ms;
  int64_t step = 0;
  switch (*unit) {
    case DateUnit::kSecond:
      step = 1000;
      break;
    case DateUnit::kMinute:
      step = 60'000;
      break;
    case DateUnit::kHour:
      step = 3'600'000;
      break;
    case DateUnit::kDay:
      step = kMillisPerDay;
      break;
    case DateUnit::kWeek:
      step = 7 * kMillisPerDay;
      break;
    case DateUnit::kMonth:
    case DateUnit::kYear: {
      // By the calendar in local time: 10:00 on Jan 31 + 1 month is 10:00 on Feb 28/29.
      PEONY_TRY(const TimeZone* zone, ev.Zone());
      LocalTime local = zone->ToLocal(ms);
      const std::optional<Date> moved =
          AddMonths(local.date, *unit == DateUnit::kMonth ? n : n * 12);
      if (!moved) return errors::InvalidDate(call.pos);
      local.date = *moved;
      const UtcMillis out = zone->FromLocal(local);
      if (out < kMinDateTime || out > kMaxDateTime) return errors::InvalidDate(call.pos);
      return Value(DateTime{out});
    }
  }
  // |n| <= 1e12 times a week of milliseconds would overflow 64 bits: check in doubles first.
  if (std::fabs(static_cast<double>(n) * static_cast<double>(step)) > 4e14) {
    return errors::InvalidDate(call.pos);
  }
  const UtcMillis out = ms + n * step;
  if (out < kMinDateTime || out > kMaxDateTime) return errors::InvalidDate(call.pos);
  return Value(DateTime{out});
}

}  // namespace

Result<Value> CallDate(Evaluator& ev, const BoundNode& call, const std::vector<Value>& args) {
  switch (call.fn) {
    case Fn::kToday: {
      const Date today = ev.ctx().today;
      if (!IsValidDate(today.year, today.month, today.day)) return errors::InvalidDate(call.pos);
      return Value(today);
    }
    case Fn::kNow: {
      const UtcMillis now = ev.ctx().now;
      if (now < kMinDateTime || now > kMaxDateTime) return errors::InvalidDate(call.pos);
      return Value(DateTime{now});
    }
    case Fn::kDate: {
      const double y = AsNumber(args[0]);
      const double m = AsNumber(args[1]);
      const double d = AsNumber(args[2]);
      if (std::fabs(y) > 1e6 || std::fabs(m) > 1e6 || std::fabs(d) > 1e6) {
        return errors::InvalidDate(call.pos);
      }
      const int64_t year = ToInteger(y), month = ToInteger(m), day = ToInteger(d);
      if (!IsValidDate(year, month, day)) return errors::InvalidDate(call.pos);
      return Value(Date{static_cast<int>(year), static_cast<int>(month), static_cast<int>(day)});
    }
    case Fn::kYear:
    case Fn::kMonth:
    case Fn::kDay: {
      if (IsBlank(args[0])) return Value{};
      PEONY_TRY(Date d, ev.ToDate(args[0]));
      const int part = call.fn == Fn::kYear ? d.year : call.fn == Fn::kMonth ? d.month : d.day;
      return Value(static_cast<double>(part));
    }
    case Fn::kWeekday: {
      const int64_t type = args.size() > 1 ? ToInteger(AsNumber(args[1])) : 1;
      if (type < 1 || type > 3) {
        return errors::InvalidArgument(call.pos, "WEEKDAY", "的类型只能是 1、2 或 3",
                                       "the type must be 1, 2 or 3");
      }
      if (IsBlank(args[0])) return Value{};
      PEONY_TRY(Date d, ev.ToDate(args[0]));
      const int sunday_zero = DayOfWeek(d);
      const int monday_zero = (sunday_zero + 6) % 7;
      const int result = type == 1 ? sunday_zero + 1 : type == 2 ? monday_zero + 1 : monday_zero;
      return Value(static_cast<double>(result));
    }
    case Fn::kDateAdd:
      return DateAdd(ev, call, args);
    case Fn::kDateDif: {
      PEONY_TRY(std::string unit_text, ev.ToText(args[2]));
      const std::optional<char> unit = ParseDifUnit(unit_text);
      if (!unit) return BadUnit(call, unit_text);
      if (IsBlank(args[0]) || IsBlank(args[1])) return Value{};
      PEONY_TRY(Date start, ev.ToDate(args[0]));
      PEONY_TRY(Date end, ev.ToDate(args[1]));
      const bool reversed = end < start;
      if (reversed) std::swap(start, end);
      int64_t count = 0;
      switch (*unit) {
        case 'D':
          count = DaysFromCivil(end) - DaysFromCivil(start);
          break;
        case 'M':
          count = MonthsBetween(start, end);
          break;
        default:
          count = YearsBetween(start, end);
          break;
      }
      return Value(static_cast<double>(reversed ? -count : count));
    }
    case Fn::kEoMonth: {
      if (IsBlank(args[0])) return Value{};
      PEONY_TRY(Date d, ev.ToDate(args[0]));
      const double months = AsNumber(args[1]);
      if (std::fabs(months) > 1e6) return errors::InvalidDate(call.pos);
      const std::optional<Date> moved = AddMonths(Date{d.year, d.month, 1}, ToInteger(months));
      if (!moved) return errors::InvalidDate(call.pos);
      return Value(Date{moved->year, moved->month, DaysInMonth(moved->year, moved->month)});
    }
    default:
      return Value{};
  }
}

}  // namespace peony::formula
