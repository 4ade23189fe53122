// Computed customer value (CUS-4/5): total spend, visits, intervals, RFM, activity, LTV, churn
// risk and the predicted next visit per service. The formulas are in docs/CLINIC.md; this header
// holds the pure computation (no database, so tests state facts and expect figures) and the
// organisation's settings.
//
//   ValueFacts facts;  // her completed treatments and payments, as dates and amounts
//   CustomerValue v = ComputeValue(facts, population, settings, today);
//   boost::json::object body = ValueJson(v, service_names);
#pragma once

#include <array>
#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "common/time_zone.h"

namespace peony::domain::customers {

// Per organisation; SettingsJson / ParseSettings give its JSON form.
struct ValueSettings {
  int64_t active_days = 90;    // last activity at most this many days ago: active
  int64_t dormant_days = 180;  // at most this many: dormant; older: churned
  // Cut points, ascending. Recency: days since the last visit ≤ [0] scores 5, ≤ [1] 4, ≤ [2] 3,
  // ≤ [3] 2, else 1. Frequency (visits) and monetary (spend in fen): ≥ [3] scores 5, ≥ [2] 4,
  // ≥ [1] 3, ≥ [0] 2, else 1.
  std::array<int64_t, 4> recency_days{30, 90, 180, 365};
  std::array<int64_t, 4> frequency_visits{2, 3, 5, 8};
  std::array<int64_t, 4> monetary_fen{100'000, 500'000, 1'000'000, 3'000'000};
  int high_score = 3;         // a score at least this is "high" for the segment
  int64_t ltv_years = 3;      // the horizon of the LTV projection
  double churn_factor = 1.5;  // past her usual interval × this: churn risk
};

// {"active_days","dormant_days","rfm":{"recency_days":[4],"frequency_visits":[4],
// "monetary_fen":[4],"high_score"},"ltv_years","churn_factor"}
boost::json::object SettingsJson(const ValueSettings& s);
// `patch` (any subset of SettingsJson's keys; "rfm" may be partial too) applied over `base`, then
// checked. Error: customer.invalid_settings naming every bad path ("rfm.recency_days", …).
Result<ValueSettings> ParseSettings(const boost::json::object& patch, const ValueSettings& base);

// What the computation needs of one customer.
struct Visit {
  LocalDate day;
  std::optional<int64_t> service_id;
};
struct PaymentFact {
  LocalDate day;
  int64_t amount_fen = 0;
  bool refund = false;
};
struct ValueFacts {
  std::vector<Visit> visits;  // completed treatments, any order
  std::vector<PaymentFact> payments;
  LocalDate created_on;  // the customer record's creation date (activity without any visit)
};

// The median interval in days between visits for each service, over every customer with at least
// two visits of it (each customer's mean interval counts once).
using PopulationIntervals = std::map<int64_t, double>;

struct NextVisit {
  int64_t service_id = 0;
  LocalDate predicted_on;
  double interval_days = 0;
  bool own = false;  // from her own visits of the service; else the population's median
};

struct CustomerValue {
  int64_t total_spend_fen = 0;  // payments minus refunds
  int64_t visits = 0;           // days with a completed treatment
  std::optional<LocalDate> first_visit, last_visit;
  std::optional<double> avg_interval_days;  // (last − first) / (visits − 1)
  int r = 1, f = 1, m = 1;
  std::string segment;   // important_value, important_develop, … (docs/CLINIC.md)
  std::string activity;  // active | dormant | churned
  int64_t days_inactive = 0;
  int64_t ltv_fen = 0;
  bool churn_risk = false;
  std::vector<NextVisit> next_visits;  // by predicted date
};

CustomerValue ComputeValue(const ValueFacts& facts, const PopulationIntervals& population,
                           const ValueSettings& settings, LocalDate today);

// The API form: {"total_spend_fen","visits","first_visit","last_visit","avg_interval_days",
// "rfm":{"r","f","m","segment"},"activity","ltv_fen","churn_risk","next_visits":[{"service_id",
// "name","predicted_on","basis","interval_days"}]}; names by service id ("" when unknown).
boost::json::object ValueJson(const CustomerValue& v, const std::map<int64_t, std::string>& names);

}  // namespace peony::domain::customers
