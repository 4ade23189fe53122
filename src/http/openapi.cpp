#include "http/openapi.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <memory>
#include <mutex>
#include <set>

#include "common/log.h"
#include "http/router.h"

#ifndef PEONY_VERSION
#define PEONY_VERSION "0.0.0"
#endif

namespace peony::http {
namespace {

namespace json = boost::json;

constexpr std::string_view kSessionScheme = "cookieSession";
constexpr std::string_view kApiKeyScheme = "apiKey";

json::value Schema(const std::string& text, const RouteSpec& route) {
  if (text.empty()) return json::object{{"type", "object"}};
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) {
    log::Error("openapi.bad_schema", {{"method", json::value(MethodName(route.method))},
                                      {"pattern", json::value(route.pattern)}});
    return json::object{};
  }
  return v;
}

std::string Pascal(std::string_view s) {
  std::string out;
  bool upper = true;
  for (char c : s) {
    if (c == '_' || c == '-' || c == '.') {
      upper = true;
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out;
}

// "GET /api/v1/users/{id}" → "getUsersById".
std::string OperationId(const RouteSpec& route) {
  std::string id;
  for (char c : MethodName(route.method)) id += static_cast<char>(c - 'A' + 'a');
  std::string_view rest = route.pattern;
  if (rest.rfind("/api/v1", 0) == 0) rest.remove_prefix(7);
  while (!rest.empty()) {
    if (rest.front() == '/') rest.remove_prefix(1);
    const size_t slash = rest.find('/');
    std::string_view seg = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    if (seg.size() > 2 && seg.front() == '{') {
      id += "By" + Pascal(seg.substr(1, seg.size() - 2));
    } else {
      id += Pascal(seg);
    }
  }
  return id;
}

json::object ErrorContent() {
  return {{"application/json",
           json::object{{"schema", json::object{{"$ref", "#/components/schemas/Error"}}}}}};
}

json::object ErrorResponseSpec(std::string description) {
  return {{"description", std::move(description)}, {"content", ErrorContent()}};
}

json::array Parameters(const RouteSpec& route) {
  json::array params;
  std::string_view rest = route.pattern;
  for (size_t open = rest.find('{'); open != std::string_view::npos; open = rest.find('{')) {
    const size_t close = rest.find('}', open);
    if (close == std::string_view::npos) break;
    params.push_back(json::object{{"name", rest.substr(open + 1, close - open - 1)},
                                  {"in", "path"},
                                  {"required", true},
                                  {"schema", json::object{{"type", "string"}}}});
    rest.remove_prefix(close + 1);
  }
  for (const ParamSpec& q : route.query) {
    json::object p{{"name", q.name},
                   {"in", "query"},
                   {"required", q.required},
                   {"schema", json::object{{"type", q.type}}}};
    if (!q.description.empty()) p["description"] = q.description;
    params.push_back(std::move(p));
  }
  if (route.auth == Auth::kUser && IsUnsafe(route.method)) {
    params.push_back(
        json::object{{"name", "X-CSRF-Token"},
                     {"in", "header"},
                     {"required", false},
                     {"description",
                      "Required with a session cookie (the csrf_token from login); not with an "
                      "API key."},
                     {"schema", json::object{{"type", "string"}}}});
  }
  return params;
}

json::object Operation(const RouteSpec& route, std::string operation_id) {
  json::object op;
  op["operationId"] = std::move(operation_id);
  if (!route.summary.empty()) op["summary"] = route.summary;
  if (!route.tag.empty()) op["tags"] = json::array{json::value(route.tag)};
  json::array params = Parameters(route);
  if (!params.empty()) op["parameters"] = std::move(params);
  if (!route.raw_body_type.empty()) {
    op["requestBody"] = json::object{
        {"required", true},
        {"content", json::object{{route.raw_body_type,
                                  json::object{{"schema", json::object{{"type", "string"},
                                                                       {"format", "binary"}}}}}}}};
  }
  if (!route.request_schema.empty()) {
    op["requestBody"] = json::object{
        {"required", true},
        {"content", json::object{{"application/json",
                                  json::object{{"schema", Schema(route.request_schema, route)}}}}}};
  }
  json::object responses;
  json::object success{{"description", "Success"}};
  if (route.success_status != 204) {
    success["content"] = json::object{
        {"application/json", json::object{{"schema", Schema(route.response_schema, route)}}}};
  }
  responses[std::to_string(route.success_status)] = std::move(success);
  if (!route.request_schema.empty()) {
    responses["400"] = ErrorResponseSpec("Malformed body (request.invalid_json, request.too_deep)");
    responses["415"] = ErrorResponseSpec("Not application/json (request.unsupported_media_type)");
    responses["422"] = ErrorResponseSpec("Invalid fields (request.validation)");
  }
  json::array security;
  if (route.auth == Auth::kUser) {
    responses["401"] = ErrorResponseSpec("Not signed in (auth.unauthenticated)");
    responses["403"] =
        ErrorResponseSpec(route.permission.empty()
                              ? "CSRF token missing (auth.csrf_failed)"
                              : "Lacks permission " + route.permission +
                                    " (auth.forbidden) or CSRF token missing (auth.csrf_failed)");
    security.push_back(json::object{{kSessionScheme, json::array{}}});
    security.push_back(json::object{{kApiKeyScheme, json::array{}}});
  }
  std::string codes;
  json::array code_list;
  for (const std::string& c : route.error_codes) {
    codes += codes.empty() ? c : ", " + c;
    code_list.push_back(json::value(c));
  }
  responses["default"] =
      ErrorResponseSpec(codes.empty() ? "Error" : "Error; codes this route may answer: " + codes);
  op["responses"] = std::move(responses);
  op["security"] = std::move(security);
  if (!route.permission.empty()) op["x-permission"] = route.permission;
  if (!code_list.empty()) op["x-error-codes"] = std::move(code_list);
  return op;
}

json::object Components() {
  json::object error_body{
      {"type", "object"},
      {"required", json::array{"code", "message"}},
      {"properties",
       json::object{{"code", json::object{{"type", "string"},
                                          {"description", "Stable, e.g. auth.unauthenticated"}}},
                    {"message", json::object{{"type", "string"},
                                             {"description", "Localised by Accept-Language"}}},
                    {"details", json::object{{"type", "object"}}}}}};
  json::object error{{"type", "object"},
                     {"required", json::array{"error"}},
                     {"properties", json::object{{"error", std::move(error_body)}}}};
  return {
      {"schemas", json::object{{"Error", std::move(error)}}},
      {"securitySchemes",
       json::object{
           {kSessionScheme,
            json::object{{"type", "apiKey"}, {"in", "cookie"}, {"name", "peony_session"}}},
           {kApiKeyScheme,
            json::object{{"type", "http"}, {"scheme", "bearer"}, {"description", "An API key"}}}}}};
}

}  // namespace

json::value BuildOpenApi(const Router& router, std::string version) {
  json::object paths;
  std::set<std::string> tags;
  std::set<std::string> operation_ids;
  for (const auto& route : router.routes()) {
    if (route->pattern.rfind("/api/", 0) != 0) continue;
    std::string method;
    for (char c : MethodName(route->method)) method += static_cast<char>(c - 'A' + 'a');
    std::string op_id = OperationId(*route);
    for (int n = 2; !operation_ids.insert(op_id).second; ++n)
      op_id = OperationId(*route) + std::to_string(n);
    json::value& item = paths[route->pattern];
    if (!item.is_object()) item = json::object{};
    item.get_object()[method] = Operation(*route, std::move(op_id));
    if (!route->tag.empty()) tags.insert(route->tag);
  }
  json::array tag_list;
  for (const std::string& t : tags) tag_list.push_back(json::object{{"name", t}});
  return json::object{{"openapi", "3.0.3"},
                      {"info", json::object{{"title", "Peony API"},
                                            {"version", std::move(version)},
                                            {"description",
                                             "Clinic customer management. Errors are "
                                             "{\"error\":{\"code\",\"message\",\"details\"}}."}}},
                      {"tags", std::move(tag_list)},
                      {"paths", std::move(paths)},
                      {"components", Components()}};
}

void AddOpenApiRoute(Router& router) {
  struct Cache {
    std::once_flag once;
    std::shared_ptr<const std::string> document;
  };
  auto cache = std::make_shared<Cache>();
  RouteSpec spec;
  spec.method = Method::kGet;
  spec.pattern = "/api/v1/openapi.json";
  spec.summary = "This OpenAPI document";
  spec.tag = "system";
  spec.auth = Auth::kPublic;
  spec.inline_ok = true;
  spec.handler = [cache, r = &router](const Request&, RequestContext&) -> Result<Response> {
    std::call_once(cache->once, [&] {
      cache->document =
          std::make_shared<const std::string>(json::serialize(BuildOpenApi(*r, PEONY_VERSION)));
    });
    Response resp;
    resp.shared_body = cache->document;
    return resp;
  };
  router.Add(std::move(spec));
}

}  // namespace peony::http
