// Small text helpers shared by every layer.
#pragma once

#include <string>
#include <string_view>

namespace peony {

std::string ToLower(std::string_view s);
bool StartsWith(std::string_view s, std::string_view prefix);
// True when `s` is valid UTF-8 (no overlong forms, no surrogates).
bool IsValidUtf8(std::string_view s);
// Number of Unicode code points in valid UTF-8 text.
size_t Utf8Length(std::string_view s);
std::string HexEncode(std::string_view bytes);
// Constant-time comparison for secrets of equal length (tokens, hashes).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace peony
