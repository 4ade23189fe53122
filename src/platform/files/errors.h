// Error codes of the blob store (file.*). Codes are stable.
//
//   file.empty      422  the upload has no bytes
//   file.bad_type   422  the content is not what the declared type says (a declared image that is
//                        not one), or a type the store cannot tell without a declaration
//   file.bad_name   422  the name is missing, longer than 255 characters, not UTF-8, or has
//                        control characters (path separators are stripped, not refused)
//   file.too_large  413  more than kMaxBlobBytes (details.max)
//   file.not_found  404  no such file, or the caller may not see it (existence is never revealed)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace peony::files::errors {

inline Error Empty() {
  return MakeError(ErrorKind::kInvalidArgument, "file.empty", "文件是空的", "The file is empty")
      .WithDetails(boost::json::object{{"fields", boost::json::object{{"body", "empty"}}}})
      .WithStatus(422);
}
inline Error BadType(std::string_view why) {
  return MakeError(ErrorKind::kInvalidArgument, "file.bad_type", "文件内容与类型不符或类型不受支持",
                   "The file's content does not match its type, or the type is not supported")
      .WithDetails(boost::json::object{{"reason", why},
                                       {"fields", boost::json::object{{"content_type", why}}}})
      .WithStatus(422);
}
inline Error BadName(std::string_view why) {
  return MakeError(ErrorKind::kInvalidArgument, "file.bad_name",
                   "文件名无效：应为 1 到 255 个字符，不含控制字符",
                   "Invalid file name: 1 to 255 characters without control characters")
      .WithDetails(
          boost::json::object{{"reason", why}, {"fields", boost::json::object{{"name", why}}}})
      .WithStatus(422);
}
inline Error TooLarge(int64_t max) {
  return MakeError(ErrorKind::kTooLarge, "file.too_large",
                   "文件太大，最大 " + std::to_string(max >> 20) + " MB",
                   "The file is too large; at most " + std::to_string(max >> 20) + " MiB")
      .WithDetails(boost::json::object{{"max", max}});
}
inline Error NotFound() {
  return MakeError(ErrorKind::kNotFound, "file.not_found", "文件不存在或无权查看",
                   "No such file, or you may not see it");
}

}  // namespace peony::files::errors
