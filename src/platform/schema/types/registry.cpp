// The field-type registry: every built-in type in palette order. A new type is one file in this
// folder, one accessor in builtin.h and one line here.
#include <unordered_map>
#include <vector>

#include "platform/schema/field_type.h"
#include "platform/schema/types/builtin.h"

namespace peony::schema {

const std::vector<const FieldType*>& AllFieldTypes() {
  using namespace types;
  static const std::vector<const FieldType*> all = {
      // basic
      &TextFieldType(),
      &TextareaFieldType(),
      &RichTextFieldType(),
      &UrlFieldType(),
      &ColorFieldType(),
      &BarcodeFieldType(),
      &JsonFieldType(),
      // number
      &NumberFieldType(),
      &IntegerFieldType(),
      &MoneyFieldType(),
      &PercentFieldType(),
      &RatingFieldType(),
      &DurationFieldType(),
      // datetime
      &DateFieldType(),
      &DateTimeFieldType(),
      &TimeFieldType(),
      &YearMonthFieldType(),
      // choice
      &SelectFieldType(),
      &RadioFieldType(),
      &MultiSelectFieldType(),
      &CheckboxFieldType(),
      &TagsFieldType(),
      &SwitchFieldType(),
      // contact
      &PhoneFieldType(),
      &EmailFieldType(),
      &IdCardFieldType(),
      &AddressFieldType(),
      &LocationFieldType(),
      // media
      &ImageFieldType(),
      &FileFieldType(),
      &SignatureFieldType(),
      // relation
      &RelationFieldType(),
      &SubFormFieldType(),
      &LookupFieldType(),
      &RollupFieldType(),
      // org
      &UserFieldType(),
      &DepartmentFieldType(),
      &BranchFieldType(),
      // computed
      &FormulaFieldType(),
      &SerialFieldType(),
      // system
      &CreatedAtFieldType(),
      &UpdatedAtFieldType(),
      &CreatedByFieldType(),
      &UpdatedByFieldType(),
      &OwnerFieldType(),
  };
  return all;
}

const FieldType* FindFieldType(std::string_view name) {
  // Called for every field of every record written or read: a hash lookup, built once.
  static const std::unordered_map<std::string_view, const FieldType*> by_name = [] {
    std::unordered_map<std::string_view, const FieldType*> m;
    for (const FieldType* t : AllFieldTypes()) m.emplace(t->name(), t);
    return m;
  }();
  const auto it = by_name.find(name);
  return it == by_name.end() ? nullptr : it->second;
}

const FieldType* FindFieldType(const FieldDef& f) {
  if (f.resolved_type && f.resolved_type->name() == f.type) return f.resolved_type;
  return FindFieldType(std::string_view(f.type));
}

}  // namespace peony::schema
