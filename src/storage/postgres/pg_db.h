// The PostgreSQL implementation of Db over libpq: a pool of connections opened on demand, each
// checked (and re-established when the server dropped it) before it is lent out.
//
//   PEONY_TRY(auto db, PgDb::Open("postgresql://peony@db.internal/peony", options));
//
// Thread-safe. Include storage/db.h and call OpenDb instead, unless PostgreSQL is what you need to
// name.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/db.h"

namespace peony::storage {

class PgConn;

class PgDb final : public Db {
 public:
  // Connects once to check the server and the credentials; further connections, up to
  // options.pool_size, are opened when needed. Errors: db.open_failed.
  static Result<std::unique_ptr<PgDb>> Open(const std::string& conninfo, const DbOptions& options);
  ~PgDb() override;

  Dialect dialect() const override { return Dialect::kPostgres; }
  // BEGIN (READ COMMITTED) … COMMIT. A WriteTx started from inside a WriteTx callback on the same
  // thread is refused with an internal error: it could wait forever on the outer one's row locks.
  // Errors: db.pool_exhausted, db.unavailable, and those of fn.
  Status WriteTx(const std::function<Status(Conn&)>& fn) override;
  // BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY … COMMIT: one snapshot for the whole callback,
  // as on SQLite. Errors: db.pool_exhausted, db.unavailable, and those of fn.
  Status ReadTx(const std::function<Status(Conn&)>& fn) override;
  Status Ping() override;
  PoolStats Stats() const override;

 private:
  PgDb(std::string conninfo, int pool_size, int busy_timeout_ms);
  // Lends out an idle connection, opening one when the pool is not full, else waits up to
  // busy_timeout_ms. The connection is usable: reconnected if it was broken, statements current.
  Result<PgConn*> Acquire();
  // Takes back a connection, rolling back whatever transaction it was left in.
  void Release(PgConn* conn);
  Status RunTransaction(PgConn& conn, const char* begin, const std::function<Status(Conn&)>& fn);
  Status Transaction(bool write, const std::function<Status(Conn&)>& fn);

  const std::string conninfo_;
  const int pool_size_;
  const int busy_timeout_ms_;
  // Bumped after a transaction that ran DDL; connections whose cache predates it drop their
  // prepared statements before their next use.
  std::atomic<uint64_t> schema_epoch_{0};

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConn>> conns_;    // GUARDED_BY(mu_)
  std::vector<PgConn*> idle_;                     // GUARDED_BY(mu_)
  int opening_ = 0;                               // GUARDED_BY(mu_): connections being opened
  int64_t waits_ = 0;                             // GUARDED_BY(mu_)
  std::vector<std::thread::id> writing_threads_;  // GUARDED_BY(mu_): threads inside a WriteTx
};

}  // namespace peony::storage
