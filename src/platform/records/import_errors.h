// Error codes of imports (import.*); listed with their meaning in records/import.h. Stable.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>

#include "common/result.h"

namespace peony::records::errors {

// `reason` is the reader's error (its code and details are kept for support).
inline Error ImportBadFile(const Error& reason) {
  boost::json::object d{{"reason", reason.code}};
  if (reason.details.is_object()) d["reader"] = reason.details;
  return MakeError(
             ErrorKind::kInvalidArgument, "import.bad_file",
             "无法读取文件：请上传有效的 .xlsx 或 .csv 文件（" + reason.message_zh + "）",
             "Cannot read the file: upload a valid .xlsx or .csv file (" + reason.message_en + ")")
      .WithDetails(std::move(d))
      .WithStatus(422);
}
inline Error ImportNoRows() {
  return MakeError(ErrorKind::kInvalidArgument, "import.no_rows", "文件中没有可导入的数据行",
                   "The file has no data rows to import")
      .WithStatus(422);
}
// `problems`: [{"header","field","reason"}].
inline Error ImportBadMapping(boost::json::array problems) {
  return MakeError(ErrorKind::kInvalidArgument, "import.bad_mapping",
                   "列与字段的对应关系有误，请检查后重试", "The column-to-field mapping is invalid")
      .WithDetails(boost::json::object{{"problems", std::move(problems)}})
      .WithStatus(422);
}
inline Error ImportBadKey(const std::string& key, const std::string& reason) {
  return MakeError(ErrorKind::kInvalidArgument, "import.bad_key",
                   "查重字段无效：必须是已对应到某一列的唯一或加密字段",
                   "Invalid duplicate key: it must be a unique or sensitive field mapped to a "
                   "column")
      .WithDetails(boost::json::object{{"key", key}, {"reason", reason}})
      .WithStatus(422);
}
inline Error ImportHasErrors(boost::json::object report) {
  return MakeError(ErrorKind::kInvalidArgument, "import.has_errors",
                   "文件中有错误的行，未导入任何数据；请修正后重新导入",
                   "Some rows have errors; nothing was imported. Fix them and import again")
      .WithDetails(boost::json::object{{"report", std::move(report)}})
      .WithStatus(422);
}
inline Error ImportBusy() {
  return MakeError(ErrorKind::kUnavailable, "import.busy", "正在进行的导入过多，请稍后再试",
                   "Too many imports are running; try again shortly");
}
inline Error ImportJobNotFound() {
  return MakeError(ErrorKind::kNotFound, "import.job_not_found", "导入任务不存在或已过期",
                   "No such import job, or it has expired");
}
inline Error ImportCancelled() {
  return MakeError(ErrorKind::kUnavailable, "import.cancelled", "服务器正在停止，导入已取消",
                   "The server is stopping; the import was cancelled and nothing was written");
}
// A row's key matches an earlier row of the same file (duplicates=fail).
inline Error ImportDuplicateRow(int64_t first_row) {
  return MakeError(ErrorKind::kConflict, "import.duplicate_row",
                   "与第 " + std::to_string(first_row) + " 行重复",
                   "Duplicates row " + std::to_string(first_row));
}
// A sensitive key matches more than one record: which one to update cannot be told.
inline Error ImportAmbiguousKey() {
  return MakeError(ErrorKind::kConflict, "import.ambiguous_key", "该值对应多条已有记录，无法确定",
                   "This value matches several existing records");
}

}  // namespace peony::records::errors
