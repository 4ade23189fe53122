// CSV reader: RFC 4180 text in UTF-8 (with or without a BOM), UTF-16 with a BOM or GB18030.
//
// Quoted fields may hold delimiters, doubled quotes and line breaks; records end with CRLF, LF or
// CR; a trailing line break adds no row. The delimiter is detected among , ; and tab from the first
// records unless ReadOptions::delimiter names it or the file starts with Excel's "sep=;" line
// (which is skipped and not counted as a row). Every cell is text (kText, or kEmpty when
// empty): CSV has no types, and leading zeros of phone numbers must survive. A bare quote inside
// an unquoted field is kept as a character (as Excel does).
//
// Row numbers count records from 1 (the header is usually row 1), blank records included, so they
// match the row a spreadsheet program shows; blank records (all fields empty) are not delivered.
// A record with a different number of fields from the header is delivered with Row::ragged set;
// the caller decides whether that is an error for the row.
#pragma once

#include <string_view>

#include "common/result.h"
#include "platform/records/io/sheet.h"

namespace peony::records::io {

// Reads `bytes` and calls `sink` for the header and each data row; stops early without error when
// the sink returns Flow::kStop. `bytes` need only live for the call. Thread-safe (no shared state).
// Errors (nothing more is delivered after one):
//   import.empty_file        no non-blank record
//   import.bad_encoding      {"row"} bytes neither UTF-8 nor GB18030, or broken UTF-16
//   import.bad_csv           {"row","reason"} an unclosed quote, text after a closing quote, a NUL
//   import.limit_exceeded    {"limit","max","row"} max_rows, max_columns or max_cell_bytes
Status ReadCsv(std::string_view bytes, const ReadOptions& options, RowSink& sink);

// The delimiter ReadCsv would use for UTF-8 `text`: among , ; and tab, the one found in the first
// record and most consistently in the next ones; ',' when none is.
char DetectCsvDelimiter(std::string_view text);

}  // namespace peony::records::io
