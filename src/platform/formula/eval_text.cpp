// Text functions. Positions and lengths count characters (code points), not bytes: LEFT("王丽华",
// 1) is "王". Text arguments accept any value, converted as & does.
#include "common/strings.h"
#include "platform/formula/errors.h"
#include "platform/formula/eval_internal.h"
#include "platform/formula/functions.h"
#include "platform/formula/number.h"

namespace peony::formula {
namespace {

bool IsLead(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

// The byte offset of the character with 0-based index `chars`; s.size() past the end.
size_t ByteOffset(std::string_view s, int64_t chars) {
  int64_t count = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (IsLead(s[i])) {
      if (count == chars) return i;
      ++count;
    }
  }
  return s.size();
}

std::string_view Chars(std::string_view s, int64_t first, int64_t count) {
  const size_t begin = ByteOffset(s, first);
  const size_t end = ByteOffset(s, first + count);
  return s.substr(begin, end - begin);
}

std::string AsciiUpper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

// Drops leading and trailing white space (ASCII and the ideographic space) and turns each run of
// inner spaces into one, as spreadsheets do.
std::string Trim(std::string_view s) {
  constexpr std::string_view kWide = "\xE3\x80\x80";
  auto space_at = [&](size_t i) -> size_t {
    if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') return 1;
    return s.substr(i, 3) == kWide ? 3 : 0;
  };
  std::string out;
  bool pending_space = false;
  for (size_t i = 0; i < s.size();) {
    if (const size_t n = space_at(i)) {
      pending_space = !out.empty();
      i += n;
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(s[i++]);
  }
  return out;
}

Error Negative(const BoundNode& call, std::string_view what_zh, std::string_view what_en) {
  return errors::InvalidArgument(call.pos, FunctionName(call.fn), what_zh, what_en);
}

}  // namespace

Result<Value> CallText(Evaluator& ev, const BoundNode& call, const std::vector<Value>& args) {
  PEONY_TRY(std::string text, ev.ToText(args[0]));
  auto integer = [&](size_t i, int64_t fallback) {
    return i < args.size() ? ToInteger(AsNumber(args[i])) : fallback;
  };
  switch (call.fn) {
    case Fn::kLeft:
    case Fn::kRight: {
      const int64_t n = integer(1, 1);
      if (n < 0) return Negative(call, "的字符数不能是负数", "the count cannot be negative");
      const int64_t length = static_cast<int64_t>(Utf8Length(text));
      const int64_t first = call.fn == Fn::kLeft ? 0 : std::max<int64_t>(length - n, 0);
      return ev.Text(std::string(Chars(text, first, n)), call.pos);
    }
    case Fn::kMid: {
      const int64_t start = integer(1, 1);
      const int64_t n = integer(2, 0);
      if (start < 1) return Negative(call, "的开始位置至少是 1", "the start must be at least 1");
      if (n < 0) return Negative(call, "的字符数不能是负数", "the count cannot be negative");
      return ev.Text(std::string(Chars(text, start - 1, n)), call.pos);
    }
    case Fn::kLen:
      return Value(static_cast<double>(Utf8Length(text)));
    case Fn::kUpper:
      return ev.Text(AsciiUpper(std::move(text)), call.pos);
    case Fn::kLower:
      return ev.Text(ToLower(text), call.pos);
    case Fn::kTrim:
      return ev.Text(Trim(text), call.pos);
    case Fn::kSubstitute: {
      PEONY_TRY(std::string from, ev.ToText(args[1]));
      PEONY_TRY(std::string to, ev.ToText(args[2]));
      const int64_t nth = integer(3, 0);
      if (args.size() > 3 && nth < 1) {
        return Negative(call, "的第几处至少是 1", "the occurrence must be at least 1");
      }
      if (from.empty()) return ev.Text(std::move(text), call.pos);
      std::vector<size_t> hits;
      for (size_t at = text.find(from); at != std::string::npos;
           at = text.find(from, at + from.size())) {
        PEONY_CHECK(ev.Step());
        hits.push_back(at);
      }
      if (nth > 0) {
        if (static_cast<size_t>(nth) > hits.size()) return ev.Text(std::move(text), call.pos);
        hits = {hits[static_cast<size_t>(nth) - 1]};
      }
      // Check the size before building: nested SUBSTITUTEs grow text geometrically.
      PEONY_CHECK(ev.CheckTextSize(text.size() + hits.size() * to.size(), call.pos));
      std::string out;
      size_t copied = 0;
      for (size_t at : hits) {
        out.append(text, copied, at - copied);
        out += to;
        copied = at + from.size();
      }
      out.append(text, copied, std::string::npos);
      return ev.Text(std::move(out), call.pos);
    }
    case Fn::kFind: {
      // FIND(needle, text[, start]): text[0] is the needle here.
      PEONY_TRY(std::string haystack, ev.ToText(args[1]));
      const int64_t start = integer(2, 1);
      if (start < 1) return Negative(call, "的开始位置至少是 1", "the start must be at least 1");
      const int64_t length = static_cast<int64_t>(Utf8Length(haystack));
      if (start > length + 1) return Value(0.0);
      if (text.empty()) return Value(static_cast<double>(start));
      const size_t at = haystack.find(text, ByteOffset(haystack, start - 1));
      if (at == std::string::npos) return Value(0.0);
      return Value(static_cast<double>(Utf8Length(std::string_view(haystack).substr(0, at)) + 1));
    }
    case Fn::kContains: {
      PEONY_TRY(std::string needle, ev.ToText(args[1]));
      return Value(ToLower(text).find(ToLower(needle)) != std::string::npos);
    }
    case Fn::kText: {
      if (IsBlank(args[0])) return Value{};
      PEONY_TRY(std::string format, ev.ToText(args[1]));
      if (const double* d = std::get_if<double>(&args[0])) {
        return ev.Text(FormatNumberPattern(*d, format), call.pos);
      }
      if (const Date* d = std::get_if<Date>(&args[0])) {
        return ev.Text(FormatDatePattern(LocalTime{*d}, format), call.pos);
      }
      if (const DateTime* t = std::get_if<DateTime>(&args[0])) {
        PEONY_TRY(const TimeZone* zone, ev.Zone());
        return ev.Text(FormatDatePattern(zone->ToLocal(t->ms), format), call.pos);
      }
      return ev.Text(std::move(text), call.pos);  // text and booleans as they are
    }
    case Fn::kValue: {
      if (IsBlank(args[0])) return Value{};
      if (const double* d = std::get_if<double>(&args[0])) return Value(*d);
      const std::optional<double> parsed = ParseNumberText(text);
      if (!parsed) return Negative(call, "的文字不是数字", "the text is not a number");
      return Value(*parsed);
    }
    default:
      return Value{};
  }
}

}  // namespace peony::formula
