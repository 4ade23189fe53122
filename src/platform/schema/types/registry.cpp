// The field-type registry: every built-in type in palette order. A new type is one file in this
// folder, one accessor in builtin.h and one line here.
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
  for (const FieldType* t : AllFieldTypes()) {
    if (t->name() == name) return t;
  }
  return nullptr;
}

}  // namespace peony::schema
