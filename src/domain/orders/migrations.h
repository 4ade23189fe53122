// The orders module's schema migrations (versions 110-119); domain::Migrations collects them.
#pragma once

#include <vector>

#include "storage/migrations/migrations.h"

namespace peony::domain::orders {

std::vector<storage::Migration> Migrations();

}  // namespace peony::domain::orders
