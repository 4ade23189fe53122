// /api/v1/data/{entity}/views*: saved list views, shared ones and the caller's own (see
// platform/views/views.h).
#include "http/api/api.h"
#include "http/api/paging.h"
#include "http/errors.h"
#include "http/json_body.h"
#include "platform/views/errors.h"
#include "platform/views/views.h"

namespace peony::http::api {
namespace {

namespace json = boost::json;

constexpr const char* kViewSchema =
    R"({"type":"object","required":["id","name","columns","filter","sort","q","shared","owner_id","template"],"properties":{
 "id":{"type":"integer"},"name":{"type":"string"},
 "columns":{"type":"array","items":{"type":"string"},"description":"field names, in order"},
 "filter":{"type":"object","nullable":true,"description":"a filter tree of the records API"},
 "sort":{"type":"array","items":{"type":"string"},"description":"field names, \"-\" first for descending"},
 "q":{"type":"string"},"shared":{"type":"boolean"},
 "owner_id":{"type":"integer","nullable":true,"description":"null for shared views"},
 "template":{"type":"string","nullable":true,"description":"the solution template that brought it"}}})";

constexpr const char* kInputSchema =
    R"({"type":"object","properties":{
 "name":{"type":"string","minLength":1,"maxLength":50},
 "columns":{"type":"array","items":{"type":"string"}},
 "filter":{"type":"object","nullable":true},
 "sort":{"type":"array","maxItems":5,"items":{"type":"string"}},
 "q":{"type":"string","maxLength":100},
 "shared":{"type":"boolean","description":"POST only: a shared view, which needs schema.manage or views.manage"}}})";

// The caller may read the entity's records; else 403.
Status CanRead(RequestContext& rc) {
  if (!rc.user().Has("data." + std::string(rc.Param("entity")) + ".read")) {
    return errors::Forbidden();
  }
  return Ok();
}

bool Manages(RequestContext& rc) {
  return rc.user().Has("schema.manage") || rc.user().Has("views.manage");
}

Result<int64_t> ViewId(RequestContext& rc) {
  const std::optional<int64_t> id = ParseId(rc.Param("id"));
  if (!id) return views::errors::NotFound();
  return *id;
}

views::Views Service(ApiContext& ctx) { return views::Views(*ctx.db, *ctx.catalog, *ctx.clock); }

}  // namespace

void AddViewRoutes(Router& r, ApiContext& ctx) {
  r.Add(
      {.method = Method::kGet,
       .pattern = "/api/v1/data/{entity}/views",
       .summary = "The entity's saved list views: shared ones and the caller's own (needs "
                  "data.<entity>.read)",
       .tag = "data",
       .response_schema =
           std::string(
               R"({"type":"object","required":["items"],"properties":{"items":{"type":"array","items":)") +
           kViewSchema + "}}}",
       .error_codes = {"schema.entity_not_found", "auth.forbidden"},
       .handler = [&ctx](const Request&, RequestContext& rc) -> Result<Response> {
         PEONY_CHECK(CanRead(rc));
         PEONY_TRY(auto items, Service(ctx).List(rc.user(), std::string(rc.Param("entity"))));
         return JsonResponse(200, json::object{{"items", std::move(items)}});
       }});
  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/data/{entity}/views",
         .summary = "Save a list view: the caller's own, or a shared one (needs schema.manage or "
                    "views.manage); at most 50 own views per entity",
         .tag = "data",
         .request_schema = kInputSchema,
         .response_schema = kViewSchema,
         .success_status = 201,
         .error_codes = {"schema.entity_not_found", "auth.forbidden", "view.invalid",
                         "view.duplicate_name", "view.forbidden", "request.bad_json"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_CHECK(CanRead(rc));
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto view, Service(ctx).Create(rc.user(), Manages(rc),
                                                    std::string(rc.Param("entity")), body));
           return JsonResponse(201, view);
         }});
  r.Add({.method = Method::kPatch,
         .pattern = "/api/v1/data/{entity}/views/{id}",
         .summary = "Change a list view (the caller's own, or a shared one with schema.manage or "
                    "views.manage)",
         .tag = "data",
         .request_schema = kInputSchema,
         .response_schema = kViewSchema,
         .error_codes = {"schema.entity_not_found", "auth.forbidden", "view.invalid",
                         "view.not_found", "view.duplicate_name", "view.forbidden",
                         "request.bad_json"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_CHECK(CanRead(rc));
           PEONY_TRY(auto id, ViewId(rc));
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto view, Service(ctx).Update(rc.user(), Manages(rc),
                                                    std::string(rc.Param("entity")), id, body));
           return JsonResponse(200, view);
         }});
  r.Add({.method = Method::kDelete,
         .pattern = "/api/v1/data/{entity}/views/{id}",
         .summary = "Delete a list view (the caller's own, or a shared one with schema.manage or "
                    "views.manage)",
         .tag = "data",
         .success_status = 204,
         .error_codes = {"auth.forbidden", "view.not_found", "view.forbidden"},
         .handler = [&ctx](const Request&, RequestContext& rc) -> Result<Response> {
           PEONY_CHECK(CanRead(rc));
           PEONY_TRY(auto id, ViewId(rc));
           PEONY_CHECK(
               Service(ctx).Delete(rc.user(), Manages(rc), std::string(rc.Param("entity")), id));
           return NoContent();
         }});
}

}  // namespace peony::http::api
