// formula: a value the engine computes on save from options.expression (parsed and type-checked by
// the formula engine, src/platform/formula/; here only its presence and length). Its column
// follows options.result_type: number → REAL (rounded to options.precision when given), text →
// TEXT, date → TEXT "YYYY-MM-DD", boolean → INTEGER 0/1. Normalize turns an evaluated JSON result
// into that stored form.
#include "common/strings.h"
#include "platform/schema/types/builtin.h"
#include "platform/schema/types/support.h"

namespace peony::schema::types {
namespace {

constexpr std::string_view kType = "formula";
constexpr size_t kMaxExpressionChars = 2000;

class FormulaType final : public FieldType {
 public:
  std::string_view name() const override { return kType; }
  std::string_view label(bool english) const override { return english ? "Formula" : "计算公式"; }
  std::string_view category() const override { return "computed"; }
  // A number unless options say otherwise (StorageFor).
  StorageKind storage() const override { return StorageKind::kReal; }
  bool computed() const override { return true; }

  StorageKind StorageFor(const boost::json::object& options) const override {
    const std::string_view r = ResultType(options);
    if (r == "text" || r == "date") return StorageKind::kText;
    if (r == "boolean") return StorageKind::kInteger;
    return StorageKind::kReal;
  }

  Status CheckOptions(const boost::json::object& o) const override {
    PEONY_CHECK(OnlyOptions(o, {"expression", "result_type", "precision"}));
    const auto* expression = o.if_contains("expression");
    if (!expression || !expression->is_string() || Trim(expression->get_string()).empty()) {
      return InvalidOption("expression", "请填写公式", "Give the formula");
    }
    const std::string_view e = expression->get_string();
    if (!IsValidUtf8(e) || Utf8Length(e) > kMaxExpressionChars) {
      return InvalidOption("expression", "公式最多 2000 个字",
                           "A formula has at most 2000 characters");
    }
    const std::string_view r = StringOr(o, "result_type", "");
    if (r != "number" && r != "text" && r != "date" && r != "boolean") {
      return InvalidOption("result_type", "应为 number、text、date 或 boolean",
                           "Expected number, text, date or boolean");
    }
    PEONY_TRY(auto precision, IntOption(o, "precision", 0, 6));
    if (precision && r != "number") {
      return InvalidOption("precision", "只有数字结果可以设置小数位数",
                           "Only number results have a precision");
    }
    return Ok();
  }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext& ctx) const override {
    const std::string_view r = ResultType(f.options);
    if (r == "text") {
      PEONY_TRY(auto text, ReadText(f, kType, in, ctx, {20000, true}));
      return text ? storage::Value{std::move(*text)} : storage::Value{};
    }
    if (r == "date") {
      FieldDef plain = f;
      plain.options = {};
      return DateFieldType().Normalize(plain, in, ctx);
    }
    if (r == "boolean") {
      if (!in.is_bool()) return WrongType(f, kType, "true 或 false", "true or false");
      return storage::Value{int64_t{in.get_bool() ? 1 : 0}};
    }
    PEONY_TRY(auto n, ReadNumber(f, kType, in, ctx));
    if (!n) return storage::Value{};
    const int64_t precision = IntOr(f.options, "precision", -1);
    return storage::Value{precision >= 0 ? RoundHalfAway(*n, static_cast<int>(precision)) : *n};
  }

  boost::json::value ToJson(const FieldDef& f, const storage::Value& v) const override {
    const std::string_view r = ResultType(f.options);
    if (r == "boolean") {
      const auto n = ValueInt(v);
      return n ? boost::json::value(*n != 0) : boost::json::value(nullptr);
    }
    if (r == "number") {
      const auto d = ValueReal(v);
      return d ? ValueToJson(storage::Value{*d}) : boost::json::value(nullptr);
    }
    return ValueToJson(v);
  }

  std::string Format(const FieldDef& f, const storage::Value& v, bool english) const override {
    const std::string_view r = ResultType(f.options);
    if (r == "boolean") return SwitchFieldType().Format(f, v, english);
    if (r == "number") {
      const auto d = ValueReal(v);
      const int64_t precision = IntOr(f.options, "precision", -1);
      if (!d) return "";
      return precision >= 0 ? FormatFixed(*d, static_cast<int>(precision)) : FormatShortest(*d);
    }
    return FieldType::Format(f, v, english);
  }

  std::vector<std::string_view> Operators() const override { return OrderedOperators(); }

  std::vector<std::string_view> OperatorsFor(const boost::json::object& options) const override {
    const std::string_view r = ResultType(options);
    if (r == "text") return TextOperators();
    if (r == "boolean") return SwitchFieldType().Operators();
    return OrderedOperators();
  }

 private:
  static std::string_view ResultType(const boost::json::object& o) {
    return StringOr(o, "result_type", "number");
  }
};

}  // namespace

const FieldType& FormulaFieldType() {
  static const FormulaType t;
  return t;
}

}  // namespace peony::schema::types
