#include "storage/sqlite/sqlite_conn.h"

#include "common/log.h"
#include "storage/errors.h"

namespace peony::storage {
namespace {

// Resets a cached statement when a call is done with it, so it holds no read snapshot or bound
// values afterwards (bound text is SQLITE_STATIC: it must not outlive the call).
class StatementUse {
 public:
  explicit StatementUse(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~StatementUse() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  StatementUse(const StatementUse&) = delete;
  StatementUse& operator=(const StatementUse&) = delete;

 private:
  sqlite3_stmt* stmt_;
};

bool OnlySeparatorsLeft(const char* tail) {
  for (; tail && *tail; ++tail) {
    if (*tail != ' ' && *tail != '\n' && *tail != '\t' && *tail != '\r' && *tail != ';')
      return false;
  }
  return true;
}

Value ColumnValue(sqlite3_stmt* stmt, int col) {
  switch (sqlite3_column_type(stmt, col)) {
    case SQLITE_INTEGER:
      return Value{static_cast<int64_t>(sqlite3_column_int64(stmt, col))};
    case SQLITE_FLOAT:
      return Value{sqlite3_column_double(stmt, col)};
    case SQLITE_TEXT: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, col));
      return Value{std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt, col)))};
    }
    case SQLITE_BLOB: {
      const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt, col));
      const auto size = static_cast<size_t>(sqlite3_column_bytes(stmt, col));
      return Value{Blob{data ? std::string(data, size) : std::string()}};
    }
    default:
      return Value{};
  }
}

// SQLite's process-wide settings, made once before its first use. Memory statistics are off: the
// server never reads them (sqlite3_memory_used), and keeping them takes a global mutex on every
// allocation SQLite makes, a few per statement.
void ConfigureOnce() {
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);  // SQLITE_MISUSE if already initialised: harmless
    return true;
  }();
  (void)configured;
}

}  // namespace

Result<std::unique_ptr<SqliteConn>> SqliteConn::Open(const std::string& path, bool read_only,
                                                     int busy_timeout_ms) {
  ConfigureOnce();
  sqlite3* raw = nullptr;
  const int flags =
      (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
      SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  std::unique_ptr<SqliteConn> conn(new SqliteConn(raw));  // closes `raw` even when opening failed
  if (rc != SQLITE_OK) {
    return OpenFailed(raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  // Every connection reads pages through a memory map of the file (SQLite caps the size at its
  // compile-time limit, 2 GiB on Debian): the pages live once, in the kernel's page cache, shared
  // by all connections, instead of being copied by pread() into each connection's small private
  // cache. A list walking an index and fetching rows at random spent a third of its time in those
  // copies.
  std::string pragmas = "PRAGMA foreign_keys = ON; PRAGMA mmap_size = 1099511627776;";
  // The writer keeps up to 64 MiB of pages, and its statement journals (the undo of a statement
  // that fails half-way: every INSERT into a table with a unique index) in memory rather than in
  // temporary files: a large transaction such as an import of 100,000 rows otherwise spends a
  // fifth of its time in pwrite() to those files.
  if (!read_only) {
    pragmas +=
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; "
        "PRAGMA temp_store = MEMORY;";
  }
  if (sqlite3_exec(raw, pragmas.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    return OpenFailed(sqlite3_errmsg(raw));
  }
  if (!read_only) {
    // journal_mode answers with the mode in effect; anything but "wal" (e.g. an in-memory database)
    // would break the one-writer/many-readers design.
    auto mode = conn->Query("PRAGMA journal_mode");
    if (!mode.ok() || mode->empty() || mode->Text(0, 0) != "wal") {
      return OpenFailed("the database cannot use WAL mode (is it a file on a local disk?)");
    }
  }
  return conn;
}

SqliteConn::~SqliteConn() {
  for (auto& [sql, stmt] : lru_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

Result<sqlite3_stmt*> SqliteConn::Prepare(std::string_view sql) {
  if (auto it = cache_.find(sql); it != cache_.end()) {
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->second;
  }
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
  if (rc != SQLITE_OK) return MapError(rc, sql);
  if (stmt == nullptr) return DbFailure("sqlite", "empty statement", sql);
  // Only the first statement would run: refuse the rest rather than ignore it silently.
  std::string rest(tail, static_cast<size_t>(sql.data() + sql.size() - tail));
  if (!OnlySeparatorsLeft(rest.c_str())) {
    sqlite3_finalize(stmt);
    return DbFailure("sqlite", "several statements given to Query/Exec; use ExecScript", sql);
  }
  if (lru_.size() >= kMaxCachedStatements) {
    cache_.erase(lru_.back().first);
    sqlite3_finalize(lru_.back().second);
    lru_.pop_back();
  }
  lru_.emplace_front(std::string(sql), stmt);
  cache_.emplace(lru_.front().first, lru_.begin());
  return stmt;
}

Status SqliteConn::Bind(sqlite3_stmt* stmt, const Params& params, std::string_view sql) {
  const auto& values = params.values();
  if (static_cast<size_t>(sqlite3_bind_parameter_count(stmt)) != values.size()) {
    return DbFailure("sqlite",
                     "statement has " + std::to_string(sqlite3_bind_parameter_count(stmt)) +
                         " placeholders but " + std::to_string(values.size()) +
                         " values were given",
                     sql);
  }
  for (size_t i = 0; i < values.size(); ++i) {
    const int index = static_cast<int>(i + 1);
    const Value& v = values[i];
    int rc = SQLITE_OK;
    if (auto* n = std::get_if<int64_t>(&v)) {
      rc = sqlite3_bind_int64(stmt, index, *n);
    } else if (auto* d = std::get_if<double>(&v)) {
      rc = sqlite3_bind_double(stmt, index, *d);
    } else if (auto* s = std::get_if<std::string>(&v)) {
      rc = sqlite3_bind_text64(stmt, index, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
    } else if (auto* b = std::get_if<Blob>(&v)) {
      // An empty blob bound by pointer would become NULL.
      rc = b->bytes.empty()
               ? sqlite3_bind_zeroblob(stmt, index, 0)
               : sqlite3_bind_blob64(stmt, index, b->bytes.data(), b->bytes.size(), SQLITE_STATIC);
    } else {
      rc = sqlite3_bind_null(stmt, index);
    }
    if (rc != SQLITE_OK) return MapError(rc, sql);
  }
  return Ok();
}

Result<Rows> SqliteConn::Query(std::string_view sql, const Params& params) {
  PEONY_TRY(sqlite3_stmt * stmt, Prepare(sql));
  StatementUse use(stmt);
  PEONY_CHECK(Bind(stmt, params, sql));
  std::vector<std::vector<Value>> rows;
  int rc = sqlite3_step(stmt);
  // Columns are read after the first step: a statement prepared before a schema change is prepared
  // again by that step and may have gained or lost columns.
  const int column_count = sqlite3_column_count(stmt);
  std::vector<std::string> columns;
  columns.reserve(static_cast<size_t>(column_count));
  for (int col = 0; col < column_count; ++col) {
    const char* name = sqlite3_column_name(stmt, col);
    columns.emplace_back(name ? name : "");
  }
  for (; rc == SQLITE_ROW; rc = sqlite3_step(stmt)) {
    std::vector<Value> row;
    row.reserve(static_cast<size_t>(column_count));
    for (int col = 0; col < column_count; ++col) row.push_back(ColumnValue(stmt, col));
    rows.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) return MapError(rc, sql);
  return Rows(std::move(columns), std::move(rows));
}

Result<int64_t> SqliteConn::Exec(std::string_view sql, const Params& params) {
  PEONY_TRY(sqlite3_stmt * stmt, Prepare(sql));
  StatementUse use(stmt);
  PEONY_CHECK(Bind(stmt, params, sql));
  for (;;) {
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return MapError(rc, sql);
  }
  return static_cast<int64_t>(sqlite3_changes64(db_));
}

Status SqliteConn::ExecScript(std::string_view sql) {
  const std::string script(sql);  // sqlite3_exec needs a terminated string
  const int rc = sqlite3_exec(db_, script.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return MapError(sqlite3_extended_errcode(db_), sql);
  return Ok();
}

bool SqliteConn::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

void SqliteConn::RollbackQuietly() {
  if (sqlite3_get_autocommit(db_)) return;  // SQLite already rolled back (e.g. after SQLITE_FULL)
  auto r = Exec("ROLLBACK");
  if (!r.ok()) log::Error("db.rollback_failed", {{"engine", "sqlite"}});
}

Error SqliteConn::MapError(int rc, std::string_view sql) {
  const std::string message = sqlite3_errmsg(db_);
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY ||
      rc == SQLITE_CONSTRAINT_ROWID) {
    // "UNIQUE constraint failed: customers.org_id, customers.phone"
    constexpr std::string_view kMarker = "constraint failed: ";
    const size_t at = message.find(kMarker);
    return UniqueViolation(at == std::string::npos ? "" : message.substr(at + kMarker.size()));
  }
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
    log::Warn("db.busy", {{"engine", "sqlite"}, {"code", rc}});
    return DbBusy();
  }
  return DbFailure("sqlite", message + " (code " + std::to_string(rc) + ")", sql);
}

}  // namespace peony::storage
