// The customers module's schema migrations (versions 120-129); domain::Migrations collects them.
#pragma once

#include <vector>

#include "storage/migrations/migrations.h"

namespace peony::domain::customers {

std::vector<storage::Migration> Migrations();

}  // namespace peony::domain::customers
