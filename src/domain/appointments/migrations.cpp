#include "domain/appointments/migrations.h"

namespace peony::domain::appointments {

// Tokens ({{ID}}, {{TEXT}}, …) are replaced per dialect by storage::DialectSql. Never edit a
// migration that has shipped: add a new one.
std::vector<storage::Migration> Migrations() { return {}; }

}  // namespace peony::domain::appointments
