// The sheet model shared by the CSV and XLSX readers and writers.
//
// This layer turns uploaded files into rows of cells and rows of cells into files; it knows
// nothing of entities or fields (the records engine maps headers to fields and validates values).
// Readers stream: they call a RowSink with the header row, then with each data row, and never hold
// more than one row of cells at a time (the raw upload itself is in memory).
//
//   struct Preview : RowSink { ... };
//   PEONY_TRY(FileKind kind, DetectKind(body));
//   PEONY_CHECK(kind == FileKind::kXlsx ? ReadXlsx(body, {}, sink) : ReadCsv(body, {}, sink));
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace peony::records::io {

// A calendar date and time of day, as Excel shows it (no time zone: Excel has none).
struct DateTime {
  int year = 0, month = 0, day = 0;
  int hour = 0, minute = 0, second = 0;
  bool operator==(const DateTime&) const = default;
};

struct Cell {
  enum class Kind { kEmpty, kText, kNumber, kBool, kDate };

  Kind kind = Kind::kEmpty;
  // Always a readable form of the value, whatever the kind: kText the text; kNumber the shortest
  // decimal that reads back as `number` ("13812345678", "0.1"); kBool "TRUE"/"FALSE"; kDate
  // "YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS" or "HH:MM:SS" (by has_date / has_time).
  std::string text;
  double number = 0;  // kNumber: the value; kBool: 0 or 1; kDate from XLSX: the Excel serial
  DateTime date;      // kDate only
  bool has_date = false, has_time = false;  // kDate only: which parts `date` and `text` carry

  bool empty() const { return kind == Kind::kEmpty; }

  static Cell Text(std::string s);
  static Cell Number(double v);
  static Cell Bool(bool v);
  static Cell Date(int year, int month, int day);
  static Cell DateAndTime(const DateTime& dt);
};

struct Row {
  size_t number = 0;        // 1-based, as a spreadsheet shows it (CSV: the record's index)
  std::vector<Cell> cells;  // data rows: at least as many as headers (padded with kEmpty);
                            // more only when cells beyond the last header hold values
  size_t field_count = 0;   // CSV: fields found in the file; XLSX: last non-empty column + 1
  bool ragged = false;      // CSV: field_count differs from the number of headers
};

struct Sheet {
  std::string name;                  // XLSX: the worksheet's name; CSV: empty
  std::vector<std::string> headers;  // text of the header row's cells (trailing empties dropped)
  size_t header_row = 0;             // the header's row number
};

enum class Flow { kContinue, kStop };

// Receives a file's rows in order. Returning kStop ends the read early with success (a dry-run
// preview stops after enough rows). Called on the reader's thread; not copied.
class RowSink {
 public:
  virtual ~RowSink() = default;
  // Once, with the first non-blank row. A file without one ends with import.empty_file instead.
  virtual Flow OnHeader(const Sheet& sheet) = 0;
  // Each non-blank data row. The row and its cells are reused after the call returns.
  virtual Flow OnRow(const Row& row) = 0;
};

// Keeps the header and up to `max_rows` data rows, then stops the read (tests, previews).
class RowCollector : public RowSink {
 public:
  explicit RowCollector(size_t max_rows = SIZE_MAX) : max_rows_(max_rows) {}
  Flow OnHeader(const Sheet& sheet) override;
  Flow OnRow(const Row& row) override;

  Sheet sheet;
  std::vector<Row> rows;

 private:
  size_t max_rows_;
};

// Limits on what a reader accepts; each refusal is import.limit_exceeded naming the limit.
struct ReadOptions {
  size_t max_rows = 200000;                           // data rows, header excluded
  size_t max_columns = 500;                           // columns holding a value
  size_t max_cell_bytes = 32768;                      // one cell's text, in UTF-8 bytes
  size_t max_uncompressed_bytes = 200 * 1024 * 1024;  // XLSX: all parts inflated, together
  size_t max_compression_ratio = 100;  // XLSX: refused above this for entries > 1 MiB
  size_t header_row = 0;   // 0: the first non-blank row is the header; n: the first from row n
  std::string sheet_name;  // XLSX: empty for the first visible worksheet
  char delimiter = 0;      // CSV: 0 to detect among , ; and tab
};

enum class FileKind { kCsv, kXlsx };

// Tells the format by content, never by file name: a zip archive is XLSX, text is CSV.
// Errors: import.empty_file; import.unsupported_format for OLE2 files (legacy .xls, and
// password-protected workbooks) and binary data.
Result<FileKind> DetectKind(std::string_view bytes);

// The shortest decimal that reads back as `v` ("13812345678", "0.1", "-2.5", "1e+21").
std::string FormatNumber(double v);

// True when a spreadsheet program would read `text` as a formula or DDE command: it starts with
// = + - @, a tab or a carriage return. Writers prefix such text (see csv_writer.h).
bool LooksLikeFormula(std::string_view text);

}  // namespace peony::records::io
