// location: a point on the map as {"lat", "lng", "name"?} (WGS-84 degrees, rounded to 7 decimal
// places, about 1 cm; name at most 200 characters), kept as canonical JSON text. Lenient:
// "39.9087,116.3975".
#include <cmath>

#include "platform/schema/types/builtin.h"
#include "platform/schema/types/support.h"

namespace peony::schema::types {
namespace {

constexpr std::string_view kType = "location";

class LocationType final : public FieldType {
 public:
  std::string_view name() const override { return kType; }
  std::string_view label(bool english) const override { return english ? "Location" : "定位"; }
  std::string_view category() const override { return "contact"; }
  StorageKind storage() const override { return StorageKind::kText; }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext& ctx) const override {
    auto invalid = [&] {
      return Invalid(f, kType, "invalid",
                     "位置应为 {lat, lng, name}，纬度 -90 到 90，经度 -180 到 180",
                     "A location is {lat, lng, name} with latitude -90 to 90 and longitude -180 "
                     "to 180");
    };
    std::optional<double> lat, lng;
    std::optional<std::string> place;
    if (in.is_object()) {
      for (const auto& kv : in.get_object()) {
        const std::string_view key = kv.key();
        if (key == "lat") {
          lat = JsonNumber(kv.value());
        } else if (key == "lng") {
          lng = JsonNumber(kv.value());
        } else if (key == "name") {
          PEONY_TRY(place, ReadText(f, kType, kv.value(), NormalizeContext{}, {200, false}));
        } else {
          return invalid();
        }
      }
    } else if (ctx.lenient && in.is_string()) {
      const std::string_view s = Trim(in.get_string());
      if (s.empty()) return storage::Value{};
      const auto parts = SplitList(s);
      if (parts.size() != 2) return invalid();
      lat = ParseNumberText(parts[0]);
      lng = ParseNumberText(parts[1]);
    } else {
      return WrongType(f, kType, "位置对象 {lat, lng}", "a location object {lat, lng}");
    }
    if (!lat || !lng || std::fabs(*lat) > 90 || std::fabs(*lng) > 180) return invalid();
    boost::json::object canonical;
    canonical["lat"] = RoundHalfAway(*lat, 7);
    canonical["lng"] = RoundHalfAway(*lng, 7);
    if (place) canonical["name"] = *place;
    return storage::Value{WriteJson(canonical)};
  }

  boost::json::value ToJson(const FieldDef&, const storage::Value& v) const override {
    const std::string* text = ValueText(v);
    if (!text) return nullptr;
    auto parsed = ParseJson(*text);
    return parsed && parsed->is_object() ? std::move(*parsed) : boost::json::value(nullptr);
  }

  // "望京 SOHO (39.9962, 116.4802)" or "39.9962, 116.4802".
  std::string Format(const FieldDef&, const storage::Value& v, bool) const override {
    const std::string* text = ValueText(v);
    const auto parsed = text ? ParseJson(*text) : std::nullopt;
    if (!parsed || !parsed->is_object()) return "";
    const auto& o = parsed->get_object();
    const auto lat = o.if_contains("lat") ? JsonNumber(o.at("lat")) : std::nullopt;
    const auto lng = o.if_contains("lng") ? JsonNumber(o.at("lng")) : std::nullopt;
    if (!lat || !lng) return "";
    const std::string point = FormatShortest(*lat) + ", " + FormatShortest(*lng);
    const auto* place = o.if_contains("name");
    if (place && place->is_string()) return std::string(place->get_string()) + " (" + point + ")";
    return point;
  }

  std::vector<std::string_view> Operators() const override { return PresenceOperators(); }
};

}  // namespace

const FieldType& LocationFieldType() {
  static const LocationType t;
  return t;
}

}  // namespace peony::schema::types
