// Error codes of the customers module (customer.*, lead.*). Codes are stable.
//
//   customer.invalid            422  a malformed request: details.fields {name: reason}
//   customer.not_found          404  no such customer, or one outside the caller's data scope
//   customer.merge_self         422  merging a customer into herself
//   customer.invalid_settings   422  customer-value settings that make no sense: details.fields
//                                    {path: reason}, e.g. {"dormant_days": "must be above
//                                    active_days"}
//   lead.not_found              404  no such lead, or one outside the caller's data scope
//   lead.already_converted      409  the lead already names a live customer (details.customer_id)
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string_view>

#include "common/result.h"

namespace peony::domain::customers::errors {

inline Error Invalid(boost::json::object fields) {
  return MakeError(ErrorKind::kInvalidArgument, "customer.invalid", "请求有误，请检查标出的字段",
                   "The request is invalid; see the fields named")
      .WithDetails(boost::json::object{{"fields", std::move(fields)}})
      .WithStatus(422);
}
inline Error Invalid(std::string_view field, std::string_view reason) {
  return Invalid(boost::json::object{{field, reason}});
}
inline Error NotFound() {
  return MakeError(ErrorKind::kNotFound, "customer.not_found", "客户不存在", "No such customer");
}
inline Error MergeSelf() {
  return MakeError(ErrorKind::kInvalidArgument, "customer.merge_self", "不能将客户与其本人合并",
                   "A customer cannot be merged into herself")
      .WithDetails(boost::json::object{
          {"fields", boost::json::object{{"duplicate_id", "the same customer"}}}})
      .WithStatus(422);
}
inline Error InvalidSettings(boost::json::object fields) {
  return MakeError(ErrorKind::kInvalidArgument, "customer.invalid_settings",
                   "客户价值设置有误，请检查标出的项", "The customer-value settings are invalid")
      .WithDetails(boost::json::object{{"fields", std::move(fields)}})
      .WithStatus(422);
}
inline Error LeadNotFound() {
  return MakeError(ErrorKind::kNotFound, "lead.not_found", "线索不存在", "No such lead");
}
inline Error LeadAlreadyConverted(int64_t customer_id) {
  return MakeError(ErrorKind::kConflict, "lead.already_converted", "该线索已转为客户",
                   "The lead was already converted into a customer")
      .WithDetails(boost::json::object{{"customer_id", customer_id}});
}

}  // namespace peony::domain::customers::errors
