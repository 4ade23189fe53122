// Internal to the cards module: the SQL of card_accounts, card_sessions and card_ledger. Callers
// hold the write transaction; LoadCard with lock=true takes the card's row lock (PostgreSQL:
// SELECT … FOR UPDATE; SQLite: the single writer already serialises), so every change of one card
// is a read-modify-write under that lock.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "common/time_zone.h"
#include "domain/cards/card.h"
#include "platform/access/principal.h"
#include "storage/db.h"

namespace peony::domain::cards::internal {

// The principal the card record is written as: the caller's name and ids with every record
// permission (the card permissions of the routes decide who may act).
access::Principal Acting(const access::Principal& p);
// A principal with only data.<entity>.read in the caller's scope for it (none when the caller
// lacks it): reading through it checks visibility without unmasking (and auditing) anything.
access::Principal ReaderOf(const access::Principal& p, const std::string& entity);
// A new ledger entry of `kind` by `who` at `now`.
LedgerEntry NewEntry(std::string kind, const access::Principal& who, UtcMillis now,
                     const std::string& note);

// The organisation's date today (orgs.time_zone), for validity.
Result<LocalDate> Today(storage::Conn& c, int64_t org_id, UtcMillis now);

// The card with its sessions; nullopt when the organisation has no such card.
Result<std::optional<Card>> LoadCard(storage::Conn& c, int64_t org_id, int64_t card_id, bool lock);
// Every entry of the card, oldest first.
Result<std::vector<LedgerEntry>> LoadLedger(storage::Conn& c, int64_t card_id);

// Inserts a new card (account row and session rows).
Status InsertCard(storage::Conn& c, const Card& card);
// Writes the card's balances, statuses, validity and the session rows of `services` (inserting
// those new to the card), bumping version and updated_at.
Status SaveCard(storage::Conn& c, Card& card, const std::set<int64_t>& services, UtcMillis now);
// Appends an entry (fills e.id).
Status AppendEntry(storage::Conn& c, int64_t org_id, int64_t card_id, LedgerEntry& e,
                   const std::string& idempotency_key);

}  // namespace peony::domain::cards::internal
