// Small text helpers shared by every layer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace peony {

std::string ToLower(std::string_view s);
bool StartsWith(std::string_view s, std::string_view prefix);
// The UTF-8 sequence starting at s[i]: its length (1-4), with its code point in `*cp` when given;
// 0 when the bytes there are not valid UTF-8 (overlong, surrogate, truncated, beyond U+10FFFF).
size_t DecodeUtf8(std::string_view s, size_t i, uint32_t* cp = nullptr);
// True when `s` is valid UTF-8 (no overlong forms, no surrogates).
bool IsValidUtf8(std::string_view s);
// Number of Unicode code points in valid UTF-8 text.
size_t Utf8Length(std::string_view s);
std::string HexEncode(std::string_view bytes);
// Constant-time comparison for secrets of equal length (tokens, hashes).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace peony
