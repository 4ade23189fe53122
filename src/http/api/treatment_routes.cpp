// /api/v1/treatments, follow-up due lists and completion, and a customer's before/after photos
// (domain/treatments). Recording a treatment takes an optional Idempotency-Key header: the same
// key with the same request records (and deducts) once and answers the first answer again.
#include <memory>

#include "domain/cards/cards.h"
#include "domain/treatments/errors.h"
#include "domain/treatments/follow_ups.h"
#include "domain/treatments/treatments.h"
#include "http/api/api.h"
#include "http/api/idempotency.h"
#include "http/api/paging.h"
#include "http/errors.h"
#include "http/json_body.h"

namespace peony::http::api {
namespace {

namespace json = boost::json;
namespace tr = domain::treatments;

constexpr const char* kTreatmentBody = R"J({"type":"object","required":["customer_id","service_id"],
 "properties":{
 "customer_id":{"type":"integer","minimum":1},
 "service_id":{"type":"integer","minimum":1},
 "card_id":{"type":"integer","minimum":1,"description":"deduct `sessions` of the service from this card of the customer (needs signature)"},
 "sessions":{"type":"integer","minimum":1,"maximum":100,"default":1},
 "signature":{"type":"string","description":"blob id of the customer's handwritten signature (an image the caller uploaded); required with card_id"},
 "practitioner_id":{"type":"integer","description":"user id"},
 "nurse_id":{"type":"integer","description":"user id"},
 "consultant_id":{"type":"integer","description":"user id; default: the customer's consultant"},
 "treated_at":{"type":"string","format":"date-time","description":"default: now"},
 "status":{"type":"string","enum":["completed","in_progress","planned"],"default":"completed","description":"a planned treatment takes no card"},
 "consumables":{"type":"array","maxItems":50,"items":{"type":"object","required":["name","lot_no","quantity"],
   "properties":{"product_id":{"type":"integer","minimum":1},"name":{"type":"string","maxLength":100},
   "lot_no":{"type":"string","maxLength":100},"quantity":{"type":"number","exclusiveMinimum":0,"maximum":100000}}}},
 "reaction":{"type":"string","maxLength":2000},"note":{"type":"string","maxLength":2000},
 "before_photos":{"type":"array","maxItems":9,"items":{"type":"string"},"description":"blob ids"},
 "after_photos":{"type":"array","maxItems":9,"items":{"type":"string"},"description":"blob ids"},
 "next_session_on":{"type":"string","format":"date"}}})J";

constexpr const char* kTreatmentAnswer =
    R"J({"type":"object","required":["treatment","card","entry"],
 "properties":{
 "treatment":{"type":"object","description":"the treatment record (entity treatment) as GET /api/v1/data/treatment/{id} shows it"},
 "card":{"type":"object","nullable":true,"description":"the card after the deduction, as GET /api/v1/cards/{id} without ledger"},
 "entry":{"type":"object","nullable":true,"description":"the deduction's ledger entry"},
 "consumables":{"type":"array","items":{"type":"object","properties":{
   "product_id":{"type":"integer","nullable":true},"name":{"type":"string"},"lot_no":{"type":"string"},
   "quantity":{"type":"number"}}}}}})J";

constexpr const char* kFollowUpList = R"J({"type":"object","required":["items"],"properties":{
 "items":{"type":"array","items":{"type":"object","description":"a follow_up record (customer, treatment, assignee, due_on, day, status, outcome, satisfaction, photos, completed_at …) with customer_name and service_name",
   "properties":{"id":{"type":"integer"},"customer":{"type":"integer","nullable":true},
   "treatment":{"type":"integer","nullable":true},"assignee":{"type":"integer","nullable":true},
   "due_on":{"type":"string","format":"date","nullable":true},"day":{"type":"integer","nullable":true},
   "status":{"type":"string","enum":["pending","done","unreachable"],"nullable":true},
   "customer_name":{"type":"string","nullable":true},"service_name":{"type":"string","nullable":true}}}}}})J";

constexpr const char* kPhotoList = R"J({"type":"object","required":["items"],"properties":{
 "items":{"type":"array","description":"newest first; only treatments and diagnoses with photos","items":{"type":"object",
   "required":["kind","treatment_id","service","treated_at","before","after"],"properties":{
   "kind":{"type":"string","enum":["treatment","diagnosis"]},
   "treatment_id":{"type":"integer","nullable":true},"diagnosis_id":{"type":"integer","nullable":true},
   "service":{"type":"string","nullable":true,"description":"the service's name"},
   "service_id":{"type":"integer","nullable":true},
   "treated_at":{"type":"string","format":"date-time","nullable":true,"description":"treated_at, or the diagnosis' time"},
   "before":{"type":"array","items":{"type":"string"},"description":"blob ids (GET /api/v1/files/{id})"},
   "after":{"type":"array","items":{"type":"string"},"description":"blob ids; a treatment's after_photos and photos"}}}}}})J";

std::vector<ParamSpec> FollowUpParams(bool managed) {
  std::vector<ParamSpec> out = {
      {"status", "string", "pending (default), done (done or unreachable) or all"},
      {"due_before", "string", "YYYY-MM-DD: due on or before that day"}};
  if (managed) out.push_back({"assignee_id", "integer", "only this person's"});
  return out;
}

Result<tr::FollowUpQuery> FollowUpQueryOf(const Request& req) {
  return tr::ParseFollowUpQuery(req.Query("status"), req.Query("due_before"),
                                req.Query("assignee_id"));
}

Response Items(json::array items) {
  return JsonResponse(200, json::object{{"items", std::move(items)}});
}

}  // namespace

void AddTreatmentRoutes(Router& r, ApiContext& ctx) {
  // The services hold only references; the OpenAPI listing passes a context without a database.
  struct Services {
    Services(storage::Db& db, records::Records& records, const Clock& clock)
        : cards(db, records, clock),
          treatments(db, records, cards, clock),
          follow_ups(db, records, clock) {}
    domain::cards::Cards cards;  // first: treatments holds a reference to it
    tr::Treatments treatments;
    tr::FollowUps follow_ups;
  };
  std::shared_ptr<Services> svc;
  if (ctx.db && ctx.records && ctx.clock) {
    svc = std::make_shared<Services>(*ctx.db, *ctx.records, *ctx.clock);
  }

  r.Add(
      {.method = Method::kPost,
       .pattern = "/api/v1/treatments",
       .summary = "Record a treatment; with card_id also deduct its sessions from the "
                  "customer's card (one transaction: a refused deduction records nothing)",
       .tag = "treatments",
       .permission = "treatment.record",
       .request_schema = kTreatmentBody,
       .response_schema = kTreatmentAnswer,
       .success_status = 201,
       .error_codes = {"treatment.invalid", "treatment.signature_required", "customer.not_found",
                       "card.not_found", "card.insufficient_sessions", "card.expired",
                       "card.frozen", "card.closed", "card.wrong_customer",
                       "card.service_not_on_card", "card.wrong_kind", "card.invalid",
                       "idempotency.invalid_key", "idempotency.key_reused", "request.invalid_json"},
       .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
         PEONY_TRY(auto idem, IdempotencyOf(req));
         PEONY_TRY(auto body, ParseJsonObject(req));
         PEONY_TRY(auto in, tr::ParseTreatment(body));
         PEONY_TRY(auto answer, svc->treatments.Record(CallerOf(req, rc), in, idem));
         return AnswerResponse(answer);
       }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/me/follow-ups",
         .summary = "The caller's follow-ups (assigned to them), due_on ascending",
         .tag = "follow-ups",
         .query = FollowUpParams(false),
         .response_schema = kFollowUpList,
         .error_codes = {"follow_up.invalid"},
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto q, FollowUpQueryOf(req));
           if (q.assignee_id) {
             return tr::errors::FollowUpInvalid(json::object{{"assignee_id", "unknown field"}});
           }
           PEONY_TRY(auto items, svc->follow_ups.ListMine(CallerOf(req, rc), q));
           return Items(std::move(items));
         }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/follow-ups",
         .summary = "Follow-ups of the people the caller manages (tasks.manage or "
                    "data.follow_up.read, by the assignee's branch or department within the "
                    "grant's scope), due_on ascending",
         .tag = "follow-ups",
         .query = FollowUpParams(true),
         .response_schema = kFollowUpList,
         .error_codes = {"follow_up.invalid", "auth.forbidden"},
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           if (tr::FollowUps::ManagerScope(rc.user(), "read") == access::Scope::kNone) {
             return errors::Forbidden();
           }
           PEONY_TRY(auto q, FollowUpQueryOf(req));
           PEONY_TRY(auto items, svc->follow_ups.ListManaged(CallerOf(req, rc), q));
           return Items(std::move(items));
         }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/follow-ups/{id}/complete",
         .summary = "Complete a follow-up (one's own, or as a manager of its assignee): done "
                    "with outcome and satisfaction 1-5, or unreachable; recovery photos",
         .tag = "follow-ups",
         .request_schema = R"J({"type":"object","required":["status"],"properties":{
 "status":{"type":"string","enum":["done","unreachable"]},
 "outcome":{"type":"string","maxLength":2000,"description":"required when done"},
 "satisfaction":{"type":"integer","minimum":1,"maximum":5,"description":"required when done; not with unreachable"},
 "photos":{"type":"array","maxItems":9,"items":{"type":"string"},"description":"blob ids of recovery photos the caller uploaded"}}})J",
         .response_schema =
             R"J({"type":"object","description":"the follow_up record after the change"})J",
         .error_codes = {"follow_up.invalid", "follow_up.not_found", "follow_up.already_done",
                         "record.version_conflict", "request.invalid_json"},
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           const auto id = ParseId(rc.Param("id"));
           if (!id) return tr::errors::FollowUpNotFound();
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto in, tr::ParseCompletion(body));
           PEONY_TRY(auto record, svc->follow_ups.Complete(CallerOf(req, rc), *id, in));
           return JsonResponse(200, record);
         }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/customers/{id}/photos",
         .summary = "A customer's before/after photos paired per treatment (and diagnosis "
                    "photos as before), newest first, as far as the caller may read them",
         .tag = "customers",
         .response_schema = kPhotoList,
         .error_codes = {"customer.not_found"},
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           const auto id = ParseId(rc.Param("id"));
           if (!id) return tr::errors::CustomerNotFound();
           PEONY_TRY(auto items, svc->treatments.Photos(CallerOf(req, rc), *id));
           return Items(std::move(items));
         }});
}

}  // namespace peony::http::api
