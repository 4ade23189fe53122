#include "domain/treatments/migrations.h"

namespace peony::domain::treatments {

// Tokens ({{ID}}, {{TEXT}}, …) are replaced per dialect by storage::DialectSql. Never edit a
// migration that has shipped: add a new one.
std::vector<storage::Migration> Migrations() {
  return {
      // treatment_id is the id of the treatment record (entity treatment). Consumables are kept
      // as rows (product, lot number, quantity) for the inventory issue's stock movements; the
      // record's own `consumables` text shows them to people. treatment_deductions links a
      // treatment to the card ledger entry its deduction wrote (one per treatment).
      {130, "treatment consumables and deductions", R"SQL(
CREATE TABLE treatment_consumables (
  id {{ID}},
  org_id {{BIGINT}} NOT NULL REFERENCES orgs(id),
  treatment_id {{BIGINT}} NOT NULL,
  position {{BIGINT}} NOT NULL,
  product_id {{BIGINT}},
  name {{TEXT}} NOT NULL,
  lot_no {{TEXT}} NOT NULL,
  quantity {{REAL}} NOT NULL CHECK (quantity > 0),
  created_at {{BIGINT}} NOT NULL
);
CREATE INDEX treatment_consumables_treatment ON treatment_consumables (treatment_id, position);
CREATE INDEX treatment_consumables_lot ON treatment_consumables (org_id, lot_no);
CREATE TABLE treatment_deductions (
  treatment_id {{BIGINT}} PRIMARY KEY,
  org_id {{BIGINT}} NOT NULL REFERENCES orgs(id),
  card_id {{BIGINT}} NOT NULL REFERENCES card_accounts(card_id),
  ledger_id {{BIGINT}} NOT NULL,
  service_id {{BIGINT}} NOT NULL,
  sessions {{BIGINT}} NOT NULL CHECK (sessions > 0),
  created_at {{BIGINT}} NOT NULL
);
CREATE INDEX treatment_deductions_card ON treatment_deductions (card_id);
)SQL"},
  };
}

}  // namespace peony::domain::treatments
