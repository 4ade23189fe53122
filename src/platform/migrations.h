// The platform's numbered schema migrations (access, audit, settings). Domain modules append theirs
// in app/ with higher numbers; the list is applied in order by storage::Migrate.
#pragma once

#include <vector>

#include "storage/migrations/migrations.h"

namespace peony::platform {

std::vector<storage::Migration> Migrations();

}  // namespace peony::platform
