// One SQLite connection with its prepared-statement cache. Internal to storage/sqlite/: SqliteDb
// owns these and lends them out as Conn. Not thread-safe: one thread at a time (SqliteDb guarantees
// it).
#pragma once

#include <sqlite3.h>

#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "storage/db.h"

namespace peony::storage {

class SqliteConn final : public Conn {
 public:
  // Opens `path` (created when missing unless read_only) with foreign keys on and the busy timeout
  // set. The writer also switches the database to WAL with synchronous=NORMAL. Errors:
  // db.open_failed.
  static Result<std::unique_ptr<SqliteConn>> Open(const std::string& path, bool read_only,
                                                  int busy_timeout_ms);
  ~SqliteConn() override;
  SqliteConn(const SqliteConn&) = delete;
  SqliteConn& operator=(const SqliteConn&) = delete;

  Dialect dialect() const override { return Dialect::kSqlite; }
  Result<Rows> Query(std::string_view sql, const Params& params = {}) override;
  Result<int64_t> Exec(std::string_view sql, const Params& params = {}) override;
  Status ExecScript(std::string_view sql) override;

  // Rolls back the open transaction, if SQLite has not already done so. Failures are logged.
  void RollbackQuietly();
  // False when no transaction is open (never begun, or rolled back by SQLite after an I/O error).
  bool InTransaction() const;
  // The connection's handle, for the calls SqliteDb makes on it (WAL hook, checkpoints).
  sqlite3* handle() const { return db_; }

 private:
  explicit SqliteConn(sqlite3* db) : db_(db) {}

  // Returns the cached statement for `sql`, preparing it on first use. The statement is reset and
  // its bindings cleared by the caller (StatementUse) when done.
  Result<sqlite3_stmt*> Prepare(std::string_view sql);
  Status Bind(sqlite3_stmt* stmt, const Params& params, std::string_view sql);
  // Maps an SQLite result code to a storage error (see storage/errors.h).
  Error MapError(int rc, std::string_view sql);

  // Least recently used first out; keys view the strings held in the list nodes, which never move.
  static constexpr size_t kMaxCachedStatements = 256;
  using CacheList = std::list<std::pair<std::string, sqlite3_stmt*>>;

  sqlite3* db_;
  CacheList lru_;  // front: most recently used
  std::unordered_map<std::string_view, CacheList::iterator> cache_;
};

}  // namespace peony::storage
