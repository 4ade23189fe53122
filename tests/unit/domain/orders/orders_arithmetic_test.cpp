// The money arithmetic of orders (pricing, discounts, shares, tiers) and the parsers of the
// orders and commission bodies, without a database.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <numeric>

#include "domain/orders/arithmetic.h"
#include "domain/orders/commission.h"
#include "domain/orders/order.h"

namespace peony::domain::orders {
namespace {

namespace json = boost::json;

int64_t Sum(const std::vector<int64_t>& v) { return std::accumulate(v.begin(), v.end(), 0LL); }

std::string FailingField(const Error& e) {
  const auto& fields = e.details.at("fields").as_object();
  return fields.empty() ? "" : std::string(fields.begin()->key());
}

TEST(OrderArithmetic, AllocateSplitsExactlyWithTheLargestRemaindersFirst) {
  EXPECT_EQ(Allocate(100, {1, 1, 1}), (std::vector<int64_t>{34, 33, 33}));
  EXPECT_EQ(Allocate(10, {50, 30, 20}), (std::vector<int64_t>{5, 3, 2}));
  EXPECT_EQ(Allocate(7, {1, 2}), (std::vector<int64_t>{2, 5}));  // 2.33 / 4.67
  EXPECT_EQ(Allocate(0, {1, 2}), (std::vector<int64_t>{0, 0}));
  EXPECT_EQ(Allocate(5, {0, 0}), (std::vector<int64_t>{5, 0}));
  EXPECT_TRUE(Allocate(5, {}).empty());
  // Large amounts do not overflow.
  const auto big = Allocate(99'999'999'999, {99'999'999'999, 1});
  EXPECT_EQ(Sum(big), 99'999'999'999);
  for (int64_t total : {1, 99, 1001, 123457}) {
    EXPECT_EQ(Sum(Allocate(total, {33, 33, 34})), total) << total;
  }
}

TEST(OrderArithmetic, PriceOrderSpreadsTheOrderDiscountByLineAmount) {
  // 2 × 100.00 − 20.00, and 1 × 300.00; 50.00 off the order.
  auto r = PriceOrder({{2, 10000, 2000}, {1, 30000, 0}}, 5000, "discount_fen");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->amounts, (std::vector<int64_t>{18000, 30000}));
  EXPECT_EQ(r->total_fen, 43000);
  EXPECT_EQ(r->nets, (std::vector<int64_t>{16125, 26875}));  // 18000 − 1875, 30000 − 3125
  EXPECT_EQ(Sum(r->nets), r->total_fen);
}

TEST(OrderArithmetic, DiscountsNeverMakeALineOrTheOrderNegative) {
  auto line = PriceOrder({{1, 10000, 10001}}, 0, "discount_fen");
  ASSERT_FALSE(line.ok());
  EXPECT_EQ(line.error().code, "order.invalid");
  EXPECT_EQ(FailingField(line.error()), "lines[0].discount_fen");
  auto whole = PriceOrder({{1, 10000, 0}, {1, 5000, 5000}}, 10001, "coupon.amount_fen");
  ASSERT_FALSE(whole.ok());
  EXPECT_EQ(FailingField(whole.error()), "coupon.amount_fen");
  auto exact = PriceOrder({{1, 10000, 10000}}, 0, "discount_fen");
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(exact->total_fen, 0);
  auto huge = PriceOrder({{10000, 100'000'000'000, 0}}, 0, "discount_fen");
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(FailingField(huge.error()), "lines[0].unit_price_fen");
}

TEST(OrderArithmetic, TiersAreProgressiveOverTheMonthsTotal) {
  // 0-50,000 yuan at 3 %, above at 5 %.
  const std::vector<Tier> tiers{{0, 300}, {5'000'000, 500}};
  EXPECT_EQ(TieredCommission(0, 1'000'000, tiers), 30'000);            // 10,000 yuan → 300
  EXPECT_EQ(TieredCommission(0, 6'000'000, tiers), 150'000 + 50'000);  // 1,500 + 500 yuan
  EXPECT_EQ(TieredCommission(4'000'000, 2'000'000, tiers), 30'000 + 50'000);
  EXPECT_EQ(TieredCommission(7'000'000, 1'000'000, tiers), 50'000);
  // Split or whole, the month earns the same.
  EXPECT_EQ(TieredCommission(0, 3'000'000, tiers) + TieredCommission(3'000'000, 3'000'000, tiers),
            TieredCommission(0, 6'000'000, tiers));
  // A refund takes back at the tier it falls back through.
  EXPECT_EQ(TieredCommission(6'000'000, -2'000'000, tiers), -(30'000 + 50'000));
  // Rounded half up to the fen: 3.5 % of 1 fen is 0.035 → 0; of 15 fen 0.525 → 1.
  EXPECT_EQ(TieredCommission(0, 15, {{0, 350}}), 1);
  EXPECT_EQ(TieredCommission(0, 1, {{0, 350}}), 0);
  EXPECT_EQ(TieredCommission(0, 100, {}), 0);
}

TEST(OrderArithmetic, ProrateRoundsHalfUpBothWays) {
  EXPECT_EQ(Prorate(1000, 1, 3), 333);
  EXPECT_EQ(Prorate(1000, 2, 3), 667);
  EXPECT_EQ(Prorate(-1000, 2, 3), -667);
  EXPECT_EQ(Prorate(1000, 1, 0), 0);
}

TEST(OrderInput, ParseCreateNamesEveryFailingField) {
  auto r = ParseCreate(json::parse(R"({"customer_id":-1,"discount_fen":1.5,"bogus":1,
      "lines":[{"kind":"gift","item_id":"x","quantity":0},
               {"kind":"card","item_id":3,"quantity":2,"staff":[{"user_id":4,"share_pct":101}]}],
      "payments":[{"method":"stored_value","amount_fen":-5},{"method":"cash","amount_fen":1,
                   "card_id":9}]})")
                           .as_object());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "order.invalid");
  const auto& f = r.error().details.at("fields").as_object();
  for (const char* key :
       {"customer_id", "discount_fen", "bogus", "lines[0].kind", "lines[0].item_id",
        "lines[0].quantity", "lines[1].quantity", "lines[1].staff[0].share_pct",
        "payments[0].amount_fen", "payments[0].card_id", "payments[1].card_id"}) {
    EXPECT_TRUE(f.contains(key)) << key;
  }
}

TEST(OrderInput, SharesMustAddUpTo100) {
  auto r = ParseCreate(json::parse(R"({"customer_id":1,"lines":[{"kind":"service","item_id":2,
      "staff":[{"user_id":4,"share_pct":60},{"user_id":5,"share_pct":30}]}]})")
                           .as_object());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "order.shares_not_100");
  EXPECT_TRUE(r.error().details.at("fields").as_object().contains("lines[0].staff"));
  auto twice = ParseCreate(json::parse(R"({"customer_id":1,"lines":[{"kind":"service","item_id":2,
      "staff":[{"user_id":4,"share_pct":50},{"user_id":4,"share_pct":50}]}]})")
                               .as_object());
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, "order.invalid");
  auto ok = ParseCreate(json::parse(R"({"customer_id":1,"lines":[{"kind":"service","item_id":2,
      "staff":[{"user_id":4,"share_pct":34},{"user_id":5,"share_pct":66}]}],
      "coupon":{"code":"NEW50","amount_fen":5000}})")
                            .as_object());
  ASSERT_TRUE(ok.ok()) << ok.error().code;
  EXPECT_EQ(ok->lines[0].quantity, 1);
  EXPECT_EQ(ok->coupon->amount_fen, 5000);
}

TEST(OrderInput, RefundAndPayBodies) {
  EXPECT_EQ(
      ParseRefund(json::parse(R"({"amount_fen":0,"method":"cash"})").as_object()).error().code,
      "order.invalid");
  EXPECT_EQ(ParseRefund(json::parse(R"({"amount_fen":5,"method":"cash","card_id":3})").as_object())
                .error()
                .code,
            "order.invalid");
  EXPECT_TRUE(
      ParseRefund(json::parse(R"({"amount_fen":5,"method":"wechat","reason":"退"})").as_object())
          .ok());
  EXPECT_EQ(ParsePay(json::parse(R"({"payments":[]})").as_object()).error().code, "order.invalid");
}

TEST(CommissionRules, ParseShowAndMatch) {
  auto r = ParseCommissionRules(json::parse(R"({"rules":[
      {"rate_pct":1},
      {"item_kind":"service","rate_pct":2.5},
      {"role":"consultant","tiers":[{"from_fen":0,"rate_pct":3},{"from_fen":5000000,"rate_pct":5}]},
      {"role":"consultant","category":"injection","rate_pct":8}],
      "handwork":[{"service_id":7,"fee_fen":5000,"nurse_fee_fen":2000}]})")
                                    .as_object());
  ASSERT_TRUE(r.ok()) << r.error().code;
  EXPECT_EQ(r->rules[1].tiers[0].rate_bp, 250);
  const std::vector<std::string> consultant{"consultant"}, nurse{"nurse"};
  EXPECT_EQ(MatchRule(*r, consultant, "service", "injection"), &r->rules[3]);
  EXPECT_EQ(MatchRule(*r, consultant, "product", "skincare"), &r->rules[2]);
  EXPECT_EQ(MatchRule(*r, nurse, "service", "laser"), &r->rules[1]);
  EXPECT_EQ(MatchRule(*r, nurse, "product", "skincare"), &r->rules[0]);
  EXPECT_EQ(MatchRule(CommissionRules{}, nurse, "product", "skincare"), nullptr);
  // What the API shows reads back the same.
  auto again = ParseCommissionRules(CommissionRulesJson(*r));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->rules[2].tiers[1].rate_bp, 500);
  EXPECT_EQ(again->handwork[0].nurse_fee_fen, 2000);
}

TEST(CommissionRules, RefusesMalformedRules) {
  for (const char* bad : {
           R"({"rules":[{"rate_pct":101}]})",
           R"({"rules":[{"rate_pct":1.234}]})",
           R"({"rules":[{"rate_pct":1,"tiers":[{"from_fen":0,"rate_pct":1}]}]})",
           R"({"rules":[{}]})",
           R"({"rules":[{"tiers":[{"from_fen":100,"rate_pct":1}]}]})",
           R"({"rules":[{"tiers":[{"from_fen":0,"rate_pct":1},{"from_fen":0,"rate_pct":2}]}]})",
           R"({"rules":[{"item_kind":"gift","rate_pct":1}]})",
           R"({"handwork":[{"service_id":1,"fee_fen":-1}]})",
           R"({"handwork":[{"service_id":1,"fee_fen":1},{"service_id":1,"fee_fen":2}]})",
           R"({"other":[]})",
       }) {
    auto r = ParseCommissionRules(json::parse(bad).as_object());
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, "commission.invalid") << bad;
  }
}

}  // namespace
}  // namespace peony::domain::orders
