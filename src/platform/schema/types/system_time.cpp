// created_at and updated_at: instants the engine writes, read and shown like datetime.
#include "platform/schema/types/builtin.h"

namespace peony::schema::types {
namespace {

struct StampSettings {
  std::string_view name, zh, en;
};

class StampType final : public FieldType {
 public:
  explicit constexpr StampType(StampSettings s) : s_(s) {}

  std::string_view name() const override { return s_.name; }
  std::string_view label(bool english) const override { return english ? s_.en : s_.zh; }
  std::string_view category() const override { return "system"; }
  StorageKind storage() const override { return StorageKind::kInteger; }
  bool computed() const override { return true; }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext& ctx) const override {
    return DateTimeFieldType().Normalize(f, in, ctx);
  }
  boost::json::value ToJson(const FieldDef& f, const storage::Value& v) const override {
    return DateTimeFieldType().ToJson(f, v);
  }
  std::string Format(const FieldDef& f, const storage::Value& v, bool english) const override {
    return DateTimeFieldType().Format(f, v, english);
  }
  std::vector<std::string_view> Operators() const override {
    return DateTimeFieldType().Operators();
  }

 private:
  StampSettings s_;
};

}  // namespace

const FieldType& CreatedAtFieldType() {
  static const StampType t({"created_at", "创建时间", "Created at"});
  return t;
}

const FieldType& UpdatedAtFieldType() {
  static const StampType t({"updated_at", "修改时间", "Updated at"});
  return t;
}

}  // namespace peony::schema::types
