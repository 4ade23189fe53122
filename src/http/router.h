// Routes and their declarations. A route declares its method, path pattern, who may call it and the
// shapes of its request and response; the router matches requests, runs the one middleware chain
// (authentication → CSRF → permission → handler) and the OpenAPI document is generated from the
// same declarations (http/openapi.h), so documentation cannot drift from the code.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "http/request.h"
#include "platform/access/principal.h"

namespace peony::http {

struct RequestContext {
  std::string request_id;
  bool english = false;  // from Accept-Language; zh-CN otherwise
  std::map<std::string, std::string, std::less<>> path_params;
  std::optional<access::Principal> principal;  // set for Auth::kUser routes

  // The path parameter `name` ({name} in the pattern); empty when absent.
  std::string_view Param(std::string_view name) const;
  const access::Principal& user() const { return *principal; }
};

using Handler = std::function<Result<Response>(const Request&, RequestContext&)>;

enum class Auth {
  kPublic,  // anyone
  kUser,    // a session cookie (with CSRF token on unsafe methods) or an API key
};

struct ParamSpec {
  std::string name;
  std::string type = "string";  // JSON Schema type: string, integer, boolean
  std::string description;
  bool required = false;
};

struct RouteSpec {
  Method method = Method::kGet;
  std::string pattern;  // "/api/v1/users/{id}"
  std::string summary;  // one line for the OpenAPI document
  std::string tag;      // OpenAPI tag ("auth", "users", …)
  Auth auth = Auth::kUser;
  std::string permission;  // required permission, e.g. "user.read"; empty: any signed-in principal
  // Runs on the network thread: only for handlers that never block (no database, no disk).
  bool inline_ok = false;
  // Largest request body this route accepts; 0: the server's max_body_bytes (uploads raise it).
  size_t max_body_bytes = 0;
  std::vector<ParamSpec> query;
  std::string request_schema;  // JSON Schema (text) of the body, or empty
  // A raw (non-JSON) body such as an uploaded file: its media type for the OpenAPI document
  // ("application/octet-stream"); the handler reads Request::body itself.
  std::string raw_body_type;
  std::string response_schema;  // JSON Schema (text) of a success body, or empty
  int success_status = 200;
  std::vector<std::string> error_codes;  // stable error codes this route may answer
  Handler handler;
};

// Resolves the principal of a request (session cookie or API key). Implemented over
// platform/access.
class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // nullopt: no credentials presented. An error: credentials presented but invalid or expired.
  virtual Result<std::optional<access::Principal>> Authenticate(const Request& req) = 0;
};

class Router {
 public:
  // `auth` may be null when no route needs a user (then kUser routes answer 401). Not owned.
  explicit Router(Authenticator* auth);
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // Adds a route. Patterns are literal segments and {param} segments. Adding the same method and
  // pattern twice is a programmer error (aborts at start-up).
  void Add(RouteSpec spec);

  struct Match {
    const RouteSpec* route = nullptr;  // null when nothing matched
    bool method_mismatch = false;      // the path exists with other methods (→ 405)
    std::string allow;                 // with method_mismatch: the Allow header, "GET, HEAD, POST"
    std::map<std::string, std::string, std::less<>> params;
  };
  // HEAD matches GET routes. A literal segment beats a {param} at the same position, so
  // "/users/me" wins over "/users/{id}" whatever the order of Add. Thread-safe once routes are
  // added.
  Match Find(Method method, std::string_view path) const;

  // Runs the middleware chain and the handler of an already matched route, setting ctx.path_params
  // and (kUser) ctx.principal. Chain: authenticate (error → its 401; none → auth.unauthenticated)
  // → CSRF for session principals on unsafe methods (X-CSRF-Token, else 403 auth.csrf_failed)
  // → permission (else 403 auth.forbidden) → handler. Never throws; errors become JSON error
  // responses and exceptions a 500 "internal" (the what() goes to the log only).
  Response Run(const Match& m, const Request& req, RequestContext& ctx) const;
  // Find + Run, with JSON 404/405 for unmatched API paths.
  Response Dispatch(const Request& req, RequestContext& ctx) const;

  const std::vector<std::unique_ptr<RouteSpec>>& routes() const { return routes_; }
  // The largest RouteSpec::max_body_bytes of any route (0 when none raises the limit): the server
  // reads headers with this limit and applies the matched route's own once the path is known.
  size_t largest_body_limit() const { return largest_body_limit_; }

 private:
  struct Index;  // routes by method and segment count (router.cpp)

  Authenticator* auth_;
  std::vector<std::unique_ptr<RouteSpec>> routes_;
  std::unique_ptr<Index> index_;
  size_t largest_body_limit_ = 0;
};

// {"error":{"code","message","details"}} with the status derived from the error's kind; details is
// {} when the error has none.
Response ErrorResponse(const Error& e, bool english);
// e.http_status when set; otherwise by kind: invalid argument 400 — or 422 when it is a validation
// error (the code ends in ".validation" or details has "fields") —, unauthenticated 401, permission
// denied 403, not found 404, conflict and failed precondition 409, too large 413, rate limited 429,
// unavailable 503, internal 500.
int HttpStatusFor(const Error& e);
// A JSON body response. The object and array overloads serialise in place: passing an object where
// a value is taken would first copy it (every string and nested item) into a temporary value.
Response JsonResponse(int status, const boost::json::value& body);
Response JsonResponse(int status, const boost::json::object& body);
Response JsonResponse(int status, const boost::json::array& body);
// 204 without a body or Content-Type.
Response NoContent();

}  // namespace peony::http
