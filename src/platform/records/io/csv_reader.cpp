#include "platform/records/io/csv_reader.h"

#include <array>
#include <vector>

#include "platform/records/io/encoding.h"
#include "platform/records/io/errors.h"

namespace peony::records::io {
namespace {

constexpr size_t kDelimiterSampleBytes = 64 * 1024;
constexpr size_t kDelimiterSampleRecords = 20;

class CsvParser {
 public:
  CsvParser(std::string_view text, char delimiter, const ReadOptions& options)
      : text_(text), delimiter_(delimiter), options_(options) {}

  bool AtEnd() const { return pos_ >= text_.size(); }
  size_t row() const { return row_; }

  // Parses the next record into `cells` (reused; only the first `*count` are meaningful).
  Status Next(std::vector<Cell>& cells, size_t* count) {
    ++row_;
    size_t n = 0;
    while (true) {
      if (n >= options_.max_columns) {
        return errors::LimitExceeded("max_columns", options_.max_columns, row_);
      }
      if (cells.size() <= n) cells.emplace_back();
      Cell& cell = cells[n++];
      cell.text.clear();
      PEONY_CHECK(Field(cell.text));
      cell.kind = cell.text.empty() ? Cell::Kind::kEmpty : Cell::Kind::kText;
      if (AtEnd()) break;
      const char c = text_[pos_++];
      if (c == delimiter_) continue;
      if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
      break;  // a line break ends the record
    }
    *count = n;
    return Ok();
  }

 private:
  // Reads one field, leaving pos_ on the delimiter or line break after it (or at the end).
  Status Field(std::string& out) {
    if (pos_ < text_.size() && text_[pos_] == '"') return QuotedField(out);
    const size_t start = pos_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == delimiter_ || c == '\n' || c == '\r') break;
      ++pos_;
    }
    if (pos_ - start > options_.max_cell_bytes) {
      return errors::LimitExceeded("max_cell_bytes", options_.max_cell_bytes, row_);
    }
    out.assign(text_.substr(start, pos_ - start));
    return Ok();
  }

  Status QuotedField(std::string& out) {
    const size_t start_row = row_;
    ++pos_;  // the opening quote
    while (true) {
      const size_t quote = text_.find('"', pos_);
      if (quote == std::string_view::npos) {
        return errors::BadCsv(start_row, "a quoted field is not closed");
      }
      if (out.size() + (quote - pos_) > options_.max_cell_bytes) {
        return errors::LimitExceeded("max_cell_bytes", options_.max_cell_bytes, start_row);
      }
      out.append(text_.substr(pos_, quote - pos_));
      pos_ = quote + 1;
      if (pos_ < text_.size() && text_[pos_] == '"') {  // a doubled quote stands for one
        if (out.size() + 1 > options_.max_cell_bytes) {
          return errors::LimitExceeded("max_cell_bytes", options_.max_cell_bytes, start_row);
        }
        out.push_back('"');
        ++pos_;
        continue;
      }
      break;
    }
    // Spaces between the closing quote and the delimiter are tolerated; anything else is not.
    while (pos_ < text_.size() && text_[pos_] == ' ' && delimiter_ != ' ') ++pos_;
    if (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c != delimiter_ && c != '\n' && c != '\r') {
        return errors::BadCsv(start_row, "text after the closing quote of a field");
      }
    }
    return Ok();
  }

  std::string_view text_;
  char delimiter_;
  const ReadOptions& options_;
  size_t pos_ = 0;
  size_t row_ = 0;
};

bool IsBlank(const std::vector<Cell>& cells, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    if (!cells[i].text.empty()) return false;
  }
  return true;
}

}  // namespace

char DetectCsvDelimiter(std::string_view text) {
  constexpr std::array<char, 3> kCandidates = {',', ';', '\t'};
  std::vector<std::array<size_t, 3>> records;
  std::array<size_t, 3> current{};
  bool in_quotes = false;
  const size_t end = std::min(text.size(), kDelimiterSampleBytes);
  for (size_t i = 0; i < end && records.size() < kDelimiterSampleRecords; ++i) {
    const char c = text[i];
    if (c == '"') {
      in_quotes = !in_quotes;
    } else if (!in_quotes && (c == '\n' || c == '\r')) {
      if (c == '\r' && i + 1 < end && text[i + 1] == '\n') ++i;
      records.push_back(current);
      current = {};
    } else if (!in_quotes) {
      for (size_t k = 0; k < kCandidates.size(); ++k) {
        if (c == kCandidates[k]) ++current[k];
      }
    }
  }
  if (end == text.size() && current != std::array<size_t, 3>{}) records.push_back(current);
  if (records.empty()) return ',';
  // The header is the first record with any candidate; blank lines before it are skipped.
  size_t first = 0;
  while (first < records.size() && records[first] == std::array<size_t, 3>{}) ++first;
  if (first == records.size()) return ',';
  char best = ',';
  size_t best_consistent = 0, best_count = 0;
  for (size_t k = 0; k < kCandidates.size(); ++k) {
    const size_t count = records[first][k];
    if (count == 0) continue;
    size_t consistent = 0;
    for (size_t r = first; r < records.size(); ++r) consistent += records[r][k] == count ? 1 : 0;
    if (consistent > best_consistent || (consistent == best_consistent && count > best_count)) {
      best = kCandidates[k];
      best_consistent = consistent;
      best_count = count;
    }
  }
  return best;
}

Status ReadCsv(std::string_view bytes, const ReadOptions& options, RowSink& sink) {
  PEONY_TRY(DecodedText decoded, DecodeText(bytes));
  if (const size_t nul = decoded.text().find('\0'); nul != std::string_view::npos) {
    return errors::BadCsv(CsvRowAtOffset(decoded.text(), nul),
                          "a NUL byte: this looks like binary data");
  }
  std::string_view text = decoded.text();
  char delimiter = options.delimiter;
  // Excel writes and honours a first line "sep=;" naming the delimiter; it shows no such row.
  if (text.size() >= 5 && text.substr(0, 4) == "sep=" && text[4] != '\n' && text[4] != '\r' &&
      text[4] != '"' && (text.size() == 5 || text[5] == '\n' || text[5] == '\r')) {
    if (delimiter == 0) delimiter = text[4];
    text.remove_prefix(text.substr(5, 2) == "\r\n" ? 7 : std::min<size_t>(text.size(), 6));
  }
  if (delimiter == 0) delimiter = DetectCsvDelimiter(text);
  CsvParser parser(text, delimiter, options);

  Row row;
  size_t count = 0;
  size_t header_fields = 0;  // as found, trailing empties included: what ragged compares with
  size_t header_width = 0;   // headers delivered
  bool have_header = false;
  size_t data_rows = 0;
  while (!parser.AtEnd()) {
    PEONY_CHECK(parser.Next(row.cells, &count));
    if (IsBlank(row.cells, count)) continue;
    if (!have_header && parser.row() < options.header_row) continue;
    if (!have_header) {
      Sheet sheet;
      sheet.header_row = parser.row();
      header_fields = count;
      size_t width = count;
      while (width > 0 && row.cells[width - 1].text.empty()) --width;
      sheet.headers.reserve(width);
      for (size_t i = 0; i < width; ++i) sheet.headers.push_back(row.cells[i].text);
      header_width = width;
      have_header = true;
      if (sink.OnHeader(sheet) == Flow::kStop) return Ok();
      continue;
    }
    if (++data_rows > options.max_rows) {
      return errors::LimitExceeded("max_rows", options.max_rows, parser.row());
    }
    row.number = parser.row();
    row.field_count = count;
    row.ragged = count != header_fields;
    // Drop empties past the header's width, then pad up to it.
    size_t width = count;
    while (width > header_width && row.cells[width - 1].text.empty()) --width;
    for (size_t i = count; i < header_width && i < row.cells.size(); ++i) {
      row.cells[i].text.clear();
      row.cells[i].kind = Cell::Kind::kEmpty;
    }
    row.cells.resize(std::max(width, header_width));
    if (sink.OnRow(row) == Flow::kStop) return Ok();
  }
  if (!have_header) return errors::EmptyFile();
  return Ok();
}

}  // namespace peony::records::io
