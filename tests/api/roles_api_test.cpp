// PUT /api/v1/roles/{name}: custom roles with grants and scopes; a holder of a role that may read
// but not unmask sees sensitive values masked.
#include "api/app_fixture.h"

namespace peony::test {
namespace {

class RolesApiTest : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (IsSkipped()) return;
    admin_ = Login("admin");
  }
  HeaderList admin_;
};

TEST_P(RolesApiTest, ACustomRoleGrantsReadingWithoutUnmasking) {
  ASSERT_EQ(Call("POST", "/api/v1/schema/entities", R"({"name":"client","label":"客户","fields":[
    {"name":"name","label":"姓名","type":"text"},
    {"name":"mobile","label":"手机","type":"phone","sensitive":true}]})",
                 admin_)
                .status,
            201);
  Resp created =
      Call("POST", "/api/v1/data/client", R"({"name":"王丽华","mobile":"13812345678"})", admin_);
  ASSERT_EQ(created.status, 201) << created.body;
  Resp role = Call(
      "PUT", "/api/v1/roles/client_reader",
      R"({"label":"客户查询","grants":[{"permission":"data.client.read","scope":"all"}]})", admin_);
  ASSERT_EQ(role.status, 200) << role.body;
  EXPECT_EQ(role.Json().at("grants").as_array().size(), 1u);
  Resp user = Call("POST", "/api/v1/users",
                   R"({"username":"reader","display_name":"查询员","password":"Reader-pass-1",
                       "roles":["client_reader"]})",
                   admin_);
  ASSERT_EQ(user.status, 201) << user.body;
  const HeaderList reader = Login("reader", "Reader-pass-1");
  Resp got =
      Call("GET", "/api/v1/data/client/" + std::to_string(created.Json().at("id").as_int64()), "",
           reader);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.Json().at("mobile").as_string(), "138****5678");
  EXPECT_EQ(Call("POST", "/api/v1/data/client", R"({"name":"x"})", reader).status, 403);
  // The reader may not change roles.
  EXPECT_EQ(
      Call("PUT", "/api/v1/roles/client_reader", R"({"label":"x","grants":[]})", reader).status,
      403);
}

TEST_P(RolesApiTest, BadRolesAreRefusedAndChangeNothing) {
  auto code = [&](std::string_view name, const std::string& body) {
    Resp r = Call("PUT", "/api/v1/roles/" + std::string(name), body, admin_);
    return std::to_string(r.status) + " " +
           (r.status >= 400 ? std::string(r.Json().at("error").at("code").as_string()) : "");
  };
  EXPECT_EQ(code("auditor", R"({"label":"审计","grants":[{"permission":"no.such"}]})"),
            "422 role.unknown_permission");
  EXPECT_EQ(
      code("auditor", R"({"label":"审计","grants":[{"permission":"audit.read","scope":"x"}]})"),
      "422 role.unknown_permission");
  EXPECT_EQ(code("manager", R"({"label":"店长","grants":[{"permission":"*"}]})"),
            "409 role.builtin");
  EXPECT_EQ(code("Bad-Name", R"({"label":"x","grants":[]})"), "422 request.validation");
  EXPECT_EQ(code("auditor", R"({"grants":[]})"), "422 request.validation");
  EXPECT_EQ(code("auditor", R"({"label":"审计","grants":{}})"), "422 request.validation");
  const auto roles = Call("GET", "/api/v1/roles", "", admin_).Json();
  for (const auto& r : roles.at("items").as_array()) {
    EXPECT_NE(r.at("name").as_string(), "auditor");
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, RolesApiTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::test
