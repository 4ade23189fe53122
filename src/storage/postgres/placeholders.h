// Rewrites Peony's `?` placeholders to PostgreSQL's $1..$n. Internal to storage/postgres/.
#pragma once

#include <string>
#include <string_view>

namespace peony::storage {

struct PgSql {
  std::string text;
  int placeholder_count = 0;
};

// Replaces each `?` with $1, $2, … in order, leaving alone those inside '…' and E'…' literals,
// "…" identifiers, $tag$…$tag$ strings and -- or /* */ comments. Text outside those is copied as
// is.
PgSql RewritePlaceholders(std::string_view sql);

}  // namespace peony::storage
