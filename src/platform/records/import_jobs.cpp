#include "platform/records/import_jobs.h"

#include <thread>

#include "common/log.h"
#include "platform/records/import_errors.h"
#include "platform/records/import_plan.h"

namespace peony::records {

struct ImportJobs::Job {
  std::string id, entity;
  access::Principal principal;
  std::string ip;
  std::shared_ptr<ImportPlan> plan;
  ImportProgress progress;
  bool finished = false;      // GUARDED_BY(mu_)
  boost::json::object body;   // GUARDED_BY(mu_): the final body once finished
  UtcMillis finished_at = 0;  // GUARDED_BY(mu_)
  std::thread thread;
};

ImportJobs::ImportJobs(Records& records, const Clock& clock, ImportJobsOptions options)
    : records_(records), clock_(clock), options_(options) {}

ImportJobs::~ImportJobs() {
  cancel_ = true;
  // No caller remains: the map is stable, and a finishing thread only takes mu_ briefly.
  for (auto& [_, job] : jobs_) {
    if (job->thread.joinable()) job->thread.join();
  }
}

boost::json::object ImportJobs::RunningBody(const Job& job) {
  ImportReport skeleton;
  skeleton.id = job.id;
  skeleton.dry_run = job.plan->options.dry_run;
  skeleton.total_rows = job.plan->total_rows;
  skeleton.columns = job.plan->columns;
  return skeleton.ToJson("running", job.progress.done.load());
}

void ImportJobs::Run(Job& job) {
  auto result = records_.RunImport(Caller{job.principal, job.ip}, *job.plan, &job.progress);
  boost::json::object body;
  if (result.ok()) {
    body = result->ToJson("done", result->total_rows);
  } else {
    const Error& e = result.error();
    const auto* details = e.details.if_object();
    if (e.code == "import.has_errors" && details && details->contains("report")) {
      body = details->at("report").as_object();
    } else {
      body = RunningBody(job);
      log::Warn("import.job_failed", {{"job", job.id}, {"code", e.code}});
    }
    body["status"] = "failed";
    body["error"] =
        boost::json::object{{"code", e.code}, {"message", e.Message(job.plan->options.english)}};
  }
  {
    std::lock_guard lock(mu_);
    job.body = std::move(body);
    job.finished = true;
    job.finished_at = clock_.Now();
    job.plan->file.clear();  // the upload's memory goes back now, not after keep_ms
    job.plan->file.shrink_to_fit();
    --running_;
  }
  idle_.notify_all();
}

void ImportJobs::Reap() {
  const UtcMillis now = clock_.Now();
  for (auto it = jobs_.begin(); it != jobs_.end();) {
    Job& job = *it->second;
    if (job.finished && now - job.finished_at >= options_.keep_ms) {
      // The thread set `finished` as its last step under mu_; it is exiting, so this is short.
      if (job.thread.joinable()) job.thread.join();
      it = jobs_.erase(it);
    } else {
      ++it;
    }
  }
}

Result<boost::json::object> ImportJobs::Start(const access::Principal& who, std::string ip,
                                              std::shared_ptr<ImportPlan> plan) {
  std::lock_guard lock(mu_);
  Reap();
  if (running_ >= options_.max_running) return errors::ImportBusy();
  auto job = std::make_unique<Job>();
  job->id = plan->id;
  job->entity = plan->entity;
  job->principal = who;
  job->ip = std::move(ip);
  plan->options.cancel = &cancel_;
  job->plan = std::move(plan);
  job->progress.total = job->plan->total_rows;
  Job& ref = *job;
  boost::json::object body = RunningBody(ref);
  jobs_.emplace(ref.id, std::move(job));
  ++running_;
  ref.thread = std::thread([this, &ref] { Run(ref); });
  return body;
}

Result<boost::json::object> ImportJobs::Get(const access::Principal& who, const std::string& entity,
                                            const std::string& id) {
  std::lock_guard lock(mu_);
  Reap();
  const auto it = jobs_.find(id);
  if (it == jobs_.end()) return errors::ImportJobNotFound();
  const Job& job = *it->second;
  if (job.principal.org_id != who.org_id || job.principal.user_id != who.user_id ||
      job.entity != entity) {
    return errors::ImportJobNotFound();
  }
  if (job.finished) return job.body;
  return RunningBody(job);
}

bool ImportJobs::WaitIdle(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return idle_.wait_for(lock, timeout, [this] { return running_ == 0; });
}

}  // namespace peony::records
