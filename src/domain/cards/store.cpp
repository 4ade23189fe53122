// The SQL of the cards module (store.h).
#include "domain/cards/store.h"

#include <string>

namespace peony::domain::cards::internal {
namespace {

std::optional<LocalDate> DateOf(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  return ParseDate(*s);
}

std::optional<std::string> DateText(const std::optional<LocalDate>& d) {
  if (!d) return std::nullopt;
  return FormatDate(*d);
}

}  // namespace

access::Principal Acting(const access::Principal& p) {
  access::Principal a = p;
  a.permissions = {"*"};
  a.scopes.clear();
  a.scopes["*"] = access::Scope::kAll;
  return a;
}

access::Principal ReaderOf(const access::Principal& p, const std::string& entity) {
  access::Principal r;
  r.user_id = p.user_id;
  r.org_id = p.org_id;
  r.username = p.username;
  r.display_name = p.display_name;
  r.branch_id = p.branch_id;
  r.department_id = p.department_id;
  r.roles = p.roles;
  r.method = p.method;
  r.session_id = p.session_id;
  const std::string perm = "data." + entity + ".read";
  const access::Scope scope = p.ScopeFor(perm);
  if (scope != access::Scope::kNone) {
    r.permissions = {perm};
    r.scopes[perm] = scope;
  }
  return r;
}

LedgerEntry NewEntry(std::string kind, const access::Principal& who, UtcMillis now,
                     const std::string& note) {
  LedgerEntry e;
  e.kind = std::move(kind);
  if (who.user_id > 0) e.actor_id = who.user_id;
  e.actor = who.username;
  e.at = now;
  e.note = note;
  return e;
}

Result<LocalDate> Today(storage::Conn& c, int64_t org_id, UtcMillis now) {
  PEONY_TRY(auto rows, c.Query("SELECT time_zone FROM orgs WHERE id = ?", {org_id}));
  const std::string name = rows.empty() ? "Asia/Shanghai" : rows.Text(0, 0);
  auto tz = TimeZone::Find(name);
  return (tz.ok() ? *tz : TimeZone::Utc()).DateOf(now);
}

Result<std::optional<Card>> LoadCard(storage::Conn& c, int64_t org_id, int64_t card_id, bool lock) {
  std::string sql =
      "SELECT card_id, org_id, customer_id, branch_id, card_no, kind, status, record_status, "
      "valid_until, balance_fen, gift_balance_fen, spend_order, discount_pct, transferred_to, "
      "created_at, updated_at, version FROM card_accounts WHERE card_id = ? AND org_id = ?";
  if (lock && c.dialect() == storage::Dialect::kPostgres) sql += " FOR UPDATE";
  PEONY_TRY(auto rows, c.Query(sql, {card_id, org_id}));
  if (rows.empty()) return std::optional<Card>();
  Card card;
  card.id = rows.Int(0, 0);
  card.org_id = rows.Int(0, 1);
  card.customer_id = rows.Int(0, 2);
  card.branch_id = rows.OptInt(0, 3);
  card.card_no = rows.Text(0, 4);
  card.kind = ParseKind(rows.Text(0, 5)).value_or(Kind::kCount);
  card.status = rows.Text(0, 6);
  card.record_status = rows.Text(0, 7);
  card.valid_until = DateOf(rows.OptText(0, 8));
  card.balance_fen = rows.Int(0, 9);
  card.gift_balance_fen = rows.Int(0, 10);
  card.spend_order = ParseSpendOrder(rows.Text(0, 11)).value_or(SpendOrder::kPrincipalFirst);
  card.discount_pct = static_cast<int>(rows.Int(0, 12));
  card.transferred_to = rows.OptInt(0, 13);
  card.created_at = rows.Int(0, 14);
  card.updated_at = rows.Int(0, 15);
  card.version = rows.Int(0, 16);
  PEONY_TRY(auto ses, c.Query("SELECT service_id, total, sessions_left FROM card_sessions "
                              "WHERE card_id = ? ORDER BY service_id",
                              {card_id}));
  for (size_t i = 0; i < ses.size(); ++i) {
    card.sessions.push_back({ses.Int(i, 0), ses.OptInt(i, 1), ses.OptInt(i, 2)});
  }
  return std::optional<Card>(std::move(card));
}

Result<std::vector<LedgerEntry>> LoadLedger(storage::Conn& c, int64_t card_id) {
  PEONY_TRY(auto rows,
            c.Query("SELECT id, kind, service_id, sessions_delta, principal_delta, gift_delta, "
                    "amount_fen, counterpart_card_id, actor_id, actor, at, note "
                    "FROM card_ledger WHERE card_id = ? ORDER BY id",
                    {card_id}));
  std::vector<LedgerEntry> out;
  out.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    LedgerEntry e;
    e.id = rows.Int(i, 0);
    e.kind = rows.Text(i, 1);
    e.service_id = rows.OptInt(i, 2);
    e.sessions = rows.Int(i, 3);
    e.principal_fen = rows.Int(i, 4);
    e.gift_fen = rows.Int(i, 5);
    e.amount_fen = rows.OptInt(i, 6);
    e.counterpart_card_id = rows.OptInt(i, 7);
    e.actor_id = rows.OptInt(i, 8);
    e.actor = rows.Text(i, 9);
    e.at = rows.Int(i, 10);
    e.note = rows.Text(i, 11);
    out.push_back(std::move(e));
  }
  return out;
}

Status InsertCard(storage::Conn& c, const Card& card) {
  PEONY_CHECK(c.Exec(
      "INSERT INTO card_accounts (card_id, org_id, branch_id, customer_id, card_no, kind, status, "
      "record_status, valid_until, balance_fen, gift_balance_fen, spend_order, discount_pct, "
      "transferred_to, created_at, updated_at, version) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {card.id, card.org_id, card.branch_id, card.customer_id, card.card_no, KindName(card.kind),
       card.status, card.record_status, DateText(card.valid_until), card.balance_fen,
       card.gift_balance_fen, SpendOrderName(card.spend_order), card.discount_pct,
       card.transferred_to, card.created_at, card.updated_at, card.version}));
  for (const auto& s : card.sessions) {
    PEONY_CHECK(
        c.Exec("INSERT INTO card_sessions (card_id, service_id, total, sessions_left) "
               "VALUES (?, ?, ?, ?)",
               {card.id, s.service_id, s.total, s.left}));
  }
  return Ok();
}

Status SaveCard(storage::Conn& c, Card& card, const std::set<int64_t>& services, UtcMillis now) {
  card.updated_at = now;
  ++card.version;
  PEONY_CHECK(c.Exec(
      "UPDATE card_accounts SET status = ?, record_status = ?, valid_until = ?, balance_fen = ?, "
      "gift_balance_fen = ?, transferred_to = ?, updated_at = ?, version = ? WHERE card_id = ?",
      {card.status, card.record_status, DateText(card.valid_until), card.balance_fen,
       card.gift_balance_fen, card.transferred_to, card.updated_at, card.version, card.id}));
  for (const auto& s : card.sessions) {
    if (!services.contains(s.service_id)) continue;
    PEONY_TRY(auto n, c.Exec("UPDATE card_sessions SET total = ?, sessions_left = ? "
                             "WHERE card_id = ? AND service_id = ?",
                             {s.total, s.left, card.id, s.service_id}));
    if (n == 0) {
      PEONY_CHECK(
          c.Exec("INSERT INTO card_sessions (card_id, service_id, total, sessions_left) "
                 "VALUES (?, ?, ?, ?)",
                 {card.id, s.service_id, s.total, s.left}));
    }
  }
  return Ok();
}

Status AppendEntry(storage::Conn& c, int64_t org_id, int64_t card_id, LedgerEntry& e,
                   const std::string& idempotency_key) {
  PEONY_TRY(auto rows,
            c.Query("INSERT INTO card_ledger (org_id, card_id, kind, service_id, sessions_delta, "
                    "principal_delta, gift_delta, amount_fen, counterpart_card_id, "
                    "idempotency_key, actor_id, actor, at, note) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    {org_id, card_id, e.kind, e.service_id, e.sessions, e.principal_fen, e.gift_fen,
                     e.amount_fen, e.counterpart_card_id,
                     idempotency_key.empty() ? std::optional<std::string>()
                                             : std::optional<std::string>(idempotency_key),
                     e.actor_id, e.actor, e.at, e.note}));
  e.id = rows.Int(0, 0);
  return Ok();
}

}  // namespace peony::domain::cards::internal
