// Error codes of the records engine (record.*). Codes are stable.
//
//   record.not_found         404  no such record (or outside the caller's data scope)
//   record.unknown_field     422  the body names a field the entity does not have (details.field)
//   record.invalid_value     422  a value is invalid for its field type (details.field, reason)
//   record.required          422  required fields are missing (details.fields)
//   record.duplicate         409  a unique field's value is taken (details.field)
//   record.version_conflict  409  the record changed since it was read (details.version: current)
//   record.read_only         422  the field is computed, read-only for the caller, or managed by
//                                 a domain module (Records::Manage)
//   record.managed           409  records of the entity are created and deleted only by their
//                                 domain module (details.entity)
//   record.bad_filter        422  the filter tree is malformed, too deep, or uses an unknown field
//                                 or an operator the field's type lacks (details.reason)
//   record.bad_sort          422  sorting by a field that cannot be sorted
//   record.bad_cursor        422  a cursor this list did not return
//   record.bulk_too_large    422  a bulk change selects more than 10,000 records (details.max)
//   record.forbidden         403  the caller lacks data.<entity>.<action>
#pragma once

#include <string>

#include "common/result.h"

namespace peony::records::errors {

inline Error NotFound() {
  return MakeError(ErrorKind::kNotFound, "record.not_found", "记录不存在或无权查看",
                   "No such record, or you may not see it");
}
inline Error UnknownField(const std::string& field) {
  return MakeError(ErrorKind::kInvalidArgument, "record.unknown_field", "没有这个字段：" + field,
                   "No such field: " + field)
      .WithDetails(boost::json::object{{"field", field},
                                       {"fields", boost::json::object{{field, "unknown field"}}}})
      .WithStatus(422);
}
inline Error Required(boost::json::object fields) {
  return MakeError(ErrorKind::kInvalidArgument, "record.required", "请填写必填字段",
                   "Required fields are missing")
      .WithDetails(boost::json::object{{"fields", std::move(fields)}})
      .WithStatus(422);
}
inline Error Duplicate(const std::string& field) {
  return MakeError(ErrorKind::kConflict, "record.duplicate", "该值已存在，不能重复",
                   "This value already exists and must be unique")
      .WithDetails(boost::json::object{{"field", field},
                                       {"fields", boost::json::object{{field, "duplicate"}}}});
}
inline Error VersionConflict(int64_t current) {
  return MakeError(ErrorKind::kConflict, "record.version_conflict",
                   "记录已被他人修改，请刷新后重试",
                   "Someone else changed this record; reload and try again")
      .WithDetails(boost::json::object{{"version", current}});
}
inline Error ReadOnly(const std::string& field) {
  return MakeError(ErrorKind::kInvalidArgument, "record.read_only", "该字段不能修改：" + field,
                   "This field cannot be changed: " + field)
      .WithDetails(boost::json::object{{"field", field},
                                       {"fields", boost::json::object{{field, "read only"}}}})
      .WithStatus(422);
}
inline Error Managed(const std::string& entity) {
  return MakeError(ErrorKind::kFailedPrecondition, "record.managed",
                   "这类记录由业务功能维护（如预约），请在对应功能中新建或删除",
                   "Records of this entity are created and deleted through their own feature "
                   "(such as appointments), not the records API")
      .WithDetails(boost::json::object{{"entity", entity}});
}
inline Error BadFilter(const std::string& reason_zh, const std::string& reason_en) {
  return MakeError(ErrorKind::kInvalidArgument, "record.bad_filter", "筛选条件有误：" + reason_zh,
                   "Invalid filter: " + reason_en)
      .WithDetails(boost::json::object{{"reason", reason_en}})
      .WithStatus(422);
}
inline Error BadSort(const std::string& field) {
  return MakeError(ErrorKind::kInvalidArgument, "record.bad_sort", "不能按该字段排序：" + field,
                   "Cannot sort by: " + field)
      .WithDetails(boost::json::object{{"field", field}})
      .WithStatus(422);
}
inline Error BadCursor() {
  return MakeError(ErrorKind::kInvalidArgument, "record.bad_cursor", "分页参数无效",
                   "This cursor was not returned by this list")
      .WithStatus(422);
}
inline Error BulkTooLarge(int64_t max) {
  return MakeError(ErrorKind::kInvalidArgument, "record.bulk_too_large",
                   "一次最多批量处理 " + std::to_string(max) + " 条记录，请缩小范围",
                   "At most " + std::to_string(max) + " records per bulk change; narrow it down")
      .WithDetails(boost::json::object{{"max", max}})
      .WithStatus(422);
}
inline Error Forbidden(const std::string& permission) {
  return MakeError(ErrorKind::kPermissionDenied, "record.forbidden", "没有权限执行此操作",
                   "You do not have permission to do this")
      .WithDetails(boost::json::object{{"permission", permission}});
}

}  // namespace peony::records::errors
