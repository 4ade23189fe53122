// Over HTTP: issuing a card, deducting with and without an Idempotency-Key, the error codes of
// refused requests (and that they write nothing), and the card permissions.
#include <boost/json/serialize.hpp>

#include "api/app_fixture.h"
#include "unit/domain/cards/cards_fixture.h"

namespace peony::test {
namespace {

namespace json = boost::json;

class CardsApiTest : public AppTest {
 protected:
  void SetUpClinic() {
    admin_ = Login("admin");
    for (const char* name : domain::cards::testing::kCardEntities) {
      Resp r = Call("POST", "/api/v1/schema/entities",
                    json::serialize(domain::cards::testing::TemplateEntity(name)), admin_);
      ASSERT_EQ(r.status, 201) << name << " " << r.body;
    }
    Resp c = Call("POST", "/api/v1/data/customer", R"({"name":"王丽华"})", admin_);
    Resp s = Call("POST", "/api/v1/data/service", R"({"name":"水光针"})", admin_);
    ASSERT_EQ(c.status, 201);
    ASSERT_EQ(s.status, 201);
    customer_ = c.Json().at("id").as_int64();
    service_ = s.Json().at("id").as_int64();
  }
  Resp Post(const std::string& path, const std::string& body, const std::string& key = "") {
    HeaderList h = admin_;
    if (!key.empty()) h.emplace_back("Idempotency-Key", key);
    return Call("POST", path, body, h);
  }
  std::string IssueBody(int sessions) {
    return json::serialize(json::object{
        {"customer_id", customer_},
        {"kind", "count"},
        {"items", json::array{json::object{{"service_id", service_}, {"sessions", sessions}}}}});
  }

  HeaderList admin_;
  int64_t customer_ = 0, service_ = 0;
};

TEST_P(CardsApiTest, IssueDeductAndReadACardWithItsLedger) {
  SetUpClinic();
  Resp issued = Post("/api/v1/cards", IssueBody(10));
  ASSERT_EQ(issued.status, 201) << issued.body;
  const int64_t id = issued.Json().at("id").as_int64();
  const std::string card = "/api/v1/cards/" + std::to_string(id);
  const std::string deduct =
      json::serialize(json::object{{"service_id", service_}, {"sessions", 1}});

  Resp first = Post(card + "/deduct", deduct, "key-1");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.Json().at("entry").at("sessions").as_int64(), -1);
  EXPECT_FALSE(first.Has("idempotent-replayed"));
  Resp again = Post(card + "/deduct", deduct, "key-1");
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.headers["idempotent-replayed"], "true");
  Resp reused = Post(card + "/deduct",
                     R"({"service_id":)" + std::to_string(service_) + R"(,"sessions":2})", "key-1");
  EXPECT_EQ(reused.status, 422);
  EXPECT_EQ(reused.Json().at("error").at("code").as_string(), "idempotency.key_reused");

  Resp got = Call("GET", card, "", admin_, "");
  ASSERT_EQ(got.status, 200) << got.body;
  const json::value body = got.Json();
  EXPECT_EQ(body.at("sessions_left").at(0).at("sessions").as_int64(), 9);
  EXPECT_EQ(body.at("ledger").as_array().size(), 2u);
  Resp list = Call("GET", "/api/v1/cards?customer_id=" + std::to_string(customer_), "", admin_, "");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.Json().at("items").as_array().size(), 1u);
}

TEST_P(CardsApiTest, RefusedRequestsAnswerTheirCodeAndWriteNothing) {
  SetUpClinic();
  Resp issued = Post("/api/v1/cards", IssueBody(1));
  ASSERT_EQ(issued.status, 201);
  const std::string card = "/api/v1/cards/" + std::to_string(issued.Json().at("id").as_int64());
  const int64_t entries = CountRows("card_ledger");
  auto code = [](const Resp& r) {
    return std::string(r.Json().at("error").at("code").as_string());
  };

  Resp negative = Post(card + "/deduct", R"({"amount_fen":-5})");
  EXPECT_EQ(negative.status, 422);
  EXPECT_EQ(code(negative), "card.invalid");
  EXPECT_TRUE(
      negative.Json().at("error").at("details").at("fields").as_object().contains("amount_fen"));
  Resp fraction = Post(card + "/deduct",
                       R"({"service_id":)" + std::to_string(service_) + R"(,"sessions":0.5})");
  EXPECT_EQ(fraction.status, 422);
  Resp wrong_kind = Post(card + "/deduct", R"({"amount_fen":100})");
  EXPECT_EQ(wrong_kind.status, 409);
  EXPECT_EQ(code(wrong_kind), "card.wrong_kind");
  const std::string one = json::serialize(json::object{{"service_id", service_}});
  EXPECT_EQ(Post(card + "/deduct", one).status, 200);
  Resp empty = Post(card + "/deduct", one);
  EXPECT_EQ(empty.status, 409);
  EXPECT_EQ(code(empty), "card.insufficient_sessions");
  EXPECT_EQ(Post("/api/v1/cards/999999/deduct", one).status, 404);
  EXPECT_EQ(Post("/api/v1/cards/abc/deduct", one).status, 404);
  Resp bad_key = Post(card + "/deduct", one, std::string(201, 'k'));
  EXPECT_EQ(bad_key.status, 400);
  EXPECT_EQ(code(bad_key), "idempotency.invalid_key");
  Resp unknown =
      Post("/api/v1/cards",
           json::serialize(json::object{
               {"customer_id", customer_},
               {"kind", "count"},
               {"items", json::array{json::object{{"service_id", 424242}, {"sessions", 3}}}}}));
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(code(unknown), "card.unknown_service");
  Resp nobody =
      Post("/api/v1/cards", R"({"customer_id":424242,"kind":"stored_value","balance_fen":100})");
  EXPECT_EQ(nobody.status, 404);
  EXPECT_EQ(code(nobody), "card.customer_not_found");
  EXPECT_EQ(CountRows("card_ledger"), entries + 1);  // only the one deduction that succeeded
  EXPECT_EQ(CountRows("card_accounts"), 1);
  // A card PATCH cannot set a balance: the card entity has no such field.
  EXPECT_EQ(Call("PATCH", "/api/v1/data/card/" + card.substr(card.rfind('/') + 1),
                 R"({"balance_fen":100000})", admin_)
                .status,
            422);
}

TEST_P(CardsApiTest, CardPermissionsGuardIssuingAndDeducting) {
  SetUpClinic();
  Resp issued = Post("/api/v1/cards", IssueBody(5));
  ASSERT_EQ(issued.status, 201);
  const std::string card = "/api/v1/cards/" + std::to_string(issued.Json().at("id").as_int64());
  ASSERT_EQ(Call("PUT", "/api/v1/roles/card_reader",
                 R"({"label":"查卡","grants":[{"permission":"data.card.read","scope":"all"},
                     {"permission":"data.customer.read","scope":"all"}]})",
                 admin_)
                .status,
            200);
  ASSERT_EQ(Call("POST", "/api/v1/users",
                 R"({"username":"reader","display_name":"查卡员","password":"Reader-pass-1",
                     "roles":["card_reader"]})",
                 admin_)
                .status,
            201);
  const HeaderList reader = Login("reader", "Reader-pass-1");
  EXPECT_EQ(Call("GET", card, "", reader, "").status, 200);
  EXPECT_EQ(Call("POST", card + "/deduct", json::serialize(json::object{{"service_id", service_}}),
                 reader)
                .status,
            403);
  EXPECT_EQ(Call("POST", "/api/v1/cards", IssueBody(5), reader).status, 403);
  EXPECT_EQ(CountRows("card_accounts"), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, CardsApiTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::test
