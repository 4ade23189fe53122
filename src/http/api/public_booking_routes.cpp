// Self-booking over HTTP (domain/appointments/self_booking.h):
//   /api/v1/public/branches/{branch_id}/…   the public booking page's API: no login, no CSRF
//                                           (Auth::kPublic); booking needs a one-time code
//   /api/v1/booking/branches/{branch_id}/…  the same for a mini program with an API key holding
//                                           appointment.book for the branch; no code
//   /api/v1/appointments/self-booking        the organisation's switches (staff)
// A 429 carries Retry-After. The phone is never echoed unmasked.
#include <memory>

#include "domain/appointments/self_booking.h"
#include "domain/appointments/self_booking_errors.h"
#include "http/api/api.h"
#include "http/api/automation.h"
#include "http/api/idempotency.h"
#include "http/api/paging.h"
#include "http/json_body.h"

namespace peony::http::api {
namespace {

namespace json = boost::json;
namespace appts = domain::appointments;

constexpr const char* kPageSchema = R"J({"type":"object","properties":{
 "branch":{"type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string"}}},
 "services":{"type":"array","items":{"type":"object","properties":{
   "id":{"type":"integer"},"name":{"type":"string"},"duration_min":{"type":"integer"},
   "price_fen":{"type":"integer","description":"the list price in fen"}}}},
 "today":{"type":"string","format":"date","description":"the clinic's date now, in its time zone: the first day that can be booked"},
 "time_zone":{"type":"string","description":"the clinic's IANA time zone, e.g. Asia/Shanghai"}}})J";
constexpr const char* kSlotsSchema = R"J({"type":"object","properties":{
 "slots":{"type":"array","items":{"type":"object","properties":{
   "start":{"type":"string","format":"date-time"},"end":{"type":"string","format":"date-time"}}}}}})J";
constexpr const char* kBookedSchema = R"J({"type":"object","properties":{
 "id":{"type":"integer","description":"the appointment"},
 "start":{"type":"string","format":"date-time"},"end":{"type":"string","format":"date-time"},
 "service":{"type":"object","properties":{"name":{"type":"string"}}},
 "branch":{"type":"object","properties":{"name":{"type":"string"}}},
 "status":{"type":"string","enum":["booked"]},
 "phone":{"type":"string","description":"masked, 138****5678"}}})J";
constexpr const char* kSettingsSchema = R"J({"type":"object","properties":{
 "enabled":{"type":"boolean","description":"the public booking page answers"},
 "demo_codes":{"type":"boolean","description":"code answers carry the code (demo clinics)"}}})J";

const std::vector<ParamSpec> kSlotQuery = {
    {"service_id", "integer", "a service of the page", true},
    {"date", "string", "the day YYYY-MM-DD (the organisation's zone), today to 30 days ahead",
     true}};

// The answer, or the error's response; a rate limit carries Retry-After.
Response Answer(int status, Result<json::object> r, const RequestContext& rc) {
  if (r.ok()) return JsonResponse(status, *r);
  const Error& e = r.error();
  Response out = ErrorResponse(e, rc.english);
  if (e.code == "public.rate_limited" && e.details.is_object()) {
    if (const auto* s = e.details.as_object().if_contains("retry_after_s"); s && s->is_int64()) {
      out.Header("Retry-After", std::to_string(s->as_int64()));
    }
  }
  return out;
}

Result<int64_t> BranchId(const RequestContext& rc) {
  auto id = ParseId(rc.Param("branch_id"));
  if (!id) return appts::public_errors::NotFound();
  return *id;
}

Result<int64_t> ServiceId(const Request& req) {
  auto v = req.Query("service_id");
  if (!v) return appts::public_errors::Invalid("service_id", "required");
  auto id = ParseId(*v);
  if (!id) return appts::public_errors::Invalid("service_id", "a positive integer");
  return *id;
}

json::object SettingsJson(const appts::SelfBookingSettings& s) {
  return json::object{{"enabled", s.enabled}, {"demo_codes", s.demo_codes}};
}

// The public routes and the API-key routes share handlers; `trusted` picks the caller.
struct Handlers {
  std::shared_ptr<appts::SelfBooking> svc;
  bool trusted = false;

  appts::PublicCaller Who(const Request& req, const RequestContext& rc) const {
    return {req.remote_addr, trusted ? &rc.user() : nullptr};
  }
  Result<Response> Page(const Request& req, RequestContext& rc) const {
    PEONY_TRY(auto branch, BranchId(rc));
    return Answer(200, svc->Page(branch, Who(req, rc)), rc);
  }
  Result<Response> Slots(const Request& req, RequestContext& rc) const {
    PEONY_TRY(auto branch, BranchId(rc));
    PEONY_TRY(auto service, ServiceId(req));
    PEONY_TRY(auto day, appts::ParsePublicDay(req.Query("date")));
    return Answer(200, svc->Slots(branch, service, day, Who(req, rc)), rc);
  }
  Result<Response> Book(const Request& req, RequestContext& rc) const {
    PEONY_TRY(auto branch, BranchId(rc));
    PEONY_TRY(auto body, ParseJsonObject(req));
    PEONY_TRY(auto in, appts::ParsePublicBook(body, trusted));
    return Answer(201, svc->Book(branch, in, Who(req, rc)), rc);
  }
};

const std::vector<std::string> kBookErrors = {"public.not_found",        "public.invalid",
                                              "public.bad_code",         "appointment.slot_taken",
                                              "appointment.unavailable", "appointment.in_past",
                                              "request.invalid_json"};

}  // namespace

void AddPublicBookingRoutes(Router& r, ApiContext& ctx) {
  // The service holds only references; the OpenAPI listing passes a context without a database.
  std::shared_ptr<appts::SelfBooking> svc;
  if (ctx.db && ctx.records && ctx.clock && ctx.catalog) {
    notify::Outbox* outbox = ctx.automation ? ctx.automation->outbox : nullptr;
    svc = std::make_shared<appts::SelfBooking>(*ctx.db, *ctx.catalog, *ctx.records, *ctx.clock,
                                               outbox);
  }
  const Handlers open{svc, false}, keyed{svc, true};

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/public/branches/{branch_id}/booking",
         .summary = "The public booking page of a branch (no login): its name and the active "
                    "services someone rostered there can give",
         .tag = "self-booking",
         .auth = Auth::kPublic,
         .response_schema = kPageSchema,
         .error_codes = {"public.not_found"},
         .handler = [open](const Request& req, RequestContext& rc) { return open.Page(req, rc); }});

  r.Add(
      {.method = Method::kGet,
       .pattern = "/api/v1/public/branches/{branch_id}/slots",
       .summary = "Free times of a service on a day at the branch (no login; no practitioners)",
       .tag = "self-booking",
       .auth = Auth::kPublic,
       .query = kSlotQuery,
       .response_schema = kSlotsSchema,
       .error_codes = {"public.not_found", "public.invalid"},
       .handler = [open](const Request& req, RequestContext& rc) { return open.Slots(req, rc); }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/public/branches/{branch_id}/code",
         .summary = "Send a 6-digit one-time code by SMS (valid 5 minutes, 5 attempts); per "
                    "phone 1 a minute and 5 an hour, per client address 20 an hour (429 with "
                    "Retry-After). In demo mode the answer carries the code",
         .tag = "self-booking",
         .auth = Auth::kPublic,
         .request_schema = R"J({"type":"object","required":["phone"],"properties":{
 "phone":{"type":"string","description":"a mainland mobile number"}}})J",
         .response_schema = R"J({"type":"object","properties":{
 "expires_in":{"type":"integer","description":"seconds"},
 "phone":{"type":"string","description":"masked"},
 "demo_code":{"type":"string","description":"demo mode only"}}})J",
         .success_status = 202,
         .error_codes = {"public.not_found", "public.invalid", "public.rate_limited",
                         "request.invalid_json"},
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto branch, BranchId(rc));
           PEONY_TRY(auto body, ParseJsonObject(req));
           const auto* phone = body.if_contains("phone");
           if (!phone || !phone->is_string()) {
             return appts::public_errors::Invalid("phone", "required");
           }
           return Answer(202, svc->RequestCode(branch, phone->as_string(), {req.remote_addr}), rc);
         }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/public/branches/{branch_id}/book",
         .summary = "Book with the one-time code: finds the customer by phone or creates her, "
                    "and books with a free practitioner; 409 appointment.slot_taken when the "
                    "time went meanwhile (the code stays usable)",
         .tag = "self-booking",
         .auth = Auth::kPublic,
         .request_schema =
             R"J({"type":"object","required":["service_id","start","name","phone","code"],
 "properties":{"service_id":{"type":"integer"},
 "start":{"type":"string","format":"date-time","description":"a slot's start"},
 "name":{"type":"string","maxLength":50},"phone":{"type":"string"},
 "code":{"type":"string","pattern":"^[0-9]{6}$"}}})J",
         .response_schema = kBookedSchema,
         .success_status = 201,
         .error_codes = kBookErrors,
         .handler = [open](const Request& req, RequestContext& rc) { return open.Book(req, rc); }});

  r.Add(
      {.method = Method::kGet,
       .pattern = "/api/v1/booking/branches/{branch_id}/booking",
       .summary = "Mini program (API key with appointment.book): the branch's bookable "
                  "services, as the public page",
       .tag = "self-booking",
       .permission = "appointment.book",
       .response_schema = kPageSchema,
       .error_codes = {"public.not_found"},
       .handler = [keyed](const Request& req, RequestContext& rc) { return keyed.Page(req, rc); }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/booking/branches/{branch_id}/slots",
         .summary = "Mini program: free times of a service on a day, as the public page",
         .tag = "self-booking",
         .permission = "appointment.book",
         .query = kSlotQuery,
         .response_schema = kSlotsSchema,
         .error_codes = {"public.not_found", "public.invalid"},
         .handler = [keyed](const Request& req, RequestContext& rc) {
           return keyed.Slots(req, rc);
         }});

  r.Add(
      {.method = Method::kPost,
       .pattern = "/api/v1/booking/branches/{branch_id}/book",
       .summary = "Mini program: book for a phone the mini program has verified (no code); "
                  "finds or creates the customer as the public page does",
       .tag = "self-booking",
       .permission = "appointment.book",
       .request_schema = R"J({"type":"object","required":["service_id","start","name","phone"],
 "properties":{"service_id":{"type":"integer"},
 "start":{"type":"string","format":"date-time"},
 "name":{"type":"string","maxLength":50},"phone":{"type":"string"}}})J",
       .response_schema = kBookedSchema,
       .success_status = 201,
       .error_codes = kBookErrors,
       .handler = [keyed](const Request& req, RequestContext& rc) { return keyed.Book(req, rc); }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/appointments/self-booking",
         .summary = "The organisation's self-booking switches",
         .tag = "self-booking",
         .permission = "appointment.view",
         .response_schema = kSettingsSchema,
         .handler = [svc](const Request&, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto s, svc->Settings(rc.user().org_id));
           return JsonResponse(200, SettingsJson(s));
         }});

  r.Add({.method = Method::kPut,
         .pattern = "/api/v1/appointments/self-booking",
         .summary = "Change the self-booking switches (a patch of booleans)",
         .tag = "self-booking",
         .permission = "appointment.schedule",
         .request_schema = kSettingsSchema,
         .response_schema = kSettingsSchema,
         .error_codes = {"public.invalid", "request.invalid_json"},
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto s, svc->SaveSettings(CallerOf(req, rc), body));
           return JsonResponse(200, SettingsJson(s));
         }});
}

}  // namespace peony::http::api
