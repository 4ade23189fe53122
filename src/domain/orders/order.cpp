// Names of kinds and methods, an order's status and its JSON (order.h).
#include "domain/orders/order.h"

#include <boost/json/array.hpp>

namespace peony::domain::orders {
namespace {

namespace json = boost::json;

json::value OptInt(const std::optional<int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

}  // namespace

std::string_view LineKindName(LineKind k) {
  switch (k) {
    case LineKind::kService:
      return "service";
    case LineKind::kProduct:
      return "product";
    case LineKind::kCard:
      return "card";
    case LineKind::kPackage:
      return "package";
  }
  return "service";
}

std::optional<LineKind> ParseLineKind(std::string_view s) {
  for (LineKind k : {LineKind::kService, LineKind::kProduct, LineKind::kCard, LineKind::kPackage}) {
    if (LineKindName(k) == s) return k;
  }
  return std::nullopt;
}

std::string_view MethodName(Method m) {
  switch (m) {
    case Method::kCash:
      return "cash";
    case Method::kWechat:
      return "wechat";
    case Method::kAlipay:
      return "alipay";
    case Method::kBankCard:
      return "bank_card";
    case Method::kStoredValue:
      return "stored_value";
  }
  return "cash";
}

std::optional<Method> ParseMethod(std::string_view s) {
  for (Method m :
       {Method::kCash, Method::kWechat, Method::kAlipay, Method::kBankCard, Method::kStoredValue}) {
    if (MethodName(m) == s) return m;
  }
  return std::nullopt;
}

std::string Order::ComputedStatus() const {
  if (paid_fen > 0 && refunded_fen >= paid_fen) return "refunded";
  if (paid_fen == 0 && total_fen > 0) return "open";
  return paid_fen >= total_fen ? "paid" : "partial";
}

json::object OrderJson(const Order& o) {
  json::array lines;
  for (const auto& l : o.lines) {
    json::array staff;
    for (const auto& s : l.staff) {
      staff.push_back(json::object{
          {"user_id", s.user_id}, {"share_pct", s.share_pct}, {"amount_fen", s.amount_fen}});
    }
    lines.push_back(json::object{{"id", l.id},
                                 {"kind", LineKindName(l.kind)},
                                 {"item_id", l.item_id},
                                 {"name", l.name},
                                 {"category", l.category},
                                 {"quantity", l.quantity},
                                 {"unit_price_fen", l.unit_price_fen},
                                 {"discount_fen", l.discount_fen},
                                 {"amount_fen", l.amount_fen},
                                 {"net_fen", l.net_fen},
                                 {"card_id", OptInt(l.card_id)},
                                 {"staff", std::move(staff)}});
  }
  json::array payments;
  for (const auto& p : o.payments) {
    json::object j{
        {"id", p.id},     {"method", p.method},           {"amount_fen", p.amount_fen},
        {"kind", p.kind}, {"card_id", OptInt(p.card_id)}, {"paid_at", FormatRfc3339(p.paid_at)}};
    if (p.kind == "refund") j["reason"] = p.reason;
    payments.push_back(std::move(j));
  }
  json::value coupon = nullptr;
  if (!o.coupon_code.empty() || o.coupon_fen > 0) {
    coupon = json::object{{"code", o.coupon_code}, {"amount_fen", o.coupon_fen}};
  }
  return json::object{{"id", o.id},
                      {"order_no", o.order_no},
                      {"customer_id", o.customer_id},
                      {"branch_id", OptInt(o.branch_id)},
                      {"consultant_id", OptInt(o.consultant_id)},
                      {"status", o.status},
                      {"total_fen", o.total_fen},
                      {"discount_fen", o.discount_fen},
                      {"coupon", std::move(coupon)},
                      {"paid_fen", o.paid_fen},
                      {"arrears_fen", o.ArrearsFen()},
                      {"refunded_fen", o.refunded_fen},
                      {"contract_no", o.contract_no},
                      {"note", o.note},
                      {"ordered_at", FormatRfc3339(o.ordered_at)},
                      {"lines", std::move(lines)},
                      {"payments", std::move(payments)}};
}

std::vector<int64_t> PayingCards(const std::vector<PaymentInput>& payments) {
  std::vector<int64_t> ids;
  for (const auto& p : payments) {
    if (p.card_id) ids.push_back(*p.card_id);
  }
  return ids;
}

}  // namespace peony::domain::orders
