// multi_select and checkbox: several choices. No column in the entity's table: Normalize returns
// the canonical JSON array of distinct keys in the order of the choices, which the engine splits
// into a child table. Lenient: labels for keys, one cell "VIP、老客户", duplicates dropped.
#include <algorithm>

#include "platform/schema/types/builtin.h"
#include "platform/schema/types/choice.h"
#include "platform/schema/types/support.h"

namespace peony::schema::types {
namespace {

constexpr size_t kMaxItems = 500;

struct MultiChoiceSettings {
  std::string_view name, zh, en;
};

class MultiChoiceType final : public FieldType {
 public:
  explicit constexpr MultiChoiceType(MultiChoiceSettings s) : s_(s) {}

  std::string_view name() const override { return s_.name; }
  std::string_view label(bool english) const override { return english ? s_.en : s_.zh; }
  std::string_view category() const override { return "choice"; }
  StorageKind storage() const override { return StorageKind::kNone; }

  Status CheckOptions(const boost::json::object& o) const override {
    PEONY_CHECK(OnlyOptions(o, {"choices", "max_count"}));
    PEONY_CHECK(CheckChoices(o));
    PEONY_TRY(auto max, IntOption(o, "max_count", 1, 500));
    (void)max;
    return Ok();
  }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext& ctx) const override {
    std::vector<std::string> items;
    if (in.is_array()) {
      if (in.get_array().size() > kMaxItems) return TooMany(f, kMaxItems);
      for (const auto& item : in.get_array()) {
        std::optional<std::string> text;
        if (item.is_string()) {
          text = std::string(item.get_string());
        } else if (ctx.lenient) {
          text = ScalarText(item);
        }
        if (!text) return WrongType(f, s_.name, "选项 key 的数组", "an array of choice keys");
        items.push_back(std::move(*text));
      }
    } else if (ctx.lenient && in.is_string()) {
      if (in.get_string().size() > kMaxItems * 404) return TooMany(f, kMaxItems);
      items = SplitList(in.get_string());
    } else {
      return WrongType(f, s_.name, "选项 key 的数组", "an array of choice keys");
    }
    // Positions of the chosen choices in options.choices: the canonical order.
    std::vector<size_t> chosen;
    const auto* choices = f.options.if_contains("choices");
    if (!choices || !choices->is_array()) return Unknown(f);
    const auto& all = choices->get_array();
    for (const auto& item : items) {
      const boost::json::object* c = FindChoice(f.options, item, ctx.lenient);
      if (!c) return Unknown(f);
      size_t pos = 0;
      while (pos < all.size() && (!all[pos].is_object() || &all[pos].get_object() != c)) ++pos;
      if (std::find(chosen.begin(), chosen.end(), pos) != chosen.end()) {
        if (ctx.lenient) continue;
        return Invalid(f, s_.name, "duplicate_choice", "同一选项只能选一次",
                       "Each choice can be chosen once");
      }
      chosen.push_back(pos);
    }
    if (chosen.empty()) return storage::Value{};
    const int64_t max = IntOr(f.options, "max_count", static_cast<int64_t>(kMaxItems));
    if (static_cast<int64_t>(chosen.size()) > max) return TooMany(f, static_cast<size_t>(max));
    std::sort(chosen.begin(), chosen.end());
    boost::json::array keys;
    for (size_t pos : chosen) keys.emplace_back(all[pos].get_object().at("key"));
    return storage::Value{WriteJson(keys)};
  }

  boost::json::value ToJson(const FieldDef&, const storage::Value& v) const override {
    const std::string* text = ValueText(v);
    if (!text) return nullptr;
    auto parsed = ParseJson(*text);
    return parsed && parsed->is_array() ? std::move(*parsed) : boost::json::value(nullptr);
  }

  // Labels joined with "、" (English: ", ").
  std::string Format(const FieldDef& f, const storage::Value& v, bool english) const override {
    const std::string* text = ValueText(v);
    const auto parsed = text ? ParseJson(*text) : std::nullopt;
    if (!parsed || !parsed->is_array()) return "";
    std::string out;
    for (const auto& key : parsed->get_array()) {
      if (!key.is_string()) continue;
      if (!out.empty()) out += english ? ", " : "、";
      out += ChoiceLabel(f.options, key.get_string(), english);
    }
    return out;
  }

  std::vector<std::string_view> Operators() const override { return MultiOperators(); }

 private:
  Error Unknown(const FieldDef& f) const {
    return Invalid(f, s_.name, "unknown_choice", "请从选项中选择", "Choose from the options");
  }
  Error TooMany(const FieldDef& f, size_t max) const {
    return Invalid(f, s_.name, "too_many", "最多选择 " + std::to_string(max) + " 项",
                   "Choose at most " + std::to_string(max));
  }

  MultiChoiceSettings s_;
};

}  // namespace

const FieldType& MultiSelectFieldType() {
  static const MultiChoiceType t({"multi_select", "下拉多选", "Multi-select"});
  return t;
}

const FieldType& CheckboxFieldType() {
  static const MultiChoiceType t({"checkbox", "复选框", "Checkboxes"});
  return t;
}

}  // namespace peony::schema::types
