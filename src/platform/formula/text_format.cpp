// TEXT(value, format): the common spreadsheet number and date formats, not all of them.
//
// Numbers: the placeholders 0 (a digit, always shown) and # (a digit, dropped when it is a leading
// or trailing zero), one '.', ',' in the integer part for thousands, '%' anywhere to show a
// percentage; other characters before and after are kept ("¥#,##0.00", "0.0%", "共0次").
// Dates: yyyy yy, m mm (month; minutes after h or before s), mmm mmmm (Jan, January), d dd,
// ddd dddd (Mon, Monday), aaa aaaa (一, 星期一), h hh (24-hour), s ss; other characters are kept
// ("yyyy年m月d日"); a backslash keeps the next character as it is.
#include <cctype>
#include <cstdio>

#include "platform/formula/eval_internal.h"
#include "platform/formula/number.h"

namespace peony::formula {
namespace {

bool IsPlaceholder(char c) { return c == '0' || c == '#'; }

std::string Pad(int v, int width) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%0*d", width, v);
  return buf;
}
std::string Pad2(int v) { return Pad(v, 2); }

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

}  // namespace

std::string FormatNumberPattern(double x, std::string_view format) {
  const size_t first = format.find_first_of("0#");
  if (first == std::string_view::npos) return FormatNumber(x);
  const size_t last = format.find_last_of("0#");
  size_t begin = first;
  if (begin > 0 && format[begin - 1] == '.') --begin;  // ".00"
  std::string_view prefix = format.substr(0, begin);
  std::string_view suffix = format.substr(last + 1);
  const std::string_view pattern = format.substr(begin, last + 1 - begin);
  if (prefix.find('%') != std::string_view::npos || suffix.find('%') != std::string_view::npos) {
    x *= 100;
  }
  const size_t dot = pattern.find('.');
  const std::string_view integer = pattern.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : pattern.substr(dot + 1);
  int min_int = 0, decimals = 0, min_decimals = 0;
  for (char c : integer) min_int += c == '0';
  for (char c : fraction) {
    decimals += IsPlaceholder(c);
    min_decimals += c == '0';
  }
  const bool grouping = integer.find(',') != std::string_view::npos;
  std::string number = FormatFixed(x, decimals, min_int, grouping);
  if (decimals > min_decimals) {  // '#' decimals drop trailing zeros
    const size_t point = number.find('.');
    size_t keep = number.size();
    while (keep > point + 1 + static_cast<size_t>(min_decimals) && number[keep - 1] == '0') --keep;
    if (keep == point + 1) keep = point;
    number.resize(keep);
  }
  if (number.empty() || number == "-") number += "0";
  if (number[0] == '-' && !prefix.empty())
    return "-" + std::string(prefix) + number.substr(1) + std::string(suffix);
  return std::string(prefix) + number + std::string(suffix);
}

std::string FormatDatePattern(const LocalTime& t, std::string_view format) {
  static constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};
  static constexpr const char* kDays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                          "Thursday", "Friday", "Saturday"};
  static constexpr const char* kChineseDays[] = {"日", "一", "二", "三", "四", "五", "六"};
  const int weekday = DayOfWeek(t.date);
  std::string out;
  bool after_hour = false;  // the last token was an hour: a following m means minutes
  for (size_t i = 0; i < format.size();) {
    const char c = Lower(format[i]);
    if (format[i] == '\\' && i + 1 < format.size()) {
      out.push_back(format[i + 1]);
      i += 2;
      continue;
    }
    if (c != 'y' && c != 'm' && c != 'd' && c != 'h' && c != 's' && c != 'a') {
      out.push_back(format[i++]);
      continue;
    }
    size_t run = 1;
    while (i + run < format.size() && Lower(format[i + run]) == c) ++run;
    switch (c) {
      case 'y':
        out += run >= 3 ? Pad(t.date.year, 4) : Pad2(t.date.year % 100);
        break;
      case 'm': {
        // Minutes when an hour came before or seconds come next (letters between would not).
        size_t next = i + run;
        while (next < format.size() && !std::isalpha(static_cast<unsigned char>(format[next])) &&
               static_cast<unsigned char>(format[next]) < 0x80) {
          ++next;
        }
        const bool minutes =
            run <= 2 && (after_hour || (next < format.size() && Lower(format[next]) == 's'));
        if (minutes) {
          out += run == 2 ? Pad2(t.minute) : std::to_string(t.minute);
        } else if (run >= 4) {
          out += kMonths[t.date.month - 1];
        } else if (run == 3) {
          out += std::string(kMonths[t.date.month - 1]).substr(0, 3);
        } else {
          out += run == 2 ? Pad2(t.date.month) : std::to_string(t.date.month);
        }
        break;
      }
      case 'd':
        if (run >= 4) {
          out += kDays[weekday];
        } else if (run == 3) {
          out += std::string(kDays[weekday]).substr(0, 3);
        } else {
          out += run == 2 ? Pad2(t.date.day) : std::to_string(t.date.day);
        }
        break;
      case 'h':
        out += run >= 2 ? Pad2(t.hour) : std::to_string(t.hour);
        break;
      case 's':
        out += run >= 2 ? Pad2(t.second) : std::to_string(t.second);
        break;
      case 'a':
        if (run >= 4) {
          out += std::string("星期") + kChineseDays[weekday];
        } else if (run == 3) {
          out += kChineseDays[weekday];
        } else {
          out.append(format.substr(i, run));
        }
        break;
    }
    after_hour = c == 'h';
    i += run;
  }
  return out;
}

}  // namespace peony::formula
