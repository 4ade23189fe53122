// serial: a computed TEXT number drawn from a pattern (serial.h). The engine renders it when a
// record is created; Normalize accepts an existing number as text so that imports can keep the
// numbers of an older system when the engine allows it.
#include "platform/schema/types/serial.h"

#include <algorithm>
#include <iterator>

#include "common/strings.h"
#include "platform/schema/types/builtin.h"
#include "platform/schema/types/support.h"

namespace peony::schema {
namespace {

using Kind = SerialPattern::PartKind;

constexpr size_t kMaxPatternChars = 64;

struct DateToken {
  std::string_view text;
  Kind kind;
  bool year, month, day;  // what the token shows
};
constexpr DateToken kDateTokens[] = {
    {"YYYY", Kind::kYear4, true, false, false},
    {"YY", Kind::kYear2, true, false, false},
    {"MM", Kind::kMonth, false, true, false},
    {"DD", Kind::kDay, false, false, true},
    {"YYYYMMDD", Kind::kYearMonthDay, true, true, true},
    {"YYYYMM", Kind::kYearMonth, true, true, false},
};

void Pad(std::string& out, int64_t v, int width) {
  const std::string digits = std::to_string(v < 0 ? 0 : v);
  if (static_cast<int>(digits.size()) < width) out.append(width - digits.size(), '0');
  out += digits;
}

Error BadPattern(std::string zh, std::string en) {
  return InvalidOption("pattern", std::move(zh), std::move(en));
}

}  // namespace

Result<SerialPattern> ParseSerialPattern(std::string_view s) {
  if (s.empty() || !IsValidUtf8(s) || types::HasControl(s, false) ||
      Utf8Length(s) > kMaxPatternChars) {
    return BadPattern("编号规则不能为空，最多 64 个字", "A pattern is 1-64 characters");
  }
  SerialPattern p;
  bool year = false, month = false, day = false, counter = false;
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '}') return BadPattern("花括号不成对", "Unbalanced braces");
    if (s[i] != '{') {
      const size_t next = std::min(s.find_first_of("{}", i), s.size());
      p.parts.push_back({Kind::kLiteral, std::string(s.substr(i, next - i))});
      i = next;
      continue;
    }
    const size_t close = s.find('}', i);
    if (close == std::string_view::npos) return BadPattern("花括号不成对", "Unbalanced braces");
    const std::string_view token = s.substr(i + 1, close - i - 1);
    i = close + 1;
    Kind kind = Kind::kLiteral;
    const auto date_token = std::find_if(std::begin(kDateTokens), std::end(kDateTokens),
                                         [&](const DateToken& t) { return t.text == token; });
    if (date_token != std::end(kDateTokens)) {
      kind = date_token->kind;
      year = year || date_token->year;
      month = month || date_token->month;
      day = day || date_token->day;
    } else if (token == "BRANCH") {
      if (p.has_branch) return BadPattern("{BRANCH} 只能出现一次", "{BRANCH} may appear once");
      kind = Kind::kBranch;
      p.has_branch = true;
    } else if (token.size() >= 3 && token.size() <= 9 &&
               token.find_first_not_of('0') == std::string_view::npos) {
      if (counter) return BadPattern("只能有一个序号 {000}", "Give exactly one counter {000}");
      kind = Kind::kCounter;
      counter = true;
      p.counter_width = static_cast<int>(token.size());
    } else {
      return BadPattern("未知的占位符 {" + std::string(token.substr(0, 20)) + "}",
                        "Unknown token {" + std::string(token.substr(0, 20)) + "}");
    }
    p.parts.push_back({kind, ""});
  }
  if (!counter) {
    return BadPattern("需要一个 3 到 9 位的序号，如 {0000}",
                      "Give one counter of 3 to 9 zeros, such as {0000}");
  }
  if ((month && !year) || (day && !month)) {
    return BadPattern("日期须包含年份（有日则须有月），否则编号会重复",
                      "A month needs a year and a day needs a month, or numbers would repeat");
  }
  p.period = day     ? SerialPattern::Period::kDay
             : month ? SerialPattern::Period::kMonth
             : year  ? SerialPattern::Period::kYear
                     : SerialPattern::Period::kNever;
  return p;
}

std::string RenderSerial(const SerialPattern& p, const LocalDate& date, int64_t counter,
                         std::string_view branch_code) {
  std::string out;
  for (const auto& part : p.parts) {
    switch (part.kind) {
      case Kind::kLiteral:
        out += part.text;
        break;
      case Kind::kYear4:
        Pad(out, date.y, 4);
        break;
      case Kind::kYear2:
        Pad(out, date.y % 100, 2);
        break;
      case Kind::kMonth:
        Pad(out, date.m, 2);
        break;
      case Kind::kDay:
        Pad(out, date.d, 2);
        break;
      case Kind::kYearMonthDay:
        Pad(out, date.y, 4);
        Pad(out, date.m, 2);
        Pad(out, date.d, 2);
        break;
      case Kind::kYearMonth:
        Pad(out, date.y, 4);
        Pad(out, date.m, 2);
        break;
      case Kind::kCounter:
        Pad(out, counter, p.counter_width);
        break;
      case Kind::kBranch:
        out += branch_code;
        break;
    }
  }
  return out;
}

std::string SerialPeriodKey(const SerialPattern& p, const LocalDate& date,
                            std::string_view branch_code) {
  std::string key;
  if (p.period != SerialPattern::Period::kNever) Pad(key, date.y, 4);
  if (p.period == SerialPattern::Period::kMonth || p.period == SerialPattern::Period::kDay) {
    Pad(key, date.m, 2);
  }
  if (p.period == SerialPattern::Period::kDay) Pad(key, date.d, 2);
  if (p.has_branch) key += "|" + std::string(branch_code);
  return key;
}

namespace types {
namespace {

class SerialType final : public FieldType {
 public:
  std::string_view name() const override { return "serial"; }
  std::string_view label(bool english) const override {
    return english ? "Serial number" : "流水号";
  }
  std::string_view category() const override { return "computed"; }
  StorageKind storage() const override { return StorageKind::kText; }
  bool computed() const override { return true; }
  bool searchable() const override { return true; }

  Status CheckOptions(const boost::json::object& o) const override {
    PEONY_CHECK(OnlyOptions(o, {"pattern"}));
    const auto* pattern = o.if_contains("pattern");
    if (!pattern || !pattern->is_string()) {
      return BadPattern("请填写编号规则，如 KH{YYYYMMDD}{0000}",
                        "Give a pattern such as KH{YYYYMMDD}{0000}");
    }
    PEONY_TRY(auto parsed, ParseSerialPattern(pattern->get_string()));
    (void)parsed;
    return Ok();
  }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext& ctx) const override {
    PEONY_TRY(auto text, ReadText(f, name(), in, ctx, {64, false}));
    return text ? storage::Value{std::move(*text)} : storage::Value{};
  }

  boost::json::value ToJson(const FieldDef&, const storage::Value& v) const override {
    return ValueToJson(v);
  }

  std::vector<std::string_view> Operators() const override { return TextOperators(); }
};

}  // namespace

const FieldType& SerialFieldType() {
  static const SerialType t;
  return t;
}

}  // namespace types
}  // namespace peony::schema
