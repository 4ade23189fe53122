// Over HTTP: saved list views — shared ones from the template, own ones per user, validation with
// exact codes (and nothing written), permissions for shared views.
#include "api/app_fixture.h"

namespace peony::test {
namespace {

namespace json = boost::json;

class ViewsApiTest : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    admin_ = Login("admin");
    Resp applied = Call("POST", "/api/v1/templates/medical-aesthetics/apply", "", admin_);
    ASSERT_EQ(applied.status, 200) << applied.body;
    desk_ = Login("frontdesk");
    manager_ = Login("manager");
  }

  json::array Names(const HeaderList& who) {
    Resp r = Call("GET", "/api/v1/data/customer/views", "", who, "");
    EXPECT_EQ(r.status, 200) << r.body;
    json::array out;
    if (r.status != 200) return out;
    const json::value body = r.Json();
    for (const auto& v : body.at("items").as_array()) out.push_back(v.at("name"));
    return out;
  }

  static std::string CodeOf(const Resp& r) { return r.ErrorCode(); }

  HeaderList admin_, desk_, manager_;
};

TEST_P(ViewsApiTest, SharedViewsComeFromTheTemplateAndOwnViewsArePrivate) {
  EXPECT_EQ(Names(desk_), (json::array{"全部客户", "金卡及以上"}));
  Resp mine = Call("POST", "/api/v1/data/customer/views",
                   R"({"name":"我的筛选","columns":["name","level"],"sort":["-created_at"],
                       "filter":{"field":"level","op":"eq","value":"gold"},"q":"王"})",
                   desk_);
  ASSERT_EQ(mine.status, 201) << mine.body;
  const json::value v = mine.Json();
  EXPECT_FALSE(v.at("shared").as_bool());
  EXPECT_EQ(v.at("columns"), (json::array{"name", "level"}));
  EXPECT_EQ(v.at("filter").at("value").as_string(), "gold");
  EXPECT_EQ(v.at("q").as_string(), "王");
  EXPECT_TRUE(v.at("template").is_null());
  const int64_t id = v.at("id").as_int64();
  EXPECT_EQ(Names(desk_), (json::array{"全部客户", "金卡及以上", "我的筛选"}));
  // Another user neither lists nor reaches it.
  EXPECT_EQ(Names(manager_), (json::array{"全部客户", "金卡及以上"}));
  const std::string path = "/api/v1/data/customer/views/" + std::to_string(id);
  Resp other = Call("PATCH", path, R"({"name":"x"})", manager_);
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(CodeOf(other), "view.not_found");
  EXPECT_EQ(CodeOf(Call("DELETE", path, "", manager_, "")), "view.not_found");

  Resp renamed = Call("PATCH", path, R"({"name":"金卡","columns":["name"]})", desk_);
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.Json().at("name").as_string(), "金卡");
  EXPECT_EQ(renamed.Json().at("q").as_string(), "王");  // untouched keys stay
  Resp gone = Call("DELETE", path, "", desk_, "");
  EXPECT_EQ(gone.status, 204) << gone.body;
  EXPECT_EQ(CountRows("list_views"), 5);
}

TEST_P(ViewsApiTest, SharedViewsNeedThePermission) {
  Resp denied =
      Call("POST", "/api/v1/data/customer/views", R"({"name":"共享","shared":true})", desk_);
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(CodeOf(denied), "view.forbidden");
  Resp list = Call("GET", "/api/v1/data/customer/views", "", desk_, "");
  int64_t shared_id = 0;
  const json::value listed = list.Json();
  for (const auto& v : listed.at("items").as_array()) {
    if (v.at("name").as_string() == "全部客户") shared_id = v.at("id").as_int64();
  }
  ASSERT_GT(shared_id, 0);
  const std::string path = "/api/v1/data/customer/views/" + std::to_string(shared_id);
  EXPECT_EQ(CodeOf(Call("PATCH", path, R"({"q":"x"})", desk_)), "view.forbidden");
  EXPECT_EQ(CodeOf(Call("DELETE", path, "", desk_, "")), "view.forbidden");
  EXPECT_EQ(CountRows("list_views"), 5);

  Resp made =
      Call("POST", "/api/v1/data/customer/views", R"({"name":"共享","shared":true})", manager_);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_TRUE(made.Json().at("shared").as_bool());
  EXPECT_TRUE(made.Json().at("owner_id").is_null());
  EXPECT_EQ(Names(desk_).size(), 3u);
  Resp dup =
      Call("POST", "/api/v1/data/customer/views", R"({"name":"共享","shared":true})", manager_);
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(CodeOf(dup), "view.duplicate_name");
  // An own view may take a shared view's name.
  EXPECT_EQ(Call("POST", "/api/v1/data/customer/views", R"({"name":"共享"})", desk_).status, 201);
  EXPECT_EQ(Call("DELETE", path, "", manager_, "").status, 204);
}

TEST_P(ViewsApiTest, BadInputIsRefusedWithTheFieldsAndNothingIsWritten) {
  struct Case {
    const char* body;
    const char* field;
  };
  const Case cases[] = {
      {R"({"name":""})", "name"},
      {R"({"name":"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十X"})",
       "name"},
      {R"({"columns":["name"]})", "name"},
      {R"({"name":"a","columns":["name","nope"]})", "columns"},
      {R"({"name":"a","columns":"name"})", "columns"},
      {R"({"name":"a","sort":["-nope"]})", "sort"},
      {R"({"name":"a","sort":[1]})", "sort"},
      {R"({"name":"a","filter":{"field":"nope","op":"eq","value":1}})", "filter"},
      {R"({"name":"a","filter":{"field":"level","op":"gt","value":"gold"}})", "filter"},
      {R"({"name":"a","q":5})", "q"},
      {R"({"name":"a","shared":"yes"})", "shared"},
  };
  for (const auto& c : cases) {
    Resp r = Call("POST", "/api/v1/data/customer/views", c.body, desk_);
    EXPECT_EQ(r.status, 422) << c.body << " " << r.body;
    if (r.status != 422) continue;
    EXPECT_EQ(CodeOf(r), "view.invalid") << c.body;
    EXPECT_TRUE(r.Json().at("error").at("details").at("fields").as_object().contains(c.field))
        << c.body << " " << r.body;
  }
  EXPECT_EQ(Call("POST", "/api/v1/data/customer/views", "[1]", desk_).status, 400);
  Resp unknown = Call("POST", "/api/v1/data/nope/views", R"({"name":"a"})", admin_);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(CodeOf(unknown), "schema.entity_not_found");
  EXPECT_EQ(CodeOf(Call("PATCH", "/api/v1/data/customer/views/abc", "{}", desk_)),
            "view.not_found");
  EXPECT_EQ(CodeOf(Call("DELETE", "/api/v1/data/customer/views/999999", "", desk_, "")),
            "view.not_found");
  EXPECT_EQ(CountRows("list_views"), 5);

  // A user without data.<entity>.read sees nothing of its views.
  const HeaderList nurse = Login("nurse");
  Resp forbidden = Call("GET", "/api/v1/data/order/views", "", nurse, "");
  EXPECT_EQ(forbidden.status, 403) << forbidden.body;
  EXPECT_EQ(CodeOf(forbidden), "auth.forbidden");
  EXPECT_EQ(Call("POST", "/api/v1/data/order/views", R"({"name":"a"})", nurse).status, 403);

  // At most 50 own views per entity.
  for (int i = 0; i < 50; ++i) {
    const std::string body = R"({"name":"v)" + std::to_string(i) + R"("})";
    ASSERT_EQ(Call("POST", "/api/v1/data/customer/views", body, desk_).status, 201) << i;
  }
  Resp over = Call("POST", "/api/v1/data/customer/views", R"({"name":"v50"})", desk_);
  EXPECT_EQ(over.status, 422);
  EXPECT_EQ(CodeOf(over), "view.invalid");
  EXPECT_EQ(CountRows("list_views"), 55);
}

INSTANTIATE_TEST_SUITE_P(Engines, ViewsApiTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::test
