// The treatments module's schema migrations (versions 130-139); domain::Migrations collects them.
#pragma once

#include <vector>

#include "storage/migrations/migrations.h"

namespace peony::domain::treatments {

std::vector<storage::Migration> Migrations();

}  // namespace peony::domain::treatments
