// Field types of the form engine. Each type is one class (src/platform/schema/types/<type>.cpp)
// registered by name in types/registry.cpp: it checks its options when a field is defined,
// validates and normalises input values into their stored form, converts stored values back to
// JSON, formats them for display and export, masks them, and names its filter operators.
//
// Values cross the API as JSON. Stored values are storage::Value in one column (StorageKind), or
// nothing for types whose data lives elsewhere (sub-forms and multi-valued fields in child tables,
// lookups computed on read). The records engine — not the type — handles required/unique/default,
// encryption of sensitive values, references to other rows and computed fields.
//
// Thread-safety: types are stateless singletons; every method is const and thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "storage/db.h"

namespace peony::schema {

// How a field's value is kept in the entity's table.
enum class StorageKind {
  kText,     // TEXT column
  kInteger,  // BIGINT column (also booleans 0/1, money in fen, UTC milliseconds, ids)
  kReal,     // DOUBLE PRECISION / REAL column
  kNone,     // no column in the entity's table (child table, or computed on read)
};

// What a type's value refers to, when it is a reference the engine must check exists.
enum class Reference { kNone, kUser, kDepartment, kBranch, kRecord };

class FieldType;

// A field as defined in the catalog (what the designer saves), with its physical column.
struct FieldDef {
  int64_t id = 0;
  std::string name;   // [a-z][a-z0-9_]{0,39}, stable (renaming changes the label only)
  std::string label;  // shown to people
  std::string type;   // FieldType::name()
  bool required = false;
  bool unique = false;
  bool sensitive = false;       // encrypted at rest, blind-indexed, masked by role
  boost::json::object options;  // type-specific (choices, min, max, pattern, target, …)
  std::string column;           // physical column, "f_<name>"
  bool retired = false;         // hidden, data kept
  bool locked = false;          // a system field shipped by a template: cannot be changed
  int position = 0;
  // The registry's type for `type`, resolved when a Catalog is built (FindFieldType(FieldDef)
  // uses it); null elsewhere.
  const FieldType* resolved_type = nullptr;
};

// Context for normalising one value.
struct NormalizeContext {
  // Import is lenient about forms people type in spreadsheets: "是"/"否" for switches, "1,234.5"
  // for numbers, "2026/1/2" for dates, a choice's label for its key.
  bool lenient = false;
  std::string time_zone = "Asia/Shanghai";  // for date-times given without an offset
};

class FieldType {
 public:
  virtual ~FieldType() = default;

  virtual std::string_view name() const = 0;  // "text", "phone", …
  virtual std::string_view label(bool english) const = 0;
  // Palette group in the designer: "basic", "number", "datetime", "choice", "contact", "media",
  // "relation", "org" (user, department and branch pickers), "computed", "system".
  virtual std::string_view category() const = 0;
  virtual StorageKind storage() const = 0;
  // The storage of a field with these (checked) options. Differs from storage() only for types
  // whose column depends on their options (formula: options.result_type).
  virtual StorageKind StorageFor(const boost::json::object& options) const {
    (void)options;
    return storage();
  }
  virtual Reference reference() const { return Reference::kNone; }
  // Written by the engine, never by the user (created_at, serial, formula, lookup, …).
  virtual bool computed() const { return false; }
  // Contributes its text to full-text search (?q=).
  virtual bool searchable() const { return false; }
  // Can be marked sensitive (encrypted and masked): text-like types only.
  virtual bool can_be_sensitive() const { return false; }

  // Checks the type-specific options of a field being defined. Unknown options are refused (so
  // typos surface), except the engine's own keys that any field may carry (IsCommonOption). Error:
  // schema.invalid_options (422) naming the option in details {"option": ...}. The default accepts
  // no type-specific option.
  virtual Status CheckOptions(const boost::json::object& options) const;

  // Validates and normalises one non-null input into its stored form. Errors are 422
  // "record.invalid_value" with details {"field": f.name, "reason": "<type>.<why>"} and a message
  // a person understands (e.g. "请输入 11 位手机号码"). A blank input ("", only spaces, an empty
  // array of a multi-valued type, a sub-form of blank rows) means "no value" and normalises to a
  // null Value: the engine's required check looks at the normalised value. Options are assumed
  // checked by CheckOptions.
  //
  // Types stored as kNone whose values the engine keeps in child tables (multi_select, checkbox,
  // tags, sub_form) return a canonical JSON text (a std::string Value) that the engine splits;
  // ToJson and Format take that same text back.
  virtual Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                           const NormalizeContext& ctx) const = 0;

  // The stored value as API JSON (null for a null value).
  virtual boost::json::value ToJson(const FieldDef& f, const storage::Value& v) const = 0;

  // The stored value as text for display and export ("¥1,234.50", a choice's label, …).
  virtual std::string Format(const FieldDef& f, const storage::Value& v, bool english) const;

  // A masked form of a sensitive value's text for roles that may not see it ("138****5678").
  virtual std::string Mask(std::string_view text) const;

  // Filter operators this type accepts, from: eq ne lt lte gt gte between in not_in contains
  // not_contains starts_with is_empty not_empty.
  virtual std::vector<std::string_view> Operators() const = 0;
  // Operators of a field with these (checked) options; differs from Operators() only where
  // StorageFor does.
  virtual std::vector<std::string_view> OperatorsFor(const boost::json::object& options) const {
    (void)options;
    return Operators();
  }
};

// Option keys any field may carry whatever its type, owned by the engine and the designer rather
// than by the type: "default", "help", "placeholder", "visible_if", "editable_if", "width",
// "indexed" (true: the column gets an index for fast filters and sorts; references always have
// one), "searchable" (false: leave a text field out of the quick search), "access" (field
// permissions per role, checked and enforced by the records engine). CheckOptions skips them;
// the engine checks them.
bool IsCommonOption(std::string_view key);
// Checks the common options the engine does not interpret itself: help and placeholder (text up to
// 500 characters), indexed and searchable (booleans), width (full | half | third). visible_if,
// editable_if and default are checked by the records engine. Error: schema.invalid_options.
Status CheckCommonOptions(const boost::json::object& options);
// Whether the quick search (?q=) covers the field: its type is searchable, it is not sensitive, and
// its options do not say "searchable": false.
bool IsSearchable(const FieldDef& f);

// The registry (types/registry.cpp). Null when no type has that name.
const FieldType* FindFieldType(std::string_view name);
// The type of a field: the one the catalog resolved when it still matches `f.type`, else the
// registry's. Called for every field of every record written or read.
const FieldType* FindFieldType(const FieldDef& f);
// Every type, in palette order.
const std::vector<const FieldType*>& AllFieldTypes();

// Helpers for type implementations.
// 422 record.invalid_value for field `f` with reason "<type>.<why>" and both messages.
Error InvalidValue(const FieldDef& f, std::string_view reason, std::string zh, std::string en);
// 422 schema.invalid_options naming `option`.
Error InvalidOption(std::string_view option, std::string zh, std::string en);

}  // namespace peony::schema
