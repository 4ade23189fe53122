// The SQLite implementation of Db: one writer connection behind a mutex and a pool of read-only
// connections, over a WAL database file, so reads never wait for the writer and see a consistent
// snapshot for the length of a ReadTx.
//
//   PEONY_TRY(auto db, SqliteDb::Open("/var/lib/peony/peony.db", options));
//
// Thread-safe. Include storage/db.h and call OpenDb instead, unless SQLite is what you need to
// name.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/db.h"

struct sqlite3;

namespace peony::storage {

class SqliteConn;

class SqliteDb final : public Db {
 public:
  // Opens (creating when missing) the database file at `path`, with options.pool_size reader
  // connections and options.busy_timeout_ms as SQLite's busy timeout and the longest wait for the
  // writer or a reader. The path must name a file on a local disk (WAL needs shared memory).
  // Errors: db.open_failed.
  static Result<std::unique_ptr<SqliteDb>> Open(const std::string& path, const DbOptions& options);
  ~SqliteDb() override;

  Dialect dialect() const override { return Dialect::kSqlite; }
  // BEGIN IMMEDIATE … COMMIT on the writer. Write transactions that arrive while the writer is busy
  // are committed together (group commit): the next thread to take the writer runs every waiting
  // callback in one transaction, each inside its own SAVEPOINT so that a failing callback is rolled
  // back alone, and commits once; each caller returns when that commit is done. Callbacks run one
  // after another, each seeing what the earlier ones wrote, exactly as consecutive transactions
  // would; a failed COMMIT fails them all. A WriteTx started from inside a WriteTx callback on the
  // same thread is refused with an internal error (it would wait for itself forever). A caller
  // waiting for the leader does so in a BlockingScope (common/blocking.h), so a worker pool can run
  // another request meanwhile and more writes gather into each commit.
  // Errors: db.busy when the writer stays taken longer than busy_timeout_ms, and those of fn.
  Status WriteTx(const std::function<Status(Conn&)>& fn) override;
  // BEGIN … COMMIT on a reader. Errors: db.pool_exhausted, and those of fn.
  Status ReadTx(const std::function<Status(Conn&)>& fn) override;
  Status Ping() override;
  PoolStats Stats() const override;

 private:
  explicit SqliteDb(int busy_timeout_ms);
  Result<SqliteConn*> AcquireReader();
  void ReleaseReader(SqliteConn* conn);

  const int busy_timeout_ms_;

  // The writer is taken by setting writer_thread_ under write_mu_ (a mutex and condition variable
  // rather than std::timed_mutex, whose timed lock ThreadSanitizer cannot follow).
  struct PendingWrite {
    const std::function<Status(Conn&)>* fn;
    Status result = Ok();
    bool taken = false;  // a leader has taken it into a batch
    bool done = false;
  };
  static constexpr size_t kMaxBatch = 64;  // writes per group commit
  // Runs a batch on the writer (the caller holds the writer) and fills in each result.
  void RunBatch(const std::vector<PendingWrite*>& batch);

  std::mutex write_mu_;
  std::condition_variable write_cv_;
  std::thread::id writer_thread_;       // GUARDED_BY(write_mu_): empty when the writer is free
  std::deque<PendingWrite*> pending_;   // GUARDED_BY(write_mu_): waiting for a leader
  std::unique_ptr<SqliteConn> writer_;  // used only by writer_thread_

  // Checkpoints (copying committed pages from the WAL into the database file) run on a connection
  // and thread of their own: SQLite would otherwise run one inside the commit that brings the WAL
  // past 1,000 pages, and that caller (an import: 330 MB of pages) waits for it.
  static int OnWalCommit(void* self, sqlite3* db, const char* name, int frames);
  void CheckpointLoop();
  std::unique_ptr<SqliteConn> checkpointer_;
  std::thread checkpoint_thread_;
  std::mutex checkpoint_mu_;
  std::condition_variable checkpoint_cv_;
  bool checkpoint_wanted_ = false;  // GUARDED_BY(checkpoint_mu_)
  bool stopping_ = false;           // GUARDED_BY(checkpoint_mu_)

  std::vector<std::unique_ptr<SqliteConn>> readers_;  // fixed after Open
  mutable std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<SqliteConn*> idle_readers_;  // GUARDED_BY(pool_mu_)
  int64_t waits_ = 0;                      // GUARDED_BY(pool_mu_)
};

}  // namespace peony::storage
