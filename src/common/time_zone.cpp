#include "common/time_zone.h"

#include <date/date.h>
#include <date/tz.h>

#include <chrono>
#include <exception>

// Debian's libhowardhinnant-date-dev is built to read the system tzdata; its CMake target
// date::date-tz passes USE_OS_TZDB=1. Without it the library would try to download the database
// at run time, which a private deployment must never do.
#if !defined(USE_OS_TZDB) || !USE_OS_TZDB
#error "date/tz must be used with USE_OS_TZDB=1 (link the date::date-tz CMake target)"
#endif

namespace peony {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

void Put(std::string& out, int64_t v, int width) {
  char buf[24];
  int n = 0;
  for (; n < width || v > 0; ++n, v /= 10) buf[n] = static_cast<char>('0' + v % 10);
  while (n > 0) out.push_back(buf[--n]);
}

LocalDateTime FromLocalMillis(int64_t local_ms) {
  const int64_t day = local_ms >= 0 ? local_ms / 86'400'000 : (local_ms - 86'399'999) / 86'400'000;
  const int64_t in_day = local_ms - day * 86'400'000;
  LocalDateTime t;
  t.date = DateFromDays(day);
  t.h = static_cast<int>(in_day / 3'600'000);
  t.mi = static_cast<int>(in_day / 60'000 % 60);
  t.s = static_cast<int>(in_day / 1000 % 60);
  t.ms = static_cast<int>(in_day % 1000);
  return t;
}

int64_t ToLocalMillis(const LocalDateTime& t) {
  return DaysSinceEpoch(t.date) * 86'400'000 + int64_t{t.h} * 3'600'000 + int64_t{t.mi} * 60'000 +
         int64_t{t.s} * 1000 + t.ms;
}

// A plausible IANA name: letters, digits and "/_-+", no "..": keeps odd text away from the
// library's file lookups.
bool PlausibleZoneName(std::string_view s) {
  if (s.empty() || s.size() > 64 || s.front() == '/' || s.find("..") != std::string_view::npos) {
    return false;
  }
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '/' || c == '_' || c == '-' || c == '+';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

bool IsValidDate(const LocalDate& d) {
  return d.y >= -32767 && d.y <= 32767 && d.d >= 1 && d.d <= DaysInMonth(d.y, d.m);
}

bool IsValidDateTime(const LocalDateTime& t) {
  return IsValidDate(t.date) && t.h >= 0 && t.h <= 23 && t.mi >= 0 && t.mi <= 59 && t.s >= 0 &&
         t.s <= 59 && t.ms >= 0 && t.ms <= 999;
}

int64_t DaysSinceEpoch(const LocalDate& d) {
  return date::sys_days{date::year{d.y} / date::month{d.m} / date::day{d.d}}
      .time_since_epoch()
      .count();
}

LocalDate DateFromDays(int64_t days) {
  const date::year_month_day ymd{date::sys_days{date::days{days}}};
  return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
          static_cast<unsigned>(ymd.day())};
}

LocalDate AddDays(const LocalDate& d, int64_t days) {
  return DateFromDays(DaysSinceEpoch(d) + days);
}

unsigned Weekday(const LocalDate& d) {
  return date::weekday{date::sys_days{date::days{DaysSinceEpoch(d)}}}.c_encoding();
}

std::optional<LocalDate> ParseDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int v[3] = {0, 0, 0};
  const size_t starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
  for (int part = 0; part < 3; ++part) {
    for (size_t i = starts[part]; i < starts[part] + lens[part]; ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      v[part] = v[part] * 10 + (s[i] - '0');
    }
  }
  const LocalDate d{v[0], static_cast<unsigned>(v[1]), static_cast<unsigned>(v[2])};
  if (d.y < 1 || !IsValidDate(d)) return std::nullopt;
  return d;
}

std::string FormatDate(const LocalDate& d) {
  std::string out;
  out.reserve(10);
  if (d.y < 0) out.push_back('-');
  Put(out, d.y < 0 ? -int64_t{d.y} : d.y, 4);
  out.push_back('-');
  Put(out, d.m, 2);
  out.push_back('-');
  Put(out, d.d, 2);
  return out;
}

std::string FormatDateTime(const LocalDateTime& t) {
  std::string out = FormatDate(t.date);
  out.push_back(' ');
  Put(out, t.h, 2);
  out.push_back(':');
  Put(out, t.mi, 2);
  if (t.s != 0 || t.ms != 0) {
    out.push_back(':');
    Put(out, t.s, 2);
  }
  return out;
}

Result<TimeZone> TimeZone::Find(std::string_view iana_name) {
  auto unknown = [&] {
    return MakeError(ErrorKind::kInvalidArgument, "time.unknown_zone", "未知的时区",
                     "Unknown time zone")
        .WithDetails(boost::json::object{{"zone", std::string(iana_name.substr(0, 64))}})
        .WithStatus(422);
  };
  if (iana_name == "UTC") return Utc();
  if (!PlausibleZoneName(iana_name)) return unknown();
  try {
    return TimeZone(date::locate_zone(iana_name));
  } catch (const std::exception&) {
    // locate_zone throws for an unknown name, and for an unreadable system database.
    return unknown();
  }
}

TimeZone TimeZone::Utc() { return TimeZone(nullptr); }

std::string_view TimeZone::name() const {
  if (!zone_) return "UTC";
  return zone_->name();  // lives as long as the process-wide database
}

UtcMillis TimeZone::ToUtc(const LocalDateTime& t) const {
  const int64_t local_ms = ToLocalMillis(t);
  if (!zone_) return local_ms;
  const date::local_seconds local_s{date::floor<seconds>(milliseconds{local_ms})};
  const date::local_info info = zone_->get_info(local_s);
  // unique: first. nonexistent: the offset in force before the gap, which moves the time forward
  // by the gap's length. ambiguous: first is the earlier of the two instants.
  const auto offset_ms = std::chrono::duration_cast<milliseconds>(info.first.offset).count();
  return local_ms - offset_ms;
}

int TimeZone::OffsetMinutes(UtcMillis t) const {
  if (!zone_) return 0;
  const date::sys_seconds s{date::floor<seconds>(milliseconds{t})};
  return static_cast<int>(
      std::chrono::duration_cast<std::chrono::minutes>(zone_->get_info(s).offset).count());
}

LocalDateTime TimeZone::ToLocal(UtcMillis t) const {
  return FromLocalMillis(t + int64_t{OffsetMinutes(t)} * 60'000);
}

LocalDate TimeZone::DateOf(UtcMillis t) const { return ToLocal(t).date; }

UtcMillis TimeZone::StartOfDay(const LocalDate& d) const { return ToUtc(LocalDateTime{d}); }

std::string TimeZone::FormatLocal(UtcMillis t) const {
  LocalDateTime local = ToLocal(t);
  local.s = 0;
  local.ms = 0;
  return FormatDateTime(local);
}

std::string TimeZone::FormatRfc3339Local(UtcMillis t) const {
  const int offset = OffsetMinutes(t);
  const LocalDateTime l = FromLocalMillis(t + int64_t{offset} * 60'000);
  std::string out = FormatDate(l.date);
  out.push_back('T');
  Put(out, l.h, 2);
  out.push_back(':');
  Put(out, l.mi, 2);
  out.push_back(':');
  Put(out, l.s, 2);
  out.push_back('.');
  Put(out, l.ms, 3);
  if (offset == 0) {
    out.push_back('Z');
  } else {
    out.push_back(offset < 0 ? '-' : '+');
    const int a = offset < 0 ? -offset : offset;
    Put(out, a / 60, 2);
    out.push_back(':');
    Put(out, a % 60, 2);
  }
  return out;
}

}  // namespace peony
