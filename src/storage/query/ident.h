// Ident: an SQL identifier (table or column name) that is safe to splice into SQL text.
//
// An Ident is made either from a string literal, checked at compile time, or through Ident::Trusted
// for names that came out of the catalog. There is no way to make one from arbitrary runtime text
// without that check, so user input cannot become SQL text through the query builder.
//
//   Ident table("customers");                                 // compile-time checked
//   PEONY_TRY(Ident col, Ident::Trusted(field.column_name));  // catalog names only
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/result.h"

namespace peony::storage::query {

class Ident {
 public:
  // PostgreSQL truncates longer identifiers (NAMEDATALEN - 1).
  static constexpr size_t kMaxLength = 63;

  // [a-z_][a-z0-9_]*, at most kMaxLength characters.
  static constexpr bool IsValid(std::string_view name) {
    if (name.empty() || name.size() > kMaxLength) return false;
    for (size_t i = 0; i < name.size(); ++i) {
      const char c = name[i];
      const bool ok = (c >= 'a' && c <= 'z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
      if (!ok) return false;
    }
    return true;
  }

  // From a string literal only; an invalid name does not compile.
  template <size_t N>
  consteval Ident(const char (&name)[N]) : size_(N - 1) {  // NOLINT(google-explicit-constructor)
    if (!IsValid(std::string_view(name, N - 1))) throw "invalid SQL identifier";
    for (size_t i = 0; i < N - 1; ++i) chars_[i] = name[i];
  }

  // Only for names resolved through the catalog (which generated them); still checks the
  // characters. Errors: db.invalid_identifier (kInternal: a catalog name that fails the check is a
  // bug).
  static Result<Ident> Trusted(std::string_view name);

  constexpr std::string_view name() const { return std::string_view(chars_, size_); }
  friend constexpr bool operator==(const Ident& a, const Ident& b) { return a.name() == b.name(); }

 private:
  Ident() = default;

  char chars_[kMaxLength + 1] = {};
  uint8_t size_ = 0;
};

}  // namespace peony::storage::query
