// /api/v1/orders*: creating orders with lines, discounts, a coupon and mixed payments, reading and
// listing them, paying arrears and refunding (domain/orders/orders.h). Each POST takes an
// optional Idempotency-Key header: the same key with the same request acts once and answers the
// first answer again ("Idempotent-Replayed: true"); with another request it is 422
// idempotency.key_reused.
#include <memory>

#include "domain/orders/errors.h"
#include "domain/orders/orders.h"
#include "http/api/api.h"
#include "http/api/idempotency.h"
#include "http/api/paging.h"
#include "http/json_body.h"

namespace peony::http::api {
namespace {

namespace json = boost::json;
namespace orders = domain::orders;

Result<int64_t> OrderId(const RequestContext& rc) {
  auto id = ParseId(rc.Param("id"));
  if (!id) return orders::errors::NotFound();
  return *id;
}

constexpr const char* kPaymentInSchema = R"J({"type":"object","required":["method","amount_fen"],
 "properties":{"method":{"type":"string","enum":["cash","wechat","alipay","bank_card","stored_value"]},
 "amount_fen":{"type":"integer","minimum":1},
 "card_id":{"type":"integer","description":"stored_value only: the customer's stored-value card"}}})J";

std::string OrderSchema() {
  return R"J({"type":"object","properties":{
 "id":{"type":"integer","description":"the id of the order record (entity order)"},
 "order_no":{"type":"string"},"customer_id":{"type":"integer"},
 "branch_id":{"type":"integer","nullable":true},"consultant_id":{"type":"integer","nullable":true},
 "status":{"type":"string","enum":["open","partial","paid","refunded"]},
 "total_fen":{"type":"integer","description":"sum of the lines − discount_fen − coupon"},
 "discount_fen":{"type":"integer","description":"the order-level discount"},
 "coupon":{"type":"object","nullable":true,"properties":{"code":{"type":"string"},"amount_fen":{"type":"integer"}}},
 "paid_fen":{"type":"integer"},"arrears_fen":{"type":"integer"},"refunded_fen":{"type":"integer"},
 "contract_no":{"type":"string"},"note":{"type":"string"},
 "ordered_at":{"type":"string","format":"date-time"},
 "lines":{"type":"array","items":{"type":"object","properties":{
   "id":{"type":"integer"},"kind":{"type":"string","enum":["service","product","card","package"]},
   "item_id":{"type":"integer"},"name":{"type":"string"},
   "category":{"type":"string","description":"the item's category key (card lines: the card kind)"},
   "quantity":{"type":"integer"},"unit_price_fen":{"type":"integer"},"discount_fen":{"type":"integer"},
   "amount_fen":{"type":"integer","description":"quantity × unit price − discount"},
   "net_fen":{"type":"integer","description":"amount − its share of the order-level discount and coupon"},
   "card_id":{"type":"integer","nullable":true,"description":"the card a card or package line issued"},
   "staff":{"type":"array","items":{"type":"object","properties":{"user_id":{"type":"integer"},
     "share_pct":{"type":"integer"},"amount_fen":{"type":"integer","description":"the part of net_fen credited"}}}}}}},
 "payments":{"type":"array","description":"oldest first","items":{"type":"object","properties":{
   "id":{"type":"integer","description":"the payment record's id"},
   "method":{"type":"string","enum":["cash","wechat","alipay","bank_card","stored_value"]},
   "amount_fen":{"type":"integer","description":"positive for payments and refunds"},
   "kind":{"type":"string","enum":["payment","refund"]},
   "card_id":{"type":"integer","nullable":true},"reason":{"type":"string"},
   "paid_at":{"type":"string","format":"date-time"}}}}}})J";
}

const std::vector<std::string> kCardErrors = {
    "card.not_found",      "card.insufficient_balance", "card.expired",        "card.frozen",
    "card.closed",         "card.wrong_kind",           "card.wrong_customer", "card.invalid",
    "card.unknown_service"};

std::vector<std::string> Errors(std::initializer_list<std::string> more, bool cards) {
  std::vector<std::string> out = {"order.invalid", "idempotency.invalid_key",
                                  "idempotency.key_reused", "request.invalid_json"};
  out.insert(out.end(), more);
  if (cards) out.insert(out.end(), kCardErrors.begin(), kCardErrors.end());
  return out;
}

// ?from= / ?to= as YYYY-MM-DD. Error: order.invalid.
Result<std::optional<LocalDate>> DateParam(const Request& req, std::string_view name) {
  auto v = req.Query(name);
  if (!v || v->empty()) return std::optional<LocalDate>();
  auto d = ParseDate(*v);
  if (!d) return orders::errors::Invalid(name, "must be a date YYYY-MM-DD");
  return std::optional<LocalDate>(*d);
}

}  // namespace

void AddOrderRoutes(Router& r, ApiContext& ctx) {
  // The service holds only references; the OpenAPI listing passes a context without a database.
  std::shared_ptr<orders::Orders> svc;
  if (ctx.db && ctx.records && ctx.catalog && ctx.clock) {
    svc = std::make_shared<orders::Orders>(*ctx.db, *ctx.records, *ctx.catalog, *ctx.clock);
  }

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/orders",
         .summary = "Create an order: lines (services, products, cards, packages) with discounts "
                    "and staff shares, an order discount and coupon, and mixed payments (less "
                    "than the total leaves arrears); card lines issue their cards",
         .tag = "orders",
         .permission = "order.create",
         .request_schema = std::string(R"J({"type":"object","required":["customer_id","lines"],
 "properties":{"customer_id":{"type":"integer"},
 "branch_id":{"type":"integer","description":"default: the customer's branch; within the caller's scope"},
 "consultant_id":{"type":"integer","description":"a user id"},
 "contract_no":{"type":"string","maxLength":64},"note":{"type":"string","maxLength":500},
 "discount_fen":{"type":"integer","minimum":0,"description":"order level"},
 "coupon":{"type":"object","required":["code","amount_fen"],"properties":{
   "code":{"type":"string","maxLength":64},"amount_fen":{"type":"integer","minimum":0}}},
 "lines":{"type":"array","minItems":1,"maxItems":100,"items":{"type":"object","required":["kind","item_id"],
   "properties":{"kind":{"type":"string","enum":["service","product","card","package"]},
   "item_id":{"type":"integer","description":"a service, product or card_product record"},
   "quantity":{"type":"integer","minimum":1,"maximum":10000,"default":1,"description":"card and package lines: 1"},
   "unit_price_fen":{"type":"integer","minimum":0,"description":"default: the item's price"},
   "discount_fen":{"type":"integer","minimum":0},
   "staff":{"type":"array","maxItems":10,"description":"shares add up to 100","items":{"type":"object",
     "required":["user_id","share_pct"],"properties":{"user_id":{"type":"integer"},
     "share_pct":{"type":"integer","minimum":1,"maximum":100}}}}}}},
 "payments":{"type":"array","maxItems":20,"items":)J") +
                           kPaymentInSchema + "}}}",
         .response_schema = OrderSchema(),
         .success_status = 201,
         .error_codes = Errors({"order.unknown_item", "order.payments_exceed_total",
                                "order.shares_not_100", "order.customer_not_found"},
                               true),
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto idem, IdempotencyOf(req));
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto in, orders::ParseCreate(body));
           PEONY_TRY(auto answer, svc->Create(CallerOf(req, rc), in, idem));
           return AnswerResponse(answer);
         }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/orders",
         .summary = "Orders, newest first, optionally of one customer and ordered between two "
                    "days (in the organisation's time zone)",
         .tag = "orders",
         .permission = "data.order.read",
         .query = {{"customer_id", "integer", "the customer"},
                   {"from", "string", "first day, YYYY-MM-DD"},
                   {"to", "string", "last day, YYYY-MM-DD (inclusive)"},
                   {"limit", "integer", "page size, 1-500 (default 50)"},
                   {"cursor", "string", "next_cursor of the previous page"}},
         .response_schema =
             std::string(R"J({"type":"object","properties":{"items":{"type":"array","items":)J") +
             OrderSchema() + R"J(},"next_cursor":{"type":"string","nullable":true}}})J",
         .error_codes = {"order.invalid", "request.validation", "record.bad_cursor"},
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           orders::ListQuery q;
           if (auto v = req.Query("customer_id"); v && !v->empty()) {
             q.customer_id = ParseId(*v);
             if (!q.customer_id)
               return orders::errors::Invalid("customer_id", "a positive integer");
           }
           PEONY_TRY(q.from, DateParam(req, "from"));
           PEONY_TRY(q.to, DateParam(req, "to"));
           PEONY_TRY(q.limit, ParseLimit(req, 50));
           q.cursor = std::string(req.Query("cursor").value_or(""));
           PEONY_TRY(auto page, svc->List(CallerOf(req, rc), q));
           return JsonResponse(200, page);
         }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/orders/{id}",
         .summary = "An order with its lines, staff attribution, payments and refunds",
         .tag = "orders",
         .permission = "data.order.read",
         .response_schema = OrderSchema(),
         .error_codes = {"order.not_found"},
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, OrderId(rc));
           PEONY_TRY(auto order, svc->Get(CallerOf(req, rc), id));
           return JsonResponse(200, order);
         }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/orders/{id}/payments",
         .summary = "Pay (part of) an order's arrears, by one or several methods",
         .tag = "orders",
         .permission = "order.create",
         .request_schema = std::string(R"J({"type":"object","required":["payments"],"properties":{
 "payments":{"type":"array","minItems":1,"maxItems":20,"items":)J") +
                           kPaymentInSchema + "}}}",
         .response_schema = OrderSchema(),
         .error_codes = Errors({"order.not_found", "order.payments_exceed_total"}, true),
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, OrderId(rc));
           PEONY_TRY(auto idem, IdempotencyOf(req));
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto in, orders::ParsePay(body));
           PEONY_TRY(auto answer, svc->Pay(CallerOf(req, rc), id, in, idem));
           return AnswerResponse(answer);
         }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/orders/{id}/refund",
         .summary = "Refund up to what was paid and not yet refunded; a stored-value refund goes "
                    "back to the card(s) that paid",
         .tag = "orders",
         .permission = "order.refund",
         .request_schema = R"J({"type":"object","required":["amount_fen","method"],"properties":{
 "amount_fen":{"type":"integer","minimum":1},
 "method":{"type":"string","enum":["cash","wechat","alipay","bank_card","stored_value"]},
 "reason":{"type":"string","maxLength":500},
 "card_id":{"type":"integer","description":"stored_value: refund to this card only"}}})J",
         .response_schema = OrderSchema(),
         .error_codes = Errors(
             {"order.not_found", "order.refund_exceeds_paid", "card.closed", "card.not_found"},
             false),
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, OrderId(rc));
           PEONY_TRY(auto idem, IdempotencyOf(req));
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto in, orders::ParseRefund(body));
           PEONY_TRY(auto answer, svc->Refund(CallerOf(req, rc), id, in, idem));
           return AnswerResponse(answer);
         }});
}

}  // namespace peony::http::api
