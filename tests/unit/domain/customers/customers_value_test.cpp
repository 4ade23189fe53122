// The customer-value formulas on stated facts (no database): spend, visits, intervals, RFM,
// activity, LTV, churn risk, next visits; and the settings' checks.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "domain/customers/value.h"
#include "unit/storage/db_fixture.h"

namespace peony::domain::customers {
namespace {

namespace json = boost::json;
using storage::testing::CodeOf;

constexpr LocalDate kToday{2026, 11, 23};

LocalDate Ago(int64_t days) { return AddDays(kToday, -days); }

ValueFacts Facts() {
  ValueFacts f;
  f.created_on = Ago(400);
  return f;
}

TEST(CustomerValue, ANewCustomerWithoutVisitsIsActiveWithNothingPredicted) {
  ValueFacts f;
  f.created_on = Ago(10);
  const CustomerValue v = ComputeValue(f, {}, ValueSettings{}, kToday);
  EXPECT_EQ(v.total_spend_fen, 0);
  EXPECT_EQ(v.visits, 0);
  EXPECT_FALSE(v.first_visit);
  EXPECT_FALSE(v.avg_interval_days);
  EXPECT_EQ(v.activity, "active");
  EXPECT_EQ(v.r, 1);
  EXPECT_EQ(v.f, 1);
  EXPECT_EQ(v.m, 1);
  EXPECT_EQ(v.segment, "general_retain");
  EXPECT_EQ(v.ltv_fen, 0);
  EXPECT_FALSE(v.churn_risk);
  EXPECT_TRUE(v.next_visits.empty());
}

TEST(CustomerValue, SpendVisitsIntervalsRfmAndNextVisitsFollowTheFormulas) {
  ValueFacts f = Facts();
  f.visits = {{Ago(200), 7}, {Ago(140), 7}, {Ago(80), 7}, {Ago(20), 8}, {Ago(20), 7}};
  f.payments = {{Ago(200), 300'000, false}, {Ago(20), 200'000, false}, {Ago(19), 50'000, true}};
  const CustomerValue v = ComputeValue(f, {{8, 30.0}, {7, 90.0}}, ValueSettings{}, kToday);
  EXPECT_EQ(v.total_spend_fen, 450'000);
  EXPECT_EQ(v.visits, 4);  // two treatments on one day are one visit
  EXPECT_EQ(*v.first_visit, Ago(200));
  EXPECT_EQ(*v.last_visit, Ago(20));
  EXPECT_DOUBLE_EQ(*v.avg_interval_days, 60.0);  // 180 days over 3 gaps
  EXPECT_EQ(v.r, 5);                             // 20 days ≤ 30
  EXPECT_EQ(v.f, 3);                             // 4 visits ≥ 3
  EXPECT_EQ(v.m, 2);                             // ¥4,500 ≥ ¥1,000
  EXPECT_EQ(v.segment, "general_value");
  EXPECT_EQ(v.activity, "active");
  EXPECT_EQ(v.days_inactive, 19);  // the refund is the last activity
  // Tenure under a year counts as a year: 450,000 + 450,000 × 3 years.
  EXPECT_EQ(v.ltv_fen, 1'800'000);
  EXPECT_FALSE(v.churn_risk);
  ASSERT_EQ(v.next_visits.size(), 2u);
  // Service 7: her own visits 200, 140, 80, 20 days ago → every 60 days.
  EXPECT_EQ(v.next_visits[0].service_id, 8);  // one visit: the population's 30 days
  EXPECT_FALSE(v.next_visits[0].own);
  EXPECT_EQ(v.next_visits[0].predicted_on, AddDays(kToday, 10));
  EXPECT_EQ(v.next_visits[1].service_id, 7);
  EXPECT_TRUE(v.next_visits[1].own);
  EXPECT_DOUBLE_EQ(v.next_visits[1].interval_days, 60.0);
  EXPECT_EQ(v.next_visits[1].predicted_on, AddDays(kToday, 40));

  const json::object j = ValueJson(v, {{7, "水光针"}});
  EXPECT_EQ(j.at("first_visit").as_string(), FormatDate(Ago(200)));
  EXPECT_EQ(j.at("rfm").at("segment").as_string(), "general_value");
  EXPECT_EQ(j.at("next_visits").at(0).at("basis").as_string(), "population");
  EXPECT_EQ(j.at("next_visits").at(0).at("name").as_string(), "");
  EXPECT_EQ(j.at("next_visits").at(1).at("name").as_string(), "水光针");
  EXPECT_EQ(j.at("next_visits").at(1).at("basis").as_string(), "own");
}

TEST(CustomerValue, PastHerUsualIntervalSheIsAtRiskAndLongGoneSheIsChurned) {
  ValueFacts f = Facts();
  f.visits = {{Ago(300), 7}, {Ago(240), 7}};
  f.payments = {{Ago(300), 600'000, false}};
  const CustomerValue v = ComputeValue(f, {}, ValueSettings{}, kToday);
  EXPECT_TRUE(v.churn_risk);  // 240 days > 60 × 1.5
  EXPECT_EQ(v.activity, "churned");
  EXPECT_EQ(v.ltv_fen, 600'000);  // churned: no future
  EXPECT_EQ(v.segment, "important_retain");

  ValueSettings lenient;
  lenient.churn_factor = 5.0;
  lenient.dormant_days = 365;
  const CustomerValue w = ComputeValue(f, {}, lenient, kToday);
  EXPECT_FALSE(w.churn_risk);  // 240 ≤ 300
  EXPECT_EQ(w.activity, "dormant");
  // Dormant counts half: 600,000 + 600,000 a year (300 days count as a year) × 3 × 0.5.
  EXPECT_EQ(w.ltv_fen, 600'000 + 900'000);
}

TEST(CustomerValue, WithOneVisitTheRiskUsesThePopulationsInterval) {
  ValueFacts f = Facts();
  f.visits = {{Ago(100), 8}};
  EXPECT_TRUE(ComputeValue(f, {{8, 30.0}}, ValueSettings{}, kToday).churn_risk);   // 100 > 45
  EXPECT_FALSE(ComputeValue(f, {{8, 90.0}}, ValueSettings{}, kToday).churn_risk);  // 100 ≤ 135
  EXPECT_FALSE(ComputeValue(f, {}, ValueSettings{}, kToday).churn_risk);  // nothing to go by
}

TEST(CustomerValue, CutPointsAreInclusive) {
  ValueSettings s;
  constexpr std::pair<int64_t, int> kRecency[] = {{0, 5},  {30, 5},  {31, 4},
                                                  {90, 4}, {365, 2}, {366, 1}};
  for (const auto& [days, score] : kRecency) {
    ValueFacts f = Facts();
    f.visits = {{Ago(days), std::nullopt}};
    EXPECT_EQ(ComputeValue(f, {}, s, kToday).r, score) << days;
  }
  constexpr std::pair<int64_t, int> kMonetary[] = {{99'999, 1}, {100'000, 2}, {3'000'000, 5}};
  for (const auto& [fen, score] : kMonetary) {
    ValueFacts f = Facts();
    f.payments = {{Ago(1), fen, false}};
    EXPECT_EQ(ComputeValue(f, {}, s, kToday).m, score) << fen;
  }
}

TEST(CustomerValueSettings, DefaultsRoundTripAndPatchesApplyOverTheCurrent) {
  const ValueSettings d;
  auto same = ParseSettings(SettingsJson(d), ValueSettings{});
  ASSERT_TRUE(same.ok()) << CodeOf(same);
  EXPECT_EQ(json::serialize(SettingsJson(*same)), json::serialize(SettingsJson(d)));
  auto patched = ParseSettings(
      json::parse(R"({"active_days":60,"rfm":{"high_score":4},"churn_factor":2})").as_object(), d);
  ASSERT_TRUE(patched.ok()) << CodeOf(patched);
  EXPECT_EQ(patched->active_days, 60);
  EXPECT_EQ(patched->dormant_days, 180);
  EXPECT_EQ(patched->high_score, 4);
  EXPECT_EQ(patched->recency_days, d.recency_days);
  EXPECT_DOUBLE_EQ(patched->churn_factor, 2.0);
}

TEST(CustomerValueSettings, NonsenseIsRefusedNamingEachBadSetting) {
  const ValueSettings d;
  auto fields = [&](std::string_view text) -> json::object {
    auto r = ParseSettings(json::parse(text).as_object(), d);
    EXPECT_EQ(CodeOf(r), "customer.invalid_settings") << text;
    return r.ok() ? json::object{} : r.error().details.at("fields").as_object();
  };
  EXPECT_TRUE(fields(R"({"dormant_days":60})").contains("dormant_days"));  // not above 90
  EXPECT_TRUE(fields(R"({"active_days":0})").contains("active_days"));
  EXPECT_TRUE(fields(R"({"active_days":"90"})").contains("active_days"));
  EXPECT_TRUE(fields(R"({"active_days":1.5})").contains("active_days"));
  EXPECT_TRUE(fields(R"({"churn_factor":0.5})").contains("churn_factor"));
  EXPECT_TRUE(fields(R"({"colour":"red"})").contains("colour"));
  EXPECT_TRUE(fields(R"({"rfm":[]})").contains("rfm"));
  EXPECT_TRUE(fields(R"({"rfm":{"recency_days":[30,20,40,50]}})").contains("rfm.recency_days"));
  EXPECT_TRUE(fields(R"({"rfm":{"monetary_fen":[1,2,3]}})").contains("rfm.monetary_fen"));
  EXPECT_TRUE(fields(R"({"rfm":{"high_score":9,"x":1}})").contains("rfm.high_score"));
  EXPECT_TRUE(fields(R"({"rfm":{"x":1}})").contains("rfm.x"));
  const json::object both = fields(R"({"ltv_years":-1,"active_days":null})");
  EXPECT_TRUE(both.contains("ltv_years"));
  EXPECT_TRUE(both.contains("active_days"));
}

}  // namespace
}  // namespace peony::domain::customers
