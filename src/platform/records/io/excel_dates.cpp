#include "platform/records/io/excel_dates.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace peony::records::io {
namespace {

constexpr double kMaxSerial = 2958466.0;  // 10000-01-01 in the 1900 system

// Howard Hinnant's days_from_civil / civil_from_days (days since 1970-01-01).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int* y, int* m, int* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = static_cast<int>(static_cast<int64_t>(yoe) + era * 400 + (*m <= 2));
}

Cell MakeDateCell(const DateTime& dt, bool has_date, bool has_time, double serial) {
  Cell c;
  if (has_date && has_time) {
    c = Cell::DateAndTime(dt);
  } else if (has_date) {
    c = Cell::Date(dt.year, dt.month, dt.day);
  } else {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", dt.hour, dt.minute, dt.second);
    c.kind = Cell::Kind::kDate;
    c.date = dt;
    c.has_time = true;
    c.text = buf;
  }
  c.number = serial;
  return c;
}

bool ParseInt(std::string_view s, int* out) {
  if (s.empty()) return false;
  for (char ch : s) {
    if (ch < '0' || ch > '9') return false;
  }
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

NumberFormatKind ClassifyNumberFormat(int id, std::string_view code) {
  if (code.empty()) {
    if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 || (id >= 50 && id <= 54) ||
        id == 57 || id == 58) {
      return NumberFormatKind::kDate;
    }
    if (id == 22) return NumberFormatKind::kDateTime;
    if ((id >= 18 && id <= 21) || id == 45 || id == 47 || (id >= 32 && id <= 35) || id == 55 ||
        id == 56) {
      return NumberFormatKind::kTime;
    }
    return NumberFormatKind::kNumber;
  }
  bool y_or_d = false, month_or_minute = false, h_or_s = false;
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(code[i])));
    if (c == ';') break;  // only the first section (positive numbers) matters
    if (c == '"') {
      const size_t close = code.find('"', i + 1);
      if (close == std::string_view::npos) break;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is literal (or padding)
    } else if (c == '[') {
      const size_t close = code.find(']', i + 1);
      if (close == std::string_view::npos) break;
      const std::string_view inner = code.substr(i + 1, close - i - 1);
      const char first =
          inner.empty() ? '\0'
                        : static_cast<char>(std::tolower(static_cast<unsigned char>(inner[0])));
      if (first == 'h' || first == 'm' || first == 's') {
        bool elapsed = true;
        for (char ch : inner) {
          if (std::tolower(static_cast<unsigned char>(ch)) != first) elapsed = false;
        }
        if (elapsed) return NumberFormatKind::kNumber;  // a duration such as [h]:mm
      }
      i = close;
    } else if (c == 'g' && code.substr(i).size() >= 7) {
      std::string word;
      for (size_t k = 0; k < 7; ++k) {
        word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(code[i + k]))));
      }
      if (word == "general") i += 6;
    } else if (c == 'y' || c == 'd') {
      y_or_d = true;
    } else if (c == 'm') {
      month_or_minute = true;
    } else if (c == 'h' || c == 's') {
      h_or_s = true;
    }
  }
  const bool date = y_or_d || (month_or_minute && !h_or_s);
  if (date && h_or_s) return NumberFormatKind::kDateTime;
  if (date) return NumberFormatKind::kDate;
  if (h_or_s) return NumberFormatKind::kTime;
  return NumberFormatKind::kNumber;
}

std::optional<Cell> SerialToDateCell(double serial, bool date1904, NumberFormatKind kind) {
  if (kind == NumberFormatKind::kNumber) return std::nullopt;
  if (!std::isfinite(serial) || serial < 0 || serial >= kMaxSerial) return std::nullopt;
  const auto total_seconds = static_cast<int64_t>(std::llround(serial * 86400.0));
  int64_t days = total_seconds / 86400;
  const int64_t seconds = total_seconds % 86400;
  int64_t base;
  if (date1904) {
    base = DaysFromCivil(1904, 1, 1);
  } else if (days < 60) {
    base = DaysFromCivil(1899, 12, 31);
  } else if (days == 60) {
    base = DaysFromCivil(1899, 12, 31);  // the phantom 1900-02-29 reads as 1900-02-28
    days = 59;
  } else {
    base = DaysFromCivil(1899, 12, 30);
  }
  DateTime dt;
  CivilFromDays(base + days, &dt.year, &dt.month, &dt.day);
  if (dt.year > 9999) return std::nullopt;
  dt.hour = static_cast<int>(seconds / 3600);
  dt.minute = static_cast<int>(seconds / 60 % 60);
  dt.second = static_cast<int>(seconds % 60);
  const bool has_date = kind != NumberFormatKind::kTime;
  const bool has_time = kind != NumberFormatKind::kDate;
  if (!has_date) dt.year = dt.month = dt.day = 0;
  if (!has_time) dt.hour = dt.minute = dt.second = 0;
  return MakeDateCell(dt, has_date, has_time, serial);
}

double DateTimeToSerial(const DateTime& dt, bool has_date) {
  double days = 0;
  if (has_date) {
    const int64_t z =
        DaysFromCivil(dt.year, static_cast<unsigned>(dt.month), static_cast<unsigned>(dt.day));
    const bool before_phantom_day = z < DaysFromCivil(1900, 3, 1);
    days = static_cast<double>(z - DaysFromCivil(1899, 12, before_phantom_day ? 31 : 30));
  }
  return days + (dt.hour * 3600 + dt.minute * 60 + dt.second) / 86400.0;
}

std::optional<Cell> IsoToDateCell(std::string_view iso) {
  DateTime dt;
  if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
  if (!ParseInt(iso.substr(0, 4), &dt.year) || !ParseInt(iso.substr(5, 2), &dt.month) ||
      !ParseInt(iso.substr(8, 2), &dt.day)) {
    return std::nullopt;
  }
  if (dt.month < 1 || dt.month > 12 || dt.day < 1 || dt.day > 31) return std::nullopt;
  int y, m, d;
  CivilFromDays(DaysFromCivil(dt.year, dt.month, dt.day), &y, &m, &d);
  if (m != dt.month || d != dt.day) return std::nullopt;  // 2023-02-30
  if (iso.size() == 10) return MakeDateCell(dt, true, false, 0);
  if (iso.size() < 16 || (iso[10] != 'T' && iso[10] != ' ') || iso[13] != ':') return std::nullopt;
  if (!ParseInt(iso.substr(11, 2), &dt.hour) || !ParseInt(iso.substr(14, 2), &dt.minute)) {
    return std::nullopt;
  }
  std::string_view rest = iso.substr(16);
  if (rest.size() >= 3 && rest[0] == ':') {
    if (!ParseInt(rest.substr(1, 2), &dt.second)) return std::nullopt;
    rest.remove_prefix(3);
  }
  if (!rest.empty() && rest[0] == '.') {
    size_t k = 1;
    while (k < rest.size() && rest[k] >= '0' && rest[k] <= '9') ++k;
    rest.remove_prefix(k);  // fractions of a second are dropped
  }
  if (rest == "Z") rest = {};
  if (!rest.empty() || dt.hour > 23 || dt.minute > 59 || dt.second > 59) return std::nullopt;
  return MakeDateCell(dt, true, true, 0);
}

}  // namespace peony::records::io
