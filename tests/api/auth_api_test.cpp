// Sign-in, sessions, CSRF and permissions through real HTTP against the whole server.
#include "api/app_fixture.h"
#include "platform/access/audit.h"

namespace peony::test {
namespace {

using AuthApiTest = AppTest;

TEST_P(AuthApiTest, LoginSetsAnHttpOnlyCookieAndMeAnswersWithTheUser) {
  Resp r = client_->Send("POST", "/api/v1/auth/login",
                         R"({"username":"admin","password":"Admin-pass-1"})",
                         {{"Content-Type", "application/json"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string cookie = r.Header("set-cookie");
  EXPECT_NE(cookie.find("peony_session="), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
  auto body = r.Json();
  EXPECT_EQ(body.at("user").at("username").as_string(), "admin");
  EXPECT_FALSE(body.at("csrf_token").as_string().empty());

  HeaderList auth = Login("admin");
  Resp me = Call("GET", "/api/v1/auth/me", "", auth, "");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.Json().at("user").at("org").at("name").as_string(), "Peony 演示诊所");
  EXPECT_EQ(me.Json().at("csrf_token"), auth[1].second.c_str());
}

TEST_P(AuthApiTest, MeWithoutOrWithAForgedSessionIs401) {
  Resp none = Call("GET", "/api/v1/auth/me", "", {}, "");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.ErrorCode(), "auth.unauthenticated");
  Resp forged = Call("GET", "/api/v1/auth/me", "", {{"Cookie", "peony_session=forged"}}, "");
  EXPECT_EQ(forged.status, 401);
  EXPECT_EQ(forged.ErrorCode(), "auth.invalid_session");
}

TEST_P(AuthApiTest, UnsafeRequestsNeedTheCsrfTokenAndWriteNothingWithoutIt) {
  HeaderList auth = Login("admin");
  HeaderList cookie_only{auth[0]};
  const int64_t users = CountRows("users");
  Resp r = Call("POST", "/api/v1/users",
                R"({"username":"csrf_victim","display_name":"x","password":"Good-pass-1"})",
                cookie_only);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.ErrorCode(), "auth.csrf_failed");
  HeaderList wrong{auth[0], {"X-CSRF-Token", "not-the-token"}};
  EXPECT_EQ(Call("POST", "/api/v1/auth/logout", "{}", wrong).status, 403);
  EXPECT_EQ(CountRows("users"), users);
  // The session survived the refused logout.
  EXPECT_EQ(Call("GET", "/api/v1/auth/me", "", cookie_only, "").status, 200);
}

TEST_P(AuthApiTest, LogoutEndsTheSession) {
  HeaderList auth = Login("admin");
  Resp out = Call("POST", "/api/v1/auth/logout", "", auth, "");
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.Header("set-cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(Call("GET", "/api/v1/auth/me", "", auth, "").status, 401);
}

TEST_P(AuthApiTest, FiveWrongPasswordsLockTheAccountWithALocalisedMessage) {
  for (int i = 0; i < 5; ++i) {
    Resp r = Call("POST", "/api/v1/auth/login",
                  R"({"username":"doctor","password":"Wrong-pass-1"})", {});
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(r.ErrorCode(), "auth.invalid_credentials");
  }
  Resp locked =
      Call("POST", "/api/v1/auth/login", R"({"username":"doctor","password":"Admin-pass-1"})", {});
  EXPECT_EQ(locked.status, 423);
  EXPECT_EQ(locked.ErrorCode(), "auth.locked");
  EXPECT_NE(locked.Json().at("error").at("message").as_string().find("locked"),
            boost::json::string::npos);
  Resp zh = client_->Send("POST", "/api/v1/auth/login",
                          R"({"username":"doctor","password":"Admin-pass-1"})",
                          {{"Content-Type", "application/json"}});
  EXPECT_NE(std::string(zh.Json().at("error").at("message").as_string()).find("锁定"),
            std::string::npos);
}

TEST_P(AuthApiTest, BadLoginBodiesGetClearErrorsAndWriteNothing) {
  const int64_t sessions = CountRows("sessions");
  struct Case {
    std::string body, content_type;
    int status;
    std::string code;
  };
  const std::string deep = std::string(1000, '[') + std::string(1000, ']');
  const std::vector<Case> cases = {
      {R"({"username": "admin", "password": )", "application/json", 400, "request.invalid_json"},
      {"", "application/json", 400, "request.invalid_json"},
      {"[1,2]", "application/json", 400, "request.invalid_json"},
      {deep, "application/json", 400, "request.too_deep"},
      {R"({"username":"admin","password":"Admin-pass-1"})", "text/plain", 415,
       "request.unsupported_media_type"},
      {R"({"username":"admin"})", "application/json", 422, "request.validation"},
      {R"({"username":42,"password":"x"})", "application/json", 422, "request.validation"},
      {R"({"username":")" + std::string(100000, 'a') + R"(","password":"x"})", "application/json",
       422, "request.validation"},
      {"{\"username\":\"\xff\xfe\",\"password\":\"x\"}", "application/json", 400,
       "request.invalid_utf8"},
  };
  for (const auto& c : cases) {
    Resp r = Call("POST", "/api/v1/auth/login", c.body, {}, c.content_type);
    EXPECT_EQ(r.status, c.status) << c.body.substr(0, 60);
    EXPECT_EQ(r.ErrorCode(), c.code) << c.body.substr(0, 60);
  }
  // SQL metacharacters are just a wrong username.
  Resp sql = Call("POST", "/api/v1/auth/login",
                  R"({"username":"admin' OR '1'='1","password":"' OR 1=1 --"})", {});
  EXPECT_EQ(sql.status, 401);
  EXPECT_EQ(CountRows("sessions"), sessions);
}

TEST_P(AuthApiTest, RoutesCheckPermissions) {
  HeaderList desk = Login("frontdesk");
  Resp users = Call("GET", "/api/v1/users", "", desk, "");
  EXPECT_EQ(users.status, 403);
  EXPECT_EQ(users.ErrorCode(), "auth.forbidden");
  EXPECT_EQ(Call("GET", "/api/v1/audit", "", desk, "").status, 403);
  EXPECT_EQ(Call("POST", "/api/v1/users", "{}", desk).status, 403);
  EXPECT_EQ(Call("GET", "/api/v1/branches", "", desk, "").status, 200);
  HeaderList manager = Login("manager");
  EXPECT_EQ(Call("GET", "/api/v1/users", "", manager, "").status, 200);
  EXPECT_EQ(Call("POST", "/api/v1/users", "{}", manager).status, 403);
}

TEST_P(AuthApiTest, ApiKeysWorkWithoutCsrfUntilRevoked) {
  HeaderList admin = Login("admin");
  Resp created = Call("POST", "/api/v1/api-keys", R"({"name":"抖音线索"})", admin);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string key(created.Json().at("key").as_string());
  HeaderList bearer{{"Authorization", "Bearer " + key}};
  EXPECT_EQ(Call("GET", "/api/v1/users", "", bearer, "").status, 200);
  Resp made =
      Call("POST", "/api/v1/users",
           R"({"username":"via_key","display_name":"接口创建","password":"Good-pass-1"})", bearer);
  EXPECT_EQ(made.status, 201) << made.body;
  // The list never shows the key again.
  Resp list = Call("GET", "/api/v1/api-keys", "", admin, "");
  EXPECT_EQ(list.body.find(key), std::string::npos);
  const int64_t id = created.Json().at("id").as_int64();
  EXPECT_EQ(Call("DELETE", "/api/v1/api-keys/" + std::to_string(id), "", admin, "").status, 204);
  Resp after = Call("GET", "/api/v1/users", "", bearer, "");
  EXPECT_EQ(after.status, 401);
  EXPECT_EQ(after.ErrorCode(), "auth.invalid_api_key");
}

TEST_P(AuthApiTest, ChangingThePasswordChecksTheOldOneAndThePolicy) {
  HeaderList auth = Login("nurse");
  Resp wrong = Call("POST", "/api/v1/auth/password",
                    R"({"old_password":"Nope-1234","new_password":"Better-pass-2"})", auth);
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.ErrorCode(), "auth.wrong_password");
  Resp weak = Call("POST", "/api/v1/auth/password",
                   R"({"old_password":"Admin-pass-1","new_password":"password"})", auth);
  EXPECT_EQ(weak.status, 422);
  EXPECT_EQ(weak.ErrorCode(), "auth.weak_password");
  EXPECT_EQ(Call("POST", "/api/v1/auth/password",
                 R"({"old_password":"Admin-pass-1","new_password":"Better-pass-2"})", auth)
                .status,
            204);
  EXPECT_EQ(Call("GET", "/api/v1/auth/me", "", auth, "").status, 200);
  Login("nurse", "Better-pass-2");
}

TEST_P(AuthApiTest, EverySignInEventIsInAnIntactAuditChain) {
  Login("admin");
  Call("POST", "/api/v1/auth/login", R"({"username":"admin","password":"Wrong-pass-9"})", {});
  HeaderList auth = Login("admin");
  Resp audit = Call("GET", "/api/v1/audit?limit=5", "", auth, "");
  ASSERT_EQ(audit.status, 200);
  const auto json = audit.Json();
  const auto& items = json.at("items").as_array();
  ASSERT_GE(items.size(), 3u);
  EXPECT_EQ(items[0].at("action").as_string(), "auth.login");
  EXPECT_EQ(items[1].at("action").as_string(), "auth.login_failed");
  auto db = database_->Open();
  ASSERT_TRUE(db);
  auto report = access::VerifyAudit(*db);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->reason;
}

INSTANTIATE_TEST_SUITE_P(Engines, AuthApiTest, ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::test
