// Over HTTP: a customer's timeline gathers the changes of the customer and of the records that
// point at her, as far as the caller may read them.

#include "api/app_fixture.h"

namespace peony::test {
namespace {

namespace json = boost::json;

using CustomersApiTest = AppTest;

TEST_P(CustomersApiTest, TheTimelineGathersRelatedRecordsNewestFirstWithinTheCallersRights) {
  HeaderList admin = Login("admin");
  for (const char* e : {R"({"name":"customer","label":"客户","fields":[
                           {"name":"name","label":"姓名","type":"text"}]})",
                        R"({"name":"treatment","label":"治疗记录","fields":[
                           {"name":"customer","label":"客户","type":"relation","options":{"target":"customer"}},
                           {"name":"item","label":"项目","type":"text"}]})"}) {
    ASSERT_EQ(Call("POST", "/api/v1/schema/entities", e, admin).status, 201);
  }
  Resp her = Call("POST", "/api/v1/data/customer", R"({"name":"王丽华"})", admin);
  Resp other = Call("POST", "/api/v1/data/customer", R"({"name":"李秀英"})", admin);
  ASSERT_EQ(her.status, 201);
  const int64_t id = her.Json().at("id").as_int64();
  const int64_t other_id = other.Json().at("id").as_int64();
  for (int64_t c : {id, id, other_id}) {
    Resp t = Call("POST", "/api/v1/data/treatment",
                  json::serialize(json::object{{"customer", c}, {"item", "水光针"}}), admin);
    ASSERT_EQ(t.status, 201) << t.body;
  }
  ASSERT_EQ(
      Call("PATCH", "/api/v1/data/customer/" + std::to_string(id), R"({"name":"王丽华2"})", admin)
          .status,
      200);
  const std::string url = "/api/v1/customers/" + std::to_string(id) + "/timeline";
  Resp all = Call("GET", url, "", admin, "");
  ASSERT_EQ(all.status, 200) << all.body;
  const json::value body = all.Json();
  const auto& items = body.at("items").as_array();
  ASSERT_EQ(items.size(), 4u) << all.body;  // created, 2 treatments, renamed
  EXPECT_EQ(items[0].at("entity").as_string(), "customer");
  EXPECT_EQ(items[0].at("kind").as_string(), "update");
  EXPECT_EQ(items[1].at("entity").as_string(), "treatment");
  EXPECT_EQ(items[1].at("entity_label").as_string(), "治疗记录");
  EXPECT_EQ(items[3].at("kind").as_string(), "create");
  EXPECT_GT(items[0].at("id").as_int64(), items[1].at("id").as_int64());

  // Paging.
  Resp first = Call("GET", url + "?limit=3", "", admin, "");
  ASSERT_EQ(first.status, 200);
  const json::value page = first.Json();
  ASSERT_TRUE(page.at("next_cursor").is_string()) << first.body;
  Resp rest =
      Call("GET", url + "?limit=3&cursor=" + std::string(page.at("next_cursor").as_string()), "",
           admin, "");
  ASSERT_EQ(rest.status, 200);
  EXPECT_EQ(rest.Json().at("items").as_array().size(), 1u);

  // Someone who may read customers but not treatments sees the customer's own events only.
  ASSERT_EQ(
      Call("PUT", "/api/v1/roles/customer_reader",
           R"({"label":"客户查询","grants":[{"permission":"data.customer.read","scope":"all"}]})",
           admin)
          .status,
      200);
  ASSERT_EQ(Call("POST", "/api/v1/users",
                 R"({"username":"reader","display_name":"查询员","password":"Reader-pass-1",
                     "roles":["customer_reader"]})",
                 admin)
                .status,
            201);
  const HeaderList reader = Login("reader", "Reader-pass-1");
  Resp limited = Call("GET", url, "", reader, "");
  ASSERT_EQ(limited.status, 200) << limited.body;
  EXPECT_EQ(limited.Json().at("items").as_array().size(), 2u) << limited.body;

  EXPECT_EQ(Call("GET", "/api/v1/customers/999999/timeline", "", admin, "").status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/customers/abc/timeline", "", admin, "").status, 404);
  EXPECT_EQ(Call("GET", url + "?limit=0", "", admin, "").status, 422);
  EXPECT_EQ(Call("GET", url + "?cursor=x", "", admin, "").status, 422);
  EXPECT_EQ(Call("GET", url, "", Login("frontdesk"), "").status, 403);
}

INSTANTIATE_TEST_SUITE_P(Engines, CustomersApiTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::test
