// Over HTTP: an entity's reverse relations (referenced_by), listing a parent's children through
// the relation filter, and a record's change history with its scope check.

#include "api/app_fixture.h"

namespace peony::test {
namespace {

using RecordsRelationsApiTest = AppTest;

constexpr const char* kClient = R"({"name":"client","label":"客户","fields":[
  {"name":"name","label":"姓名","type":"text","required":true}]})";
constexpr const char* kVisit = R"({"name":"visit","label":"回访记录","fields":[
  {"name":"title","label":"标题","type":"text"},
  {"name":"client","label":"客户","type":"relation","options":{"target":"client"}}]})";
constexpr const char* kNote = R"({"name":"note","label":"备注","fields":[
  {"name":"about","label":"关于","type":"relation","options":{"target":"client"}},
  {"name":"old_about","label":"旧客户","type":"relation","options":{"target":"client"}},
  {"name":"visit","label":"回访","type":"relation","options":{"target":"visit"}}]})";

TEST_P(RecordsRelationsApiTest, AnEntityListsTheRelationsPointingAtIt) {
  HeaderList admin = Login("admin");
  for (const char* e : {kClient, kVisit, kNote}) {
    Resp r = Call("POST", "/api/v1/schema/entities", e, admin);
    ASSERT_EQ(r.status, 201) << r.body;
  }
  Resp retired = Call("DELETE", "/api/v1/schema/entities/note/fields/old_about", "", admin, "");
  ASSERT_EQ(retired.status, 204) << retired.body;
  Resp got = Call("GET", "/api/v1/schema/entities/client", "", admin, "");
  ASSERT_EQ(got.status, 200) << got.body;
  const auto body = got.Json();
  const auto& refs = body.at("referenced_by").as_array();
  ASSERT_EQ(refs.size(), 2u) << got.body;
  EXPECT_EQ(refs[0], (boost::json::object{{"entity", "visit"},
                                          {"entity_label", "回访记录"},
                                          {"field", "client"},
                                          {"field_label", "客户"}}));
  EXPECT_EQ(refs[1].at("entity").as_string(), "note");
  EXPECT_EQ(refs[1].at("field").as_string(), "about");
  Resp note = Call("GET", "/api/v1/schema/entities/note", "", admin, "");
  EXPECT_TRUE(note.Json().at("referenced_by").as_array().empty());
  Resp missing = Call("GET", "/api/v1/schema/entities/nope", "", admin, "");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.ErrorCode(), "schema.entity_not_found");
}

TEST_P(RecordsRelationsApiTest, AParentsChildrenAreListedThroughTheRelationFilter) {
  HeaderList admin = Login("admin");
  ASSERT_EQ(Call("POST", "/api/v1/schema/entities", kClient, admin).status, 201);
  ASSERT_EQ(Call("POST", "/api/v1/schema/entities", kVisit, admin).status, 201);
  std::vector<int64_t> clients;
  for (const char* name : {"王丽华", "李娜"}) {
    Resp c = Call("POST", "/api/v1/data/client", std::string(R"({"name":")") + name + "\"}", admin);
    ASSERT_EQ(c.status, 201) << c.body;
    clients.push_back(c.Json().at("id").as_int64());
  }
  for (int i = 0; i < 3; ++i) {
    const int64_t parent = clients[i == 2 ? 1 : 0];
    Resp v = Call(
        "POST", "/api/v1/data/visit",
        R"({"title":"回访)" + std::to_string(i) + R"(","client":)" + std::to_string(parent) + "}",
        admin);
    ASSERT_EQ(v.status, 201) << v.body;
  }
  auto children = [&](const std::string& filter) {
    return Call("GET", "/api/v1/data/visit?sort=title&filter=" + UrlEncode(filter), "", admin, "");
  };
  Resp first =
      children(R"({"field":"client","op":"eq","value":)" + std::to_string(clients[0]) + "}");
  ASSERT_EQ(first.status, 200) << first.body;
  const auto body = first.Json();
  const auto& items = body.at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("title").as_string(), "回访0");
  EXPECT_EQ(items[1].at("title").as_string(), "回访1");
  Resp second =
      children(R"({"field":"client","op":"eq","value":)" + std::to_string(clients[1]) + "}");
  EXPECT_EQ(second.Json().at("items").as_array().size(), 1u);
  Resp by_name = children(R"({"field":"client.name","op":"contains","value":"李"})");
  EXPECT_EQ(by_name.Json().at("items").as_array().size(), 1u);
  Resp bad = children(R"({"field":"client","op":"eq","value":"王丽华"})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.ErrorCode(), "record.bad_filter");
}

TEST_P(RecordsRelationsApiTest, HistoryListsChangesWithinTheCallersScope) {
  HeaderList admin = Login("admin");
  ASSERT_EQ(Call("POST", "/api/v1/schema/entities", kClient, admin).status, 201);
  // The manager sees their branch; the marketing user's branch is another one.
  Resp users = Call("GET", "/api/v1/users?limit=100", "", admin, "");
  ASSERT_EQ(users.status, 200);
  int64_t manager_branch = 0, other_branch = 0;
  const auto staff = users.Json();
  for (const auto& u : staff.at("items").as_array()) {
    if (u.at("username").as_string() == "manager") manager_branch = u.at("branch_id").as_int64();
    if (u.at("username").as_string() == "marketing") other_branch = u.at("branch_id").as_int64();
  }
  ASSERT_NE(manager_branch, other_branch);
  auto create = [&](int64_t branch) {
    Resp c = Call("POST", "/api/v1/data/client",
                  R"({"name":"王丽华","branch_id":)" + std::to_string(branch) + "}", admin);
    EXPECT_EQ(c.status, 201) << c.body;
    return std::to_string(c.Json().at("id").as_int64());
  };
  const std::string mine = create(manager_branch);
  const std::string theirs = create(other_branch);
  Resp patched = Call("PATCH", "/api/v1/data/client/" + mine, R"({"name":"王丽"})", admin);
  ASSERT_EQ(patched.status, 200) << patched.body;

  HeaderList manager = Login("manager");
  Resp history = Call("GET", "/api/v1/data/client/" + mine + "/history", "", manager, "");
  ASSERT_EQ(history.status, 200) << history.body;
  const auto body = history.Json();
  const auto& items = body.at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("kind").as_string(), "update");
  EXPECT_EQ(items[0].at("changes").at("name").at("old").as_string(), "王丽华");
  EXPECT_EQ(items[0].at("changes").at("name").at("new").as_string(), "王丽");
  EXPECT_EQ(items[1].at("kind").as_string(), "create");
  EXPECT_TRUE(history.Json().at("next_cursor").is_null());

  Resp paged = Call("GET", "/api/v1/data/client/" + mine + "/history?limit=1", "", manager, "");
  ASSERT_EQ(paged.status, 200);
  ASSERT_TRUE(paged.Json().at("next_cursor").is_string());
  Resp rest = Call("GET",
                   "/api/v1/data/client/" + mine + "/history?limit=1&cursor=" +
                       std::string(paged.Json().at("next_cursor").as_string()),
                   "", manager, "");
  EXPECT_EQ(rest.Json().at("items").as_array().at(0).at("kind").as_string(), "create");

  // Outside the manager's branch: as if it did not exist.
  Resp outside = Call("GET", "/api/v1/data/client/" + theirs + "/history", "", manager, "");
  EXPECT_EQ(outside.status, 404);
  EXPECT_EQ(outside.ErrorCode(), "record.not_found");
  // Without data.client.read at all.
  HeaderList front_desk = Login("frontdesk");
  Resp forbidden = Call("GET", "/api/v1/data/client/" + mine + "/history", "", front_desk, "");
  EXPECT_EQ(forbidden.status, 403);
  EXPECT_EQ(forbidden.ErrorCode(), "record.forbidden");
  for (const char* bad : {"/history?limit=0", "/history?limit=x", "/history?cursor=zz"}) {
    Resp r = Call("GET", "/api/v1/data/client/" + mine + bad, "", manager, "");
    EXPECT_EQ(r.status, 422) << bad;
  }
  Resp bad_id = Call("GET", "/api/v1/data/client/abc/history", "", manager, "");
  EXPECT_EQ(bad_id.status, 404);
}

INSTANTIATE_TEST_SUITE_P(Engines, RecordsRelationsApiTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::test
