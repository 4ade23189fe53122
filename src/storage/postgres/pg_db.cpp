#include "storage/postgres/pg_db.h"

#include <algorithm>
#include <chrono>

#include "common/log.h"
#include "storage/errors.h"
#include "storage/postgres/pg_conn.h"

namespace peony::storage {
namespace {

void RollbackIfOpen(PgConn& conn) {
  if (conn.broken() || conn.transaction_status() == PQTRANS_IDLE) return;
  auto r = conn.Command("ROLLBACK");
  if (!r.ok()) log::Error("db.rollback_failed", {{"engine", "postgres"}});
}

}  // namespace

Result<std::unique_ptr<PgDb>> PgDb::Open(const std::string& conninfo, const DbOptions& options) {
  std::unique_ptr<PgDb> db(
      new PgDb(conninfo, std::max(1, options.pool_size), std::max(0, options.busy_timeout_ms)));
  PEONY_TRY(auto conn, PgConn::Connect(conninfo));
  db->idle_.push_back(conn.get());
  db->conns_.push_back(std::move(conn));
  return db;
}

PgDb::PgDb(std::string conninfo, int pool_size, int busy_timeout_ms)
    : conninfo_(std::move(conninfo)), pool_size_(pool_size), busy_timeout_ms_(busy_timeout_ms) {}

PgDb::~PgDb() = default;

Result<PgConn*> PgDb::Acquire() {
  std::unique_lock lock(mu_);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(busy_timeout_ms_);
  auto can_proceed = [&] {
    return !idle_.empty() || static_cast<int>(conns_.size()) + opening_ < pool_size_;
  };
  if (!can_proceed()) {
    ++waits_;
    if (!cv_.wait_until(lock, deadline, can_proceed)) return PoolExhausted();
  }
  PgConn* conn = nullptr;
  if (!idle_.empty()) {
    conn = idle_.back();
    idle_.pop_back();
  } else {
    ++opening_;
    lock.unlock();
    auto opened = PgConn::Connect(conninfo_);
    lock.lock();
    --opening_;
    if (!opened.ok()) {
      cv_.notify_one();  // the slot this caller reserved is free again
      return DbUnavailable();
    }
    conn = opened->get();
    conns_.push_back(std::move(opened).value());
  }
  lock.unlock();

  if (conn->broken() && !conn->Reset()) {
    Release(conn);
    return DbUnavailable();
  }
  const uint64_t epoch = schema_epoch_.load();
  if (conn->stale_statements() || conn->schema_epoch_seen != epoch) {
    conn->ForgetPreparedStatements();
    conn->schema_epoch_seen = epoch;
  }
  return conn;
}

void PgDb::Release(PgConn* conn) {
  RollbackIfOpen(*conn);
  if (conn->TakeRanDdl()) schema_epoch_.fetch_add(1);
  {
    std::lock_guard lock(mu_);
    idle_.push_back(conn);
  }
  cv_.notify_one();
}

Status PgDb::RunTransaction(PgConn& conn, const char* begin,
                            const std::function<Status(Conn&)>& fn) {
  auto begun = conn.Command(begin);
  if (!begun.ok() && conn.broken() && conn.Reset()) {
    // The server dropped the connection while it sat in the pool; nothing has run yet, so one more
    // try on the fresh connection is safe.
    begun = conn.Command(begin);
  }
  if (!begun.ok()) return std::move(begun).error();
  Status result;
  try {
    result = fn(conn);
  } catch (...) {
    RollbackIfOpen(conn);
    throw;
  }
  if (!result.ok()) {
    RollbackIfOpen(conn);
    return result;
  }
  PEONY_TRY(std::string tag, conn.Command("COMMIT"));
  if (tag != "COMMIT") {
    // PostgreSQL answers a COMMIT of a transaction aborted by an earlier error with ROLLBACK.
    return DbFailure("postgres", "COMMIT rolled back: a statement failed and its error was ignored",
                     "COMMIT");
  }
  return Ok();
}

Status PgDb::Transaction(bool write, const std::function<Status(Conn&)>& fn) {
  const std::thread::id self = std::this_thread::get_id();
  if (write) {
    std::lock_guard lock(mu_);
    if (std::find(writing_threads_.begin(), writing_threads_.end(), self) !=
        writing_threads_.end()) {
      return InternalError("storage: WriteTx called inside a WriteTx on the same thread");
    }
    writing_threads_.push_back(self);
  }
  struct Guard {
    PgDb* db;
    bool write;
    std::thread::id self;
    PgConn* conn = nullptr;
    ~Guard() {
      if (conn) db->Release(conn);
      if (write) {
        std::lock_guard lock(db->mu_);
        auto& threads = db->writing_threads_;
        threads.erase(std::find(threads.begin(), threads.end(), self));
      }
    }
  } guard{this, write, self};
  PEONY_TRY(guard.conn, Acquire());
  return RunTransaction(*guard.conn,
                        write ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", fn);
}

Status PgDb::WriteTx(const std::function<Status(Conn&)>& fn) { return Transaction(true, fn); }

Status PgDb::ReadTx(const std::function<Status(Conn&)>& fn) { return Transaction(false, fn); }

Status PgDb::Ping() {
  PEONY_TRY(PgConn * conn, Acquire());
  auto rows = conn->Query("SELECT 1");
  Release(conn);
  if (!rows.ok()) return std::move(rows).error();
  return Ok();
}

PoolStats PgDb::Stats() const {
  std::lock_guard lock(mu_);
  PoolStats stats;
  stats.size = pool_size_;
  stats.in_use = static_cast<int>(conns_.size() - idle_.size());
  stats.waits = waits_;
  return stats;
}

}  // namespace peony::storage
