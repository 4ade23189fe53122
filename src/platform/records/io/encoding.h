// Text encodings of uploaded CSV files: UTF-8 with or without a BOM, UTF-16LE/BE with a BOM, and
// GB18030 (a superset of GBK, what Chinese Excel writes for "CSV"), decoded to UTF-8.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace peony::records::io {

enum class TextEncoding { kUtf8, kUtf16Le, kUtf16Be, kGb18030 };

// Text decoded to UTF-8 without a BOM. Views into the input when it was UTF-8 already, so the
// input must outlive it; not copyable (the view may point into `converted_`).
class DecodedText {
 public:
  DecodedText() = default;
  DecodedText(const DecodedText&) = delete;
  DecodedText& operator=(const DecodedText&) = delete;
  DecodedText(DecodedText&&) = default;
  DecodedText& operator=(DecodedText&&) = default;

  std::string_view text() const { return converted_ ? std::string_view(storage_) : view_; }
  TextEncoding encoding() const { return encoding_; }

 private:
  friend Result<DecodedText> DecodeText(std::string_view bytes);
  std::string storage_;
  std::string_view view_;
  bool converted_ = false;
  TextEncoding encoding_ = TextEncoding::kUtf8;
};

// Detects the encoding and decodes. Valid UTF-8 is taken as UTF-8; text that is mostly valid
// UTF-8 with a few broken sequences is refused rather than guessed as GB18030 (which would turn
// it into mojibake); anything else is tried as GB18030 through iconv.
// Errors: import.bad_encoding {"row"} naming the record (CSV quoting respected) of the first
// undecodable byte.
Result<DecodedText> DecodeText(std::string_view bytes);

// Appends code point `cp` (at most U+10FFFF, not a surrogate) as UTF-8.
void AppendUtf8(std::string& out, uint32_t cp);

// The 1-based CSV record holding byte `offset` of `text`: newlines inside double quotes do not
// end a record. Works on UTF-8 and GB18030 alike (their multi-byte sequences hold no ASCII).
size_t CsvRowAtOffset(std::string_view text, size_t offset);

}  // namespace peony::records::io
