// /api/v1/commission-rules and the money reports: staff performance with commissions and
// handwork, and the daily reconciliation by payment method (domain/orders/reports.h).
#include <memory>

#include "domain/orders/errors.h"
#include "domain/orders/reports.h"
#include "http/api/api.h"
#include "http/api/idempotency.h"
#include "http/api/paging.h"
#include "http/json_body.h"

namespace peony::http::api {
namespace {

namespace json = boost::json;
namespace orders = domain::orders;

constexpr const char* kRulesSchema = R"J({"type":"object","properties":{
 "rules":{"type":"array","maxItems":200,"description":"the most specific matching rule applies (role, then category, then item_kind)",
  "items":{"type":"object","properties":{
   "role":{"type":"string","nullable":true,"description":"a role name; absent: any role"},
   "item_kind":{"type":"string","nullable":true,"enum":["service","product","card","package"]},
   "category":{"type":"string","nullable":true,"description":"the item's category key (card lines: the card kind)"},
   "rate_pct":{"type":"number","minimum":0,"maximum":100,"description":"a flat rate; or tiers"},
   "tiers":{"type":"array","maxItems":10,"description":"progressive over the person's monthly attributed total",
     "items":{"type":"object","required":["from_fen","rate_pct"],"properties":{
       "from_fen":{"type":"integer","minimum":0},"rate_pct":{"type":"number","minimum":0,"maximum":100}}}}}}},
 "handwork":{"type":"array","maxItems":1000,"items":{"type":"object","required":["service_id","fee_fen"],
  "properties":{"service_id":{"type":"integer"},
   "fee_fen":{"type":"integer","minimum":0,"description":"per completed treatment, to the practitioner"},
   "nurse_fee_fen":{"type":"integer","minimum":0,"description":"per completed treatment, to the nurse"}}}}}})J";

std::string RulesAnswerSchema() {
  std::string s = kRulesSchema;
  s.pop_back();
  s.pop_back();
  return s +
         R"J(,"version":{"type":"integer"},"updated_at":{"type":"string","format":"date-time","nullable":true}}})J";
}

Result<LocalDate> RequiredDate(const Request& req, std::string_view name) {
  auto v = req.Query(name);
  if (!v || v->empty()) return orders::errors::ReportInvalid(name, "required, YYYY-MM-DD");
  auto d = ParseDate(*v);
  if (!d) return orders::errors::ReportInvalid(name, "must be a date YYYY-MM-DD");
  return *d;
}

Result<std::optional<int64_t>> BranchParam(const Request& req) {
  auto v = req.Query("branch_id");
  if (!v || v->empty()) return std::optional<int64_t>();
  auto id = ParseId(*v);
  if (!id) return orders::errors::ReportInvalid("branch_id", "a positive integer");
  return std::optional<int64_t>(*id);
}

}  // namespace

void AddOrderReportRoutes(Router& r, ApiContext& ctx) {
  std::shared_ptr<orders::Reports> svc;
  if (ctx.db && ctx.catalog && ctx.clock) {
    svc = std::make_shared<orders::Reports>(*ctx.db, *ctx.catalog, *ctx.clock);
  }

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/commission-rules",
         .summary = "The organisation's commission rules and handwork fees",
         .tag = "reports",
         .permission = "commission.manage",
         .response_schema = RulesAnswerSchema(),
         .handler = [svc](const Request&, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto rules, svc->GetRules(rc.user().org_id));
           return JsonResponse(200, rules);
         }});

  r.Add({.method = Method::kPut,
         .pattern = "/api/v1/commission-rules",
         .summary = "Replace the commission rules and handwork fees (audited)",
         .tag = "reports",
         .permission = "commission.manage",
         .request_schema = kRulesSchema,
         .response_schema = RulesAnswerSchema(),
         .error_codes = {"commission.invalid", "request.invalid_json"},
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto rules, orders::ParseCommissionRules(body));
           PEONY_TRY(auto saved, svc->PutRules(CallerOf(req, rc), rules));
           return JsonResponse(200, saved);
         }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/reports/performance",
         .summary = "Staff performance (attributed order lines, less refunds), commissions and "
                    "handwork fees between two days",
         .tag = "reports",
         .permission = "report.finance",
         .query = {{"from", "string", "first day, YYYY-MM-DD", true},
                   {"to", "string", "last day, YYYY-MM-DD (inclusive; at most 366 days)", true},
                   {"branch_id", "integer", "one branch (callers scoped to a branch: theirs)"}},
         .response_schema = R"J({"type":"object","properties":{
 "from":{"type":"string","format":"date"},"to":{"type":"string","format":"date"},
 "items":{"type":"array","description":"highest performance first","items":{"type":"object","properties":{
  "user_id":{"type":"integer"},"name":{"type":"string"},
  "performance_fen":{"type":"integer"},"commission_fen":{"type":"integer"},"handwork_fen":{"type":"integer"},
  "line_count":{"type":"integer"},
  "lines":{"type":"array","items":{"type":"object","properties":{
    "order_id":{"type":"integer"},"line_id":{"type":"integer"},"name":{"type":"string"},
    "kind":{"type":"string"},"category":{"type":"string"},"at":{"type":"string","format":"date-time"},
    "amount_fen":{"type":"integer","description":"negative for a refund's take-back"},
    "commission_fen":{"type":"integer"}}}}}}}}})J",
         .error_codes = {"report.invalid"},
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto from, RequiredDate(req, "from"));
           PEONY_TRY(auto to, RequiredDate(req, "to"));
           PEONY_TRY(auto branch, BranchParam(req));
           PEONY_TRY(auto report, svc->Performance(CallerOf(req, rc), from, to, branch));
           return JsonResponse(200, report);
         }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/reports/daily-reconciliation",
         .summary = "Payments and refunds of one day (organisation's time zone) by method",
         .tag = "reports",
         .permission = "report.finance",
         .query = {{"date", "string", "the day, YYYY-MM-DD", true},
                   {"branch_id", "integer", "one branch (callers scoped to a branch: theirs)"}},
         .response_schema = R"J({"type":"object","properties":{
 "date":{"type":"string","format":"date"},
 "methods":{"type":"array","items":{"type":"object","properties":{
  "method":{"type":"string"},"received_fen":{"type":"integer"},"refunded_fen":{"type":"integer"},
  "net_fen":{"type":"integer"},"count":{"type":"integer","description":"payment and refund records"}}}},
 "total_received_fen":{"type":"integer"},"total_refunded_fen":{"type":"integer"},
 "total_net_fen":{"type":"integer"}}})J",
         .error_codes = {"report.invalid"},
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto date, RequiredDate(req, "date"));
           PEONY_TRY(auto branch, BranchParam(req));
           PEONY_TRY(auto report, svc->DailyReconciliation(CallerOf(req, rc), date, branch));
           return JsonResponse(200, report);
         }});
}

}  // namespace peony::http::api
