// /api/v1/users*: staff accounts.
#include <boost/json/monotonic_resource.hpp>
#include <charconv>

#include "http/api/api.h"
#include "http/api/json_views.h"
#include "http/api/paging.h"
#include "http/errors.h"
#include "http/json_body.h"
#include "platform/access/errors.h"

namespace peony::http::api {
namespace {

access::Actor ActorOf(const RequestContext& rc, const Request& req) {
  return access::Actor{rc.user().user_id, rc.user().username, req.remote_addr};
}

Result<std::vector<std::string>> StringList(const boost::json::object& body, std::string_view key) {
  std::vector<std::string> out;
  auto it = body.find(key);
  if (it == body.end() || it->value().is_null()) return out;
  if (!it->value().is_array()) return errors::Validation(key, "must be an array of strings");
  for (const auto& v : it->value().as_array()) {
    if (!v.is_string() || v.as_string().size() > 64) {
      return errors::Validation(key, "must be an array of strings");
    }
    out.emplace_back(v.as_string());
  }
  return out;
}

Result<int64_t> IdParam(const RequestContext& rc) {
  const std::string_view s = rc.Param("id");
  int64_t id = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc() || ptr != s.data() + s.size() || id <= 0)
    return access::errors::UserNotFound();
  return id;
}

constexpr const char* kNewUserSchema =
    R"({"type":"object","required":["username","display_name","password"],
 "properties":{"username":{"type":"string","pattern":"^[A-Za-z0-9_.@-]{3,64}$"},
 "display_name":{"type":"string","maxLength":64},"password":{"type":"string","minLength":8},
 "roles":{"type":"array","items":{"type":"string"}},"branch_id":{"type":"integer","nullable":true}}})";
constexpr const char* kPatchUserSchema = R"({"type":"object","properties":{
 "display_name":{"type":"string"},"status":{"type":"string","enum":["active","locked","disabled"]},
 "roles":{"type":"array","items":{"type":"string"}},"branch_id":{"type":"integer","nullable":true},
 "version":{"type":"integer","description":"the version read; 409 user.version_conflict if it changed"}}})";

}  // namespace

void AddUserRoutes(Router& r, ApiContext& ctx) {
  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/users",
         .summary = "List staff accounts by id, in pages",
         .tag = "users",
         .permission = "user.read",
         .query = PagingParams(),
         .response_schema = ListSchema(kUserSchema),
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto page, ParsePaging(req));
           PEONY_TRY(auto users,
                     ctx.directory->ListUsers(rc.user().org_id, page.after_id, page.limit + 1));
           // One arena for the whole answer: a page of users is hundreds of small JSON values.
           boost::json::monotonic_resource arena;
           boost::json::storage_ptr sp(&arena);
           boost::json::array items(sp);
           const size_t n = std::min(users.size(), static_cast<size_t>(page.limit));
           items.reserve(n);
           for (size_t i = 0; i < n; ++i) items.push_back(UserJson(users[i], sp));
           const int64_t last_id = n > 0 ? users[n - 1].id : 0;
           return JsonResponse(200, PageJson(std::move(items), users.size() > n, last_id));
         }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/users",
         .summary = "Create a staff account",
         .tag = "users",
         .permission = "user.write",
         .request_schema = kNewUserSchema,
         .response_schema = kUserSchema,
         .success_status = 201,
         .error_codes = {"user.username_taken", "auth.weak_password", "role.not_found",
                         "org.branch_not_found", "request.validation"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto body, ParseJsonObject(req));
           access::NewUser nu;
           PEONY_TRY(nu.username, RequiredString(body, "username", 64));
           PEONY_TRY(nu.display_name, RequiredString(body, "display_name", 64));
           PEONY_TRY(nu.password, RequiredString(body, "password", 128));
           PEONY_TRY(nu.roles, StringList(body, "roles"));
           PEONY_TRY(nu.branch_id, OptionalInt(body, "branch_id"));
           PEONY_TRY(auto user, ctx.directory->CreateUser(rc.user().org_id, nu, ActorOf(rc, req)));
           return JsonResponse(201, UserJson(user));
         }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/users/{id}",
         .summary = "One staff account",
         .tag = "users",
         .permission = "user.read",
         .response_schema = kUserSchema,
         .error_codes = {"user.not_found"},
         .handler = [&ctx](const Request&, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, IdParam(rc));
           PEONY_TRY(auto user, ctx.directory->GetUser(rc.user().org_id, id));
           return JsonResponse(200, UserJson(user));
         }});

  r.Add(
      {.method = Method::kPatch,
       .pattern = "/api/v1/users/{id}",
       .summary = "Change a staff account's name, status (active/locked/disabled), roles or branch",
       .tag = "users",
       .permission = "user.write",
       .request_schema = kPatchUserSchema,
       .response_schema = kUserSchema,
       .error_codes = {"user.not_found", "user.version_conflict", "user.last_admin",
                       "role.not_found", "request.validation"},
       .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
         PEONY_TRY(auto id, IdParam(rc));
         PEONY_TRY(auto body, ParseJsonObject(req));
         access::UserPatch p;
         PEONY_TRY(p.display_name, OptionalString(body, "display_name", 64));
         PEONY_TRY(p.status, OptionalString(body, "status", 16));
         if (body.contains("roles")) {
           PEONY_TRY(auto roles, StringList(body, "roles"));
           p.roles = std::move(roles);
         }
         if (body.contains("branch_id")) {
           PEONY_TRY(auto branch, OptionalInt(body, "branch_id"));
           p.branch_id = branch;
         }
         PEONY_TRY(p.expected_version, OptionalInt(body, "version"));
         PEONY_TRY(auto user, ctx.directory->UpdateUser(rc.user().org_id, id, p, ActorOf(rc, req)));
         return JsonResponse(200, UserJson(user));
       }});

  r.Add(
      {.method = Method::kPost,
       .pattern = "/api/v1/users/{id}/password",
       .summary = "Set a staff account's password (clears a lockout, signs the user out)",
       .tag = "users",
       .permission = "user.write",
       .request_schema =
           R"({"type":"object","required":["password"],"properties":{"password":{"type":"string"}}})",
       .success_status = 204,
       .error_codes = {"user.not_found", "auth.weak_password"},
       .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
         PEONY_TRY(auto id, IdParam(rc));
         PEONY_TRY(auto body, ParseJsonObject(req));
         PEONY_TRY(auto password, RequiredString(body, "password", 128));
         PEONY_CHECK(ctx.directory->SetPassword(rc.user().org_id, id, password, ActorOf(rc, req)));
         return NoContent();
       }});
}

}  // namespace peony::http::api
