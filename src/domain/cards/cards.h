// Cards (CARD-2, CARD-3): count, package, stored-value and time cards with an append-only ledger.
//
// A card is a record of the catalog entity `card` (customer, kind, status, valid_until, card_no…),
// created through the records engine in the same transaction as the card's own rows: balances and
// sessions in card_accounts / card_sessions and every change as a card_ledger entry (issue,
// deduct, top_up, refund, transfer_in, transfer_out, freeze, unfreeze). Invariants: balances and
// sessions never go below zero, and each equals the sum of its ledger entries (VerifyLedgers).
//
// Every change of a card runs under the card's row lock (SELECT … FOR UPDATE on PostgreSQL, the
// single writer on SQLite), so parallel deductions never overdraw. Operations taking an
// Idempotency (key + request hash) store their answer in the same transaction, so the same key
// changes the card once and answers the first answer again (idempotency.h).
//
// Access: the routes check card.issue / card.deduct / card.manage; a card (and a customer) the
// caller may not read under data.card.read / data.customer.read and its data scope answers
// card.not_found (card.customer_not_found), never "forbidden", so ids cannot be probed. The card
// record itself is written with the caller's name but every record permission (the card
// permission decides).
//
// Thread-safe; all state is in the database.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/cards/card.h"
#include "domain/cards/idempotency.h"
#include "platform/records/records.h"
#include "storage/db.h"

namespace peony::domain::cards {

// The answer to a request as the API sends it. replayed: the stored answer of an earlier request
// with the same Idempotency-Key.
struct Answer {
  int status = 200;
  boost::json::value body;
  bool replayed = false;
};

// A card issued inside a caller's transaction.
struct Issued {
  Card card;
  std::vector<LedgerEntry> entries;
};

// A deduction made inside a caller's transaction: the card after it and the new entry.
struct Deducted {
  Card card;
  LedgerEntry entry;
  LocalDate today;  // the organisation's date when it was made
};

class Cards {
 public:
  // All must outlive the service.
  Cards(storage::Db& db, records::Records& records, const Clock& clock)
      : db_(db), records_(records), clock_(clock) {}

  // POST /api/v1/cards: 201 with the card (CardJson with its ledger). Errors: card.invalid,
  // card.unknown_service, card.customer_not_found, idempotency.*, and the record's errors.
  Result<Answer> Issue(const records::Caller& who, const IssueInput& in,
                       const Idempotency& idem = {});
  // The card with its ledger. Error: card.not_found.
  Result<boost::json::object> Get(const records::Caller& who, int64_t card_id);
  // The customer's cards (without ledgers), newest first. Error: card.customer_not_found.
  Result<boost::json::array> ListForCustomer(const records::Caller& who, int64_t customer_id);

  // The changes of a card answer 200 {"card": CardJson, "entry": the new ledger entry} (transfer:
  // {"card","entry","new_card"}; refund: {"card","entries","refunded_fen"}).
  // Errors of all: card.not_found, card.closed, idempotency.*; and:
  //   Deduct: card.frozen, card.expired, card.insufficient_sessions, card.insufficient_balance,
  //     card.service_not_on_card, card.wrong_kind, card.wrong_customer.
  //   TopUp: card.frozen, card.expired (unless valid_until renews it), card.wrong_kind,
  //     card.unknown_service, card.invalid.
  //   Freeze: card.frozen (already). Unfreeze: card.not_frozen.
  //   Transfer: card.frozen, card.expired, card.customer_not_found, card.invalid (same customer).
  //   Refund: card.insufficient_balance (amount above the principal).
  Result<Answer> Deduct(const records::Caller& who, int64_t card_id, const DeductInput& in,
                        const Idempotency& idem = {});
  Result<Answer> TopUp(const records::Caller& who, int64_t card_id, const TopUpInput& in,
                       const Idempotency& idem = {});
  Result<Answer> Freeze(const records::Caller& who, int64_t card_id, const NoteInput& in,
                        const Idempotency& idem = {});
  Result<Answer> Unfreeze(const records::Caller& who, int64_t card_id, const NoteInput& in,
                          const Idempotency& idem = {});
  Result<Answer> Transfer(const records::Caller& who, int64_t card_id, const TransferInput& in,
                          const Idempotency& idem = {});
  Result<Answer> Refund(const records::Caller& who, int64_t card_id, const RefundInput& in,
                        const Idempotency& idem = {});

  // For other domain services inside their own write transaction (orders selling a card, the
  // demo clinic, treatments deducting a session). No scope check on the customer or card: the
  // caller decides who may act. Errors: as Issue / Deduct.
  Result<Issued> IssueInTx(storage::Conn& c, const records::Caller& who, const IssueInput& in);
  // `idempotency_key` is kept on the ledger entry.
  Result<Deducted> DeductInTx(storage::Conn& c, const records::Caller& who, int64_t card_id,
                              const DeductInput& in, const std::string& idempotency_key = "");

 private:
  // Runs `fn` in one write transaction with the Idempotency-Key's claim and answer.
  using Body = std::function<Result<boost::json::value>(storage::Conn&)>;
  Result<Answer> Run(const records::Caller& who, std::string_view route, const Idempotency& idem,
                     int status, const Body& fn);
  // Freeze (freeze=true) or Unfreeze.
  Result<Answer> SetFrozen(const records::Caller& who, int64_t card_id, const NoteInput& in,
                           const Idempotency& idem, bool freeze);
  // Error card.not_found unless the caller may read the card record.
  Status CheckVisible(const records::Caller& who, int64_t card_id);
  // The customer record when the caller may read it; else card.customer_not_found.
  Result<boost::json::object> VisibleCustomer(const records::Caller& who, int64_t customer_id);
  // Creates the card record and the card's rows (no ledger entries, no checks of the input).
  Result<Card> NewCardInTx(storage::Conn& c, const records::Caller& who, const IssueInput& in,
                           UtcMillis now);
  Status Audit(storage::Conn& c, const records::Caller& who, std::string action, int64_t card_id,
               boost::json::object detail);
  // Mirrors the card's status (and, with `validity`, its valid_until) into its record when it
  // changed, in `c`. The records engine may read the catalog version on another connection, so
  // this is kept out of transactions that hold a card's row lock others queue for (on
  // PostgreSQL the queue could hold every pooled connection): the API's changes call
  // MirrorRecord after their commit instead, in a transaction of its own; a mirror that fails is
  // logged and made good by the card's next change (card_accounts.record_status says what the
  // record shows).
  Status SyncRecord(storage::Conn& c, const records::Caller& who, Card& card,
                    bool validity = false);
  void MirrorRecord(const records::Caller& who, int64_t card_id, bool validity);
  // DeductInTx without the record mirror.
  Result<Deducted> DeductLocked(storage::Conn& c, const records::Caller& who, int64_t card_id,
                                const DeductInput& in, const std::string& idempotency_key);

  storage::Db& db_;
  records::Records& records_;
  const Clock& clock_;
};

// Every mismatch between a card's balances or sessions and the sum of its ledger entries, and
// every negative value, one line each naming the card ("card 12 (K202611220001): balance_fen
// 500 != ledger 400"). Empty when all agree.
Result<std::vector<std::string>> VerifyLedgers(storage::Db& db);

}  // namespace peony::domain::cards
