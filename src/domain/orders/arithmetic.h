// The money arithmetic of orders and commissions, as pure functions over integer fen: pricing
// lines, spreading order-level reductions and staff shares without losing or inventing a fen, and
// progressive commission tiers. No I/O; tested on its own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

namespace peony::domain::orders {

// Splits `total` (>= 0) in proportion to `weights` (each >= 0) so that the parts add up to `total`
// exactly: each part is rounded down, and the fen left over go one each to the parts with the
// largest remainders (the earlier part first on a tie). All weights zero: everything to the first
// part (none when `weights` is empty).
std::vector<int64_t> Allocate(int64_t total, const std::vector<int64_t>& weights);

struct LinePrice {
  int64_t quantity = 1, unit_price_fen = 0, discount_fen = 0;
};
struct PricedOrder {
  std::vector<int64_t> amounts;  // per line: quantity × unit price − discount
  std::vector<int64_t> nets;     // per line: amount − its part of the order-level reductions
  int64_t total_fen = 0;         // sum of amounts − reductions
};
// Prices the lines and spreads `reductions_fen` (order discount + coupon) over them by amount.
// Errors: order.invalid naming "lines[i].discount_fen" when a discount is above its line,
// "lines[i].unit_price_fen" when a line passes kMaxFen, and `reductions_field` when the
// reductions are above the sum of the lines.
Result<PricedOrder> PriceOrder(const std::vector<LinePrice>& lines, int64_t reductions_fen,
                               const std::string& reductions_field);

// value × num ÷ den rounded half up (0 when den <= 0): a refund's share of a credit or of what a
// card payment took.
int64_t Prorate(int64_t value, int64_t num, int64_t den);

// A commission tier: from `from_fen` of the month's attributed total upwards, `rate_bp` basis
// points (1/100 of a percent). Tiers are sorted by from_fen; the first starts at 0.
struct Tier {
  int64_t from_fen = 0;
  int64_t rate_bp = 0;
};
// The commission of `amount_fen` credited when the person's month already holds `before_fen`:
// progressive, like tax brackets — each part of [before, before + amount) earns the rate of the
// tier it falls in (0-50,000 yuan at 3 % and 5 % above: a 60,000-yuan month earns 1,500 + 500
// yuan). Rounded half up to the fen. Negative amounts (refunds) take back at the tier they fall
// back through.
int64_t TieredCommission(int64_t before_fen, int64_t amount_fen, const std::vector<Tier>& tiers);

}  // namespace peony::domain::orders
