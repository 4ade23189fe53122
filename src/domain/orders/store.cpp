// The SQL of the orders module (store.h).
#include "domain/orders/store.h"

#include <algorithm>

#include "domain/cards/store.h"

namespace peony::domain::orders::internal {

Result<TimeZone> ZoneOf(storage::Conn& c, int64_t org_id) {
  PEONY_TRY(auto rows, c.Query("SELECT time_zone FROM orgs WHERE id = ?", {org_id}));
  auto tz = TimeZone::Find(rows.empty() ? "Asia/Shanghai" : rows.Text(0, 0));
  return tz.ok() ? *tz : TimeZone::Utc();
}

Result<bool> IsUser(storage::Conn& c, int64_t org_id, int64_t user_id) {
  PEONY_TRY(auto rows,
            c.Query("SELECT 1 FROM users WHERE id = ? AND org_id = ?", {user_id, org_id}));
  return !rows.empty();
}

Result<std::optional<Order>> LoadOrder(storage::Conn& c, int64_t org_id, int64_t order_id,
                                       bool lock) {
  std::string sql =
      "SELECT order_id, org_id, branch_id, customer_id, coupon_code, coupon_fen, discount_fen, "
      "total_fen, paid_fen, refunded_fen, ordered_at FROM order_accounts "
      "WHERE order_id = ? AND org_id = ?";
  if (lock && c.dialect() == storage::Dialect::kPostgres) sql += " FOR UPDATE";
  PEONY_TRY(auto rows, c.Query(sql, {order_id, org_id}));
  if (rows.empty()) return std::optional<Order>();
  Order o;
  o.id = rows.Int(0, 0);
  o.org_id = rows.Int(0, 1);
  o.branch_id = rows.OptInt(0, 2);
  o.customer_id = rows.Int(0, 3);
  o.coupon_code = rows.Text(0, 4);
  o.coupon_fen = rows.Int(0, 5);
  o.discount_fen = rows.Int(0, 6);
  o.total_fen = rows.Int(0, 7);
  o.paid_fen = rows.Int(0, 8);
  o.refunded_fen = rows.Int(0, 9);
  o.ordered_at = rows.Int(0, 10);
  o.status = o.ComputedStatus();

  PEONY_TRY(auto lines,
            c.Query("SELECT id, kind, item_id, name, category, quantity, unit_price_fen, "
                    "discount_fen, amount_fen, net_fen, card_id FROM order_lines "
                    "WHERE order_id = ? ORDER BY position",
                    {order_id}));
  for (size_t i = 0; i < lines.size(); ++i) {
    OrderLine l;
    l.id = lines.Int(i, 0);
    l.kind = ParseLineKind(lines.Text(i, 1)).value_or(LineKind::kService);
    l.item_id = lines.Int(i, 2);
    l.name = lines.Text(i, 3);
    l.category = lines.Text(i, 4);
    l.quantity = lines.Int(i, 5);
    l.unit_price_fen = lines.Int(i, 6);
    l.discount_fen = lines.Int(i, 7);
    l.amount_fen = lines.Int(i, 8);
    l.net_fen = lines.Int(i, 9);
    l.card_id = lines.OptInt(i, 10);
    o.lines.push_back(std::move(l));
  }
  PEONY_TRY(auto staff, c.Query("SELECT line_id, user_id, share_pct, amount_fen "
                                "FROM order_line_staff WHERE order_id = ? ORDER BY position",
                                {order_id}));
  for (size_t i = 0; i < staff.size(); ++i) {
    for (auto& l : o.lines) {
      if (l.id != staff.Int(i, 0)) continue;
      l.staff.push_back({staff.Int(i, 1), staff.Int(i, 2), staff.Int(i, 3)});
    }
  }
  PEONY_TRY(auto pays, c.Query("SELECT id, kind, method, amount_fen, card_id, card_principal_fen, "
                               "card_gift_fen, refunded_fen, reason, paid_at FROM order_payments "
                               "WHERE order_id = ? ORDER BY id",
                               {order_id}));
  for (size_t i = 0; i < pays.size(); ++i) {
    Payment p;
    p.id = pays.Int(i, 0);
    p.kind = pays.Text(i, 1);
    p.method = pays.Text(i, 2);
    p.amount_fen = pays.Int(i, 3);
    p.card_id = pays.OptInt(i, 4);
    p.card_principal_fen = pays.Int(i, 5);
    p.card_gift_fen = pays.Int(i, 6);
    p.refunded_fen = pays.Int(i, 7);
    p.reason = pays.Text(i, 8);
    p.paid_at = pays.Int(i, 9);
    o.payments.push_back(std::move(p));
  }
  return std::optional<Order>(std::move(o));
}

Status InsertOrder(storage::Conn& c, Order& o, UtcMillis now) {
  PEONY_CHECK(
      c.Exec("INSERT INTO order_accounts (order_id, org_id, branch_id, customer_id, coupon_code, "
             "coupon_fen, discount_fen, total_fen, paid_fen, refunded_fen, ordered_at, created_at, "
             "updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
             {o.id, o.org_id, o.branch_id, o.customer_id, o.coupon_code, o.coupon_fen,
              o.discount_fen, o.total_fen, o.paid_fen, o.refunded_fen, o.ordered_at, now, now}));
  for (size_t i = 0; i < o.lines.size(); ++i) {
    OrderLine& l = o.lines[i];
    PEONY_TRY(auto rows,
              c.Query("INSERT INTO order_lines (org_id, order_id, position, kind, item_id, name, "
                      "category, quantity, unit_price_fen, discount_fen, amount_fen, net_fen, "
                      "card_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                      {o.org_id, o.id, static_cast<int64_t>(i), LineKindName(l.kind), l.item_id,
                       l.name, l.category, l.quantity, l.unit_price_fen, l.discount_fen,
                       l.amount_fen, l.net_fen, l.card_id}));
    l.id = rows.Int(0, 0);
    for (size_t k = 0; k < l.staff.size(); ++k) {
      const LineStaff& s = l.staff[k];
      PEONY_CHECK(
          c.Exec("INSERT INTO order_line_staff (line_id, org_id, order_id, user_id, position, "
                 "share_pct, amount_fen) VALUES (?, ?, ?, ?, ?, ?, ?)",
                 {l.id, o.org_id, o.id, s.user_id, static_cast<int64_t>(i * 100 + k), s.share_pct,
                  s.amount_fen}));
    }
  }
  return Ok();
}

Status SaveAmounts(storage::Conn& c, const Order& o, UtcMillis now) {
  PEONY_TRY(auto n, c.Exec("UPDATE order_accounts SET paid_fen = ?, refunded_fen = ?, "
                           "updated_at = ?, version = version + 1 WHERE order_id = ?",
                           {o.paid_fen, o.refunded_fen, now, o.id}));
  if (n != 1) return InternalError("order account row vanished");
  return Ok();
}

Status InsertPayment(storage::Conn& c, int64_t org_id, int64_t order_id, const Payment& p,
                     std::optional<int64_t> actor_id) {
  return StatusOf(c.Exec(
      "INSERT INTO order_payments (id, org_id, order_id, kind, method, amount_fen, card_id, "
      "card_principal_fen, card_gift_fen, refunded_fen, reason, paid_at, actor_id) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {p.id, org_id, order_id, p.kind, p.method, p.amount_fen, p.card_id, p.card_principal_fen,
       p.card_gift_fen, p.refunded_fen, p.reason, p.paid_at, actor_id}));
}

Status SavePaymentRefunded(storage::Conn& c, const Payment& p) {
  return StatusOf(
      c.Exec("UPDATE order_payments SET refunded_fen = ? WHERE id = ?", {p.refunded_fen, p.id}));
}

Status LockCards(storage::Conn& c, int64_t org_id, std::vector<int64_t> card_ids) {
  std::sort(card_ids.begin(), card_ids.end());
  card_ids.erase(std::unique(card_ids.begin(), card_ids.end()), card_ids.end());
  for (int64_t id : card_ids) PEONY_CHECK(StatusOf(cards::internal::LoadCard(c, org_id, id, true)));
  return Ok();
}

}  // namespace peony::domain::orders::internal
