// /api/v1/settings/customer-value: the organisation's thresholds of the computed customer value
// (domain/customers/value.h).
#include "http/api/api.h"
#include "http/api/customer_routes.h"
#include "http/api/idempotency.h"
#include "http/json_body.h"

namespace peony::http::api {
namespace {

namespace json = boost::json;

constexpr const char* kSettingsSchema = R"J({"type":"object","properties":{
 "active_days":{"type":"integer","minimum":1,"maximum":3650,"default":90,"description":"last activity at most this many days ago: active"},
 "dormant_days":{"type":"integer","minimum":1,"maximum":3650,"default":180,"description":"at most this many (above active_days): dormant; older: churned"},
 "rfm":{"type":"object","properties":{
   "recency_days":{"type":"array","minItems":4,"maxItems":4,"items":{"type":"integer"},"description":"rising; days since the last visit ≤ [0] scores 5 … > [3] scores 1"},
   "frequency_visits":{"type":"array","minItems":4,"maxItems":4,"items":{"type":"integer"},"description":"rising; visits ≥ [3] score 5 … < [0] score 1"},
   "monetary_fen":{"type":"array","minItems":4,"maxItems":4,"items":{"type":"integer"},"description":"rising; spend ≥ [3] scores 5 … < [0] scores 1"},
   "high_score":{"type":"integer","minimum":2,"maximum":5,"description":"a score at least this is high for the segment"}}},
 "ltv_years":{"type":"integer","minimum":0,"maximum":20},
 "churn_factor":{"type":"number","minimum":1,"maximum":10,"description":"churn risk past her usual interval × this"}}})J";

}  // namespace

void AddCustomerValueSettingsRoutes(Router& r, std::shared_ptr<domain::customers::Customers> svc) {
  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/settings/customer-value",
         .summary = "The thresholds of the computed customer value (defaults until changed)",
         .tag = "customers",
         .permission = "org.read",
         .response_schema = kSettingsSchema,
         .handler = [svc](const Request&, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto s, svc->Settings(rc.user().org_id));
           return JsonResponse(200, domain::customers::SettingsJson(s));
         }});

  r.Add({.method = Method::kPut,
         .pattern = "/api/v1/settings/customer-value",
         .summary = "Change the thresholds of the computed customer value: any subset of the "
                    "settings (rfm may be partial); the result is checked as a whole. Audited",
         .tag = "customers",
         .permission = "org.write",
         .request_schema = kSettingsSchema,
         .response_schema = kSettingsSchema,
         .error_codes = {"customer.invalid_settings", "request.invalid_json"},
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto s, svc->PutSettings(CallerOf(req, rc), body));
           return JsonResponse(200, domain::customers::SettingsJson(s));
         }});
}

}  // namespace peony::http::api
