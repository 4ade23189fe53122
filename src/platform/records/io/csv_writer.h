// CSV writer for exports: UTF-8 with a BOM (so Excel opens Chinese text correctly), CRLF line
// ends, RFC 4180 quoting (fields holding the delimiter, a quote or a line break are quoted and
// quotes doubled).
//
// Formula injection: with escape_formulas (the default) a text cell that starts with = + - @, a
// tab or a carriage return gets a leading single quote, so "=HYPERLINK(...)" is written as
// "'=HYPERLINK(...)" and Excel or WPS shows it as text instead of running it. Header cells are
// escaped the same way. Number cells are written as numbers and never escaped ("-5" stays "-5"):
// FormatNumber's output cannot be a formula. The price is that such text does not round-trip
// byte for byte through CSV (the quote stays); XLSX exports keep the value intact.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "platform/records/io/sheet.h"

namespace peony::records::io {

struct CsvWriteOptions {
  bool escape_formulas = true;
  bool byte_order_mark = true;
  char delimiter = ',';
};

// Builds the file in memory; TakeData() hands out what is written so far, so a caller can send a
// large export in chunks. Not thread-safe.
class CsvWriter {
 public:
  explicit CsvWriter(CsvWriteOptions options = {});

  void WriteHeader(const std::vector<std::string>& headers);
  // kNumber cells are written from `number`, kBool as TRUE/FALSE, kDate from `text` (or from
  // `date` when `text` is empty), kText from `text`.
  void WriteRow(const std::vector<Cell>& cells);

  const std::string& data() const { return out_; }
  // Returns the bytes written since the last call and forgets them.
  std::string TakeData();

 private:
  void Field(std::string_view text, bool may_escape);

  CsvWriteOptions options_;
  std::string out_;
  bool at_start_ = true;  // nothing written yet but the byte order mark
};

}  // namespace peony::records::io
