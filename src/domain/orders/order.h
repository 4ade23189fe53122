// The vocabulary of the orders module: line kinds, payment methods, the inputs of each operation,
// an order with its lines, staff attribution and payments, and their JSON as the API shows them.
//
// Amounts are integer fen. A line's amount is quantity × unit price − its own discount; the
// order's total is the sum of its lines − the order-level discount − the coupon. The order-level
// reductions are spread over the lines in proportion to their amounts (a line's net_fen), and a
// line's net is split among its staff by their shares: that is the performance each is credited.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"

namespace peony::domain::orders {

enum class LineKind { kService, kProduct, kCard, kPackage };
std::string_view LineKindName(LineKind k);  // "service" | "product" | "card" | "package"
std::optional<LineKind> ParseLineKind(std::string_view s);

enum class Method { kCash, kWechat, kAlipay, kBankCard, kStoredValue };
// "cash" | "wechat" | "alipay" | "bank_card" | "stored_value"
std::string_view MethodName(Method m);
std::optional<Method> ParseMethod(std::string_view s);

// Named limits of the inputs.
inline constexpr int64_t kMaxFen = 100'000'000'000;  // one billion yuan
inline constexpr int64_t kMaxQuantity = 10'000;
inline constexpr size_t kMaxLines = 100;
inline constexpr size_t kMaxPayments = 20;
inline constexpr size_t kMaxStaff = 10;
inline constexpr size_t kMaxNote = 500;  // code points
inline constexpr size_t kMaxCode = 64;   // contract and coupon numbers

struct StaffShare {
  int64_t user_id = 0;
  int64_t share_pct = 0;  // 1-100; a line's shares add up to 100
};

struct LineInput {
  LineKind kind = LineKind::kService;
  int64_t item_id = 0;  // service, product or card_product record
  int64_t quantity = 1;
  std::optional<int64_t> unit_price_fen;  // default: the item's price
  int64_t discount_fen = 0;
  std::vector<StaffShare> staff;
};

struct PaymentInput {
  Method method = Method::kCash;
  int64_t amount_fen = 0;
  std::optional<int64_t> card_id;  // stored_value only
};
// The cards of the stored-value payments (to lock before any record is written).
std::vector<int64_t> PayingCards(const std::vector<PaymentInput>& payments);

struct Coupon {
  std::string code;
  int64_t amount_fen = 0;
};

struct CreateInput {
  int64_t customer_id = 0;
  std::optional<int64_t> branch_id;
  std::optional<int64_t> consultant_id;
  std::string contract_no, note;
  int64_t discount_fen = 0;  // order level
  std::optional<Coupon> coupon;
  std::vector<LineInput> lines;
  std::vector<PaymentInput> payments;
};

struct PayInput {
  std::vector<PaymentInput> payments;
};

// A stored-value refund goes back to the cards the order was paid with (card_id: to that one).
struct RefundInput {
  int64_t amount_fen = 0;
  Method method = Method::kCash;
  std::string reason;
  std::optional<int64_t> card_id;
};

// Parsers of the API bodies: type and range checks, unknown keys refused. Errors: order.invalid
// (details.fields names every failing key, e.g. "lines[0].quantity"), order.shares_not_100.
Result<CreateInput> ParseCreate(const boost::json::object& o);
Result<PayInput> ParsePay(const boost::json::object& o);
Result<RefundInput> ParseRefund(const boost::json::object& o);

struct LineStaff {
  int64_t user_id = 0;
  int64_t share_pct = 0;
  int64_t amount_fen = 0;  // the part of the line's net credited to this person
};

struct OrderLine {
  int64_t id = 0;
  LineKind kind = LineKind::kService;
  int64_t item_id = 0;
  std::string name, category;  // category: the item's category key ("injection", "skincare" …)
  int64_t quantity = 1, unit_price_fen = 0, discount_fen = 0;
  int64_t amount_fen = 0;  // quantity × unit price − discount
  int64_t net_fen = 0;     // amount − its part of the order-level discount and coupon
  std::optional<int64_t> card_id;
  std::vector<LineStaff> staff;
};

struct Payment {
  int64_t id = 0;    // the payment record's id
  std::string kind;  // payment | refund
  std::string method;
  int64_t amount_fen = 0;  // positive for both kinds
  std::optional<int64_t> card_id;
  int64_t card_principal_fen = 0, card_gift_fen = 0;  // taken from (returned to) the card
  int64_t refunded_fen = 0;                           // payments: the part refunded since
  std::string reason;
  UtcMillis paid_at = 0;
};

struct Order {
  int64_t id = 0, org_id = 0, customer_id = 0;
  std::optional<int64_t> branch_id, consultant_id;
  std::string order_no, status, contract_no, note, coupon_code;
  int64_t total_fen = 0;
  int64_t discount_fen = 0;  // order level, without the coupon
  int64_t coupon_fen = 0;
  int64_t paid_fen = 0, refunded_fen = 0;
  UtcMillis ordered_at = 0;
  std::vector<OrderLine> lines;
  std::vector<Payment> payments;

  int64_t ArrearsFen() const { return total_fen - paid_fen; }
  // open (nothing paid) | partial | paid | refunded (everything paid was refunded).
  std::string ComputedStatus() const;
};

// {"id","order_no","customer_id","branch_id","consultant_id","status","total_fen","discount_fen"
// (order level, without the coupon),"coupon":{"code","amount_fen"}|null,"paid_fen","arrears_fen",
// "refunded_fen","contract_no","note","ordered_at","lines":[…],"payments":[…]}
boost::json::object OrderJson(const Order& o);

}  // namespace peony::domain::orders
