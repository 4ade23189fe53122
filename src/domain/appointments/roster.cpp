// Expanding rosters and opening hours into instants (roster.h).
#include "domain/appointments/roster.h"

#include <algorithm>

namespace peony::domain::appointments {
namespace {

// Subtracts `cut` from every interval of `set`.
std::vector<Interval> Subtract(const std::vector<Interval>& set, Interval cut) {
  std::vector<Interval> out;
  for (const auto& x : set) {
    if (cut.to <= x.from || x.to <= cut.from) {
      out.push_back(x);
      continue;
    }
    if (x.from < cut.from) out.push_back({x.from, cut.from});
    if (cut.to < x.to) out.push_back({cut.to, x.to});
  }
  return out;
}

std::vector<Interval> Merge(std::vector<Interval> v) {
  std::sort(v.begin(), v.end(),
            [](const Interval& a, const Interval& b) { return a.from < b.from; });
  std::vector<Interval> out;
  for (const auto& x : v) {
    if (x.to <= x.from) continue;
    if (!out.empty() && x.from <= out.back().to) {
      out.back().to = std::max(out.back().to, x.to);
    } else {
      out.push_back(x);
    }
  }
  return out;
}

void AddShift(const TimeZone& zone, const LocalDate& day, const Shift& s,
              std::vector<Interval>* out) {
  std::vector<Interval> parts{
      {LocalMinute(zone, day, s.start_min), LocalMinute(zone, day, s.end_min)}};
  for (const auto& [from, to] : s.breaks) {
    parts = Subtract(parts, {LocalMinute(zone, day, from), LocalMinute(zone, day, to)});
  }
  out->insert(out->end(), parts.begin(), parts.end());
}

}  // namespace

UtcMillis LocalMinute(const TimeZone& zone, const LocalDate& day, int minute) {
  if (minute >= 24 * 60) return zone.StartOfDay(AddDays(day, 1));
  LocalDateTime t;
  t.date = day;
  t.h = minute / 60;
  t.mi = minute % 60;
  return zone.ToUtc(t);
}

std::vector<Interval> WorkingTime(const Roster& roster, int64_t staff_id, int64_t branch_id,
                                  const LocalDate& from, const LocalDate& to,
                                  const TimeZone& zone) {
  std::vector<Interval> parts;
  for (LocalDate d = from; d <= to; d = AddDays(d, 1)) {
    bool off = false;
    for (const auto& o : roster.days) {
      if (o.staff_id != staff_id || o.day != d) continue;
      if (o.off) {
        off = true;
      } else if (o.branch_id == branch_id) {
        AddShift(zone, d, o.shift, &parts);
      }
    }
    if (off) continue;
    const int weekday = static_cast<int>(Weekday(d));
    for (const auto& w : roster.weekly) {
      if (w.staff_id == staff_id && w.branch_id == branch_id && w.weekday == weekday) {
        AddShift(zone, d, w.shift, &parts);
      }
    }
  }
  parts = Merge(std::move(parts));
  for (const auto& l : roster.leave) {
    if (l.staff_id == staff_id) parts = Subtract(parts, l.range);
  }
  return parts;
}

std::vector<Interval> LeaveOf(const Roster& roster, int64_t staff_id) {
  std::vector<Interval> out;
  for (const auto& l : roster.leave) {
    if (l.staff_id == staff_id) out.push_back(l.range);
  }
  return out;
}

std::vector<Interval> OpenTime(const std::vector<OpeningHours>& hours, const LocalDate& from,
                               const LocalDate& to, const TimeZone& zone) {
  std::vector<Interval> out;
  for (LocalDate d = from; d <= to; d = AddDays(d, 1)) {
    const int weekday = static_cast<int>(Weekday(d));
    for (const auto& h : hours) {
      if (h.weekday == weekday) {
        out.push_back({LocalMinute(zone, d, h.open_min), LocalMinute(zone, d, h.close_min)});
      }
    }
  }
  return Merge(std::move(out));
}

std::optional<int> ParseClock(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  for (size_t i : {0u, 1u, 3u, 4u}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  }
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

std::string FormatClock(int minute) {
  std::string out(5, '0');
  out[0] = static_cast<char>('0' + minute / 600);
  out[1] = static_cast<char>('0' + (minute / 60) % 10);
  out[2] = ':';
  out[3] = static_cast<char>('0' + (minute % 60) / 10);
  out[4] = static_cast<char>('0' + minute % 10);
  return out;
}

std::string CheckShift(const Shift& s) {
  if (s.start_min < 0 || s.end_min > 24 * 60 || s.start_min >= s.end_min) {
    return "start must be before end, within 00:00-24:00";
  }
  if (s.breaks.size() > 10) return "at most 10 breaks";
  for (const auto& [from, to] : s.breaks) {
    if (from >= to || from < s.start_min || to > s.end_min) return "a break outside the shift";
  }
  return "";
}

}  // namespace peony::domain::appointments
