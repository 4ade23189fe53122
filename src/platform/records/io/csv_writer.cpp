#include "platform/records/io/csv_writer.h"

#include <cstdio>

#include "common/strings.h"

namespace peony::records::io {
namespace {

std::string DateCellText(const Cell& cell) {
  if (!cell.text.empty()) return cell.text;
  const DateTime& d = cell.date;
  char buf[48];
  if (cell.has_date && cell.has_time) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", d.year, d.month, d.day, d.hour,
                  d.minute, d.second);
  } else if (cell.has_time) {
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", d.hour, d.minute, d.second);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  }
  return buf;
}

}  // namespace

CsvWriter::CsvWriter(CsvWriteOptions options) : options_(options) {
  if (options_.byte_order_mark) out_ = "\xEF\xBB\xBF";
}

void CsvWriter::Field(std::string_view text, bool may_escape) {
  const bool escape = may_escape && options_.escape_formulas && LooksLikeFormula(text);
  // A first line starting "sep=" would be taken for Excel's delimiter hint: quote it.
  bool quote = at_start_ && StartsWith(text, "sep=");
  at_start_ = false;
  for (size_t i = 0; i < text.size() && !quote; ++i) {
    const char c = text[i];
    quote = c == options_.delimiter || c == '"' || c == '\n' || c == '\r';
  }
  if (!quote) {
    if (escape) out_.push_back('\'');
    out_.append(text);
    return;
  }
  out_.push_back('"');
  if (escape) out_.push_back('\'');
  for (char c : text) {
    if (c == '"') out_.push_back('"');
    out_.push_back(c);
  }
  out_.push_back('"');
}

void CsvWriter::WriteHeader(const std::vector<std::string>& headers) {
  for (size_t i = 0; i < headers.size(); ++i) {
    if (i > 0) out_.push_back(options_.delimiter);
    Field(headers[i], true);
  }
  out_.append("\r\n");
  at_start_ = false;
}

void CsvWriter::WriteRow(const std::vector<Cell>& cells) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out_.push_back(options_.delimiter);
    const Cell& cell = cells[i];
    switch (cell.kind) {
      case Cell::Kind::kEmpty:
        break;
      case Cell::Kind::kText:
        Field(cell.text, true);
        break;
      case Cell::Kind::kNumber:
        Field(FormatNumber(cell.number), false);
        break;
      case Cell::Kind::kBool:
        Field(cell.number != 0 ? "TRUE" : "FALSE", false);
        break;
      case Cell::Kind::kDate:
        Field(DateCellText(cell), true);
        break;
    }
  }
  out_.append("\r\n");
  at_start_ = false;
}

std::string CsvWriter::TakeData() {
  std::string taken;
  taken.swap(out_);
  return taken;
}

}  // namespace peony::records::io
