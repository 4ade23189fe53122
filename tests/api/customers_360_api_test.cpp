// Over HTTP: a customer's relationships, computed value and 360 summary (masked per role, 404
// outside the caller's branch), the customer-value settings, and lead conversion — with the
// refusals' exact codes and that they write nothing.
#include "api/customers_api_fixture.h"

namespace peony::test {
namespace {

namespace json = boost::json;

using Customer360ApiTest = ClinicApiTest;

TEST_P(Customer360ApiTest, RelationshipsValueAndSummaryWithinTheCallersBranch) {
  const int64_t mum = Create("customer", {{"name", "王秀兰"}, {"branch_id", branch_a_}});
  const int64_t her = Create(
      "customer",
      {{"name", "王丽华"}, {"phone", "13800138000"}, {"referrer", mum}, {"branch_id", branch_a_}});
  const int64_t elsewhere = Create("customer", {{"name", "李秀英"}, {"branch_id", branch_b_}});
  const HeaderList desk = Login("frontdesk");
  // Relations are created through the data API (the front desk may).
  Resp rel =
      Call("POST", "/api/v1/data/customer_relation",
           json::serialize(json::object{
               {"customer", her}, {"related", mum}, {"kind", "family"}, {"branch_id", branch_a_}}),
           desk);
  ASSERT_EQ(rel.status, 201) << rel.body;
  Resp bad_kind = Call(
      "POST", "/api/v1/data/customer_relation",
      json::serialize(json::object{{"customer", her}, {"related", mum}, {"kind", "cousin"}}), desk);
  EXPECT_EQ(bad_kind.status, 422);
  const int64_t service = Create("service", {{"name", "水光针"}});
  Create("treatment", {{"customer", her},
                       {"service", service},
                       {"status", "completed"},
                       {"treated_at", "2026-10-01T10:00:00+08:00"},
                       {"branch_id", branch_a_}});
  Create("follow_up", {{"customer", her},
                       {"due_on", "2026-12-01"},
                       {"status", "pending"},
                       {"branch_id", branch_a_}});

  const std::string base = "/api/v1/customers/" + std::to_string(her);
  Resp relations = Call("GET", base + "/relationships", "", desk, "");
  ASSERT_EQ(relations.status, 200) << relations.body;
  const json::value r = relations.Json();
  EXPECT_EQ(r.at("referrer").at("id").as_int64(), mum);
  EXPECT_EQ(r.at("referrer").at("name").as_string(), "王秀兰");
  EXPECT_TRUE(r.at("referred").as_array().empty());
  ASSERT_EQ(r.at("relations").as_array().size(), 1u);
  EXPECT_EQ(r.at("relations").at(0).at("kind").as_string(), "family");
  Resp mums =
      Call("GET", "/api/v1/customers/" + std::to_string(mum) + "/relationships", "", desk, "");
  ASSERT_EQ(mums.status, 200);
  EXPECT_EQ(mums.Json().at("referred").at(0).at("id").as_int64(), her);
  EXPECT_EQ(mums.Json().at("relations").at(0).at("customer").at("id").as_int64(), her);

  Resp value = Call("GET", base + "/value", "", desk, "");
  ASSERT_EQ(value.status, 200) << value.body;
  const json::value v = value.Json();
  EXPECT_EQ(v.at("visits").as_int64(), 1);
  EXPECT_EQ(v.at("first_visit").as_string(), "2026-10-01");
  for (const char* key : {"total_spend_fen", "last_visit", "avg_interval_days", "rfm", "activity",
                          "ltv_fen", "churn_risk", "next_visits"}) {
    EXPECT_TRUE(v.as_object().contains(key)) << key;
  }

  Resp summary = Call("GET", base + "/summary", "", desk, "");
  ASSERT_EQ(summary.status, 200) << summary.body;
  const json::value s = summary.Json();
  EXPECT_EQ(s.at("customer").at("id").as_int64(), her);
  EXPECT_NE(s.at("customer").at("phone").as_string(), "13800138000");  // masked for the desk
  EXPECT_EQ(s.at("treatments").as_array().size(), 1u);
  EXPECT_EQ(s.at("follow_ups").as_array().size(), 1u);
  EXPECT_TRUE(s.at("cards").as_array().empty());
  EXPECT_EQ(s.at("relationships").at("relations").as_array().size(), 1u);
  EXPECT_EQ(s.at("value").at("visits").as_int64(), 1);
  Resp full = Call("GET", base + "/summary", "", Login("consultant"), "");
  ASSERT_EQ(full.status, 200) << full.body;
  EXPECT_EQ(full.Json().at("customer").at("phone").as_string(), "13800138000");

  // Another branch's customer does not exist for the desk; nor does a malformed or unknown id.
  const std::string theirs = "/api/v1/customers/" + std::to_string(elsewhere);
  for (const char* part : {"/relationships", "/value", "/summary"}) {
    Resp hidden = Call("GET", theirs + part, "", desk, "");
    EXPECT_EQ(hidden.status, 404) << part;
    EXPECT_EQ(Code(hidden), "customer.not_found") << part;
    EXPECT_EQ(Call("GET", theirs + part, "", admin_, "").status, 200) << part;
    EXPECT_EQ(Call("GET", std::string("/api/v1/customers/abc") + part, "", desk, "").status, 404);
    EXPECT_EQ(Call("GET", std::string("/api/v1/customers/999999") + part, "", desk, "").status,
              404);
  }
}

TEST_P(Customer360ApiTest, ValueSettingsAreReadByStaffAndChangedByAdministrators) {
  const std::string url = "/api/v1/settings/customer-value";
  const HeaderList desk = Login("frontdesk");
  Resp defaults = Call("GET", url, "", desk, "");
  ASSERT_EQ(defaults.status, 200) << defaults.body;
  EXPECT_EQ(defaults.Json().at("active_days").as_int64(), 90);
  EXPECT_EQ(defaults.Json().at("dormant_days").as_int64(), 180);
  EXPECT_EQ(defaults.Json().at("rfm").at("recency_days").as_array().size(), 4u);

  Resp forbidden = Call("PUT", url, R"({"active_days":30})", desk);
  EXPECT_EQ(forbidden.status, 403);
  EXPECT_EQ(Code(forbidden), "auth.forbidden");
  Resp changed = Call("PUT", url, R"({"active_days":30,"rfm":{"high_score":4}})", admin_);
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.Json().at("active_days").as_int64(), 30);
  EXPECT_EQ(changed.Json().at("rfm").at("high_score").as_int64(), 4);
  const int64_t audits = Query("SELECT COUNT(*) FROM audit_log");

  Resp nonsense =
      Call("PUT", url, R"({"dormant_days":10,"rfm":{"monetary_fen":[3,2,1,0]}})", admin_);
  EXPECT_EQ(nonsense.status, 422);
  EXPECT_EQ(Code(nonsense), "customer.invalid_settings");
  EXPECT_TRUE(NamesField(nonsense, "rfm.monetary_fen"));
  Resp order = Call("PUT", url, R"({"dormant_days":10})", admin_);
  EXPECT_EQ(order.status, 422);
  EXPECT_TRUE(NamesField(order, "dormant_days"));
  EXPECT_EQ(Call("PUT", url, R"({"unknown":1})", admin_).status, 422);
  EXPECT_EQ(Call("PUT", url, "[1]", admin_).status, 400);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM audit_log"), audits);
  Resp after = Call("GET", url, "", desk, "");
  EXPECT_EQ(after.Json().at("active_days").as_int64(), 30);
  EXPECT_EQ(after.Json().at("dormant_days").as_int64(), 180);
}

TEST_P(Customer360ApiTest, ConvertingALeadCreatesOrFindsHerOnceWithinTheCallersRights) {
  const int64_t lead = Create("lead", {{"name", "赵雪"},
                                       {"phone", "13700137000"},
                                       {"channel", "xiaohongshu"},
                                       {"stage", "contacted"},
                                       {"branch_id", branch_a_}});
  const int64_t far_lead = Create("lead", {{"name", "陈静"}, {"branch_id", branch_b_}});
  const HeaderList desk = Login("frontdesk");
  const std::string url = "/api/v1/leads/" + std::to_string(lead) + "/convert";
  const int64_t customers = Query("SELECT COUNT(*) FROM x_customer");

  // Marketing may update leads but not create customers.
  Resp marketing = Call("POST", url, "", Login("marketing"));
  EXPECT_EQ(marketing.status, 403) << marketing.body;
  EXPECT_EQ(Code(marketing), "record.forbidden");
  Resp unknown = Call("POST", "/api/v1/leads/999999/convert", "", desk);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(Code(unknown), "lead.not_found");
  EXPECT_EQ(Call("POST", "/api/v1/leads/x/convert", "", desk).status, 404);
  Resp far = Call("POST", "/api/v1/leads/" + std::to_string(far_lead) + "/convert", "", desk);
  EXPECT_EQ(far.status, 404);
  EXPECT_EQ(Code(far), "lead.not_found");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM x_customer"), customers);

  Resp converted = Call("POST", url, "", desk);
  ASSERT_EQ(converted.status, 200) << converted.body;
  const json::value c = converted.Json();
  EXPECT_TRUE(c.at("created").as_bool());
  const int64_t customer = c.at("customer_id").as_int64();
  EXPECT_EQ(c.at("lead").at("customer").as_int64(), customer);
  EXPECT_EQ(c.at("lead").at("stage").as_string(), "visited");
  EXPECT_NE(c.at("lead").at("phone").as_string(), "13700137000");  // masked for the desk
  Resp profile = Call("GET", "/api/v1/data/customer/" + std::to_string(customer), "", admin_, "");
  ASSERT_EQ(profile.status, 200);
  EXPECT_EQ(profile.Json().at("phone").as_string(), "13700137000");
  EXPECT_EQ(profile.Json().at("source").as_string(), "xiaohongshu");
  EXPECT_EQ(profile.Json().at("branch_id").as_int64(), branch_a_);

  Resp again = Call("POST", url, "", desk);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(Code(again), "lead.already_converted");
  EXPECT_EQ(again.Json().at("error").at("details").at("customer_id").as_int64(), customer);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM x_customer"), customers + 1);

  // A second lead with her phone finds her.
  const int64_t repeat =
      Create("lead", {{"name", "赵雪"}, {"phone", "137 0013 7000"}, {"branch_id", branch_a_}});
  Resp found = Call("POST", "/api/v1/leads/" + std::to_string(repeat) + "/convert", "", desk);
  ASSERT_EQ(found.status, 200) << found.body;
  EXPECT_FALSE(found.Json().at("created").as_bool());
  EXPECT_EQ(found.Json().at("customer_id").as_int64(), customer);
}

INSTANTIATE_TEST_SUITE_P(Engines, Customer360ApiTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::test
