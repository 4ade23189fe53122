// Error codes of the job queue (jobs.*). Codes are stable.
//
//   jobs.lease_lost     the job's lease passed to another runner before this one finished; its
//                       effects were rolled back (the other runner does the work)
//   jobs.unknown_kind   no handler is registered for the job's kind (dead-lettered)
//   jobs.not_found 404  no such job
//   jobs.not_dead  409  only dead-lettered jobs can be retried by hand
#pragma once

#include <string_view>

#include "common/result.h"

namespace peony::jobs::errors {

inline Error LeaseLost() {
  return MakeError(ErrorKind::kConflict, "jobs.lease_lost", "后台任务已由其他进程接手",
                   "The job was taken over by another runner");
}
inline Error UnknownKind(std::string_view kind) {
  return MakeError(ErrorKind::kInternal, "jobs.unknown_kind", "未知的后台任务类型",
                   "No handler for this kind of job")
      .WithDetails(boost::json::object{{"kind", kind}});
}
inline Error NotFound() {
  return MakeError(ErrorKind::kNotFound, "jobs.not_found", "后台任务不存在", "No such job");
}
inline Error NotDead() {
  return MakeError(ErrorKind::kFailedPrecondition, "jobs.not_dead", "只有失败终止的任务可以重试",
                   "Only dead-lettered jobs can be retried");
}

}  // namespace peony::jobs::errors
