// Opening the configured database for a command: open, then apply pending migrations.
#pragma once

#include <memory>
#include <vector>

#include "app/config.h"
#include "storage/db.h"
#include "storage/migrations/migrations.h"

namespace peony::app {

// Every migration the binary knows, platform and domain, in version order.
std::vector<storage::Migration> AllMigrations();

Result<std::unique_ptr<storage::Db>> OpenDatabase(const Config& c);
// Opens and migrates; refuses a database migrated by a newer binary (db.schema_too_new).
Result<std::unique_ptr<storage::Db>> OpenAndMigrate(const Config& c);

}  // namespace peony::app
