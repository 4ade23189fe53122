// Commission rules: reading, showing and matching them (commission.h).
#include "domain/orders/commission.h"

#include <boost/json/array.hpp>
#include <cmath>
#include <set>

#include "domain/orders/errors.h"
#include "domain/orders/order.h"

namespace peony::domain::orders {
namespace {

namespace json = boost::json;

Status OnlyKeys(const json::object& o, const std::string& at,
                std::initializer_list<std::string_view> allowed) {
  for (const auto& kv : o) {
    bool known = false;
    for (auto a : allowed) known = known || kv.key() == a;
    if (!known) {
      return errors::CommissionInvalid(
          at.empty() ? std::string(kv.key()) : at + "." + std::string(kv.key()), "unknown field");
    }
  }
  return Ok();
}

// A percentage with at most two decimals, 0-100, as basis points.
Result<int64_t> RateBp(const json::value& v, const std::string& at) {
  double pct = 0;
  if (v.is_int64()) {
    pct = static_cast<double>(v.as_int64());
  } else if (v.is_uint64()) {
    pct = static_cast<double>(v.as_uint64());
  } else if (v.is_double()) {
    pct = v.as_double();
  } else {
    return errors::CommissionInvalid(at, "must be a number");
  }
  if (!(pct >= 0 && pct <= 100)) return errors::CommissionInvalid(at, "must be from 0 to 100");
  const double bp = std::round(pct * 100);
  if (std::fabs(bp - pct * 100) > 1e-6) {
    return errors::CommissionInvalid(at, "at most two decimals");
  }
  return static_cast<int64_t>(bp);
}

Result<int64_t> Fen(const json::object& o, std::string_view key, const std::string& at,
                    bool required) {
  const json::value* v = o.if_contains(key);
  const std::string path = at + "." + std::string(key);
  if (!v || v->is_null()) {
    if (required) return errors::CommissionInvalid(path, "required");
    return int64_t{0};
  }
  if (!v->is_int64() || v->as_int64() < 0 || v->as_int64() > kMaxFen) {
    return errors::CommissionInvalid(path, "must be a whole number of fen from 0");
  }
  return v->as_int64();
}

Result<std::optional<std::string>> Name(const json::object& o, std::string_view key,
                                        const std::string& at) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return std::optional<std::string>();
  if (!v->is_string() || v->as_string().empty() || v->as_string().size() > 64) {
    return errors::CommissionInvalid(at + "." + std::string(key), "must be a name");
  }
  return std::optional<std::string>(std::string(v->as_string()));
}

Result<CommissionRule> ParseRule(const json::value& v, const std::string& at) {
  if (!v.is_object()) return errors::CommissionInvalid(at, "must be an object");
  const json::object& o = v.as_object();
  PEONY_CHECK(OnlyKeys(o, at, {"role", "item_kind", "category", "rate_pct", "tiers"}));
  CommissionRule r;
  PEONY_TRY(r.role, Name(o, "role", at));
  PEONY_TRY(r.item_kind, Name(o, "item_kind", at));
  PEONY_TRY(r.category, Name(o, "category", at));
  if (r.item_kind && !ParseLineKind(*r.item_kind)) {
    return errors::CommissionInvalid(at + ".item_kind", "one of service, product, card, package");
  }
  const json::value* rate = o.if_contains("rate_pct");
  const json::value* tiers = o.if_contains("tiers");
  const bool has_rate = rate && !rate->is_null(), has_tiers = tiers && !tiers->is_null();
  if (has_rate == has_tiers) {
    return errors::CommissionInvalid(at + ".rate_pct", "give either rate_pct or tiers");
  }
  if (has_rate) {
    PEONY_TRY(auto bp, RateBp(*rate, at + ".rate_pct"));
    r.tiers.push_back({0, bp});
    return r;
  }
  if (!tiers->is_array() || tiers->as_array().empty() || tiers->as_array().size() > kMaxTiers) {
    return errors::CommissionInvalid(at + ".tiers", "1-" + std::to_string(kMaxTiers) + " tiers");
  }
  const auto& arr = tiers->as_array();
  for (size_t i = 0; i < arr.size(); ++i) {
    const std::string t = at + ".tiers[" + std::to_string(i) + "]";
    if (!arr[i].is_object()) return errors::CommissionInvalid(t, "must be an object");
    const json::object& to = arr[i].as_object();
    PEONY_CHECK(OnlyKeys(to, t, {"from_fen", "rate_pct"}));
    Tier tier;
    PEONY_TRY(tier.from_fen, Fen(to, "from_fen", t, true));
    const json::value* tr = to.if_contains("rate_pct");
    if (!tr || tr->is_null()) return errors::CommissionInvalid(t + ".rate_pct", "required");
    PEONY_TRY(tier.rate_bp, RateBp(*tr, t + ".rate_pct"));
    if (i == 0 && tier.from_fen != 0) {
      return errors::CommissionInvalid(t + ".from_fen", "the first tier starts at 0");
    }
    if (i > 0 && tier.from_fen <= r.tiers.back().from_fen) {
      return errors::CommissionInvalid(t + ".from_fen", "tiers must rise");
    }
    r.tiers.push_back(tier);
  }
  return r;
}

}  // namespace

Result<CommissionRules> ParseCommissionRules(const json::object& o) {
  PEONY_CHECK(OnlyKeys(o, "", {"rules", "handwork"}));
  CommissionRules out;
  if (const json::value* rules = o.if_contains("rules"); rules && !rules->is_null()) {
    if (!rules->is_array() || rules->as_array().size() > kMaxRules) {
      return errors::CommissionInvalid(
          "rules", "an array of at most " + std::to_string(kMaxRules) + " rules");
    }
    const auto& arr = rules->as_array();
    for (size_t i = 0; i < arr.size(); ++i) {
      PEONY_TRY(auto rule, ParseRule(arr[i], "rules[" + std::to_string(i) + "]"));
      out.rules.push_back(std::move(rule));
    }
  }
  if (const json::value* hw = o.if_contains("handwork"); hw && !hw->is_null()) {
    if (!hw->is_array() || hw->as_array().size() > kMaxHandwork) {
      return errors::CommissionInvalid(
          "handwork", "an array of at most " + std::to_string(kMaxHandwork) + " fees");
    }
    std::set<int64_t> seen;
    const auto& arr = hw->as_array();
    for (size_t i = 0; i < arr.size(); ++i) {
      const std::string at = "handwork[" + std::to_string(i) + "]";
      if (!arr[i].is_object()) return errors::CommissionInvalid(at, "must be an object");
      const json::object& ho = arr[i].as_object();
      PEONY_CHECK(OnlyKeys(ho, at, {"service_id", "fee_fen", "nurse_fee_fen"}));
      HandworkFee fee;
      const json::value* sid = ho.if_contains("service_id");
      if (!sid || !sid->is_int64() || sid->as_int64() < 1) {
        return errors::CommissionInvalid(at + ".service_id", "a service id, required");
      }
      fee.service_id = sid->as_int64();
      if (!seen.insert(fee.service_id).second) {
        return errors::CommissionInvalid(at + ".service_id", "named twice");
      }
      PEONY_TRY(fee.fee_fen, Fen(ho, "fee_fen", at, true));
      PEONY_TRY(fee.nurse_fee_fen, Fen(ho, "nurse_fee_fen", at, false));
      out.handwork.push_back(fee);
    }
  }
  return out;
}

json::object CommissionRulesJson(const CommissionRules& r) {
  auto opt = [](const std::optional<std::string>& s) {
    return s ? json::value(*s) : json::value(nullptr);
  };
  json::array rules;
  for (const auto& rule : r.rules) {
    json::array tiers;
    for (const auto& t : rule.tiers) {
      // Whole percentages stay integers (3, not 3.0).
      const json::value rate = t.rate_bp % 100 == 0
                                   ? json::value(t.rate_bp / 100)
                                   : json::value(static_cast<double>(t.rate_bp) / 100.0);
      tiers.push_back(json::object{{"from_fen", t.from_fen}, {"rate_pct", rate}});
    }
    rules.push_back(json::object{{"role", opt(rule.role)},
                                 {"item_kind", opt(rule.item_kind)},
                                 {"category", opt(rule.category)},
                                 {"tiers", std::move(tiers)}});
  }
  json::array handwork;
  for (const auto& h : r.handwork) {
    handwork.push_back(json::object{
        {"service_id", h.service_id}, {"fee_fen", h.fee_fen}, {"nurse_fee_fen", h.nurse_fee_fen}});
  }
  return json::object{{"rules", std::move(rules)}, {"handwork", std::move(handwork)}};
}

const CommissionRule* MatchRule(const CommissionRules& r, const std::vector<std::string>& roles,
                                std::string_view item_kind, std::string_view category) {
  const CommissionRule* best = nullptr;
  int best_score = -1;
  for (const auto& rule : r.rules) {
    int score = 0;
    if (rule.role) {
      bool has = false;
      for (const auto& role : roles) has = has || role == *rule.role;
      if (!has) continue;
      score += 4;
    }
    if (rule.category) {
      if (*rule.category != category) continue;
      score += 2;
    }
    if (rule.item_kind) {
      if (*rule.item_kind != item_kind) continue;
      score += 1;
    }
    if (score > best_score) {
      best = &rule;
      best_score = score;
    }
  }
  return best;
}

}  // namespace peony::domain::orders
