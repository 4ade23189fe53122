// The parsers of the cards API bodies: every wrong input names its field in card.invalid.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "domain/cards/card.h"

namespace peony::domain::cards {
namespace {

namespace json = boost::json;

// The failing fields of a parse, "ok" when it passed.
template <class F>
std::string Fields(F parse, std::string_view body) {
  auto r = parse(json::parse(body).as_object());
  if (r.ok()) return "ok";
  EXPECT_EQ(r.error().code, "card.invalid");
  EXPECT_EQ(r.error().http_status, 422);
  std::string out;
  for (const auto& kv : r.error().details.at("fields").as_object()) {
    if (!out.empty()) out += ",";
    out += std::string(kv.key());
  }
  return out;
}

TEST(CardInput, IssueBodiesAreCheckedFieldByField) {
  EXPECT_EQ(Fields(ParseIssue, R"({"customer_id":1,"kind":"count",
                                   "items":[{"service_id":2,"sessions":10}]})"),
            "ok");
  EXPECT_EQ(Fields(ParseIssue, R"({"customer_id":1,"kind":"stored_value","balance_fen":100,
                                   "gift_balance_fen":20,"spend_order":"gift_first",
                                   "discount_pct":88,"valid_until":"2027-12-31"})"),
            "ok");
  EXPECT_EQ(Fields(ParseIssue, R"({"kind":"count","items":[{"service_id":2,"sessions":1}]})"),
            "customer_id");
  EXPECT_EQ(Fields(ParseIssue, R"({"customer_id":1,"kind":"gold"})"), "kind");
  EXPECT_EQ(Fields(ParseIssue, R"({"customer_id":1,"kind":"stored_value","balance_fen":-1})"),
            "balance_fen");
  EXPECT_EQ(Fields(ParseIssue, R"({"customer_id":1,"kind":"stored_value","balance_fen":10.5})"),
            "balance_fen");
  EXPECT_EQ(Fields(ParseIssue, R"({"customer_id":1,"kind":"stored_value","balance_fen":"100"})"),
            "balance_fen");
  EXPECT_EQ(Fields(ParseIssue, R"({"customer_id":1,"kind":"count",
                                   "items":[{"service_id":2,"sessions":0}]})"),
            "items[0].sessions");
  EXPECT_EQ(Fields(ParseIssue, R"({"customer_id":1,"kind":"count",
                                   "items":[{"service_id":2,"sessions":1.5}]})"),
            "items[0].sessions");
  EXPECT_EQ(Fields(ParseIssue, R"({"customer_id":1,"kind":"count","items":[]})"), "items");
  EXPECT_EQ(Fields(ParseIssue, R"({"customer_id":1,"kind":"package","items":[
                                   {"service_id":2,"sessions":1},{"service_id":2,"sessions":1}]})"),
            "items[1].service_id");
  EXPECT_EQ(Fields(ParseIssue, R"({"customer_id":1,"kind":"time",
                                   "items":[{"service_id":2}]})"),
            "valid_until");
  EXPECT_EQ(Fields(ParseIssue, R"({"customer_id":1,"kind":"count","status":"active",
                                   "items":[{"service_id":2,"sessions":1}]})"),
            "status");
  EXPECT_EQ(
      Fields(ParseIssue, R"({"customer_id":1,"kind":"stored_value","valid_until":"2027-02-30"})"),
      "valid_until");
  EXPECT_EQ(Fields(ParseIssue, R"({"customer_id":1,"kind":"stored_value","discount_pct":0})"),
            "discount_pct");
}

TEST(CardInput, DeductionsTakeSessionsOfAServiceOrAnAmount) {
  EXPECT_EQ(Fields(ParseDeduct, R"({"service_id":3,"sessions":1})"), "ok");
  EXPECT_EQ(Fields(ParseDeduct, R"({"service_id":3})"), "ok");
  EXPECT_EQ(Fields(ParseDeduct, R"({"amount_fen":100})"), "ok");
  EXPECT_EQ(Fields(ParseDeduct, R"({})"), "service_id");
  EXPECT_EQ(Fields(ParseDeduct, R"({"service_id":3,"amount_fen":100})"), "amount_fen");
  EXPECT_EQ(Fields(ParseDeduct, R"({"amount_fen":-5})"), "amount_fen");
  EXPECT_EQ(Fields(ParseDeduct, R"({"amount_fen":0.5})"), "amount_fen");
  EXPECT_EQ(Fields(ParseDeduct, R"({"service_id":3,"sessions":-1})"), "sessions");
  EXPECT_EQ(Fields(ParseDeduct, R"({"service_id":3,"sessions":0})"), "sessions");
  EXPECT_EQ(Fields(ParseDeduct, R"({"amount_fen":100,"sessions":1})"), "sessions");
  EXPECT_EQ(Fields(ParseDeduct, R"({"service_id":3,"balance_fen":100})"), "balance_fen");
}

TEST(CardInput, OtherChangesRefuseWrongInput) {
  EXPECT_EQ(Fields(ParseTopUp, R"({"amount_fen":500,"gift_fen":50})"), "ok");
  EXPECT_EQ(Fields(ParseTopUp, R"({})"), "amount_fen");
  EXPECT_EQ(Fields(ParseTopUp, R"({"amount_fen":-500})"), "amount_fen");
  EXPECT_EQ(Fields(ParseTopUp, R"({"items":[{"service_id":1}]})"), "items[0].sessions");
  EXPECT_EQ(Fields(ParseTransfer, R"({})"), "to_customer_id");
  EXPECT_EQ(Fields(ParseTransfer, R"({"to_customer_id":"7"})"), "to_customer_id");
  EXPECT_EQ(Fields(ParseRefund, R"({"amount_fen":0})"), "amount_fen");
  EXPECT_EQ(Fields(ParseRefund, R"({})"), "ok");
  EXPECT_EQ(Fields(ParseNote, R"({"note":5})"), "note");
  EXPECT_EQ(Fields(ParseNote, R"({"reason":"x"})"), "reason");
}

}  // namespace
}  // namespace peony::domain::cards
