// datetime: an instant, stored as UTC milliseconds. The API takes RFC 3339 with an offset
// ("2026-01-02T10:30:00+08:00") and gives RFC 3339 in UTC. Lenient: a wall-clock time without an
// offset ("2026-01-02 10:30", "2026/1/2 10:30", "2026年1月2日 10点30分", a spreadsheet's serial
// number) read in ctx.time_zone. Display is in UTC ("2026-01-02 02:30"): Format has no zone;
// exports in a zone use TimeZone::FormatLocal.
#include "common/clock.h"
#include "common/time_zone.h"
#include "platform/schema/types/builtin.h"
#include "platform/schema/types/date_parse.h"
#include "platform/schema/types/support.h"

namespace peony::schema::types {
namespace {

constexpr std::string_view kType = "datetime";
// 1000-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z.
constexpr UtcMillis kEarliest = -30'610'224'000'000;
constexpr UtcMillis kLatest = 253'402'300'799'999;

class DateTimeType final : public FieldType {
 public:
  std::string_view name() const override { return kType; }
  std::string_view label(bool english) const override {
    return english ? "Date and time" : "日期时间";
  }
  std::string_view category() const override { return "datetime"; }
  StorageKind storage() const override { return StorageKind::kInteger; }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext& ctx) const override {
    auto invalid = [&] {
      return Invalid(f, kType, "invalid", "请输入正确的日期时间，如 2026-01-02T10:30:00+08:00",
                     "Enter a valid date and time such as 2026-01-02T10:30:00+08:00");
    };
    std::optional<UtcMillis> t;
    std::optional<LocalDateTime> local;
    if (in.is_string()) {
      const std::string text = HalfWidth(Trim(in.get_string()));
      if (text.empty()) return storage::Value{};
      if (text.size() > 64) return invalid();
      t = ParseRfc3339(text);
      if (!t && ctx.lenient) local = ParseLooseDateTime(text);
      if (!t && !local) {
        if (!ctx.lenient && ParseLooseDateTime(text)) {
          return Invalid(f, kType, "missing_offset",
                         "日期时间须带时区，如 2026-01-02T10:30:00+08:00",
                         "Give the time zone offset, as in 2026-01-02T10:30:00+08:00");
        }
        return invalid();
      }
    } else if (in.is_number() && ctx.lenient) {
      const auto n = JsonNumber(in);
      if (n) local = ExcelSerial(*n);
      if (!local) return invalid();
    } else {
      return WrongType(f, kType, "RFC 3339 日期时间文本", "an RFC 3339 date-time string");
    }
    if (local) {
      auto zone = TimeZone::Find(ctx.time_zone);
      if (!zone.ok()) return std::move(zone).error();
      t = zone->ToUtc(*local);
    }
    if (*t < kEarliest || *t > kLatest) {
      return OutOfRange(f, kType, "1000-01-01", "9999-12-31");
    }
    return storage::Value{*t};
  }

  boost::json::value ToJson(const FieldDef&, const storage::Value& v) const override {
    const auto t = ValueInt(v);
    if (!t) return nullptr;
    return boost::json::string(FormatRfc3339(*t));
  }

  std::string Format(const FieldDef&, const storage::Value& v, bool) const override {
    const auto t = ValueInt(v);
    return t ? TimeZone::Utc().FormatLocal(*t) : "";
  }

  std::vector<std::string_view> Operators() const override { return OrderedOperators(); }
};

}  // namespace

const FieldType& DateTimeFieldType() {
  static const DateTimeType t;
  return t;
}

}  // namespace peony::schema::types
