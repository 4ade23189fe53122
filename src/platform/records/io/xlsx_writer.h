// XLSX writer for exports, over libxlsxwriter: one worksheet, a bold frozen header row, typed
// cells (text as strings — never formulas —, numbers, booleans, dates "yyyy-mm-dd", date-times
// "yyyy-mm-dd hh:mm:ss", times "hh:mm:ss") and column widths fitted to the content.
//
// libxlsxwriter writes to a file: the writer works in a private temporary directory (mode 0700)
// and hands the file back as bytes from Finish(), removing the directory. In constant_memory mode
// (the default) rows go to disk as they are written, so a large export holds one row in memory.
//
// With escape_formulas (the default) text starting with = + - @, tab or CR gets a leading single
// quote, as in CsvWriter: XLSX strings are never evaluated, but an export is often re-saved as
// CSV. Turn it off for a lossless round trip. Text is cut at Excel's 32,767 characters per cell,
// invalid UTF-8 is replaced by U+FFFD and control characters other than tab and line breaks are
// dropped (XML cannot hold them).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "platform/records/io/sheet.h"

namespace peony::records::io {

struct XlsxWriteOptions {
  std::string sheet_name = "Sheet1";  // cut to 31 characters; []:*?/\ replaced
  bool escape_formulas = true;
  bool constant_memory = true;
};

// Not thread-safe; one writer per export.
class XlsxWriter {
 public:
  // Errors: export.failed when the temporary directory or the workbook cannot be created.
  static Result<std::unique_ptr<XlsxWriter>> Create(XlsxWriteOptions options = {});
  ~XlsxWriter();  // discards an unfinished workbook and removes the temporary directory
  XlsxWriter(const XlsxWriter&) = delete;
  XlsxWriter& operator=(const XlsxWriter&) = delete;

  // Call once, before any row.
  Status WriteHeader(const std::vector<std::string>& headers);
  // kDate cells are written from `date` (has_date / has_time choose the format).
  // Errors: export.too_many_rows past Excel's 1,048,576 rows; export.failed.
  Status WriteRow(const std::vector<Cell>& cells);
  // Width in characters of one column; without it a column fits its content (8 to 60).
  void SetColumnWidth(size_t column, double width);
  // Closes the workbook and returns the file. Call once. Errors: export.failed.
  Result<std::string> Finish();

 private:
  struct Impl;
  explicit XlsxWriter(std::unique_ptr<Impl> impl);
  Status WriteText(size_t row, size_t column, std::string_view text, bool header);

  std::unique_ptr<Impl> impl_;
};

}  // namespace peony::records::io
