// XLSX reader (Office Open XML workbooks, as Excel, WPS and LibreOffice save them).
//
// Reads one worksheet: the first visible one, or ReadOptions::sheet_name. Cells come as Excel
// stores them: shared and inline strings (rich-text runs joined, phonetic runs dropped, _xHHHH_
// escapes decoded) as kText; numbers as kNumber; booleans as kBool; numbers whose style is a date
// or time format as kDate (see excel_dates.h; both the 1900 and the 1904 date systems); error
// values (#N/A) as kText. Formulas are never evaluated: their cached values are read. Cells land
// in the column their reference names, gaps are kEmpty. Row numbers are the sheet's own.
//
// Defences: see zip_archive.h for the archive (size, ratio and entry limits, unsafe names) and
// xml_stream.h for the XML (no DOCTYPE, bounded depth and tokens). The worksheet and the shared
// strings are parsed as a stream.
#pragma once

#include <string_view>

#include "common/result.h"
#include "platform/records/io/sheet.h"

namespace peony::records::io {

// Reads `bytes` and calls `sink` for the header and each non-blank data row; stops early without
// error when the sink returns Flow::kStop. Thread-safe (no shared state).
// Errors (nothing more is delivered after one):
//   import.bad_xlsx          {"reason", "row"?} not a zip, damaged, malformed XML, a reference to
//                            a shared string that does not exist, text that is not UTF-8
//   import.hostile_xml       {"part"} a DOCTYPE or ENTITY declaration
//   import.sheet_not_found   {"sheet"}
//   import.empty_file        the worksheet has no non-blank row
//   import.limit_exceeded    {"limit","max","row"?} max_rows, max_columns, max_cell_bytes,
//                            max_uncompressed_bytes, max_compression_ratio; and the fixed
//                            zip_entries (10,000), xml_part_bytes (16 MiB for workbook, rels and
//                            styles parts), xml_token_bytes (8 × max_cell_bytes + 64 KiB for one
//                            tag or text run)
Status ReadXlsx(std::string_view bytes, const ReadOptions& options, RowSink& sink);

}  // namespace peony::records::io
