// The built-in field types, one accessor each (a function-local singleton), listed in palette
// order by registry.cpp. Internal to src/platform/schema/.
//
// Reasons of record.invalid_value (details.reason, "<type>.<why>", stable like error codes):
//   any type     wrong_type (JSON kind not taken), invalid (malformed), out_of_range
//   text-like    invalid_utf8, control_character, too_long, too_short, pattern_mismatch
//   numbers      not_a_number, not_integer; money too_many_decimals
//   datetime     missing_offset (an offset is required outside lenient mode)
//   choices      unknown_choice, duplicate_choice, too_many; tags invalid_character
//   phone        invalid; id_card invalid, bad_region, bad_birth_date, bad_check_digit
//   address      unknown_part, province_required
//   media        invalid_reference, not_an_image, duplicate, too_many
//   references   invalid_id
//   sub_form     too_many_rows, invalid_row, unknown_field, required, or the nested field's own
//                reason with details.row and details.sub_field
#pragma once

#include "platform/schema/field_type.h"

namespace peony::schema::types {

// basic
const FieldType& TextFieldType();
const FieldType& TextareaFieldType();
const FieldType& RichTextFieldType();
const FieldType& UrlFieldType();
const FieldType& ColorFieldType();
const FieldType& BarcodeFieldType();
const FieldType& JsonFieldType();
// number
const FieldType& NumberFieldType();
const FieldType& IntegerFieldType();
const FieldType& MoneyFieldType();
const FieldType& PercentFieldType();
const FieldType& RatingFieldType();
const FieldType& DurationFieldType();
// datetime
const FieldType& DateFieldType();
const FieldType& DateTimeFieldType();
const FieldType& TimeFieldType();
const FieldType& YearMonthFieldType();
// choice
const FieldType& SelectFieldType();
const FieldType& RadioFieldType();
const FieldType& MultiSelectFieldType();
const FieldType& CheckboxFieldType();
const FieldType& TagsFieldType();
const FieldType& SwitchFieldType();
// contact
const FieldType& PhoneFieldType();
const FieldType& EmailFieldType();
const FieldType& IdCardFieldType();
const FieldType& AddressFieldType();
const FieldType& LocationFieldType();
// media
const FieldType& ImageFieldType();
const FieldType& FileFieldType();
const FieldType& SignatureFieldType();
// relation
const FieldType& RelationFieldType();
const FieldType& SubFormFieldType();
const FieldType& LookupFieldType();
const FieldType& RollupFieldType();
// org
const FieldType& UserFieldType();
const FieldType& DepartmentFieldType();
const FieldType& BranchFieldType();
// computed
const FieldType& FormulaFieldType();
const FieldType& SerialFieldType();
// system
const FieldType& CreatedAtFieldType();
const FieldType& UpdatedAtFieldType();
const FieldType& CreatedByFieldType();
const FieldType& UpdatedByFieldType();
const FieldType& OwnerFieldType();

}  // namespace peony::schema::types
