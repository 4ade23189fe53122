// Error codes of the demo clinic generator (demo.*). Codes are stable.
//
//   demo.already_filled   409  the organisation already has customers: the demo is added once
//   demo.no_branch        409  the organisation has no branch (Bootstrap creates them)
//   demo.invalid_options  422  customers outside 1-10000 or months outside 1-60
#pragma once

#include "common/result.h"

namespace peony::domain::demo::errors {

inline Error AlreadyFilled() {
  return MakeError(ErrorKind::kFailedPrecondition, "demo.already_filled",
                   "机构已有客户数据，不能再生成演示数据",
                   "The organisation already has customers; the demo data is added only once")
      .WithStatus(409);
}
inline Error NoBranch() {
  return MakeError(ErrorKind::kFailedPrecondition, "demo.no_branch", "机构还没有门店",
                   "The organisation has no branch yet")
      .WithStatus(409);
}

inline Error InvalidOptions() {
  return MakeError(ErrorKind::kInvalidArgument, "demo.invalid_options",
                   "演示数据的客户数应为 1-10000，月数应为 1-60",
                   "The demo needs 1-10000 customers over 1-60 months")
      .WithStatus(422);
}

}  // namespace peony::domain::demo::errors
