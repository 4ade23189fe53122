// What an upload is: its media type told from its content, and a clean file name. Pure functions,
// thread-safe; the blob store (files.h) calls them before anything is written.
//
// Types told by content: PNG, JPEG, GIF, WebP (image/*) and PDF. Other content is accepted only
// when declared: text/plain (valid UTF-8), the office formats (OOXML zips, legacy OLE files,
// OpenDocument zips, CSV) whose container matches, and anything else as application/octet-stream.
// A declared image or PDF whose content is not that type is refused: the declaration never makes
// bytes an image.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace peony::files {

// The media type told by the first bytes, or "" when none of the sniffed types matches.
std::string_view SniffType(std::string_view bytes);

// The type to store for `bytes` declared as `declared` (a Content-Type value; parameters and case
// are ignored; "" when none was sent). Errors: file.empty, file.bad_type.
Result<std::string> DecideType(std::string_view bytes, std::string_view declared);

// The name to store: the part after the last '/' or '\', trimmed of spaces. Errors:
// file.bad_name (empty, over 255 characters, invalid UTF-8, control characters).
Result<std::string> CleanName(std::string_view name);

// True for the types served inline (the sniffed images).
bool IsInlineImage(std::string_view type);

}  // namespace peony::files
