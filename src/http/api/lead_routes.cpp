// /api/v1/leads/{id}/convert: a lead becomes (or finds) a customer (domain/customers).
#include "domain/customers/errors.h"
#include "http/api/api.h"
#include "http/api/customer_routes.h"
#include "http/api/idempotency.h"
#include "http/api/paging.h"

namespace peony::http::api {

void AddLeadRoutes(Router& r, std::shared_ptr<domain::customers::Customers> svc) {
  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/leads/{id}/convert",
         .summary = "Convert a lead: link the customer with the lead's phone, or create one "
                    "(name, phone, source = channel, consultant = owner, the lead's branch); the "
                    "lead's stage becomes visited unless already visited or won. Needs "
                    "data.customer.create too. Audited",
         .tag = "customers",
         .permission = "data.lead.update",
         .response_schema = R"J({"type":"object","properties":{
 "customer_id":{"type":"integer"},"created":{"type":"boolean","description":"false: an existing customer had the lead's phone"},
 "lead":{"type":"object","description":"the lead record after the conversion, masked per the caller's rights"}}})J",
         .error_codes = {"lead.not_found", "lead.already_converted", "record.forbidden",
                         "record.invalid_value", "record.required"},
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           auto id = ParseId(rc.Param("id"));
           if (!id) return domain::customers::errors::LeadNotFound();
           PEONY_TRY(auto body, svc->ConvertLead(CallerOf(req, rc), *id));
           return JsonResponse(200, body);
         }});
}

}  // namespace peony::http::api
