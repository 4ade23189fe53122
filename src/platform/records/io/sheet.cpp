#include "platform/records/io/sheet.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "platform/records/io/errors.h"

namespace peony::records::io {
namespace {

std::string TwoDigits(int v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

std::string DateText(const DateTime& d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

}  // namespace

Cell Cell::Text(std::string s) {
  Cell c;
  c.kind = s.empty() ? Kind::kEmpty : Kind::kText;
  c.text = std::move(s);
  return c;
}

Cell Cell::Number(double v) {
  Cell c;
  c.kind = Kind::kNumber;
  c.number = v;
  c.text = FormatNumber(v);
  return c;
}

Cell Cell::Bool(bool v) {
  Cell c;
  c.kind = Kind::kBool;
  c.number = v ? 1 : 0;
  c.text = v ? "TRUE" : "FALSE";
  return c;
}

Cell Cell::Date(int year, int month, int day) {
  Cell c;
  c.kind = Kind::kDate;
  c.date = DateTime{year, month, day, 0, 0, 0};
  c.has_date = true;
  c.text = DateText(c.date);
  return c;
}

Cell Cell::DateAndTime(const DateTime& dt) {
  Cell c;
  c.kind = Kind::kDate;
  c.date = dt;
  c.has_date = true;
  c.has_time = true;
  c.text = DateText(dt) + " " + TwoDigits(dt.hour) + ":" + TwoDigits(dt.minute) + ":" +
           TwoDigits(dt.second);
  return c;
}

Flow RowCollector::OnHeader(const Sheet& s) {
  sheet = s;
  return max_rows_ == 0 ? Flow::kStop : Flow::kContinue;
}

Flow RowCollector::OnRow(const Row& row) {
  rows.push_back(row);
  return rows.size() >= max_rows_ ? Flow::kStop : Flow::kContinue;
}

Result<FileKind> DetectKind(std::string_view bytes) {
  if (bytes.empty()) return errors::EmptyFile();
  if (bytes.size() >= 4 && bytes.substr(0, 2) == "PK" &&
      (bytes.substr(2, 2) == "\x03\x04" || bytes.substr(2, 2) == "\x05\x06" ||
       bytes.substr(2, 2) == "\x07\x08")) {
    return FileKind::kXlsx;
  }
  if (bytes.substr(0, 8) == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
    return errors::UnsupportedFormat(
        "an OLE2 file: a legacy .xls or a password-protected workbook");
  }
  // UTF-16 text is full of NUL bytes, so a BOM settles it before the binary check.
  if (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF") {
    return FileKind::kCsv;
  }
  if (bytes.substr(0, 4096).find('\0') != std::string_view::npos) {
    return errors::UnsupportedFormat("binary data");
  }
  return FileKind::kCsv;
}

std::string FormatNumber(double v) {
  if (std::isnan(v) || std::isinf(v)) return std::string();
  if (v == 0) return "0";  // also for -0
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (ec != std::errc()) return std::string();
  return std::string(buf, end);
}

bool LooksLikeFormula(std::string_view text) {
  if (text.empty()) return false;
  switch (text.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return true;
    default:
      return false;
  }
}

}  // namespace peony::records::io
