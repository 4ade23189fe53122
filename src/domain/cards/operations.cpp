// The changes of an existing card: deduct, top up, freeze, unfreeze, refund. Each loads the card
// under its row lock, checks its state, changes it in memory, then writes the card, its ledger
// entries and (when its status changed) its record, all in the caller's transaction.
#include <boost/json/array.hpp>
#include <set>

#include "domain/cards/cards.h"
#include "domain/cards/errors.h"
#include "domain/cards/store.h"

namespace peony::domain::cards {
namespace {

namespace json = boost::json;

SessionsLeft* FindItem(Card& card, int64_t service_id) {
  for (auto& s : card.sessions) {
    if (s.service_id == service_id) return &s;
  }
  return nullptr;
}

// Refuses changes to a card that is closed, frozen or (unless `allow_expired`) past its validity.
Status CheckUsable(const Card& card, const LocalDate& today) {
  if (card.Closed()) return errors::Closed(card.status);
  if (card.status == "frozen") return errors::Frozen();
  if (card.ExpiredOn(today)) return errors::Expired(FormatDate(*card.valid_until));
  return Ok();
}

json::value ChangeBody(const Card& card, const LocalDate& today,
                       const std::vector<LedgerEntry>& entries) {
  json::array list;
  for (const auto& e : entries) list.push_back(EntryJson(e));
  return json::object{{"card", CardJson(card, today)},
                      {"entry", entries.empty() ? json::value(nullptr) : EntryJson(entries.back())},
                      {"entries", std::move(list)}};
}

}  // namespace

Result<Deducted> Cards::DeductInTx(storage::Conn& c, const records::Caller& who, int64_t card_id,
                                   const DeductInput& in, const std::string& idempotency_key) {
  PEONY_TRY(auto done, DeductLocked(c, who, card_id, in, idempotency_key));
  PEONY_CHECK(SyncRecord(c, who, done.card));
  return done;
}

Result<Deducted> Cards::DeductLocked(storage::Conn& c, const records::Caller& who, int64_t card_id,
                                     const DeductInput& in, const std::string& idempotency_key) {
  const int64_t org_id = who.principal.org_id;
  const UtcMillis now = clock_.Now();
  PEONY_TRY(auto loaded, internal::LoadCard(c, org_id, card_id, true));
  if (!loaded) return errors::NotFound();
  Card& card = *loaded;
  PEONY_TRY(auto today, internal::Today(c, org_id, now));
  PEONY_CHECK(CheckUsable(card, today));
  if (in.customer_id && *in.customer_id != card.customer_id) return errors::WrongCustomer();

  LedgerEntry e = internal::NewEntry("deduct", who.principal, now, in.note);
  std::set<int64_t> services;
  if (in.service_id) {
    if (card.kind == Kind::kStoredValue) return errors::WrongKind(KindName(card.kind));
    if (in.sessions < 1 || in.sessions > kMaxSessions) {
      return errors::Invalid("sessions", "must be from 1 to " + std::to_string(kMaxSessions));
    }
    SessionsLeft* item = FindItem(card, *in.service_id);
    if (!item) return errors::ServiceNotOnCard(*in.service_id);
    if (item->left) {
      if (*item->left < in.sessions) return errors::InsufficientSessions(*item->left);
      *item->left -= in.sessions;
    }
    services.insert(*in.service_id);
    e.service_id = *in.service_id;
    e.sessions = -in.sessions;
  } else if (in.amount_fen) {
    if (card.kind != Kind::kStoredValue) return errors::WrongKind(KindName(card.kind));
    if (*in.amount_fen < 1 || *in.amount_fen > kMaxFen) {
      return errors::Invalid("amount_fen", "must be from 1 to " + std::to_string(kMaxFen));
    }
    // The card's discount, rounded half up to the fen.
    const int64_t charge = (*in.amount_fen * card.discount_pct + 50) / 100;
    const int64_t available = card.balance_fen + card.gift_balance_fen;
    if (charge > available) return errors::InsufficientBalance(available);
    int64_t& first =
        card.spend_order == SpendOrder::kGiftFirst ? card.gift_balance_fen : card.balance_fen;
    int64_t& second =
        card.spend_order == SpendOrder::kGiftFirst ? card.balance_fen : card.gift_balance_fen;
    const int64_t from_first = std::min(first, charge);
    first -= from_first;
    second -= charge - from_first;
    const bool gift_first = card.spend_order == SpendOrder::kGiftFirst;
    e.principal_fen = -(gift_first ? charge - from_first : from_first);
    e.gift_fen = -(gift_first ? from_first : charge - from_first);
    e.amount_fen = *in.amount_fen;
  } else {
    return errors::Invalid("service_id", "give either service_id and sessions or amount_fen");
  }
  PEONY_CHECK(internal::SaveCard(c, card, services, now));
  PEONY_CHECK(internal::AppendEntry(c, org_id, card.id, e, idempotency_key));
  return Deducted{std::move(card), std::move(e), today};
}

Result<Answer> Cards::Deduct(const records::Caller& who, int64_t card_id, const DeductInput& in,
                             const Idempotency& idem) {
  PEONY_CHECK(CheckVisible(who, card_id));
  bool mirror = false;  // the record must show a new status
  PEONY_TRY(auto answer,
            Run(who, "cards.deduct", idem, 200, [&](storage::Conn& c) -> Result<json::value> {
              PEONY_TRY(auto done, DeductLocked(c, who, card_id, in, idem.key));
              mirror = done.card.RecordStatus() != done.card.record_status;
              return ChangeBody(done.card, done.today, {done.entry});
            }));
  if (!answer.replayed && mirror) MirrorRecord(who, card_id, false);
  return answer;
}

Result<Answer> Cards::TopUp(const records::Caller& who, int64_t card_id, const TopUpInput& in,
                            const Idempotency& idem) {
  PEONY_CHECK(CheckVisible(who, card_id));
  const int64_t org_id = who.principal.org_id;
  bool mirror = false;  // the record must show a new status
  PEONY_TRY(auto answer,
            Run(who, "cards.top_up", idem, 200, [&](storage::Conn& c) -> Result<json::value> {
              const UtcMillis now = clock_.Now();
              PEONY_TRY(auto loaded, internal::LoadCard(c, org_id, card_id, true));
              if (!loaded) return errors::NotFound();
              Card& card = *loaded;
              PEONY_TRY(auto today, internal::Today(c, org_id, now));
              if (in.valid_until) {
                if (*in.valid_until < today) return errors::Invalid("valid_until", "in the past");
                card.valid_until = in.valid_until;
              }
              PEONY_CHECK(CheckUsable(card, today));
              const bool money = in.amount_fen > 0 || in.gift_fen > 0;
              if (card.kind == Kind::kStoredValue ? !in.items.empty() : money) {
                return errors::WrongKind(KindName(card.kind));
              }
              std::vector<LedgerEntry> entries;
              std::set<int64_t> services;
              for (size_t i = 0; i < in.items.size(); ++i) {
                const Item& item = in.items[i];
                const std::string at = "items[" + std::to_string(i) + "]";
                PEONY_TRY(auto service, records_.ReadInTx(c, org_id, "service", item.service_id));
                if (!service) return errors::UnknownService(at + ".service_id");
                SessionsLeft* have = FindItem(card, item.service_id);
                if (!have && card.kind == Kind::kCount)
                  return errors::ServiceNotOnCard(item.service_id);
                if (have && !have->left)
                  return errors::Invalid(at + ".sessions", "already unlimited");
                const int64_t n = item.sessions.value_or(0);
                if (have) {
                  if (*have->left + n > kMaxSessions || *have->total + n > kMaxSessions) {
                    return errors::Invalid(at + ".sessions", "too many sessions on the card");
                  }
                  *have->left += n;
                  *have->total += n;
                } else {
                  card.sessions.push_back({item.service_id, n, n});
                }
                services.insert(item.service_id);
                LedgerEntry e = internal::NewEntry("top_up", who.principal, now, in.note);
                e.service_id = item.service_id;
                e.sessions = n;
                entries.push_back(std::move(e));
              }
              if (money) {
                if (card.balance_fen + in.amount_fen > kMaxFen ||
                    card.gift_balance_fen + in.gift_fen > kMaxFen) {
                  return errors::Invalid("amount_fen", "the balance would pass the limit");
                }
                card.balance_fen += in.amount_fen;
                card.gift_balance_fen += in.gift_fen;
                LedgerEntry e = internal::NewEntry("top_up", who.principal, now, in.note);
                e.principal_fen = in.amount_fen;
                e.gift_fen = in.gift_fen;
                entries.push_back(std::move(e));
              }
              if (entries.empty()) {  // only the validity moved
                entries.push_back(internal::NewEntry(
                    "top_up", who.principal, now,
                    in.note.empty() ? "valid_until " + FormatDate(*card.valid_until) : in.note));
              }
              PEONY_CHECK(internal::SaveCard(c, card, services, now));
              for (auto& e : entries)
                PEONY_CHECK(internal::AppendEntry(c, org_id, card.id, e, idem.key));
              PEONY_CHECK(Audit(c, who, "card.top_up", card.id,
                                {{"amount_fen", in.amount_fen}, {"gift_fen", in.gift_fen}}));
              mirror = card.RecordStatus() != card.record_status || in.valid_until.has_value();
              return ChangeBody(card, today, entries);
            }));
  if (!answer.replayed && mirror) MirrorRecord(who, card_id, in.valid_until.has_value());
  return answer;
}

Result<Answer> Cards::Freeze(const records::Caller& who, int64_t card_id, const NoteInput& in,
                             const Idempotency& idem) {
  return SetFrozen(who, card_id, in, idem, true);
}

Result<Answer> Cards::Unfreeze(const records::Caller& who, int64_t card_id, const NoteInput& in,
                               const Idempotency& idem) {
  return SetFrozen(who, card_id, in, idem, false);
}

Result<Answer> Cards::SetFrozen(const records::Caller& who, int64_t card_id, const NoteInput& in,
                                const Idempotency& idem, bool freeze) {
  PEONY_CHECK(CheckVisible(who, card_id));
  const int64_t org_id = who.principal.org_id;
  const std::string kind = freeze ? "freeze" : "unfreeze";
  bool mirror = false;  // the record must show a new status
  PEONY_TRY(auto answer,
            Run(who, "cards." + kind, idem, 200, [&](storage::Conn& c) -> Result<json::value> {
              const UtcMillis now = clock_.Now();
              PEONY_TRY(auto loaded, internal::LoadCard(c, org_id, card_id, true));
              if (!loaded) return errors::NotFound();
              Card& card = *loaded;
              if (card.Closed()) return errors::Closed(card.status);
              if (freeze && card.status == "frozen") return errors::Frozen();
              if (!freeze && card.status != "frozen") return errors::NotFrozen();
              card.status = freeze ? "frozen" : "active";
              PEONY_CHECK(internal::SaveCard(c, card, {}, now));
              LedgerEntry e = internal::NewEntry(kind, who.principal, now, in.note);
              PEONY_CHECK(internal::AppendEntry(c, org_id, card.id, e, idem.key));
              PEONY_CHECK(Audit(c, who, "card." + kind, card.id, {}));
              PEONY_TRY(auto today, internal::Today(c, org_id, now));
              mirror = card.RecordStatus() != card.record_status;
              return ChangeBody(card, today, {e});
            }));
  if (!answer.replayed && mirror) MirrorRecord(who, card_id, false);
  return answer;
}

Result<Answer> Cards::Refund(const records::Caller& who, int64_t card_id, const RefundInput& in,
                             const Idempotency& idem) {
  PEONY_CHECK(CheckVisible(who, card_id));
  const int64_t org_id = who.principal.org_id;
  bool mirror = false;  // the record must show a new status
  PEONY_TRY(
      auto answer,
      Run(who, "cards.refund", idem, 200, [&](storage::Conn& c) -> Result<json::value> {
        const UtcMillis now = clock_.Now();
        PEONY_TRY(auto loaded, internal::LoadCard(c, org_id, card_id, true));
        if (!loaded) return errors::NotFound();
        Card& card = *loaded;
        if (card.Closed()) return errors::Closed(card.status);
        std::vector<LedgerEntry> entries;
        std::set<int64_t> services;
        int64_t refunded = 0;
        if (in.amount_fen) {
          // A partial refund of the principal; the card stays as it is otherwise.
          if (card.kind != Kind::kStoredValue) return errors::WrongKind(KindName(card.kind));
          if (*in.amount_fen > card.balance_fen) {
            return errors::InsufficientBalance(card.balance_fen);
          }
          refunded = *in.amount_fen;
          card.balance_fen -= refunded;
          LedgerEntry e = internal::NewEntry("refund", who.principal, now, in.note);
          e.principal_fen = -refunded;
          entries.push_back(std::move(e));
        } else {
          // Closing the card: the principal is paid back, the gift and sessions are forfeited.
          for (auto& s : card.sessions) {
            if (!s.left || *s.left == 0) continue;
            LedgerEntry e = internal::NewEntry("refund", who.principal, now, in.note);
            e.service_id = s.service_id;
            e.sessions = -*s.left;
            entries.push_back(std::move(e));
            services.insert(s.service_id);
            s.left = 0;
          }
          refunded = card.balance_fen;
          LedgerEntry e = internal::NewEntry("refund", who.principal, now, in.note);
          e.principal_fen = -card.balance_fen;
          e.gift_fen = -card.gift_balance_fen;
          entries.push_back(std::move(e));
          card.balance_fen = card.gift_balance_fen = 0;
          card.status = "refunded";
        }
        PEONY_CHECK(internal::SaveCard(c, card, services, now));
        for (auto& e : entries) PEONY_CHECK(internal::AppendEntry(c, org_id, card.id, e, idem.key));
        PEONY_CHECK(Audit(c, who, "card.refund", card.id,
                          {{"refunded_fen", refunded}, {"closed", !in.amount_fen.has_value()}}));
        PEONY_TRY(auto today, internal::Today(c, org_id, now));
        mirror = card.RecordStatus() != card.record_status;
        json::value body = ChangeBody(card, today, entries);
        body.as_object()["refunded_fen"] = refunded;
        return body;
      }));
  if (!answer.replayed && mirror) MirrorRecord(who, card_id, false);
  return answer;
}

}  // namespace peony::domain::cards
