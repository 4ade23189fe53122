// One libpq connection with its cache of prepared statements. Internal to storage/postgres/: PgDb
// owns these and lends them out as Conn. Not thread-safe: one thread at a time (PgDb guarantees
// it).
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "storage/db.h"

namespace peony::storage {

class PgConn final : public Conn {
 public:
  // Connects with client_encoding UTF8, a 30 s statement_timeout and hex bytea output.
  // Errors: db.open_failed with libpq's message (also logged).
  static Result<std::unique_ptr<PgConn>> Connect(const std::string& conninfo);
  ~PgConn() override;
  PgConn(const PgConn&) = delete;
  PgConn& operator=(const PgConn&) = delete;

  Dialect dialect() const override { return Dialect::kPostgres; }
  Result<Rows> Query(std::string_view sql, const Params& params = {}) override;
  Result<int64_t> Exec(std::string_view sql, const Params& params = {}) override;
  Status ExecScript(std::string_view sql) override;

  // Runs a parameterless command (BEGIN, COMMIT, ROLLBACK …) and returns its command tag, e.g.
  // "ROLLBACK" for a COMMIT of a transaction that an earlier error had aborted.
  Result<std::string> Command(const char* sql);
  // True when the server connection is known to be gone.
  bool broken() const;
  PGTransactionStatusType transaction_status() const;
  // Re-establishes a broken connection (PQreset) and redoes the session settings. The statement
  // cache is dropped: the server forgot it. False when the server is still unreachable.
  bool Reset();
  // Drops every prepared statement, on the server too. Call outside a failed transaction.
  void ForgetPreparedStatements();
  // Set when this connection ran DDL since the flag was last taken: other connections' prepared
  // statements may now describe the old shape of a table.
  bool TakeRanDdl();
  // Set when a prepared statement was found stale; ForgetPreparedStatements before the next use.
  bool stale_statements() const { return stale_statements_; }
  uint64_t schema_epoch_seen = 0;  // PgDb's bookkeeping: the DDL epoch the cache matches

 private:
  struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
  };
  using PgResult = std::unique_ptr<PGresult, ResultDeleter>;
  struct Prepared {
    std::string name;
    int placeholder_count = 0;
  };
  using CacheList = std::list<std::pair<std::string, Prepared>>;

  explicit PgConn(PGconn* conn) : conn_(conn) {}
  bool ApplySessionSettings();
  // Executes one statement (prepared and cached when it is DML); the result has tuples or a command
  // status. Errors are mapped by MapError.
  Result<PgResult> Run(std::string_view sql, const Params& params);
  Result<const Prepared*> PrepareCached(std::string_view sql);
  Error MapError(const PGresult* res, std::string_view sql);

  static constexpr size_t kMaxCachedStatements = 256;

  PGconn* conn_;
  CacheList lru_;  // front: most recently used
  std::unordered_map<std::string_view, CacheList::iterator> cache_;
  uint64_t next_statement_id_ = 0;
  bool ran_ddl_ = false;
  bool stale_statements_ = false;
};

}  // namespace peony::storage
