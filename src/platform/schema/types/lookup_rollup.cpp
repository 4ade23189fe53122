// lookup (a field of the record a relation points to) and rollup (an aggregate over a sub-form's
// rows or over the records that link here): computed on read by the engine, no column. Their
// options name fields; the catalog checks those exist. Normalize only turns a computed scalar
// into a Value (for exports), since people never write these fields.
#include "platform/schema/types/builtin.h"
#include "platform/schema/types/support.h"

namespace peony::schema::types {
namespace {

Status NameOption(const boost::json::object& o, std::string_view key, bool required) {
  PEONY_TRY(auto name, StringOption(o, key, 40));
  if ((required && !name) || (name && !IsIdentifier(*name))) {
    return InvalidOption(key, "应为字段或表单的名称", "Expected the name of a field or entity");
  }
  return Ok();
}

Result<storage::Value> ComputedScalar(const FieldDef& f, std::string_view type,
                                      const boost::json::value& in) {
  if (in.is_object() || in.is_array()) return WrongType(f, type, "单个值", "a single value");
  if (in.is_double() && !JsonNumber(in)) return WrongType(f, type, "单个值", "a single value");
  return JsonToValue(in);
}

class LookupType final : public FieldType {
 public:
  std::string_view name() const override { return "lookup"; }
  std::string_view label(bool english) const override { return english ? "Lookup" : "引用字段"; }
  std::string_view category() const override { return "relation"; }
  StorageKind storage() const override { return StorageKind::kNone; }
  bool computed() const override { return true; }

  // relation: a relation field of this entity; field: the target entity's field to show.
  Status CheckOptions(const boost::json::object& o) const override {
    PEONY_CHECK(OnlyOptions(o, {"relation", "field"}));
    PEONY_CHECK(NameOption(o, "relation", true));
    return NameOption(o, "field", true);
  }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext&) const override {
    return ComputedScalar(f, name(), in);
  }

  boost::json::value ToJson(const FieldDef&, const storage::Value& v) const override {
    return ValueToJson(v);
  }

  std::vector<std::string_view> Operators() const override { return ChoiceOperators(); }
};

class RollupType final : public FieldType {
 public:
  std::string_view name() const override { return "rollup"; }
  std::string_view label(bool english) const override { return english ? "Rollup" : "汇总"; }
  std::string_view category() const override { return "relation"; }
  StorageKind storage() const override { return StorageKind::kNone; }
  bool computed() const override { return true; }

  // Over a sub-form's rows: {"sub_form", "field", "function"}. Over the records of another entity
  // whose relation field points here: {"entity", "relation", "field", "function"}. function is
  // sum, count, avg, min or max; count needs no field.
  Status CheckOptions(const boost::json::object& o) const override {
    PEONY_CHECK(OnlyOptions(o, {"sub_form", "entity", "relation", "field", "function"}));
    PEONY_TRY(auto function, StringOption(o, "function", 10));
    if (!function || (*function != "sum" && *function != "count" && *function != "avg" &&
                      *function != "min" && *function != "max")) {
      return InvalidOption("function", "应为 sum、count、avg、min 或 max",
                           "Expected sum, count, avg, min or max");
    }
    const bool sub_form = o.contains("sub_form");
    if (sub_form == (o.contains("entity") || o.contains("relation"))) {
      return InvalidOption("sub_form", "请指定子表单，或指定关联到本表的表单及其关联字段",
                           "Name either a sub-form, or an entity and its relation field that "
                           "links here");
    }
    if (sub_form) {
      PEONY_CHECK(NameOption(o, "sub_form", true));
    } else {
      PEONY_CHECK(NameOption(o, "entity", true));
      PEONY_CHECK(NameOption(o, "relation", true));
    }
    return NameOption(o, "field", *function != "count");
  }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext&) const override {
    if (!in.is_number()) return WrongType(f, name(), "数字", "a number");
    return ComputedScalar(f, name(), in);
  }

  boost::json::value ToJson(const FieldDef&, const storage::Value& v) const override {
    return ValueToJson(v);
  }

  std::string Format(const FieldDef&, const storage::Value& v, bool) const override {
    const auto d = ValueReal(v);
    return d ? FormatShortest(*d) : "";
  }

  std::vector<std::string_view> Operators() const override { return OrderedOperators(); }
};

}  // namespace

const FieldType& LookupFieldType() {
  static const LookupType t;
  return t;
}

const FieldType& RollupFieldType() {
  static const RollupType t;
  return t;
}

}  // namespace peony::schema::types
