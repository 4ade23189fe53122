// Imports that run in the background (POST …/import?async=true): a small in-memory registry of
// jobs, each on a worker thread of its own, polled by the user who started it.
//
// Bounded: at most `max_running` jobs run at once (more → import.busy); a finished job is kept
// `keep_ms` (1 hour) and then forgotten. Jobs live in this process only: a restart forgets them
// and rolls back the ones running (an import is one transaction, so nothing half-written stays).
//
//   PEONY_TRY(auto plan, records.PrepareImport(who, entity, std::move(body), options));
//   PEONY_TRY(boost::json::object job, jobs.Start(principal, ip, std::move(plan)));  // running
//   PEONY_TRY(boost::json::object now, jobs.Get(principal, entity, job_id));
//
// Thread-safe.
#pragma once

#include <atomic>
#include <boost/json/object.hpp>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "common/clock.h"
#include "common/result.h"
#include "platform/access/principal.h"
#include "platform/records/records.h"

namespace peony::records {

struct ImportJobsOptions {
  int max_running = 2;
  int64_t keep_ms = 3600 * 1000;  // how long a finished job stays visible
};

class ImportJobs {
 public:
  // `records` and `clock` must outlive this.
  ImportJobs(Records& records, const Clock& clock, ImportJobsOptions options = {});
  // Cancels running jobs (their transactions roll back) and waits for their threads.
  ~ImportJobs();
  ImportJobs(const ImportJobs&) = delete;
  ImportJobs& operator=(const ImportJobs&) = delete;

  // Runs the write pass of a prepared import on a thread of its own. Returns the job's body
  // (ImportReport::ToJson with status "running" and no counts yet). Error: import.busy (503).
  Result<boost::json::object> Start(const access::Principal& who, std::string ip,
                                    std::shared_ptr<ImportPlan> plan);

  // The body of job `id` of `entity`: status "running" with progress, "done" with the report, or
  // "failed" with the report (when rows failed) and {"error":{"code","message"}}. Only the user who
  // started it sees it. Error: import.job_not_found (404).
  Result<boost::json::object> Get(const access::Principal& who, const std::string& entity,
                                  const std::string& id);

  // Waits until no job is running; false when `timeout` passed first (tests).
  bool WaitIdle(std::chrono::milliseconds timeout);

 private:
  struct Job;
  void Run(Job& job);
  void Reap();  // REQUIRES: mu_ held. Forgets finished jobs older than keep_ms.
  static boost::json::object RunningBody(const Job& job);

  Records& records_;
  const Clock& clock_;
  const ImportJobsOptions options_;
  std::atomic<bool> cancel_{false};
  std::mutex mu_;
  std::condition_variable idle_;
  std::map<std::string, std::unique_ptr<Job>> jobs_;  // GUARDED_BY(mu_)
  int running_ = 0;                                   // GUARDED_BY(mu_)
};

}  // namespace peony::records
