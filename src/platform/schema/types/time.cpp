// time ("HH:MM", a time of day without a date: opening hours, a usual visit time) and year_month
// ("YYYY-MM": a billing month, an expiry month). Both compare correctly as text.
#include <algorithm>
#include <cmath>

#include "common/time_zone.h"
#include "platform/schema/types/builtin.h"
#include "platform/schema/types/date_parse.h"
#include "platform/schema/types/support.h"

namespace peony::schema::types {
namespace {

std::string TwoDigits(int v) {
  return {static_cast<char>('0' + v / 10), static_cast<char>('0' + v % 10)};
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// time. Strict: "HH:MM", or "HH:MM:00" as time pickers send it. Lenient: "9:30", "9点30分",
// "9点半", "0930", a spreadsheet's fraction of a day.
class TimeType final : public FieldType {
 public:
  std::string_view name() const override { return "time"; }
  std::string_view label(bool english) const override { return english ? "Time" : "时间"; }
  std::string_view category() const override { return "datetime"; }
  StorageKind storage() const override { return StorageKind::kText; }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext& ctx) const override {
    auto invalid = [&] {
      return Invalid(f, name(), "invalid", "请输入正确的时间，如 09:30",
                     "Enter a valid time such as 09:30");
    };
    std::optional<LooseTime> t;
    if (in.is_string()) {
      const std::string text = HalfWidth(Trim(in.get_string()));
      if (text.empty()) return storage::Value{};
      if (ctx.lenient) {
        if (text.size() == 4 && std::all_of(text.begin(), text.end(), IsDigit)) {
          t = ParseLooseTime(text.substr(0, 2) + ":" + text.substr(2));
        } else {
          t = ParseLooseTime(text);
        }
      } else if ((text.size() == 5 || (text.size() == 8 && text.substr(5) == ":00")) &&
                 IsDigit(text[0]) && IsDigit(text[1]) && text[2] == ':') {
        t = ParseLooseTime(text);
      }
      if (!t || t->ms != 0 || t->s != 0) return invalid();
    } else if (in.is_number() && ctx.lenient) {
      const auto n = JsonNumber(in);
      if (!n || *n < 0 || *n >= 1) return invalid();
      auto minutes = static_cast<int>(std::llround(*n * 1440));
      if (minutes == 1440) minutes = 0;
      t = LooseTime{minutes / 60, minutes % 60, 0, 0};
    } else {
      return WrongType(f, name(), "时间文本（HH:MM）", "a time as HH:MM");
    }
    return storage::Value{TwoDigits(t->h) + ":" + TwoDigits(t->mi)};
  }

  boost::json::value ToJson(const FieldDef&, const storage::Value& v) const override {
    return ValueToJson(v);
  }

  std::vector<std::string_view> Operators() const override { return OrderedOperators(); }
};

// year_month. Strict: "YYYY-MM". Lenient: "2026/1", "2026.1", "2026-1", "2026年1月", "202601".
class YearMonthType final : public FieldType {
 public:
  std::string_view name() const override { return "year_month"; }
  std::string_view label(bool english) const override {
    return english ? "Year and month" : "年月";
  }
  std::string_view category() const override { return "datetime"; }
  StorageKind storage() const override { return StorageKind::kText; }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext& ctx) const override {
    std::string text;
    if (in.is_string()) {
      text = HalfWidth(Trim(in.get_string()));
      if (text.empty()) return storage::Value{};
    } else if (ctx.lenient && JsonInteger(in)) {
      text = std::to_string(*JsonInteger(in));
    } else {
      return WrongType(f, name(), "年月文本（YYYY-MM）", "a month as YYYY-MM");
    }
    std::optional<LocalDate> d;
    if (!ctx.lenient) {
      if (text.size() == 7) d = ParseDate(text + "-01");
    } else if (text.size() == 6 && std::all_of(text.begin(), text.end(), IsDigit)) {
      d = ParseDate(text.substr(0, 4) + "-" + text.substr(4) + "-01");
    } else {
      // The loose date reader with a day of 1 appended in the text's own style.
      const bool chinese = text.size() >= 3 && text.substr(text.size() - 3) == "月";
      const size_t sep = text.find_first_of("-/.");
      std::string_view rest;
      if (chinese) {
        d = ParseLooseDate(text + "1日", &rest);
      } else if (sep != std::string::npos) {
        d = ParseLooseDate(text + text[sep] + "1", &rest);
      }
      if (!rest.empty()) d.reset();
    }
    if (!d || d->y < 1000) {
      return Invalid(f, name(), "invalid", "请输入正确的年月，如 2026-01",
                     "Enter a valid month such as 2026-01");
    }
    return storage::Value{FormatDate(*d).substr(0, 7)};
  }

  boost::json::value ToJson(const FieldDef&, const storage::Value& v) const override {
    return ValueToJson(v);
  }

  std::vector<std::string_view> Operators() const override { return OrderedOperators(); }
};

}  // namespace

const FieldType& TimeFieldType() {
  static const TimeType t;
  return t;
}

const FieldType& YearMonthFieldType() {
  static const YearMonthType t;
  return t;
}

}  // namespace peony::schema::types
