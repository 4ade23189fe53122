// The one middleware chain of Router::Run: authenticate → CSRF → permission → handler.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "http/router.h"

namespace peony::http {
namespace {

// Answers with whatever the test configured and counts its calls.
class FakeAuthenticator : public Authenticator {
 public:
  Result<std::optional<access::Principal>> Authenticate(const Request&) override {
    ++calls;
    return answer;
  }
  Result<std::optional<access::Principal>> answer = std::optional<access::Principal>();
  int calls = 0;
};

access::Principal SessionUser(std::set<std::string> permissions = {}) {
  access::Principal p;
  p.user_id = 7;
  p.username = "lihua";
  p.method = access::AuthMethod::kSession;
  p.csrf_token = "csrf-secret-token";
  p.permissions = std::move(permissions);
  return p;
}

access::Principal ApiKey(std::set<std::string> permissions = {}) {
  access::Principal p = SessionUser(std::move(permissions));
  p.method = access::AuthMethod::kApiKey;
  p.csrf_token.clear();
  return p;
}

std::string CodeOf(const Response& r) {
  return std::string(boost::json::parse(r.body).at("error").at("code").as_string());
}

class RouterMiddleware : public ::testing::Test {
 protected:
  // Adds `method pattern` needing `permission` (Auth::kUser) whose handler counts its runs.
  void AddUserRoute(Method method, std::string pattern, std::string permission = "") {
    RouteSpec spec;
    spec.method = method;
    spec.pattern = std::move(pattern);
    spec.permission = std::move(permission);
    spec.handler = [this](const Request&, RequestContext& ctx) -> Result<Response> {
      ++handler_runs;
      seen_user = ctx.principal ? ctx.principal->user_id : 0;
      seen_id = std::string(ctx.Param("id"));
      return Response();
    };
    router.Add(std::move(spec));
  }

  Response Call(Method method, std::string path, std::optional<std::string> csrf = std::nullopt) {
    Request req;
    req.method = method;
    req.path = path;
    req.target = path;
    if (csrf) req.headers.Add("X-CSRF-Token", *csrf);
    RequestContext ctx;
    return router.Dispatch(req, ctx);
  }

  FakeAuthenticator auth;
  Router router{&auth};
  int handler_runs = 0;
  int64_t seen_user = 0;
  std::string seen_id;
};

TEST_F(RouterMiddleware, AUserRouteWithoutCredentialsIs401AndTheHandlerDoesNotRun) {
  AddUserRoute(Method::kGet, "/api/v1/users");

  Response r = Call(Method::kGet, "/api/v1/users");

  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(CodeOf(r), "auth.unauthenticated");
  EXPECT_EQ(handler_runs, 0);
}

TEST_F(RouterMiddleware, InvalidCredentialsAnswerTheAuthenticatorsError) {
  AddUserRoute(Method::kGet, "/api/v1/users");
  auth.answer = MakeError(ErrorKind::kUnauthenticated, "auth.session_expired", "会话已过期",
                          "Your session has expired");

  Response r = Call(Method::kGet, "/api/v1/users");

  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(CodeOf(r), "auth.session_expired");
  EXPECT_EQ(handler_runs, 0);
}

TEST_F(RouterMiddleware, NoCredentialsIs401EvenWhereAPermissionIsMissing) {
  AddUserRoute(Method::kGet, "/api/v1/users", "user.read");

  EXPECT_EQ(Call(Method::kGet, "/api/v1/users").status, 401);
}

TEST_F(RouterMiddleware, ASessionPostWithoutACsrfTokenIs403) {
  AddUserRoute(Method::kPost, "/api/v1/users");
  auth.answer = std::optional(SessionUser());

  Response r = Call(Method::kPost, "/api/v1/users");

  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(CodeOf(r), "auth.csrf_failed");
  EXPECT_EQ(handler_runs, 0);
}

TEST_F(RouterMiddleware, ASessionPostWithAWrongCsrfTokenIs403) {
  AddUserRoute(Method::kDelete, "/api/v1/users/{id}");
  auth.answer = std::optional(SessionUser());

  Response r = Call(Method::kDelete, "/api/v1/users/1", "csrf-secret-tokeX");

  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(CodeOf(r), "auth.csrf_failed");
  EXPECT_EQ(handler_runs, 0);
}

TEST_F(RouterMiddleware, ASessionWithAnEmptyCsrfTokenNeverMatchesAnEmptyHeader) {
  AddUserRoute(Method::kPost, "/api/v1/users");
  access::Principal p = SessionUser();
  p.csrf_token.clear();
  auth.answer = std::optional(p);

  EXPECT_EQ(Call(Method::kPost, "/api/v1/users", "").status, 403);
}

TEST_F(RouterMiddleware, ASessionPostWithTheRightCsrfTokenRuns) {
  AddUserRoute(Method::kPost, "/api/v1/users");
  auth.answer = std::optional(SessionUser());

  Response r = Call(Method::kPost, "/api/v1/users", "csrf-secret-token");

  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(handler_runs, 1);
  EXPECT_EQ(seen_user, 7);
}

TEST_F(RouterMiddleware, ASessionGetNeedsNoCsrfToken) {
  AddUserRoute(Method::kGet, "/api/v1/users/{id}");
  auth.answer = std::optional(SessionUser());

  Response r = Call(Method::kGet, "/api/v1/users/12");

  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(seen_id, "12");
}

TEST_F(RouterMiddleware, AnApiKeyPostNeedsNoCsrfToken) {
  AddUserRoute(Method::kPost, "/api/v1/users");
  auth.answer = std::optional(ApiKey());

  EXPECT_EQ(Call(Method::kPost, "/api/v1/users").status, 200);
  EXPECT_EQ(handler_runs, 1);
}

TEST_F(RouterMiddleware, AMissingPermissionIs403Forbidden) {
  AddUserRoute(Method::kGet, "/api/v1/users", "user.read");
  auth.answer = std::optional(SessionUser({"customer.read"}));

  Response r = Call(Method::kGet, "/api/v1/users");

  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(CodeOf(r), "auth.forbidden");
  EXPECT_EQ(handler_runs, 0);
}

TEST_F(RouterMiddleware, CsrfIsCheckedBeforeThePermission) {
  AddUserRoute(Method::kPost, "/api/v1/users", "user.write");
  auth.answer = std::optional(SessionUser());

  EXPECT_EQ(CodeOf(Call(Method::kPost, "/api/v1/users")), "auth.csrf_failed");
}

TEST_F(RouterMiddleware, AHeldPermissionLetsTheHandlerRun) {
  AddUserRoute(Method::kGet, "/api/v1/users", "user.read");
  auth.answer = std::optional(SessionUser({"user.read"}));

  EXPECT_EQ(Call(Method::kGet, "/api/v1/users").status, 200);
}

TEST_F(RouterMiddleware, APublicRouteNeverAsksTheAuthenticator) {
  RouteSpec spec;
  spec.method = Method::kPost;
  spec.pattern = "/api/v1/auth/login";
  spec.auth = Auth::kPublic;
  spec.handler = [](const Request&, RequestContext& ctx) -> Result<Response> {
    EXPECT_FALSE(ctx.principal.has_value());
    return Response();
  };
  router.Add(std::move(spec));

  EXPECT_EQ(Call(Method::kPost, "/api/v1/auth/login").status, 200);
  EXPECT_EQ(auth.calls, 0);
}

TEST_F(RouterMiddleware, AHandlerErrorBecomesItsStatusAndCode) {
  RouteSpec spec;
  spec.method = Method::kGet;
  spec.pattern = "/api/v1/cards/{id}";
  spec.auth = Auth::kPublic;
  spec.handler = [](const Request&, RequestContext&) -> Result<Response> {
    return MakeError(ErrorKind::kFailedPrecondition, "card.insufficient_sessions", "次数不足",
                     "Not enough sessions left");
  };
  router.Add(std::move(spec));

  Response r = Call(Method::kGet, "/api/v1/cards/1");

  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(CodeOf(r), "card.insufficient_sessions");
}

TEST_F(RouterMiddleware, AHandlerExceptionIsAGeneric500) {
  RouteSpec spec;
  spec.method = Method::kGet;
  spec.pattern = "/api/v1/boom";
  spec.auth = Auth::kPublic;
  spec.handler = [](const Request&, RequestContext&) -> Result<Response> {
    throw std::runtime_error("secret database detail");
  };
  router.Add(std::move(spec));

  Response r = Call(Method::kGet, "/api/v1/boom");

  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(CodeOf(r), "internal");
  EXPECT_EQ(r.body.find("secret"), std::string::npos);
}

TEST(RouterWithoutAuthenticator, AnswersUserRoutesWith401) {
  Router router(nullptr);
  RouteSpec spec;
  spec.pattern = "/api/v1/me";
  spec.handler = [](const Request&, RequestContext&) -> Result<Response> { return Response(); };
  router.Add(std::move(spec));
  Request req;
  req.path = "/api/v1/me";
  RequestContext ctx;

  EXPECT_EQ(router.Dispatch(req, ctx).status, 401);
}

}  // namespace
}  // namespace peony::http
