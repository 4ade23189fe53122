// Parsers of the orders API bodies (order.h). Every failing key is named in order.invalid's
// details.fields with its path ("lines[1].staff[0].share_pct"), so a form can mark them all.
// Shares not adding up to 100 are their own error (order.shares_not_100), checked once the body
// is otherwise well formed.
#include <cstdint>
#include <set>

#include "common/strings.h"
#include "domain/common/body_reader.h"
#include "domain/orders/errors.h"
#include "domain/orders/order.h"

namespace peony::domain::orders {
namespace {

namespace json = boost::json;

// Nested objects share the failures through their path (domain/common/body_reader.h).
using Reader = BodyReader;

std::optional<Method> ReadMethod(Reader& r) {
  auto s = r.Text("method", 32, true);
  if (!s) return std::nullopt;
  auto m = ParseMethod(*s);
  if (!m) r.Fail(r.At("method"), "one of cash, wechat, alipay, bank_card, stored_value");
  return m;
}

std::vector<PaymentInput> ReadPayments(Reader& r, bool required) {
  std::vector<PaymentInput> out;
  const json::array* arr = r.Array("payments", kMaxPayments, required);
  if (!arr) return out;
  if (required && arr->empty()) r.Fail("payments", "at least one payment");
  for (size_t i = 0; i < arr->size(); ++i) {
    const std::string at = "payments[" + std::to_string(i) + "]";
    if (!(*arr)[i].is_object()) {
      r.Fail(at, "must be an object {\"method\",\"amount_fen\"}");
      continue;
    }
    Reader p = r.Nested((*arr)[i].as_object(), at);
    p.OnlyKeys({"method", "amount_fen", "card_id"});
    PaymentInput pay;
    auto method = ReadMethod(p);
    pay.amount_fen = p.Int("amount_fen", 1, kMaxFen, true).value_or(0);
    pay.card_id = p.Int("card_id", 1, INT64_MAX, false);
    if (method) {
      pay.method = *method;
      if (*method == Method::kStoredValue && !pay.card_id) {
        p.Fail(p.At("card_id"), "required for stored_value");
      }
      if (*method != Method::kStoredValue && pay.card_id) {
        p.Fail(p.At("card_id"), "only for stored_value");
      }
    }
    out.push_back(pay);
  }
  return out;
}

std::vector<StaffShare> ReadStaff(Reader& line) {
  std::vector<StaffShare> out;
  const json::array* arr = line.Array("staff", kMaxStaff, false);
  if (!arr) return out;
  std::set<int64_t> seen;
  for (size_t i = 0; i < arr->size(); ++i) {
    const std::string at = line.At("staff") + "[" + std::to_string(i) + "]";
    if (!(*arr)[i].is_object()) {
      line.Fail(at, "must be an object {\"user_id\",\"share_pct\"}");
      continue;
    }
    Reader s = line.Nested((*arr)[i].as_object(), at);
    s.OnlyKeys({"user_id", "share_pct"});
    StaffShare share;
    share.user_id = s.Int("user_id", 1, INT64_MAX, true).value_or(0);
    share.share_pct = s.Int("share_pct", 1, 100, true).value_or(0);
    if (share.user_id > 0 && !seen.insert(share.user_id).second) {
      s.Fail(s.At("user_id"), "named twice");
    }
    out.push_back(share);
  }
  return out;
}

}  // namespace

Result<CreateInput> ParseCreate(const json::object& o) {
  Reader r(o);
  r.OnlyKeys({"customer_id", "branch_id", "consultant_id", "contract_no", "note", "discount_fen",
              "coupon", "lines", "payments"});
  CreateInput in;
  in.customer_id = r.Int("customer_id", 1, INT64_MAX, true).value_or(0);
  in.branch_id = r.Int("branch_id", 1, INT64_MAX, false);
  in.consultant_id = r.Int("consultant_id", 1, INT64_MAX, false);
  in.contract_no = r.Text("contract_no", kMaxCode).value_or("");
  in.note = r.Text("note", kMaxNote).value_or("");
  in.discount_fen = r.Int("discount_fen", 0, kMaxFen, false).value_or(0);
  if (const json::value* c = r.Get("coupon")) {
    if (!c->is_object()) {
      r.Fail("coupon", "must be an object {\"code\",\"amount_fen\"}");
    } else {
      Reader cr = r.Nested(c->as_object(), "coupon");
      cr.OnlyKeys({"code", "amount_fen"});
      Coupon coupon;
      coupon.code = cr.Text("code", kMaxCode, true).value_or("");
      coupon.amount_fen = cr.Int("amount_fen", 0, kMaxFen, true).value_or(0);
      if (cr.Get("code") && coupon.code.empty()) cr.Fail("coupon.code", "must not be empty");
      in.coupon = coupon;
    }
  }
  if (const json::array* lines = r.Array("lines", kMaxLines, true)) {
    if (lines->empty()) r.Fail("lines", "at least one line");
    for (size_t i = 0; i < lines->size(); ++i) {
      const std::string at = "lines[" + std::to_string(i) + "]";
      if (!(*lines)[i].is_object()) {
        r.Fail(at, "must be an object {\"kind\",\"item_id\"}");
        continue;
      }
      Reader l = r.Nested((*lines)[i].as_object(), at);
      l.OnlyKeys({"kind", "item_id", "quantity", "unit_price_fen", "discount_fen", "staff"});
      LineInput line;
      if (auto k = l.Text("kind", 16, true)) {
        auto kind = ParseLineKind(*k);
        if (!kind) l.Fail(l.At("kind"), "one of service, product, card, package");
        line.kind = kind.value_or(LineKind::kService);
      }
      line.item_id = l.Int("item_id", 1, INT64_MAX, true).value_or(0);
      line.quantity = l.Int("quantity", 1, kMaxQuantity, false).value_or(1);
      line.unit_price_fen = l.Int("unit_price_fen", 0, kMaxFen, false);
      line.discount_fen = l.Int("discount_fen", 0, kMaxFen, false).value_or(0);
      if ((line.kind == LineKind::kCard || line.kind == LineKind::kPackage) && line.quantity != 1) {
        l.Fail(l.At("quantity"), "one card per line");
      }
      line.staff = ReadStaff(l);
      in.lines.push_back(std::move(line));
    }
  }
  in.payments = ReadPayments(r, false);
  if (r.failed()) return errors::Invalid(r.fields());
  for (size_t i = 0; i < in.lines.size(); ++i) {
    if (in.lines[i].staff.empty()) continue;
    int64_t sum = 0;
    for (const auto& s : in.lines[i].staff) sum += s.share_pct;
    if (sum != 100) return errors::SharesNot100("lines[" + std::to_string(i) + "].staff", sum);
  }
  return in;
}

Result<PayInput> ParsePay(const json::object& o) {
  Reader r(o);
  r.OnlyKeys({"payments"});
  PayInput in;
  in.payments = ReadPayments(r, true);
  if (r.failed()) return errors::Invalid(r.fields());
  return in;
}

Result<RefundInput> ParseRefund(const json::object& o) {
  Reader r(o);
  r.OnlyKeys({"amount_fen", "method", "reason", "card_id"});
  RefundInput in;
  in.amount_fen = r.Int("amount_fen", 1, kMaxFen, true).value_or(0);
  auto method = ReadMethod(r);
  in.method = method.value_or(Method::kCash);
  in.reason = r.Text("reason", kMaxNote).value_or("");
  in.card_id = r.Int("card_id", 1, INT64_MAX, false);
  if (in.card_id && method && *method != Method::kStoredValue) {
    r.Fail("card_id", "only for stored_value");
  }
  if (r.failed()) return errors::Invalid(r.fields());
  return in;
}

}  // namespace peony::domain::orders
