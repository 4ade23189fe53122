#include "platform/jobs/cron.h"

#include <charconv>
#include <vector>

namespace peony::jobs {
namespace {

Error BadCron(std::string_view reason) {
  return MakeError(ErrorKind::kInvalidArgument, "jobs.bad_cron",
                   "定时表达式无效：应为“分 时 日 月 周”五段",
                   "Invalid schedule: five fields \"minute hour day month weekday\" expected")
      .WithDetails(boost::json::object{{"reason", reason}})
      .WithStatus(422);
}

std::vector<std::string_view> Split(std::string_view s, char sep, bool skip_empty) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      if (!skip_empty || i > start) out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

bool ToInt(std::string_view s, int& out) {
  if (s.empty() || s.size() > 2) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

// Sets the bits of one field ("*/15", "1-5", "0,30") within [lo, hi]; false when malformed.
template <size_t N>
bool ParseField(std::string_view field, int lo, int hi, std::bitset<N>& bits, bool& any) {
  any = field == "*";
  for (std::string_view part : Split(field, ',', false)) {
    int step = 1;
    if (auto slash = part.find('/'); slash != std::string_view::npos) {
      if (!ToInt(part.substr(slash + 1), step) || step < 1 || step > hi) return false;
      part = part.substr(0, slash);
    }
    int a = lo, b = hi;
    if (part != "*") {
      if (auto dash = part.find('-'); dash != std::string_view::npos) {
        if (!ToInt(part.substr(0, dash), a) || !ToInt(part.substr(dash + 1), b)) return false;
      } else {
        if (!ToInt(part, a)) return false;
        b = step > 1 ? hi : a;
      }
    }
    if (a < lo || b > hi || a > b) return false;
    for (int v = a; v <= b; v += step) bits.set(static_cast<size_t>(v));
  }
  return true;
}

}  // namespace

Result<Cron> Cron::Parse(std::string_view expr) {
  if (expr.size() > 200) return BadCron("too long");
  std::string flat(expr);
  for (char& c : flat) {
    if (c == '\t') c = ' ';
  }
  const auto fields = Split(flat, ' ', true);
  if (fields.size() != 5) return BadCron("five fields expected");
  Cron c;
  bool any = false;
  std::bitset<8> weekdays;
  if (!ParseField(fields[0], 0, 59, c.minutes_, any)) return BadCron("minute");
  if (!ParseField(fields[1], 0, 23, c.hours_, any)) return BadCron("hour");
  if (!ParseField(fields[2], 1, 31, c.days_, c.any_day_)) return BadCron("day of month");
  if (!ParseField(fields[3], 1, 12, c.months_, any)) return BadCron("month");
  if (!ParseField(fields[4], 0, 7, weekdays, c.any_weekday_)) return BadCron("day of week");
  for (size_t d = 0; d < 7; ++d) c.weekdays_[d] = weekdays[d];
  if (weekdays[7]) c.weekdays_.set(0);
  c.text_ = std::string(expr);
  return c;
}

bool Cron::DayMatches(const LocalDate& d) const {
  if (!months_[d.m]) return false;
  const bool dom = days_[d.d];
  const bool dow = weekdays_[Weekday(d)];
  if (any_day_ && any_weekday_) return true;
  if (any_day_) return dow;
  if (any_weekday_) return dom;
  return dom || dow;
}

std::optional<UtcMillis> Cron::Next(UtcMillis after, const TimeZone& zone) const {
  const LocalDateTime start = zone.ToLocal(after);
  LocalDate day = start.date;
  for (int i = 0; i < 366 * 8 + 2; ++i, day = AddDays(day, 1)) {
    if (!DayMatches(day)) continue;
    for (int h = 0; h < 24; ++h) {
      if (!hours_[static_cast<size_t>(h)]) continue;
      for (int m = 0; m < 60; ++m) {
        if (!minutes_[static_cast<size_t>(m)]) continue;
        const UtcMillis t = zone.ToUtc(LocalDateTime{day, h, m, 0, 0});
        if (t > after) return t;
      }
    }
  }
  return std::nullopt;
}

}  // namespace peony::jobs
