// Staff accounts, paging and the system routes through real HTTP.
#include "api/app_fixture.h"

namespace peony::test {
namespace {

using UsersApiTest = AppTest;

TEST_P(UsersApiTest, CreateReadAndUpdateAUser) {
  HeaderList admin = Login("admin");
  Resp created = Call("POST", "/api/v1/users",
                      R"({"username":"lihua","display_name":"李华","password":"Good-pass-1",)"
                      R"("roles":["consultant"]})",
                      admin);
  ASSERT_EQ(created.status, 201) << created.body;
  const int64_t id = created.Json().at("id").as_int64();
  const std::string path = "/api/v1/users/" + std::to_string(id);
  Resp got = Call("GET", path, "", admin, "");
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.Json().at("display_name").as_string(), "李华");
  EXPECT_EQ(got.Json().at("roles").as_array().at(0).as_string(), "consultant");
  EXPECT_FALSE(got.Json().as_object().contains("password_hash"));

  const int64_t version = got.Json().at("version").as_int64();
  Resp patched =
      Call("PATCH", path, R"({"display_name":"李华华","version":)" + std::to_string(version) + "}",
           admin);
  ASSERT_EQ(patched.status, 200) << patched.body;
  Resp stale = Call("PATCH", path,
                    R"({"display_name":"又改","version":)" + std::to_string(version) + "}", admin);
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.ErrorCode(), "user.version_conflict");
  Resp dup =
      Call("POST", "/api/v1/users",
           R"({"username":"lihua","display_name":"另一个","password":"Good-pass-1"})", admin);
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.ErrorCode(), "user.username_taken");
}

TEST_P(UsersApiTest, BadUserInputIsRefusedFieldByFieldAndWritesNothing) {
  HeaderList admin = Login("admin");
  const int64_t users = CountRows("users");
  const int64_t audit = CountRows("audit_log");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"username":"a'; DROP TABLE users;--","display_name":"x","password":"Good-pass-1"})",
       "request.validation"},
      {R"({"username":"okname","display_name":")" + std::string(5000, 'x') +
           R"(","password":"Good-pass-1"})",
       "request.validation"},
      {R"({"username":"okname","display_name":"x","password":"short"})", "auth.weak_password"},
      {R"({"username":"okname","display_name":"x","password":"Good-pass-1","roles":"admin"})",
       "request.validation"},
      {R"({"username":"okname","display_name":"x","password":"Good-pass-1","roles":["pilot"]})",
       "role.not_found"},
      {R"({"username":"okname","display_name":"x","password":"Good-pass-1","branch_id":"one"})",
       "request.validation"},
      {R"({"username":"okname","display_name":"x","password":"Good-pass-1","branch_id":987654})",
       "org.branch_not_found"},
  };
  for (const auto& [body, code] : cases) {
    Resp r = Call("POST", "/api/v1/users", body, admin);
    EXPECT_EQ(r.ErrorCode(), code) << body.substr(0, 80);
    EXPECT_TRUE(r.status == 400 || r.status == 404 || r.status == 422) << r.status;
  }
  EXPECT_EQ(CountRows("users"), users);
  EXPECT_EQ(CountRows("audit_log"), audit);
  Resp bad_field = Call("POST", "/api/v1/users", R"({"username":"x"})", admin);
  ASSERT_EQ(bad_field.status, 422);
  EXPECT_TRUE(
      bad_field.Json().at("error").at("details").at("fields").as_object().contains("display_name"));
}

TEST_P(UsersApiTest, ListsPageWithACursor) {
  HeaderList admin = Login("admin");
  std::vector<int64_t> seen;
  std::string cursor;
  for (int page = 0; page < 10; ++page) {
    Resp r = Call("GET", "/api/v1/users?limit=3" + (cursor.empty() ? "" : "&cursor=" + cursor), "",
                  admin, "");
    ASSERT_EQ(r.status, 200) << r.body;
    const auto json = r.Json();
    for (const auto& u : json.at("items").as_array()) seen.push_back(u.at("id").as_int64());
    const auto& next = json.at("next_cursor");
    if (next.is_null()) break;
    cursor = std::string(next.as_string());
  }
  EXPECT_EQ(seen.size(), 8u);  // admin + 7 demo staff
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(Call("GET", "/api/v1/users?limit=0", "", admin, "").status, 422);
  EXPECT_EQ(Call("GET", "/api/v1/users?limit=501", "", admin, "").status, 422);
  EXPECT_EQ(Call("GET", "/api/v1/users?cursor=abc", "", admin, "").status, 422);
  EXPECT_EQ(Call("GET", "/api/v1/users/abc", "", admin, "").status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/users/99999999", "", admin, "").ErrorCode(), "user.not_found");
}

TEST_P(UsersApiTest, TheLastAdministratorCannotBeLockedOut) {
  HeaderList admin = Login("admin");
  Resp me = Call("GET", "/api/v1/auth/me", "", admin, "");
  const int64_t id = me.Json().at("user").at("id").as_int64();
  Resp r = Call("PATCH", "/api/v1/users/" + std::to_string(id), R"({"status":"locked"})", admin);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.ErrorCode(), "user.last_admin");
}

TEST_P(UsersApiTest, SystemRoutesAnswer) {
  Resp health = Call("GET", "/api/v1/health", "", {}, "");
  ASSERT_EQ(health.status, 200);
  EXPECT_EQ(health.Json().at("status").as_string(), "ok");
  EXPECT_GE(health.Json().at("schema_version").as_int64(), 1);
  Resp doc = Call("GET", "/api/v1/openapi.json", "", {}, "");
  ASSERT_EQ(doc.status, 200);
  const auto json = doc.Json();
  const auto& paths = json.at("paths").as_object();
  for (const char* p : {"/api/v1/auth/login", "/api/v1/auth/me", "/api/v1/users/{id}",
                        "/api/v1/audit", "/api/v1/health"}) {
    EXPECT_TRUE(paths.contains(p)) << p;
  }
  Resp unknown = Call("GET", "/api/v1/nothing-here", "", {}, "");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.ErrorCode(), "http.not_found");
  Resp method = Call("DELETE", "/api/v1/health", "", {}, "");
  EXPECT_EQ(method.status, 405);
  Resp metrics = Call("GET", "/metrics", "", {}, "");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("# TYPE"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Engines, UsersApiTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::test
