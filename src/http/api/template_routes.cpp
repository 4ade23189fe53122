// /api/v1/templates*: the shipped solution templates and applying one to the organisation (see
// platform/templates/templates.h).
#include "http/api/api.h"
#include "http/api/automation.h"
#include "http/errors.h"
#include "platform/templates/errors.h"
#include "platform/templates/templates.h"

namespace peony::http::api {
namespace {

namespace json = boost::json;

constexpr const char* kTemplateSchema =
    R"({"type":"object","required":["name","label","description","version","applied_version","applied_at"],"properties":{
 "name":{"type":"string","description":"e.g. medical-aesthetics"},"label":{"type":"string"},
 "description":{"type":"string"},
 "version":{"type":"integer","description":"the version this server ships"},
 "applied_version":{"type":"integer","nullable":true,"description":"the version last applied to the organisation; null when never"},
 "applied_at":{"type":"string","format":"date-time","nullable":true}}})";

constexpr const char* kReportSchema =
    R"({"type":"object","required":["template","version","changed","entities_created","fields_added","roles_created","roles_updated","rules_created","views_created","conflicts"],"properties":{
 "template":{"type":"string"},"version":{"type":"integer"},
 "changed":{"type":"boolean","description":"false when the organisation already had everything"},
 "entities_created":{"type":"array","items":{"type":"string"}},
 "fields_added":{"type":"array","items":{"type":"string"},"description":"\"entity.field\" added to existing entities"},
 "roles_created":{"type":"array","items":{"type":"string"}},
 "roles_updated":{"type":"array","items":{"type":"string"},"description":"roles given the template's grants — never fewer than before"},
 "rules_created":{"type":"array","items":{"type":"string"},"description":"rule names; a rule whose name exists is left alone"},
 "views_created":{"type":"array","items":{"type":"string"},"description":"\"entity:name\" of shared list views created; one whose name exists is left alone"},
 "conflicts":{"type":"array","items":{"type":"string"},"description":"\"entity.field\" that exist with another type and were left alone"}}})";

Result<json::object> Describe(ApiContext& ctx, int64_t org_id, const templates::TemplateInfo& t) {
  PEONY_TRY(auto applied, templates::Applied(*ctx.db, org_id, t.name));
  return json::object{
      {"name", t.name},
      {"label", t.label},
      {"description", t.description},
      {"version", t.version},
      {"applied_version", applied ? json::value(applied->version) : json::value(nullptr)},
      {"applied_at",
       applied ? json::value(FormatRfc3339(applied->applied_at)) : json::value(nullptr)}};
}

}  // namespace

void AddTemplateRoutes(Router& r, ApiContext& ctx) {
  r.Add(
      {.method = Method::kGet,
       .pattern = "/api/v1/templates",
       .summary = "The solution templates this server ships, with the version applied here",
       .tag = "templates",
       .permission = "schema.manage",
       .response_schema =
           std::string(
               R"({"type":"object","required":["items"],"properties":{"items":{"type":"array","items":)") +
           kTemplateSchema + "}}}",
       .handler = [&ctx](const Request&, RequestContext& rc) -> Result<Response> {
         PEONY_TRY(auto list, templates::List());
         json::array items;
         for (const auto& t : list) {
           PEONY_TRY(auto item, Describe(ctx, rc.user().org_id, t));
           items.push_back(std::move(item));
         }
         return JsonResponse(200, json::object{{"items", std::move(items)}});
       }});
  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/templates/{name}/apply",
         .summary = "Apply a solution template: create its missing entities, fields, roles and "
                    "rules (idempotent; needs schema.manage and role.write)",
         .tag = "templates",
         .permission = "schema.manage",
         .response_schema = kReportSchema,
         .error_codes = {"auth.forbidden", "template.not_found", "template.conflict",
                         "role.unknown_permission"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           if (!rc.user().Has("role.write")) return errors::Forbidden();
           PEONY_TRY(auto t, templates::Load(rc.Param("name")));
           if (!ctx.automation || !ctx.automation->rules) {
             return InternalError("templates: the rules engine is not running");
           }
           PEONY_TRY(auto report, templates::Apply({*ctx.db, *ctx.catalog, *ctx.directory,
                                                    *ctx.automation->rules, *ctx.clock},
                                                   t, rc.user(), req.remote_addr));
           json::object out = report.ToJson();
           out["template"] = t.info.name;
           out["version"] = t.info.version;
           return JsonResponse(200, out);
         }});
}

}  // namespace peony::http::api
