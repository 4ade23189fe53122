// The domain modules' numbered schema migrations (cards, …), versions from 101 up so they never
// collide with the platform's (platform/migrations.h). app::AllMigrations appends them to the
// platform's list; storage::Migrate applies them in order.
#pragma once

#include <vector>

#include "storage/migrations/migrations.h"

namespace peony::domain {

std::vector<storage::Migration> Migrations();

}  // namespace peony::domain
