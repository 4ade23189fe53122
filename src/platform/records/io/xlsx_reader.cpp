#include "platform/records/io/xlsx_reader.h"

#include <charconv>
#include <cstdint>
#include <string>
#include <vector>

#include "common/strings.h"
#include "platform/records/io/encoding.h"
#include "platform/records/io/errors.h"
#include "platform/records/io/excel_dates.h"
#include "platform/records/io/xlsx_workbook.h"
#include "platform/records/io/xml_stream.h"
#include "platform/records/io/zip_archive.h"

namespace peony::records::io {
namespace {

constexpr size_t kMaxSheetRows = 1048576;  // Excel's own limits
constexpr size_t kMaxSheetColumns = 16384;

// All shared strings in one buffer: a workbook may hold millions of them.
class SharedStrings {
 public:
  void Add(std::string_view s) {
    starts_.push_back(arena_.size());
    arena_.append(s);
  }
  size_t size() const { return starts_.size(); }
  std::string_view Get(size_t i) const {
    const size_t end = i + 1 < starts_.size() ? starts_[i + 1] : arena_.size();
    return std::string_view(arena_).substr(starts_[i], end - starts_[i]);
  }

 private:
  std::string arena_;
  std::vector<size_t> starts_;
};

size_t MaxToken(const ReadOptions& options) { return options.max_cell_bytes * 8 + 64 * 1024; }

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// OOXML writes characters XML cannot hold (and some it can, such as CR) as _xHHHH_; "_x005F_"
// escapes a literal underscore.
void DecodeOoxmlEscapes(std::string& s) {
  if (s.find("_x") == std::string::npos) return;
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && IsHex(s[i + 2]) && IsHex(s[i + 3]) &&
        IsHex(s[i + 4]) && IsHex(s[i + 5]) && s[i + 6] == '_') {
      const auto cp = static_cast<uint32_t>(std::stoul(s.substr(i + 2, 4), nullptr, 16));
      if (cp != 0 && (cp < 0xD800 || cp > 0xDFFF)) {
        AppendUtf8(out, cp);
        i += 7;
        continue;
      }
    }
    out.push_back(s[i++]);
  }
  s.swap(out);
}

Result<SharedStrings> ReadSharedStrings(ZipArchive& archive, std::string_view part,
                                        const ReadOptions& options) {
  PEONY_TRY(auto entry, archive.OpenEntry(part));
  XmlPullParser xml([r = entry.get()](char* b, size_t n) { return r->Read(b, n); },
                    std::string(part), MaxToken(options));
  SharedStrings out;
  std::string current;
  bool in_si = false, in_t = false;
  size_t phonetic_depth = 0;
  while (true) {
    PEONY_TRY(auto event, xml.Next());
    if (event == XmlPullParser::Event::kEof) break;
    if (event == XmlPullParser::Event::kStart) {
      const std::string_view name = xml.name();
      if (name == "si") {
        in_si = true;
        current.clear();
      } else if (name == "rPh") {
        ++phonetic_depth;
      } else if (name == "t" && in_si) {
        in_t = true;
      }
    } else if (event == XmlPullParser::Event::kEnd) {
      const std::string_view name = xml.name();
      if (name == "si" && in_si) {
        DecodeOoxmlEscapes(current);
        if (!IsValidUtf8(current) || current.find('\0') != std::string::npos) {
          return errors::BadXlsx("text that is not valid UTF-8 in " + std::string(part));
        }
        out.Add(current);
        in_si = false;
      } else if (name == "rPh" && phonetic_depth > 0) {
        --phonetic_depth;
      } else if (name == "t") {
        in_t = false;
      }
    } else if (in_t && phonetic_depth == 0) {
      current.append(xml.text());
      if (current.size() > options.max_cell_bytes) {
        return errors::LimitExceeded("max_cell_bytes", options.max_cell_bytes);
      }
    }
  }
  return out;
}

template <class T>
bool ParseWhole(std::string_view s, T* out) {
  while (!s.empty() && (s.front() == ' ' || s.back() == ' ')) {
    s = s.front() == ' ' ? s.substr(1) : s.substr(0, s.size() - 1);
  }
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

class SheetReader {
 public:
  SheetReader(const ReadOptions& options, const WorkbookLayout& layout, const SharedStrings& shared,
              const std::vector<NumberFormatKind>& styles, RowSink& sink)
      : options_(options), layout_(layout), shared_(shared), styles_(styles), sink_(sink) {}

  Status Run(XmlPullParser& xml) {
    while (true) {
      PEONY_TRY(auto event, xml.Next());
      if (event == XmlPullParser::Event::kEof) break;
      if (event == XmlPullParser::Event::kText) {
        if (in_value_ || (in_inline_ && in_t_ && phonetic_depth_ == 0)) {
          value_.append(xml.text());
          if (value_.size() > options_.max_cell_bytes) {
            return errors::LimitExceeded("max_cell_bytes", options_.max_cell_bytes, row_number_);
          }
        }
        continue;
      }
      const std::string_view name = xml.name();
      if (event == XmlPullParser::Event::kStart) {
        PEONY_CHECK(Start(xml, name));
        continue;
      }
      if (name == "sheetData") break;  // nothing after it is a cell
      if (name == "row" && in_row_) {
        in_row_ = false;
        PEONY_TRY(Flow flow, EndRow());
        if (flow == Flow::kStop) return Ok();
      } else if (name == "c" && in_cell_) {
        in_cell_ = false;
        PEONY_CHECK(EndCell());
      } else if (name == "v") {
        in_value_ = false;
      } else if (name == "is") {
        in_inline_ = false;
      } else if (name == "t") {
        in_t_ = false;
      } else if (name == "rPh" && phonetic_depth_ > 0) {
        --phonetic_depth_;
      }
    }
    if (!have_header_) return errors::EmptyFile();
    return Ok();
  }

 private:
  Status Start(XmlPullParser& xml, std::string_view name) {
    if (name == "sheetData") {
      in_sheet_data_ = true;
    } else if (name == "row" && in_sheet_data_) {
      in_row_ = true;
      const std::string* r = xml.Attribute("r");
      size_t number = row_number_ + 1;
      if (r != nullptr && (!ParseWhole(*r, &number) || number == 0 || number > kMaxSheetRows)) {
        return errors::BadXlsx("a bad row number", row_number_ + 1);
      }
      row_number_ = number;
      row_.cells.clear();
      width_ = 0;
      column_ = SIZE_MAX;
    } else if (name == "c" && in_row_) {
      in_cell_ = true;
      has_value_ = false;
      value_.clear();
      const std::string* t = xml.Attribute("t");
      type_ = t != nullptr ? *t : std::string("n");
      const std::string* s = xml.Attribute("s");
      style_ = SIZE_MAX;
      if (s != nullptr && !ParseWhole(*s, &style_)) style_ = SIZE_MAX;
      const std::string* ref = xml.Attribute("r");
      if (ref != nullptr) {
        PEONY_CHECK(ParseColumn(*ref));
      } else {
        column_ = column_ == SIZE_MAX ? 0 : column_ + 1;
      }
      if (column_ >= kMaxSheetColumns) return errors::BadXlsx("a bad cell reference", row_number_);
    } else if (name == "v" && in_cell_) {
      in_value_ = true;
      has_value_ = true;
    } else if (name == "is" && in_cell_) {
      in_inline_ = true;
      has_value_ = true;
    } else if (name == "t" && in_inline_) {
      in_t_ = true;
    } else if (name == "rPh" && in_inline_) {
      ++phonetic_depth_;
    }
    return Ok();
  }

  // "AB12" → column 27 (0-based); the digits are the row, which the row element already gave.
  Status ParseColumn(std::string_view ref) {
    size_t col = 0, letters = 0;
    for (char c : ref) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      if (c < 'A' || c > 'Z') break;
      col = col * 26 + static_cast<size_t>(c - 'A' + 1);
      if (++letters > 3) return errors::BadXlsx("a bad cell reference", row_number_);
    }
    if (letters == 0) return errors::BadXlsx("a bad cell reference", row_number_);
    column_ = col - 1;
    return Ok();
  }

  Result<Cell> Convert() {
    Cell cell;
    if (!has_value_) return cell;
    if (type_ == "s") {
      size_t index = 0;
      if (!ParseWhole(value_, &index) || index >= shared_.size()) {
        return errors::BadXlsx("a shared string that does not exist", row_number_);
      }
      return Cell::Text(std::string(shared_.Get(index)));
    }
    if (type_ == "inlineStr" || type_ == "str" || type_ == "e") {
      DecodeOoxmlEscapes(value_);
      if (!IsValidUtf8(value_) || value_.find('\0') != std::string::npos) {
        return errors::BadXlsx("text that is not valid UTF-8", row_number_);
      }
      return Cell::Text(value_);
    }
    if (type_ == "b") {
      if (value_ == "1" || value_ == "true") return Cell::Bool(true);
      if (value_ == "0" || value_ == "false") return Cell::Bool(false);
      return errors::BadXlsx("a boolean cell that is neither 0 nor 1", row_number_);
    }
    if (type_ == "d") {
      if (auto date = IsoToDateCell(value_)) return *date;
      return errors::BadXlsx("a date cell that is not an ISO 8601 date", row_number_);
    }
    if (value_.empty()) return cell;
    double number = 0;
    if (!ParseWhole(value_, &number)) {
      return errors::BadXlsx("a number cell that is not a number", row_number_);
    }
    if (style_ < styles_.size()) {
      if (auto date = SerialToDateCell(number, layout_.date1904, styles_[style_])) return *date;
    }
    return Cell::Number(number);
  }

  Status EndCell() {
    PEONY_TRY(Cell cell, Convert());
    if (cell.empty()) return Ok();
    if (column_ >= options_.max_columns) {
      return errors::LimitExceeded("max_columns", options_.max_columns, row_number_);
    }
    if (row_.cells.size() <= column_) row_.cells.resize(column_ + 1);
    row_.cells[column_] = std::move(cell);
    width_ = std::max(width_, column_ + 1);
    return Ok();
  }

  Result<Flow> EndRow() {
    if (width_ == 0) return Flow::kContinue;  // a blank row
    if (!have_header_) {
      if (row_number_ < options_.header_row) return Flow::kContinue;
      Sheet sheet;
      sheet.name = layout_.sheet_name;
      sheet.header_row = row_number_;
      sheet.headers.reserve(width_);
      for (size_t i = 0; i < width_; ++i) sheet.headers.push_back(row_.cells[i].text);
      have_header_ = true;
      header_width_ = width_;
      return sink_.OnHeader(sheet);
    }
    if (++data_rows_ > options_.max_rows) {
      return errors::LimitExceeded("max_rows", options_.max_rows, row_number_);
    }
    row_.number = row_number_;
    row_.field_count = width_;
    row_.ragged = false;
    row_.cells.resize(std::max(width_, header_width_));
    return sink_.OnRow(row_);
  }

  const ReadOptions& options_;
  const WorkbookLayout& layout_;
  const SharedStrings& shared_;
  const std::vector<NumberFormatKind>& styles_;
  RowSink& sink_;

  bool in_sheet_data_ = false, in_row_ = false, in_cell_ = false;
  bool in_value_ = false, in_inline_ = false, in_t_ = false;
  size_t phonetic_depth_ = 0;
  size_t row_number_ = 0;
  size_t column_ = SIZE_MAX;  // of the current cell; SIZE_MAX before the row's first
  std::string type_;
  size_t style_ = SIZE_MAX;
  std::string value_;
  bool has_value_ = false;

  Row row_;
  size_t width_ = 0;  // last non-empty column of the current row + 1
  bool have_header_ = false;
  size_t header_width_ = 0;
  size_t data_rows_ = 0;
};

}  // namespace

Status ReadXlsx(std::string_view bytes, const ReadOptions& options, RowSink& sink) {
  PEONY_TRY(auto archive, ZipArchive::Open(bytes, options));
  PEONY_TRY(WorkbookLayout layout, LocateWorkbook(*archive, options));
  std::vector<NumberFormatKind> styles;
  if (!layout.styles_part.empty()) {
    PEONY_TRY(styles, ReadCellStyles(*archive, layout.styles_part));
  }
  SharedStrings shared;
  if (!layout.shared_strings_part.empty()) {
    PEONY_TRY(shared, ReadSharedStrings(*archive, layout.shared_strings_part, options));
  }
  PEONY_TRY(auto entry, archive->OpenEntry(layout.sheet_part));
  XmlPullParser xml([r = entry.get()](char* b, size_t n) { return r->Read(b, n); },
                    layout.sheet_part, MaxToken(options));
  SheetReader reader(options, layout, shared, styles, sink);
  return reader.Run(xml);
}

}  // namespace peony::records::io
