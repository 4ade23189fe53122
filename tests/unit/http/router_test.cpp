// Route matching: literal and {param} segments, HEAD as GET, 404 and 405 with Allow.
#include "http/router.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace peony::http {
namespace {

Result<Response> Named(std::string name) {
  Response r;
  r.body = std::move(name);
  return r;
}

RouteSpec Route(Method method, std::string pattern) {
  RouteSpec spec;
  spec.method = method;
  spec.pattern = pattern;
  spec.auth = Auth::kPublic;
  spec.handler = [name = MethodName(method), pattern](const Request&, RequestContext&) {
    return Named(std::string(name) + " " + pattern);
  };
  return spec;
}

Request Req(Method method, std::string path) {
  Request req;
  req.method = method;
  req.target = path;
  req.path = std::move(path);
  return req;
}

TEST(Router, MatchesALiteralPath) {
  Router router(nullptr);
  router.Add(Route(Method::kGet, "/api/v1/health"));

  Router::Match m = router.Find(Method::kGet, "/api/v1/health");

  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/health");
  EXPECT_TRUE(m.params.empty());
}

TEST(Router, BindsParamSegments) {
  Router router(nullptr);
  router.Add(Route(Method::kGet, "/api/v1/users/{id}/roles/{role}"));

  Router::Match m = router.Find(Method::kGet, "/api/v1/users/42/roles/admin");

  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.at("id"), "42");
  EXPECT_EQ(m.params.at("role"), "admin");
}

TEST(Router, AnEmptySegmentDoesNotBindAParam) {
  Router router(nullptr);
  router.Add(Route(Method::kGet, "/api/v1/users/{id}"));

  EXPECT_EQ(router.Find(Method::kGet, "/api/v1/users/").route, nullptr);
  EXPECT_EQ(router.Find(Method::kGet, "/api/v1/users").route, nullptr);
  EXPECT_EQ(router.Find(Method::kGet, "/api/v1/users/1/extra").route, nullptr);
}

TEST(Router, ALiteralSegmentBeatsAParamWhateverTheOrderOfAdd) {
  Router router(nullptr);
  router.Add(Route(Method::kGet, "/api/v1/users/{id}"));
  router.Add(Route(Method::kGet, "/api/v1/users/me"));

  EXPECT_EQ(router.Find(Method::kGet, "/api/v1/users/me").route->pattern, "/api/v1/users/me");
  EXPECT_EQ(router.Find(Method::kGet, "/api/v1/users/7").route->pattern, "/api/v1/users/{id}");
}

TEST(Router, HeadMatchesGetRoutes) {
  Router router(nullptr);
  router.Add(Route(Method::kGet, "/api/v1/health"));

  Router::Match m = router.Find(Method::kHead, "/api/v1/health");

  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->method, Method::kGet);
}

TEST(Router, AnUnknownPathIsNeitherFoundNorAMethodMismatch) {
  Router router(nullptr);
  router.Add(Route(Method::kGet, "/api/v1/health"));

  Router::Match m = router.Find(Method::kGet, "/api/v1/nothing");

  EXPECT_EQ(m.route, nullptr);
  EXPECT_FALSE(m.method_mismatch);
}

TEST(Router, AKnownPathWithAnotherMethodIsAMismatchListingTheAllowedMethods) {
  Router router(nullptr);
  router.Add(Route(Method::kGet, "/api/v1/users/{id}"));
  router.Add(Route(Method::kPatch, "/api/v1/users/{id}"));

  Router::Match m = router.Find(Method::kDelete, "/api/v1/users/3");

  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.method_mismatch);
  EXPECT_EQ(m.allow, "GET, HEAD, PATCH");
}

TEST(Router, DispatchRunsTheMatchedHandler) {
  Router router(nullptr);
  router.Add(Route(Method::kGet, "/api/v1/users/{id}"));
  router.Add(Route(Method::kPost, "/api/v1/users"));
  RequestContext ctx;

  Response r = router.Dispatch(Req(Method::kPost, "/api/v1/users"), ctx);

  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "POST /api/v1/users");
}

TEST(Router, DispatchAnswersJson404ForAnUnknownApiPath) {
  Router router(nullptr);
  RequestContext ctx;

  Response r = router.Dispatch(Req(Method::kGet, "/api/v1/nope"), ctx);

  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(boost::json::parse(r.body).at("error").at("code"), "http.not_found");
}

TEST(Router, DispatchAnswers405WithAnAllowHeader) {
  Router router(nullptr);
  router.Add(Route(Method::kPost, "/api/v1/auth/login"));
  RequestContext ctx;

  Response r = router.Dispatch(Req(Method::kGet, "/api/v1/auth/login"), ctx);

  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(boost::json::parse(r.body).at("error").at("code"), "http.method_not_allowed");
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0], (std::pair<std::string, std::string>{"Allow", "POST"}));
}

TEST(Router, RelativeAndOverlyDeepPathsMatchNothing) {
  Router router(nullptr);
  router.Add(Route(Method::kGet, "/api/v1/health"));

  EXPECT_EQ(router.Find(Method::kGet, "api/v1/health").route, nullptr);
  EXPECT_EQ(router.Find(Method::kGet, "").route, nullptr);
  EXPECT_EQ(router.Find(Method::kGet, std::string(40, '/')).route, nullptr);
}

TEST(RouterDeathTest, AddingTheSameMethodAndPatternTwiceAborts) {
  Router router(nullptr);
  router.Add(Route(Method::kGet, "/api/v1/health"));

  EXPECT_DEATH(router.Add(Route(Method::kGet, "/api/v1/health")), "");
}

}  // namespace
}  // namespace peony::http
