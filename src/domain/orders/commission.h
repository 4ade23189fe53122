// Commission rules: one document per organisation, kept in commission_rules.
//
//   {"rules":[{"role":"consultant","item_kind":"service","category":"injection",
//              "tiers":[{"from_fen":0,"rate_pct":3},{"from_fen":5000000,"rate_pct":5}]},
//             {"role":"front_desk","rate_pct":1}],
//    "handwork":[{"service_id":12,"fee_fen":5000,"nurse_fee_fen":2000}]}
//
// A rule applies to what a staff member is credited with (order_line_staff) when every condition
// it names holds: one of the person's roles, the line's kind (service, product, card, package)
// and the item's category (a service's or product's category key, a card product's kind). The
// most specific rule wins (role over category over kind; the earlier rule on a tie). Its rate is
// a flat rate_pct or progressive tiers over the person's attributed total of the calendar month
// (arithmetic.h: TieredCommission). Handwork fees are fixed fen per completed treatment of a
// service: fee_fen to the practitioner, nurse_fee_fen to the nurse.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "domain/orders/arithmetic.h"

namespace peony::domain::orders {

inline constexpr size_t kMaxRules = 200;
inline constexpr size_t kMaxTiers = 10;
inline constexpr size_t kMaxHandwork = 1000;

struct CommissionRule {
  std::optional<std::string> role, item_kind, category;
  std::vector<Tier> tiers;  // one tier from 0 for a flat rate
};

struct HandworkFee {
  int64_t service_id = 0;
  int64_t fee_fen = 0, nurse_fee_fen = 0;
};

struct CommissionRules {
  std::vector<CommissionRule> rules;
  std::vector<HandworkFee> handwork;
};

// Reads the PUT body. Error: commission.invalid naming the first failing key ("rules[1].tiers").
Result<CommissionRules> ParseCommissionRules(const boost::json::object& o);
// The document as the API shows it (rates as rate_pct numbers, tiers always listed).
boost::json::object CommissionRulesJson(const CommissionRules& r);

// The rule for a line credited to someone with `roles`; null when none applies.
const CommissionRule* MatchRule(const CommissionRules& r, const std::vector<std::string>& roles,
                                std::string_view item_kind, std::string_view category);

}  // namespace peony::domain::orders
