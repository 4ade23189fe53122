// /api/v1/appointments*: free slots, booking, the list, one appointment, reschedule, cancel,
// status and the waitlist (domain/appointments/appointments.h). POSTs that change an appointment
// take an optional Idempotency-Key header as the card routes do (the same key with the same
// request changes once and answers the first answer again, with "Idempotent-Replayed: true").
#include <memory>

#include "domain/appointments/appointments.h"
#include "domain/appointments/errors.h"
#include "http/api/api.h"
#include "http/api/automation.h"
#include "http/api/idempotency.h"
#include "http/api/paging.h"
#include "http/json_body.h"

namespace peony::http::api {
namespace {

namespace json = boost::json;
namespace appts = domain::appointments;

Result<int64_t> AppointmentId(const RequestContext& rc) {
  auto id = ParseId(rc.Param("id"));
  if (!id) return appts::errors::NotFound();
  return *id;
}

// An optional positive id of the query; appointment.invalid when present and malformed.
Result<std::optional<int64_t>> QueryId(const Request& req, std::string_view name) {
  auto v = req.Query(name);
  if (!v) return std::optional<int64_t>();
  auto id = ParseId(*v);
  if (!id) return appts::errors::Invalid(name, "must be a positive integer");
  return std::optional<int64_t>(*id);
}

Result<int64_t> RequiredId(const Request& req, std::string_view name) {
  PEONY_TRY(auto id, QueryId(req, name));
  if (!id) return appts::errors::Invalid(name, "required");
  return *id;
}

// service_id (repeatable) or service_ids=1,2,3: the services in sequence.
Result<std::vector<int64_t>> ServiceIds(const Request& req) {
  std::vector<int64_t> out;
  auto [from, to] = req.query.equal_range("service_id");
  for (auto it = from; it != to; ++it) {
    auto id = ParseId(it->second);
    if (!id) return appts::errors::Invalid("service_id", "must be a positive integer");
    out.push_back(*id);
  }
  if (auto list = req.Query("service_ids")) {
    std::string_view rest = *list;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      auto id = ParseId(rest.substr(0, comma));
      if (!id) return appts::errors::Invalid("service_ids", "comma-separated positive integers");
      out.push_back(*id);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  }
  if (out.empty()) return appts::errors::Invalid("service_id", "required");
  return out;
}

Result<json::object> Body(const Request& req) {
  if (req.body.empty()) return json::object();
  return ParseJsonObject(req);
}

constexpr const char* kAppointmentSchema = R"J({"type":"object","properties":{
 "id":{"type":"integer","description":"the id of the appointment record (entity appointment)"},
 "branch_id":{"type":"integer"},"customer_id":{"type":"integer"},
 "customer_name":{"type":"string","nullable":true,"description":"as the caller may read it (reads only)"},
 "service_id":{"type":"integer"},"service_name":{"type":"string","nullable":true},
 "practitioner_id":{"type":"integer","nullable":true,"description":"a staff record"},
 "practitioner_name":{"type":"string","nullable":true},
 "assistant_ids":{"type":"array","items":{"type":"integer"},"description":"further staff of a service needing several"},
 "room_id":{"type":"integer","nullable":true},"room_name":{"type":"string","nullable":true},
 "equipment_ids":{"type":"array","items":{"type":"integer"}},
 "start":{"type":"string","format":"date-time","description":"RFC 3339 with the organisation's offset"},
 "end":{"type":"string","format":"date-time"},
 "status":{"type":"string","enum":["booked","confirmed","checked_in","in_service","completed","no_show","cancelled"]},
 "note":{"type":"string"},"cancel_reason":{"type":"string"},
 "treatment_id":{"type":"integer","nullable":true,"description":"the treatment record opened at check-in"},
 "booked_at":{"type":"string","format":"date-time"},
 "confirmed_at":{"type":"string","format":"date-time","nullable":true},
 "checked_in_at":{"type":"string","format":"date-time","nullable":true},
 "in_service_at":{"type":"string","format":"date-time","nullable":true},
 "completed_at":{"type":"string","format":"date-time","nullable":true},
 "no_show_at":{"type":"string","format":"date-time","nullable":true},
 "cancelled_at":{"type":"string","format":"date-time","nullable":true},
 "version":{"type":"integer"}}})J";

const std::vector<std::string> kChangeErrors = {
    "appointment.not_found",   "appointment.invalid",    "appointment.bad_transition",
    "idempotency.invalid_key", "idempotency.key_reused", "request.invalid_json"};

std::vector<std::string> With(std::vector<std::string> base,
                              std::initializer_list<std::string> more) {
  base.insert(base.end(), more);
  return base;
}

}  // namespace

void AddAppointmentRoutes(Router& r, ApiContext& ctx) {
  // The service holds only references; the OpenAPI listing passes a context without a database.
  std::shared_ptr<appts::Appointments> svc;
  if (ctx.db && ctx.records && ctx.clock) {
    notify::Outbox* outbox = ctx.automation ? ctx.automation->outbox : nullptr;
    svc = std::make_shared<appts::Appointments>(*ctx.db, *ctx.records, *ctx.clock, outbox);
  }

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/appointments/availability",
         .summary = "Free slots of a service (or several in sequence: service_id repeated or "
                    "service_ids=1,2, each starting when the one before ends) at a branch over "
                    "up to 31 days, respecting rosters, breaks, leave, opening hours, bookings "
                    "with their buffers, rooms, equipment and skills",
         .tag = "appointments",
         .permission = "appointment.view",
         .query = {{"service_id", "integer", "the service; repeat for a sequence", false},
                   {"service_ids", "string", "comma-separated services in sequence (1-5)", false},
                   {"branch_id", "integer", "the branch", true},
                   {"from", "string", "first day YYYY-MM-DD (the organisation's zone)", true},
                   {"to", "string", "last day YYYY-MM-DD, at most 31 days after from", true},
                   {"practitioner_id", "integer", "only slots of this practitioner (staff record)",
                    false}},
         .response_schema = R"J({"type":"object","properties":{
 "slots":{"type":"array","items":{"type":"object","properties":{
   "start":{"type":"string","format":"date-time"},"end":{"type":"string","format":"date-time"},
   "practitioner_ids":{"type":"array","items":{"type":"integer"},"description":"free practitioners (staff record ids) for the first service"},
   "segments":{"type":"array","description":"several services only: each service's times and free practitioners","items":{"type":"object","properties":{
     "service_id":{"type":"integer"},"start":{"type":"string","format":"date-time"},
     "end":{"type":"string","format":"date-time"},
     "practitioner_ids":{"type":"array","items":{"type":"integer"}}}}}}}},
 "step_min":{"type":"integer","enum":[5,10,15]},"time_zone":{"type":"string"}}})J",
         .error_codes = {"appointment.invalid", "appointment.unknown_service",
                         "appointment.unknown_practitioner", "appointment.branch_not_found"},
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           appts::AvailabilityInput in;
           PEONY_TRY(in.service_ids, ServiceIds(req));
           PEONY_TRY(in.branch_id, RequiredId(req, "branch_id"));
           PEONY_TRY(in.from, appts::ParseDay(req.Query("from"), "from"));
           PEONY_TRY(in.to, appts::ParseDay(req.Query("to"), "to"));
           PEONY_TRY(in.practitioner_id, QueryId(req, "practitioner_id"));
           PEONY_TRY(auto body, svc->Availability(CallerOf(req, rc), in));
           return JsonResponse(200, body);
         }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/appointments",
         .summary = "Book: without practitioner_id a free practitioner with the skill is chosen "
                    "(fewest booked minutes that day), and a free room of the type; 409 "
                    "appointment.slot_taken when anything needed is booked meanwhile",
         .tag = "appointments",
         .permission = "appointment.book",
         .request_schema =
             R"J({"type":"object","required":["customer_id","service_id","branch_id","start"],
 "properties":{"customer_id":{"type":"integer"},"service_id":{"type":"integer"},
 "branch_id":{"type":"integer"},
 "start":{"type":"string","format":"date-time","description":"RFC 3339 with offset, e.g. a slot's start"},
 "practitioner_id":{"type":"integer","description":"a staff record; omit for automatic assignment"},
 "note":{"type":"string","maxLength":500}}})J",
         .response_schema = kAppointmentSchema,
         .success_status = 201,
         .error_codes =
             With(kChangeErrors,
                  {"appointment.in_past", "appointment.unknown_service",
                   "appointment.unknown_practitioner", "appointment.practitioner_unqualified",
                   "appointment.customer_not_found", "appointment.branch_not_found",
                   "appointment.unavailable", "appointment.slot_taken"}),
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto idem, IdempotencyOf(req));
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto in, appts::ParseBook(body));
           PEONY_TRY(auto answer, svc->Book(CallerOf(req, rc), in, idem));
           return AnswerResponse(answer);
         }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/appointments",
         .summary = "Appointments starting on the days from..to (at most 31, at most 500 "
                    "appointments), by start; branch_id defaults to the caller's branch",
         .tag = "appointments",
         .permission = "appointment.view",
         .query = {{"branch_id", "integer", "the branch", false},
                   {"from", "string", "first day YYYY-MM-DD", true},
                   {"to", "string", "last day YYYY-MM-DD", true},
                   {"practitioner_id", "integer", "one practitioner (staff record)", false},
                   {"room_id", "integer", "one room", false},
                   {"customer_id", "integer", "one customer", false},
                   {"status", "string", "one status", false}},
         .response_schema =
             std::string(R"J({"type":"object","properties":{"items":{"type":"array","items":)J") +
             kAppointmentSchema + "}}}",
         .error_codes = {"appointment.invalid", "appointment.branch_not_found"},
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           appts::ListInput in;
           PEONY_TRY(in.branch_id, QueryId(req, "branch_id"));
           PEONY_TRY(in.from, appts::ParseDay(req.Query("from"), "from"));
           PEONY_TRY(in.to, appts::ParseDay(req.Query("to"), "to"));
           PEONY_TRY(in.practitioner_id, QueryId(req, "practitioner_id"));
           PEONY_TRY(in.room_id, QueryId(req, "room_id"));
           PEONY_TRY(in.customer_id, QueryId(req, "customer_id"));
           if (auto s = req.Query("status")) in.status = std::string(*s);
           PEONY_TRY(auto items, svc->List(CallerOf(req, rc), in));
           return JsonResponse(200, json::object{{"items", std::move(items)}});
         }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/appointments/{id}",
         .summary = "One appointment with its status times",
         .tag = "appointments",
         .permission = "appointment.view",
         .response_schema = kAppointmentSchema,
         .error_codes = {"appointment.not_found"},
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, AppointmentId(rc));
           PEONY_TRY(auto body, svc->Get(CallerOf(req, rc), id));
           return JsonResponse(200, body);
         }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/appointments/{id}/reschedule",
         .summary = "Move a booked or confirmed appointment (the same practitioner when free, "
                    "else another with the skill); its hold moves atomically and its reminders "
                    "with it; 409 appointment.slot_taken leaves it where it was",
         .tag = "appointments",
         .permission = "appointment.manage",
         .request_schema = R"J({"type":"object","required":["start"],"properties":{
 "start":{"type":"string","format":"date-time"},
 "practitioner_id":{"type":"integer"}}})J",
         .response_schema = kAppointmentSchema,
         .error_codes = With(kChangeErrors, {"appointment.in_past", "appointment.unknown_service",
                                             "appointment.unknown_practitioner",
                                             "appointment.practitioner_unqualified",
                                             "appointment.unavailable", "appointment.slot_taken"}),
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, AppointmentId(rc));
           PEONY_TRY(auto idem, IdempotencyOf(req));
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto in, appts::ParseReschedule(body));
           PEONY_TRY(auto answer, svc->Reschedule(CallerOf(req, rc), id, in, idem));
           return AnswerResponse(answer);
         }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/appointments/{id}/cancel",
         .summary = "Cancel a booked or confirmed appointment: frees its practitioners, room and "
                    "equipment, drops its reminders, and offers the time to the first customer "
                    "waiting for that day (a task for the front desk and an SMS)",
         .tag = "appointments",
         .permission = "appointment.manage",
         .request_schema =
             R"J({"type":"object","properties":{"reason":{"type":"string","maxLength":500}}})J",
         .response_schema = kAppointmentSchema,
         .error_codes = kChangeErrors,
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, AppointmentId(rc));
           PEONY_TRY(auto idem, IdempotencyOf(req));
           PEONY_TRY(auto body, Body(req));
           PEONY_TRY(auto reason, appts::ParseCancel(body));
           PEONY_TRY(auto answer, svc->Cancel(CallerOf(req, rc), id, reason, idem));
           return AnswerResponse(answer);
         }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/appointments/{id}/status",
         .summary = "Move the status along: booked → confirmed → checked_in → in_service → "
                    "completed; booked/confirmed → no_show; checked_in → completed. Check-in "
                    "opens the treatment record (treatment_id)",
         .tag = "appointments",
         .permission = "appointment.manage",
         .request_schema = R"J({"type":"object","required":["status"],"properties":{
 "status":{"type":"string","enum":["confirmed","checked_in","in_service","completed","no_show"]}}})J",
         .response_schema = kAppointmentSchema,
         .error_codes = kChangeErrors,
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, AppointmentId(rc));
           PEONY_TRY(auto idem, IdempotencyOf(req));
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto status, appts::ParseStatus(body));
           PEONY_TRY(auto answer, svc->ChangeStatus(CallerOf(req, rc), id, status, idem));
           return AnswerResponse(answer);
         }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/appointments/waitlist",
         .summary = "Put a customer on the waitlist of a service at a branch for a day; a "
                    "cancellation that frees a fitting slot that day offers it to the first "
                    "waiting (status offered, a task for whoever added her, an SMS)",
         .tag = "appointments",
         .permission = "appointment.book",
         .request_schema =
             R"J({"type":"object","required":["customer_id","service_id","branch_id","date"],
 "properties":{"customer_id":{"type":"integer"},"service_id":{"type":"integer"},
 "branch_id":{"type":"integer"},"date":{"type":"string","format":"date"}}})J",
         .response_schema = R"J({"type":"object","properties":{"id":{"type":"integer"},
 "customer_id":{"type":"integer"},"service_id":{"type":"integer"},"branch_id":{"type":"integer"},
 "date":{"type":"string","format":"date"},"status":{"type":"string","enum":["waiting","offered"]}}})J",
         .success_status = 201,
         .error_codes = {"appointment.invalid", "appointment.customer_not_found",
                         "appointment.unknown_service", "appointment.branch_not_found",
                         "request.invalid_json"},
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto in, appts::ParseWaitlist(body));
           PEONY_TRY(auto answer, svc->AddToWaitlist(CallerOf(req, rc), in));
           return AnswerResponse(answer);
         }});
}

}  // namespace peony::http::api
