// date: a calendar day as "YYYY-MM-DD" (years 1000-9999), optionally within options min/max.
// Lenient: "2026/1/2", "2026年1月2日", "20260102", "2026-01-02 00:00:00" and a spreadsheet's
// serial day number.
#include "common/time_zone.h"
#include "platform/schema/types/builtin.h"
#include "platform/schema/types/date_parse.h"
#include "platform/schema/types/support.h"

namespace peony::schema::types {
namespace {

constexpr std::string_view kType = "date";

class DateType final : public FieldType {
 public:
  std::string_view name() const override { return kType; }
  std::string_view label(bool english) const override { return english ? "Date" : "日期"; }
  std::string_view category() const override { return "datetime"; }
  StorageKind storage() const override { return StorageKind::kText; }

  Status CheckOptions(const boost::json::object& o) const override {
    PEONY_CHECK(OnlyOptions(o, {"min", "max"}));
    std::optional<LocalDate> bounds[2];
    const std::string_view keys[2] = {"min", "max"};
    for (int i = 0; i < 2; ++i) {
      PEONY_TRY(auto text, StringOption(o, keys[i], 10));
      if (!text) continue;
      bounds[i] = ParseDate(*text);
      if (!bounds[i]) {
        return InvalidOption(keys[i], "应为 YYYY-MM-DD 格式的日期",
                             "Expected a date as YYYY-MM-DD");
      }
    }
    if (bounds[0] && bounds[1] && *bounds[0] > *bounds[1]) {
      return InvalidOption("min", "最早日期不能晚于最晚日期", "min must not be after max");
    }
    return Ok();
  }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext& ctx) const override {
    auto invalid = [&] {
      return Invalid(f, kType, "invalid", "请输入正确的日期，如 2026-01-02",
                     "Enter a valid date such as 2026-01-02");
    };
    std::optional<LocalDate> date;
    if (in.is_string()) {
      const std::string text = HalfWidth(Trim(in.get_string()));
      if (text.empty()) return storage::Value{};
      if (ctx.lenient) {
        const auto dt = ParseLooseDateTime(text);
        if (dt && dt->h == 0 && dt->mi == 0 && dt->s == 0 && dt->ms == 0) date = dt->date;
      } else {
        date = ParseDate(text);
      }
      if (!date) return invalid();
    } else if (in.is_number() && ctx.lenient) {
      const auto n = JsonNumber(in);
      if (const auto i = JsonInteger(in); i && *i >= 10000101 && *i <= 99991231) {
        std::string_view rest;
        date = ParseLooseDate(std::to_string(*i), &rest);  // 20260102
      } else if (n) {
        const auto serial = ExcelSerial(*n);
        if (serial) date = serial->date;
      }
      if (!date) return invalid();
    } else {
      return WrongType(f, kType, "日期文本（YYYY-MM-DD）", "a date as YYYY-MM-DD");
    }
    const std::string text = FormatDate(*date);
    const std::string_view min = StringOr(f.options, "min", "");
    const std::string_view max = StringOr(f.options, "max", "");
    if (date->y < 1000 || (!min.empty() && text < min) || (!max.empty() && text > max)) {
      return OutOfRange(f, kType, min.empty() ? "1000-01-01" : min,
                        max.empty() ? "9999-12-31" : max);
    }
    return storage::Value{text};
  }

  boost::json::value ToJson(const FieldDef&, const storage::Value& v) const override {
    return ValueToJson(v);
  }

  std::vector<std::string_view> Operators() const override { return OrderedOperators(); }
};

}  // namespace

const FieldType& DateFieldType() {
  static const DateType t;
  return t;
}

}  // namespace peony::schema::types
