// Error codes of the file readers and writers (import.*, export.*). Codes are stable.
//
// Every error about a place in a file carries details {"row": n} (1-based, as a spreadsheet shows
// it) and, where it helps, "reason" (English, for logs and support) and the limit's name.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace peony::records::io::errors {

inline Error EmptyFile() {
  return MakeError(ErrorKind::kInvalidArgument, "import.empty_file", "文件是空的，没有表头行",
                   "The file is empty: there is no header row")
      .WithStatus(422);
}
inline Error UnsupportedFormat(std::string_view reason) {
  return MakeError(ErrorKind::kInvalidArgument, "import.unsupported_format",
                   "不支持的文件格式：请上传 .xlsx 或 .csv 文件（旧版 .xls 请另存为 .xlsx，"
                   "加密的工作簿请先取消密码）",
                   "Unsupported file format: upload .xlsx or .csv (save legacy .xls as .xlsx and "
                   "remove the password from protected workbooks)")
      .WithDetails(boost::json::object{{"reason", reason}})
      .WithStatus(422);
}
// `row` 0 when the place is unknown.
inline Error BadCsv(size_t row, std::string_view reason) {
  boost::json::object d{{"reason", reason}};
  if (row > 0) d["row"] = row;
  return MakeError(ErrorKind::kInvalidArgument, "import.bad_csv",
                   "CSV 文件格式错误" + (row > 0 ? "（第 " + std::to_string(row) + " 行）" : ""),
                   "Malformed CSV file" + (row > 0 ? " (row " + std::to_string(row) + ")" : ""))
      .WithDetails(std::move(d))
      .WithStatus(422);
}
inline Error BadEncoding(size_t row) {
  return MakeError(ErrorKind::kInvalidArgument, "import.bad_encoding",
                   "第 " + std::to_string(row) +
                       " 行含有无法识别的字符，请将文件保存为 UTF-8 或 GB18030 编码",
                   "Row " + std::to_string(row) +
                       " has bytes that are neither UTF-8 nor GB18030; save the file as UTF-8")
      .WithDetails(boost::json::object{{"row", row}})
      .WithStatus(422);
}
// `row` 0 when the problem is not in a row (the archive, the workbook, styles).
inline Error BadXlsx(std::string_view reason, size_t row = 0) {
  boost::json::object d{{"reason", reason}};
  if (row > 0) d["row"] = row;
  return MakeError(ErrorKind::kInvalidArgument, "import.bad_xlsx",
                   "文件不是有效的 Excel 文件" +
                       (row > 0 ? "（第 " + std::to_string(row) + " 行）" : std::string()),
                   "The file is not a valid Excel workbook" +
                       (row > 0 ? " (row " + std::to_string(row) + ")" : std::string()))
      .WithDetails(std::move(d))
      .WithStatus(422);
}
inline Error HostileXml(std::string_view part) {
  return MakeError(ErrorKind::kInvalidArgument, "import.hostile_xml",
                   "文件包含不允许的 XML 声明（DOCTYPE/ENTITY），已拒绝",
                   "The file contains a forbidden XML declaration (DOCTYPE/ENTITY)")
      .WithDetails(boost::json::object{{"part", part}})
      .WithStatus(422);
}
inline Error SheetNotFound(std::string_view name) {
  return MakeError(ErrorKind::kNotFound, "import.sheet_not_found", "工作簿中没有该工作表",
                   "The workbook has no such worksheet")
      .WithDetails(boost::json::object{{"sheet", name}})
      .WithStatus(422);
}
// `limit` names the ReadOptions member ("max_rows", "max_uncompressed_bytes", ...).
inline Error LimitExceeded(std::string_view limit, size_t max, size_t row = 0) {
  boost::json::object d{{"limit", limit}, {"max", max}};
  if (row > 0) d["row"] = row;
  return MakeError(ErrorKind::kTooLarge, "import.limit_exceeded",
                   "文件超出导入上限（" + std::string(limit) + " = " + std::to_string(max) + "）" +
                       (row > 0 ? "，位于第 " + std::to_string(row) + " 行" : std::string()),
                   "The file exceeds the import limit " + std::string(limit) + " = " +
                       std::to_string(max) +
                       (row > 0 ? " at row " + std::to_string(row) : std::string()))
      .WithDetails(std::move(d))
      .WithStatus(413);
}

inline Error ExportTooManyRows(size_t max) {
  return MakeError(ErrorKind::kTooLarge, "export.too_many_rows",
                   "导出行数超过 Excel 工作表上限，请缩小筛选范围或导出为 CSV",
                   "Too many rows for one Excel worksheet; narrow the filter or export CSV")
      .WithDetails(boost::json::object{{"max", max}});
}
inline Error ExportFailed(std::string_view reason) {
  return MakeError(ErrorKind::kInternal, "export.failed", "生成导出文件失败，请稍后重试",
                   "Could not write the export file; please try again")
      .WithDetails(boost::json::object{{"reason", reason}});
}

}  // namespace peony::records::io::errors
