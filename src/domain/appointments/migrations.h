// The appointments module's schema migrations (versions 140-149); domain::Migrations collects them.
#pragma once

#include <vector>

#include "storage/migrations/migrations.h"

namespace peony::domain::appointments {

std::vector<storage::Migration> Migrations();

}  // namespace peony::domain::appointments
