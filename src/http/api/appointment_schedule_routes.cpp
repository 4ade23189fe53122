// /api/v1/appointments/{settings, branches/{id}/opening-hours, rosters/*, roster-days/*, leave/*}:
// the scheduling data behind availability (domain/appointments/schedule.h) — slot step, opening
// hours per branch, each practitioner's weekly roster, day overrides and leave.
#include <memory>

#include "domain/appointments/errors.h"
#include "domain/appointments/schedule.h"
#include "http/api/api.h"
#include "http/api/idempotency.h"
#include "http/api/paging.h"
#include "http/json_body.h"

namespace peony::http::api {
namespace {

namespace json = boost::json;
namespace appts = domain::appointments;

Result<int64_t> PathId(const RequestContext& rc, bool staff) {
  auto id = ParseId(rc.Param("id"));
  if (!id) {
    return staff ? appts::errors::UnknownPractitioner() : appts::errors::NotFound();
  }
  return *id;
}

Result<int64_t> BranchId(const RequestContext& rc) {
  auto id = ParseId(rc.Param("id"));
  if (!id) return appts::errors::BranchNotFound();
  return *id;
}

constexpr const char* kShift = R"J("start":{"type":"string","description":"HH:MM"},
 "end":{"type":"string","description":"HH:MM (24:00 ends the day)"},
 "breaks":{"type":"array","items":{"type":"object","properties":{"start":{"type":"string"},"end":{"type":"string"}}}})J";

std::string DaySchema() {
  return std::string(R"J({"type":"object","properties":{"id":{"type":"integer"},
 "date":{"type":"string","format":"date"},"kind":{"type":"string","enum":["shift","off"]},
 "branch_id":{"type":"integer","nullable":true},)J") +
         kShift + "}}";
}

std::string LeaveSchema() {
  return R"J({"type":"object","properties":{"id":{"type":"integer"},
 "start":{"type":"string","format":"date-time"},"end":{"type":"string","format":"date-time"},
 "reason":{"type":"string"}}})J";
}

std::string RosterSchema() {
  return std::string(R"J({"type":"object","properties":{"practitioner_id":{"type":"integer"},
 "weekly":{"type":"array","items":{"type":"object","properties":{"branch_id":{"type":"integer"},
  "weekday":{"type":"integer","minimum":0,"maximum":6,"description":"0 = Sunday"},)J") +
         kShift + R"J(}}},
 "days":{"type":"array","items":)J" +
         DaySchema() + R"J(},
 "leave":{"type":"array","items":)J" +
         LeaveSchema() + "}}}";
}

}  // namespace

void AddAppointmentScheduleRoutes(Router& r, ApiContext& ctx) {
  std::shared_ptr<appts::Schedule> svc;
  if (ctx.db && ctx.records && ctx.clock) {
    svc = std::make_shared<appts::Schedule>(*ctx.db, *ctx.records, *ctx.clock);
  }
  const std::string settings_schema = R"J({"type":"object","properties":{
 "slot_step_min":{"type":"integer","enum":[5,10,15]},"time_zone":{"type":"string"}}})J";
  const std::string hours_schema =
      R"J({"type":"object","properties":{"branch_id":{"type":"integer"},
 "days":{"type":"array","maxItems":7,"description":"a weekday without an entry is closed; no entries: no limit",
 "items":{"type":"object","required":["weekday","open","close"],"properties":{
  "weekday":{"type":"integer","minimum":0,"maximum":6},"open":{"type":"string","description":"HH:MM"},
  "close":{"type":"string","description":"HH:MM"}}}}}})J";

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/appointments/settings",
         .summary = "The booking settings: slot step and the organisation's time zone",
         .tag = "appointments",
         .permission = "appointment.view",
         .response_schema = settings_schema,
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto body, svc->Settings(CallerOf(req, rc)));
           return JsonResponse(200, body);
         }});
  r.Add({.method = Method::kPut,
         .pattern = "/api/v1/appointments/settings",
         .summary = "Set the slot step (5, 10 or 15 minutes); audited",
         .tag = "appointments",
         .permission = "appointment.schedule",
         .request_schema = R"J({"type":"object","required":["slot_step_min"],"properties":{
 "slot_step_min":{"type":"integer","enum":[5,10,15]}}})J",
         .response_schema = settings_schema,
         .error_codes = {"appointment.invalid", "request.invalid_json"},
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto out, svc->SaveSettings(CallerOf(req, rc), body));
           return JsonResponse(200, out);
         }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/appointments/branches/{id}/opening-hours",
         .summary = "A branch's opening hours per weekday",
         .tag = "appointments",
         .permission = "appointment.view",
         .response_schema = hours_schema,
         .error_codes = {"appointment.branch_not_found"},
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, BranchId(rc));
           PEONY_TRY(auto body, svc->Hours(CallerOf(req, rc), id));
           return JsonResponse(200, body);
         }});
  r.Add({.method = Method::kPut,
         .pattern = "/api/v1/appointments/branches/{id}/opening-hours",
         .summary = "Replace a branch's opening hours ({\"days\":[…]}); audited",
         .tag = "appointments",
         .permission = "appointment.schedule",
         .request_schema = hours_schema,
         .response_schema = hours_schema,
         .error_codes = {"appointment.invalid", "appointment.branch_not_found",
                         "request.invalid_json"},
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, BranchId(rc));
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto out, svc->SaveHours(CallerOf(req, rc), id, body));
           return JsonResponse(200, out);
         }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/appointments/rosters/{id}",
         .summary = "A practitioner's (staff record's) weekly roster, day overrides and leave",
         .tag = "appointments",
         .permission = "appointment.view",
         .response_schema = RosterSchema(),
         .error_codes = {"appointment.unknown_practitioner"},
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, PathId(rc, true));
           PEONY_TRY(auto body, svc->Roster(CallerOf(req, rc), id));
           return JsonResponse(200, body);
         }});
  r.Add({.method = Method::kPut,
         .pattern = "/api/v1/appointments/rosters/{id}/weekly",
         .summary = "Replace a practitioner's weekly roster ({\"weekly\":[{branch_id, weekday, "
                    "start, end, breaks}]}); audited",
         .tag = "appointments",
         .permission = "appointment.schedule",
         .request_schema = std::string(R"J({"type":"object","required":["weekly"],"properties":{
 "weekly":{"type":"array","maxItems":50,"items":{"type":"object","required":["branch_id","weekday","start","end"],
 "properties":{"branch_id":{"type":"integer"},"weekday":{"type":"integer","minimum":0,"maximum":6},)J") +
                           kShift + "}}}}}",
         .response_schema = RosterSchema(),
         .error_codes = {"appointment.invalid", "appointment.unknown_practitioner",
                         "appointment.branch_not_found", "request.invalid_json"},
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, PathId(rc, true));
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto out, svc->SaveWeekly(CallerOf(req, rc), id, body));
           return JsonResponse(200, out);
         }});
  r.Add(
      {.method = Method::kPost,
       .pattern = "/api/v1/appointments/rosters/{id}/days",
       .summary = "Add a day override: kind off (no weekly shifts that day) or shift (an "
                  "extra shift at branch_id); audited",
       .tag = "appointments",
       .permission = "appointment.schedule",
       .request_schema = std::string(R"J({"type":"object","required":["date","kind"],"properties":{
 "date":{"type":"string","format":"date"},"kind":{"type":"string","enum":["shift","off"]},
 "branch_id":{"type":"integer","description":"shifts only"},)J") +
                         kShift + "}}",
       .response_schema = DaySchema(),
       .success_status = 201,
       .error_codes = {"appointment.invalid", "appointment.unknown_practitioner",
                       "appointment.branch_not_found", "request.invalid_json"},
       .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
         PEONY_TRY(auto id, PathId(rc, true));
         PEONY_TRY(auto body, ParseJsonObject(req));
         PEONY_TRY(auto out, svc->AddDay(CallerOf(req, rc), id, body));
         return JsonResponse(201, out);
       }});
  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/appointments/rosters/{id}/leave",
         .summary = "Add leave for a practitioner (RFC 3339 start and end); audited",
         .tag = "appointments",
         .permission = "appointment.schedule",
         .request_schema = R"J({"type":"object","required":["start","end"],"properties":{
 "start":{"type":"string","format":"date-time"},"end":{"type":"string","format":"date-time"},
 "reason":{"type":"string","maxLength":500}}})J",
         .response_schema = LeaveSchema(),
         .success_status = 201,
         .error_codes = {"appointment.invalid", "appointment.unknown_practitioner",
                         "request.invalid_json"},
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, PathId(rc, true));
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto out, svc->AddLeave(CallerOf(req, rc), id, body));
           return JsonResponse(201, out);
         }});
  r.Add({.method = Method::kDelete,
         .pattern = "/api/v1/appointments/roster-days/{id}",
         .summary = "Remove a day override; audited",
         .tag = "appointments",
         .permission = "appointment.schedule",
         .success_status = 204,
         .error_codes = {"appointment.not_found"},
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, PathId(rc, false));
           PEONY_CHECK(svc->DeleteDay(CallerOf(req, rc), id));
           return NoContent();
         }});
  r.Add({.method = Method::kDelete,
         .pattern = "/api/v1/appointments/leave/{id}",
         .summary = "Remove leave; audited",
         .tag = "appointments",
         .permission = "appointment.schedule",
         .success_status = 204,
         .error_codes = {"appointment.not_found"},
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, PathId(rc, false));
           PEONY_CHECK(svc->DeleteLeave(CallerOf(req, rc), id));
           return NoContent();
         }});
}

}  // namespace peony::http::api
