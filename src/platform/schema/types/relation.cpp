// relation: many-to-one link to a record of another entity, stored as that record's id. Options:
// target (the entity's name, required), display_field (the target's field shown for it),
// reverse_label (the title of the list of linking records on the target). The engine checks the
// target exists and resolves the display text.
#include "platform/schema/types/builtin.h"
#include "platform/schema/types/support.h"

namespace peony::schema::types {
namespace {

constexpr std::string_view kType = "relation";

class RelationType final : public FieldType {
 public:
  std::string_view name() const override { return kType; }
  std::string_view label(bool english) const override { return english ? "Relation" : "关联数据"; }
  std::string_view category() const override { return "relation"; }
  StorageKind storage() const override { return StorageKind::kInteger; }
  Reference reference() const override { return Reference::kRecord; }

  Status CheckOptions(const boost::json::object& o) const override {
    PEONY_CHECK(OnlyOptions(o, {"target", "display_field", "reverse_label"}));
    PEONY_TRY(auto target, StringOption(o, "target", 40));
    if (!target || !IsIdentifier(*target)) {
      return InvalidOption("target", "请选择要关联的表单", "Name the entity to link to");
    }
    PEONY_TRY(auto display, StringOption(o, "display_field", 40));
    if (display && !IsIdentifier(*display)) {
      return InvalidOption("display_field", "不是有效的字段名", "Not a valid field name");
    }
    PEONY_TRY(auto reverse, StringOption(o, "reverse_label", 64));
    (void)reverse;
    return Ok();
  }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext& ctx) const override {
    PEONY_TRY(auto id, ReadId(f, kType, in, ctx));
    return id ? storage::Value{*id} : storage::Value{};
  }

  boost::json::value ToJson(const FieldDef&, const storage::Value& v) const override {
    const auto id = ValueInt(v);
    return id ? boost::json::value(*id) : boost::json::value(nullptr);
  }

  std::vector<std::string_view> Operators() const override { return ChoiceOperators(); }
};

}  // namespace

const FieldType& RelationFieldType() {
  static const RelationType t;
  return t;
}

}  // namespace peony::schema::types
