// /api/v1/customers/*: a customer's timeline, duplicate checks, merge, relationships, computed
// value and the 360 summary (domain/customers/customers.h). The settings and lead routes are in
// customer_value_routes.cpp and lead_routes.cpp and registered from here.
#include "http/api/customer_routes.h"

#include <memory>

#include "domain/customers/errors.h"
#include "http/api/api.h"
#include "http/api/idempotency.h"
#include "http/api/paging.h"
#include "http/errors.h"
#include "http/json_body.h"
#include "platform/records/errors.h"

namespace peony::http::api {

const char* const kCustomerValueSchema = R"J({"type":"object","properties":{
 "total_spend_fen":{"type":"integer","description":"payments minus refunds (stored-value payments left out)"},
 "visits":{"type":"integer","description":"days with a completed treatment"},
 "first_visit":{"type":"string","format":"date","nullable":true},
 "last_visit":{"type":"string","format":"date","nullable":true},
 "avg_interval_days":{"type":"number","nullable":true},
 "rfm":{"type":"object","properties":{"r":{"type":"integer","minimum":1,"maximum":5},
   "f":{"type":"integer","minimum":1,"maximum":5},"m":{"type":"integer","minimum":1,"maximum":5},
   "segment":{"type":"string","enum":["important_value","important_develop","important_keep",
     "important_retain","general_value","general_develop","general_keep","general_retain"]}}},
 "activity":{"type":"string","enum":["active","dormant","churned"]},
 "days_inactive":{"type":"integer"},
 "ltv_fen":{"type":"integer"},
 "churn_risk":{"type":"boolean"},
 "next_visits":{"type":"array","items":{"type":"object","properties":{
   "service_id":{"type":"integer"},"name":{"type":"string"},
   "predicted_on":{"type":"string","format":"date"},
   "basis":{"type":"string","enum":["own","population"]},
   "interval_days":{"type":"number"}}}}}})J";

namespace {

namespace json = boost::json;
namespace customers = domain::customers;

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

constexpr const char* kRecordSchema =
    R"J({"type":"object","description":"a record as GET /api/v1/data/{entity}/{id} answers it, masked per the caller's rights"})J";

constexpr const char* kPersonSchema =
    R"J({"type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string","nullable":true}}})J";

std::string RelationshipsSchema() {
  return std::string(R"J({"type":"object","properties":{"referrer":)J") + kPersonSchema +
         R"J(,"referred":{"type":"array","items":)J" + kPersonSchema +
         R"J(},"relations":{"type":"array","items":{"type":"object","properties":{
 "id":{"type":"integer","description":"the customer_relation record"},
 "kind":{"type":"string","enum":["family","friend","colleague","other"],"nullable":true},
 "note":{"type":"string","nullable":true},"customer":)J" +
         kPersonSchema + "}}}}}";
}

// The {id} segment; anything but a positive integer is a customer that does not exist.
Result<int64_t> CustomerId(const RequestContext& rc) {
  auto id = ParseId(rc.Param("id"));
  if (!id) return customers::errors::NotFound();
  return *id;
}

std::optional<std::string> QueryText(const Request& req, std::string_view name) {
  auto v = req.Query(name);
  if (!v) return std::nullopt;
  return std::string(*v);
}

}  // namespace

void AddCustomerRoutes(Router& r, ApiContext& ctx) {
  // The service holds only references; the OpenAPI listing passes a context without a database.
  std::shared_ptr<customers::Customers> svc;
  if (ctx.db && ctx.records && ctx.clock && ctx.catalog) {
    svc = std::make_shared<customers::Customers>(*ctx.db, *ctx.catalog, *ctx.records, *ctx.clock);
  }

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

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/customers/duplicates",
         .summary = "Customers in the caller's scope with this phone or ID number (checked and "
                    "normalised as the fields do), for the front desk to check before creating",
         .tag = "customers",
         .permission = "data.customer.read",
         .query = {{"phone", "string", "a mobile number (either or both of phone and id_number)"},
                   {"id_number", "string", "a mainland ID card number (GB 11643)"}},
         .response_schema = R"J({"type":"object","properties":{"items":{"type":"array","items":{
 "type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string"},
 "phone":{"type":"string","nullable":true,"description":"masked unless the caller may unmask customers"},
 "match":{"type":"string","enum":["phone","id_number"]}}}}}})J",
         .error_codes = {"customer.invalid"},
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto items, svc->Duplicates(CallerOf(req, rc), QueryText(req, "phone"),
                                                 QueryText(req, "id_number")));
           return JsonResponse(200, json::object{{"items", std::move(items)}});
         }});

  r.Add(
      {.method = Method::kPost,
       .pattern = "/api/v1/customers/{id}/merge",
       .summary = "Merge a duplicate into this customer: every record pointing at the duplicate "
                  "(any entity), her cards and tasks move here, empty fields are filled from "
                  "her, and she goes to the trash; one transaction, audited. Takes an "
                  "Idempotency-Key",
       .tag = "customers",
       .permission = "customer.merge",
       .request_schema = R"J({"type":"object","required":["duplicate_id"],"properties":{
 "duplicate_id":{"type":"integer","minimum":1,"description":"the customer merged into this one and deleted"}}})J",
       .response_schema = std::string(R"J({"type":"object","properties":{"customer":)J") +
                          kRecordSchema +
                          R"J(,"moved":{"type":"object","additionalProperties":{"type":"integer"},
 "description":"records moved per entity (\"task\": tasks)"}}})J",
       .error_codes = {"customer.not_found", "customer.merge_self", "customer.invalid",
                       "idempotency.invalid_key", "idempotency.key_reused", "request.invalid_json"},
       .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
         PEONY_TRY(auto id, CustomerId(rc));
         PEONY_TRY(auto idem, IdempotencyOf(req));
         PEONY_TRY(auto body, ParseJsonObject(req));
         const json::value* dup = body.if_contains("duplicate_id");
         if (!dup || !dup->is_int64() || dup->as_int64() < 1) {
           return customers::errors::Invalid("duplicate_id", "a customer id, required");
         }
         PEONY_TRY(auto answer, svc->Merge(CallerOf(req, rc), id, dup->as_int64(), idem));
         return AnswerResponse(answer);
       }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/customers/{id}/relationships",
         .summary = "Her referrer, the customers she referred, and her family, friends and "
                    "colleagues (customer_relation, both directions) as far as the caller may "
                    "read them",
         .tag = "customers",
         .permission = "data.customer.read",
         .response_schema = RelationshipsSchema(),
         .error_codes = {"customer.not_found"},
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, CustomerId(rc));
           PEONY_TRY(auto body, svc->Relationships(CallerOf(req, rc), id));
           return JsonResponse(200, body);
         }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/customers/{id}/value",
         .summary = "Her computed value: spend, visits, intervals, RFM, activity, LTV, churn risk "
                    "and predicted next visits (formulas: docs/CLINIC.md)",
         .tag = "customers",
         .permission = "data.customer.read",
         .response_schema = kCustomerValueSchema,
         .error_codes = {"customer.not_found"},
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, CustomerId(rc));
           PEONY_TRY(auto body, svc->Value(CallerOf(req, rc), id));
           return JsonResponse(200, body);
         }});

  r.Add(
      {.method = Method::kGet,
       .pattern = "/api/v1/customers/{id}/summary",
       .summary = "The 360 page's data: the profile (masked per role), value, cards, latest 20 "
                  "treatments, open follow-ups (due first) and relationships",
       .tag = "customers",
       .permission = "data.customer.read",
       .response_schema =
           std::string(R"J({"type":"object","properties":{"customer":)J") + kRecordSchema +
           R"J(,"value":)J" + kCustomerValueSchema +
           R"J(,"cards":{"type":"array","description":"as GET /api/v1/cards?customer_id= (without ledgers); empty without data.card.read","items":{"type":"object"}},
 "treatments":{"type":"array","description":"the latest 20 treatment records","items":)J" +
           kRecordSchema +
           R"J(},"follow_ups":{"type":"array","description":"open follow_up records, due_on ascending","items":)J" +
           kRecordSchema + R"J(},"relationships":)J" + RelationshipsSchema() + "}}",
       .error_codes = {"customer.not_found"},
       .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
         PEONY_TRY(auto id, CustomerId(rc));
         PEONY_TRY(auto body, svc->Summary(CallerOf(req, rc), id));
         return JsonResponse(200, body);
       }});

  AddCustomerValueSettingsRoutes(r, svc);
  AddLeadRoutes(r, svc);
}

}  // namespace peony::http::api
