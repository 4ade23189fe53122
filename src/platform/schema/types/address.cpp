// address: a mainland address as {"province", "city", "district", "detail"} (text of at most 100
// characters each, province required), kept as canonical JSON text with only the parts given, in
// that order. Lenient: one line "广东省深圳市南山区科技园1号" split at the usual suffixes.
#include <algorithm>
#include <array>
#include <utility>

#include "common/strings.h"
#include "platform/schema/types/builtin.h"
#include "platform/schema/types/support.h"

namespace peony::schema::types {
namespace {

constexpr std::string_view kType = "address";
constexpr std::array<std::string_view, 4> kParts = {"province", "city", "district", "detail"};
constexpr std::array<std::string_view, 4> kMunicipalities = {"北京", "天津", "上海", "重庆"};
// Province-level names without their suffix, and the suffix.
constexpr std::pair<std::string_view, std::string_view> kProvinces[] = {
    {"河北", "省"},         {"山西", "省"},
    {"辽宁", "省"},         {"吉林", "省"},
    {"黑龙江", "省"},       {"江苏", "省"},
    {"浙江", "省"},         {"安徽", "省"},
    {"福建", "省"},         {"江西", "省"},
    {"山东", "省"},         {"河南", "省"},
    {"湖北", "省"},         {"湖南", "省"},
    {"广东", "省"},         {"海南", "省"},
    {"四川", "省"},         {"贵州", "省"},
    {"云南", "省"},         {"陕西", "省"},
    {"甘肃", "省"},         {"青海", "省"},
    {"台湾", "省"},         {"内蒙古", "自治区"},
    {"广西", "壮族自治区"}, {"西藏", "自治区"},
    {"宁夏", "回族自治区"}, {"新疆", "维吾尔自治区"},
    {"香港", "特别行政区"}, {"澳门", "特别行政区"},
    {"北京", "市"},         {"天津", "市"},
    {"上海", "市"},         {"重庆", "市"}};

bool Eat(std::string_view* s, std::string_view prefix) {
  if (!s->starts_with(prefix)) return false;
  s->remove_prefix(prefix.size());
  return true;
}

// The shortest prefix of s (at most `max_chars` characters) ending in one of `suffixes`.
std::optional<std::string_view> UpTo(std::string_view s,
                                     std::initializer_list<std::string_view> suffixes,
                                     size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < s.size() && chars < max_chars; ++chars) {
    size_t len = 1;
    while (i + len < s.size() && (static_cast<unsigned char>(s[i + len]) & 0xC0) == 0x80) ++len;
    i += len;
    for (std::string_view suffix : suffixes) {
      if (s.substr(i).starts_with(suffix)) return s.substr(0, i + suffix.size());
    }
  }
  return std::nullopt;
}

// Splits one line into the four parts; the province is empty when none is recognised.
boost::json::object SplitAddress(std::string_view s) {
  boost::json::object out;
  s = Trim(s);
  for (const auto& [name, suffix] : kProvinces) {
    std::string_view rest = s;
    if (!Eat(&rest, name)) continue;
    Eat(&rest, suffix);
    const std::string province = std::string(name) + std::string(suffix);
    out["province"] = province;
    const bool municipality =
        std::find(kMunicipalities.begin(), kMunicipalities.end(), name) != kMunicipalities.end();
    if (municipality) {
      out["city"] = province;
      if (!Eat(&rest, province)) Eat(&rest, "市辖区");
    } else if (auto city = UpTo(rest, {"市", "自治州", "地区", "盟"}, 12)) {
      out["city"] = *city;
      rest.remove_prefix(city->size());
    }
    if (auto district = UpTo(rest, {"区", "县", "市", "旗"}, 10)) {
      out["district"] = *district;
      rest.remove_prefix(district->size());
    }
    if (!Trim(rest).empty()) out["detail"] = Trim(rest);
    return out;
  }
  if (!s.empty()) out["detail"] = s;
  return out;
}

std::string_view Part(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

class AddressType final : public FieldType {
 public:
  std::string_view name() const override { return kType; }
  std::string_view label(bool english) const override { return english ? "Address" : "地址"; }
  std::string_view category() const override { return "contact"; }
  StorageKind storage() const override { return StorageKind::kText; }
  bool searchable() const override { return true; }
  bool can_be_sensitive() const override { return true; }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext& ctx) const override {
    boost::json::object split;
    const boost::json::object* o = nullptr;
    if (in.is_object()) {
      o = &in.get_object();
    } else if (ctx.lenient && in.is_string()) {
      if (in.get_string().size() > 2000) return TooLong(f);
      split = SplitAddress(in.get_string());
      o = &split;
    } else {
      return WrongType(f, kType, "地址对象 {province, city, district, detail}",
                       "an address object {province, city, district, detail}");
    }
    for (const auto& kv : *o) {
      if (std::find(kParts.begin(), kParts.end(), std::string_view(kv.key())) == kParts.end()) {
        return Invalid(f, kType, "unknown_part", "地址只含省、市、区和详细地址",
                       "An address has only province, city, district and detail");
      }
    }
    boost::json::object canonical;
    for (std::string_view part : kParts) {
      const auto* v = o->if_contains(part);
      if (!v || v->is_null()) continue;
      PEONY_TRY(auto text, ReadText(f, kType, *v, NormalizeContext{}, {100, false}));
      if (text) canonical[part] = *text;
    }
    if (canonical.empty()) return storage::Value{};
    if (!canonical.contains("province")) {
      return Invalid(f, kType, "province_required", "请选择省份", "Choose the province");
    }
    return storage::Value{WriteJson(canonical)};
  }

  boost::json::value ToJson(const FieldDef&, const storage::Value& v) const override {
    const std::string* text = ValueText(v);
    if (!text) return nullptr;
    auto parsed = ParseJson(*text);
    return parsed && parsed->is_object() ? std::move(*parsed) : boost::json::value(*text);
  }

  // "广东省深圳市南山区科技园1号" (English: the parts joined by ", ").
  std::string Format(const FieldDef&, const storage::Value& v, bool english) const override {
    const std::string* text = ValueText(v);
    const auto parsed = text ? ParseJson(*text) : std::nullopt;
    if (!parsed || !parsed->is_object()) return text ? *text : "";
    const auto& o = parsed->get_object();
    std::string out;
    for (std::string_view part : kParts) {
      const std::string_view s = Part(o, part);
      if (s.empty() || (part == "city" && s == Part(o, "province"))) continue;
      if (!out.empty() && english) out += ", ";
      out += s;
    }
    return out;
  }

  // "广东省深圳市****": the district and the street stay hidden.
  std::string Mask(std::string_view text) const override {
    const auto parsed = ParseJson(text);
    if (!parsed || !parsed->is_object()) return FieldType::Mask(text);
    const auto& o = parsed->get_object();
    std::string out(Part(o, "province"));
    if (Part(o, "city") != Part(o, "province")) out += Part(o, "city");
    return out + "****";
  }

  std::vector<std::string_view> Operators() const override { return MultiOperators(); }

 private:
  static Error TooLong(const FieldDef& f) {
    return Invalid(f, kType, "too_long", "地址过长", "The address is too long");
  }
};

}  // namespace

const FieldType& AddressFieldType() {
  static const AddressType t;
  return t;
}

}  // namespace peony::schema::types
