#include "platform/schema/types/date_parse.h"

#include <cmath>

#include "platform/schema/types/support.h"

namespace peony::schema::types {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads up to `max` digits at the start of *s into *out; the number of digits read.
size_t Digits(std::string_view* s, size_t max, int* out) {
  size_t n = 0;
  int v = 0;
  while (n < s->size() && n < max && IsDigit((*s)[n])) v = v * 10 + ((*s)[n++] - '0');
  if (n > 0 && n < s->size() && IsDigit((*s)[n])) return 0;  // more digits than allowed
  s->remove_prefix(n);
  *out = v;
  return n;
}

bool Eat(std::string_view* s, std::string_view token) {
  if (s->substr(0, token.size()) != token) return false;
  s->remove_prefix(token.size());
  return true;
}

}  // namespace

std::optional<LocalDate> ParseLooseDate(std::string_view s, std::string_view* rest) {
  size_t run = 0;
  while (run < s.size() && IsDigit(s[run])) ++run;
  LocalDate d;
  if (run == 8) {
    d.y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    d.m = static_cast<unsigned>((s[4] - '0') * 10 + (s[5] - '0'));
    d.d = static_cast<unsigned>((s[6] - '0') * 10 + (s[7] - '0'));
    s.remove_prefix(8);
  } else if (run == 4) {
    int y = 0, m = 0, day = 0;
    Digits(&s, 4, &y);
    std::string_view sep;
    for (std::string_view candidate : {"-", "/", ".", "年"}) {
      if (Eat(&s, candidate)) {
        sep = candidate;
        break;
      }
    }
    if (sep.empty() || Digits(&s, 2, &m) == 0) return std::nullopt;
    if (!Eat(&s, sep == "年" ? "月" : sep)) return std::nullopt;
    if (Digits(&s, 2, &day) == 0) return std::nullopt;
    if (sep == "年" && !Eat(&s, "日")) Eat(&s, "号");
    d = {y, static_cast<unsigned>(m), static_cast<unsigned>(day)};
  } else {
    return std::nullopt;
  }
  if (d.y < 1 || !IsValidDate(d)) return std::nullopt;
  *rest = s;
  return d;
}

std::optional<LooseTime> ParseLooseTime(std::string_view s) {
  s = Trim(s);
  LooseTime t;
  if (Digits(&s, 2, &t.h) == 0) return std::nullopt;
  if (Eat(&s, ":")) {
    if (s.size() < 2 || !IsDigit(s[0]) || !IsDigit(s[1]) || Digits(&s, 2, &t.mi) != 2) {
      return std::nullopt;
    }
    if (Eat(&s, ":")) {
      if (Digits(&s, 2, &t.s) != 2) return std::nullopt;
      if (Eat(&s, ".")) {
        size_t n = 0;
        while (n < s.size() && IsDigit(s[n])) {
          if (n < 3) t.ms = t.ms * 10 + (s[n] - '0');
          ++n;
        }
        if (n == 0 || n > 9) return std::nullopt;
        for (size_t i = n; i < 3; ++i) t.ms *= 10;
        s.remove_prefix(n);
      }
    }
  } else if (Eat(&s, "点") || Eat(&s, "时")) {
    if (Eat(&s, "半")) {
      t.mi = 30;
    } else if (Digits(&s, 2, &t.mi) > 0) {
      Eat(&s, "分");
      if (Digits(&s, 2, &t.s) > 0 && !Eat(&s, "秒")) return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  if (!s.empty() || t.h > 23 || t.mi > 59 || t.s > 59) return std::nullopt;
  return t;
}

std::optional<LocalDateTime> ParseLooseDateTime(std::string_view s) {
  std::string_view rest;
  const auto d = ParseLooseDate(Trim(s), &rest);
  if (!d) return std::nullopt;
  if (!rest.empty() && (rest[0] == 'T' || rest[0] == 't')) rest.remove_prefix(1);
  rest = Trim(rest);
  if (rest.empty()) return LocalDateTime{*d};
  const auto t = ParseLooseTime(rest);
  if (!t) return std::nullopt;
  return LocalDateTime{*d, t->h, t->mi, t->s, t->ms};
}

std::optional<LocalDateTime> ExcelSerial(double serial) {
  if (!std::isfinite(serial) || serial < 1 || serial >= 2958466) return std::nullopt;
  auto day = static_cast<int64_t>(std::floor(serial));
  auto seconds = static_cast<int64_t>(std::llround((serial - static_cast<double>(day)) * 86400));
  if (seconds >= 86400) {
    ++day;
    seconds -= 86400;
  }
  if (day == 60) return std::nullopt;  // 1900-02-29, a day that never was
  // Serials after the phantom day count from 1899-12-30; those before it from 1899-12-31.
  const LocalDate base = day > 60 ? LocalDate{1899, 12, 30} : LocalDate{1899, 12, 31};
  const LocalDate date = AddDays(base, day);
  if (date.y > 9999) return std::nullopt;
  return LocalDateTime{date, static_cast<int>(seconds / 3600), static_cast<int>(seconds / 60 % 60),
                       static_cast<int>(seconds % 60), 0};
}

}  // namespace peony::schema::types
