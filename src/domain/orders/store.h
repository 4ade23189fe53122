// Internal to the orders module: the SQL of order_accounts, order_lines, order_line_staff and
// order_payments, and the principals orders act and read as. Callers hold the transaction;
// LoadOrder with lock=true takes the order's row lock (PostgreSQL: SELECT … FOR UPDATE; SQLite:
// the single writer already serialises), so payments and refunds of one order are a
// read-modify-write under that lock.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "common/time_zone.h"
#include "domain/cards/store.h"
#include "domain/orders/order.h"
#include "platform/access/principal.h"
#include "storage/db.h"

namespace peony::domain::orders::internal {

// The principal order and payment records are written as (the caller's name and ids with every
// record permission: order.create / order.refund decide who may act) and the read-only principal
// that checks visibility: the cards module's (domain/cards/store.h).
using cards::internal::Acting;
using cards::internal::ReaderOf;

// The organisation's time zone (orgs.time_zone; Asia/Shanghai when unknown).
Result<TimeZone> ZoneOf(storage::Conn& c, int64_t org_id);
// True when the user is an active user of the organisation.
Result<bool> IsUser(storage::Conn& c, int64_t org_id, int64_t user_id);

// The order's accounts, lines (with staff) and payments, oldest first; nullopt when the order has
// no account row (an order written as a bare record, e.g. by the demo clinic). Record-held fields
// (order_no, contract_no, note, consultant) are left empty.
Result<std::optional<Order>> LoadOrder(storage::Conn& c, int64_t org_id, int64_t order_id,
                                       bool lock);
// Inserts the account row and every line with its staff (fills line ids).
Status InsertOrder(storage::Conn& c, Order& o, UtcMillis now);
// Writes paid_fen and refunded_fen, bumping version and updated_at.
Status SaveAmounts(storage::Conn& c, const Order& o, UtcMillis now);
// Inserts a payment or refund row.
Status InsertPayment(storage::Conn& c, int64_t org_id, int64_t order_id, const Payment& p,
                     std::optional<int64_t> actor_id);
// Takes the row locks of the cards (ascending ids, each once) before the transaction writes any
// record: record writes take the audit chain's head lock and the cards service takes a card's lock
// before it, so an order must not hold the head while it waits for a card (PostgreSQL would abort
// one of the two as a deadlock). Unknown ids are skipped (the deduction reports them).
Status LockCards(storage::Conn& c, int64_t org_id, std::vector<int64_t> card_ids);
// Sets a payment's refunded part.
Status SavePaymentRefunded(storage::Conn& c, const Payment& p);

}  // namespace peony::domain::orders::internal
