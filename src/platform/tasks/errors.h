// Error codes of the to-do inbox and in-app notifications (task.*, notification.*). Codes are
// stable; clients branch on them.
//
//   task.invalid               422  a field or parameter is missing or invalid; details.field names
//                                   it, details.reason says why (and details.fields {field: why})
//   task.unknown_assignee      422  the assignee is not an active user of the organisation
//                                   (details.field: assignee_id or user_id)
//   task.not_found             404  no such task, or the caller may not see it (existence is never
//                                   revealed)
//   task.forbidden             403  the caller sees the task (or may create tasks) but may not do
//                                   this: act on a task they only created, assign to others without
//                                   tasks.manage, assign outside their tasks.manage scope
//   task.version_conflict      409  the "version" sent is not the task's current version
//   notification.invalid       422  a parameter of a notification list is invalid (details.field)
//   notification.not_found     404  no such notification of the caller
#pragma once

#include <string_view>

#include "common/result.h"

namespace peony::tasks::errors {

inline Error Invalid(std::string_view field, std::string_view reason) {
  return MakeError(ErrorKind::kInvalidArgument, "task.invalid", "待办内容无效，请检查标出的项",
                   "The task is invalid; check the highlighted field")
      .WithDetails(boost::json::object{
          {"field", field}, {"reason", reason}, {"fields", boost::json::object{{field, reason}}}})
      .WithStatus(422);
}
inline Error UnknownAssignee(std::string_view field) {
  return MakeError(ErrorKind::kInvalidArgument, "task.unknown_assignee",
                   "指派对象不是本机构的在职用户",
                   "The assignee is not an active user of this organisation")
      .WithDetails(boost::json::object{{"field", field},
                                       {"reason", "not an active user of the organisation"},
                                       {"fields", boost::json::object{{field, "unknown"}}}})
      .WithStatus(422);
}
inline Error NotFound() {
  return MakeError(ErrorKind::kNotFound, "task.not_found", "待办不存在或无权查看",
                   "No such task, or you may not see it");
}
inline Error Forbidden(std::string_view why) {
  return MakeError(ErrorKind::kPermissionDenied, "task.forbidden", "无权对该待办执行此操作",
                   "You may not do this with this task")
      .WithDetails(boost::json::object{{"reason", why}});
}
inline Error VersionConflict() {
  return MakeError(ErrorKind::kConflict, "task.version_conflict", "待办已被他人修改，请刷新后重试",
                   "Someone else changed this task; reload and try again");
}
inline Error NotificationInvalid(std::string_view field, std::string_view reason) {
  return MakeError(ErrorKind::kInvalidArgument, "notification.invalid", "参数无效",
                   "Invalid parameter")
      .WithDetails(boost::json::object{
          {"field", field}, {"reason", reason}, {"fields", boost::json::object{{field, reason}}}})
      .WithStatus(422);
}
inline Error NotificationNotFound() {
  return MakeError(ErrorKind::kNotFound, "notification.not_found", "消息不存在",
                   "No such notification");
}

}  // namespace peony::tasks::errors
