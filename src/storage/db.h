// The database interface. Callers include only this header; sqlite/ and postgres/ implement it.
//
// SQL text uses `?` placeholders in both dialects (the PostgreSQL implementation rewrites them to
// $n, skipping quoted literals). Every value is a bound parameter; identifiers come only from code
// or from the catalog through the query builder (storage/query/), never from user text.
//
//   PEONY_TRY(auto rows, db.Read([&](Conn& c) { return c.Query("SELECT id FROM users WHERE org_id =
//   ?",
//                                                               {org_id}); }));
//   PEONY_CHECK(db.Write([&](Conn& c) -> Status { ... return Ok(); }));  // one transaction
//
// Thread-safety: a Db is shared by all worker threads. A Conn is used by one thread for the
// duration of the callback it is passed to and must not escape it.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/result.h"

namespace peony::storage {

enum class Dialect { kSqlite, kPostgres };

struct Blob {
  std::string bytes;
};

// A bound parameter or a column value. Booleans are stored as integers 0/1 in both dialects.
using Value = std::variant<std::monostate, int64_t, double, std::string, Blob>;

struct Null {};
// Builds a Value from common C++ types: Param(nullptr), Param(42), Param("text"),
// Param(std::nullopt).
Value ToValue(std::nullptr_t);
Value ToValue(int v);
Value ToValue(int64_t v);
Value ToValue(bool v);
Value ToValue(double v);
Value ToValue(std::string_view v);
Value ToValue(const char* v);
Value ToValue(std::string v);
Value ToValue(Blob v);
Value ToValue(Null);
Value ToValue(Value v);  // so that Params{...} and the query builder accept Values as they are
template <class T>
Value ToValue(const std::optional<T>& v) {
  return v ? ToValue(*v) : Value{};
}

// Parameters of one statement, built inline: {org_id, "name", nullptr}.
class Params {
 public:
  Params() = default;
  template <class... T>
  Params(const T&... v) : values_{ToValue(v)...} {}        // NOLINT(google-explicit-constructor)
  Params(std::vector<Value> v) : values_(std::move(v)) {}  // NOLINT(google-explicit-constructor)
  const std::vector<Value>& values() const { return values_; }
  void Add(Value v) { values_.push_back(std::move(v)); }

 private:
  std::vector<Value> values_;
};

// Rows of a query result, materialised. Column access is by index (0-based) in SELECT order.
class Rows {
 public:
  Rows() = default;
  Rows(std::vector<std::string> columns, std::vector<std::vector<Value>> rows)
      : columns_(std::move(columns)), rows_(std::move(rows)) {}

  size_t size() const { return rows_.size(); }
  bool empty() const { return rows_.empty(); }
  const std::vector<std::string>& columns() const { return columns_; }

  bool IsNull(size_t row, size_t col) const;
  // Integer value; text holding an integer is parsed (PostgreSQL text results); null → 0.
  int64_t Int(size_t row, size_t col) const;
  double Real(size_t row, size_t col) const;
  // Text value; integers are formatted; null → "".
  std::string Text(size_t row, size_t col) const;
  std::optional<int64_t> OptInt(size_t row, size_t col) const;
  std::optional<std::string> OptText(size_t row, size_t col) const;
  const std::string& Bytes(size_t row, size_t col) const;  // Blob or text bytes
  const Value& At(size_t row, size_t col) const { return rows_[row][col]; }

 private:
  std::vector<std::string> columns_;
  std::vector<std::vector<Value>> rows_;
};

// A connection borrowed for one callback, inside a transaction for Write and a consistent snapshot
// (where the engine offers one) for Read.
class Conn {
 public:
  virtual ~Conn() = default;
  virtual Dialect dialect() const = 0;
  // Runs a statement that returns rows (SELECT, or INSERT/UPDATE … RETURNING).
  // Errors: db.unique_violation (kConflict, details.constraint when known), db.busy (kUnavailable),
  // db.error (kInternal).
  virtual Result<Rows> Query(std::string_view sql, const Params& params = {}) = 0;
  // Runs a statement for its effect; returns the number of rows changed.
  virtual Result<int64_t> Exec(std::string_view sql, const Params& params = {}) = 0;
  // Runs several statements without parameters (DDL, migrations).
  virtual Status ExecScript(std::string_view sql) = 0;
};

struct PoolStats {
  int size = 0;
  int in_use = 0;
  int64_t waits = 0;  // times a caller had to wait for a free connection
};

class Db {
 public:
  virtual ~Db() = default;
  virtual Dialect dialect() const = 0;

  // Runs fn in one transaction on the writer (SQLite: the single writer connection; PostgreSQL: a
  // pooled connection, READ COMMITTED). Commits when fn returns ok, rolls back when it returns an
  // error (which is passed on) or throws (rethrown after rollback).
  virtual Status WriteTx(const std::function<Status(Conn&)>& fn) = 0;
  // Runs fn on a reader connection (SQLite: one of the read-only connections, WAL snapshot;
  // PostgreSQL: a pooled connection in a read-only transaction). Writes fail.
  virtual Status ReadTx(const std::function<Status(Conn&)>& fn) = 0;
  // Cheap liveness check used by /api/v1/health.
  virtual Status Ping() = 0;
  virtual PoolStats Stats() const = 0;
  // A short name for logs and health: "sqlite" or "postgres".
  std::string_view EngineName() const {
    return dialect() == Dialect::kSqlite ? "sqlite" : "postgres";
  }

  // Typed helpers over WriteTx/ReadTx: the callback returns Result<T>.
  template <class F>
  auto Write(F&& fn) -> decltype(fn(std::declval<Conn&>())) {
    return Run(true, std::forward<F>(fn));
  }
  template <class F>
  auto Read(F&& fn) -> decltype(fn(std::declval<Conn&>())) {
    return Run(false, std::forward<F>(fn));
  }

 private:
  template <class F>
  auto Run(bool write, F&& fn) -> decltype(fn(std::declval<Conn&>())) {
    using R = decltype(fn(std::declval<Conn&>()));
    std::optional<R> out;
    auto body = [&](Conn& c) -> Status {
      out.emplace(fn(c));
      if (!out->ok()) return out->error();
      return Ok();
    };
    Status s = write ? WriteTx(body) : ReadTx(body);
    if (!s.ok()) return std::move(s).error();
    return std::move(*out);
  }
};

struct DbOptions {
  // "sqlite:/path/to/peony.db" or a libpq connection string / URI ("postgresql://…", "host=…
  // dbname=…").
  std::string url;
  int pool_size = 8;           // PostgreSQL connections; SQLite reader connections
  int busy_timeout_ms = 5000;  // SQLite busy_timeout; PostgreSQL wait for a pooled connection
};

// Opens the database named by options.url. Errors: db.open_failed (kUnavailable) naming the cause.
Result<std::unique_ptr<Db>> OpenDb(const DbOptions& options);

// Gives back memory a large transaction (an import) left behind: the pages cached by SQLite's
// writer, whose cache may hold up to 64 MiB, and the C library's free lists. Best effort; waits
// for the writer like any write.
void ReleaseMemory(Db& db);

// After a bulk change to `table` (an identifier from the catalog, never user text): lets the query
// planner see the new rows at once. On PostgreSQL, ANALYZE: before autovacuum gets to it, the
// planner still believes a freshly imported table empty and walks the wrong index (a filtered,
// sorted page of 20,000 rows took 12 ms instead of 0.4 ms). On SQLite nothing: queries name their
// indexes. Best effort: a failure is logged and otherwise ignored.
void RefreshStatistics(Db& db, const std::string& table);

}  // namespace peony::storage
