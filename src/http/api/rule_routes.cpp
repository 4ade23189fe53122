// /api/v1/rules*, /api/v1/rule-runs and /api/v1/hooks/{token}: the automation rules (see
// platform/rules/rules.h and docs/API.md "Automation rules").
#include <charconv>

#include "http/api/automation.h"
#include "http/api/paging.h"
#include "http/errors.h"
#include "http/json_body.h"
#include "platform/rules/errors.h"
#include "platform/rules/rules.h"

namespace peony::http::api {
namespace {

namespace json = boost::json;

constexpr const char* kPerson =
    R"({"type":"object","description":"one of {\"field\":\"<user field or relation.field>\"}, {\"role\":\"<role name>\"}, {\"user_id\":n}","properties":{"field":{"type":"string"},"user_field":{"type":"string"},"role":{"type":"string"},"user_id":{"type":"integer"}}})";

std::string RuleInputSchema() {
  return std::string(R"({"type":"object","required":["name","trigger","actions"],"properties":{
 "name":{"type":"string","maxLength":200},
 "entity":{"type":"string","description":"the entity whose records the rule watches — optional only for schedule rules without records"},
 "enabled":{"type":"boolean","default":true},
 "version":{"type":"integer","description":"PUT: the version read — 409 rule.version_conflict when stale"},
 "trigger":{"type":"object","required":["type"],"description":"record_created {}; record_updated {fields?}; field_changed {field, to?, from?}; date {field, offset_days (-3650..3650, negative = before), at? \"HH:MM\" local (default 00:00, the start of the day), repeat? \"yearly\"}; schedule {cron: 5-field cron in the organisation's zone}; webhook {mapping: {field: body key (dotted)}, match_field?, secret?}",
  "properties":{"type":{"type":"string","enum":["record_created","record_updated","field_changed","date","schedule","webhook"]},
   "field":{"type":"string"},"fields":{"type":"array","items":{"type":"string"}},"to":{},"from":{},
   "offset_days":{"type":"integer","minimum":-3650,"maximum":3650},"at":{"type":"string","pattern":"^[0-2][0-9]:[0-5][0-9]$"},
   "repeat":{"type":"string","enum":["yearly","none"]},"cron":{"type":"string"},
   "mapping":{"type":"object","additionalProperties":{"type":"string"}},"match_field":{"type":"string"},"secret":{"type":"string"}}},
 "condition":{"type":"object","nullable":true,"description":"a filter tree of the records API, checked when the trigger fires and again when the job runs"},
 "actions":{
  "type" : "array", "minItems" : 1, "maxItems" : 20, "items" : {
    "type":"object","required":["type"],
  "description":"create_task {assignee, title, body?, due_in_hours?}; send_message {channel: sms|email|wecom|in_app, category?: service|marketing, to?, subject?, template, sms_template_id?, sms_params?}; add_tag/remove_tag {field, tag}; update_field {field, value}; create_record {entity, values}; webhook {url, body?}. Texts take {variables}: a field's name or label, relation.field, a relation's label + a field label (客户姓名), {today}, {now}",
  "properties":{"type":{"type":"string","enum":["create_task","send_message","add_tag","remove_tag","update_field","create_record","webhook"]},
   "assignee":)") +
         kPerson + R"(,"to":)" + kPerson + R"(,
   "title":{"type":"string"},"body":{},"due_in_hours":{"type":"integer","minimum":0},
   "channel":{"type":"string","enum":["sms","email","wecom","in_app"]},"category":{"type":"string","enum":["service","marketing"]},
   "subject":{"type":"string"},"template":{"type":"string"},"sms_template_id":{"type":"string"},
   "sms_params":{"type":"object","additionalProperties":{"type":"string"}},
   "field":{"type":"string"},"tag":{"type":"string"},"value":{},"entity":{"type":"string"},
   "values":{"type":"object"},"url":{
        "type" : "string"}
    }
  }
}
}
})";
}

std::string RuleSchema() {
  return R"({"type":"object","required":["id","name","entity","enabled","disabled_reason","owner_id","version","created_at","updated_at","last_run_at","trigger","condition","actions","hook_url"],"properties":{
 "id":{"type":"integer"},"name":{"type":"string"},"entity":{"type":"string","nullable":true},
 "enabled":{"type":"boolean"},"disabled_reason":{"type":"string","nullable":true,"description":"why the rule was switched off , e.g. a field it uses was retired"},
    "owner_id" : {"type" : "integer", "nullable" : true},
                 "version" : {"type" : "integer"},
                             "created_at" : {"type" : "string", "format" : "date-time"},
                                            "updated_at"
    : {"type" : "string", "format" : "date-time"},
      "last_run_at" : {"type" : "string", "format" : "date-time", "nullable" : true},
                      "trigger" : {"type" : "object"},
                                  "condition" : {"type" : "object", "nullable" : true},
                                                "actions"
    : {"type" : "array", "items" : {"type" : "object"}},
      "hook_url" : {
  "type" : "string",
           "nullable" : true,
                        "description"
      : "webhook rules: the address to post to, shown only when created or rotated"
}
}
})";
}

constexpr const char* kRunsSchema =
    R"({"type":"object","required":["items","next_cursor"],"properties":{
 "items":{"type":"array","items":{"type":"object","required":["id","rule_id","rule_version","entity","record_id","trigger","status","actions","error","attempts","started_at","finished_at"],"properties":{
  "id":{"type":"integer"},"rule_id":{"type":"integer"},"rule_version":{"type":"integer"},
  "entity":{"type":"string","nullable":true},"record_id":{"type":"integer","nullable":true},
  "trigger":{"type":"string"},"status":{"type":"string","enum":["running","ok","skipped","failed","retrying"]},
  "actions":{"type":"array","items":{"type":"object","description":"{type, status: ok|error, task_id?, message_id?, record_id?, code?, error?}"}},
  "error":{"type":"string","nullable":true},"attempts":{"type":"integer"},
  "started_at":{"type":"string","format":"date-time"},"finished_at":{"type":"string","format":"date-time","nullable":true}}}},
 "next_cursor":{"type":"string","nullable":true}}})";

const std::vector<std::string> kRuleErrors = {
    "rule.invalid",      "rule.unknown_entity", "rule.unknown_field", "rule.unknown_variable",
    "record.bad_filter", "jobs.bad_cron",       "request.bad_json"};

Result<int64_t> RuleId(RequestContext& rc) {
  const std::optional<int64_t> id = ParseId(rc.Param("id"));
  if (!id) return rules::errors::NotFound();
  return *id;
}

rules::Rules& R(ApiContext& ctx) { return *ctx.automation->rules; }

Response Page(rules::RunPage page) {
  return JsonResponse(200, PageJson(std::move(page.items), page.more, page.last_id));
}

}  // namespace

void AddRuleRoutes(Router& r, ApiContext& ctx) {
  r.Add(
      {.method = Method::kGet,
       .pattern = "/api/v1/rules",
       .summary = "The organisation's automation rules",
       .tag = "rules",
       .permission = "rules.manage",
       .query = {{"entity", "string", "only the rules of this entity"}},
       .response_schema =
           R"({"type":"object","required":["items"],"properties":{"items":{"type":"array","items":)" +
           RuleSchema() + "}}}",
       .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
         PEONY_TRY(auto items,
                   R(ctx).List(rc.user().org_id, std::string(req.Query("entity").value_or(""))));
         return JsonResponse(200, json::object{{"items", std::move(items)}});
       }});
  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/rules",
         .summary = "Create a rule (checked against the catalog; date and schedule rules are "
                    "planned at once)",
         .tag = "rules",
         .permission = "rules.manage",
         .request_schema = RuleInputSchema(),
         .response_schema = RuleSchema(),
         .success_status = 201,
         .error_codes = kRuleErrors,
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto body, ParseJsonBody(req));
           PEONY_TRY(auto rule, R(ctx).Create(rc.user(), body));
           return JsonResponse(201, rule);
         }});
  r.Add(
      {.method = Method::kGet,
       .pattern = "/api/v1/rules/variables",
       .summary = "The template variables of an entity, for the message editor",
       .tag = "rules",
       .permission = "rules.manage",
       .query = {{"entity", "string", "the entity (required)"}},
       .response_schema =
           R"({"type":"object","required":["items"],"properties":{"items":{"type":"array","items":{"type":"object","required":["name","path","label"],"properties":{"name":{"type":"string"},"path":{"type":"string"},"label":{"type":"string"}}}}}})",
       .error_codes = {"schema.entity_not_found"},
       .handler = [&ctx](const Request& req, RequestContext&) -> Result<Response> {
         PEONY_TRY(auto items, R(ctx).Variables(std::string(req.Query("entity").value_or(""))));
         return JsonResponse(200, json::object{{"items", std::move(items)}});
       }});
  r.Add(
      {.method = Method::kPost,
       .pattern = "/api/v1/rules/preview",
       .summary = "A message template rendered for a real record (which the caller may read)",
       .tag = "rules",
       .permission = "rules.manage",
       .request_schema =
           R"({"type":"object","required":["entity","record_id","template"],"properties":{"entity":{"type":"string"},"record_id":{"type":"integer"},"template":{"type":"string","maxLength":2000}}})",
       .response_schema =
           R"({"type":"object","required":["text"],"properties":{"text":{"type":"string"}}})",
       .error_codes = {"schema.entity_not_found", "record.not_found", "record.forbidden",
                       "rule.unknown_variable", "request.validation"},
       .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
         PEONY_TRY(auto body, ParseJsonObject(req));
         PEONY_TRY(auto entity, RequiredString(body, "entity", 40));
         PEONY_TRY(auto id, RequiredInt(body, "record_id", 1, INT64_MAX));
         PEONY_TRY(auto text, RequiredString(body, "template", 2000));
         PEONY_TRY(auto out, R(ctx).Preview(rc.user(), req.remote_addr, entity, id, text));
         return JsonResponse(200, json::object{{"text", out}});
       }});
  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/rules/{id}",
         .summary = "One rule",
         .tag = "rules",
         .permission = "rules.manage",
         .response_schema = RuleSchema(),
         .error_codes = {"rule.not_found"},
         .handler = [&ctx](const Request&, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, RuleId(rc));
           PEONY_TRY(auto rule, R(ctx).Get(rc.user().org_id, id));
           return JsonResponse(200, rule);
         }});
  r.Add({.method = Method::kPut,
         .pattern = "/api/v1/rules/{id}",
         .summary = "Replace a rule (its pending jobs are re-planned)",
         .tag = "rules",
         .permission = "rules.manage",
         .request_schema = RuleInputSchema(),
         .response_schema = RuleSchema(),
         .error_codes =
             [] {
               auto e = kRuleErrors;
               e.push_back("rule.not_found");
               e.push_back("rule.version_conflict");
               return e;
             }(),
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, RuleId(rc));
           PEONY_TRY(auto body, ParseJsonBody(req));
           PEONY_TRY(auto rule, R(ctx).Replace(rc.user(), id, body, std::nullopt));
           return JsonResponse(200, rule);
         }});
  r.Add(
      {.method = Method::kPatch,
       .pattern = "/api/v1/rules/{id}",
       .summary = "Switch a rule on or off",
       .tag = "rules",
       .permission = "rules.manage",
       .request_schema =
           R"({"type":"object","required":["enabled"],"properties":{"enabled":{"type":"boolean"},"version":{"type":"integer"}}})",
       .response_schema = RuleSchema(),
       .error_codes = {"rule.not_found", "rule.version_conflict", "request.validation"},
       .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
         PEONY_TRY(auto id, RuleId(rc));
         PEONY_TRY(auto body, ParseJsonObject(req));
         PEONY_TRY(auto enabled, OptionalBool(body, "enabled"));
         if (!enabled) return errors::Validation("enabled", "true or false");
         PEONY_TRY(auto version, OptionalInt(body, "version", 1, INT64_MAX));
         PEONY_TRY(auto rule, R(ctx).SetEnabled(rc.user(), id, *enabled, version));
         return JsonResponse(200, rule);
       }});
  r.Add({.method = Method::kDelete,
         .pattern = "/api/v1/rules/{id}",
         .summary = "Delete a rule (its pending jobs are cancelled; the run log stays)",
         .tag = "rules",
         .permission = "rules.manage",
         .success_status = 204,
         .error_codes = {"rule.not_found"},
         .handler = [&ctx](const Request&, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, RuleId(rc));
           PEONY_CHECK(R(ctx).Delete(rc.user(), id));
           return NoContent();
         }});
  r.Add(
      {.method = Method::kPost,
       .pattern = "/api/v1/rules/{id}/hook-token",
       .summary = "A new address for a webhook rule (the old one stops working)",
       .tag = "rules",
       .permission = "rules.manage",
       .response_schema =
           R"({"type":"object","required":["hook_url"],"properties":{"hook_url":{"type":"string"}}})",
       .error_codes = {"rule.not_found", "rule.invalid"},
       .handler = [&ctx](const Request&, RequestContext& rc) -> Result<Response> {
         PEONY_TRY(auto id, RuleId(rc));
         PEONY_TRY(auto url, R(ctx).RotateHookToken(rc.user(), id));
         return JsonResponse(200, json::object{{"hook_url", url}});
       }});
  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/rules/{id}/runs",
         .summary = "The run log of a rule, newest first",
         .tag = "rules",
         .permission = "rules.manage",
         .query = PagingParams(),
         .response_schema = kRunsSchema,
         .error_codes = {"rule.not_found", "request.validation"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, RuleId(rc));
           PEONY_TRY(auto paging, ParsePaging(req));
           PEONY_TRY(auto page, R(ctx).Runs(rc.user().org_id, id, paging.limit, paging.after_id));
           return Page(std::move(page));
         }});
  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/rule-runs",
         .summary = "The rule runs about one record, newest first",
         .tag = "rules",
         .permission = "rules.manage",
         .query =
             [] {
               auto q = PagingParams();
               q.push_back({"entity", "string", "the record's entity (required)"});
               q.push_back({"record_id", "integer", "the record (required)"});
               return q;
             }(),
         .response_schema = kRunsSchema,
         .error_codes = {"request.validation"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto paging, ParsePaging(req));
           const std::string entity(req.Query("entity").value_or(""));
           const std::string rid(req.Query("record_id").value_or(""));
           int64_t record_id = 0;
           auto [p, ec] = std::from_chars(rid.data(), rid.data() + rid.size(), record_id);
           if (entity.empty()) return errors::Validation("entity", "required");
           if (ec != std::errc() || p != rid.data() + rid.size() || record_id <= 0) {
             return errors::Validation("record_id", "a record id");
           }
           PEONY_TRY(auto page, R(ctx).RecordRuns(rc.user().org_id, entity, record_id, paging.limit,
                                                  paging.after_id));
           return Page(std::move(page));
         }});
  r.Add(
      {.method = Method::kPost,
       .pattern = "/api/v1/hooks/{token}",
       .summary = "Inbound webhook of a rule: creates or updates a record from the JSON body "
                  "(signed with X-Peony-Timestamp and X-Peony-Signature when the rule has a "
                  "secret)",
       .tag = "rules",
       .auth = Auth::kPublic,
       .max_body_bytes = 256 * 1024,
       .request_schema =
           R"({"type":"object","description":"any JSON object; the rule's mapping picks the fields"})",
       .response_schema =
           R"({"type":"object","required":["record_id"],"properties":{"record_id":{"type":"integer"}}})",
       .success_status = 202,
       .error_codes = {"hook.not_found", "hook.bad_body", "hook.bad_signature",
                       "record.invalid_value", "record.required", "record.duplicate"},
       .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
         PEONY_TRY(auto id, R(ctx).Hook(rc.Param("token"), req.body,
                                        req.headers.Get("x-peony-timestamp").value_or(""),
                                        req.headers.Get("x-peony-signature").value_or("")));
         return JsonResponse(202, json::object{{"record_id", id}});
       }});
}

}  // namespace peony::http::api
