// Orders and payments (CARD-1, CARD-4, CARD-5): selling services, products, cards and packages
// with discounts, a coupon, mixed payments, arrears, refunds and staff attribution.
//
// The order header and each payment or refund are records of the catalog entities `order` and
// `payment`, written through the records engine in the same transaction as the module's own rows
// (store.h), so the customer's timeline, lists and rules see them. A card line issues its card
// (cards::Cards::IssueInTx) and a stored-value payment deducts its card (DeductInTx) in that
// same transaction: on any error nothing is written. Invariants: 0 <= refunded <= paid <= total;
// a line's discount never passes the line, the order's reductions never pass its lines.
//
// Concurrency: payments and refunds of one order run under the order's row lock, card changes
// under the card's; card locks are taken last, after every record write, so a transaction holds
// them briefly. Idempotency-Key answers are stored in the change's transaction (cards/
// idempotency.h): the same key creates, pays or refunds once.
//
// Access: the routes check order.create / order.refund / data.order.read; a customer or order
// outside the caller's data.<entity>.read scope answers order.customer_not_found /
// order.not_found, never "forbidden". Records are written with the caller's name but every record
// permission (the order permission decides). Thread-safe; all state is in the database.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/result.h"
#include "common/time_zone.h"
#include "domain/cards/cards.h"
#include "domain/orders/order.h"
#include "platform/records/records.h"
#include "platform/schema/catalog.h"
#include "storage/db.h"

namespace peony::domain::orders {

struct ListQuery {
  std::optional<int64_t> customer_id;
  std::optional<LocalDate> from, to;  // ordered on these days (inclusive) in the org's zone
  int limit = 50;
  std::string cursor;
};

class Orders {
 public:
  // All must outlive the service.
  Orders(storage::Db& db, records::Records& records, schema::CatalogStore& catalog,
         const Clock& clock)
      : db_(db), records_(records), catalog_(catalog), clock_(clock), cards_(db, records, clock) {}

  // POST /api/v1/orders: 201 with OrderJson. Errors: order.invalid, order.unknown_item,
  // order.payments_exceed_total, order.customer_not_found, card.* (card lines, stored-value
  // payments), idempotency.*, and the records' errors.
  Result<cards::Answer> Create(const records::Caller& who, const CreateInput& in,
                               const cards::Idempotency& idem = {});
  // The order as OrderJson. Error: order.not_found.
  Result<boost::json::object> Get(const records::Caller& who, int64_t order_id);
  // {"items":[OrderJson…],"next_cursor"}, newest first. Errors: those of records::List.
  Result<boost::json::object> List(const records::Caller& who, const ListQuery& q);
  // Pays (part of) the arrears: 200 with OrderJson. Errors: order.not_found,
  // order.payments_exceed_total, order.invalid, card.*, idempotency.*.
  Result<cards::Answer> Pay(const records::Caller& who, int64_t order_id, const PayInput& in,
                            const cards::Idempotency& idem = {});
  // Refunds: 200 with OrderJson. A stored-value refund goes back to the card(s) the order was
  // paid with. Errors: order.not_found, order.refund_exceeds_paid (also beyond what the cards
  // paid, for stored value), order.invalid, card.closed, idempotency.*.
  Result<cards::Answer> Refund(const records::Caller& who, int64_t order_id, const RefundInput& in,
                               const cards::Idempotency& idem = {});

 private:
  using Body = std::function<Result<boost::json::value>(storage::Conn&)>;
  // One write transaction with the Idempotency-Key's claim and answer.
  Result<cards::Answer> Run(const records::Caller& who, std::string_view route,
                            const cards::Idempotency& idem, int status, const Body& fn);
  // The record of `entity` when the caller may read it; else `miss`.
  Result<boost::json::object> Visible(const records::Caller& who, const std::string& entity,
                                      int64_t id, Error miss);
  // The order with its record's fields, in `c`; an order without account row is taken over from
  // its record and payment records (inserted when `adopt`). Error: order.not_found.
  Result<Order> Load(storage::Conn& c, int64_t org_id, int64_t order_id, bool lock, bool adopt);
  // Writes payment records, deducts stored-value cards (last) and adds the rows; fills
  // order.payments and paid_fen.
  Status AddPayments(storage::Conn& c, const records::Caller& who, Order& order,
                     const std::vector<PaymentInput>& payments, const std::string& idem_key);
  // `fields` without the keys `entity` has no active field for (fields a template added later
  // may be missing from an older catalog).
  Result<boost::json::object> Known(storage::Conn& c, const std::string& entity,
                                    boost::json::object fields);
  // Mirrors amounts and status into the order record.
  Status MirrorRecord(storage::Conn& c, const records::Caller& who, const Order& order);
  Status Audit(storage::Conn& c, const records::Caller& who, std::string action, int64_t order_id,
               boost::json::object detail);

  storage::Db& db_;
  records::Records& records_;
  schema::CatalogStore& catalog_;
  const Clock& clock_;
  cards::Cards cards_;
};

}  // namespace peony::domain::orders
