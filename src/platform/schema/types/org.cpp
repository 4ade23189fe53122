// user, department and branch pickers, and the user-valued system fields (created_by,
// updated_by, owner): the id of a row the engine checks exists.
#include "platform/schema/types/builtin.h"
#include "platform/schema/types/support.h"

namespace peony::schema::types {
namespace {

struct IdSettings {
  std::string_view name, zh, en, category;
  Reference reference;
  bool computed;
};

class IdType final : public FieldType {
 public:
  explicit constexpr IdType(IdSettings s) : s_(s) {}

  std::string_view name() const override { return s_.name; }
  std::string_view label(bool english) const override { return english ? s_.en : s_.zh; }
  std::string_view category() const override { return s_.category; }
  StorageKind storage() const override { return StorageKind::kInteger; }
  Reference reference() const override { return s_.reference; }
  bool computed() const override { return s_.computed; }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext& ctx) const override {
    PEONY_TRY(auto id, ReadId(f, s_.name, in, ctx));
    return id ? storage::Value{*id} : storage::Value{};
  }

  boost::json::value ToJson(const FieldDef&, const storage::Value& v) const override {
    const auto id = ValueInt(v);
    return id ? boost::json::value(*id) : boost::json::value(nullptr);
  }

  std::vector<std::string_view> Operators() const override { return ChoiceOperators(); }

 private:
  IdSettings s_;
};

}  // namespace

const FieldType& UserFieldType() {
  static const IdType t({"user", "人员", "User", "org", Reference::kUser, false});
  return t;
}

const FieldType& DepartmentFieldType() {
  static const IdType t({"department", "部门", "Department", "org", Reference::kDepartment, false});
  return t;
}

const FieldType& BranchFieldType() {
  static const IdType t({"branch", "门店", "Branch", "org", Reference::kBranch, false});
  return t;
}

const FieldType& CreatedByFieldType() {
  static const IdType t({"created_by", "创建人", "Created by", "system", Reference::kUser, true});
  return t;
}

const FieldType& UpdatedByFieldType() {
  static const IdType t({"updated_by", "修改人", "Updated by", "system", Reference::kUser, true});
  return t;
}

// Not computed: the record's owner can be reassigned by people allowed to.
const FieldType& OwnerFieldType() {
  static const IdType t({"owner", "负责人", "Owner", "system", Reference::kUser, false});
  return t;
}

}  // namespace peony::schema::types
