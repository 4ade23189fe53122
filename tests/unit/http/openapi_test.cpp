// The OpenAPI document is generated from the routes' declarations.
#include "http/openapi.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "http/metrics.h"
#include "http/router.h"

namespace peony::http {
namespace {

namespace json = boost::json;

Result<Response> Ok200(const Request&, RequestContext&) { return Response(); }

void AddRoutes(Router& router) {
  RouteSpec get_user;
  get_user.method = Method::kGet;
  get_user.pattern = "/api/v1/users/{id}";
  get_user.summary = "One user";
  get_user.tag = "users";
  get_user.permission = "user.read";
  get_user.query = {{"fields", "string", "Fields to return", false}};
  get_user.response_schema = R"({"type":"object","properties":{"id":{"type":"integer"}}})";
  get_user.error_codes = {"user.not_found"};
  get_user.handler = Ok200;
  router.Add(std::move(get_user));

  RouteSpec login;
  login.method = Method::kPost;
  login.pattern = "/api/v1/auth/login";
  login.tag = "auth";
  login.auth = Auth::kPublic;
  login.request_schema = R"({"type":"object","required":["username","password"]})";
  login.error_codes = {"auth.invalid_credentials", "auth.locked"};
  login.handler = Ok200;
  router.Add(std::move(login));

  RouteSpec remove;
  remove.method = Method::kDelete;
  remove.pattern = "/api/v1/users/{id}";
  remove.tag = "users";
  remove.success_status = 204;
  remove.handler = Ok200;
  router.Add(std::move(remove));
}

TEST(OpenApi, DocumentsEveryApiRouteAndNothingElse) {
  Router router(nullptr);
  AddRoutes(router);
  Metrics metrics;
  AddMetricsRoute(router, metrics);

  json::value doc = BuildOpenApi(router, "1.2.3");

  EXPECT_EQ(doc.at("openapi"), "3.0.3");
  EXPECT_EQ(doc.at("info").at("version"), "1.2.3");
  const json::object& paths = doc.at("paths").as_object();
  EXPECT_EQ(paths.size(), 2u);
  EXPECT_TRUE(paths.contains("/api/v1/users/{id}"));
  EXPECT_TRUE(paths.contains("/api/v1/auth/login"));
  EXPECT_FALSE(paths.contains("/metrics"));
  EXPECT_TRUE(paths.at("/api/v1/users/{id}").as_object().contains("get"));
  EXPECT_TRUE(paths.at("/api/v1/users/{id}").as_object().contains("delete"));
  EXPECT_EQ(doc.at("tags"), json::parse(R"([{"name":"auth"},{"name":"users"}])"));
}

TEST(OpenApi, PathAndQueryParametersAreDeclared) {
  Router router(nullptr);
  AddRoutes(router);

  json::value op = BuildOpenApi(router, "1").at("paths").at("/api/v1/users/{id}").at("get");

  EXPECT_EQ(op.at("parameters").at(0),
            json::parse(R"({"name":"id","in":"path","required":true,"schema":{"type":"string"}})"));
  EXPECT_EQ(op.at("parameters").at(1).at("name"), "fields");
  EXPECT_EQ(op.at("parameters").at(1).at("in"), "query");
  EXPECT_EQ(op.at("operationId"), "getUsersById");
}

TEST(OpenApi, SchemasComeFromTheDeclarations) {
  Router router(nullptr);
  AddRoutes(router);

  json::value doc = BuildOpenApi(router, "1");
  json::value login = doc.at("paths").at("/api/v1/auth/login").at("post");
  json::value get_user = doc.at("paths").at("/api/v1/users/{id}").at("get");

  EXPECT_EQ(login.at("requestBody").at("content").at("application/json").at("schema"),
            json::parse(R"({"type":"object","required":["username","password"]})"));
  EXPECT_EQ(get_user.at("responses").at("200").at("content").at("application/json").at("schema"),
            json::parse(R"({"type":"object","properties":{"id":{"type":"integer"}}})"));
  EXPECT_FALSE(doc.at("paths")
                   .at("/api/v1/users/{id}")
                   .at("delete")
                   .at("responses")
                   .at("204")
                   .as_object()
                   .contains("content"));
}

TEST(OpenApi, ErrorsReferenceTheSharedSchemaAndListTheCodes) {
  Router router(nullptr);
  AddRoutes(router);

  json::value doc = BuildOpenApi(router, "1");
  json::value login = doc.at("paths").at("/api/v1/auth/login").at("post");

  const json::value& def = login.at("responses").at("default");
  EXPECT_NE(
      std::string(def.at("description").as_string()).find("auth.invalid_credentials, auth.locked"),
      std::string::npos);
  EXPECT_EQ(def.at("content").at("application/json").at("schema").at("$ref"),
            "#/components/schemas/Error");
  EXPECT_TRUE(doc.at("components").at("schemas").as_object().contains("Error"));
  EXPECT_EQ(login.at("x-error-codes"),
            json::parse(R"(["auth.invalid_credentials","auth.locked"])"));
}

TEST(OpenApi, SecurityFollowsEachRoutesAuth) {
  Router router(nullptr);
  AddRoutes(router);

  json::value doc = BuildOpenApi(router, "1");
  json::value login = doc.at("paths").at("/api/v1/auth/login").at("post");
  json::value get_user = doc.at("paths").at("/api/v1/users/{id}").at("get");

  EXPECT_EQ(login.at("security"), json::array());
  EXPECT_EQ(get_user.at("security"), json::parse(R"([{"cookieSession":[]},{"apiKey":[]}])"));
  EXPECT_EQ(get_user.at("x-permission"), "user.read");
  EXPECT_TRUE(get_user.at("responses").as_object().contains("401"));
  EXPECT_EQ(doc.at("components").at("securitySchemes").at("cookieSession"),
            json::parse(R"({"type":"apiKey","in":"cookie","name":"peony_session"})"));
  EXPECT_EQ(doc.at("components").at("securitySchemes").at("apiKey").at("scheme"), "bearer");
}

TEST(OpenApi, TheRouteServesTheDocumentIncludingRoutesAddedLater) {
  Router router(nullptr);
  AddOpenApiRoute(router);
  AddRoutes(router);
  Request req;
  req.path = "/api/v1/openapi.json";
  RequestContext ctx;

  Response first = router.Dispatch(req, ctx);
  Response second = router.Dispatch(req, ctx);

  EXPECT_EQ(first.status, 200);
  json::value doc = json::parse(first.Body());
  EXPECT_TRUE(doc.at("paths").as_object().contains("/api/v1/users/{id}"));
  EXPECT_TRUE(doc.at("paths").as_object().contains("/api/v1/openapi.json"));
  EXPECT_EQ(first.shared_body, second.shared_body);  // built once
}

}  // namespace
}  // namespace peony::http
