// /api/v1/customers/{id}/timeline: everything that happened to one customer, newest first.
#include <charconv>

#include "http/api/api.h"
#include "http/api/paging.h"
#include "http/errors.h"
#include "platform/records/errors.h"

namespace peony::http::api {
namespace {

constexpr const char* kTimelineSchema = R"({"type":"object","required":["items","next_cursor"],
 "properties":{"items":{"type":"array","items":{"type":"object",
   "required":["id","at","kind","entity","entity_label","record_id","actor_id","actor_name","changes"],
   "properties":{
   "id":{"type":"integer"},"at":{"type":"string","format":"date-time"},
   "kind":{"type":"string","enum":["create","update","delete","restore"]},
   "entity":{"type":"string","description":"customer, or an entity whose relation points at the customer: treatment, order, card, follow_up …"},
   "entity_label":{"type":"string"},"record_id":{"type":"integer"},
   "actor_id":{"type":"integer","nullable":true},"actor_name":{"type":"string","nullable":true},
   "changes":{"type":"object","description":"field → {\"old\",\"new\"}; sensitive fields only {\"changed\":true}; hidden fields left out"}}}},
 "next_cursor":{"type":"string","nullable":true}}})";

}  // namespace

void AddCustomerRoutes(Router& r, ApiContext& ctx) {
  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/customers/{id}/timeline",
         .summary = "A customer's timeline: the changes of the customer record and of every record "
                    "pointing at it (leads, consultations, orders, cards, treatments, follow-ups), "
                    "newest first, as far as the caller may read them",
         .tag = "customers",
         .query = {{"limit", "integer", "1-500 (default 200)"},
                   {"cursor", "string", "next_cursor of the previous page"}},
         .response_schema = kTimelineSchema,
         .error_codes = {"record.not_found", "record.forbidden", "record.bad_cursor",
                         "request.validation", "schema.entity_not_found"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           const std::optional<int64_t> id = ParseId(rc.Param("id"));
           if (!id) return records::errors::NotFound();
           PEONY_TRY(const int limit, ParseLimit(req, 200));
           PEONY_TRY(auto page, ctx.records->RelatedEvents(
                                    {rc.user(), req.remote_addr}, "customer", *id, limit,
                                    std::string(req.Query("cursor").value_or(""))));
           return JsonResponse(
               200, boost::json::object{
                        {"items", std::move(page.items)},
                        {"next_cursor", page.next_cursor ? boost::json::value(*page.next_cursor)
                                                         : boost::json::value(nullptr)}});
         }});
}

}  // namespace peony::http::api
