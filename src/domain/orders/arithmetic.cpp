// Order and commission arithmetic (arithmetic.h). Products of fen and weights stay far below
// 2^63: amounts are capped at kMaxFen (1e11) and weights at kMaxFen too, so the products are
// computed in __int128 only where both may be large.
#include "domain/orders/arithmetic.h"

#include <algorithm>
#include <limits>
#include <numeric>

#include "domain/orders/errors.h"
#include "domain/orders/order.h"

namespace peony::domain::orders {

std::vector<int64_t> Allocate(int64_t total, const std::vector<int64_t>& weights) {
  std::vector<int64_t> parts(weights.size(), 0);
  if (weights.empty()) return parts;
  const int64_t sum = std::accumulate(weights.begin(), weights.end(), int64_t{0});
  if (sum <= 0) {
    parts[0] = total;
    return parts;
  }
  std::vector<int64_t> remainders(weights.size(), 0);
  int64_t given = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    const __int128 product = static_cast<__int128>(total) * weights[i];
    parts[i] = static_cast<int64_t>(product / sum);
    remainders[i] = static_cast<int64_t>(product % sum);
    given += parts[i];
  }
  std::vector<size_t> order(weights.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return remainders[a] > remainders[b]; });
  for (size_t k = 0; given < total && k < order.size(); ++k, ++given) ++parts[order[k]];
  return parts;
}

Result<PricedOrder> PriceOrder(const std::vector<LinePrice>& lines, int64_t reductions_fen,
                               const std::string& reductions_field) {
  PricedOrder out;
  int64_t sum = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const LinePrice& l = lines[i];
    const std::string at = "lines[" + std::to_string(i) + "]";
    const __int128 gross = static_cast<__int128>(l.quantity) * l.unit_price_fen;
    if (gross > kMaxFen) return errors::Invalid(at + ".unit_price_fen", "the line is too large");
    if (l.discount_fen > gross) {
      return errors::Invalid(at + ".discount_fen", "more than the line's amount");
    }
    out.amounts.push_back(static_cast<int64_t>(gross) - l.discount_fen);
    sum += out.amounts.back();
    if (sum > kMaxFen) return errors::Invalid(at + ".unit_price_fen", "the order is too large");
  }
  if (reductions_fen > sum) {
    return errors::Invalid(reductions_field, "more than the sum of the lines");
  }
  const std::vector<int64_t> cut = Allocate(reductions_fen, out.amounts);
  for (size_t i = 0; i < lines.size(); ++i) out.nets.push_back(out.amounts[i] - cut[i]);
  out.total_fen = sum - reductions_fen;
  return out;
}

int64_t Prorate(int64_t value, int64_t num, int64_t den) {
  if (den <= 0) return 0;
  const __int128 product = static_cast<__int128>(value) * num;
  const __int128 half = den / 2;
  return static_cast<int64_t>(product >= 0 ? (product + half) / den : -((-product + half) / den));
}

namespace {

// Basis-point fen (fen × bp) earned by the range [from, to) of the month's total, to >= from.
__int128 TierWork(int64_t from, int64_t to, const std::vector<Tier>& tiers) {
  __int128 work = 0;
  for (size_t i = 0; i < tiers.size(); ++i) {
    const int64_t lo = i == 0 ? std::min<int64_t>(tiers[i].from_fen, from) : tiers[i].from_fen;
    const int64_t hi =
        i + 1 < tiers.size() ? tiers[i + 1].from_fen : std::numeric_limits<int64_t>::max();
    const int64_t a = std::max(from, lo), b = std::min(to, hi);
    if (b > a) work += static_cast<__int128>(b - a) * tiers[i].rate_bp;
  }
  return work;
}

}  // namespace

int64_t TieredCommission(int64_t before_fen, int64_t amount_fen, const std::vector<Tier>& tiers) {
  if (tiers.empty() || amount_fen == 0) return 0;
  if (amount_fen < 0) return -TieredCommission(before_fen + amount_fen, -amount_fen, tiers);
  const __int128 work = TierWork(before_fen, before_fen + amount_fen, tiers);
  return static_cast<int64_t>((work + 5000) / 10000);
}

}  // namespace peony::domain::orders
