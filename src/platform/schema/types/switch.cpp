// switch: yes or no, stored as 1 or 0; the API speaks true/false. Lenient: 是/否, 对/错, 有/无,
// 开/关, √/×, true/false, yes/no, y/n, on/off, 1/0.
#include "platform/schema/types/builtin.h"
#include "platform/schema/types/support.h"

namespace peony::schema::types {
namespace {

constexpr std::string_view kType = "switch";

std::optional<bool> ParseYesNo(std::string_view raw) {
  const std::string s = FoldCase(Trim(raw));
  for (std::string_view yes : {"是", "对", "有", "开", "√", "✓", "true", "yes", "y", "on", "1"}) {
    if (s == yes) return true;
  }
  for (std::string_view no : {"否", "错", "无", "关", "×", "✗", "false", "no", "n", "off", "0"}) {
    if (s == no) return false;
  }
  return std::nullopt;
}

class SwitchType final : public FieldType {
 public:
  std::string_view name() const override { return kType; }
  std::string_view label(bool english) const override { return english ? "Switch" : "开关"; }
  std::string_view category() const override { return "choice"; }
  StorageKind storage() const override { return StorageKind::kInteger; }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext& ctx) const override {
    std::optional<bool> b;
    if (in.is_bool()) {
      b = in.get_bool();
    } else if (const auto n = JsonInteger(in); n && (*n == 0 || *n == 1)) {
      b = *n == 1;
    } else if (ctx.lenient && in.is_string()) {
      if (Trim(in.get_string()).empty()) return storage::Value{};
      b = ParseYesNo(in.get_string());
      if (!b) {
        return Invalid(f, kType, "invalid", "请填写“是”或“否”", "Enter yes or no");
      }
    } else {
      return WrongType(f, kType, "true 或 false", "true or false");
    }
    return storage::Value{int64_t{*b ? 1 : 0}};
  }

  boost::json::value ToJson(const FieldDef&, const storage::Value& v) const override {
    const auto n = ValueInt(v);
    return n ? boost::json::value(*n != 0) : boost::json::value(nullptr);
  }

  std::string Format(const FieldDef&, const storage::Value& v, bool english) const override {
    const auto n = ValueInt(v);
    if (!n) return "";
    return english ? (*n ? "Yes" : "No") : (*n ? "是" : "否");
  }

  std::vector<std::string_view> Operators() const override {
    return {"eq", "ne", "is_empty", "not_empty"};
  }
};

}  // namespace

const FieldType& SwitchFieldType() {
  static const SwitchType t;
  return t;
}

}  // namespace peony::schema::types
