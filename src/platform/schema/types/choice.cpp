// select and radio (one choice, stored as its key) and the choice helpers of choice.h.
#include "platform/schema/types/choice.h"

#include <set>

#include "common/strings.h"
#include "platform/schema/types/builtin.h"
#include "platform/schema/types/support.h"

namespace peony::schema {
namespace {

constexpr size_t kMaxChoices = 500;

bool IsChoiceKey(std::string_view s) {
  if (s.empty() || s.size() > 40) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

bool IsColor(std::string_view s) {
  if (s.size() == 7 && s[0] == '#') {
    for (char c : s.substr(1)) {
      const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex) return false;
    }
    return true;
  }
  if (s.empty() || s.size() > 20) return false;
  for (char c : s) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

std::string_view Str(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

}  // namespace

Status CheckChoices(const boost::json::object& options) {
  auto bad = [](std::string zh, std::string en) {
    return InvalidOption("choices", std::move(zh), std::move(en));
  };
  const auto* v = options.if_contains("choices");
  if (!v || !v->is_array() || v->get_array().empty() || v->get_array().size() > kMaxChoices) {
    return bad("需要 1 到 500 个选项", "Give 1 to 500 choices");
  }
  std::set<std::string_view> keys, labels;
  for (const auto& c : v->get_array()) {
    if (!c.is_object()) return bad("每个选项应为对象 {key, label}", "Each choice is {key, label}");
    const auto& o = c.get_object();
    for (const auto& kv : o) {
      const std::string_view k = kv.key();
      if (k != "key" && k != "label" && k != "label_en" && k != "color") {
        return bad("选项含有未知属性", "A choice has an unknown property");
      }
      if (!kv.value().is_string()) return bad("选项的属性应为文本", "Choice properties are text");
    }
    const std::string_view key = Str(o, "key"), label = Str(o, "label");
    if (!IsChoiceKey(key)) {
      return bad("选项的 key 只能是 1-40 个小写字母、数字或下划线",
                 "A choice key is 1-40 lower-case letters, digits or underscores");
    }
    auto label_ok = [](std::string_view l) {
      return IsValidUtf8(l) && !types::HasControl(l, false) && !types::Trim(l).empty() &&
             Utf8Length(l) <= 100;
    };
    if (!label_ok(label) || (o.contains("label_en") && !label_ok(Str(o, "label_en")))) {
      return bad("选项名称不能为空，且不超过 100 个字",
                 "A choice label is required and at most 100 characters");
    }
    if (o.contains("color") && !IsColor(Str(o, "color"))) {
      return bad("选项颜色应为 #RRGGBB 或颜色名", "A choice colour is #RRGGBB or a colour name");
    }
    if (!keys.insert(key).second) return bad("选项的 key 重复", "Choice keys must be unique");
    if (!labels.insert(label).second) return bad("选项名称重复", "Choice labels must be unique");
  }
  return Ok();
}

const boost::json::object* FindChoice(const boost::json::object& options, std::string_view text,
                                      bool lenient) {
  const auto* v = options.if_contains("choices");
  if (!v || !v->is_array()) return nullptr;
  const auto& choices = v->get_array();
  for (const auto& c : choices) {
    if (c.is_object() && Str(c.get_object(), "key") == text) return &c.get_object();
  }
  if (!lenient) return nullptr;
  for (std::string_view property : {"label", "label_en"}) {
    for (const auto& c : choices) {
      if (c.is_object() && Str(c.get_object(), property) == text) return &c.get_object();
    }
  }
  const std::string folded = types::FoldCase(text);
  for (std::string_view property : {"key", "label", "label_en"}) {
    for (const auto& c : choices) {
      if (!c.is_object()) continue;
      const std::string_view s = Str(c.get_object(), property);
      if (!s.empty() && types::FoldCase(s) == folded) return &c.get_object();
    }
  }
  return nullptr;
}

std::string ChoiceLabel(const boost::json::object& options, std::string_view key, bool english) {
  const boost::json::object* c = FindChoice(options, key, false);
  if (!c) return std::string(key);
  if (english && !Str(*c, "label_en").empty()) return std::string(Str(*c, "label_en"));
  return std::string(Str(*c, "label"));
}

namespace types {
namespace {

struct SingleChoiceSettings {
  std::string_view name, zh, en;
};

class SingleChoiceType final : public FieldType {
 public:
  explicit constexpr SingleChoiceType(SingleChoiceSettings s) : s_(s) {}

  std::string_view name() const override { return s_.name; }
  std::string_view label(bool english) const override { return english ? s_.en : s_.zh; }
  std::string_view category() const override { return "choice"; }
  StorageKind storage() const override { return StorageKind::kText; }

  Status CheckOptions(const boost::json::object& o) const override {
    PEONY_CHECK(OnlyOptions(o, {"choices"}));
    return CheckChoices(o);
  }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext& ctx) const override {
    PEONY_TRY(auto text, ReadText(f, s_.name, in, ctx, {200, false}));
    if (!text) return storage::Value{};
    const boost::json::object* choice = FindChoice(f.options, *text, ctx.lenient);
    if (!choice) {
      return Invalid(f, s_.name, "unknown_choice", "请从选项中选择", "Choose one of the options");
    }
    return storage::Value{std::string(Str(*choice, "key"))};
  }

  boost::json::value ToJson(const FieldDef&, const storage::Value& v) const override {
    return ValueToJson(v);
  }

  std::string Format(const FieldDef& f, const storage::Value& v, bool english) const override {
    const std::string* key = ValueText(v);
    return key ? ChoiceLabel(f.options, *key, english) : "";
  }

  std::vector<std::string_view> Operators() const override { return ChoiceOperators(); }

 private:
  SingleChoiceSettings s_;
};

}  // namespace

const FieldType& SelectFieldType() {
  static const SingleChoiceType t({"select", "下拉单选", "Dropdown"});
  return t;
}

const FieldType& RadioFieldType() {
  static const SingleChoiceType t({"radio", "单选按钮", "Radio buttons"});
  return t;
}

}  // namespace types
}  // namespace peony::schema
