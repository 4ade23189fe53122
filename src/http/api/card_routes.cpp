// /api/v1/cards*: issuing cards, reading them with their ledger, and every change of balance,
// sessions or status (domain/cards/cards.h). Each POST takes an optional Idempotency-Key header:
// the same key with the same request changes the card once and answers the first answer again
// (with "Idempotent-Replayed: true"); with another request it is 422 idempotency.key_reused.
#include <charconv>
#include <memory>

#include "domain/cards/cards.h"
#include "domain/cards/errors.h"
#include "http/api/api.h"
#include "http/api/idempotency.h"
#include "http/api/paging.h"
#include "http/json_body.h"

namespace peony::http::api {
namespace {

namespace json = boost::json;
namespace cards = domain::cards;

// The {id} segment; anything but a positive integer is a card that does not exist.
Result<int64_t> CardId(const RequestContext& rc) {
  auto id = ParseId(rc.Param("id"));
  if (!id) return cards::errors::NotFound();
  return *id;
}

// The body as an object; an empty body is {} (freeze, unfreeze, full refund need none).
Result<json::object> Body(const Request& req) {
  if (req.body.empty()) return json::object();
  return ParseJsonObject(req);
}

constexpr const char* kEntrySchema = R"J({"type":"object","properties":{
 "id":{"type":"integer"},
 "kind":{"type":"string","enum":["issue","deduct","top_up","refund","transfer_in","transfer_out","freeze","unfreeze","adjust"]},
 "service_id":{"type":"integer","nullable":true},
 "sessions":{"type":"integer","description":"change of the sessions left (signed)"},
 "principal_fen":{"type":"integer","description":"change of the principal balance (signed)"},
 "gift_fen":{"type":"integer","description":"change of the gift balance (signed)"},
 "amount_fen":{"type":"integer","nullable":true,"description":"deduct by amount: the amount before the card's discount"},
 "counterpart_card_id":{"type":"integer","nullable":true,"description":"transfers: the other card"},
 "actor_id":{"type":"integer","nullable":true},"actor":{"type":"string"},
 "at":{"type":"string","format":"date-time"},"note":{"type":"string"}}})J";

std::string CardSchema(bool with_ledger) {
  std::string s = R"J({"type":"object","properties":{
 "id":{"type":"integer","description":"the id of the card record (entity card)"},
 "card_no":{"type":"string"},"customer_id":{"type":"integer"},
 "branch_id":{"type":"integer","nullable":true},
 "kind":{"type":"string","enum":["count","package","stored_value","time"]},
 "status":{"type":"string","enum":["active","frozen","expired","used_up","refunded","transferred"]},
 "valid_until":{"type":"string","format":"date","nullable":true},
 "balance_fen":{"type":"integer"},"gift_balance_fen":{"type":"integer"},
 "spend_order":{"type":"string","enum":["principal_first","gift_first"]},
 "discount_pct":{"type":"integer","description":"1-100: the share of an amount the card is charged"},
 "sessions_left":{"type":"array","items":{"type":"object","properties":{
   "service_id":{"type":"integer"},
   "sessions":{"type":"integer","nullable":true,"description":"null: unlimited"},
   "total":{"type":"integer","nullable":true},"unlimited":{"type":"boolean"}}}},
 "transferred_to":{"type":"integer","nullable":true},
 "created_at":{"type":"string","format":"date-time"},
 "updated_at":{"type":"string","format":"date-time"},
 "version":{"type":"integer"})J";
  if (with_ledger) {
    s += std::string(R"J(,"ledger":{"type":"array","description":"oldest first","items":)J") +
         kEntrySchema + "}";
  }
  return s + "}}";
}

std::string ChangeSchema(std::string_view extra = "") {
  return std::string(R"J({"type":"object","properties":{"card":)J") + CardSchema(false) +
         R"J(,"entry":)J" + kEntrySchema + R"J(,"entries":{"type":"array","items":)J" +
         kEntrySchema + "}" + std::string(extra) + "}}";
}

constexpr const char* kItemsSchema = R"J({"type":"array","maxItems":50,"items":{"type":"object",
 "required":["service_id"],"properties":{"service_id":{"type":"integer","minimum":1},
 "sessions":{"type":"integer","minimum":1,"maximum":10000,"description":"omit on a time card for unlimited use"}}}})J";

const std::vector<std::string> kCommonErrors = {
    "card.not_found",          "card.invalid",           "card.closed",
    "idempotency.invalid_key", "idempotency.key_reused", "request.invalid_json"};

std::vector<std::string> Errors(std::initializer_list<std::string> more) {
  std::vector<std::string> out = kCommonErrors;
  out.insert(out.end(), more);
  return out;
}

}  // namespace

void AddCardRoutes(Router& r, ApiContext& ctx) {
  // The service holds only references; the OpenAPI listing passes a context without a database.
  std::shared_ptr<cards::Cards> svc;
  if (ctx.db && ctx.records && ctx.clock) {
    svc = std::make_shared<cards::Cards>(*ctx.db, *ctx.records, *ctx.clock);
  }

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/cards",
         .summary = "Issue a card with an opening balance or sessions (moving from another "
                    "system, or a card sold outside an order); audited",
         .tag = "cards",
         .permission = "card.issue",
         .request_schema = std::string(R"J({"type":"object","required":["customer_id","kind"],
 "properties":{"customer_id":{"type":"integer"},
 "kind":{"type":"string","enum":["count","package","stored_value","time"]},
 "items":)J") + kItemsSchema +
                           R"J(,
 "balance_fen":{"type":"integer","minimum":0,"description":"stored-value cards only"},
 "gift_balance_fen":{"type":"integer","minimum":0,"description":"stored-value cards only"},
 "valid_until":{"type":"string","format":"date","description":"required on time cards"},
 "spend_order":{"type":"string","enum":["principal_first","gift_first"],"default":"principal_first"},
 "discount_pct":{"type":"integer","minimum":1,"maximum":100,"default":100},
 "card_product_id":{"type":"integer"},"note":{"type":"string","maxLength":500}}})J",
         .response_schema = CardSchema(true),
         .success_status = 201,
         .error_codes = Errors({"card.customer_not_found", "card.unknown_service"}),
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto idem, IdempotencyOf(req));
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto in, cards::ParseIssue(body));
           PEONY_TRY(auto answer, svc->Issue(CallerOf(req, rc), in, idem));
           return AnswerResponse(answer);
         }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/cards",
         .summary = "The cards of one customer (without ledgers), newest first",
         .tag = "cards",
         .permission = "data.card.read",
         .query = {{"customer_id", "integer", "the customer", true}},
         .response_schema =
             std::string(R"J({"type":"object","properties":{"items":{"type":"array","items":)J") +
             CardSchema(false) + "}}}",
         .error_codes = {"card.customer_not_found", "card.invalid"},
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           auto v = req.Query("customer_id");
           auto id = v ? ParseId(*v) : std::nullopt;
           if (!id) return cards::errors::Invalid("customer_id", "a positive integer, required");
           PEONY_TRY(auto items, svc->ListForCustomer(CallerOf(req, rc), *id));
           return JsonResponse(200, json::object{{"items", std::move(items)}});
         }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/cards/{id}",
         .summary = "A card with its sessions left, balances, status and whole ledger",
         .tag = "cards",
         .permission = "data.card.read",
         .response_schema = CardSchema(true),
         .error_codes = {"card.not_found"},
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, CardId(rc));
           PEONY_TRY(auto card, svc->Get(CallerOf(req, rc), id));
           return JsonResponse(200, card);
         }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/cards/{id}/deduct",
         .summary = "Deduct sessions of a service, or an amount (charged after the card's "
                    "discount, from principal and gift in the card's spending order)",
         .tag = "cards",
         .permission = "card.deduct",
         .request_schema = R"J({"type":"object","properties":{
 "service_id":{"type":"integer","description":"with sessions; or amount_fen"},
 "sessions":{"type":"integer","minimum":1,"default":1},
 "amount_fen":{"type":"integer","minimum":1,"description":"stored-value cards: the amount before discount"},
 "customer_id":{"type":"integer","description":"when given, the card must be this customer's"},
 "note":{"type":"string","maxLength":500}}})J",
         .response_schema = ChangeSchema(),
         .error_codes = Errors({"card.insufficient_sessions", "card.insufficient_balance",
                                "card.expired", "card.frozen", "card.service_not_on_card",
                                "card.wrong_kind", "card.wrong_customer"}),
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, CardId(rc));
           PEONY_TRY(auto idem, IdempotencyOf(req));
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto in, cards::ParseDeduct(body));
           PEONY_TRY(auto answer, svc->Deduct(CallerOf(req, rc), id, in, idem));
           return AnswerResponse(answer);
         }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/cards/{id}/top-up",
         .summary = "Top up: an amount and gift on a stored-value card, sessions on a count, "
                    "package or time card; valid_until renews the validity",
         .tag = "cards",
         .permission = "card.manage",
         .request_schema = std::string(R"J({"type":"object","properties":{
 "amount_fen":{"type":"integer","minimum":0},"gift_fen":{"type":"integer","minimum":0},
 "items":)J") + kItemsSchema +
                           R"J(,
 "valid_until":{"type":"string","format":"date"},"note":{"type":"string","maxLength":500}}})J",
         .response_schema = ChangeSchema(),
         .error_codes = Errors({"card.frozen", "card.expired", "card.wrong_kind",
                                "card.unknown_service", "card.service_not_on_card"}),
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, CardId(rc));
           PEONY_TRY(auto idem, IdempotencyOf(req));
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto in, cards::ParseTopUp(body));
           PEONY_TRY(auto answer, svc->TopUp(CallerOf(req, rc), id, in, idem));
           return AnswerResponse(answer);
         }});

  const std::string note_schema =
      R"J({"type":"object","properties":{"note":{"type":"string","maxLength":500}}})J";
  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/cards/{id}/freeze",
         .summary = "Freeze a card: no deductions, top-ups or transfers until unfrozen",
         .tag = "cards",
         .permission = "card.manage",
         .request_schema = note_schema,
         .response_schema = ChangeSchema(),
         .error_codes = Errors({"card.frozen"}),
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, CardId(rc));
           PEONY_TRY(auto idem, IdempotencyOf(req));
           PEONY_TRY(auto body, Body(req));
           PEONY_TRY(auto in, cards::ParseNote(body));
           PEONY_TRY(auto answer, svc->Freeze(CallerOf(req, rc), id, in, idem));
           return AnswerResponse(answer);
         }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/cards/{id}/unfreeze",
         .summary = "Unfreeze a frozen card",
         .tag = "cards",
         .permission = "card.manage",
         .request_schema = note_schema,
         .response_schema = ChangeSchema(),
         .error_codes = Errors({"card.not_frozen"}),
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, CardId(rc));
           PEONY_TRY(auto idem, IdempotencyOf(req));
           PEONY_TRY(auto body, Body(req));
           PEONY_TRY(auto in, cards::ParseNote(body));
           PEONY_TRY(auto answer, svc->Unfreeze(CallerOf(req, rc), id, in, idem));
           return AnswerResponse(answer);
         }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/cards/{id}/transfer",
         .summary = "Transfer the card to another customer: a new card takes every session and "
                    "balance left; this one is closed as transferred",
         .tag = "cards",
         .permission = "card.manage",
         .request_schema = R"J({"type":"object","required":["to_customer_id"],"properties":{
 "to_customer_id":{"type":"integer"},"note":{"type":"string","maxLength":500}}})J",
         .response_schema = ChangeSchema(R"J(,"new_card":)J" + CardSchema(true)),
         .error_codes = Errors({"card.frozen", "card.expired", "card.customer_not_found"}),
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, CardId(rc));
           PEONY_TRY(auto idem, IdempotencyOf(req));
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto in, cards::ParseTransfer(body));
           PEONY_TRY(auto answer, svc->Transfer(CallerOf(req, rc), id, in, idem));
           return AnswerResponse(answer);
         }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/cards/{id}/refund",
         .summary = "Refund: amount_fen pays back part of a stored-value card's principal; "
                    "without it the card is closed, its principal paid back and its gift "
                    "balance and sessions forfeited",
         .tag = "cards",
         .permission = "card.manage",
         .request_schema = R"J({"type":"object","properties":{
 "amount_fen":{"type":"integer","minimum":1},"note":{"type":"string","maxLength":500}}})J",
         .response_schema = ChangeSchema(
             R"J(,"refunded_fen":{"type":"integer","description":"principal paid back"})J"),
         .error_codes = Errors({"card.insufficient_balance", "card.wrong_kind"}),
         .handler = [svc](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, CardId(rc));
           PEONY_TRY(auto idem, IdempotencyOf(req));
           PEONY_TRY(auto body, Body(req));
           PEONY_TRY(auto in, cards::ParseRefund(body));
           PEONY_TRY(auto answer, svc->Refund(CallerOf(req, rc), id, in, idem));
           return AnswerResponse(answer);
         }});
}

}  // namespace peony::http::api
