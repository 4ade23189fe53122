// Error codes of the cards module (card.*, idempotency.*). Codes are stable.
//
//   card.invalid                 422  the request is malformed: details.fields {name: reason}
//   card.unknown_service         422  an item names no service of the organisation (details.fields)
//   card.not_found               404  no such card, or one outside the caller's data scope
//   card.customer_not_found      404  no such customer, or one outside the caller's data scope
//   card.insufficient_sessions   409  fewer sessions left than asked (details.left)
//   card.insufficient_balance    409  principal + gift balance below the charge (details.available)
//   card.expired                 409  past valid_until (details.valid_until)
//   card.frozen                  409  the card is frozen (also: freezing a frozen card)
//   card.not_frozen              409  unfreezing a card that is not frozen
//   card.closed                  409  the card was refunded or transferred
//   card.service_not_on_card     409  the card has no sessions of that service
//   card.wrong_kind              409  the operation does not fit the card's kind (amounts on a
//                                     count card, sessions on a stored-value card)
//   card.wrong_customer          409  the card belongs to another customer than the one named
//   idempotency.invalid_key      400  the Idempotency-Key header is empty, too long or not
//                                     printable ASCII
//   idempotency.key_reused       422  the key was used before for a different request
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace peony::domain::cards::errors {

inline Error Invalid(boost::json::object fields) {
  return MakeError(ErrorKind::kInvalidArgument, "card.invalid", "卡项请求有误，请检查标出的字段",
                   "The card request is invalid; see the fields named")
      .WithDetails(boost::json::object{{"fields", std::move(fields)}})
      .WithStatus(422);
}
inline Error Invalid(std::string_view field, std::string_view reason) {
  return Invalid(boost::json::object{{field, reason}});
}
inline Error UnknownService(std::string_view field) {
  return MakeError(ErrorKind::kInvalidArgument, "card.unknown_service", "服务项目不存在",
                   "No such service")
      .WithDetails(boost::json::object{{"fields", boost::json::object{{field, "no such service"}}}})
      .WithStatus(422);
}
inline Error NotFound() {
  return MakeError(ErrorKind::kNotFound, "card.not_found", "会员卡不存在", "No such card");
}
inline Error CustomerNotFound() {
  return MakeError(ErrorKind::kNotFound, "card.customer_not_found", "客户不存在",
                   "No such customer");
}
inline Error InsufficientSessions(int64_t left) {
  return MakeError(ErrorKind::kFailedPrecondition, "card.insufficient_sessions", "卡内剩余次数不足",
                   "Not enough sessions left on the card")
      .WithDetails(boost::json::object{{"left", left}});
}
inline Error InsufficientBalance(int64_t available_fen) {
  return MakeError(ErrorKind::kFailedPrecondition, "card.insufficient_balance", "卡内余额不足",
                   "Not enough balance on the card")
      .WithDetails(boost::json::object{{"available_fen", available_fen}});
}
inline Error Expired(std::string_view valid_until) {
  return MakeError(ErrorKind::kFailedPrecondition, "card.expired", "会员卡已过期",
                   "The card has expired")
      .WithDetails(boost::json::object{{"valid_until", valid_until}});
}
inline Error Frozen() {
  return MakeError(ErrorKind::kFailedPrecondition, "card.frozen", "会员卡已冻结",
                   "The card is frozen");
}
inline Error NotFrozen() {
  return MakeError(ErrorKind::kFailedPrecondition, "card.not_frozen", "会员卡未冻结",
                   "The card is not frozen");
}
inline Error Closed(std::string_view status) {
  return MakeError(ErrorKind::kFailedPrecondition, "card.closed", "会员卡已退卡或已转让",
                   "The card was refunded or transferred")
      .WithDetails(boost::json::object{{"status", status}});
}
inline Error ServiceNotOnCard(int64_t service_id) {
  return MakeError(ErrorKind::kFailedPrecondition, "card.service_not_on_card", "该卡不含此服务项目",
                   "The card has no sessions of this service")
      .WithDetails(boost::json::object{{"service_id", service_id}});
}
inline Error WrongKind(std::string_view kind) {
  return MakeError(ErrorKind::kFailedPrecondition, "card.wrong_kind", "该卡类型不支持此操作",
                   "This kind of card does not support the operation")
      .WithDetails(boost::json::object{{"kind", kind}});
}
inline Error WrongCustomer() {
  return MakeError(ErrorKind::kFailedPrecondition, "card.wrong_customer", "该卡不属于此客户",
                   "The card belongs to another customer");
}
inline Error InvalidIdempotencyKey() {
  return MakeError(ErrorKind::kInvalidArgument, "idempotency.invalid_key",
                   "Idempotency-Key 应为 1-200 个可打印 ASCII 字符",
                   "Idempotency-Key must be 1-200 printable ASCII characters")
      .WithStatus(400);
}
inline Error IdempotencyKeyReused() {
  return MakeError(ErrorKind::kInvalidArgument, "idempotency.key_reused",
                   "该 Idempotency-Key 已用于另一个请求",
                   "This Idempotency-Key was used for a different request")
      .WithStatus(422);
}

}  // namespace peony::domain::cards::errors
