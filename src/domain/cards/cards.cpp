// The cards service: the transaction and idempotency frame, visibility, issuing a card (also the
// new card of a transfer), reading cards. The changes of an existing card are in operations.cpp.
#include "domain/cards/cards.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <set>

#include "common/log.h"
#include "domain/cards/errors.h"
#include "domain/cards/store.h"
#include "platform/access/audit.h"

namespace peony::domain::cards {
namespace {

namespace json = boost::json;

// Records-engine misses (not found, outside the scope, no read permission, no such entity) are
// all "not found" to the caller.
bool IsMiss(const Error& e) {
  return e.code == "record.not_found" || e.code == "record.forbidden" ||
         e.code == "schema.entity_not_found";
}

}  // namespace

Result<Answer> Cards::Run(const records::Caller& who, std::string_view route,
                          const Idempotency& idem, int status, const Body& fn) {
  const int64_t org_id = who.principal.org_id;
  if (!idem.key.empty()) PEONY_CHECK(CheckIdempotencyKey(idem.key));
  std::optional<Answer> out;
  PEONY_CHECK(db_.WriteTx([&](storage::Conn& c) -> Status {
    out.reset();
    if (!idem.key.empty()) {
      PEONY_TRY(auto stored, ClaimKey(c, org_id, route, idem, clock_.Now()));
      if (stored) {
        boost::system::error_code ec;
        json::value body = json::parse(stored->body, ec);
        if (ec) return InternalError("stored idempotent answer is not JSON");
        out = Answer{stored->status, std::move(body), true};
        return Ok();
      }
    }
    PEONY_TRY(auto body, fn(c));
    if (!idem.key.empty()) {
      PEONY_CHECK(SaveAnswer(c, org_id, route, idem.key, status, json::serialize(body)));
    }
    out = Answer{status, std::move(body), false};
    return Ok();
  }));
  return std::move(*out);
}

Status Cards::CheckVisible(const records::Caller& who, int64_t card_id) {
  const access::Principal reader = internal::ReaderOf(who.principal, "card");
  auto r = records_.Get(records::Caller{reader, who.ip}, "card", card_id);
  if (!r.ok()) return IsMiss(r.error()) ? errors::NotFound() : std::move(r).error();
  return Ok();
}

Result<json::object> Cards::VisibleCustomer(const records::Caller& who, int64_t customer_id) {
  const access::Principal reader = internal::ReaderOf(who.principal, "customer");
  auto r = records_.Get(records::Caller{reader, who.ip}, "customer", customer_id);
  if (!r.ok()) return IsMiss(r.error()) ? errors::CustomerNotFound() : std::move(r).error();
  return std::move(*r);
}

Status Cards::SyncRecord(storage::Conn& c, const records::Caller& who, Card& card, bool validity) {
  const std::string want = card.RecordStatus();
  if (want == card.record_status && !validity) return Ok();
  json::object patch{{"status", want}};
  if (validity) {
    patch["valid_until"] =
        card.valid_until ? json::value(FormatDate(*card.valid_until)) : json::value(nullptr);
  }
  const access::Principal acting = internal::Acting(who.principal);
  PEONY_TRY(auto updated,
            records_.UpdateInTx(c, records::Caller{acting, who.ip}, "card", card.id, patch, 0));
  (void)updated;
  card.record_status = want;
  PEONY_CHECK(
      c.Exec("UPDATE card_accounts SET record_status = ? WHERE card_id = ?", {want, card.id}));
  return Ok();
}

void Cards::MirrorRecord(const records::Caller& who, int64_t card_id, bool validity) {
  const Status s = db_.WriteTx([&](storage::Conn& c) -> Status {
    PEONY_TRY(auto card, internal::LoadCard(c, who.principal.org_id, card_id, false));
    if (!card) return Ok();
    return SyncRecord(c, who, *card, validity);
  });
  if (!s.ok()) {
    log::Warn("card.record_sync_failed", {{"card_id", card_id}, {"code", s.error().code}});
  }
}

Status Cards::Audit(storage::Conn& c, const records::Caller& who, std::string action,
                    int64_t card_id, json::object detail) {
  const auto& p = who.principal;
  return access::AppendAudit(
      c, clock_,
      access::AuditEvent{p.org_id, p.user_id > 0 ? std::optional<int64_t>(p.user_id) : std::nullopt,
                         p.username, std::move(action), "card", std::to_string(card_id), who.ip,
                         std::move(detail)});
}

Result<Card> Cards::NewCardInTx(storage::Conn& c, const records::Caller& who, const IssueInput& in,
                                UtcMillis now) {
  const int64_t org_id = who.principal.org_id;
  PEONY_TRY(auto customer, records_.ReadInTx(c, org_id, "customer", in.customer_id));
  if (!customer) return errors::CustomerNotFound();
  json::object record{
      {"customer", in.customer_id}, {"kind", KindName(in.kind)}, {"status", "active"}};
  if (in.valid_until) record["valid_until"] = FormatDate(*in.valid_until);
  if (in.card_product_id) record["card_product"] = *in.card_product_id;
  if (!in.note.empty()) record["note"] = in.note;
  if (const auto* b = customer->if_contains("branch_id"); b && b->is_int64()) {
    record["branch_id"] = b->as_int64();
  }
  const access::Principal acting = internal::Acting(who.principal);
  PEONY_TRY(auto created,
            records_.CreateInTx(c, records::Caller{acting, who.ip}, "card", record, 0));
  Card card;
  card.id = created.at("id").as_int64();
  card.org_id = org_id;
  card.customer_id = in.customer_id;
  if (const auto* b = created.if_contains("branch_id"); b && b->is_int64()) {
    card.branch_id = b->as_int64();
  }
  if (const auto* no = created.if_contains("card_no"); no && no->is_string()) {
    card.card_no = std::string(no->as_string());
  }
  card.kind = in.kind;
  card.status = "active";
  card.record_status = "active";
  card.valid_until = in.valid_until;
  card.balance_fen = in.balance_fen;
  card.gift_balance_fen = in.gift_balance_fen;
  card.spend_order = in.spend_order;
  card.discount_pct = in.discount_pct;
  card.created_at = card.updated_at = now;
  card.version = 1;
  for (const Item& item : in.items) {
    card.sessions.push_back({item.service_id, item.sessions, item.sessions});
  }
  PEONY_CHECK(internal::InsertCard(c, card));
  return card;
}

Result<Issued> Cards::IssueInTx(storage::Conn& c, const records::Caller& who,
                                const IssueInput& in) {
  PEONY_CHECK(CheckIssue(in));
  const int64_t org_id = who.principal.org_id;
  const UtcMillis now = clock_.Now();
  for (size_t i = 0; i < in.items.size(); ++i) {
    PEONY_TRY(auto service, records_.ReadInTx(c, org_id, "service", in.items[i].service_id));
    if (!service) return errors::UnknownService("items[" + std::to_string(i) + "].service_id");
  }
  if (in.card_product_id) {
    PEONY_TRY(auto product, records_.ReadInTx(c, org_id, "card_product", *in.card_product_id));
    if (!product) return errors::Invalid("card_product_id", "no such card product");
  }
  PEONY_TRY(auto today, internal::Today(c, org_id, now));
  if (in.valid_until && *in.valid_until < today) {
    return errors::Invalid("valid_until", "in the past");
  }
  Issued out;
  PEONY_TRY(out.card, NewCardInTx(c, who, in, now));
  for (const Item& item : in.items) {
    LedgerEntry e = internal::NewEntry("issue", who.principal, now, in.note);
    e.service_id = item.service_id;
    e.sessions = item.sessions.value_or(0);
    out.entries.push_back(std::move(e));
  }
  if (in.balance_fen > 0 || in.gift_balance_fen > 0 || in.items.empty()) {
    LedgerEntry e = internal::NewEntry("issue", who.principal, now, in.note);
    e.principal_fen = in.balance_fen;
    e.gift_fen = in.gift_balance_fen;
    out.entries.push_back(std::move(e));
  }
  for (auto& e : out.entries) {
    PEONY_CHECK(internal::AppendEntry(c, org_id, out.card.id, e, ""));
  }
  int64_t sessions = 0;
  for (const Item& item : in.items) sessions += item.sessions.value_or(0);
  PEONY_CHECK(Audit(c, who, "card.issue", out.card.id,
                    {{"kind", KindName(in.kind)},
                     {"sessions", sessions},
                     {"balance_fen", in.balance_fen},
                     {"gift_balance_fen", in.gift_balance_fen}}));
  return out;
}

Result<Answer> Cards::Issue(const records::Caller& who, const IssueInput& in,
                            const Idempotency& idem) {
  PEONY_CHECK(CheckIssue(in));
  PEONY_TRY(auto customer, VisibleCustomer(who, in.customer_id));
  (void)customer;
  return Run(who, "cards.issue", idem, 201, [&](storage::Conn& c) -> Result<json::value> {
    PEONY_TRY(auto issued, IssueInTx(c, who, in));
    PEONY_TRY(auto today, internal::Today(c, who.principal.org_id, clock_.Now()));
    return json::value(CardJson(issued.card, today, &issued.entries));
  });
}

Result<json::object> Cards::Get(const records::Caller& who, int64_t card_id) {
  PEONY_CHECK(CheckVisible(who, card_id));
  const int64_t org_id = who.principal.org_id;
  return db_.Read([&](storage::Conn& c) -> Result<json::object> {
    PEONY_TRY(auto card, internal::LoadCard(c, org_id, card_id, false));
    if (!card) return errors::NotFound();
    PEONY_TRY(auto ledger, internal::LoadLedger(c, card_id));
    PEONY_TRY(auto today, internal::Today(c, org_id, clock_.Now()));
    return CardJson(*card, today, &ledger);
  });
}

Result<json::array> Cards::ListForCustomer(const records::Caller& who, int64_t customer_id) {
  PEONY_TRY(auto customer, VisibleCustomer(who, customer_id));
  (void)customer;
  const int64_t org_id = who.principal.org_id;
  return db_.Read([&](storage::Conn& c) -> Result<json::array> {
    PEONY_TRY(auto ids, c.Query("SELECT card_id FROM card_accounts WHERE org_id = ? AND "
                                "customer_id = ? ORDER BY card_id DESC LIMIT 500",
                                {org_id, customer_id}));
    PEONY_TRY(auto today, internal::Today(c, org_id, clock_.Now()));
    json::array out;
    for (size_t i = 0; i < ids.size(); ++i) {
      PEONY_TRY(auto card, internal::LoadCard(c, org_id, ids.Int(i, 0), false));
      if (card) out.push_back(CardJson(*card, today));
    }
    return out;
  });
}

Result<Answer> Cards::Transfer(const records::Caller& who, int64_t card_id, const TransferInput& in,
                               const Idempotency& idem) {
  PEONY_CHECK(CheckVisible(who, card_id));
  PEONY_TRY(auto target, VisibleCustomer(who, in.to_customer_id));
  (void)target;
  const int64_t org_id = who.principal.org_id;
  return Run(who, "cards.transfer", idem, 200, [&](storage::Conn& c) -> Result<json::value> {
    const UtcMillis now = clock_.Now();
    PEONY_TRY(auto loaded, internal::LoadCard(c, org_id, card_id, true));
    if (!loaded) return errors::NotFound();
    Card& card = *loaded;
    PEONY_TRY(auto today, internal::Today(c, org_id, now));
    if (card.Closed()) return errors::Closed(card.status);
    if (card.status == "frozen") return errors::Frozen();
    if (card.ExpiredOn(today)) return errors::Expired(FormatDate(*card.valid_until));
    if (in.to_customer_id == card.customer_id) {
      return errors::Invalid("to_customer_id", "the card's own customer");
    }
    // The new card takes what is left; both ledgers say so with paired entries.
    IssueInput fresh;
    fresh.customer_id = in.to_customer_id;
    fresh.kind = card.kind;
    fresh.valid_until = card.valid_until;
    fresh.spend_order = card.spend_order;
    fresh.discount_pct = card.discount_pct;
    fresh.balance_fen = card.balance_fen;
    fresh.gift_balance_fen = card.gift_balance_fen;
    fresh.note = in.note;
    for (const auto& s : card.sessions) fresh.items.push_back({s.service_id, s.left});
    PEONY_TRY(auto to, NewCardInTx(c, who, fresh, now));

    std::vector<LedgerEntry> out_entries, in_entries;
    auto pair = [&](std::optional<int64_t> service, int64_t sessions, int64_t principal,
                    int64_t gift) {
      LedgerEntry o = internal::NewEntry("transfer_out", who.principal, now, in.note);
      o.service_id = service;
      o.sessions = -sessions;
      o.principal_fen = -principal;
      o.gift_fen = -gift;
      o.counterpart_card_id = to.id;
      LedgerEntry i = internal::NewEntry("transfer_in", who.principal, now, in.note);
      i.service_id = service;
      i.sessions = sessions;
      i.principal_fen = principal;
      i.gift_fen = gift;
      i.counterpart_card_id = card.id;
      out_entries.push_back(std::move(o));
      in_entries.push_back(std::move(i));
    };
    std::set<int64_t> services;
    for (auto& s : card.sessions) {
      services.insert(s.service_id);
      pair(s.service_id, s.left.value_or(0), 0, 0);
      if (s.left) s.left = 0;
    }
    if (card.balance_fen > 0 || card.gift_balance_fen > 0 || card.sessions.empty()) {
      pair(std::nullopt, 0, card.balance_fen, card.gift_balance_fen);
    }
    card.balance_fen = card.gift_balance_fen = 0;
    card.status = "transferred";
    card.transferred_to = to.id;
    PEONY_CHECK(SyncRecord(c, who, card));
    PEONY_CHECK(internal::SaveCard(c, card, services, now));
    PEONY_CHECK(SyncRecord(c, who, to));
    if (to.record_status != "active") PEONY_CHECK(internal::SaveCard(c, to, {}, now));
    for (auto& e : out_entries) {
      PEONY_CHECK(internal::AppendEntry(c, org_id, card.id, e, idem.key));
    }
    for (auto& e : in_entries) {
      PEONY_CHECK(internal::AppendEntry(c, org_id, to.id, e, idem.key));
    }
    PEONY_CHECK(Audit(c, who, "card.transfer", card.id, {{"to_card", to.id}}));
    json::object body{{"card", CardJson(card, today)},
                      {"entry", EntryJson(out_entries.back())},
                      {"new_card", CardJson(to, today, &in_entries)}};
    json::array entries;
    for (const auto& e : out_entries) entries.push_back(EntryJson(e));
    body["entries"] = std::move(entries);
    return json::value(std::move(body));
  });
}

}  // namespace peony::domain::cards
