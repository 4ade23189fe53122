#include "storage/db.h"

#include <malloc.h>

#include <charconv>
#include <cstdlib>

#include "common/log.h"
#include "common/strings.h"
#include "storage/errors.h"
#include "storage/postgres/pg_db.h"
#include "storage/sqlite/sqlite_db.h"

namespace peony::storage {

Value ToValue(std::nullptr_t) { return Value{}; }
Value ToValue(int v) { return Value{static_cast<int64_t>(v)}; }
Value ToValue(int64_t v) { return Value{v}; }
Value ToValue(bool v) { return Value{static_cast<int64_t>(v ? 1 : 0)}; }
Value ToValue(double v) { return Value{v}; }
Value ToValue(std::string_view v) { return Value{std::string(v)}; }
Value ToValue(const char* v) { return v ? Value{std::string(v)} : Value{}; }
Value ToValue(std::string v) { return Value{std::move(v)}; }
Value ToValue(Blob v) { return Value{std::move(v)}; }
Value ToValue(Null) { return Value{}; }
Value ToValue(Value v) { return v; }

namespace {

std::optional<int64_t> ParseInt(std::string_view s) {
  int64_t out = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return out;
}

std::string FormatDouble(double d) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  return ec == std::errc() ? std::string(buf, end) : std::string();
}

}  // namespace

bool Rows::IsNull(size_t row, size_t col) const {
  return std::holds_alternative<std::monostate>(At(row, col));
}

int64_t Rows::Int(size_t row, size_t col) const {
  const Value& v = At(row, col);
  if (auto* i = std::get_if<int64_t>(&v)) return *i;
  if (auto* d = std::get_if<double>(&v)) return static_cast<int64_t>(*d);
  if (auto* s = std::get_if<std::string>(&v)) return ParseInt(*s).value_or(0);
  return 0;
}

double Rows::Real(size_t row, size_t col) const {
  const Value& v = At(row, col);
  if (auto* d = std::get_if<double>(&v)) return *d;
  if (auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  if (auto* s = std::get_if<std::string>(&v)) return std::strtod(s->c_str(), nullptr);
  return 0;
}

std::string Rows::Text(size_t row, size_t col) const {
  const Value& v = At(row, col);
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v)) return FormatDouble(*d);
  if (auto* b = std::get_if<Blob>(&v)) return b->bytes;
  return std::string();
}

std::optional<int64_t> Rows::OptInt(size_t row, size_t col) const {
  if (IsNull(row, col)) return std::nullopt;
  return Int(row, col);
}

std::optional<std::string> Rows::OptText(size_t row, size_t col) const {
  if (IsNull(row, col)) return std::nullopt;
  return Text(row, col);
}

const std::string& Rows::Bytes(size_t row, size_t col) const {
  static const std::string kEmpty;
  const Value& v = At(row, col);
  if (auto* b = std::get_if<Blob>(&v)) return b->bytes;
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  return kEmpty;
}

void ReleaseMemory(Db& db) {
  if (db.dialect() == Dialect::kSqlite) {
    (void)db.WriteTx([](Conn& c) { return c.ExecScript("PRAGMA shrink_memory"); });
  }
  malloc_trim(0);
}

void RefreshStatistics(Db& db, const std::string& table) {
  if (db.dialect() != Dialect::kPostgres) return;
  const Status analyzed =
      db.WriteTx([&](Conn& c) { return c.ExecScript("ANALYZE \"" + table + "\""); });
  if (!analyzed.ok()) log::Warn("db.analyze_failed", {{"table", table}});
}

Result<std::unique_ptr<Db>> OpenDb(const DbOptions& options) {
  std::string_view url = options.url;
  if (StartsWith(url, "sqlite:")) {
    PEONY_TRY(auto db, SqliteDb::Open(std::string(url.substr(7)), options));
    return std::unique_ptr<Db>(std::move(db));
  }
  if (StartsWith(url, "postgresql://") || StartsWith(url, "postgres://") ||
      url.find('=') != std::string_view::npos) {
    PEONY_TRY(auto db, PgDb::Open(options.url, options));
    return std::unique_ptr<Db>(std::move(db));
  }
  // The url itself is not echoed: a mistyped one may hold a password.
  return OpenFailed(
      "the database url must start with sqlite:, postgresql:// or be key=value pairs");
}

}  // namespace peony::storage
