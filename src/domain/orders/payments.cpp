// Payments and refunds of orders. Each writes its payment records first and touches cards last
// (their row locks are then held only to the commit). A stored-value refund puts the money back
// on the cards that paid, in the shares of principal and gift they gave, as a top_up ledger entry
// — so every card balance still equals its ledger sum (cards::VerifyLedgers).
#include <algorithm>

#include "domain/cards/errors.h"
#include "domain/cards/store.h"
#include "domain/orders/arithmetic.h"
#include "domain/orders/errors.h"
#include "domain/orders/orders.h"
#include "domain/orders/store.h"

namespace peony::domain::orders {
namespace {

namespace json = boost::json;

}  // namespace

Status Orders::AddPayments(storage::Conn& c, const records::Caller& who, Order& order,
                           const std::vector<PaymentInput>& payments, const std::string& idem_key) {
  const UtcMillis now = clock_.Now();
  const access::Principal acting = internal::Acting(who.principal);
  std::vector<Payment> added;
  for (const auto& in : payments) {
    json::object record{{"order_ref", order.id},           {"customer", order.customer_id},
                        {"method", MethodName(in.method)}, {"amount", in.amount_fen},
                        {"paid_at", FormatRfc3339(now)},   {"kind", "payment"}};
    if (order.branch_id) record["branch_id"] = *order.branch_id;
    if (in.card_id) record["card"] = *in.card_id;
    PEONY_TRY(record, Known(c, "payment", std::move(record)));
    PEONY_TRY(auto created,
              records_.CreateInTx(c, records::Caller{acting, who.ip}, "payment", record, 0));
    Payment p;
    p.id = created.at("id").as_int64();
    p.kind = "payment";
    p.method = std::string(MethodName(in.method));
    p.amount_fen = in.amount_fen;
    p.card_id = in.card_id;
    p.paid_at = now;
    added.push_back(std::move(p));
  }
  // Cards last: DeductInTx takes the card's row lock.
  for (auto& p : added) {
    if (!p.card_id) continue;
    cards::DeductInput d;
    d.amount_fen = p.amount_fen;
    d.customer_id = order.customer_id;
    d.note = "订单 " + order.order_no;
    PEONY_TRY(auto done, cards_.DeductInTx(c, who, *p.card_id, d, idem_key));
    p.card_principal_fen = -done.entry.principal_fen;
    p.card_gift_fen = -done.entry.gift_fen;
  }
  const std::optional<int64_t> actor =
      who.principal.user_id > 0 ? std::optional<int64_t>(who.principal.user_id) : std::nullopt;
  for (auto& p : added) {
    PEONY_CHECK(internal::InsertPayment(c, order.org_id, order.id, p, actor));
    order.paid_fen += p.amount_fen;
    order.payments.push_back(std::move(p));
  }
  return Ok();
}

Result<cards::Answer> Orders::Pay(const records::Caller& who, int64_t order_id, const PayInput& in,
                                  const cards::Idempotency& idem) {
  PEONY_TRY(auto record, Visible(who, "order", order_id, errors::NotFound()));
  (void)record;
  return Run(who, "orders.pay", idem, 200, [&](storage::Conn& c) -> Result<json::value> {
    const UtcMillis now = clock_.Now();
    PEONY_CHECK(internal::LockCards(c, who.principal.org_id, PayingCards(in.payments)));
    PEONY_TRY(auto order, Load(c, who.principal.org_id, order_id, true, true));
    int64_t paying = 0;
    for (const auto& p : in.payments) paying += p.amount_fen;
    if (paying > order.ArrearsFen()) return errors::PaymentsExceedTotal(order.ArrearsFen(), paying);
    PEONY_CHECK(AddPayments(c, who, order, in.payments, idem.key));
    PEONY_CHECK(internal::SaveAmounts(c, order, now));
    order.status = order.ComputedStatus();
    PEONY_CHECK(MirrorRecord(c, who, order));
    PEONY_CHECK(Audit(c, who, "order.pay", order.id,
                      {{"paid_fen", paying}, {"arrears_fen", order.ArrearsFen()}}));
    return json::value(OrderJson(order));
  });
}

Result<cards::Answer> Orders::Refund(const records::Caller& who, int64_t order_id,
                                     const RefundInput& in, const cards::Idempotency& idem) {
  PEONY_TRY(auto record, Visible(who, "order", order_id, errors::NotFound()));
  (void)record;
  return Run(who, "orders.refund", idem, 200, [&](storage::Conn& c) -> Result<json::value> {
    const int64_t org_id = who.principal.org_id;
    const UtcMillis now = clock_.Now();
    PEONY_TRY(auto order, Load(c, org_id, order_id, true, true));
    const int64_t refundable = order.paid_fen - order.refunded_fen;
    if (in.amount_fen > refundable) return errors::RefundExceedsPaid(refundable);

    // The pieces of the refund: one for a plain method; for stored value, the card payments
    // newest first, each up to what it paid and was not yet refunded.
    struct Piece {
      Payment* paid = nullptr;  // the stored-value payment refunded, or null
      int64_t amount = 0;
    };
    std::vector<Piece> pieces;
    if (in.method == Method::kStoredValue) {
      int64_t left = in.amount_fen, capacity = 0;
      for (auto it = order.payments.rbegin(); it != order.payments.rend(); ++it) {
        Payment& p = *it;
        if (p.kind != "payment" || !p.card_id) continue;
        if (in.card_id && *p.card_id != *in.card_id) continue;
        const int64_t room = p.amount_fen - p.refunded_fen;
        capacity += room;
        if (left == 0 || room <= 0) continue;
        pieces.push_back({&p, std::min(room, left)});
        left -= pieces.back().amount;
      }
      if (left > 0) return errors::RefundExceedsPaid(capacity);
    } else {
      pieces.push_back({nullptr, in.amount_fen});
    }
    std::vector<int64_t> refunded_cards;
    for (const auto& piece : pieces) {
      if (piece.paid) refunded_cards.push_back(*piece.paid->card_id);
    }
    PEONY_CHECK(internal::LockCards(c, org_id, std::move(refunded_cards)));

    const access::Principal acting = internal::Acting(who.principal);
    std::vector<Payment> refunds;
    for (const auto& piece : pieces) {
      json::object rec{{"order_ref", order.id},           {"customer", order.customer_id},
                       {"method", MethodName(in.method)}, {"amount", piece.amount},
                       {"paid_at", FormatRfc3339(now)},   {"kind", "refund"}};
      if (order.branch_id) rec["branch_id"] = *order.branch_id;
      if (piece.paid) rec["card"] = *piece.paid->card_id;
      if (!in.reason.empty()) rec["note"] = in.reason;
      PEONY_TRY(rec, Known(c, "payment", std::move(rec)));
      PEONY_TRY(auto created,
                records_.CreateInTx(c, records::Caller{acting, who.ip}, "payment", rec, 0));
      Payment r;
      r.id = created.at("id").as_int64();
      r.kind = "refund";
      r.method = std::string(MethodName(in.method));
      r.amount_fen = piece.amount;
      r.reason = in.reason;
      r.paid_at = now;
      if (piece.paid) r.card_id = piece.paid->card_id;
      refunds.push_back(std::move(r));
    }
    // Cards last. What goes back follows what the payment took: the share of the refunded
    // amount, cumulatively rounded so a full refund returns exactly what was taken.
    for (size_t i = 0; i < pieces.size(); ++i) {
      Payment* paid = pieces[i].paid;
      if (!paid) continue;
      const int64_t before = paid->refunded_fen, after = before + pieces[i].amount;
      const int64_t taken = paid->card_principal_fen + paid->card_gift_fen;
      const int64_t back =
          Prorate(taken, after, paid->amount_fen) - Prorate(taken, before, paid->amount_fen);
      const int64_t gift = Prorate(paid->card_gift_fen, after, paid->amount_fen) -
                           Prorate(paid->card_gift_fen, before, paid->amount_fen);
      const int64_t principal = back - gift;
      PEONY_TRY(auto loaded, cards::internal::LoadCard(c, org_id, *paid->card_id, true));
      if (!loaded) return cards::errors::NotFound();
      cards::Card& card = *loaded;
      if (card.Closed()) return cards::errors::Closed(card.status);
      card.balance_fen += principal;
      card.gift_balance_fen += gift;
      PEONY_CHECK(cards::internal::SaveCard(c, card, {}, now));
      cards::LedgerEntry e =
          cards::internal::NewEntry("top_up", who.principal, now, "订单退款 " + order.order_no);
      e.principal_fen = principal;
      e.gift_fen = gift;
      PEONY_CHECK(cards::internal::AppendEntry(c, org_id, card.id, e, idem.key));
      refunds[i].card_principal_fen = principal;
      refunds[i].card_gift_fen = gift;
      paid->refunded_fen = after;
      PEONY_CHECK(internal::SavePaymentRefunded(c, *paid));
    }
    const std::optional<int64_t> actor =
        who.principal.user_id > 0 ? std::optional<int64_t>(who.principal.user_id) : std::nullopt;
    for (auto& r : refunds) {
      PEONY_CHECK(internal::InsertPayment(c, org_id, order.id, r, actor));
      order.payments.push_back(std::move(r));
    }
    order.refunded_fen += in.amount_fen;
    PEONY_CHECK(internal::SaveAmounts(c, order, now));
    order.status = order.ComputedStatus();
    PEONY_CHECK(MirrorRecord(c, who, order));
    PEONY_CHECK(Audit(c, who, "order.refund", order.id,
                      {{"amount_fen", in.amount_fen}, {"method", MethodName(in.method)}}));
    return json::value(OrderJson(order));
  });
}

}  // namespace peony::domain::orders
