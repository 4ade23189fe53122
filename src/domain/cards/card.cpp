// Names, derived statuses and the JSON of cards and ledger entries (card.h).
#include "domain/cards/card.h"

namespace peony::domain::cards {
namespace {

namespace json = boost::json;

json::value OptInt(const std::optional<int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

}  // namespace

std::string_view KindName(Kind k) {
  switch (k) {
    case Kind::kCount:
      return "count";
    case Kind::kPackage:
      return "package";
    case Kind::kStoredValue:
      return "stored_value";
    case Kind::kTime:
      return "time";
  }
  return "count";
}

std::optional<Kind> ParseKind(std::string_view s) {
  for (Kind k : {Kind::kCount, Kind::kPackage, Kind::kStoredValue, Kind::kTime}) {
    if (KindName(k) == s) return k;
  }
  return std::nullopt;
}

std::string_view SpendOrderName(SpendOrder o) {
  return o == SpendOrder::kGiftFirst ? "gift_first" : "principal_first";
}

std::optional<SpendOrder> ParseSpendOrder(std::string_view s) {
  if (s == "principal_first") return SpendOrder::kPrincipalFirst;
  if (s == "gift_first") return SpendOrder::kGiftFirst;
  return std::nullopt;
}

bool Card::UsedUp() const {
  if (kind != Kind::kCount && kind != Kind::kPackage) return false;
  for (const auto& s : sessions) {
    if (!s.left || *s.left > 0) return false;
  }
  return !sessions.empty();
}

std::string Card::EffectiveStatus(const LocalDate& today) const {
  if (status != "active") return status;
  if (ExpiredOn(today)) return "expired";
  return UsedUp() ? "used_up" : "active";
}

std::string Card::RecordStatus() const {
  if (status != "active") return status;
  return UsedUp() ? "used_up" : "active";
}

json::object EntryJson(const LedgerEntry& e) {
  return json::object{{"id", e.id},
                      {"kind", e.kind},
                      {"service_id", OptInt(e.service_id)},
                      {"sessions", e.sessions},
                      {"principal_fen", e.principal_fen},
                      {"gift_fen", e.gift_fen},
                      {"amount_fen", OptInt(e.amount_fen)},
                      {"counterpart_card_id", OptInt(e.counterpart_card_id)},
                      {"actor_id", OptInt(e.actor_id)},
                      {"actor", e.actor},
                      {"at", FormatRfc3339(e.at)},
                      {"note", e.note}};
}

json::object CardJson(const Card& card, const LocalDate& today,
                      const std::vector<LedgerEntry>* ledger) {
  json::array sessions;
  for (const auto& s : card.sessions) {
    sessions.push_back(json::object{{"service_id", s.service_id},
                                    {"sessions", OptInt(s.left)},
                                    {"total", OptInt(s.total)},
                                    {"unlimited", !s.left.has_value()}});
  }
  json::object out{{"id", card.id},
                   {"card_no", card.card_no},
                   {"customer_id", card.customer_id},
                   {"branch_id", OptInt(card.branch_id)},
                   {"kind", KindName(card.kind)},
                   {"status", card.EffectiveStatus(today)},
                   {"valid_until", card.valid_until ? json::value(FormatDate(*card.valid_until))
                                                    : json::value(nullptr)},
                   {"balance_fen", card.balance_fen},
                   {"gift_balance_fen", card.gift_balance_fen},
                   {"spend_order", SpendOrderName(card.spend_order)},
                   {"discount_pct", card.discount_pct},
                   {"sessions_left", std::move(sessions)},
                   {"transferred_to", OptInt(card.transferred_to)},
                   {"created_at", FormatRfc3339(card.created_at)},
                   {"updated_at", FormatRfc3339(card.updated_at)},
                   {"version", card.version}};
  if (ledger) {
    json::array entries;
    entries.reserve(ledger->size());
    for (const auto& e : *ledger) entries.push_back(EntryJson(e));
    out["ledger"] = std::move(entries);
  }
  return out;
}

}  // namespace peony::domain::cards
