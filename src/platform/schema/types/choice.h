// Choices of the select, radio, multi_select and checkbox types, for the engine and reports:
// options.choices = [{"key", "label", "label_en"?, "color"?}], 1-500 of them, keys unique and
// [a-z0-9_]{1,40}, labels unique and 1-100 characters, color "#RRGGBB" or a preset name ("blue").
// Records keep keys; people see labels. A key removed from the choices stays readable: its label
// is the key itself.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace peony::schema {

// Checks options.choices. Error: schema.invalid_options naming "choices".
Status CheckChoices(const boost::json::object& options);
// The choice whose key is `key`, or (when `lenient`) whose key differs only in letter case or
// whose label or English label is `text`; null when there is none.
const boost::json::object* FindChoice(const boost::json::object& options, std::string_view text,
                                      bool lenient);
// The label of a key (English: label_en when given); the key itself when it is not a choice.
std::string ChoiceLabel(const boost::json::object& options, std::string_view key, bool english);

}  // namespace peony::schema
