// /api/v1/notify/*: channel settings (credentials stored encrypted, never sent back), test sends,
// the outgoing message list with retries, and opt-outs (platform/notify). All need notify.manage.
#include <charconv>

#include "http/api/api.h"
#include "http/api/automation.h"
#include "http/api/json_views.h"
#include "http/api/paging.h"
#include "http/errors.h"
#include "http/json_body.h"
#include "platform/notify/channels.h"
#include "platform/notify/errors.h"
#include "platform/notify/recipient.h"

namespace peony::http::api {
namespace {

constexpr const char* kPermission = "notify.manage";

constexpr const char* kProviderSchema =
    R"J({"type":"object","properties":{"provider":{"type":"string"},
 "channel":{"type":"string","enum":["sms","email","wecom","webhook"]},"label":{"type":"string"},
 "fields":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},
 "label":{"type":"string"},"secret":{"type":"boolean"},"required":{"type":"boolean"},
 "default":{"type":"string","nullable":true}}}}}})J";
constexpr const char* kChannelSchema =
    R"J({"type":"object","properties":{"channel":{"type":"string","enum":["sms","email","wecom","webhook"]},
 "provider":{"type":"string"},"enabled":{"type":"boolean"},
 "config":{"type":"object","description":"the provider's fields; secret ones as \"********\""},
 "rate_per_minute":{"type":"integer"},"quiet_start":{"type":"string","example":"21:00"},
 "quiet_end":{"type":"string","example":"09:00"},"version":{"type":"integer"},
 "updated_at":{"type":"string","format":"date-time"}}})J";
constexpr const char* kPutChannelSchema =
    R"J({"type":"object","required":["provider","config"],"properties":{
 "provider":{"type":"string","description":"one of GET /notify/providers for this channel"},
 "enabled":{"type":"boolean","description":"default true"},
 "config":{"type":"object","description":"the provider's fields; a secret field sent as \"********\" keeps its stored value"},
 "rate_per_minute":{"type":"integer","minimum":1,"maximum":10000,"description":"default: kept, or 60"},
 "quiet_start":{"type":"string","pattern":"^[0-2][0-9]:[0-5][0-9]$","description":"marketing messages wait from then (org's time zone); default: kept, or 21:00"},
 "quiet_end":{"type":"string","pattern":"^[0-2][0-9]:[0-5][0-9]$","description":"…until then; default: kept, or 09:00"},
 "version":{"type":"integer","description":"the version read; 409 notify.version_conflict if it changed"}}})J";
constexpr const char* kTestSchema =
    R"J({"type":"object","required":["to"],"properties":{"to":{"type":"string","description":"a mobile number, e-mail address, WeChat Work member id or URL, by channel"},
 "text":{"type":"string","maxLength":1000,"description":"default: a fixed test text"}}})J";
constexpr const char* kTestResultSchema =
    R"J({"type":"object","properties":{"outcome":{"type":"string","enum":["sent","retry","failed"]},
 "provider_message_id":{"type":"string"},"error_code":{"type":"string"},"error_message":{"type":"string"}}})J";
constexpr const char* kMessageSchema =
    R"J({"type":"object","properties":{"id":{"type":"integer"},"channel":{"type":"string"},
 "category":{"type":"string","enum":["service","marketing"]},"recipient_masked":{"type":"string"},
 "subject":{"type":"string"},"status":{"type":"string","enum":["pending","sent","failed","suppressed"]},
 "provider":{"type":"string"},"provider_message_id":{"type":"string"},"error_code":{"type":"string"},
 "error_message":{"type":"string"},"attempts":{"type":"integer"},
 "entity":{"type":"string","nullable":true},"record_id":{"type":"integer","nullable":true},
 "rule_id":{"type":"integer","nullable":true},"created_at":{"type":"string","format":"date-time"},
 "sent_at":{"type":"string","format":"date-time","nullable":true}}})J";
constexpr const char* kOptOutSchema =
    R"J({"type":"object","properties":{"channel":{"type":"string","enum":["sms","email","wecom"]},
 "recipient_masked":{"type":"string"},"created_at":{"type":"string","format":"date-time"},
 "id":{"type":"string","description":"the recipient's blind index (for DELETE)"}}})J";
constexpr const char* kNewOptOutSchema =
    R"J({"type":"object","required":["channel","to"],"properties":{
 "channel":{"type":"string","enum":["sms","email","wecom"]},"to":{"type":"string"}}})J";

std::string ItemsSchema(const char* item) {
  return std::string(R"({"type":"object","properties":{"items":{"type":"array","items":)") + item +
         "}}}";
}

Result<notify::Channels*> Service(ApiContext& ctx) {
  if (ctx.automation == nullptr || ctx.automation->channels == nullptr) {
    return InternalError("notify routes called without notify::Channels");
  }
  return ctx.automation->channels;
}

Result<std::optional<std::string>> QueryEnum(const Request& req, std::string_view name,
                                             std::initializer_list<std::string_view> allowed) {
  auto v = req.Query(name);
  if (!v || v->empty()) return std::optional<std::string>{};
  for (auto a : allowed) {
    if (*v == a) return std::optional<std::string>{std::string(*v)};
  }
  std::string why = "must be one of";
  for (auto a : allowed) why += " " + std::string(a);
  return errors::Validation(name, why);
}

Result<int64_t> MessageId(const RequestContext& rc) {
  const std::optional<int64_t> id = ParseId(rc.Param("id"));
  if (!id) return notify::errors::MessageNotFound();
  return *id;
}

Result<notify::ChannelInput> ParseChannelInput(const Request& req) {
  PEONY_TRY(auto body, ParseJsonObject(req));
  notify::ChannelInput in;
  PEONY_TRY(in.provider, RequiredString(body, "provider", 64));
  PEONY_TRY(auto enabled, OptionalBool(body, "enabled"));
  in.enabled = enabled.value_or(true);
  const auto* config = body.if_contains("config");
  if (config == nullptr || !config->is_object()) {
    return errors::Validation("config", "must be an object");
  }
  in.config = config->as_object();
  // Ranges and formats are the service's (notify.bad_channel_config), not request.validation.
  PEONY_TRY(in.rate_per_minute, OptionalInt(body, "rate_per_minute"));
  PEONY_TRY(in.quiet_start, OptionalString(body, "quiet_start", 16));
  PEONY_TRY(in.quiet_end, OptionalString(body, "quiet_end", 16));
  PEONY_TRY(in.version, OptionalInt(body, "version", 1));
  return in;
}

const char* OutcomeName(notify::Delivery::Outcome o) {
  switch (o) {
    case notify::Delivery::Outcome::kSent:
      return "sent";
    case notify::Delivery::Outcome::kRetry:
      return "retry";
    case notify::Delivery::Outcome::kFailed:
      break;
  }
  return "failed";
}

void AddChannelRoutes(Router& r, ApiContext& ctx) {
  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/notify/providers",
         .summary = "The message providers with the config fields each takes (for the settings "
                    "page)",
         .tag = "notify",
         .permission = kPermission,
         .response_schema = ItemsSchema(kProviderSchema),
         .handler = [](const Request&, RequestContext&) -> Result<Response> {
           return JsonResponse(200, boost::json::object{{"items", notify::DescribeProviders()}});
         }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/notify/channels",
         .summary = "The organisation's channel settings; secret config fields as \"********\"",
         .tag = "notify",
         .permission = kPermission,
         .response_schema = ItemsSchema(kChannelSchema),
         .handler = [&ctx](const Request&, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto* svc, Service(ctx));
           PEONY_TRY(auto list, svc->List(rc.user().org_id));
           boost::json::array items;
           for (const auto& s : list) items.push_back(notify::Channels::ToJson(s));
           return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
         }});

  r.Add({.method = Method::kPut,
         .pattern = "/api/v1/notify/channels/{channel}",
         .summary = "Set up a channel (sms, email, wecom, webhook): provider, credentials (stored "
                    "encrypted; checked by building the provider's client), rate per minute and "
                    "quiet hours for marketing. Audited without secrets",
         .tag = "notify",
         .permission = kPermission,
         .request_schema = kPutChannelSchema,
         .response_schema = kChannelSchema,
         .error_codes = {"notify.unknown_channel", "notify.unknown_provider",
                         "notify.bad_channel_config", "notify.version_conflict",
                         "request.validation"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto* svc, Service(ctx));
           const std::string channel(rc.Param("channel"));
           if (!notify::IsChannel(channel)) return notify::errors::UnknownChannel(channel);
           PEONY_TRY(auto in, ParseChannelInput(req));
           PEONY_TRY(auto s, svc->Put(rc.user(), req.remote_addr, channel, in));
           return JsonResponse(200, notify::Channels::ToJson(s));
         }});

  r.Add({.method = Method::kDelete,
         .pattern = "/api/v1/notify/channels/{channel}",
         .summary = "Remove a channel's settings (its messages then fail with "
                    "notify.channel_not_configured)",
         .tag = "notify",
         .permission = kPermission,
         .success_status = 204,
         .error_codes = {"notify.unknown_channel"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto* svc, Service(ctx));
           PEONY_CHECK(svc->Delete(rc.user(), req.remote_addr, rc.Param("channel")));
           return NoContent();
         }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/notify/channels/{channel}/test",
         .summary = "Send a test message now through the channel's stored settings (not through "
                    "the outbox; also while disabled). Audited without the recipient",
         .tag = "notify",
         .permission = kPermission,
         .request_schema = kTestSchema,
         .response_schema = kTestResultSchema,
         .error_codes = {"notify.unknown_channel", "notify.channel_not_configured",
                         "notify.bad_recipient", "request.validation"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto* svc, Service(ctx));
           const std::string channel(rc.Param("channel"));
           if (!notify::IsChannel(channel)) return notify::errors::UnknownChannel(channel);
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto to, RequiredString(body, "to", 2000));
           PEONY_TRY(auto text, OptionalString(body, "text", 1000));
           PEONY_TRY(auto d,
                     svc->TestSend(rc.user(), req.remote_addr, channel, to, text.value_or("")));
           return JsonResponse(200,
                               boost::json::object{{"outcome", OutcomeName(d.outcome)},
                                                   {"provider_message_id", d.provider_message_id},
                                                   {"error_code", d.error_code},
                                                   {"error_message", d.error_message}});
         }});
}

void AddMessageRoutes(Router& r, ApiContext& ctx) {
  std::vector<ParamSpec> query = {
      {"status", "string", "pending, sent, failed or suppressed", false},
      {"channel", "string", "sms, email, wecom or webhook", false},
      {"entity", "string", "messages about records of this form", false},
      {"record_id", "integer", "messages about this record", false}};
  for (auto& p : PagingParams()) query.push_back(std::move(p));
  r.Add(
      {.method = Method::kGet,
       .pattern = "/api/v1/notify/messages",
       .summary = "Outgoing messages, newest first, with their delivery status and the "
                  "provider's error (recipients masked, no texts)",
       .tag = "notify",
       .permission = kPermission,
       .query = std::move(query),
       .response_schema = ListSchema(kMessageSchema),
       .error_codes = {"request.validation"},
       .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
         PEONY_TRY(auto* svc, Service(ctx));
         PEONY_TRY(auto page, ParsePaging(req));
         notify::MessageFilter f;
         PEONY_TRY(f.status, QueryEnum(req, "status", {"pending", "sent", "failed", "suppressed"}));
         PEONY_TRY(f.channel, QueryEnum(req, "channel", {"sms", "email", "wecom", "webhook"}));
         if (auto e = req.Query("entity"); e && !e->empty()) {
           if (e->size() > 64) return errors::Validation("entity", "is not a form name");
           f.entity = std::string(*e);
         }
         if (auto id = req.Query("record_id"); id && !id->empty()) {
           int64_t v = 0;
           auto [ptr, ec] = std::from_chars(id->data(), id->data() + id->size(), v);
           if (ec != std::errc() || ptr != id->data() + id->size() || v <= 0) {
             return errors::Validation("record_id", "must be a positive integer");
           }
           f.record_id = v;
         }
         PEONY_TRY(auto list,
                   svc->ListMessages(rc.user().org_id, f, page.after_id, page.limit + 1));
         const bool more = list.size() > static_cast<size_t>(page.limit);
         if (more) list.resize(page.limit);
         boost::json::array items;
         for (const auto& m : list) items.push_back(m.ToJson());
         return JsonResponse(200,
                             PageJson(std::move(items), more, list.empty() ? 0 : list.back().id));
       }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/notify/messages/{id}/retry",
         .summary = "Send a failed message again: pending, with a new delivery job. Audited",
         .tag = "notify",
         .permission = kPermission,
         .response_schema = kMessageSchema,
         .error_codes = {"notify.message_not_found", "notify.message_not_failed"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto* svc, Service(ctx));
           PEONY_TRY(auto id, MessageId(rc));
           PEONY_TRY(auto m, svc->RetryMessage(rc.user(), req.remote_addr, id));
           if (ctx.jobs != nullptr) ctx.jobs->Wake();
           return JsonResponse(200, m.ToJson());
         }});
}

void AddOptOutRoutes(Router& r, ApiContext& ctx) {
  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/notify/opt-outs",
         .summary = "Recipients who asked for no more messages on a channel (masked), newest "
                    "first",
         .tag = "notify",
         .permission = kPermission,
         .query = {{"channel", "string", "sms, email or wecom; default all", false}},
         .response_schema = ItemsSchema(kOptOutSchema),
         .error_codes = {"notify.unknown_channel"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto* svc, Service(ctx));
           std::optional<std::string> channel;
           if (auto c = req.Query("channel"); c && !c->empty()) channel = std::string(*c);
           PEONY_TRY(auto list, svc->ListOptOuts(rc.user().org_id, channel));
           boost::json::array items;
           for (const auto& o : list) items.push_back(o.ToJson());
           return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
         }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/notify/opt-outs",
         .summary = "Record that a recipient wants no more messages on a channel (PIPL); their "
                    "messages are then suppressed. Idempotent; audited without the recipient",
         .tag = "notify",
         .permission = kPermission,
         .request_schema = kNewOptOutSchema,
         .response_schema = kOptOutSchema,
         .success_status = 201,
         .error_codes = {"notify.bad_recipient", "request.validation"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto* svc, Service(ctx));
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto channel, RequiredString(body, "channel", 16));
           if (channel != "sms" && channel != "email" && channel != "wecom") {
             return errors::Validation("channel", "must be one of sms email wecom");
           }
           PEONY_TRY(auto to, RequiredString(body, "to", 2000));
           PEONY_TRY(auto o, svc->AddOptOut(rc.user(), req.remote_addr, channel, to));
           return JsonResponse(201, o.ToJson());
         }});

  r.Add({.method = Method::kDelete,
         .pattern = "/api/v1/notify/opt-outs/{channel}/{id}",
         .summary = "Remove an opt-out (the recipient agreed to messages again). Audited",
         .tag = "notify",
         .permission = kPermission,
         .success_status = 204,
         .error_codes = {"notify.unknown_channel", "notify.optout_not_found"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto* svc, Service(ctx));
           PEONY_CHECK(
               svc->RemoveOptOut(rc.user(), req.remote_addr, rc.Param("channel"), rc.Param("id")));
           return NoContent();
         }});
}

}  // namespace

void AddNotifyRoutes(Router& r, ApiContext& ctx) {
  AddChannelRoutes(r, ctx);
  AddMessageRoutes(r, ctx);
  AddOptOutRoutes(r, ctx);
}

}  // namespace peony::http::api
