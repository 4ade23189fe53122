#include "platform/records/io/encoding.h"

#include <iconv.h>

#include <cerrno>
#include <cstdint>

#include "common/strings.h"
#include "platform/records/io/errors.h"

namespace peony::records::io {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Counts well-formed multi-byte UTF-8 sequences and stray bytes, to tell a UTF-8 file with a few
// broken bytes from a file in another encoding.
struct Utf8Census {
  size_t multibyte = 0;
  size_t invalid = 0;
  size_t first_invalid = std::string_view::npos;
};

size_t Utf8SequenceLength(std::string_view s, size_t i) { return DecodeUtf8(s, i); }

Utf8Census CountUtf8(std::string_view s) {
  Utf8Census census;
  size_t i = 0;
  while (i < s.size()) {
    const size_t len = Utf8SequenceLength(s, i);
    if (len == 0) {
      if (census.invalid++ == 0) census.first_invalid = i;
      ++i;
    } else {
      if (len > 1) ++census.multibyte;
      i += len;
    }
  }
  return census;
}

}  // namespace

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

namespace {

// `bytes` excludes the BOM. On failure returns the row of the offending unit in what was decoded.
Result<std::string> DecodeUtf16(std::string_view bytes, bool little_endian) {
  std::string out;
  out.reserve(bytes.size() * 3 / 2);
  auto unit_at = [&](size_t i) -> uint32_t {
    const auto a = static_cast<unsigned char>(bytes[i]);
    const auto b = static_cast<unsigned char>(bytes[i + 1]);
    return little_endian ? (a | (b << 8)) : ((a << 8) | b);
  };
  size_t i = 0;
  while (i + 1 < bytes.size()) {
    uint32_t cp = unit_at(i);
    i += 2;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      const uint32_t low = i + 1 < bytes.size() ? unit_at(i) : 0;
      if (low < 0xDC00 || low > 0xDFFF) return errors::BadEncoding(CsvRowAtOffset(out, out.size()));
      i += 2;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      return errors::BadEncoding(CsvRowAtOffset(out, out.size()));
    }
    AppendUtf8(out, cp);
  }
  if (i != bytes.size()) return errors::BadEncoding(CsvRowAtOffset(out, out.size()));
  return out;
}

Result<std::string> DecodeGb18030(std::string_view bytes) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) return InternalError("iconv: GB18030 is not available");
  std::string out(bytes.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());  // iconv's signature; it does not write the input
  size_t in_left = bytes.size();
  size_t written = 0;
  while (in_left > 0) {
    char* out_ptr = out.data() + written;
    size_t out_left = out.size() - written;
    const size_t r = iconv(cd, &in, &in_left, &out_ptr, &out_left);
    written = out.size() - out_left;
    if (r != static_cast<size_t>(-1)) break;
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    // EILSEQ (not GB18030) or EINVAL (a sequence cut off at the end).
    iconv_close(cd);
    return errors::BadEncoding(CsvRowAtOffset(bytes, static_cast<size_t>(in - bytes.data())));
  }
  iconv_close(cd);
  out.resize(written);
  return out;
}

}  // namespace

size_t CsvRowAtOffset(std::string_view text, size_t offset) {
  size_t row = 1;
  bool in_quotes = false;
  const size_t end = offset < text.size() ? offset : text.size();
  for (size_t i = 0; i < end; ++i) {
    const char c = text[i];
    if (c == '"') {
      in_quotes = !in_quotes;
    } else if (!in_quotes && (c == '\n' || c == '\r')) {
      if (c == '\r' && i + 1 < end && text[i + 1] == '\n') ++i;
      ++row;
    }
  }
  return row;
}

Result<DecodedText> DecodeText(std::string_view bytes) {
  DecodedText out;
  if (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF") {
    const bool le = bytes[0] == '\xFF';
    PEONY_TRY(out.storage_, DecodeUtf16(bytes.substr(2), le));
    out.converted_ = true;
    out.encoding_ = le ? TextEncoding::kUtf16Le : TextEncoding::kUtf16Be;
    return out;
  }
  const bool bom = bytes.substr(0, 3) == kUtf8Bom;
  const std::string_view body = bom ? bytes.substr(3) : bytes;
  const Utf8Census census = CountUtf8(body);
  if (census.invalid == 0) {
    out.view_ = body;
    return out;
  }
  // A BOM, or many good multi-byte sequences around a few bad bytes, means broken UTF-8: GB18030
  // would "decode" it into plausible-looking nonsense.
  if (bom || (census.multibyte >= 8 && census.multibyte >= 4 * census.invalid)) {
    return errors::BadEncoding(CsvRowAtOffset(body, census.first_invalid));
  }
  PEONY_TRY(out.storage_, DecodeGb18030(body));
  out.converted_ = true;
  out.encoding_ = TextEncoding::kGb18030;
  return out;
}

}  // namespace peony::records::io
