// Finding one's way around an XLSX package: which part is the workbook, which worksheet to read,
// where the shared strings and styles are, the date system, and which cell styles are dates.
// These parts are small and read whole with pugixml (refused with import.hostile_xml when they
// declare a DOCTYPE). Internal to the XLSX reader.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "platform/records/io/excel_dates.h"
#include "platform/records/io/sheet.h"
#include "platform/records/io/zip_archive.h"

namespace peony::records::io {

struct WorkbookLayout {
  std::string sheet_name;
  std::string sheet_part;           // e.g. "xl/worksheets/sheet1.xml"
  std::string shared_strings_part;  // empty when the workbook has none
  std::string styles_part;          // empty when the workbook has none
  bool date1904 = false;
};

// Errors: import.bad_xlsx (no workbook or worksheet, malformed XML), import.hostile_xml,
// import.sheet_not_found (ReadOptions::sheet_name names no worksheet), the archive's limits.
Result<WorkbookLayout> LocateWorkbook(ZipArchive& archive, const ReadOptions& options);

// The number format kind of each cell style (cellXfs), indexed by a cell's s attribute.
Result<std::vector<NumberFormatKind>> ReadCellStyles(ZipArchive& archive, std::string_view part);

// "a/./b/../c" → "a/c"; "" when the path climbs above the root.
std::string NormalizePartName(std::string_view path);

}  // namespace peony::records::io
