// Over HTTP: a customer's timeline gathers the changes of the customer and of the records that
// point at her, as far as the caller may read them; duplicate checks and merging two customers,
// with their refusals (exact codes, nothing written) and data scopes.

#include "api/app_fixture.h"
#include "api/customers_api_fixture.h"

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

using CustomerDuplicatesApiTest = ClinicApiTest;

TEST_P(CustomerDuplicatesApiTest, TheFrontDeskChecksPhoneAndIdNumberSeeingThePhoneMasked) {
  const int64_t her = Create("customer", {{"name", "王丽华"},
                                          {"phone", "13800138000"},
                                          {"id_number", "11010519491231002X"},
                                          {"branch_id", branch_a_}});
  Create("customer", {{"name", "李秀英"}, {"phone", "13900139000"}, {"branch_id", branch_b_}});
  const std::string url = "/api/v1/customers/duplicates";
  Resp full = Call("GET", url + "?phone=13800138000", "", admin_, "");
  ASSERT_EQ(full.status, 200) << full.body;
  auto items = full.Json().at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("id").as_int64(), her);
  EXPECT_EQ(items[0].at("name").as_string(), "王丽华");
  EXPECT_EQ(items[0].at("phone").as_string(), "13800138000");
  EXPECT_EQ(items[0].at("match").as_string(), "phone");

  const HeaderList desk = Login("frontdesk");
  Resp masked = Call("GET", url + "?id_number=11010519491231002x", "", desk, "");
  ASSERT_EQ(masked.status, 200) << masked.body;
  items = masked.Json().at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("match").as_string(), "id_number");
  EXPECT_NE(items[0].at("phone").as_string(), "13800138000");
  EXPECT_NE(masked.body.find("****"), std::string::npos) << masked.body;
  // A branch-B customer is not hers to see.
  Resp other = Call("GET", url + "?phone=13900139000", "", desk, "");
  ASSERT_EQ(other.status, 200);
  EXPECT_TRUE(other.Json().at("items").as_array().empty());

  Resp bad_phone = Call("GET", url + "?phone=12345", "", desk, "");
  EXPECT_EQ(bad_phone.status, 422);
  EXPECT_EQ(Code(bad_phone), "customer.invalid");
  EXPECT_TRUE(NamesField(bad_phone, "phone"));
  Resp bad_id = Call("GET", url + "?id_number=110105194912310021", "", desk, "");
  EXPECT_EQ(bad_id.status, 422);
  EXPECT_TRUE(NamesField(bad_id, "id_number"));
  Resp neither = Call("GET", url, "", desk, "");
  EXPECT_EQ(neither.status, 422);
  EXPECT_EQ(Code(neither), "customer.invalid");

  // Create refuses the same phone or ID number; nothing is written.
  const int64_t customers = Query("SELECT COUNT(*) FROM x_customer");
  Resp same_id = Call("POST", "/api/v1/data/customer",
                      R"({"name":"王丽","id_number":"11010519491231002X"})", desk);
  EXPECT_EQ(same_id.status, 409) << same_id.body;
  EXPECT_EQ(Code(same_id), "record.duplicate");
  Resp same_phone =
      Call("POST", "/api/v1/data/customer", R"({"name":"王丽","phone":"138 0013 8000"})", desk);
  EXPECT_EQ(same_phone.status, 409);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM x_customer"), customers);
}

TEST_P(CustomerDuplicatesApiTest, MergeMovesHerRecordsOnceAndRefusesWhatItCannotDo) {
  const int64_t kept = Create("customer", {{"name", "王丽华"}, {"branch_id", branch_a_}});
  const int64_t dup =
      Create("customer", {{"name", "王丽华"}, {"phone", "13800138000"}, {"branch_id", branch_a_}});
  const int64_t elsewhere = Create("customer", {{"name", "李秀英"}, {"branch_id", branch_b_}});
  const int64_t treatment = Create("treatment", {{"customer", dup}, {"branch_id", branch_a_}});
  const HeaderList manager = Login("manager");
  const std::string url = "/api/v1/customers/" + std::to_string(kept) + "/merge";
  const std::string body = json::serialize(json::object{{"duplicate_id", dup}});
  auto post = [&](const std::string& target, const std::string& b, const HeaderList& who,
                  const std::string& key = "") {
    HeaderList h = who;
    if (!key.empty()) h.emplace_back("Idempotency-Key", key);
    return Call("POST", target, b, h);
  };
  const int64_t events = Query("SELECT COUNT(*) FROM record_events");

  Resp self = post(url, json::serialize(json::object{{"duplicate_id", kept}}), manager);
  EXPECT_EQ(self.status, 422);
  EXPECT_EQ(Code(self), "customer.merge_self");
  Resp missing = post(url, "{}", manager);
  EXPECT_EQ(missing.status, 422);
  EXPECT_EQ(Code(missing), "customer.invalid");
  EXPECT_TRUE(NamesField(missing, "duplicate_id"));
  EXPECT_EQ(post(url, R"({"duplicate_id":"7"})", manager).status, 422);
  EXPECT_EQ(post(url, "{", manager).status, 400);
  Resp unknown = post("/api/v1/customers/999999/merge", body, manager);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(Code(unknown), "customer.not_found");
  EXPECT_EQ(post("/api/v1/customers/abc/merge", body, manager).status, 404);
  Resp out_of_scope =
      post(url, json::serialize(json::object{{"duplicate_id", elsewhere}}), manager);
  EXPECT_EQ(out_of_scope.status, 404);
  EXPECT_EQ(Code(out_of_scope), "customer.not_found");
  Resp desk = post(url, body, Login("frontdesk"));
  EXPECT_EQ(desk.status, 403);
  EXPECT_EQ(Code(desk), "auth.forbidden");
  EXPECT_EQ(post(url, body, manager, std::string(201, 'k')).status, 400);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM record_events"), events);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM x_customer WHERE deleted_at IS NULL"), 3);

  Resp merged = post(url, body, manager, "merge-key-1");
  ASSERT_EQ(merged.status, 200) << merged.body;
  const json::value answer = merged.Json();
  EXPECT_EQ(answer.at("customer").at("id").as_int64(), kept);
  EXPECT_EQ(answer.at("moved").at("treatment").as_int64(), 1);
  EXPECT_FALSE(merged.Has("idempotent-replayed"));
  Resp replay = post(url, body, manager, "merge-key-1");
  ASSERT_EQ(replay.status, 200) << replay.body;
  EXPECT_EQ(replay.Header("idempotent-replayed"), "true");
  EXPECT_EQ(json::serialize(replay.Json().at("moved")), json::serialize(answer.at("moved")));
  Resp reused =
      post(url, json::serialize(json::object{{"duplicate_id", elsewhere}}), manager, "merge-key-1");
  EXPECT_EQ(reused.status, 422);
  EXPECT_EQ(Code(reused), "idempotency.key_reused");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM audit_log WHERE action = 'customer.merge'"), 1);

  Resp moved = Call("GET", "/api/v1/data/treatment/" + std::to_string(treatment), "", admin_, "");
  ASSERT_EQ(moved.status, 200);
  EXPECT_EQ(moved.Json().at("customer").as_int64(), kept);
  EXPECT_EQ(Call("GET", "/api/v1/data/customer/" + std::to_string(dup), "", admin_, "").status,
            404);
  // The merged profile took the duplicate's phone; the manager may unmask customers.
  Resp profile = Call("GET", "/api/v1/data/customer/" + std::to_string(kept), "", admin_, "");
  EXPECT_EQ(profile.Json().at("phone").as_string(), "13800138000");
}

INSTANTIATE_TEST_SUITE_P(Engines, CustomerDuplicatesApiTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

INSTANTIATE_TEST_SUITE_P(Engines, CustomersApiTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::test
