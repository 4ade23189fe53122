#include "domain/migrations.h"

#include <algorithm>

#include "domain/appointments/migrations.h"
#include "domain/customers/migrations.h"
#include "domain/orders/migrations.h"
#include "domain/treatments/migrations.h"

namespace peony::domain {

// Tokens ({{ID}}, {{TEXT}}, …) are replaced per dialect by storage::DialectSql. Never edit a
// migration that has shipped: add a new one.
std::vector<storage::Migration> Migrations() {
  std::vector<storage::Migration> all = {
      // Cards (domain/cards): the card is a record of the catalog entity `card`; its balances,
      // sessions and append-only ledger live here. card_id is the record's id. Balances and
      // sessions never go below zero (CHECK as the last guard; the service refuses first).
      // idempotency_keys keeps the first answer of each Idempotency-Key per organisation and
      // route, written in the transaction of the change it answers.
      {101, "cards and idempotency keys", R"SQL(
CREATE TABLE card_accounts (
  card_id {{BIGINT}} PRIMARY KEY,
  org_id {{BIGINT}} NOT NULL REFERENCES orgs(id),
  branch_id {{BIGINT}},
  customer_id {{BIGINT}} NOT NULL,
  card_no {{TEXT}} NOT NULL DEFAULT '',
  kind {{TEXT}} NOT NULL,
  status {{TEXT}} NOT NULL DEFAULT 'active',
  record_status {{TEXT}} NOT NULL DEFAULT 'active',
  valid_until {{TEXT}},
  balance_fen {{BIGINT}} NOT NULL DEFAULT 0 CHECK (balance_fen >= 0),
  gift_balance_fen {{BIGINT}} NOT NULL DEFAULT 0 CHECK (gift_balance_fen >= 0),
  spend_order {{TEXT}} NOT NULL DEFAULT 'principal_first',
  discount_pct {{BIGINT}} NOT NULL DEFAULT 100,
  transferred_to {{BIGINT}},
  created_at {{BIGINT}} NOT NULL,
  updated_at {{BIGINT}} NOT NULL,
  version {{BIGINT}} NOT NULL DEFAULT 1
);
CREATE INDEX card_accounts_customer ON card_accounts (org_id, customer_id);
CREATE TABLE card_sessions (
  card_id {{BIGINT}} NOT NULL REFERENCES card_accounts(card_id),
  service_id {{BIGINT}} NOT NULL,
  total {{BIGINT}},
  sessions_left {{BIGINT}} CHECK (sessions_left >= 0),
  PRIMARY KEY (card_id, service_id)
);
CREATE TABLE card_ledger (
  id {{ID}},
  org_id {{BIGINT}} NOT NULL REFERENCES orgs(id),
  card_id {{BIGINT}} NOT NULL REFERENCES card_accounts(card_id),
  kind {{TEXT}} NOT NULL,
  service_id {{BIGINT}},
  sessions_delta {{BIGINT}} NOT NULL DEFAULT 0,
  principal_delta {{BIGINT}} NOT NULL DEFAULT 0,
  gift_delta {{BIGINT}} NOT NULL DEFAULT 0,
  amount_fen {{BIGINT}},
  counterpart_card_id {{BIGINT}},
  idempotency_key {{TEXT}},
  actor_id {{BIGINT}},
  actor {{TEXT}} NOT NULL,
  at {{BIGINT}} NOT NULL,
  note {{TEXT}} NOT NULL DEFAULT ''
);
CREATE INDEX card_ledger_card ON card_ledger (card_id, id);
CREATE TABLE idempotency_keys (
  id {{ID}},
  org_id {{BIGINT}} NOT NULL REFERENCES orgs(id),
  route {{TEXT}} NOT NULL,
  idem_key {{TEXT}} NOT NULL,
  request_hash {{TEXT}} NOT NULL,
  response_status {{BIGINT}},
  response_body {{TEXT}},
  created_at {{BIGINT}} NOT NULL,
  UNIQUE (org_id, route, idem_key)
);
)SQL"},
  };
  // Modules took ranges of versions: orders 110-119, customers 120-129, treatments 130-139,
  // appointments 140-149; the platform's access stamp is 150. Versions are global and only grow:
  // a new migration of any module takes the next number above every shipped one (151 next).
  for (auto* more : {&orders::Migrations, &customers::Migrations, &treatments::Migrations,
                     &appointments::Migrations}) {
    for (auto& m : (*more)()) all.push_back(std::move(m));
  }
  std::sort(all.begin(), all.end(), [](const storage::Migration& a, const storage::Migration& b) {
    return a.version < b.version;
  });
  return all;
}

}  // namespace peony::domain
