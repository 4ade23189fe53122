// Content sniffing by magic numbers. Only formats with a fixed signature at offset 0 are sniffed;
// anything richer (SVG, HTML) would be script-capable in a browser and is never served as itself.
#include "platform/files/sniff.h"

#include <array>

#include "common/strings.h"
#include "platform/files/errors.h"

namespace peony::files {
namespace {

constexpr size_t kMaxNameChars = 255;

constexpr std::string_view kZip("PK\x03\x04", 4);
constexpr std::string_view kOle("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);

struct Office {
  std::string_view type;
  std::string_view magic;  // "" when any content is accepted
};
constexpr std::array kOffice{
    Office{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", kZip},
    Office{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", kZip},
    Office{"application/vnd.openxmlformats-officedocument.presentationml.presentation", kZip},
    Office{"application/vnd.oasis.opendocument.text", kZip},
    Office{"application/vnd.oasis.opendocument.spreadsheet", kZip},
    Office{"application/vnd.oasis.opendocument.presentation", kZip},
    Office{"application/msword", kOle},
    Office{"application/vnd.ms-excel", kOle},
    Office{"application/vnd.ms-powerpoint", kOle},
    Office{"text/csv", ""},
};

// "Image/PNG; charset=x" → "image/png"; the usual aliases of JPEG folded.
std::string MediaType(std::string_view declared) {
  std::string t = ToLower(declared.substr(0, declared.find(';')));
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.pop_back();
  size_t start = 0;
  while (start < t.size() && (t[start] == ' ' || t[start] == '\t')) ++start;
  t.erase(0, start);
  if (t == "image/jpg" || t == "image/pjpeg") return "image/jpeg";
  return t;
}

bool StartsWithBytes(std::string_view s, std::string_view magic) {
  return s.size() >= magic.size() && s.substr(0, magic.size()) == magic;
}

}  // namespace

std::string_view SniffType(std::string_view b) {
  if (StartsWithBytes(b, std::string_view("\x89PNG\r\n\x1a\n", 8))) return "image/png";
  if (StartsWithBytes(b, std::string_view("\xFF\xD8\xFF", 3))) return "image/jpeg";
  if (StartsWithBytes(b, "GIF87a") || StartsWithBytes(b, "GIF89a")) return "image/gif";
  if (b.size() >= 12 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP") return "image/webp";
  if (StartsWithBytes(b, "%PDF-")) return "application/pdf";
  return "";
}

Result<std::string> DecideType(std::string_view bytes, std::string_view declared) {
  if (bytes.empty()) return errors::Empty();
  const std::string_view sniffed = SniffType(bytes);
  const std::string type = MediaType(declared);
  if (type.starts_with("image/") || type == "application/pdf") {
    // The declaration is checked, never trusted.
    if (sniffed != type) return errors::BadType("content_mismatch");
    return std::string(sniffed);
  }
  if (!sniffed.empty()) return std::string(sniffed);
  if (type.empty()) return errors::BadType("undeclared");
  if (type == "text/plain") {
    if (!IsValidUtf8(bytes) || bytes.find('\0') != std::string_view::npos) {
      return errors::BadType("not_text");
    }
    return type;
  }
  for (const Office& o : kOffice) {
    if (o.type != type) continue;
    if (!o.magic.empty() && !StartsWithBytes(bytes, o.magic)) {
      return errors::BadType("content_mismatch");
    }
    return type;
  }
  return std::string("application/octet-stream");
}

Result<std::string> CleanName(std::string_view name) {
  const size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  if (name.empty() || name == "." || name == "..") return errors::BadName("empty");
  if (!IsValidUtf8(name)) return errors::BadName("not_utf8");
  if (Utf8Length(name) > kMaxNameChars) return errors::BadName("too_long");
  for (size_t i = 0; i < name.size();) {
    uint32_t cp = 0;
    const size_t n = DecodeUtf8(name, i, &cp);
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029) {
      return errors::BadName("control_character");
    }
    i += n;
  }
  return std::string(name);
}

bool IsInlineImage(std::string_view type) {
  return type == "image/png" || type == "image/jpeg" || type == "image/gif" || type == "image/webp";
}

}  // namespace peony::files
