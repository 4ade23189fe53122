// Helpers shared by the built-in field types: reading JSON inputs and options, checking text,
// numbers without floating-point surprises, canonical JSON text, common errors and operator
// sets. Internal to src/platform/schema/types/.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "platform/schema/field_type.h"
#include "storage/db.h"

namespace peony::schema::types {

// The largest integer a JavaScript client reads exactly (2^53 - 1): the bound of ids, integers and
// money so that every stored value survives the web app.
inline constexpr int64_t kMaxSafeInteger = 9'007'199'254'740'991;

// Operator sets.
std::vector<std::string_view>
TextOperators();  // eq ne contains not_contains starts_with in not_in is_empty not_empty
std::vector<std::string_view> OrderedOperators();  // eq ne lt lte gt gte between is_empty not_empty
std::vector<std::string_view> ChoiceOperators();   // eq ne in not_in is_empty not_empty
std::vector<std::string_view> MultiOperators();    // contains not_contains is_empty not_empty
std::vector<std::string_view> PresenceOperators();  // is_empty not_empty

// ---- Errors ----------------------------------------------------------------------------------
// "<type>.wrong_type": the JSON kind is not one this type takes; `zh`/`en` name what is expected
// ("文本", "text").
Error WrongType(const FieldDef& f, std::string_view type, std::string_view zh, std::string_view en);
// "<type>.<why>" built from the type name.
Error Invalid(const FieldDef& f, std::string_view type, std::string_view why, std::string zh,
              std::string en);

// "<type>.out_of_range" naming the bounds as people read them ("1,000.00", "2026-01-01"); either
// may be empty when there is none.
Error OutOfRange(const FieldDef& f, std::string_view type, std::string_view min,
                 std::string_view max);

// ---- Text ------------------------------------------------------------------------------------
struct TextRules {
  size_t max_chars = 200;  // in code points
  bool multiline = false;  // allows line breaks and tabs (\r\n and \r become \n)
};
// The text of an input: a string, or in lenient mode also a number or boolean as its text. Checks
// UTF-8 (<type>.invalid_utf8), control characters (<type>.control_character), the length
// (<type>.too_long); trims surrounding white space; nullopt when blank.
Result<std::optional<std::string>> ReadText(const FieldDef& f, std::string_view type,
                                            const boost::json::value& in,
                                            const NormalizeContext& ctx, const TextRules& rules);
// A scalar as text: strings as they are, integers in decimal, doubles in shortest form, booleans
// "true"/"false". nullopt for null, objects and arrays.
std::optional<std::string> ScalarText(const boost::json::value& v);
// Without surrounding white space (ASCII, U+00A0, U+3000, U+FEFF).
std::string_view Trim(std::string_view s);
// Full-width ASCII forms (U+FF01-U+FF5E, Chinese input methods) and U+3000 as plain ASCII.
std::string HalfWidth(std::string_view s);
// True when s has a C0/C1 control character or DEL (line breaks and tabs allowed when
// `multiline`).
bool HasControl(std::string_view s, bool multiline);
// The code points of valid UTF-8 text, each as its bytes.
std::vector<std::string_view> Utf8Chars(std::string_view s);
// Items of a list typed in one cell, split at , ， 、 ; ； | and line breaks, trimmed, blanks
// dropped: "VIP、老客户" → {"VIP", "老客户"}.
std::vector<std::string> SplitList(std::string_view s);
// ASCII letters folded to lower case, for case-insensitive matching of keys and tags.
std::string FoldCase(std::string_view s);
// A field or entity name: [a-z][a-z0-9_]{0,39}.
bool IsIdentifier(std::string_view s);

// The id of a referenced row (record, user, department, branch): a positive integer, or an object
// {"id": n} as the API gives references back; in lenient mode also digit text. nullopt when blank.
// Error: <type>.invalid_id.
Result<std::optional<int64_t>> ReadId(const FieldDef& f, std::string_view type,
                                      const boost::json::value& in, const NormalizeContext& ctx);

// ---- Numbers ---------------------------------------------------------------------------------
// A finite number from JSON (int64, uint64 or double).
std::optional<double> JsonNumber(const boost::json::value& v);
// An exact integer from JSON: int64, uint64 up to INT64_MAX, or an integral double within ±2^53.
std::optional<int64_t> JsonInteger(const boost::json::value& v);
// Number text as people type it in spreadsheets: full-width digits, spaces, "+", thousands
// separators ("1,234.5"), an exponent ("1.5E3"). Returns the plain form ("-1234.5", "1.5e3").
std::optional<std::string> CleanNumberText(std::string_view s);
std::optional<double> ParseNumberText(std::string_view s);
// A finite number from JSON, or in lenient mode from number text; nullopt when blank.
// Errors: <type>.wrong_type, <type>.not_a_number.
Result<std::optional<double>> ReadNumber(const FieldDef& f, std::string_view type,
                                         const boost::json::value& in, const NormalizeContext& ctx);
// An integer from JSON, or in lenient mode from number text; nullopt when blank.
// Errors: <type>.wrong_type, <type>.not_a_number, <type>.not_integer, <type>.out_of_range.
Result<std::optional<int64_t>> ReadInteger(const FieldDef& f, std::string_view type,
                                           const boost::json::value& in,
                                           const NormalizeContext& ctx);
// Shortest text that reads back as v, never in exponent form for |v| < 1e21: "12.5", "3".
std::string FormatShortest(double v);
// v with exactly `decimals` decimal places, rounded half away from zero on its decimal form.
std::string FormatFixed(double v, int decimals);
// v rounded half away from zero to `decimals` places as people expect from its decimal form
// (2.675 → 2.68, although the double 2.675 is slightly below it).
double RoundHalfAway(double v, int decimals);
// "1234567" → "1,234,567" (digits only).
std::string GroupThousands(std::string_view digits);

// ---- Options ---------------------------------------------------------------------------------
// Refuses any option not in `known` and not common to all fields (IsCommonOption).
Status OnlyOptions(const boost::json::object& options,
                   std::initializer_list<std::string_view> known);
// An integer option within [min, max]; nullopt when absent or null.
Result<std::optional<int64_t>> IntOption(const boost::json::object& o, std::string_view key,
                                         int64_t min, int64_t max);
// A finite number option; nullopt when absent or null.
Result<std::optional<double>> NumberOption(const boost::json::object& o, std::string_view key);
Result<std::optional<bool>> BoolOption(const boost::json::object& o, std::string_view key);
// A non-empty single-line string option of at most max_chars; nullopt when absent or null.
Result<std::optional<std::string>> StringOption(const boost::json::object& o, std::string_view key,
                                                size_t max_chars);
// Checks options "min" and "max" (numbers, min ≤ max); `integers` requires integers.
Status CheckMinMax(const boost::json::object& o, bool integers);
// Checked options read while normalising; malformed values fall back.
int64_t IntOr(const boost::json::object& o, std::string_view key, int64_t fallback);
std::optional<double> NumberIf(const boost::json::object& o, std::string_view key);
bool BoolOr(const boost::json::object& o, std::string_view key, bool fallback);
std::string_view StringOr(const boost::json::object& o, std::string_view key,
                          std::string_view fallback);

// ---- Values and JSON text ----------------------------------------------------------------------
std::optional<int64_t> ValueInt(const storage::Value& v);  // int64, integral double, digit text
std::optional<double> ValueReal(const storage::Value& v);
const std::string* ValueText(const storage::Value& v);
// A stored value as JSON as it is: null, integer, number or string.
boost::json::value ValueToJson(const storage::Value& v);
// A scalar JSON value as a stored Value (booleans 0/1, objects and arrays as their JSON text).
storage::Value JsonToValue(const boost::json::value& v);
// JSON text of v as Boost.JSON writes it, but doubles in plain decimal ("12.5", not "1.25E1") so
// stored text reads well in any SQL tool. REQUIRES: DepthAtMost(v, 64).
std::string WriteJson(const boost::json::value& v);
// Parses JSON text without throwing; nullopt when malformed.
std::optional<boost::json::value> ParseJson(std::string_view text);
// True when arrays and objects nest at most `max_depth` deep (checked without recursion).
bool DepthAtMost(const boost::json::value& v, int max_depth);

}  // namespace peony::schema::types
