// The durable job queue (platform/jobs): work to be done at a time, kept in the database so that
// it survives restarts and runs once.
//
// A job has a kind (the handler that runs it), a JSON payload, a due time, an optional
// idempotency key (a second Enqueue with the same key does nothing, even after the first job
// finished) and an optional group key (so a set of pending jobs can be cancelled together, e.g. a
// record's date reminders when its date changes).
//
// Runners lease due jobs for a while (lease_until); PostgreSQL runners lease with
// FOR UPDATE SKIP LOCKED, so several `peony serve` processes share one queue; on SQLite one
// process runs jobs. A handler's database effects commit in one transaction with the job's
// completion, fenced by the lease: if the runner was too slow and another one took the job over,
// the late commit is refused and rolled back (jobs.lease_lost). So a crash or kill -9 in the middle
// of a job means it runs again after its lease expires, and its effects happen once. Effects
// outside the database (a provider's HTTP API) happen at least once; their handlers pass the
// message id to the provider where the provider de-duplicates.
//
// A failed attempt is retried with exponential backoff (30 s, 1 min, 2 min, … capped at 1 h);
// after max_attempts the job is dead-lettered ("dead") with the last error.
//
//   jobs::JobSpec spec{.kind = "rule.fire", .org_id = org, .payload = {{"rule_id", 7}},
//                      .due_at = when, .idempotency_key = "rule:7:rec:42:at:2027-11-22"};
//   PEONY_TRY(auto id, jobs::Enqueue(conn, clock, spec));   // in the caller's transaction
//
//   queue.Register("rule.fire", [&](jobs::JobRun& run) -> Status {
//     return run.Complete([&](storage::Conn& c) -> Status { /* effects */ return Ok(); });
//   });
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "storage/db.h"

namespace peony::jobs {

struct JobSpec {
  std::string kind;
  std::optional<int64_t> org_id;
  boost::json::object payload;
  UtcMillis due_at = 0;
  std::string idempotency_key;  // empty: none
  std::string group_key;        // empty: none
  int max_attempts = 8;
};

struct Job {
  int64_t id = 0;
  std::optional<int64_t> org_id;
  std::string kind;
  boost::json::object payload;
  UtcMillis due_at = 0;
  int attempts = 0;  // including the current one
  int max_attempts = 8;
  std::string idempotency_key, group_key;
};

// In the caller's transaction: adds a job. Returns its id, or nullopt when a job with the same
// idempotency key exists — unless that one was cancelled, which is planned again with this spec's
// due time and payload. Errors: db.*.
Result<std::optional<int64_t>> Enqueue(storage::Conn& c, const Clock& clock, const JobSpec& spec);
// In the caller's transaction: cancels the pending jobs of a group; returns how many.
Result<int64_t> CancelGroup(storage::Conn& c, const Clock& clock, std::string_view group_key);

// One attempt at one job, handed to its handler.
class JobRun {
 public:
  virtual ~JobRun() = default;
  virtual const Job& job() const = 0;
  virtual UtcMillis now() const = 0;
  // Runs fn in one transaction with the job's completion. If the lease was lost, rolls back and
  // returns jobs.lease_lost. An error from fn rolls back and is returned (the handler returns it,
  // and the attempt counts as failed).
  virtual Status Complete(const std::function<Status(storage::Conn&)>& fn) = 0;
  // Puts the job back at `due_at` without counting this attempt (rate limits, quiet hours).
  virtual Status Defer(UtcMillis due_at, std::string_view reason) = 0;
  // Dead-letters the job now with `error` (a failure no retry can mend: a missing channel, a
  // rule that no longer exists).
  virtual Status GiveUp(const Error& error) = 0;
};

// A handler returns Ok after Complete/Defer/GiveUp (or Ok alone: the job completes with no
// effects), or an error: the attempt failed and is retried with backoff.
using Handler = std::function<Status(JobRun&)>;

struct QueueOptions {
  std::string owner;                 // this process's name in leases (default host:pid)
  int64_t lease_ms = 5 * 60 * 1000;  // how long a runner holds a job before others may take it
  int batch = 32;                    // jobs leased at once
  int threads = 2;                   // background runner threads (Start)
  std::chrono::milliseconds poll{1000};
};

struct RunStats {
  int64_t done = 0, failed = 0, deferred = 0, dead = 0;
};

struct QueueStats {
  int64_t pending = 0, running = 0, dead = 0;
};

class Queue {
 public:
  Queue(storage::Db& db, const Clock& clock, QueueOptions options = {});
  ~Queue();  // stops the runner threads

  // Registers the handler of a kind; before Start/RunDue. A job of an unknown kind is
  // dead-lettered with jobs.unknown_kind.
  void Register(std::string kind, Handler handler);

  // Leases and runs every job due by the clock's now, including those the runs add, until none
  // is left (or `max` have run). Used by `peony jobs run-due`, by tests and by the runner threads.
  Result<RunStats> RunDue(int64_t max = INT64_MAX);

  // Runs due jobs on background threads, polling every options.poll and when woken.
  void Start();
  void Stop();
  void Wake();

  Result<QueueStats> Stats();
  const Clock& clock() const { return clock_; }
  storage::Db& db() { return db_; }

 private:
  struct State;
  storage::Db& db_;
  const Clock& clock_;
  std::unique_ptr<State> state_;
};

}  // namespace peony::jobs
