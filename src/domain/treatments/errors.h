// Error codes of the treatments module (treatment.*, follow_up.*, and customer.not_found for the
// routes that read a customer's treatments). Codes are stable. A card deduction refused inside a
// treatment answers the cards module's codes (domain/cards/errors.h: card.insufficient_sessions,
// card.frozen, card.expired, card.wrong_customer, card.service_not_on_card, … 409, card.not_found
// 404).
//
//   treatment.invalid             422  the request is malformed: details.fields {name: reason}
//   treatment.signature_required  422  a card is deducted without the customer's signature
//   customer.not_found            404  no such customer, or one outside the caller's data scope
//   follow_up.invalid             422  the request is malformed: details.fields {name: reason}
//   follow_up.not_found           404  no such follow-up, or someone else's the caller may not
//                                      manage
//   follow_up.already_done        409  the follow-up was completed as done before
#pragma once

#include <boost/json/object.hpp>
#include <string_view>

#include "common/result.h"

namespace peony::domain::treatments::errors {

inline Error Invalid(boost::json::object fields) {
  return MakeError(ErrorKind::kInvalidArgument, "treatment.invalid",
                   "治疗记录有误，请检查标出的字段",
                   "The treatment is invalid; see the fields named")
      .WithDetails(boost::json::object{{"fields", std::move(fields)}})
      .WithStatus(422);
}
inline Error Invalid(std::string_view field, std::string_view reason) {
  return Invalid(boost::json::object{{field, reason}});
}
inline Error SignatureRequired() {
  return MakeError(ErrorKind::kInvalidArgument, "treatment.signature_required",
                   "扣卡需要客户签名确认", "Deducting from a card needs the customer's signature")
      .WithDetails(boost::json::object{
          {"fields", boost::json::object{{"signature", "required when a card is deducted"}}}})
      .WithStatus(422);
}
inline Error CustomerNotFound() {
  return MakeError(ErrorKind::kNotFound, "customer.not_found", "客户不存在", "No such customer");
}
inline Error FollowUpInvalid(boost::json::object fields) {
  return MakeError(ErrorKind::kInvalidArgument, "follow_up.invalid",
                   "回访记录有误，请检查标出的字段",
                   "The follow-up is invalid; see the fields named")
      .WithDetails(boost::json::object{{"fields", std::move(fields)}})
      .WithStatus(422);
}
inline Error FollowUpNotFound() {
  return MakeError(ErrorKind::kNotFound, "follow_up.not_found", "回访记录不存在",
                   "No such follow-up");
}
inline Error FollowUpAlreadyDone() {
  return MakeError(ErrorKind::kFailedPrecondition, "follow_up.already_done", "该回访已完成",
                   "The follow-up was already completed");
}

}  // namespace peony::domain::treatments::errors
