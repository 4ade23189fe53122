// The customer-value formulas (docs/CLINIC.md, "Computed value"). Everything is in whole days of
// the organisation's calendar; money in fen.
#include <algorithm>
#include <cmath>
#include <set>

#include "domain/customers/value.h"

namespace peony::domain::customers {
namespace {

namespace json = boost::json;

int64_t Days(LocalDate from, LocalDate to) { return DaysSinceEpoch(to) - DaysSinceEpoch(from); }

// Recency scores high when small; frequency and monetary when large.
int RecencyScore(int64_t days, const std::array<int64_t, 4>& cuts) {
  for (int i = 0; i < 4; ++i) {
    if (days <= cuts[i]) return 5 - i;
  }
  return 1;
}
int AmountScore(int64_t n, const std::array<int64_t, 4>& cuts) {
  for (int i = 3; i >= 0; --i) {
    if (n >= cuts[i]) return i + 2;
  }
  return 1;
}

// The classic eight RFM segments: high or low recency, frequency and monetary.
std::string Segment(bool r, bool f, bool m) {
  if (m) {
    if (r) return f ? "important_value" : "important_develop";
    return f ? "important_keep" : "important_retain";
  }
  if (r) return f ? "general_value" : "general_develop";
  return f ? "general_keep" : "general_retain";
}

// The mean gap between sorted distinct days; nullopt for fewer than two.
std::optional<double> MeanGap(const std::set<LocalDate>& days) {
  if (days.size() < 2) return std::nullopt;
  return static_cast<double>(Days(*days.begin(), *days.rbegin())) /
         static_cast<double>(days.size() - 1);
}

double Round1(double x) { return std::round(x * 10.0) / 10.0; }

}  // namespace

CustomerValue ComputeValue(const ValueFacts& facts, const PopulationIntervals& population,
                           const ValueSettings& s, LocalDate today) {
  CustomerValue v;
  std::optional<LocalDate> first_paid, last_paid;
  for (const PaymentFact& p : facts.payments) {
    v.total_spend_fen += p.refund ? -p.amount_fen : p.amount_fen;
    if (!first_paid || p.day < *first_paid) first_paid = p.day;
    if (!last_paid || p.day > *last_paid) last_paid = p.day;
  }

  std::set<LocalDate> days;
  std::map<int64_t, std::set<LocalDate>> by_service;
  for (const Visit& visit : facts.visits) {
    days.insert(visit.day);
    if (visit.service_id) by_service[*visit.service_id].insert(visit.day);
  }
  v.visits = static_cast<int64_t>(days.size());
  if (!days.empty()) {
    v.first_visit = *days.begin();
    v.last_visit = *days.rbegin();
  }
  v.avg_interval_days = MeanGap(days);

  // Activity counts visits and payments; a customer with neither dates from her record (a profile
  // imported today with an old history is as active as that history).
  LocalDate last_active = facts.created_on;
  if (v.last_visit || last_paid) {
    last_active =
        std::max(v.last_visit.value_or(LocalDate{1, 1, 1}), last_paid.value_or(LocalDate{1, 1, 1}));
  }
  v.days_inactive = std::max<int64_t>(0, Days(last_active, today));
  v.activity = v.days_inactive <= s.active_days    ? "active"
               : v.days_inactive <= s.dormant_days ? "dormant"
                                                   : "churned";

  // RFM: recency from the last visit (else the last payment; never: the lowest score).
  const std::optional<LocalDate> recent = v.last_visit ? v.last_visit : last_paid;
  v.r = recent ? RecencyScore(std::max<int64_t>(0, Days(*recent, today)), s.recency_days) : 1;
  v.f = AmountScore(v.visits, s.frequency_visits);
  v.m = AmountScore(v.total_spend_fen, s.monetary_fen);
  v.segment = Segment(v.r >= s.high_score, v.f >= s.high_score, v.m >= s.high_score);

  // LTV: what she spent plus her yearly spend over the horizon, weighted by activity.
  const int64_t spent = std::max<int64_t>(0, v.total_spend_fen);
  std::optional<LocalDate> since = v.first_visit;
  if (first_paid && (!since || *first_paid < *since)) since = first_paid;
  const int64_t tenure = since ? std::max<int64_t>(365, Days(*since, today)) : 365;
  const double yearly = static_cast<double>(spent) * 365.0 / static_cast<double>(tenure);
  const double weight = v.activity == "active" ? 1.0 : v.activity == "dormant" ? 0.5 : 0.0;
  v.ltv_fen = spent + static_cast<int64_t>(
                          std::llround(yearly * static_cast<double>(s.ltv_years) * weight));

  // The next visit per service: her own mean interval of it, else the population's median.
  std::optional<double> shortest_population;
  for (const auto& [service, service_days] : by_service) {
    NextVisit next;
    next.service_id = service;
    if (auto own = MeanGap(service_days)) {
      next.interval_days = *own;
      next.own = true;
    } else if (auto it = population.find(service); it != population.end()) {
      next.interval_days = it->second;
      if (!shortest_population || it->second < *shortest_population) {
        shortest_population = it->second;
      }
    } else {
      continue;
    }
    const int64_t step = std::max<int64_t>(1, std::llround(next.interval_days));
    next.predicted_on = AddDays(*service_days.rbegin(), step);
    v.next_visits.push_back(next);
  }
  std::sort(v.next_visits.begin(), v.next_visits.end(), [](const NextVisit& a, const NextVisit& b) {
    return a.predicted_on != b.predicted_on ? a.predicted_on < b.predicted_on
                                            : a.service_id < b.service_id;
  });

  // Churn risk: longer since her last visit than her usual interval allows.
  const std::optional<double> usual =
      v.avg_interval_days ? v.avg_interval_days : shortest_population;
  if (v.last_visit && usual) {
    v.churn_risk = static_cast<double>(Days(*v.last_visit, today)) > *usual * s.churn_factor;
  }
  return v;
}

json::object ValueJson(const CustomerValue& v, const std::map<int64_t, std::string>& names) {
  auto date = [](const std::optional<LocalDate>& d) {
    return d ? json::value(FormatDate(*d)) : json::value(nullptr);
  };
  json::array next;
  for (const NextVisit& n : v.next_visits) {
    auto it = names.find(n.service_id);
    next.push_back(json::object{{"service_id", n.service_id},
                                {"name", it == names.end() ? "" : it->second},
                                {"predicted_on", FormatDate(n.predicted_on)},
                                {"basis", n.own ? "own" : "population"},
                                {"interval_days", Round1(n.interval_days)}});
  }
  return json::object{
      {"total_spend_fen", v.total_spend_fen},
      {"visits", v.visits},
      {"first_visit", date(v.first_visit)},
      {"last_visit", date(v.last_visit)},
      {"avg_interval_days",
       v.avg_interval_days ? json::value(Round1(*v.avg_interval_days)) : json::value(nullptr)},
      {"rfm", json::object{{"r", v.r}, {"f", v.f}, {"m", v.m}, {"segment", v.segment}}},
      {"activity", v.activity},
      {"days_inactive", v.days_inactive},
      {"ltv_fen", v.ltv_fen},
      {"churn_risk", v.churn_risk},
      {"next_visits", std::move(next)}};
}

}  // namespace peony::domain::customers
