// Organisation-wide routes: health, roles, permissions, branches, the audit log and API keys.
#include <charconv>

#include "http/api/api.h"
#include "http/api/json_views.h"
#include "http/api/paging.h"
#include "http/errors.h"
#include "http/json_body.h"
#include "platform/access/audit.h"
#include "platform/access/errors.h"

namespace peony::http::api {
namespace {

constexpr const char* kAuditSchema = R"({"type":"object",
 "required":["id","at","actor","actor_id","action","target","target_type","target_id","ip","detail"],"properties":{
 "id":{"type":"integer"},"at":{"type":"string","format":"date-time"},"actor":{"type":"string"},
 "actor_id":{"type":"integer","nullable":true},"action":{"type":"string"},"target":{"type":"string"},
 "target_type":{"type":"string"},"target_id":{"type":"string"},"ip":{"type":"string"},
 "detail":{"type":"object"}}})";

boost::json::object AuditJson(const access::AuditEntry& e) {
  return {{"id", e.seq},
          {"at", FormatRfc3339(e.at)},
          {"actor", e.actor},
          {"actor_id", e.actor_id ? boost::json::value(*e.actor_id) : nullptr},
          {"action", e.action},
          {"target", e.target_type.empty() ? e.target_id : e.target_type + ":" + e.target_id},
          {"target_type", e.target_type},
          {"target_id", e.target_id},
          {"ip", e.ip},
          {"detail", e.detail}};
}

constexpr const char* kApiKeySchema = R"({"type":"object",
 "required":["id","name","prefix","user_id","created_at","last_used_at","revoked_at"],"properties":{
 "id":{"type":"integer"},"name":{"type":"string"},"prefix":{"type":"string"},"user_id":{"type":"integer"},
 "created_at":{"type":"string","format":"date-time"},
 "last_used_at":{"type":"string","format":"date-time","nullable":true},
 "revoked_at":{"type":"string","format":"date-time","nullable":true},
 "key":{"type":"string","description":"only in the answer to POST: the key itself, shown once"}}})";

constexpr const char* kBranchListSchema = R"({"type":"object","required":["items"],"properties":{
 "items":{"type":"array","items":{"type":"object","required":["id","code","name"],"properties":{
 "id":{"type":"integer"},"code":{"type":"string"},"name":{"type":"string"}}}}}})";

constexpr const char* kPermissionListSchema =
    R"({"type":"object","required":["items"],"properties":{
 "items":{"type":"array","items":{"type":"object","required":["name","label"],"properties":{
 "name":{"type":"string"},"label":{"type":"string"}}}}}})";

std::string ItemsSchema(const char* item) {
  return std::string(
             R"({"type":"object","required":["items"],"properties":{"items":{"type":"array","items":)") +
         item + "}}}";
}

boost::json::object ApiKeyJson(const access::ApiKeyInfo& k) {
  auto opt_time = [](const std::optional<UtcMillis>& t) {
    return t ? boost::json::value(FormatRfc3339(*t)) : boost::json::value(nullptr);
  };
  return {{"id", k.id},
          {"name", k.name},
          {"prefix", k.prefix},
          {"user_id", k.user_id},
          {"created_at", FormatRfc3339(k.created_at)},
          {"last_used_at", opt_time(k.last_used_at)},
          {"revoked_at", opt_time(k.revoked_at)}};
}

}  // namespace

void AddHealthRoutes(Router& r, ApiContext& ctx) {
  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/health",
         .summary = "Liveness and readiness: database reachable, version, schema version",
         .tag = "system",
         .auth = Auth::kPublic,
         .inline_ok = true,
         .response_schema =
             R"({"type":"object","properties":{"status":{"type":"string","enum":["ok","degraded"]},
 "version":{"type":"string"},"schema_version":{"type":"integer"},
 "database":{"type":"object","properties":{"engine":{"type":"string"},"ok":{"type":"boolean"}}}}})",
         .handler = [&ctx](const Request&, RequestContext&) -> Result<Response> {
           const bool ok = ctx.health->db_ok.load(std::memory_order_relaxed);
           return JsonResponse(
               ok ? 200 : 503,
               boost::json::object{
                   {"status", ok ? "ok" : "degraded"},
                   {"version", ctx.version},
                   {"schema_version", ctx.health->schema_version.load(std::memory_order_relaxed)},
                   {"database", {{"engine", ctx.db->EngineName()}, {"ok", ok}}}});
         }});
}

void AddOrgRoutes(Router& r, ApiContext& ctx) {
  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/roles",
         .summary = "Roles with their permission grants and data scopes",
         .tag = "access",
         .permission = "role.read",
         .response_schema = ListSchema(kRoleSchema),
         .handler = [&ctx](const Request&, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto roles, ctx.directory->ListRoles(rc.user().org_id));
           boost::json::array items;
           for (const auto& role : roles) items.push_back(RoleJson(role));
           return JsonResponse(
               200, boost::json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
         }});

  r.Add({.method = Method::kPut,
         .pattern = "/api/v1/roles/{name}",
         .summary = "Create a role or replace a custom role's label and grants (built-in roles "
                    "cannot be changed)",
         .tag = "access",
         .permission = "role.write",
         .request_schema = R"({"type":"object","required":["label","grants"],"properties":{
 "label":{"type":"string","maxLength":64},
 "grants":{"type":"array","maxItems":200,"items":{"type":"object","required":["permission"],
   "properties":{"permission":{"type":"string"},
   "scope":{"type":"string","enum":["own","department","branch","all"],"default":"all"}}}}}})",
         .response_schema = kRoleSchema,
         .error_codes = {"role.unknown_permission", "role.builtin"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           const std::string name(rc.Param("name"));
           const bool name_ok =
               name.size() >= 2 && name.size() <= 40 && name[0] >= 'a' && name[0] <= 'z' &&
               name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
           if (!name_ok) {
             return errors::Validation("name", "2-40 lower-case letters, digits or underscores");
           }
           PEONY_TRY(auto body, ParseJsonObject(req));
           access::Role role;
           role.name = name;
           PEONY_TRY(role.label, RequiredString(body, "label", 64));
           const auto* grants = body.if_contains("grants");
           if (!grants || !grants->is_array() || grants->get_array().size() > 200) {
             return errors::Validation("grants", "a list of at most 200 grants");
           }
           for (const auto& g : grants->get_array()) {
             if (!g.is_object()) return errors::Validation("grants", "each grant is an object");
             access::Grant grant;
             PEONY_TRY(grant.permission, RequiredString(g.get_object(), "permission", 100));
             if (const auto* scope = g.get_object().if_contains("scope")) {
               if (!scope->is_string()) return errors::Validation("grants", "scope is text");
               grant.scope = std::string(scope->get_string());
             }
             role.grants.push_back(std::move(grant));
           }
           PEONY_TRY(auto saved,
                     ctx.directory->UpsertRole(
                         rc.user().org_id, role,
                         access::Actor{rc.user().user_id, rc.user().username, req.remote_addr}));
           return JsonResponse(200, RoleJson(saved));
         }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/permissions",
         .summary = "Every permission a role can grant, with labels",
         .tag = "access",
         .permission = "role.read",
         .response_schema = kPermissionListSchema,
         .handler = [](const Request&, RequestContext& rc) -> Result<Response> {
           boost::json::array items;
           for (const auto& p : access::KnownPermissions()) {
             items.push_back(boost::json::object{{"name", p.name},
                                                 {"label", rc.english ? p.label_en : p.label_zh}});
           }
           return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
         }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/branches",
         .summary = "The organisation's branches (stores)",
         .tag = "org",
         .response_schema = kBranchListSchema,
         .handler = [&ctx](const Request&, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto branches, ctx.directory->ListBranches(rc.user().org_id));
           boost::json::array items;
           for (const auto& b : branches) {
             items.push_back(boost::json::object{{"id", b.id}, {"code", b.code}, {"name", b.name}});
           }
           return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
         }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/audit",
         .summary = "The audit log, newest first (tamper-evident: see `peony audit verify`)",
         .tag = "access",
         .permission = "audit.read",
         .query = PagingParams(),
         .response_schema = ListSchema(kAuditSchema),
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto page, ParsePaging(req));
           PEONY_TRY(auto entries,
                     access::ListAudit(*ctx.db, rc.user().org_id, page.after_id, page.limit + 1));
           boost::json::array items;
           const size_t n = std::min(entries.size(), static_cast<size_t>(page.limit));
           for (size_t i = 0; i < n; ++i) items.push_back(AuditJson(entries[i]));
           const int64_t last = n > 0 ? entries[n - 1].seq : 0;
           return JsonResponse(200, PageJson(std::move(items), entries.size() > n, last));
         }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/api-keys",
         .summary = "API keys of the organisation (the keys themselves are never shown again)",
         .tag = "access",
         .permission = "apikey.manage",
         .response_schema = ItemsSchema(kApiKeySchema),
         .handler = [&ctx](const Request&, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto keys, ctx.sessions->ListApiKeys(rc.user().org_id));
           boost::json::array items;
           for (const auto& k : keys) items.push_back(ApiKeyJson(k));
           return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
         }});

  r.Add(
      {.method = Method::kPost,
       .pattern = "/api/v1/api-keys",
       .summary = "Create an API key acting as the caller; the answer holds the key, shown once",
       .tag = "access",
       .permission = "apikey.manage",
       .request_schema =
           R"({"type":"object","required":["name"],"properties":{"name":{"type":"string","maxLength":100}}})",
       .response_schema = kApiKeySchema,
       .success_status = 201,
       .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
         PEONY_TRY(auto body, ParseJsonObject(req));
         PEONY_TRY(auto name, RequiredString(body, "name", 100));
         PEONY_TRY(auto created, ctx.sessions->CreateApiKey(rc.user(), name, req.remote_addr));
         auto json = ApiKeyJson(created.second);
         json["key"] = created.first;
         return JsonResponse(201, json);
       }});

  r.Add({.method = Method::kDelete,
         .pattern = "/api/v1/api-keys/{id}",
         .summary = "Revoke an API key",
         .tag = "access",
         .permission = "apikey.manage",
         .success_status = 204,
         .error_codes = {"apikey.not_found"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           const std::string_view s = rc.Param("id");
           int64_t id = 0;
           auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
           if (ec != std::errc() || ptr != s.data() + s.size()) {
             return access::errors::ApiKeyNotFound();
           }
           PEONY_CHECK(ctx.sessions->RevokeApiKey(rc.user(), id, req.remote_addr));
           return NoContent();
         }});
}

}  // namespace peony::http::api
