// text (single line), textarea (multi-line) and rich_text (Markdown): one class, three settings.
#include <regex>
#include <unordered_map>

#include "common/strings.h"
#include "platform/schema/types/builtin.h"
#include "platform/schema/types/support.h"

namespace peony::schema::types {
namespace {

constexpr size_t kMaxPatternChars = 500;

struct TextSettings {
  std::string_view name, zh, en;
  int64_t longest;         // the largest max_length allowed
  int64_t default_length;  // max_length when not set
  bool multiline;
  bool searchable;
  bool sensitive;
  bool pattern;  // takes options "pattern" and "pattern_message"
};

// Patterns come from form designers, not from programmers: a pattern such as "(a|aa)*b" would make
// a backtracking matcher take exponential time. libstdc++'s polynomial mode runs the
// breadth-first matcher instead (time linear in the input for a given pattern) and refuses
// back-references, which need backtracking.
#ifdef __GLIBCXX__
constexpr auto kPatternSyntax = std::regex::ECMAScript | std::regex_constants::__polynomial;
#else
#error "text patterns need a regex engine with a polynomial-time mode (libstdc++)"
#endif

// Compiled patterns, per thread (std::regex is not cheap to build and imports check thousands of
// values against one pattern). Bounded: cleared when full.
const std::regex* CompiledPattern(const std::string& pattern) {
  thread_local std::unordered_map<std::string, std::regex> cache;
  if (auto it = cache.find(pattern); it != cache.end()) return &it->second;
  if (cache.size() >= 32) cache.clear();
  try {
    return &cache.emplace(pattern, std::regex(pattern, kPatternSyntax)).first->second;
  } catch (const std::exception&) {
    return nullptr;
  }
}

class TextLikeType final : public FieldType {
 public:
  explicit constexpr TextLikeType(TextSettings s) : s_(s) {}

  std::string_view name() const override { return s_.name; }
  std::string_view label(bool english) const override { return english ? s_.en : s_.zh; }
  std::string_view category() const override { return "basic"; }
  StorageKind storage() const override { return StorageKind::kText; }
  bool searchable() const override { return s_.searchable; }
  bool can_be_sensitive() const override { return s_.sensitive; }

  Status CheckOptions(const boost::json::object& o) const override {
    if (s_.pattern) {
      PEONY_CHECK(OnlyOptions(o, {"max_length", "min_length", "pattern", "pattern_message"}));
    } else {
      PEONY_CHECK(OnlyOptions(o, {"max_length", "min_length"}));
    }
    PEONY_TRY(auto max, IntOption(o, "max_length", 1, s_.longest));
    PEONY_TRY(auto min, IntOption(o, "min_length", 0, s_.longest));
    if (min && *min > max.value_or(s_.default_length)) {
      return InvalidOption("min_length", "不能大于最大长度", "Must not exceed max_length");
    }
    if (!s_.pattern) return Ok();
    PEONY_TRY(auto pattern, StringOption(o, "pattern", kMaxPatternChars));
    if (pattern && !CompiledPattern(*pattern)) {
      return InvalidOption("pattern", "不是有效的正则表达式", "Not a valid regular expression");
    }
    PEONY_TRY(auto message, StringOption(o, "pattern_message", 100));
    (void)message;
    return Ok();
  }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext& ctx) const override {
    const auto max = static_cast<size_t>(IntOr(f.options, "max_length", s_.default_length));
    PEONY_TRY(auto text, ReadText(f, s_.name, in, ctx, {max, s_.multiline}));
    if (!text) return storage::Value{};
    const auto min = static_cast<size_t>(IntOr(f.options, "min_length", 0));
    if (Utf8Length(*text) < min) {
      return Invalid(f, s_.name, "too_short", "至少 " + std::to_string(min) + " 个字",
                     "At least " + std::to_string(min) + " characters");
    }
    if (const auto* pattern = f.options.if_contains("pattern");
        s_.pattern && pattern && pattern->is_string()) {
      PEONY_CHECK(MatchPattern(f, std::string(pattern->get_string()), *text));
    }
    return storage::Value{std::move(*text)};
  }

  boost::json::value ToJson(const FieldDef&, const storage::Value& v) const override {
    return ValueToJson(v);
  }

  std::vector<std::string_view> Operators() const override { return TextOperators(); }

 private:
  Status MatchPattern(const FieldDef& f, const std::string& pattern,
                      const std::string& text) const {
    const std::regex* re = CompiledPattern(pattern);
    bool matched = false;
    try {
      matched = re && std::regex_match(text, *re);
    } catch (const std::exception&) {
      matched = false;  // too complex to decide: refused rather than guessed
    }
    if (matched) return Ok();
    const std::string_view custom = StringOr(f.options, "pattern_message", "");
    return Invalid(
        f, s_.name, "pattern_mismatch", custom.empty() ? "格式不符合要求" : std::string(custom),
        custom.empty() ? "The text does not have the required format" : std::string(custom));
  }

  TextSettings s_;
};

}  // namespace

const FieldType& TextFieldType() {
  static const TextLikeType t(
      {"text", "单行文本", "Single-line text", 2000, 200, false, true, true, true});
  return t;
}

const FieldType& TextareaFieldType() {
  static const TextLikeType t(
      {"textarea", "多行文本", "Multi-line text", 20000, 20000, true, true, true, false});
  return t;
}

const FieldType& RichTextFieldType() {
  static const TextLikeType t(
      {"rich_text", "富文本", "Rich text", 100000, 100000, true, false, false, false});
  return t;
}

}  // namespace peony::schema::types
