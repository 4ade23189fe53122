// The platform's numbered schema migrations (access, audit, settings). Domain modules add theirs in
// app/; versions are global and only grow (see domain/migrations.cpp), and storage::Migrate
// applies the whole list in version order.
#pragma once

#include <vector>

#include "storage/migrations/migrations.h"

namespace peony::platform {

std::vector<storage::Migration> Migrations();

}  // namespace peony::platform
