#include "common/result.h"

#include "common/log.h"

namespace peony {

Error InternalError(std::string internal_detail) {
  log::Error("internal_error", {{"detail", boost::json::value(internal_detail)}});
  return MakeError(ErrorKind::kInternal, "internal", "服务器内部错误，请稍后重试",
                   "Internal server error, please try again later");
}

}  // namespace peony
