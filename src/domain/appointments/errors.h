// Error codes of the appointments module (appointment.*). Codes are stable.
//
//   appointment.invalid              422  the request is malformed: details.fields {name: reason}
//                                         (bad dates or times, to before from, a range over 31
//                                         days, an unknown status, a bad roster…)
//   appointment.unknown_service      422  a service id names no service (details.fields)
//   appointment.unknown_practitioner 422  no such staff record, or one that is not active
//   appointment.practitioner_unqualified 422  the practitioner lacks the service's skill
//   appointment.in_past              422  the start lies before now
//   appointment.not_found            404  no such appointment, or one the caller may not see
//   appointment.customer_not_found   404  no such customer, or one the caller may not see
//   appointment.branch_not_found     404  no such branch, or one outside the caller's scope
//   appointment.unavailable          409  the time is outside opening hours or the roster, the
//                                         practitioner is on leave, or the branch has no room or
//                                         equipment the service needs (details.reason)
//   appointment.slot_taken           409  a practitioner, room or piece of equipment the booking
//                                         needs is booked at that time
//   appointment.bad_transition       409  the status cannot change that way (details.from, to)
#pragma once

#include <boost/json/object.hpp>
#include <string_view>

#include "common/result.h"

namespace peony::domain::appointments::errors {

inline Error Invalid(boost::json::object fields) {
  return MakeError(ErrorKind::kInvalidArgument, "appointment.invalid",
                   "预约请求有误，请检查标出的字段",
                   "The appointment request is invalid; see the "
                   "fields named")
      .WithDetails(boost::json::object{{"fields", std::move(fields)}})
      .WithStatus(422);
}
inline Error Invalid(std::string_view field, std::string_view reason) {
  return Invalid(boost::json::object{{field, reason}});
}
inline Error UnknownService(std::string_view field) {
  return MakeError(ErrorKind::kInvalidArgument, "appointment.unknown_service", "服务项目不存在",
                   "No such service")
      .WithDetails(boost::json::object{{"fields", boost::json::object{{field, "no such service"}}}})
      .WithStatus(422);
}
inline Error UnknownPractitioner() {
  return MakeError(ErrorKind::kInvalidArgument, "appointment.unknown_practitioner",
                   "操作人员不存在或已停用", "No such practitioner, or not active")
      .WithDetails(boost::json::object{
          {"fields", boost::json::object{{"practitioner_id", "no such practitioner"}}}})
      .WithStatus(422);
}
inline Error PractitionerUnqualified(std::string_view skill) {
  return MakeError(ErrorKind::kInvalidArgument, "appointment.practitioner_unqualified",
                   "该操作人员不具备此项目所需的技能",
                   "The practitioner lacks the skill the service needs")
      .WithDetails(boost::json::object{{"skill", skill}})
      .WithStatus(422);
}
inline Error InPast() {
  return MakeError(ErrorKind::kInvalidArgument, "appointment.in_past", "不能预约过去的时间",
                   "The time has passed")
      .WithStatus(422);
}
inline Error NotFound() {
  return MakeError(ErrorKind::kNotFound, "appointment.not_found", "预约不存在",
                   "No such appointment");
}
inline Error CustomerNotFound() {
  return MakeError(ErrorKind::kNotFound, "appointment.customer_not_found", "客户不存在",
                   "No such customer");
}
inline Error BranchNotFound() {
  return MakeError(ErrorKind::kNotFound, "appointment.branch_not_found", "门店不存在",
                   "No such branch");
}
// reason: closed | not_on_roster | on_leave | no_room | no_equipment | no_practitioner
inline Error Unavailable(std::string_view reason) {
  return MakeError(ErrorKind::kFailedPrecondition, "appointment.unavailable",
                   "该时间不可预约（未营业、不在排班内、请假或缺少房间/设备）",
                   "That time cannot be booked (closed, off the roster, on leave, or no room or "
                   "equipment)")
      .WithDetails(boost::json::object{{"reason", reason}});
}
inline Error SlotTaken() {
  return MakeError(ErrorKind::kConflict, "appointment.slot_taken", "该时段已被预约",
                   "That time is already booked");
}
inline Error BadTransition(std::string_view from, std::string_view to) {
  return MakeError(ErrorKind::kFailedPrecondition, "appointment.bad_transition",
                   "预约当前状态不允许此操作", "The appointment's status does not allow this")
      .WithDetails(boost::json::object{{"from", from}, {"to", to}});
}

}  // namespace peony::domain::appointments::errors
