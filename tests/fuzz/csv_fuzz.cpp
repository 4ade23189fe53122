// libFuzzer target for the CSV reader (and DetectKind, and the CSV writer as its inverse).
//
// Besides "never crash", it checks invariants on what is read: row numbers increase, text is
// valid UTF-8, data rows are at least as wide as the header, and writing the rows with CsvWriter
// and reading them back gives the same cells.
//
//   clang++-14 -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
//     tests/fuzz/csv_fuzz.cpp src/platform/records/io/*.cpp
//     src/common/{strings,result,log,clock}.cpp \ -lzip -lpugixml -lxlsxwriter -lspdlog -lfmt
//     -lboost_json -o csv_fuzz
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/strings.h"
#include "platform/records/io/csv_reader.h"
#include "platform/records/io/csv_writer.h"

namespace {

using namespace peony::records::io;

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

struct CheckingSink : RowSink {
  Flow OnHeader(const Sheet& s) override {
    for (const std::string& h : s.headers) Check(peony::IsValidUtf8(h));
    Check(s.headers.empty() || !s.headers.back().empty());
    sheet = s;
    last_row = s.header_row;
    return Flow::kContinue;
  }
  Flow OnRow(const Row& row) override {
    Check(row.number > last_row);
    last_row = row.number;
    Check(row.cells.size() >= sheet.headers.size());
    bool any = false;
    for (const Cell& c : row.cells) {
      Check(peony::IsValidUtf8(c.text));
      Check(c.kind == (c.text.empty() ? Cell::Kind::kEmpty : Cell::Kind::kText));
      any = any || !c.text.empty();
    }
    Check(any);
    rows.push_back(row);
    return rows.size() >= 64 ? Flow::kStop : Flow::kContinue;
  }
  Sheet sheet;
  std::vector<Row> rows;
  size_t last_row = 0;
};

std::vector<std::string> TextsOf(const Row& row) {
  std::vector<std::string> out;
  for (const Cell& c : row.cells) out.push_back(c.text);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)DetectKind(bytes);
  ReadOptions options;
  options.max_rows = 1000;
  options.max_columns = 64;
  options.max_cell_bytes = 4096;
  CheckingSink first;
  if (!ReadCsv(bytes, options, first).ok()) return 0;

  CsvWriter writer({.escape_formulas = false});
  writer.WriteHeader(first.sheet.headers);
  for (const Row& row : first.rows) writer.WriteRow(row.cells);
  ReadOptions again = options;
  again.delimiter = ',';
  CheckingSink second;
  Check(ReadCsv(writer.data(), again, second).ok());
  Check(second.sheet.headers == first.sheet.headers);
  Check(second.rows.size() == first.rows.size());
  for (size_t i = 0; i < first.rows.size(); ++i) {
    Check(TextsOf(second.rows[i]) == TextsOf(first.rows[i]));
  }
  return 0;
}
