// duration: whole minutes (a treatment's length, a course's time), at most 100 years. Lenient
// input as people write it: "90", "1h30m", "1.5 h", "1:30", "90分钟", "1小时30分", "2天".
#include <cmath>

#include "platform/schema/types/builtin.h"
#include "platform/schema/types/support.h"

namespace peony::schema::types {
namespace {

constexpr std::string_view kType = "duration";
constexpr int64_t kLongest = 100LL * 366 * 24 * 60;

struct Unit {
  std::string_view text;
  int64_t minutes;
};
// Longest spelling first where one is a prefix of another ("minutes" before "min" before "m").
constexpr Unit kUnits[] = {
    {"days", 1440}, {"day", 1440}, {"d", 1440},    {"天", 1440},  {"日", 1440},
    {"hours", 60},  {"hour", 60},  {"hrs", 60},    {"hr", 60},    {"h", 60},
    {"小时", 60},   {"时", 60},    {"minutes", 1}, {"minute", 1}, {"mins", 1},
    {"min", 1},     {"m", 1},      {"分钟", 1},    {"分", 1},
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Minutes in `text`, or nullopt when it is not a duration.
std::optional<double> ParseDuration(std::string_view raw) {
  std::string lower;
  for (char c : HalfWidth(raw)) {
    if (c == ' ') continue;
    lower.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  std::string_view s = lower;
  if (s.empty()) return std::nullopt;
  // "1:30" hours and minutes.
  if (const size_t colon = s.find(':'); colon != std::string_view::npos) {
    const auto h = ParseNumberText(s.substr(0, colon));
    const std::string_view m = s.substr(colon + 1);
    if (!h || m.size() != 2 || !IsDigit(m[0]) || !IsDigit(m[1]) || *h < 0 || std::trunc(*h) != *h) {
      return std::nullopt;
    }
    const int mm = (m[0] - '0') * 10 + (m[1] - '0');
    if (mm > 59) return std::nullopt;
    return *h * 60 + mm;
  }
  double total = 0;
  bool any = false;
  while (!s.empty()) {
    size_t len = 0;
    while (len < s.size() && (IsDigit(s[len]) || s[len] == '.')) ++len;
    if (len == 0 || len > 12) return std::nullopt;
    const auto n = ParseNumberText(s.substr(0, len));
    if (!n) return std::nullopt;
    s.remove_prefix(len);
    int64_t per = 0;
    for (const Unit& u : kUnits) {
      if (s.substr(0, u.text.size()) == u.text) {
        per = u.minutes;
        s.remove_prefix(u.text.size());
        break;
      }
    }
    if (per == 0) {
      if (!s.empty() || any) return std::nullopt;  // a bare number is minutes, alone only
      per = 1;
    }
    total += *n * static_cast<double>(per);
    any = true;
  }
  return total;
}

class DurationType final : public FieldType {
 public:
  std::string_view name() const override { return kType; }
  std::string_view label(bool english) const override { return english ? "Duration" : "时长"; }
  std::string_view category() const override { return "number"; }
  StorageKind storage() const override { return StorageKind::kInteger; }

  // min and max in minutes.
  Status CheckOptions(const boost::json::object& o) const override {
    PEONY_CHECK(OnlyOptions(o, {"min", "max"}));
    return CheckMinMax(o, true);
  }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext& ctx) const override {
    std::optional<int64_t> minutes;
    if (ctx.lenient && in.is_string()) {
      if (Trim(in.get_string()).empty()) return storage::Value{};
      const auto d = ParseDuration(in.get_string());
      if (!d || std::trunc(*d) != *d || *d > static_cast<double>(kLongest)) {
        return Invalid(f, kType, "invalid", "请输入时长，如 90 或 1小时30分钟",
                       "Enter a duration such as 90 or 1h30m");
      }
      minutes = static_cast<int64_t>(*d);
    } else {
      PEONY_TRY(minutes, ReadInteger(f, kType, in, ctx));
      if (!minutes) return storage::Value{};
    }
    const auto lo = NumberIf(f.options, "min");
    const auto hi = NumberIf(f.options, "max");
    if (*minutes < 0 || *minutes > kLongest || (lo && static_cast<double>(*minutes) < *lo) ||
        (hi && static_cast<double>(*minutes) > *hi)) {
      return OutOfRange(f, kType, std::to_string(lo ? static_cast<int64_t>(*lo) : 0),
                        std::to_string(hi ? static_cast<int64_t>(*hi) : kLongest));
    }
    return storage::Value{*minutes};
  }

  boost::json::value ToJson(const FieldDef&, const storage::Value& v) const override {
    const auto n = ValueInt(v);
    return n ? boost::json::value(*n) : boost::json::value(nullptr);
  }

  // "1小时30分钟" / "1 h 30 min".
  std::string Format(const FieldDef&, const storage::Value& v, bool english) const override {
    const auto n = ValueInt(v);
    return n ? Text(*n, english) : "";
  }

  std::vector<std::string_view> Operators() const override { return OrderedOperators(); }

 private:
  static std::string Text(int64_t minutes, bool english) {
    const int64_t h = minutes / 60, m = minutes % 60;
    std::string out;
    if (h != 0) out += std::to_string(h) + (english ? " h" : "小时");
    if (m != 0 || h == 0) {
      if (!out.empty() && english) out += " ";
      out += std::to_string(m) + (english ? " min" : "分钟");
    }
    return out;
  }
};

}  // namespace

const FieldType& DurationFieldType() {
  static const DurationType t;
  return t;
}

}  // namespace peony::schema::types
