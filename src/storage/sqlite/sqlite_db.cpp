#include "storage/sqlite/sqlite_db.h"

#include <algorithm>
#include <chrono>

#include "common/blocking.h"
#include "common/log.h"
#include "common/strings.h"
#include "storage/errors.h"
#include "storage/sqlite/sqlite_conn.h"

namespace peony::storage {
namespace {

// Runs fn between `begin` and COMMIT; rolls back when fn fails or throws (the exception goes on).
Status RunTransaction(SqliteConn& conn, std::string_view begin,
                      const std::function<Status(Conn&)>& fn) {
  PEONY_CHECK(conn.Exec(begin));
  Status result;
  try {
    result = fn(conn);
  } catch (...) {
    conn.RollbackQuietly();
    throw;
  }
  if (!result.ok()) {
    conn.RollbackQuietly();
    return result;
  }
  if (auto commit = conn.Exec("COMMIT"); !commit.ok()) {
    conn.RollbackQuietly();
    return std::move(commit).error();
  }
  return Ok();
}

}  // namespace

Result<std::unique_ptr<SqliteDb>> SqliteDb::Open(const std::string& path,
                                                 const DbOptions& options) {
  if (path.empty() || path == ":memory:" || StartsWith(path, "file:")) {
    return OpenFailed("SQLite needs the path of a database file");
  }
  std::unique_ptr<SqliteDb> db(new SqliteDb(options.busy_timeout_ms));
  // The writer goes first: it creates the file and switches it to WAL, which readers rely on.
  PEONY_TRY(db->writer_, SqliteConn::Open(path, /*read_only=*/false, options.busy_timeout_ms));
  PEONY_TRY(db->checkpointer_,
            SqliteConn::Open(path, /*read_only=*/false, options.busy_timeout_ms));
  // Replaces SQLite's automatic checkpoint (itself a WAL hook) on the writer.
  sqlite3_wal_hook(db->writer_->handle(), &SqliteDb::OnWalCommit, db.get());
  db->checkpoint_thread_ = std::thread([raw = db.get()] { raw->CheckpointLoop(); });
  const int readers = std::max(1, options.pool_size);
  for (int reader_idx = 0; reader_idx < readers; ++reader_idx) {
    PEONY_TRY(auto reader, SqliteConn::Open(path, /*read_only=*/true, options.busy_timeout_ms));
    db->idle_readers_.push_back(reader.get());
    db->readers_.push_back(std::move(reader));
  }
  return db;
}

SqliteDb::SqliteDb(int busy_timeout_ms) : busy_timeout_ms_(busy_timeout_ms) {}

SqliteDb::~SqliteDb() {
  if (checkpoint_thread_.joinable()) {
    {
      std::lock_guard lock(checkpoint_mu_);
      stopping_ = true;
    }
    checkpoint_cv_.notify_one();
    checkpoint_thread_.join();
  }
}

int SqliteDb::OnWalCommit(void* self, sqlite3*, const char*, int frames) {
  // SQLite's own threshold for its automatic checkpoint.
  constexpr int kCheckpointFrames = 1000;
  if (frames >= kCheckpointFrames) {
    auto* db = static_cast<SqliteDb*>(self);
    {
      std::lock_guard lock(db->checkpoint_mu_);
      db->checkpoint_wanted_ = true;
    }
    db->checkpoint_cv_.notify_one();
  }
  return SQLITE_OK;
}

void SqliteDb::CheckpointLoop() {
  std::unique_lock lock(checkpoint_mu_);
  while (true) {
    checkpoint_cv_.wait(lock, [&] { return checkpoint_wanted_ || stopping_; });
    if (stopping_) return;
    checkpoint_wanted_ = false;
    lock.unlock();
    // PASSIVE: copies what no reader still needs, without waiting for readers or the writer.
    const int rc = sqlite3_wal_checkpoint_v2(checkpointer_->handle(), nullptr,
                                             SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED) {
      log::Warn("db.checkpoint_failed", {{"code", rc}});
    }
    lock.lock();
  }
}

Status SqliteDb::WriteTx(const std::function<Status(Conn&)>& fn) {
  const std::thread::id self = std::this_thread::get_id();
  PendingWrite mine{&fn};
  std::unique_lock lock(write_mu_);
  if (writer_thread_ == self) {
    return InternalError("storage: WriteTx called inside a WriteTx on the same thread");
  }
  pending_.push_back(&mine);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(busy_timeout_ms_);
  while (!mine.done) {
    if (writer_thread_ == std::thread::id()) {
      // Lead: take every write waiting (this one included, or it was taken by an earlier leader).
      writer_thread_ = self;
      std::vector<PendingWrite*> batch;
      while (!pending_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(pending_.front());
        batch.back()->taken = true;
        pending_.pop_front();
      }
      lock.unlock();
      struct Finish {
        SqliteDb* db;
        std::vector<PendingWrite*>& batch;
        std::unique_lock<std::mutex>& lock;
        ~Finish() {
          lock.lock();
          for (PendingWrite* w : batch) w->done = true;
          db->writer_thread_ = std::thread::id();
          db->write_cv_.notify_all();
        }
      } finish{this, batch, lock};
      RunBatch(batch);
      continue;
    }
    std::cv_status waited = std::cv_status::no_timeout;
    {
      // Another thread leads: this one only waits, and a pool may run other work meanwhile.
      const BlockingScope waiting;
      waited = write_cv_.wait_until(lock, deadline);
    }
    if (waited == std::cv_status::timeout && !mine.taken && !mine.done &&
        writer_thread_ != std::thread::id()) {
      pending_.erase(std::find(pending_.begin(), pending_.end(), &mine));
      return DbBusy();
    }
  }
  return mine.result;
}

void SqliteDb::RunBatch(const std::vector<PendingWrite*>& batch) {
  if (batch.size() == 1) {
    batch[0]->result = RunTransaction(*writer_, "BEGIN IMMEDIATE", *batch[0]->fn);
    return;
  }
  size_t next = 0;
  while (next < batch.size()) {
    if (auto begin = writer_->Exec("BEGIN IMMEDIATE"); !begin.ok()) {
      for (size_t i = next; i < batch.size(); ++i) batch[i]->result = begin.error();
      return;
    }
    const size_t first = next;
    bool lost = false;  // SQLite rolled the whole transaction back (an I/O error, a full disk)
    for (; next < batch.size() && !lost; ++next) {
      PendingWrite& w = *batch[next];
      if (auto sp = writer_->Exec("SAVEPOINT peony_write"); !sp.ok()) {
        w.result = std::move(sp).error();
        lost = !writer_->InTransaction();
        continue;
      }
      try {
        w.result = (*w.fn)(*writer_);
      } catch (const std::exception& e) {
        w.result = InternalError(std::string("storage: a write threw: ") + e.what());
      } catch (...) {
        w.result = InternalError("storage: a write threw");
      }
      if (!writer_->InTransaction()) {
        lost = true;
        continue;
      }
      if (!w.result.ok()) {
        (void)writer_->Exec("ROLLBACK TO peony_write");
      }
      (void)writer_->Exec("RELEASE peony_write");
    }
    if (lost) {
      // Every write of this transaction so far is gone: fail them with the error that ended it.
      const Error why = batch[next - 1]->result.ok()
                            ? MakeError(ErrorKind::kInternal, "db.error", "数据库事务被中止",
                                        "The database transaction was aborted")
                            : batch[next - 1]->result.error();
      for (size_t i = first; i < next; ++i) {
        if (batch[i]->result.ok()) batch[i]->result = why;
      }
      continue;
    }
    if (auto commit = writer_->Exec("COMMIT"); !commit.ok()) {
      writer_->RollbackQuietly();
      for (size_t i = first; i < next; ++i) {
        if (batch[i]->result.ok()) batch[i]->result = commit.error();
      }
    }
  }
}

Status SqliteDb::ReadTx(const std::function<Status(Conn&)>& fn) {
  PEONY_TRY(SqliteConn * reader, AcquireReader());
  struct Release {
    SqliteDb* db;
    SqliteConn* conn;
    ~Release() { db->ReleaseReader(conn); }
  } release{this, reader};
  return RunTransaction(*reader, "BEGIN", fn);
}

Status SqliteDb::Ping() {
  return ReadTx([](Conn& c) -> Status {
    auto rows = c.Query("SELECT 1");
    if (!rows.ok()) return std::move(rows).error();
    return Ok();
  });
}

PoolStats SqliteDb::Stats() const {
  std::lock_guard lock(pool_mu_);
  PoolStats stats;
  stats.size = static_cast<int>(readers_.size());
  stats.in_use = static_cast<int>(readers_.size() - idle_readers_.size());
  stats.waits = waits_;
  return stats;
}

Result<SqliteConn*> SqliteDb::AcquireReader() {
  std::unique_lock lock(pool_mu_);
  if (idle_readers_.empty()) {
    ++waits_;
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(busy_timeout_ms_);
    if (!pool_cv_.wait_until(lock, deadline, [&] { return !idle_readers_.empty(); })) {
      return PoolExhausted();
    }
  }
  SqliteConn* conn = idle_readers_.back();
  idle_readers_.pop_back();
  return conn;
}

void SqliteDb::ReleaseReader(SqliteConn* conn) {
  {
    std::lock_guard lock(pool_mu_);
    idle_readers_.push_back(conn);
  }
  pool_cv_.notify_one();
}

}  // namespace peony::storage
