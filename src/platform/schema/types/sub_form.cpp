#include "platform/schema/types/sub_form.h"

#include <set>

#include "common/strings.h"
#include "platform/schema/types/builtin.h"
#include "platform/schema/types/support.h"

namespace peony::schema {

std::vector<FieldDef> SubFormFields(const boost::json::object& options) {
  std::vector<FieldDef> out;
  const auto* fields = options.if_contains("fields");
  if (!fields || !fields->is_array()) return out;
  for (const auto& item : fields->get_array()) {
    if (!item.is_object()) continue;
    const auto& o = item.get_object();
    FieldDef f;
    f.name = types::StringOr(o, "name", "");
    f.label = types::StringOr(o, "label", f.name);
    f.type = types::StringOr(o, "type", "");
    f.required = types::BoolOr(o, "required", false);
    if (const auto* nested = o.if_contains("options"); nested && nested->is_object()) {
      f.options = nested->get_object();
    }
    f.column = "f_" + f.name;
    f.position = static_cast<int>(out.size());
    out.push_back(std::move(f));
  }
  return out;
}

namespace types {
namespace {

constexpr std::string_view kType = "sub_form";
constexpr int64_t kMaxRows = 500;
constexpr size_t kMaxFields = 50;

// Types a sub-form row can hold: one scalar column, written by people, no link to other records.
bool Nestable(const FieldType& t) {
  return t.storage() != StorageKind::kNone && !t.computed() && t.reference() != Reference::kRecord;
}

Status CheckNestedFields(const boost::json::object& options) {
  auto bad = [](std::string zh, std::string en) {
    return InvalidOption("fields", std::move(zh), std::move(en));
  };
  const auto* fields = options.if_contains("fields");
  if (!fields || !fields->is_array() || fields->get_array().empty() ||
      fields->get_array().size() > kMaxFields) {
    return bad("子表单需要 1 到 50 个字段", "A sub-form has 1 to 50 fields");
  }
  std::set<std::string_view> names;
  for (const auto& item : fields->get_array()) {
    if (!item.is_object()) return bad("每个字段应为对象", "Each field is an object");
    const auto& o = item.get_object();
    for (const auto& kv : o) {
      const std::string_view k = kv.key();
      if (k != "name" && k != "label" && k != "type" && k != "required" && k != "options") {
        return bad("子表单字段含有未知属性「" + std::string(k.substr(0, 40)) + "」",
                   "A sub-form field has an unknown property");
      }
    }
    const std::string_view name = StringOr(o, "name", "");
    if (!IsIdentifier(name) || name == "id") {
      return bad("子表单字段名须为小写字母开头的字母、数字或下划线（不能是 id）",
                 "Sub-form field names are lower-case letters, digits and underscores, not \"id\"");
    }
    if (!names.insert(name).second) return bad("子表单字段名重复", "Sub-form field names repeat");
    const std::string_view label = StringOr(o, "label", "");
    if (Trim(label).empty() || !IsValidUtf8(label) || HasControl(label, false) ||
        Utf8Length(label) > 64) {
      return bad("子表单字段「" + std::string(name) + "」需要不超过 64 个字的名称",
                 "Sub-form field \"" + std::string(name) +
                     "\" needs a label of at most 64 "
                     "characters");
    }
    const FieldType* type = FindFieldType(StringOr(o, "type", ""));
    if (!type) {
      return bad("子表单字段「" + std::string(name) + "」的类型不存在",
                 "Sub-form field \"" + std::string(name) + "\" has an unknown type");
    }
    if (!Nestable(*type)) {
      return bad("子表单中不能使用「" + std::string(type->label(false)) + "」字段",
                 "A sub-form cannot hold a " + std::string(type->label(true)) + " field");
    }
    if (const auto* required = o.if_contains("required"); required && !required->is_bool()) {
      return bad("required 应为 true 或 false", "required is true or false");
    }
    const auto* nested = o.if_contains("options");
    if (nested && !nested->is_object() && !nested->is_null()) {
      return bad("options 应为对象", "options is an object");
    }
    const Status s = type->CheckOptions(nested && nested->is_object() ? nested->get_object()
                                                                      : boost::json::object());
    if (!s.ok()) {
      Error e = s.error();
      const auto* option =
          e.details.is_object() ? e.details.get_object().if_contains("option") : nullptr;
      const std::string inner =
          option && option->is_string() ? std::string(option->get_string()) : std::string();
      return InvalidOption("fields", "子表单字段「" + std::string(name) + "」：" + e.message_zh,
                           "Sub-form field \"" + std::string(name) + "\": " + e.message_en)
          .WithDetails(boost::json::object{
              {"option", "fields"}, {"sub_field", name}, {"sub_option", inner}});
    }
  }
  return Ok();
}

class SubFormType final : public FieldType {
 public:
  std::string_view name() const override { return kType; }
  std::string_view label(bool english) const override { return english ? "Sub-form" : "子表单"; }
  std::string_view category() const override { return "relation"; }
  StorageKind storage() const override { return StorageKind::kNone; }

  Status CheckOptions(const boost::json::object& o) const override {
    PEONY_CHECK(OnlyOptions(o, {"fields", "max_rows"}));
    PEONY_TRY(auto max, IntOption(o, "max_rows", 1, kMaxRows));
    (void)max;
    return CheckNestedFields(o);
  }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext& ctx) const override {
    std::optional<boost::json::value> parsed;
    const boost::json::value* v = &in;
    if (ctx.lenient && in.is_string()) {
      if (Trim(in.get_string()).empty()) return storage::Value{};
      parsed = ParseJson(in.get_string());
      if (parsed) v = &*parsed;
    }
    if (!v->is_array()) return WrongType(f, kType, "行对象的数组", "an array of row objects");
    const int64_t max_rows = IntOr(f.options, "max_rows", kMaxRows);
    if (static_cast<int64_t>(v->get_array().size()) > max_rows) {
      return Invalid(f, kType, "too_many_rows", "最多 " + std::to_string(max_rows) + " 行",
                     "At most " + std::to_string(max_rows) + " rows");
    }
    const std::vector<FieldDef> fields = SubFormFields(f.options);
    boost::json::array rows;
    size_t index = 0;
    for (const auto& row : v->get_array()) {
      PEONY_TRY(auto out, NormalizeRow(f, fields, row, index++, ctx));
      if (out) rows.emplace_back(std::move(*out));
    }
    if (rows.empty()) return storage::Value{};
    return storage::Value{WriteJson(rows)};
  }

  boost::json::value ToJson(const FieldDef& f, const storage::Value& v) const override {
    const std::string* text = ValueText(v);
    const auto parsed = text ? ParseJson(*text) : std::nullopt;
    if (!parsed || !parsed->is_array()) return nullptr;
    const std::vector<FieldDef> fields = SubFormFields(f.options);
    boost::json::array out;
    for (const auto& row : parsed->get_array()) {
      if (!row.is_object()) continue;
      boost::json::object api;
      for (const FieldDef& sub : fields) {
        const FieldType* type = FindFieldType(sub.type);
        const auto* value = row.get_object().if_contains(sub.name);
        api[sub.name] = type && value ? type->ToJson(sub, JsonToValue(*value)) : nullptr;
      }
      out.emplace_back(std::move(api));
    }
    return out;
  }

  // "3 行" / "3 rows".
  std::string Format(const FieldDef&, const storage::Value& v, bool english) const override {
    const std::string* text = ValueText(v);
    const auto parsed = text ? ParseJson(*text) : std::nullopt;
    if (!parsed || !parsed->is_array()) return "";
    const std::string n = std::to_string(parsed->get_array().size());
    return english ? n + (n == "1" ? " row" : " rows") : n + " 行";
  }

  std::vector<std::string_view> Operators() const override { return PresenceOperators(); }

 private:
  // A row's canonical object, or nullopt for a blank row.
  static Result<std::optional<boost::json::object>> NormalizeRow(
      const FieldDef& f, const std::vector<FieldDef>& fields, const boost::json::value& row,
      size_t index, const NormalizeContext& ctx) {
    const std::string row_zh = "第 " + std::to_string(index + 1) + " 行";
    const std::string row_en = "Row " + std::to_string(index + 1);
    auto row_error = [&](std::string_view reason, std::string_view sub_field, std::string zh,
                         std::string en) {
      Error e = InvalidValue(f, reason, std::move(zh), std::move(en));
      e.details.get_object()["row"] = static_cast<int64_t>(index);
      if (!sub_field.empty()) e.details.get_object()["sub_field"] = sub_field;
      return e;
    };
    if (!row.is_object()) {
      return row_error("sub_form.invalid_row", "", row_zh + "格式不正确",
                       row_en + " is not an object");
    }
    for (const auto& kv : row.get_object()) {
      if (kv.key() == "id") continue;
      bool known = false;
      for (const FieldDef& sub : fields) known = known || sub.name == std::string_view(kv.key());
      if (!known) {
        const std::string key(kv.key().substr(0, 40));
        return row_error("sub_form.unknown_field", key, row_zh + "含有未知字段「" + key + "」",
                         row_en + " has an unknown field \"" + key + "\"");
      }
    }
    boost::json::object out;
    bool blank = true;
    for (const FieldDef& sub : fields) {
      const FieldType* type = FindFieldType(sub.type);
      const auto* value = row.get_object().if_contains(sub.name);
      storage::Value stored;
      if (type && value && !value->is_null()) {
        auto r = type->Normalize(sub, *value, ctx);
        if (!r.ok()) {
          const Error& inner = r.error();
          if (inner.code != "record.invalid_value") return r.error();
          const auto* reason = inner.details.is_object()
                                   ? inner.details.get_object().if_contains("reason")
                                   : nullptr;
          return row_error(reason && reason->is_string() ? std::string_view(reason->get_string())
                                                         : std::string_view("sub_form.invalid"),
                           sub.name, row_zh + "「" + sub.label + "」：" + inner.message_zh,
                           row_en + ", " + sub.label + ": " + inner.message_en);
        }
        stored = std::move(*r);
      }
      if (!std::holds_alternative<std::monostate>(stored)) blank = false;
      out[sub.name] = ValueToJson(stored);
    }
    if (blank) return std::optional<boost::json::object>();
    for (const FieldDef& sub : fields) {
      if (sub.required && out.at(sub.name).is_null()) {
        return row_error("sub_form.required", sub.name, row_zh + "「" + sub.label + "」必填",
                         row_en + ", " + sub.label + ": required");
      }
    }
    return std::optional<boost::json::object>(std::move(out));
  }
};

}  // namespace

const FieldType& SubFormFieldType() {
  static const SubFormType t;
  return t;
}

}  // namespace types
}  // namespace peony::schema
