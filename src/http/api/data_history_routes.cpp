// /api/v1/data/{entity}/{id}/history: the change history of one record.
#include <charconv>

#include "http/api/api.h"
#include "http/api/paging.h"
#include "http/errors.h"
#include "platform/records/errors.h"

namespace peony::http::api {
namespace {

constexpr const char* kHistorySchema = R"({"type":"object","required":["items","next_cursor"],
 "properties":{"items":{"type":"array","items":{"type":"object",
   "required":["id","kind","at","actor_id","actor_name","changes"],"properties":{
   "id":{"type":"integer"},
   "kind":{"type":"string","enum":["create","update","delete","restore"]},
   "at":{"type":"string","format":"date-time"},
   "actor_id":{"type":"integer","nullable":true},
   "actor_name":{"type":"string","nullable":true},
   "changes":{"type":"object","description":"field → {\"old\",\"new\"} (either may be absent); sensitive fields only {\"changed\":true}; fields hidden from the caller are left out",
     "additionalProperties":{"type":"object"}}}}},
 "next_cursor":{"type":"string","nullable":true}}})";

}  // namespace

void AddDataHistoryRoutes(Router& r, ApiContext& ctx) {
  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/data/{entity}/{id}/history",
         .summary = "The change history of a record, newest first (needs data.<entity>.read and "
                    "the record within the caller's scope)",
         .tag = "data",
         .query = {{"limit", "integer", "1-500 (default 50)"},
                   {"cursor", "string", "next_cursor of the previous page"}},
         .response_schema = kHistorySchema,
         .error_codes = {"schema.entity_not_found", "record.not_found", "record.forbidden",
                         "record.bad_cursor", "request.validation"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           const std::optional<int64_t> id = ParseId(rc.Param("id"));
           if (!id) return records::errors::NotFound();
           PEONY_TRY(const int limit, ParseLimit(req, 50));
           const std::string cursor(req.Query("cursor").value_or(""));
           PEONY_TRY(auto page,
                     ctx.records->History({rc.user(), req.remote_addr},
                                          std::string(rc.Param("entity")), *id, limit, cursor));
           return JsonResponse(
               200, boost::json::object{
                        {"items", std::move(page.items)},
                        {"next_cursor", page.next_cursor ? boost::json::value(*page.next_cursor)
                                                         : boost::json::value(nullptr)}});
         }});
}

}  // namespace peony::http::api
