#include "domain/customers/migrations.h"

namespace peony::domain::customers {

// Tokens ({{ID}}, {{TEXT}}, …) are replaced per dialect by storage::DialectSql. Never edit a
// migration that has shipped: add a new one.
std::vector<storage::Migration> Migrations() {
  return {
      // The thresholds of the computed customer value (activity, RFM cut points, LTV horizon,
      // churn factor) per organisation, as the JSON of value.h SettingsJson. No row: defaults.
      {120, "customer value settings", R"SQL(
CREATE TABLE customer_value_settings (
  org_id {{BIGINT}} PRIMARY KEY REFERENCES orgs(id),
  settings {{TEXT}} NOT NULL,
  updated_at {{BIGINT}} NOT NULL,
  updated_by {{BIGINT}}
);
)SQL"},
  };
}

}  // namespace peony::domain::customers
