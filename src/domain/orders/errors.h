// Error codes of the orders module (order.*, commission.*, report.*). Codes are stable.
//
//   order.invalid                  422  the request is malformed: details.fields {name: reason}
//   order.unknown_item             422  a line names no service / product / card product of the
//                                       organisation, or one of the wrong kind (details.fields)
//   order.payments_exceed_total    422  the payments add up to more than is owed (details.owed_fen,
//                                       details.paying_fen)
//   order.shares_not_100           422  a line's staff shares do not add up to 100 (details.fields)
//   order.customer_not_found       404  no such customer, or one outside the caller's data scope
//   order.not_found                404  no such order, or one outside the caller's data scope
//   order.refund_exceeds_paid      409  the refund is more than was paid and not yet refunded
//                                       (details.refundable_fen)
//   commission.invalid             422  the commission rules are malformed (details.fields)
//   report.invalid                 422  a report's parameters are malformed (details.fields)
// Card errors (card.*) of stored-value payments and card lines come from the cards service.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string_view>

#include "common/result.h"

namespace peony::domain::orders::errors {

inline Error Invalid(boost::json::object fields) {
  return MakeError(ErrorKind::kInvalidArgument, "order.invalid", "订单请求有误，请检查标出的字段",
                   "The order request is invalid; see the fields named")
      .WithDetails(boost::json::object{{"fields", std::move(fields)}})
      .WithStatus(422);
}
inline Error Invalid(std::string_view field, std::string_view reason) {
  return Invalid(boost::json::object{{field, reason}});
}
inline Error UnknownItem(std::string_view field, std::string_view reason) {
  return MakeError(ErrorKind::kInvalidArgument, "order.unknown_item",
                   "订单中的项目不存在或类型不符",
                   "An order line names no such item, or one of the wrong kind")
      .WithDetails(boost::json::object{{"fields", boost::json::object{{field, reason}}}})
      .WithStatus(422);
}
inline Error PaymentsExceedTotal(int64_t owed_fen, int64_t paying_fen) {
  return MakeError(ErrorKind::kInvalidArgument, "order.payments_exceed_total",
                   "收款金额超过应收金额", "The payments add up to more than is owed")
      .WithDetails(boost::json::object{{"owed_fen", owed_fen}, {"paying_fen", paying_fen}})
      .WithStatus(422);
}
inline Error SharesNot100(std::string_view field, int64_t sum) {
  return MakeError(ErrorKind::kInvalidArgument, "order.shares_not_100", "业绩分配比例之和须为 100%",
                   "The staff shares of a line must add up to 100")
      .WithDetails(boost::json::object{
          {"fields", boost::json::object{{field, "shares add up to " + std::to_string(sum)}}}})
      .WithStatus(422);
}
inline Error CustomerNotFound() {
  return MakeError(ErrorKind::kNotFound, "order.customer_not_found", "客户不存在",
                   "No such customer");
}
inline Error NotFound() {
  return MakeError(ErrorKind::kNotFound, "order.not_found", "订单不存在", "No such order");
}
inline Error RefundExceedsPaid(int64_t refundable_fen) {
  return MakeError(ErrorKind::kFailedPrecondition, "order.refund_exceeds_paid",
                   "退款金额超过可退金额", "The refund is more than was paid and not yet refunded")
      .WithDetails(boost::json::object{{"refundable_fen", refundable_fen}});
}
inline Error CommissionInvalid(std::string_view field, std::string_view reason) {
  return MakeError(ErrorKind::kInvalidArgument, "commission.invalid",
                   "提成规则有误，请检查标出的字段",
                   "The commission rules are invalid; see the fields named")
      .WithDetails(boost::json::object{{"fields", boost::json::object{{field, reason}}}})
      .WithStatus(422);
}
inline Error ReportInvalid(std::string_view field, std::string_view reason) {
  return MakeError(ErrorKind::kInvalidArgument, "report.invalid", "报表参数有误",
                   "The report parameters are invalid")
      .WithDetails(boost::json::object{{"fields", boost::json::object{{field, reason}}}})
      .WithStatus(422);
}

}  // namespace peony::domain::orders::errors
