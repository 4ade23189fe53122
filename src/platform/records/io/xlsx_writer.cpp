#include "platform/records/io/xlsx_writer.h"

#include <stdlib.h>  // mkdtemp
#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

#include "common/strings.h"
#include "platform/records/io/errors.h"
#include "platform/records/io/excel_dates.h"

namespace peony::records::io {
namespace {

constexpr size_t kMaxCellChars = 32767;
constexpr size_t kMaxRows = LXW_ROW_MAX;
constexpr size_t kMaxColumns = LXW_COL_MAX;
constexpr double kMinWidth = 8, kMaxWidth = 60;

// Length of the valid UTF-8 sequence at `i`, 0 when it is not one.
size_t SequenceAt(std::string_view s, size_t i, uint32_t* cp_out) {
  return DecodeUtf8(s, i, cp_out);
}

// Text XML and Excel can hold; `width` gets its display width (CJK counts two).
std::string CleanText(std::string_view in, bool quote, double* width) {
  std::string out;
  out.reserve(in.size() + 1);
  size_t chars = 0;
  double w = 0;
  if (quote) {
    out.push_back('\'');
    ++chars;
    ++w;
  }
  for (size_t i = 0; i < in.size() && chars < kMaxCellChars;) {
    uint32_t cp = 0;
    const size_t len = SequenceAt(in, i, &cp);
    if (len == 0) {
      out.append("\xEF\xBF\xBD");  // U+FFFD for a broken byte
      ++i;
    } else {
      if (cp >= 0x20 || cp == '\t' || cp == '\n' || cp == '\r') out.append(in.substr(i, len));
      i += len;
    }
    ++chars;
    w += cp >= 0x1100 ? 2 : 1;
  }
  *width = w;
  return out;
}

std::string CleanSheetName(std::string_view name) {
  std::string out;
  double unused = 0;
  size_t chars = 0;
  const std::string clean = CleanText(name, false, &unused);
  for (size_t i = 0; i < clean.size() && chars < 31;) {
    uint32_t cp = 0;
    const size_t len = std::max<size_t>(SequenceAt(clean, i, &cp), 1);
    const char c = clean[i];
    if (len == 1 && (c == '[' || c == ']' || c == ':' || c == '*' || c == '?' || c == '/' ||
                     c == '\\' || static_cast<unsigned char>(c) < 0x20)) {
      out.push_back('_');
    } else {
      out.append(clean, i, len);
    }
    i += len;
    ++chars;
  }
  while (!out.empty() && out.front() == '\'') out.erase(0, 1);
  while (!out.empty() && out.back() == '\'') out.pop_back();
  return out.empty() ? std::string("Sheet1") : out;
}

}  // namespace

struct XlsxWriter::Impl {
  XlsxWriteOptions options;
  std::filesystem::path dir;
  std::string tmpdir, path;
  lxw_workbook* workbook = nullptr;
  lxw_worksheet* sheet = nullptr;
  lxw_format* bold = nullptr;
  lxw_format* date = nullptr;
  lxw_format* datetime = nullptr;
  lxw_format* time = nullptr;
  size_t next_row = 0;
  std::vector<double> fitted, fixed;

  ~Impl() {
    if (workbook != nullptr) lxw_workbook_free(workbook);
    std::error_code ec;
    if (!dir.empty()) std::filesystem::remove_all(dir, ec);
  }
  void Fit(size_t column, double width) {
    if (fitted.size() <= column) fitted.resize(column + 1, 0);
    fitted[column] = std::max(fitted[column], width);
  }
};

XlsxWriter::XlsxWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
XlsxWriter::~XlsxWriter() = default;

Result<std::unique_ptr<XlsxWriter>> XlsxWriter::Create(XlsxWriteOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  std::error_code ec;
  std::string pattern = (std::filesystem::temp_directory_path(ec) / "peony-xlsx-XXXXXX").string();
  if (ec || mkdtemp(pattern.data()) == nullptr) {
    return errors::ExportFailed("cannot create a temporary directory");
  }
  impl->dir = pattern;
  impl->tmpdir = pattern;
  impl->path = (impl->dir / "export.xlsx").string();
  lxw_workbook_options wb_options = {};
  wb_options.constant_memory = impl->options.constant_memory ? LXW_TRUE : LXW_FALSE;
  wb_options.tmpdir = impl->tmpdir.data();
  wb_options.use_zip64 = LXW_TRUE;  // exports past 4 GiB inflated stay readable
  impl->workbook = workbook_new_opt(impl->path.c_str(), &wb_options);
  if (impl->workbook == nullptr) return errors::ExportFailed("cannot create the workbook");
  impl->sheet =
      workbook_add_worksheet(impl->workbook, CleanSheetName(impl->options.sheet_name).c_str());
  if (impl->sheet == nullptr) impl->sheet = workbook_add_worksheet(impl->workbook, nullptr);
  if (impl->sheet == nullptr) return errors::ExportFailed("cannot add a worksheet");
  impl->bold = workbook_add_format(impl->workbook);
  format_set_bold(impl->bold);
  impl->date = workbook_add_format(impl->workbook);
  format_set_num_format(impl->date, "yyyy-mm-dd");
  impl->datetime = workbook_add_format(impl->workbook);
  format_set_num_format(impl->datetime, "yyyy-mm-dd hh:mm:ss");
  impl->time = workbook_add_format(impl->workbook);
  format_set_num_format(impl->time, "hh:mm:ss");
  return std::unique_ptr<XlsxWriter>(new XlsxWriter(std::move(impl)));
}

Status XlsxWriter::WriteText(size_t row, size_t column, std::string_view text, bool header) {
  double width = 0;
  const bool quote = impl_->options.escape_formulas && LooksLikeFormula(text);
  const std::string clean = CleanText(text, quote, &width);
  impl_->Fit(column, width);
  const lxw_error err = worksheet_write_string(impl_->sheet, static_cast<lxw_row_t>(row),
                                               static_cast<lxw_col_t>(column), clean.c_str(),
                                               header ? impl_->bold : nullptr);
  if (err != LXW_NO_ERROR) return errors::ExportFailed(lxw_strerror(err));
  return Ok();
}

Status XlsxWriter::WriteHeader(const std::vector<std::string>& headers) {
  if (impl_->next_row != 0) return errors::ExportFailed("the header must come first");
  if (headers.size() > kMaxColumns) return errors::ExportFailed("too many columns");
  for (size_t i = 0; i < headers.size(); ++i)
    PEONY_CHECK(WriteText(0, i, headers[i], /*header=*/true));
  worksheet_freeze_panes(impl_->sheet, 1, 0);
  impl_->next_row = 1;
  return Ok();
}

Status XlsxWriter::WriteRow(const std::vector<Cell>& cells) {
  if (impl_->workbook == nullptr) return errors::ExportFailed("the workbook is finished");
  const size_t row = impl_->next_row;
  if (row >= kMaxRows) return errors::ExportTooManyRows(kMaxRows - 1);
  if (cells.size() > kMaxColumns) return errors::ExportFailed("too many columns");
  const auto r = static_cast<lxw_row_t>(row);
  for (size_t i = 0; i < cells.size(); ++i) {
    const Cell& cell = cells[i];
    const auto c = static_cast<lxw_col_t>(i);
    lxw_error err = LXW_NO_ERROR;
    switch (cell.kind) {
      case Cell::Kind::kEmpty:
        break;
      case Cell::Kind::kText:
        PEONY_CHECK(WriteText(row, i, cell.text, /*header=*/false));
        break;
      case Cell::Kind::kNumber: {
        if (!std::isfinite(cell.number)) break;
        impl_->Fit(i, static_cast<double>(FormatNumber(cell.number).size()));
        err = worksheet_write_number(impl_->sheet, r, c, cell.number, nullptr);
        break;
      }
      case Cell::Kind::kBool:
        impl_->Fit(i, 5);
        err = worksheet_write_boolean(impl_->sheet, r, c, cell.number != 0 ? 1 : 0, nullptr);
        break;
      case Cell::Kind::kDate: {
        const bool in_range = !cell.has_date || (cell.date.year >= 1900 && cell.date.year <= 9999);
        if (!in_range || (!cell.has_date && !cell.has_time)) {
          PEONY_CHECK(WriteText(row, i, cell.text, /*header=*/false));
          break;
        }
        lxw_format* format =
            cell.has_date ? (cell.has_time ? impl_->datetime : impl_->date) : impl_->time;
        impl_->Fit(i, cell.has_date && cell.has_time ? 19 : 10);
        err = worksheet_write_number(impl_->sheet, r, c, DateTimeToSerial(cell.date, cell.has_date),
                                     format);
        break;
      }
    }
    if (err != LXW_NO_ERROR) return errors::ExportFailed(lxw_strerror(err));
  }
  impl_->next_row = row + 1;
  return Ok();
}

void XlsxWriter::SetColumnWidth(size_t column, double width) {
  if (column >= kMaxColumns) return;
  if (impl_->fixed.size() <= column) impl_->fixed.resize(column + 1, 0);
  impl_->fixed[column] = width;
}

Result<std::string> XlsxWriter::Finish() {
  if (impl_->workbook == nullptr) return errors::ExportFailed("the workbook is finished");
  const size_t columns = std::max(impl_->fitted.size(), impl_->fixed.size());
  for (size_t i = 0; i < columns; ++i) {
    double width = i < impl_->fixed.size() ? impl_->fixed[i] : 0;
    if (width <= 0) {
      width =
          std::clamp((i < impl_->fitted.size() ? impl_->fitted[i] : 0) + 2, kMinWidth, kMaxWidth);
    }
    const auto c = static_cast<lxw_col_t>(i);
    worksheet_set_column(impl_->sheet, c, c, width, nullptr);
  }
  const lxw_error err = workbook_close(impl_->workbook);  // frees the workbook, even on error
  impl_->workbook = nullptr;
  if (err != LXW_NO_ERROR) return errors::ExportFailed(lxw_strerror(err));
  std::ifstream in(impl_->path, std::ios::binary);
  if (!in) return errors::ExportFailed("cannot read the written workbook back");
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  std::error_code ec;
  std::filesystem::remove_all(impl_->dir, ec);
  impl_->dir.clear();
  return bytes;
}

}  // namespace peony::records::io
