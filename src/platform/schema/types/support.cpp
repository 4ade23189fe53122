#include "platform/schema/types/support.h"

#include <algorithm>
#include <cmath>

#include "common/strings.h"

namespace peony::schema::types {
namespace {

// Bytes of the white-space code points Trim removes, longest first where they share a prefix.
constexpr std::string_view kWideSpaces[] = {"\xC2\xA0", "\xE3\x80\x80", "\xEF\xBB\xBF"};

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

}  // namespace

std::vector<std::string_view> TextOperators() {
  return {"eq", "ne",     "contains", "not_contains", "starts_with",
          "in", "not_in", "is_empty", "not_empty"};
}
std::vector<std::string_view> OrderedOperators() {
  return {"eq", "ne", "lt", "lte", "gt", "gte", "between", "is_empty", "not_empty"};
}
std::vector<std::string_view> ChoiceOperators() {
  return {"eq", "ne", "in", "not_in", "is_empty", "not_empty"};
}
std::vector<std::string_view> MultiOperators() {
  return {"contains", "not_contains", "is_empty", "not_empty"};
}
std::vector<std::string_view> PresenceOperators() { return {"is_empty", "not_empty"}; }

Error WrongType(const FieldDef& f, std::string_view type, std::string_view zh,
                std::string_view en) {
  return InvalidValue(f, std::string(type) + ".wrong_type", "格式不正确：应为" + std::string(zh),
                      "Wrong kind of value: expected " + std::string(en));
}

Error Invalid(const FieldDef& f, std::string_view type, std::string_view why, std::string zh,
              std::string en) {
  return InvalidValue(f, std::string(type) + "." + std::string(why), std::move(zh), std::move(en));
}

Error OutOfRange(const FieldDef& f, std::string_view type, std::string_view min,
                 std::string_view max) {
  const std::string lo(min), hi(max);
  if (!lo.empty() && !hi.empty()) {
    return Invalid(f, type, "out_of_range", "应在 " + lo + " 到 " + hi + " 之间",
                   "Must be from " + lo + " to " + hi);
  }
  if (!lo.empty()) {
    return Invalid(f, type, "out_of_range", "不能小于 " + lo, "Must be at least " + lo);
  }
  if (!hi.empty()) {
    return Invalid(f, type, "out_of_range", "不能大于 " + hi, "Must be at most " + hi);
  }
  return Invalid(f, type, "out_of_range", "数值超出允许范围", "The value is out of range");
}

std::optional<std::string> ScalarText(const boost::json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_int64()) return std::to_string(v.get_int64());
  if (v.is_uint64()) return std::to_string(v.get_uint64());
  if (v.is_double()) {
    if (!std::isfinite(v.get_double())) return std::nullopt;
    return FormatShortest(v.get_double());
  }
  if (v.is_bool()) return v.get_bool() ? "true" : "false";
  return std::nullopt;
}

std::string_view Trim(std::string_view s) {
  bool changed = true;
  while (changed && !s.empty()) {
    changed = false;
    if (IsAsciiSpace(s.front())) {
      s.remove_prefix(1);
      changed = true;
    }
    if (!s.empty() && IsAsciiSpace(s.back())) {
      s.remove_suffix(1);
      changed = true;
    }
    for (std::string_view w : kWideSpaces) {
      if (StartsWith(s, w)) {
        s.remove_prefix(w.size());
        changed = true;
      }
      if (s.size() >= w.size() && s.substr(s.size() - w.size()) == w) {
        s.remove_suffix(w.size());
        changed = true;
      }
    }
  }
  return s;
}

std::string HalfWidth(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 == 0xEF && i + 2 < s.size()) {
      const auto b1 = static_cast<unsigned char>(s[i + 1]);
      const auto b2 = static_cast<unsigned char>(s[i + 2]);
      const unsigned cp = ((b0 & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
      if (cp >= 0xFF01 && cp <= 0xFF5E) {
        out.push_back(static_cast<char>(cp - 0xFEE0));
        i += 2;
        continue;
      }
    }
    if (b0 == 0xE3 && i + 2 < s.size() && s[i + 1] == '\x80' && s[i + 2] == '\x80') {
      out.push_back(' ');
      i += 2;
      continue;
    }
    out.push_back(s[i]);
  }
  return out;
}

bool HasControl(std::string_view s, bool multiline) {
  for (size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x20) {
      if (multiline && (b == '\n' || b == '\t')) continue;
      return true;
    }
    if (b == 0x7F) return true;
    // C1 controls U+0080-U+009F are C2 80 … C2 9F in UTF-8.
    if (b == 0xC2 && i + 1 < s.size()) {
      const auto next = static_cast<unsigned char>(s[i + 1]);
      if (next >= 0x80 && next <= 0x9F) return true;
    }
  }
  return false;
}

std::vector<std::string_view> Utf8Chars(std::string_view s) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < s.size();) {
    size_t len = 1;
    while (i + len < s.size() && (static_cast<unsigned char>(s[i + len]) & 0xC0) == 0x80) ++len;
    out.push_back(s.substr(i, len));
    i += len;
  }
  return out;
}

std::vector<std::string> SplitList(std::string_view s) {
  static constexpr std::string_view kSeparators[] = {
      ",", "\xEF\xBC\x8C", "\xE3\x80\x81", ";", "\xEF\xBC\x9B", "|", "\n", "\r"};
  std::vector<std::string> out;
  size_t start = 0;
  auto flush = [&](size_t end) {
    const std::string_view item = Trim(s.substr(start, end - start));
    if (!item.empty()) out.emplace_back(item);
  };
  for (size_t i = 0; i < s.size();) {
    size_t matched = 0;
    for (std::string_view sep : kSeparators) {
      if (s.substr(i, sep.size()) == sep) {
        matched = sep.size();
        break;
      }
    }
    if (matched == 0) {
      ++i;
      continue;
    }
    flush(i);
    i += matched;
    start = i;
  }
  flush(s.size());
  return out;
}

std::string FoldCase(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsIdentifier(std::string_view s) {
  if (s.empty() || s.size() > 40 || s[0] < 'a' || s[0] > 'z') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

Result<std::optional<std::string>> ReadText(const FieldDef& f, std::string_view type,
                                            const boost::json::value& in,
                                            const NormalizeContext& ctx, const TextRules& rules) {
  if (in.is_null()) return std::optional<std::string>();
  std::string text;
  if (in.is_string()) {
    text = std::string(in.get_string());
  } else if (auto scalar = ctx.lenient ? ScalarText(in) : std::nullopt) {
    text = std::move(*scalar);
  } else {
    return WrongType(f, type, "文本", "text");
  }
  auto too_long = [&] {
    return Invalid(f, type, "too_long", "最多 " + std::to_string(rules.max_chars) + " 个字",
                   "At most " + std::to_string(rules.max_chars) + " characters");
  };
  // A code point takes at most 4 bytes: longer text is too long whatever it holds, and is refused
  // before any other work.
  if (text.size() > rules.max_chars * 4 + 64) return too_long();
  if (!IsValidUtf8(text)) {
    return Invalid(f, type, "invalid_utf8", "文本含有无效字符", "The text is not valid UTF-8");
  }
  if (rules.multiline && text.find('\r') != std::string::npos) {
    std::string unix;
    unix.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] != '\r') {
        unix.push_back(text[i]);
      } else if (i + 1 >= text.size() || text[i + 1] != '\n') {
        unix.push_back('\n');
      }
    }
    text = std::move(unix);
  }
  if (HasControl(text, rules.multiline)) {
    return Invalid(f, type, "control_character",
                   rules.multiline ? "文本含有不可见的控制字符" : "单行文本不能含换行或控制字符",
                   rules.multiline ? "The text contains control characters"
                                   : "Single-line text cannot contain line breaks or control "
                                     "characters");
  }
  const std::string_view trimmed = Trim(text);
  if (trimmed.empty()) return std::optional<std::string>();
  if (Utf8Length(trimmed) > rules.max_chars) return too_long();
  return std::optional<std::string>(std::string(trimmed));
}

Result<std::optional<int64_t>> ReadId(const FieldDef& f, std::string_view type,
                                      const boost::json::value& in, const NormalizeContext& ctx) {
  const boost::json::value* v = &in;
  if (in.is_object()) {
    v = in.get_object().if_contains("id");
    if (!v) return Invalid(f, type, "invalid_id", "请选择有效的数据", "Choose a valid entry");
  }
  if (v->is_null()) return std::optional<int64_t>();
  std::optional<int64_t> id;
  if (v->is_number()) {
    id = JsonInteger(*v);
  } else if (v->is_string() && ctx.lenient) {
    const std::string_view s = Trim(v->get_string());
    if (s.empty()) return std::optional<int64_t>();
    if (s.size() <= 16 &&
        std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      id = std::stoll(std::string(s));
    }
  } else {
    return WrongType(f, type, "数据编号", "an id");
  }
  if (!id || *id <= 0 || *id > kMaxSafeInteger) {
    return Invalid(f, type, "invalid_id", "请选择有效的数据", "Choose a valid entry");
  }
  return id;
}

// ---- Options ---------------------------------------------------------------------------------

Status OnlyOptions(const boost::json::object& options,
                   std::initializer_list<std::string_view> known) {
  for (const auto& kv : options) {
    if (IsCommonOption(kv.key())) continue;
    if (std::find(known.begin(), known.end(), std::string_view(kv.key())) != known.end()) continue;
    return InvalidOption(kv.key(), "此字段类型不支持该选项", "This field type has no such option");
  }
  return Ok();
}

Result<std::optional<int64_t>> IntOption(const boost::json::object& o, std::string_view key,
                                         int64_t min, int64_t max) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::optional<int64_t>();
  const auto n = JsonInteger(*v);
  if (!n || *n < min || *n > max) {
    return InvalidOption(
        key, "应为 " + std::to_string(min) + " 到 " + std::to_string(max) + " 的整数",
        "Expected an integer from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return std::optional<int64_t>(*n);
}

Result<std::optional<double>> NumberOption(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::optional<double>();
  const auto n = JsonNumber(*v);
  if (!n) return InvalidOption(key, "应为数字", "Expected a number");
  return std::optional<double>(*n);
}

Result<std::optional<bool>> BoolOption(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::optional<bool>();
  if (!v->is_bool()) return InvalidOption(key, "应为 true 或 false", "Expected true or false");
  return std::optional<bool>(v->get_bool());
}

Result<std::optional<std::string>> StringOption(const boost::json::object& o, std::string_view key,
                                                size_t max_chars) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::optional<std::string>();
  if (!v->is_string()) return InvalidOption(key, "应为文本", "Expected text");
  const std::string_view s = v->get_string();
  if (!IsValidUtf8(s) || HasControl(s, false)) {
    return InvalidOption(key, "含有无效字符", "Contains invalid characters");
  }
  if (Trim(s).empty()) return InvalidOption(key, "不能为空", "Must not be empty");
  if (Utf8Length(s) > max_chars) {
    return InvalidOption(key, "最多 " + std::to_string(max_chars) + " 个字",
                         "At most " + std::to_string(max_chars) + " characters");
  }
  return std::optional<std::string>(std::string(s));
}

Status CheckMinMax(const boost::json::object& o, bool integers) {
  std::optional<double> bounds[2];
  const std::string_view keys[2] = {"min", "max"};
  for (int i = 0; i < 2; ++i) {
    if (integers) {
      PEONY_TRY(auto n, IntOption(o, keys[i], -kMaxSafeInteger, kMaxSafeInteger));
      if (n) bounds[i] = static_cast<double>(*n);
    } else {
      PEONY_TRY(auto n, NumberOption(o, keys[i]));
      if (n && std::fabs(*n) > 1e15) {
        return InvalidOption(keys[i], "数值过大", "The number is too large");
      }
      bounds[i] = n;
    }
  }
  if (bounds[0] && bounds[1] && *bounds[0] > *bounds[1]) {
    return InvalidOption("min", "最小值不能大于最大值", "min must not exceed max");
  }
  return Ok();
}

int64_t IntOr(const boost::json::object& o, std::string_view key, int64_t fallback) {
  const auto* v = o.if_contains(key);
  if (!v) return fallback;
  return JsonInteger(*v).value_or(fallback);
}

std::optional<double> NumberIf(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v) return std::nullopt;
  return JsonNumber(*v);
}

bool BoolOr(const boost::json::object& o, std::string_view key, bool fallback) {
  const auto* v = o.if_contains(key);
  return v && v->is_bool() ? v->get_bool() : fallback;
}

std::string_view StringOr(const boost::json::object& o, std::string_view key,
                          std::string_view fallback) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string_view(v->get_string()) : fallback;
}

}  // namespace peony::schema::types
