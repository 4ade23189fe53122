#include "domain/orders/migrations.h"

namespace peony::domain::orders {

// Tokens ({{ID}}, {{TEXT}}, …) are replaced per dialect by storage::DialectSql. Never edit a
// migration that has shipped: add a new one.
std::vector<storage::Migration> Migrations() {
  return {
      // The order header and each payment are records of the catalog entities `order` and
      // `payment` (order_id / payment id are the records' ids); the money truth lives here.
      // order_accounts: what was owed, paid and refunded (the record mirrors it). order_lines and
      // order_line_staff: what was sold and who is credited with it. order_payments: every
      // payment and refund with the card it touched. commission_rules: one JSON document per
      // organisation (orders/commission.h).
      {110, "orders, lines, staff attribution, payments and commission rules", R"SQL(
CREATE TABLE order_accounts (
  order_id {{BIGINT}} PRIMARY KEY,
  org_id {{BIGINT}} NOT NULL REFERENCES orgs(id),
  branch_id {{BIGINT}},
  customer_id {{BIGINT}} NOT NULL,
  coupon_code {{TEXT}} NOT NULL DEFAULT '',
  coupon_fen {{BIGINT}} NOT NULL DEFAULT 0 CHECK (coupon_fen >= 0),
  discount_fen {{BIGINT}} NOT NULL DEFAULT 0 CHECK (discount_fen >= 0),
  total_fen {{BIGINT}} NOT NULL CHECK (total_fen >= 0),
  paid_fen {{BIGINT}} NOT NULL DEFAULT 0 CHECK (paid_fen >= 0 AND paid_fen <= total_fen),
  refunded_fen {{BIGINT}} NOT NULL DEFAULT 0 CHECK (refunded_fen >= 0 AND refunded_fen <= paid_fen),
  ordered_at {{BIGINT}} NOT NULL,
  created_at {{BIGINT}} NOT NULL,
  updated_at {{BIGINT}} NOT NULL,
  version {{BIGINT}} NOT NULL DEFAULT 1
);
CREATE INDEX order_accounts_ordered ON order_accounts (org_id, ordered_at);
CREATE TABLE order_lines (
  id {{ID}},
  org_id {{BIGINT}} NOT NULL REFERENCES orgs(id),
  order_id {{BIGINT}} NOT NULL REFERENCES order_accounts(order_id),
  position {{BIGINT}} NOT NULL,
  kind {{TEXT}} NOT NULL,
  item_id {{BIGINT}} NOT NULL,
  name {{TEXT}} NOT NULL DEFAULT '',
  category {{TEXT}} NOT NULL DEFAULT '',
  quantity {{BIGINT}} NOT NULL CHECK (quantity > 0),
  unit_price_fen {{BIGINT}} NOT NULL CHECK (unit_price_fen >= 0),
  discount_fen {{BIGINT}} NOT NULL DEFAULT 0 CHECK (discount_fen >= 0),
  amount_fen {{BIGINT}} NOT NULL CHECK (amount_fen >= 0),
  net_fen {{BIGINT}} NOT NULL CHECK (net_fen >= 0),
  card_id {{BIGINT}}
);
CREATE INDEX order_lines_order ON order_lines (order_id, position);
CREATE TABLE order_line_staff (
  line_id {{BIGINT}} NOT NULL REFERENCES order_lines(id),
  org_id {{BIGINT}} NOT NULL REFERENCES orgs(id),
  order_id {{BIGINT}} NOT NULL,
  user_id {{BIGINT}} NOT NULL,
  position {{BIGINT}} NOT NULL,
  share_pct {{BIGINT}} NOT NULL CHECK (share_pct > 0 AND share_pct <= 100),
  amount_fen {{BIGINT}} NOT NULL,
  PRIMARY KEY (line_id, user_id)
);
CREATE INDEX order_line_staff_order ON order_line_staff (order_id);
CREATE TABLE order_payments (
  id {{BIGINT}} PRIMARY KEY,
  org_id {{BIGINT}} NOT NULL REFERENCES orgs(id),
  order_id {{BIGINT}} NOT NULL REFERENCES order_accounts(order_id),
  kind {{TEXT}} NOT NULL,
  method {{TEXT}} NOT NULL,
  amount_fen {{BIGINT}} NOT NULL CHECK (amount_fen > 0),
  card_id {{BIGINT}},
  card_principal_fen {{BIGINT}} NOT NULL DEFAULT 0,
  card_gift_fen {{BIGINT}} NOT NULL DEFAULT 0,
  refunded_fen {{BIGINT}} NOT NULL DEFAULT 0 CHECK (refunded_fen >= 0 AND refunded_fen <= amount_fen),
  reason {{TEXT}} NOT NULL DEFAULT '',
  paid_at {{BIGINT}} NOT NULL,
  actor_id {{BIGINT}}
);
CREATE INDEX order_payments_order ON order_payments (order_id, id);
CREATE TABLE commission_rules (
  org_id {{BIGINT}} PRIMARY KEY REFERENCES orgs(id),
  definition {{TEXT}} NOT NULL,
  updated_at {{BIGINT}} NOT NULL,
  updated_by {{BIGINT}},
  version {{BIGINT}} NOT NULL DEFAULT 1
);
)SQL"},
  };
}

}  // namespace peony::domain::orders
