// integer: whole numbers within ±(2^53 - 1), bounded by `min`/`max`.
#include "platform/schema/types/builtin.h"
#include "platform/schema/types/support.h"

namespace peony::schema::types {
namespace {

constexpr std::string_view kType = "integer";

class IntegerType final : public FieldType {
 public:
  std::string_view name() const override { return kType; }
  std::string_view label(bool english) const override { return english ? "Integer" : "整数"; }
  std::string_view category() const override { return "number"; }
  StorageKind storage() const override { return StorageKind::kInteger; }

  Status CheckOptions(const boost::json::object& o) const override {
    PEONY_CHECK(OnlyOptions(o, {"min", "max"}));
    return CheckMinMax(o, true);
  }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext& ctx) const override {
    PEONY_TRY(auto n, ReadInteger(f, kType, in, ctx));
    if (!n) return storage::Value{};
    const auto* min = f.options.if_contains("min");
    const auto* max = f.options.if_contains("max");
    const auto lo = min ? JsonInteger(*min) : std::nullopt;
    const auto hi = max ? JsonInteger(*max) : std::nullopt;
    if ((lo && *n < *lo) || (hi && *n > *hi)) {
      return OutOfRange(f, kType, lo ? std::to_string(*lo) : "", hi ? std::to_string(*hi) : "");
    }
    return storage::Value{*n};
  }

  boost::json::value ToJson(const FieldDef&, const storage::Value& v) const override {
    const auto n = ValueInt(v);
    return n ? boost::json::value(*n) : boost::json::value(nullptr);
  }

  std::vector<std::string_view> Operators() const override { return OrderedOperators(); }
};

}  // namespace

const FieldType& IntegerFieldType() {
  static const IntegerType t;
  return t;
}

}  // namespace peony::schema::types
