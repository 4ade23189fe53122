// Internal to the records engine: field permissions per role — the one place that decides which
// fields of an entity a caller may see and change.
//
// A field restricts roles through its "access" option: {"<role name>": "hidden" | "read_only"}.
// A caller whose every role restricts the field gets the most permissive of those restrictions;
// a role without an entry leaves the field unrestricted; callers holding "*" or "schema.manage"
// are never restricted. A caller without any role gets the strictest restriction declared
// (deny by default).
//
//   hidden     absent from Get / List / Export / History; filters, sorts and searches that would
//              reveal it are refused; writes are 422 record.read_only.
//   read_only  visible; writes that change it are 422 record.read_only.
//
// Masking of sensitive values is separate (data.<entity>.unmask) and still applies.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "common/result.h"
#include "platform/access/principal.h"
#include "platform/schema/catalog.h"

namespace peony::records::internal {

enum class FieldMode { kWritable, kReadOnly, kHidden };

class FieldAccess {
 public:
  // No restriction (internal callers).
  FieldAccess() = default;
  // The caller's access to the fields of `e`. Keeps a pointer to `p`, which must outlive it.
  static FieldAccess For(const access::Principal& p, const schema::EntityDef& e);

  FieldMode Of(std::string_view field) const;
  bool Hidden(std::string_view field) const { return Of(field) == FieldMode::kHidden; }
  bool Writable(std::string_view field) const { return Of(field) == FieldMode::kWritable; }
  // True when some field is hidden from the caller and is covered by the quick search (?q=).
  bool HidesSearchable(const schema::EntityDef& e) const;
  // Makes `fields` at least read-only (the fields a domain module manages).
  void Protect(const std::set<std::string>& fields);
  // Removes the keys of hidden fields from a record.
  void Redact(boost::json::object& record) const;
  // The principal this was computed for; null for the unrestricted default.
  const access::Principal* principal() const { return principal_; }

 private:
  const access::Principal* principal_ = nullptr;
  std::map<std::string, FieldMode, std::less<>> restricted_;  // only fields that are restricted
};

// Checks the syntax of an "access" option: an object of role name (1-64 characters) →
// "hidden" | "read_only". Error: schema.invalid_options naming "access".
Status CheckAccessOption(const boost::json::value& v);

}  // namespace peony::records::internal
