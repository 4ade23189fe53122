// The orders service on both engines: selling services, products and cards with discounts,
// shares and mixed payments; arrears, refunds back to cards, idempotent retries, refused orders
// writing nothing, parallel stored-value payments, and the money reports.
#include <boost/json/serialize.hpp>

#include "domain/orders/errors.h"
#include "unit/domain/orders/orders_fixture.h"

namespace peony::domain::orders::testing {
namespace {

namespace json = boost::json;

LineInput Line(LineKind kind, int64_t item, int64_t quantity = 1) {
  LineInput l;
  l.kind = kind;
  l.item_id = item;
  l.quantity = quantity;
  return l;
}
PaymentInput Pay(Method m, int64_t fen, std::optional<int64_t> card = std::nullopt) {
  return PaymentInput{m, fen, card};
}

class OrdersServiceTest : public OrdersTest {
 protected:
  Result<cards::Answer> Create(const CreateInput& in, const cards::Idempotency& idem = {}) {
    return orders_->Create(As(admin_), in, idem);
  }
  json::object Get(int64_t id) {
    auto r = orders_->Get(As(admin_), id);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().code);
    return r.ok() ? *r : json::object{};
  }
};

TEST_P(OrdersServiceTest, SellsServicesProductsAndACardWithDiscountsSharesAndMixedPayments) {
  const int64_t customer = NewCustomer("王丽华", branch_a_);
  const int64_t water = NewService("水光针", 128000, "injection");
  const int64_t cream =
      NewRecord("product", {{"name", "修护霜"}, {"price", 38000}, {"category", "skincare"}});
  const int64_t ten = NewRecord("card_product", {{"name", "水光针 10 次卡"},
                                                 {"kind", "count"},
                                                 {"service", water},
                                                 {"sessions", 10},
                                                 {"price", 980000},
                                                 {"valid_days", 365}});
  const int64_t consultant = UserId("consultant"), nurse = UserId("nurse");
  CreateInput in;
  in.customer_id = customer;
  in.contract_no = "HT-1";
  in.discount_fen = 10000;
  in.coupon = Coupon{"NEW50", 5000};
  LineInput service = Line(LineKind::kService, water);
  service.discount_fen = 8000;
  service.staff = {{consultant, 60}, {nurse, 40}};
  LineInput product = Line(LineKind::kProduct, cream, 2);
  LineInput card = Line(LineKind::kCard, ten);
  card.staff = {{consultant, 100}};
  in.lines = {service, product, card};
  in.payments = {Pay(Method::kWechat, 1'000'000), Pay(Method::kCash, 100'000)};

  auto r = Create(in);
  ASSERT_TRUE(r.ok()) << r.error().code << " " << r.error().message_en;
  EXPECT_EQ(r->status, 201);
  const json::object& o = r->body.as_object();
  // Lines: 120,000 + 76,000 + 980,000 = 1,176,000; less 15,000 = 1,161,000 fen.
  EXPECT_EQ(o.at("total_fen").as_int64(), 1'161'000);
  EXPECT_EQ(o.at("paid_fen").as_int64(), 1'100'000);
  EXPECT_EQ(o.at("arrears_fen").as_int64(), 61'000);
  EXPECT_EQ(o.at("status").as_string(), "partial");
  EXPECT_EQ(o.at("branch_id").as_int64(), branch_a_);
  EXPECT_EQ(o.at("contract_no").as_string(), "HT-1");
  const auto& lines = o.at("lines").as_array();
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].at("amount_fen").as_int64(), 120'000);
  EXPECT_EQ(lines[1].at("amount_fen").as_int64(), 76'000);
  EXPECT_EQ(lines[1].at("unit_price_fen").as_int64(), 38'000);
  int64_t nets = 0;
  for (const auto& l : lines) nets += l.at("net_fen").as_int64();
  EXPECT_EQ(nets, 1'161'000);
  const auto& shares = lines[0].at("staff").as_array();
  EXPECT_EQ(shares[0].at("amount_fen").as_int64() + shares[1].at("amount_fen").as_int64(),
            lines[0].at("net_fen").as_int64());
  // The card line issued a 10-session card for the customer.
  ASSERT_TRUE(lines[2].at("card_id").is_int64());
  auto card_json = cards_->Get(As(admin_), lines[2].at("card_id").as_int64());
  ASSERT_TRUE(card_json.ok());
  EXPECT_EQ(card_json->at("customer_id").as_int64(), customer);
  EXPECT_EQ(card_json->at("sessions_left").at(0).at("sessions").as_int64(), 10);
  // Records: the order and two payments, for the timeline and the reconciliation.
  EXPECT_EQ(Count("x_order"), 1);
  EXPECT_EQ(Count("x_payment"), 2);
  EXPECT_EQ(json::serialize(Get(o.at("id").as_int64())), json::serialize(o));

  // Paying the arrears; paying more is refused.
  const int64_t id = o.at("id").as_int64();
  auto over = orders_->Pay(As(admin_), id, PayInput{{Pay(Method::kAlipay, 61'001)}});
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, "order.payments_exceed_total");
  auto paid = orders_->Pay(As(admin_), id, PayInput{{Pay(Method::kAlipay, 61'000)}});
  ASSERT_TRUE(paid.ok()) << paid.error().code;
  EXPECT_EQ(paid->body.at("status").as_string(), "paid");
  EXPECT_EQ(paid->body.at("arrears_fen").as_int64(), 0);
  auto record = records_->Get(As(admin_), "order", id);
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->at("status").as_string(), "paid");
  EXPECT_EQ(record->at("arrears").as_int64(), 0);
  EXPECT_TRUE(Mismatches().empty());
}

TEST_P(OrdersServiceTest, StoredValuePaymentsDeductTheCardAndRefundsPutItBack) {
  const int64_t customer = NewCustomer("李静");
  const int64_t water = NewService("水光针", 100'000, "injection");
  const int64_t card = StoredValueCard(customer, 150'000, 50'000, 80);  // 20 % off
  CreateInput in;
  in.customer_id = customer;
  in.lines = {Line(LineKind::kService, water, 2)};
  in.payments = {Pay(Method::kStoredValue, 150'000, card), Pay(Method::kCash, 50'000)};
  auto r = Create(in);
  ASSERT_TRUE(r.ok()) << r.error().code;
  const int64_t id = r->body.at("id").as_int64();
  EXPECT_EQ(r->body.at("status").as_string(), "paid");
  // 150,000 at 80 % = 120,000 charged, principal first.
  EXPECT_EQ(Balance(card), 200'000 - 120'000);

  auto too_much = orders_->Refund(As(admin_), id, RefundInput{200'001, Method::kCash, "", {}});
  ASSERT_FALSE(too_much.ok());
  EXPECT_EQ(too_much.error().code, "order.refund_exceeds_paid");
  auto beyond_card =
      orders_->Refund(As(admin_), id, RefundInput{150'001, Method::kStoredValue, "", {}});
  ASSERT_FALSE(beyond_card.ok());
  EXPECT_EQ(beyond_card.error().code, "order.refund_exceeds_paid");

  auto part = orders_->Refund(As(admin_), id, RefundInput{75'000, Method::kStoredValue, "", {}});
  ASSERT_TRUE(part.ok()) << part.error().code;
  EXPECT_EQ(Balance(card), 80'000 + 60'000);  // half the charge back
  auto rest = orders_->Refund(As(admin_), id, RefundInput{75'000, Method::kStoredValue, "", {}});
  ASSERT_TRUE(rest.ok()) << rest.error().code;
  EXPECT_EQ(Balance(card), 200'000);  // exactly what was taken
  auto cash = orders_->Refund(As(admin_), id, RefundInput{50'000, Method::kCash, "客户取消", {}});
  ASSERT_TRUE(cash.ok()) << cash.error().code;
  EXPECT_EQ(cash->body.at("status").as_string(), "refunded");
  EXPECT_EQ(cash->body.at("refunded_fen").as_int64(), 200'000);
  auto nothing_left = orders_->Refund(As(admin_), id, RefundInput{1, Method::kCash, "", {}});
  ASSERT_FALSE(nothing_left.ok());
  EXPECT_EQ(nothing_left.error().code, "order.refund_exceeds_paid");
  EXPECT_EQ(nothing_left.error().details.at("refundable_fen").as_int64(), 0);
  EXPECT_TRUE(Mismatches().empty());
}

TEST_P(OrdersServiceTest, RefusedOrdersWriteNothing) {
  const int64_t customer = NewCustomer("赵敏");
  const int64_t other = NewCustomer("钱芳");
  const int64_t water = NewService("水光针", 100'000, "injection");
  const int64_t card = StoredValueCard(other, 500'000);
  const int64_t empty_card = StoredValueCard(customer, 1'000);
  const std::string before = Footprint();
  auto refused = [&](CreateInput in, const std::string& code) {
    auto r = Create(in);
    ASSERT_FALSE(r.ok()) << code;
    EXPECT_EQ(r.error().code, code);
    EXPECT_EQ(Footprint(), before) << code;
  };
  CreateInput base;
  base.customer_id = customer;
  base.lines = {Line(LineKind::kService, water)};

  CreateInput nobody = base;
  nobody.customer_id = 999'999;
  refused(nobody, "order.customer_not_found");
  CreateInput unknown = base;
  unknown.lines = {Line(LineKind::kProduct, water)};  // a service id is no product
  refused(unknown, "order.unknown_item");
  CreateInput over = base;
  over.payments = {Pay(Method::kCash, 60'000), Pay(Method::kWechat, 40'001)};
  refused(over, "order.payments_exceed_total");
  CreateInput discount = base;
  discount.discount_fen = 100'001;
  refused(discount, "order.invalid");
  CreateInput someone_elses = base;
  someone_elses.payments = {Pay(Method::kStoredValue, 100'000, card)};
  refused(someone_elses, "card.wrong_customer");
  CreateInput short_card = base;  // the order and payment records come first, then roll back
  short_card.payments = {Pay(Method::kCash, 50'000), Pay(Method::kStoredValue, 50'000, empty_card)};
  refused(short_card, "card.insufficient_balance");
  CreateInput stranger = base;
  stranger.lines[0].staff = {{424242, 100}};
  refused(stranger, "order.invalid");
  // A customer outside the caller's branch is not found either.
  const access::Principal clerk =
      Principal(50, {"order.create", "data.customer.read"}, access::Scope::kBranch, branch_b_);
  const int64_t in_a = NewCustomer("孙悦", branch_a_);
  CreateInput elsewhere = base;
  elsewhere.customer_id = in_a;
  auto hidden = orders_->Create(As(clerk), elsewhere);
  ASSERT_FALSE(hidden.ok());
  EXPECT_EQ(hidden.error().code, "order.customer_not_found");
}

TEST_P(OrdersServiceTest, TheSameIdempotencyKeyCreatesOneOrder) {
  const int64_t customer = NewCustomer("周雪");
  const int64_t water = NewService("水光针", 100'000, "injection");
  CreateInput in;
  in.customer_id = customer;
  in.lines = {Line(LineKind::kService, water)};
  in.payments = {Pay(Method::kCash, 100'000)};
  auto first = Create(in, {"order-key-1", "hash-a"});
  ASSERT_TRUE(first.ok()) << first.error().code;
  auto again = Create(in, {"order-key-1", "hash-a"});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(json::serialize(again->body), json::serialize(first->body));
  auto other = Create(in, {"order-key-1", "hash-b"});
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, "idempotency.key_reused");
  EXPECT_EQ(Count("order_accounts"), 1);
  EXPECT_EQ(Count("x_payment"), 1);
}

TEST_P(OrdersServiceTest, ParallelStoredValuePaymentsNeverOverdrawTheCard) {
  const int64_t customer = NewCustomer("吴倩");
  const int64_t water = NewService("水光针", 60'000, "injection");
  const int64_t card = StoredValueCard(customer, 100'000);
  std::vector<int64_t> ids;
  for (int i = 0; i < 2; ++i) {
    CreateInput in;
    in.customer_id = customer;
    in.lines = {Line(LineKind::kService, water)};
    auto r = Create(in);
    ASSERT_TRUE(r.ok()) << r.error().code;
    ids.push_back(r->body.at("id").as_int64());
  }
  std::atomic<int> ok{0}, insufficient{0};
  InParallel(2, [&](int i) {
    auto r = orders_->Pay(As(admin_), ids[static_cast<size_t>(i)],
                          PayInput{{Pay(Method::kStoredValue, 60'000, card)}});
    if (r.ok()) {
      ++ok;
    } else if (r.error().code == "card.insufficient_balance") {
      ++insufficient;
    } else {
      ADD_FAILURE() << r.error().code;
    }
  });
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(insufficient.load(), 1);
  EXPECT_EQ(Balance(card), 40'000);
  EXPECT_EQ(storage::testing::QueryInt(
                *db_, "SELECT COUNT(*) FROM order_payments WHERE method = 'stored_value'"),
            1);
  EXPECT_TRUE(Mismatches().empty());
}

// An order paying from a card takes the card's lock before it writes any (audited) record, the
// order the cards service keeps (a top-up locks the card, then appends its audit entry): orders
// and top-ups of one card in parallel all go through (on PostgreSQL the opposite order would
// deadlock and abort some).
TEST_P(OrdersServiceTest, OrdersAndTopUpsOfOneCardInParallelAllGoThrough) {
  const int64_t customer = NewCustomer("林静");
  const int64_t water = NewService("水光针", 10'000, "injection");
  const int64_t card = StoredValueCard(customer, 1'000'000);
  constexpr int kEach = 6;
  std::vector<int64_t> ids;
  for (int i = 0; i < kEach; ++i) {
    CreateInput in;
    in.customer_id = customer;
    in.lines = {Line(LineKind::kService, water)};
    auto r = Create(in);
    ASSERT_TRUE(r.ok()) << r.error().code;
    ids.push_back(r->body.at("id").as_int64());
  }
  InParallel(2 * kEach, [&](int i) {
    if (i < kEach) {
      auto r = orders_->Pay(As(admin_), ids[static_cast<size_t>(i)],
                            PayInput{{Pay(Method::kStoredValue, 10'000, card)}});
      EXPECT_TRUE(r.ok()) << r.error().code;
    } else {
      cards::TopUpInput t;
      t.amount_fen = 5'000;
      auto r = cards_->TopUp(As(admin_), card, t);
      EXPECT_TRUE(r.ok()) << r.error().code;
    }
  });
  EXPECT_EQ(Balance(card), 1'000'000 - kEach * 10'000 + kEach * 5'000);
  EXPECT_TRUE(Mismatches().empty());
}

TEST_P(OrdersServiceTest, PerformanceCountsSharesTiersRefundsAndHandwork) {
  const int64_t customer = NewCustomer("郑洁");
  const int64_t water = NewService("水光针", 4'000'000, "injection");  // 40,000 yuan
  const int64_t consultant = UserId("consultant"), nurse = UserId("nurse"),
                doctor = UserId("doctor");
  CommissionRules rules;
  rules.rules.push_back(
      CommissionRule{"consultant", std::nullopt, std::nullopt, {{0, 300}, {5'000'000, 500}}});
  rules.rules.push_back(CommissionRule{std::nullopt, std::nullopt, std::nullopt, {{0, 100}}});
  rules.handwork.push_back(HandworkFee{water, 5'000, 2'000});
  ASSERT_TRUE(reports_->PutRules(As(admin_), rules).ok());
  auto order = [&](int64_t consultant_pct) {
    CreateInput in;
    in.customer_id = customer;
    LineInput l = Line(LineKind::kService, water);
    l.staff = {{consultant, consultant_pct}};
    if (consultant_pct < 100) l.staff.push_back({nurse, 100 - consultant_pct});
    in.lines = {l};
    in.payments = {Pay(Method::kCash, 4'000'000)};
    auto r = Create(in);
    EXPECT_TRUE(r.ok()) << r.error().code;
    return r.ok() ? r->body.at("id").as_int64() : 0;
  };
  order(100);                        // consultant 40,000 yuan
  const int64_t second = order(50);  // consultant 20,000, nurse 20,000
  // A completed treatment: handwork for the doctor and the nurse.
  NewRecord("treatment", {{"customer", customer},
                          {"service", water},
                          {"practitioner", doctor},
                          {"nurse", nurse},
                          {"status", "completed"},
                          {"treated_at", FormatRfc3339(clock_.Now())}});
  const LocalDate today = TimeZone::Find("Asia/Shanghai")->DateOf(clock_.Now());
  auto report = reports_->Performance(As(admin_), today, today, std::nullopt);
  ASSERT_TRUE(report.ok()) << report.error().code;
  std::map<int64_t, json::object> by_user;
  for (const auto& item : report->at("items").as_array()) {
    by_user[item.at("user_id").as_int64()] = item.as_object();
  }
  // Consultant: 60,000 yuan in the month → 50,000 × 3 % + 10,000 × 5 % = 2,000 yuan.
  EXPECT_EQ(by_user[consultant].at("performance_fen").as_int64(), 6'000'000);
  EXPECT_EQ(by_user[consultant].at("commission_fen").as_int64(), 200'000);
  EXPECT_EQ(by_user[consultant].at("line_count").as_int64(), 2);
  EXPECT_EQ(by_user[nurse].at("performance_fen").as_int64(), 2'000'000);
  EXPECT_EQ(by_user[nurse].at("commission_fen").as_int64(), 20'000);  // 1 %
  EXPECT_EQ(by_user[nurse].at("handwork_fen").as_int64(), 2'000);
  EXPECT_EQ(by_user[doctor].at("handwork_fen").as_int64(), 5'000);
  EXPECT_EQ(by_user[doctor].at("performance_fen").as_int64(), 0);

  // Refunding half of the second order takes back half of each credit.
  ASSERT_TRUE(
      orders_->Refund(As(admin_), second, RefundInput{2'000'000, Method::kCash, "", {}}).ok());
  auto after = reports_->Performance(As(admin_), today, today, std::nullopt);
  ASSERT_TRUE(after.ok());
  for (const auto& item : after->at("items").as_array()) {
    if (item.at("user_id").as_int64() == consultant) {
      EXPECT_EQ(item.at("performance_fen").as_int64(), 5'000'000);
      EXPECT_EQ(item.at("commission_fen").as_int64(), 150'000);
    }
    if (item.at("user_id").as_int64() == nurse) {
      EXPECT_EQ(item.at("performance_fen").as_int64(), 1'000'000);
    }
  }
  auto bad = reports_->Performance(As(admin_), today, AddDays(today, -1), std::nullopt);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "report.invalid");
}

TEST_P(OrdersServiceTest, DailyReconciliationSumsThePaymentRecordsOfTheDay) {
  const int64_t customer = NewCustomer("冯琳");
  const int64_t water = NewService("水光针", 100'000, "injection");
  CreateInput in;
  in.customer_id = customer;
  in.lines = {Line(LineKind::kService, water, 3)};
  in.payments = {Pay(Method::kWechat, 200'000), Pay(Method::kCash, 100'000)};
  auto r = Create(in);
  ASSERT_TRUE(r.ok()) << r.error().code;
  ASSERT_TRUE(orders_
                  ->Refund(As(admin_), r->body.at("id").as_int64(),
                           RefundInput{30'000, Method::kWechat, "", {}})
                  .ok());
  // A payment record written by someone else (the demo clinic) counts too; yesterday's not.
  NewRecord("payment", {{"customer", customer},
                        {"method", "alipay"},
                        {"amount", 5'000},
                        {"kind", "payment"},
                        {"paid_at", FormatRfc3339(clock_.Now())}});
  NewRecord("payment", {{"customer", customer},
                        {"method", "alipay"},
                        {"amount", 7'000},
                        {"kind", "payment"},
                        {"paid_at", FormatRfc3339(clock_.Now() - 86'400'000)}});
  const LocalDate today = TimeZone::Find("Asia/Shanghai")->DateOf(clock_.Now());
  auto rec = reports_->DailyReconciliation(As(admin_), today, std::nullopt);
  ASSERT_TRUE(rec.ok()) << rec.error().code;
  std::map<std::string, json::object> by_method;
  for (const auto& m : rec->at("methods").as_array()) {
    by_method[std::string(m.at("method").as_string())] = m.as_object();
  }
  EXPECT_EQ(by_method["wechat"].at("received_fen").as_int64(), 200'000);
  EXPECT_EQ(by_method["wechat"].at("refunded_fen").as_int64(), 30'000);
  EXPECT_EQ(by_method["wechat"].at("net_fen").as_int64(), 170'000);
  EXPECT_EQ(by_method["wechat"].at("count").as_int64(), 2);
  EXPECT_EQ(by_method["cash"].at("received_fen").as_int64(), 100'000);
  EXPECT_EQ(by_method["alipay"].at("received_fen").as_int64(), 5'000);
  EXPECT_EQ(by_method["stored_value"].at("count").as_int64(), 0);
  EXPECT_EQ(rec->at("total_net_fen").as_int64(), 275'000);
}

TEST_P(OrdersServiceTest, AnOrderWrittenAsBareRecordsIsReadAndTakenOverWhenPaid) {
  // As the demo clinic writes them: an order record and its payment records, no account rows.
  const int64_t customer = NewCustomer("韩梅");
  const int64_t id = NewRecord("order", {{"customer", customer},
                                         {"total", 300'000},
                                         {"paid", 200'000},
                                         {"arrears", 100'000},
                                         {"status", "partial"},
                                         {"ordered_at", FormatRfc3339(clock_.Now())}});
  NewRecord("payment", {{"order_ref", id},
                        {"customer", customer},
                        {"method", "cash"},
                        {"amount", 200'000},
                        {"kind", "payment"},
                        {"paid_at", FormatRfc3339(clock_.Now())}});
  const json::object got = Get(id);
  EXPECT_EQ(got.at("total_fen").as_int64(), 300'000);
  EXPECT_EQ(got.at("paid_fen").as_int64(), 200'000);
  EXPECT_EQ(got.at("status").as_string(), "partial");
  EXPECT_EQ(got.at("payments").as_array().size(), 1u);
  EXPECT_EQ(Count("order_accounts"), 0);  // reading takes nothing over

  auto over = orders_->Pay(As(admin_), id, PayInput{{Pay(Method::kWechat, 100'001)}});
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, "order.payments_exceed_total");
  EXPECT_EQ(Count("order_accounts"), 0);
  auto paid = orders_->Pay(As(admin_), id, PayInput{{Pay(Method::kWechat, 100'000)}});
  ASSERT_TRUE(paid.ok()) << paid.error().code;
  EXPECT_EQ(paid->body.at("status").as_string(), "paid");
  EXPECT_EQ(paid->body.at("payments").as_array().size(), 2u);
  EXPECT_EQ(Count("order_accounts"), 1);
  EXPECT_EQ(Count("order_payments"), 2);
  auto refund = orders_->Refund(As(admin_), id, RefundInput{300'000, Method::kCash, "", {}});
  ASSERT_TRUE(refund.ok()) << refund.error().code;
  EXPECT_EQ(refund->body.at("status").as_string(), "refunded");
}

INSTANTIATE_TEST_SUITE_P(Engines, OrdersServiceTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::domain::orders::testing
