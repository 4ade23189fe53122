// Over HTTP: creating, reading, listing, paying and refunding orders (with Idempotency-Key
// retries), every refused request answering its code and writing nothing, the order permissions,
// commission rules and the money reports.
#include <boost/json/serialize.hpp>

#include "api/app_fixture.h"
#include "domain/cards/cards.h"
#include "unit/domain/cards/cards_fixture.h"

namespace peony::test {
namespace {

namespace json = boost::json;

constexpr const char* kEntities[] = {"customer", "service", "product", "card_product",
                                     "card",     "order",   "payment", "treatment"};

class OrdersApiTest : public AppTest {
 protected:
  void SetUpClinic() {
    admin_ = Login("admin");
    for (const char* name : kEntities) {
      Resp r = Call("POST", "/api/v1/schema/entities",
                    json::serialize(domain::cards::testing::TemplateEntity(name)), admin_);
      ASSERT_EQ(r.status, 201) << name << " " << r.body;
    }
    customer_ = Created("/api/v1/data/customer", R"({"name":"王丽华"})");
    other_customer_ = Created("/api/v1/data/customer", R"({"name":"李静"})");
    service_ = Created("/api/v1/data/service",
                       R"({"name":"水光针","price":128000,"category":"injection"})");
    product_ = Created("/api/v1/data/product", R"({"name":"修护霜","price":38000})");
    count_card_ = Created("/api/v1/data/card_product",
                          json::serialize(json::object{{"name", "水光针 10 次卡"},
                                                       {"kind", "count"},
                                                       {"service", service_},
                                                       {"sessions", 10},
                                                       {"price", 980000}}));
  }
  int64_t Created(const std::string& path, const std::string& body) {
    Resp r = Call("POST", path, body, admin_);
    EXPECT_EQ(r.status, 201) << path << " " << r.body;
    return r.status == 201 ? r.Json().at("id").as_int64() : 0;
  }
  Resp Post(const std::string& path, const std::string& body, const std::string& key = "",
            const HeaderList* as = nullptr) {
    HeaderList h = as ? *as : admin_;
    if (!key.empty()) h.emplace_back("Idempotency-Key", key);
    return Call("POST", path, body, h);
  }
  Resp Get(const std::string& path, const HeaderList* as = nullptr) {
    return Call("GET", path, "", as ? *as : admin_, "");
  }
  // A signed-in user with one role holding `grants` ("permission:scope").
  HeaderList UserWith(const std::string& name, const std::vector<std::string>& grants) {
    json::array list;
    for (const auto& g : grants) {
      const auto colon = g.find(':');
      list.push_back(
          json::object{{"permission", g.substr(0, colon)}, {"scope", g.substr(colon + 1)}});
    }
    EXPECT_EQ(Call("PUT", "/api/v1/roles/" + name,
                   json::serialize(json::object{{"label", name}, {"grants", list}}), admin_)
                  .status,
              200);
    EXPECT_EQ(Call("POST", "/api/v1/users",
                   json::serialize(json::object{{"username", name},
                                                {"display_name", name},
                                                {"password", "User-pass-1"},
                                                {"roles", json::array{json::value(name)}}}),
                   admin_)
                  .status,
              201);
    return Login(name, "User-pass-1");
  }
  std::string OrderBody(int64_t paid_fen, const std::string& method = "wechat") {
    json::object o{
        {"customer_id", customer_},
        {"lines", json::array{json::object{{"kind", "service"}, {"item_id", service_}}}}};
    if (paid_fen > 0) {
      o["payments"] = json::array{json::object{{"method", method}, {"amount_fen", paid_fen}}};
    }
    return json::serialize(o);
  }
  // Rows of every table an order writes.
  std::string Footprint() {
    std::string out;
    for (const char* t :
         {"order_accounts", "order_lines", "order_line_staff", "order_payments", "x_order",
          "x_payment", "card_accounts", "card_ledger", "idempotency_keys", "commission_rules"}) {
      out += std::string(t) + "=" + std::to_string(CountRows(t)) + " ";
    }
    return out;
  }
  std::vector<std::string> Mismatches() {
    auto db = database_->Open();
    if (!db) return {"no database"};
    auto r = domain::cards::VerifyLedgers(*db);
    return r.ok() ? *r : std::vector<std::string>{r.error().code};
  }

  HeaderList admin_;
  int64_t customer_ = 0, other_customer_ = 0, service_ = 0, product_ = 0, count_card_ = 0;
};

std::string Code(const Resp& r) { return r.ErrorCode(); }
bool NamesField(const Resp& r, const std::string& field) {
  const json::value j = r.Json();
  const auto* f = j.at("error").at("details").as_object().if_contains("fields");
  return f && f->as_object().contains(field);
}

TEST_P(OrdersApiTest, CreateReadListPayAndRefundWithIdempotentRetries) {
  SetUpClinic();
  const std::string body = json::serialize(json::object{
      {"customer_id", customer_},
      {"contract_no", "HT-20260922"},
      {"discount_fen", 8000},
      {"lines", json::array{json::object{{"kind", "service"}, {"item_id", service_}},
                            json::object{{"kind", "product"},
                                         {"item_id", product_},
                                         {"quantity", 2},
                                         {"discount_fen", 6000}},
                            json::object{{"kind", "card"}, {"item_id", count_card_}}}},
      {"payments", json::array{json::object{{"method", "wechat"}, {"amount_fen", 1'000'000}},
                               json::object{{"method", "cash"}, {"amount_fen", 100'000}}}}});
  Resp first = Post("/api/v1/orders", body, "order-1");
  ASSERT_EQ(first.status, 201) << first.body;
  Resp again = Post("/api/v1/orders", body, "order-1");
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.Header("idempotent-replayed"), "true");
  EXPECT_EQ(CountRows("order_accounts"), 1);
  EXPECT_EQ(CountRows("card_accounts"), 1);
  const json::value order = first.Json();
  const int64_t id = order.at("id").as_int64();
  // 128,000 + 70,000 + 980,000 − 8,000.
  EXPECT_EQ(order.at("total_fen").as_int64(), 1'170'000);
  EXPECT_EQ(order.at("arrears_fen").as_int64(), 70'000);
  EXPECT_EQ(order.at("status").as_string(), "partial");
  EXPECT_TRUE(order.at("lines").at(2).at("card_id").is_int64());
  EXPECT_FALSE(order.at("order_no").as_string().empty());

  const std::string path = "/api/v1/orders/" + std::to_string(id);
  Resp got = Get(path);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.body, first.body);
  Resp list = Get("/api/v1/orders?customer_id=" + std::to_string(customer_));
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.Json().at("items").as_array().size(), 1u);
  EXPECT_EQ(Get("/api/v1/orders?customer_id=" + std::to_string(other_customer_))
                .Json()
                .at("items")
                .as_array()
                .size(),
            0u);
  Resp dated = Get("/api/v1/orders?from=2000-01-01&to=2000-01-31");
  ASSERT_EQ(dated.status, 200) << dated.body;
  EXPECT_EQ(dated.Json().at("items").as_array().size(), 0u);

  const std::string pay = R"({"payments":[{"method":"alipay","amount_fen":70000}]})";
  Resp paid = Post(path + "/payments", pay, "pay-1");
  ASSERT_EQ(paid.status, 200) << paid.body;
  EXPECT_EQ(paid.Json().at("status").as_string(), "paid");
  EXPECT_EQ(Post(path + "/payments", pay, "pay-1").body, paid.body);
  Resp refund =
      Post(path + "/refund", R"({"amount_fen":50000,"method":"cash","reason":"退货"})", "refund-1");
  ASSERT_EQ(refund.status, 200) << refund.body;
  EXPECT_EQ(refund.Json().at("refunded_fen").as_int64(), 50'000);
  EXPECT_EQ(
      Post(path + "/refund", R"({"amount_fen":50000,"method":"cash","reason":"退货"})", "refund-1")
          .body,
      refund.body);
  EXPECT_EQ(CountRows("order_payments"), 4);  // wechat, cash, alipay, one refund
  EXPECT_TRUE(Mismatches().empty());
}

TEST_P(OrdersApiTest, RefusedRequestsAnswerTheirCodeAndWriteNothing) {
  SetUpClinic();
  Resp open = Post("/api/v1/orders", OrderBody(28'000));
  ASSERT_EQ(open.status, 201) << open.body;
  const std::string path = "/api/v1/orders/" + std::to_string(open.Json().at("id").as_int64());
  Resp card = Post("/api/v1/cards", json::serialize(json::object{{"customer_id", other_customer_},
                                                                 {"kind", "stored_value"},
                                                                 {"balance_fen", 500'000}}));
  ASSERT_EQ(card.status, 201) << card.body;
  const int64_t card_id = card.Json().at("id").as_int64();
  const std::string before = Footprint();
  auto refused = [&](const Resp& r, int status, const std::string& code,
                     const std::string& field = "") {
    EXPECT_EQ(r.status, status) << code << " " << r.body;
    EXPECT_EQ(Code(r), code) << r.body;
    if (!field.empty()) {
      EXPECT_TRUE(NamesField(r, field)) << field << " " << r.body;
    }
    EXPECT_EQ(Footprint(), before) << code;
  };
  const std::string line =
      R"("lines":[{"kind":"service","item_id":)" + std::to_string(service_) + "}]";
  const std::string who = R"({"customer_id":)" + std::to_string(customer_) + ",";

  refused(Post("/api/v1/orders", who + line + R"(,"discount_fen":-5})"), 422, "order.invalid",
          "discount_fen");
  refused(
      Post("/api/v1/orders", who + line + R"(,"payments":[{"method":"cash","amount_fen":10.5}]})"),
      422, "order.invalid", "payments[0].amount_fen");
  refused(Post("/api/v1/orders", who + R"("lines":[]})"), 422, "order.invalid", "lines");
  refused(
      Post("/api/v1/orders", who + line + R"(,"payments":[{"method":"bitcoin","amount_fen":1}]})"),
      422, "order.invalid", "payments[0].method");
  refused(Post("/api/v1/orders", who + R"("lines":[{"kind":"product","item_id":424242}]})"), 422,
          "order.unknown_item", "lines[0].item_id");
  refused(Post("/api/v1/orders",
               who + line + R"(,"payments":[{"method":"cash","amount_fen":128001}]})"),
          422, "order.payments_exceed_total");
  refused(Post("/api/v1/orders",
               who + R"("lines":[{"kind":"service","item_id":)" + std::to_string(service_) +
                   R"(,"staff":[{"user_id":1,"share_pct":60},{"user_id":2,"share_pct":30}]}]})"),
          422, "order.shares_not_100", "lines[0].staff");
  refused(Post("/api/v1/orders", R"({"customer_id":424242,)" + line + "}"), 404,
          "order.customer_not_found");
  refused(
      Post("/api/v1/orders",
           who + line + R"(,"payments":[{"method":"stored_value","amount_fen":1000,"card_id":)" +
               std::to_string(card_id) + "}]}"),
      409, "card.wrong_customer");
  refused(Post("/api/v1/orders", OrderBody(0), std::string(201, 'k')), 400,
          "idempotency.invalid_key");
  refused(Post("/api/v1/orders", "[1,2]"), 400, "request.invalid_json");
  // Paying and refunding the open order.
  refused(Post(path + "/payments", R"({"payments":[{"method":"cash","amount_fen":100001}]})"), 422,
          "order.payments_exceed_total");
  refused(Post(path + "/payments", R"({"payments":[{"method":"cash","amount_fen":-1}]})"), 422,
          "order.invalid", "payments[0].amount_fen");
  refused(Post(path + "/refund", R"({"amount_fen":28001,"method":"cash"})"), 409,
          "order.refund_exceeds_paid");
  refused(Post(path + "/refund", R"({"amount_fen":1,"method":"stored_value"})"), 409,
          "order.refund_exceeds_paid");
  refused(Post(path + "/refund", R"({"amount_fen":0.5,"method":"cash"})"), 422, "order.invalid",
          "amount_fen");
  refused(Post("/api/v1/orders/999999/refund", R"({"amount_fen":1,"method":"cash"})"), 404,
          "order.not_found");
  refused(Post("/api/v1/orders/abc/payments", R"({"payments":[{"method":"cash","amount_fen":1}]})"),
          404, "order.not_found");
  EXPECT_EQ(Get("/api/v1/orders/999999").status, 404);
  EXPECT_EQ(Code(Get("/api/v1/orders/999999")), "order.not_found");
  refused(Call("PUT", "/api/v1/commission-rules", R"({"rules":[{"rate_pct":150}]})", admin_), 422,
          "commission.invalid", "rules[0].rate_pct");
  refused(Call("PUT", "/api/v1/commission-rules",
               R"({"handwork":[{"service_id":424242,"fee_fen":100}]})", admin_),
          422, "commission.invalid", "handwork[0].service_id");
  EXPECT_EQ(Code(Get("/api/v1/reports/performance?from=2026-09-22")), "report.invalid");
  EXPECT_EQ(Get("/api/v1/reports/performance?from=2026-09-22&to=2026-09-21").status, 422);
  EXPECT_EQ(Code(Get("/api/v1/reports/daily-reconciliation?date=2026-13-01")), "report.invalid");
  EXPECT_EQ(Code(Get("/api/v1/orders?from=yesterday")), "order.invalid");
}

TEST_P(OrdersApiTest, OrderPermissionsAndScopes) {
  SetUpClinic();
  Resp open = Post("/api/v1/orders", OrderBody(128'000));
  ASSERT_EQ(open.status, 201) << open.body;
  const std::string path = "/api/v1/orders/" + std::to_string(open.Json().at("id").as_int64());
  const HeaderList reader =
      UserWith("order_reader", {"data.order.read:all", "data.customer.read:all"});
  EXPECT_EQ(Get(path, &reader).status, 200);
  EXPECT_EQ(Post("/api/v1/orders", OrderBody(0), "", &reader).status, 403);
  EXPECT_EQ(Post(path + "/refund", R"({"amount_fen":1,"method":"cash"})", "", &reader).status, 403);
  EXPECT_EQ(Get("/api/v1/reports/daily-reconciliation?date=2026-09-22", &reader).status, 403);
  EXPECT_EQ(Get("/api/v1/commission-rules", &reader).status, 403);
  // A cashier who may create orders but sees no customers gets "not found", not "forbidden".
  const HeaderList blind = UserWith("blind_cashier", {"order.create:all"});
  Resp hidden = Post("/api/v1/orders", OrderBody(0), "", &blind);
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(Code(hidden), "order.customer_not_found");
  EXPECT_EQ(Code(Get(path, &blind)), "auth.forbidden");  // no data.order.read at all
  EXPECT_EQ(CountRows("order_accounts"), 1);
}

TEST_P(OrdersApiTest, CommissionRulesAndReports) {
  SetUpClinic();
  Resp none = Get("/api/v1/commission-rules");
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_EQ(none.Json().at("version").as_int64(), 0);
  Resp put = Call("PUT", "/api/v1/commission-rules",
                  R"({"rules":[{"rate_pct":2.5}],"handwork":[{"service_id":)" +
                      std::to_string(service_) + R"(,"fee_fen":5000}]})",
                  admin_);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.Json().at("version").as_int64(), 1);
  EXPECT_EQ(put.Json().at("rules").at(0).at("tiers").at(0).at("rate_pct").as_double(), 2.5);
  const std::string body = json::serialize(json::object{
      {"customer_id", customer_},
      {"lines", json::array{json::object{
                    {"kind", "service"},
                    {"item_id", service_},
                    {"staff", json::array{json::object{{"user_id", 1}, {"share_pct", 100}}}}}}},
      {"payments", json::array{json::object{{"method", "wechat"}, {"amount_fen", 128'000}}}}});
  ASSERT_EQ(Post("/api/v1/orders", body).status, 201);
  // Today in the organisation's zone (Asia/Shanghai).
  const std::string today =
      FormatDate(TimeZone::Find("Asia/Shanghai")->DateOf(SystemClock::Instance().Now()));
  Resp perf = Get("/api/v1/reports/performance?from=" + today + "&to=" + today);
  ASSERT_EQ(perf.status, 200) << perf.body;
  const json::value report = perf.Json();
  const auto& items = report.at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("user_id").as_int64(), 1);
  EXPECT_EQ(items[0].at("performance_fen").as_int64(), 128'000);
  EXPECT_EQ(items[0].at("commission_fen").as_int64(), 3'200);
  EXPECT_EQ(items[0].at("lines").as_array().size(), 1u);
  Resp rec = Get("/api/v1/reports/daily-reconciliation?date=" + today);
  ASSERT_EQ(rec.status, 200) << rec.body;
  EXPECT_EQ(rec.Json().at("total_received_fen").as_int64(), 128'000);
  EXPECT_EQ(rec.Json().at("methods").as_array().size(), 5u);
}

INSTANTIATE_TEST_SUITE_P(Engines, OrdersApiTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::test
