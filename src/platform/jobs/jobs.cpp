// The durable job queue (see jobs.h): enqueue, lease, fenced completion, backoff, dead letters and
// the runner threads.
#include "platform/jobs/jobs.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/log.h"
#include "platform/jobs/errors.h"
#include "storage/crypto/crypto.h"

namespace peony::jobs {
namespace {

constexpr int64_t kBackoffBaseMs = 30'000;
constexpr int64_t kBackoffCapMs = 3'600'000;
constexpr size_t kMaxErrorChars = 2000;

int64_t BackoffMs(int attempts) {
  const int shift = std::clamp(attempts - 1, 0, 20);
  return std::min(kBackoffCapMs, kBackoffBaseMs << shift);
}

std::string DefaultOwner() {
  char host[256] = {0};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(host) + ":" + std::to_string(getpid()) + ":" + storage::crypto::RandomToken(4);
}

std::string Describe(const Error& e) {
  std::string s = e.code + ": " + e.message_en;
  if (!e.details.is_null()) s += " " + boost::json::serialize(e.details);
  if (s.size() > kMaxErrorChars) s.resize(kMaxErrorChars);
  return s;
}

storage::Value OptText(const std::string& s) {
  return s.empty() ? storage::Value{} : storage::Value{s};
}

}  // namespace

using storage::Conn;
using storage::Value;

Result<std::optional<int64_t>> Enqueue(Conn& c, const Clock& clock, const JobSpec& spec) {
  const UtcMillis now = clock.Now();
  PEONY_TRY(auto rows,
            c.Query("INSERT INTO jobs (org_id, kind, payload, idempotency_key, group_key, status, "
                    "due_at, max_attempts, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?) "
                    "ON CONFLICT (idempotency_key) DO UPDATE SET status = 'pending', due_at = "
                    "excluded.due_at, payload = excluded.payload, attempts = 0, last_error = NULL, "
                    "updated_at = excluded.updated_at, finished_at = NULL "
                    "WHERE jobs.status = 'cancelled' RETURNING id",
                    {spec.org_id, spec.kind, boost::json::serialize(spec.payload),
                     OptText(spec.idempotency_key), OptText(spec.group_key), spec.due_at,
                     int64_t{std::max(1, spec.max_attempts)}, now, now}));
  if (rows.empty()) return std::optional<int64_t>{};
  return std::optional<int64_t>{rows.Int(0, 0)};
}

Result<int64_t> CancelGroup(Conn& c, const Clock& clock, std::string_view group_key) {
  const UtcMillis now = clock.Now();
  return c.Exec(
      "UPDATE jobs SET status = 'cancelled', updated_at = ?, finished_at = ? "
      "WHERE group_key = ? AND status = 'pending'",
      {now, now, group_key});
}

struct Queue::State {
  QueueOptions options;
  std::unordered_map<std::string, Handler> handlers;
  std::mutex mu;
  std::condition_variable cv;
  bool stop = false;   // GUARDED_BY(mu)
  bool woken = false;  // GUARDED_BY(mu)
  std::vector<std::thread> threads;
};

namespace {

// The fence: the job is still ours (same owner, same attempt, still running).
constexpr const char* kFence =
    " WHERE id = ? AND status = 'running' AND lease_owner = ? AND attempts = ?";

class Run final : public JobRun {
 public:
  Run(storage::Db& db, const Clock& clock, const std::string& owner, Job job)
      : db_(db), clock_(clock), owner_(owner), job_(std::move(job)) {}

  const Job& job() const override { return job_; }
  UtcMillis now() const override { return clock_.Now(); }

  Status Complete(const std::function<Status(Conn&)>& fn) override {
    Status s = db_.WriteTx([&](Conn& c) -> Status {
      const UtcMillis t = clock_.Now();
      PEONY_TRY(auto n,
                c.Exec(std::string("UPDATE jobs SET status = 'done', finished_at = ?, "
                                   "updated_at = ?, lease_until = NULL, last_error = NULL") +
                           kFence,
                       {t, t, job_.id, owner_, int64_t{job_.attempts}}));
      if (n != 1) return errors::LeaseLost();
      return fn(c);
    });
    if (s.ok()) settled_ = true;
    return s;
  }

  Status Defer(UtcMillis due_at, std::string_view reason) override {
    PEONY_CHECK(db_.WriteTx([&](Conn& c) -> Status {
      PEONY_TRY(auto n, c.Exec(std::string("UPDATE jobs SET status = 'pending', due_at = ?, "
                                           "attempts = attempts - 1, lease_owner = NULL, "
                                           "lease_until = NULL, last_error = ?, updated_at = ?") +
                                   kFence,
                               {due_at, std::string(reason), clock_.Now(), job_.id, owner_,
                                int64_t{job_.attempts}}));
      if (n != 1) return errors::LeaseLost();
      return Ok();
    }));
    settled_ = true;
    deferred_ = true;
    return Ok();
  }

  Status GiveUp(const Error& error) override {
    PEONY_CHECK(Finish("dead", clock_.Now(), Describe(error)));
    settled_ = true;
    dead_ = true;
    return Ok();
  }

  // After a failed attempt: back to pending with backoff, or dead after the last attempt.
  Status Fail(const Error& error) {
    const bool last = job_.attempts >= job_.max_attempts;
    dead_ = last;
    return Finish(last ? "dead" : "pending", clock_.Now() + BackoffMs(job_.attempts),
                  Describe(error));
  }

  bool settled() const { return settled_; }
  bool deferred() const { return deferred_; }
  bool dead() const { return dead_; }

 private:
  Status Finish(const char* status, UtcMillis due_at, const std::string& error) {
    return db_.WriteTx([&](Conn& c) -> Status {
      const UtcMillis t = clock_.Now();
      const bool dead = std::string_view(status) == "dead";
      PEONY_TRY(auto n,
                c.Exec(std::string("UPDATE jobs SET status = ?, due_at = ?, "
                                   "last_error = ?, lease_owner = NULL, "
                                   "lease_until = NULL, updated_at = ?, finished_at = ?") +
                           kFence,
                       {status, dead ? job_.due_at : due_at, error, t, dead ? Value{t} : Value{},
                        job_.id, owner_, int64_t{job_.attempts}}));
      if (n != 1) return errors::LeaseLost();
      return Ok();
    });
  }

  storage::Db& db_;
  const Clock& clock_;
  const std::string& owner_;
  Job job_;
  bool settled_ = false, deferred_ = false, dead_ = false;
};

Job JobFromRow(const storage::Rows& r, size_t i) {
  Job j;
  j.id = r.Int(i, 0);
  j.org_id = r.OptInt(i, 1);
  j.kind = r.Text(i, 2);
  boost::system::error_code ec;
  auto payload = boost::json::parse(r.Text(i, 3), ec);
  if (!ec && payload.is_object()) j.payload = std::move(payload.as_object());
  j.due_at = r.Int(i, 4);
  j.attempts = static_cast<int>(r.Int(i, 5));
  j.max_attempts = static_cast<int>(r.Int(i, 6));
  j.idempotency_key = r.Text(i, 7);
  j.group_key = r.Text(i, 8);
  return j;
}

}  // namespace

Queue::Queue(storage::Db& db, const Clock& clock, QueueOptions options)
    : db_(db), clock_(clock), state_(std::make_unique<State>()) {
  if (options.owner.empty()) options.owner = DefaultOwner();
  options.batch = std::max(1, options.batch);
  state_->options = std::move(options);
}

Queue::~Queue() { Stop(); }

void Queue::Register(std::string kind, Handler handler) {
  state_->handlers[std::move(kind)] = std::move(handler);
}

namespace {

// Jobs whose lease ran out (their runner died): back to pending, or dead when that was the last
// attempt. Then leases up to `batch` due jobs.
Result<std::vector<Job>> Lease(storage::Db& db, const Clock& clock, const QueueOptions& o) {
  return db.Write([&](Conn& c) -> Result<std::vector<Job>> {
    const UtcMillis now = clock.Now();
    PEONY_CHECK(c.Exec(
        "UPDATE jobs SET status = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'pending' "
        "END, lease_owner = NULL, lease_until = NULL, last_error = 'lease expired', "
        "updated_at = ? WHERE status = 'running' AND lease_until <= ?",
        {now, now}));
    const bool pg = c.dialect() == storage::Dialect::kPostgres;
    const std::string sql =
        std::string(
            "UPDATE jobs SET status = 'running', lease_owner = ?, lease_until = ?, "
            "attempts = attempts + 1, updated_at = ? WHERE id IN (SELECT id FROM jobs "
            "WHERE status = 'pending' AND due_at <= ? ORDER BY due_at, id LIMIT ?") +
        (pg ? " FOR UPDATE SKIP LOCKED" : "") +
        ") RETURNING id, org_id, kind, payload, due_at, attempts, max_attempts, "
        "idempotency_key, group_key";
    PEONY_TRY(auto rows, c.Query(sql, {o.owner, now + o.lease_ms, now, now, int64_t{o.batch}}));
    std::vector<Job> out;
    out.reserve(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) out.push_back(JobFromRow(rows, i));
    std::sort(out.begin(), out.end(), [](const Job& a, const Job& b) {
      return a.due_at != b.due_at ? a.due_at < b.due_at : a.id < b.id;
    });
    return out;
  });
}

}  // namespace

Result<RunStats> Queue::RunDue(int64_t max) {
  RunStats stats;
  int64_t ran = 0;
  while (ran < max) {
    PEONY_TRY(auto batch, Lease(db_, clock_, state_->options));
    if (batch.empty()) break;
    for (Job& job : batch) {
      ++ran;
      Run run(db_, clock_, state_->options.owner, std::move(job));
      const Job& j = run.job();
      auto it = state_->handlers.find(j.kind);
      Status s = Ok();
      if (it == state_->handlers.end()) {
        s = run.GiveUp(errors::UnknownKind(j.kind));
      } else {
        try {
          s = it->second(run);
        } catch (const std::exception& ex) {
          s = InternalError(std::string("job handler threw: ") + ex.what());
        }
        if (s.ok() && !run.settled()) s = run.Complete([](Conn&) { return Ok(); });
      }
      if (s.ok()) {
        if (run.dead()) {
          ++stats.dead;
        } else if (run.deferred()) {
          ++stats.deferred;
        } else {
          ++stats.done;
        }
        continue;
      }
      if (s.error().code == "jobs.lease_lost") {
        log::Warn("jobs.lease_lost", {{"job", j.id}, {"kind", j.kind}});
        continue;
      }
      ++stats.failed;
      log::Warn(
          "jobs.attempt_failed",
          {{"job", j.id}, {"kind", j.kind}, {"attempt", j.attempts}, {"code", s.error().code}});
      if (Status f = run.Fail(s.error()); !f.ok()) {
        log::Warn("jobs.fail_not_recorded", {{"job", j.id}, {"code", f.error().code}});
      } else if (run.dead()) {
        ++stats.dead;
        log::Error("jobs.dead", {{"job", j.id}, {"kind", j.kind}, {"code", s.error().code}});
      }
    }
  }
  return stats;
}

void Queue::Start() {
  State& st = *state_;
  for (int i = 0; i < std::max(1, st.options.threads); ++i) {
    st.threads.emplace_back([this, &st] {
      std::unique_lock lock(st.mu);
      while (!st.stop) {
        st.woken = false;
        lock.unlock();
        auto r = RunDue(st.options.batch * 4);
        lock.lock();
        if (!r.ok()) {
          log::Warn("jobs.run_failed", {{"code", r.error().code}});
        } else if (r->done + r->failed + r->deferred + r->dead > 0) {
          continue;  // there may be more
        }
        st.cv.wait_for(lock, st.options.poll, [&st] { return st.stop || st.woken; });
      }
    });
  }
}

void Queue::Stop() {
  State& st = *state_;
  {
    std::lock_guard lock(st.mu);
    st.stop = true;
  }
  st.cv.notify_all();
  for (auto& t : st.threads) t.join();
  st.threads.clear();
}

void Queue::Wake() {
  {
    std::lock_guard lock(state_->mu);
    state_->woken = true;
  }
  state_->cv.notify_all();
}

Result<QueueStats> Queue::Stats() {
  return db_.Read([&](Conn& c) -> Result<QueueStats> {
    PEONY_TRY(auto rows, c.Query("SELECT status, COUNT(*) FROM jobs WHERE status IN "
                                 "('pending', 'running', 'dead') GROUP BY status"));
    QueueStats s;
    for (size_t i = 0; i < rows.size(); ++i) {
      const std::string st = rows.Text(i, 0);
      (st == "pending" ? s.pending : st == "running" ? s.running : s.dead) = rows.Int(i, 1);
    }
    return s;
  });
}

}  // namespace peony::jobs
