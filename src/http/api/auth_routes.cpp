// /api/v1/auth/*: sign in, sign out, the current user, password change.
#include "http/api/api.h"
#include "http/api/json_views.h"
#include "http/json_body.h"

namespace peony::http::api {
namespace {

// The body of login and me: {"user": …, "csrf_token": …}.
Result<boost::json::object> MeBody(ApiContext& ctx, const access::Principal& p) {
  PEONY_TRY(auto org, ctx.directory->GetOrg(p.org_id));
  std::optional<access::Branch> branch;
  if (p.branch_id) {
    PEONY_TRY(auto branches, ctx.directory->ListBranches(p.org_id));
    for (auto& b : branches) {
      if (b.id == *p.branch_id) branch = std::move(b);
    }
  }
  return boost::json::object{{"user", MeJson(p, org, branch)}, {"csrf_token", p.csrf_token}};
}

std::string SessionCookie(const std::string& token, int64_t max_age_s, bool secure) {
  std::string c = std::string(kSessionCookie) + "=" + token +
                  "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(max_age_s);
  if (secure) c += "; Secure";
  return c;
}

constexpr const char* kLoginSchema = R"({"type":"object","required":["username","password"],
 "properties":{"username":{"type":"string","maxLength":64},"password":{"type":"string","maxLength":128}}})";
constexpr const char* kPasswordSchema =
    R"({"type":"object","required":["old_password","new_password"],
 "properties":{"old_password":{"type":"string"},"new_password":{"type":"string","minLength":8,
 "description":"at least 8 characters with letters and digits"}}})";

}  // namespace

void AddAuthRoutes(Router& r, ApiContext& ctx) {
  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/auth/login",
         .summary = "Sign in with a username and password; sets the HttpOnly session cookie",
         .tag = "auth",
         .auth = Auth::kPublic,
         .request_schema = kLoginSchema,
         .response_schema = kMeSchema,
         .error_codes = {"auth.invalid_credentials", "auth.locked", "auth.account_disabled",
                         "request.invalid_json", "request.validation"},
         .handler = [&ctx](const Request& req, RequestContext&) -> Result<Response> {
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto username, RequiredString(body, "username", 64));
           PEONY_TRY(auto password, RequiredString(body, "password", 128));
           PEONY_TRY(auto login, ctx.sessions->Login(username, password, req.remote_addr));
           PEONY_TRY(auto me, MeBody(ctx, login.principal));
           Response resp = JsonResponse(200, me);
           resp.Header("Set-Cookie",
                       SessionCookie(login.token,
                                     ctx.sessions->options().absolute_timeout_ms / 1000, req.tls));
           return resp;
         }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/auth/logout",
         .summary = "Sign out: revokes the session and clears the cookie",
         .tag = "auth",
         .success_status = 204,
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_CHECK(ctx.sessions->Logout(rc.user(), req.remote_addr));
           Response resp = NoContent();
           resp.Header("Set-Cookie", SessionCookie("", 0, req.tls));
           return resp;
         }});

  r.Add(
      {.method = Method::kGet,
       .pattern = "/api/v1/auth/me",
       .summary = "The signed-in user with roles, permissions and organisation, and the CSRF token",
       .tag = "auth",
       .response_schema = kMeSchema,
       .error_codes = {"auth.unauthenticated", "auth.session_expired", "auth.invalid_session"},
       .handler = [&ctx](const Request&, RequestContext& rc) -> Result<Response> {
         PEONY_TRY(auto me, MeBody(ctx, rc.user()));
         return JsonResponse(200, me);
       }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/auth/password",
         .summary = "Change the signed-in user's password (other sessions are signed out)",
         .tag = "auth",
         .request_schema = kPasswordSchema,
         .success_status = 204,
         .error_codes = {"auth.wrong_password", "auth.weak_password"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto old_pw, RequiredString(body, "old_password", 128));
           PEONY_TRY(auto new_pw, RequiredString(body, "new_password", 128));
           PEONY_CHECK(ctx.sessions->ChangePassword(rc.user(), old_pw, new_pw, req.remote_addr));
           return NoContent();
         }});
}

}  // namespace peony::http::api
