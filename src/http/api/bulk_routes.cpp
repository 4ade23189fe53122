// /api/v1/data/{entity}/bulk-update and /bulk-delete: one change to many records, all or nothing.
#include "http/api/api.h"
#include "http/errors.h"
#include "http/json_body.h"
#include "platform/records/errors.h"

namespace peony::http::api {
namespace {

// {"ids":[…]} or {"filter":{…}}: exactly one.
Result<records::BulkSelection> ParseSelection(const boost::json::object& body) {
  records::BulkSelection s;
  const auto* ids = body.if_contains("ids");
  const auto* filter = body.if_contains("filter");
  if ((ids != nullptr) == (filter != nullptr)) {
    return errors::Validation("ids", "give either ids or filter");
  }
  if (ids) {
    if (!ids->is_array() || ids->as_array().empty()) {
      return errors::Validation("ids", "must be a non-empty array of record ids");
    }
    if (static_cast<int64_t>(ids->as_array().size()) > records::kMaxBulkRecords) {
      return records::errors::BulkTooLarge(records::kMaxBulkRecords);
    }
    for (const auto& v : ids->as_array()) {
      if (!v.is_int64() || v.as_int64() <= 0) {
        return errors::Validation("ids", "must hold positive integers");
      }
      s.ids.push_back(v.as_int64());
    }
  } else {
    if (!filter->is_object()) {
      return records::errors::BadFilter("必须是对象", "the filter must be an object");
    }
    s.filter = *filter;
  }
  return s;
}

constexpr const char* kSelectionProperties =
    R"J("ids":{"type":"array","items":{"type":"integer","minimum":1},"minItems":1,"maxItems":10000},
 "filter":{"type":"object","description":"a filter tree as for the list: and/or/not nodes and field-op-value leaves"})J";

}  // namespace

void AddBulkRoutes(Router& r, ApiContext& ctx) {
  r.Add(
      {.method = Method::kPost,
       .pattern = "/api/v1/data/{entity}/bulk-update",
       .summary = "Change the same fields of many records (by ids or a filter; at most 10,000, "
                  "within the caller's scope) in one transaction",
       .tag = "data",
       .request_schema = std::string(R"({"type":"object","required":["values"],"properties":{)") +
                         kSelectionProperties +
                         R"(,"values":{"type":"object","additionalProperties":true,)"
                         R"("description":"the fields to set, as in a PATCH body"}}})",
       .response_schema =
           R"({"type":"object","properties":{"matched":{"type":"integer"},"updated":{"type":"integer"}}})",
       .error_codes = {"schema.entity_not_found", "record.forbidden", "record.bulk_too_large",
                       "record.bad_filter", "record.invalid_value", "record.unknown_field",
                       "record.duplicate", "record.read_only", "request.validation"},
       .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
         PEONY_TRY(auto body, ParseJsonObject(req));
         PEONY_TRY(auto selection, ParseSelection(body));
         const auto* values = body.if_contains("values");
         if (!values || !values->is_object() || values->as_object().empty()) {
           return errors::Validation("values", "must be an object naming the fields to set");
         }
         PEONY_TRY(auto result, ctx.records->BulkUpdate({rc.user(), req.remote_addr},
                                                        std::string(rc.Param("entity")), selection,
                                                        values->as_object()));
         return JsonResponse(
             200, boost::json::object{{"matched", result.matched}, {"updated", result.changed}});
       }});

  r.Add(
      {.method = Method::kPost,
       .pattern = "/api/v1/data/{entity}/bulk-delete",
       .summary = "Delete many records to the trash (by ids or a filter; at most 10,000, within "
                  "the caller's scope) in one transaction",
       .tag = "data",
       .request_schema =
           std::string(R"({"type":"object","properties":{)") + kSelectionProperties + "}}",
       .response_schema =
           R"({"type":"object","properties":{"matched":{"type":"integer"},"deleted":{"type":"integer"}}})",
       .error_codes = {"schema.entity_not_found", "record.forbidden", "record.bulk_too_large",
                       "record.bad_filter", "record.managed", "request.validation"},
       .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
         PEONY_TRY(auto body, ParseJsonObject(req));
         PEONY_TRY(auto selection, ParseSelection(body));
         PEONY_TRY(auto result,
                   ctx.records->BulkDelete({rc.user(), req.remote_addr},
                                           std::string(rc.Param("entity")), selection));
         return JsonResponse(
             200, boost::json::object{{"matched", result.matched}, {"deleted", result.changed}});
       }});
}

}  // namespace peony::http::api
