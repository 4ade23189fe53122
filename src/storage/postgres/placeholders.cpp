#include "storage/postgres/placeholders.h"

namespace peony::storage {
namespace {

bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || static_cast<unsigned char>(c) >= 0x80;
}

bool IsTagStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Index just past the quoted section that starts at `i` (sql[i] is the opening quote); the end of
// the text when it never closes. A doubled quote inside stands for itself; in E'…' a backslash
// escapes.
size_t SkipQuoted(std::string_view sql, size_t i, char quote, bool backslash_escapes) {
  for (++i; i < sql.size(); ++i) {
    if (backslash_escapes && sql[i] == '\\') {
      ++i;
    } else if (sql[i] == quote) {
      if (i + 1 < sql.size() && sql[i + 1] == quote) {
        ++i;
      } else {
        return i + 1;
      }
    }
  }
  return sql.size();
}

// When sql[i] == '$' opens a dollar-quoted string ($$ or $tag$), the index just past its end;
// otherwise npos ($1 parameters, or a '$' inside an identifier).
size_t SkipDollarQuoted(std::string_view sql, size_t i) {
  if (i > 0 && IsIdentChar(sql[i - 1])) return std::string_view::npos;
  size_t tag_end = i + 1;
  if (tag_end < sql.size() && IsTagStart(sql[tag_end])) {
    while (tag_end < sql.size() && IsIdentChar(sql[tag_end]) && sql[tag_end] != '$') ++tag_end;
  }
  if (tag_end >= sql.size() || sql[tag_end] != '$') return std::string_view::npos;
  const std::string_view tag = sql.substr(i, tag_end - i + 1);
  const size_t close = sql.find(tag, tag_end + 1);
  return close == std::string_view::npos ? sql.size() : close + tag.size();
}

}  // namespace

PgSql RewritePlaceholders(std::string_view sql) {
  PgSql out;
  out.text.reserve(sql.size() + 16);
  size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    size_t next = i + 1;
    if (c == '?') {
      out.text += '$';
      out.text += std::to_string(++out.placeholder_count);
      i = next;
      continue;
    }
    if (c == '\'') {
      const bool escape_string =
          i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && (i < 2 || !IsIdentChar(sql[i - 2]));
      next = SkipQuoted(sql, i, '\'', escape_string);
    } else if (c == '"') {
      next = SkipQuoted(sql, i, '"', false);
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const size_t eol = sql.find('\n', i);
      next = eol == std::string_view::npos ? sql.size() : eol;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      const size_t close = sql.find("*/", i + 2);
      next = close == std::string_view::npos ? sql.size() : close + 2;
    } else if (c == '$') {
      const size_t end = SkipDollarQuoted(sql, i);
      if (end != std::string_view::npos) next = end;
    }
    out.text.append(sql.substr(i, next - i));
    i = next;
  }
  return out;
}

}  // namespace peony::storage
