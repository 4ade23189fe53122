// The vocabulary of the cards module: kinds, the inputs of each operation, a card's state and its
// ledger entries, and their JSON as the API shows them.
//
// Kinds: a count card holds sessions of one service; a package card sessions of several; a
// stored-value card a principal and a gift balance in fen, spent in the card's order (principal or
// gift first) after its discount; a time card lets its services be used until valid_until, with
// or without a limit of sessions. Any card may carry valid_until.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "common/time_zone.h"

namespace peony::domain::cards {

enum class Kind { kCount, kPackage, kStoredValue, kTime };
std::string_view KindName(Kind k);  // "count" | "package" | "stored_value" | "time"
std::optional<Kind> ParseKind(std::string_view s);

enum class SpendOrder { kPrincipalFirst, kGiftFirst };
std::string_view SpendOrderName(SpendOrder o);  // "principal_first" | "gift_first"
std::optional<SpendOrder> ParseSpendOrder(std::string_view s);

// Named limits of the inputs.
inline constexpr int64_t kMaxFen = 100'000'000'000;  // one billion yuan
inline constexpr int64_t kMaxSessions = 10'000;
inline constexpr size_t kMaxItems = 50;
inline constexpr size_t kMaxNote = 500;  // code points

// Sessions of one service; nullopt sessions: unlimited (time cards only).
struct Item {
  int64_t service_id = 0;
  std::optional<int64_t> sessions;
};

struct IssueInput {
  int64_t customer_id = 0;
  Kind kind = Kind::kCount;
  std::vector<Item> items;
  int64_t balance_fen = 0, gift_balance_fen = 0;
  std::optional<LocalDate> valid_until;
  SpendOrder spend_order = SpendOrder::kPrincipalFirst;
  int discount_pct = 100;  // 1-100: the share of an amount a stored-value card is charged
  std::optional<int64_t> card_product_id;
  std::string note;
};

// Either sessions of a service or an amount (before the card's discount).
struct DeductInput {
  std::optional<int64_t> service_id;
  int64_t sessions = 1;
  std::optional<int64_t> amount_fen;
  std::optional<int64_t> customer_id;  // when given, the card must be this customer's
  std::string note;
};

// Stored-value cards: amount_fen / gift_fen; session cards: items (added to the card's).
// valid_until, when given, moves the card's validity (an expired card can be renewed so).
struct TopUpInput {
  int64_t amount_fen = 0, gift_fen = 0;
  std::vector<Item> items;
  std::optional<LocalDate> valid_until;
  std::string note;
};

// The whole card moves: a new card for the other customer takes what is left.
struct TransferInput {
  int64_t to_customer_id = 0;
  std::string note;
};

// amount_fen: a partial refund of the principal (the card stays); absent: the card is closed,
// its principal refunded and its gift balance and sessions forfeited.
struct RefundInput {
  std::optional<int64_t> amount_fen;
  std::string note;
};

struct NoteInput {
  std::string note;
};

// Parsers of the API bodies: type and range checks, unknown keys refused. Error: card.invalid
// (details.fields names every failing key).
Result<IssueInput> ParseIssue(const boost::json::object& o);
Result<DeductInput> ParseDeduct(const boost::json::object& o);
Result<TopUpInput> ParseTopUp(const boost::json::object& o);
Result<TransferInput> ParseTransfer(const boost::json::object& o);
Result<RefundInput> ParseRefund(const boost::json::object& o);
Result<NoteInput> ParseNote(const boost::json::object& o);

// The rules of a kind (count: one limited item; package: limited items; stored value: no items;
// time: valid_until and items, limited or not; balances only on stored-value cards; services not
// repeated). Error: card.invalid.
Status CheckIssue(const IssueInput& in);

struct SessionsLeft {
  int64_t service_id = 0;
  std::optional<int64_t> total;  // nullopt: unlimited
  std::optional<int64_t> left;   // nullopt: unlimited
};

struct Card {
  int64_t id = 0, org_id = 0, customer_id = 0;
  std::optional<int64_t> branch_id;
  std::string card_no;
  Kind kind = Kind::kCount;
  std::string status;  // stored: active | frozen | refunded | transferred
  std::string record_status;
  std::optional<LocalDate> valid_until;
  int64_t balance_fen = 0, gift_balance_fen = 0;
  SpendOrder spend_order = SpendOrder::kPrincipalFirst;
  int discount_pct = 100;
  std::optional<int64_t> transferred_to;
  UtcMillis created_at = 0, updated_at = 0;
  int64_t version = 0;
  std::vector<SessionsLeft> sessions;

  bool Closed() const { return status == "refunded" || status == "transferred"; }
  bool ExpiredOn(const LocalDate& today) const { return valid_until && today > *valid_until; }
  // Count and package cards whose limited sessions are all used.
  bool UsedUp() const;
  // What people see: frozen / refunded / transferred as stored; else expired past valid_until,
  // used_up, or active.
  std::string EffectiveStatus(const LocalDate& today) const;
  // The status the card record shows (the choices of the entity's status field): as
  // EffectiveStatus but without expiry, which no write marks.
  std::string RecordStatus() const;
};

struct LedgerEntry {
  int64_t id = 0;
  std::string kind;  // issue | deduct | top_up | refund | transfer_in | transfer_out | freeze |
                     // unfreeze | adjust
  std::optional<int64_t> service_id;
  int64_t sessions = 0, principal_fen = 0, gift_fen = 0;  // signed changes
  std::optional<int64_t> amount_fen;                      // deduct by amount: before discount
  std::optional<int64_t> counterpart_card_id;             // transfers
  std::optional<int64_t> actor_id;
  std::string actor;
  UtcMillis at = 0;
  std::string note;
};

boost::json::object EntryJson(const LedgerEntry& e);
// {"id","card_no","customer_id","branch_id","kind","status","valid_until","balance_fen",
// "gift_balance_fen","spend_order","discount_pct","sessions_left":[{"service_id","sessions",
// "total","unlimited"}],"transferred_to","created_at","updated_at","version"} and, when given,
// "ledger": the entries oldest first.
boost::json::object CardJson(const Card& card, const LocalDate& today,
                             const std::vector<LedgerEntry>* ledger = nullptr);

}  // namespace peony::domain::cards
