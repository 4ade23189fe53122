// number and percent: REAL values within ±1e15, optionally rounded to `precision` decimal places
// (half away from zero, on the decimal form people typed) and bounded by `min`/`max`. A percent
// is kept in percent units: 12.5 means 12.5 %.
#include <cmath>

#include "platform/schema/types/builtin.h"
#include "platform/schema/types/support.h"

namespace peony::schema::types {
namespace {

constexpr double kLargest = 1e15;

struct RealSettings {
  std::string_view name, zh, en;
  bool percent;
};

class RealType final : public FieldType {
 public:
  explicit constexpr RealType(RealSettings s) : s_(s) {}

  std::string_view name() const override { return s_.name; }
  std::string_view label(bool english) const override { return english ? s_.en : s_.zh; }
  std::string_view category() const override { return "number"; }
  StorageKind storage() const override { return StorageKind::kReal; }

  Status CheckOptions(const boost::json::object& o) const override {
    PEONY_CHECK(OnlyOptions(o, {"min", "max", "precision"}));
    PEONY_CHECK(CheckMinMax(o, false));
    PEONY_TRY(auto precision, IntOption(o, "precision", 0, 6));
    (void)precision;
    return Ok();
  }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext& ctx) const override {
    boost::json::value stripped;
    const boost::json::value* input = &in;
    if (s_.percent && ctx.lenient && in.is_string()) {
      // "12.5%" or "12.5％" typed in a spreadsheet.
      std::string_view s = Trim(in.get_string());
      for (std::string_view sign : {"%", "\xEF\xBC\x85"}) {
        if (s.size() >= sign.size() && s.substr(s.size() - sign.size()) == sign) {
          s.remove_suffix(sign.size());
          break;
        }
      }
      stripped = boost::json::string(s);
      input = &stripped;
    }
    PEONY_TRY(auto n, ReadNumber(f, s_.name, *input, ctx));
    if (!n) return storage::Value{};
    double v = *n;
    const int64_t precision = IntOr(f.options, "precision", -1);
    if (precision >= 0) v = RoundHalfAway(v, static_cast<int>(precision));
    if (v == 0) v = 0;  // no negative zero
    const auto min = NumberIf(f.options, "min");
    const auto max = NumberIf(f.options, "max");
    if (std::fabs(v) > kLargest || (min && v < *min) || (max && v > *max)) {
      return OutOfRange(f, s_.name, min ? Text(*min, precision) : "",
                        max ? Text(*max, precision) : "");
    }
    return storage::Value{v};
  }

  boost::json::value ToJson(const FieldDef&, const storage::Value& v) const override {
    const auto d = ValueReal(v);
    return d ? ValueToJson(storage::Value{*d}) : boost::json::value(nullptr);
  }

  std::string Format(const FieldDef& f, const storage::Value& v, bool) const override {
    const auto d = ValueReal(v);
    if (!d) return "";
    return Text(*d, IntOr(f.options, "precision", -1)) + (s_.percent ? "%" : "");
  }

  std::vector<std::string_view> Operators() const override { return OrderedOperators(); }

 private:
  static std::string Text(double v, int64_t precision) {
    return precision >= 0 ? FormatFixed(v, static_cast<int>(precision)) : FormatShortest(v);
  }

  RealSettings s_;
};

}  // namespace

const FieldType& NumberFieldType() {
  static const RealType t({"number", "数字", "Number", false});
  return t;
}

const FieldType& PercentFieldType() {
  static const RealType t({"percent", "百分比", "Percent", true});
  return t;
}

}  // namespace peony::schema::types
