// color: "#RRGGBB", stored upper-case. Lenient: "#abc" and a missing "#".
#include <algorithm>

#include "platform/schema/types/builtin.h"
#include "platform/schema/types/support.h"

namespace peony::schema::types {
namespace {

constexpr std::string_view kType = "color";

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

char Upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

class ColorType final : public FieldType {
 public:
  std::string_view name() const override { return kType; }
  std::string_view label(bool english) const override { return english ? "Color" : "颜色"; }
  std::string_view category() const override { return "basic"; }
  StorageKind storage() const override { return StorageKind::kText; }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext& ctx) const override {
    PEONY_TRY(auto text, ReadText(f, kType, in, ctx, {16, false}));
    if (!text) return storage::Value{};
    std::string_view s = *text;
    if (!s.empty() && s.front() == '#') {
      s.remove_prefix(1);
    } else if (!ctx.lenient) {
      s = {};  // the "#" is required
    }
    const bool short_form = ctx.lenient && s.size() == 3;
    if ((s.size() != 6 && !short_form) || !std::all_of(s.begin(), s.end(), IsHex)) {
      return Invalid(f, kType, "invalid", "请输入 #RRGGBB 格式的颜色，如 #1677FF",
                     "Enter a colour as #RRGGBB, for example #1677FF");
    }
    std::string out = "#";
    for (char c : s) {
      out.push_back(Upper(c));
      if (short_form) out.push_back(Upper(c));
    }
    return storage::Value{std::move(out)};
  }

  boost::json::value ToJson(const FieldDef&, const storage::Value& v) const override {
    return ValueToJson(v);
  }

  std::vector<std::string_view> Operators() const override { return ChoiceOperators(); }
};

}  // namespace

const FieldType& ColorFieldType() {
  static const ColorType t;
  return t;
}

}  // namespace peony::schema::types
