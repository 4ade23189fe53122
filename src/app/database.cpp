#include "app/database.h"

#include "platform/migrations.h"

namespace peony::app {

std::vector<storage::Migration> AllMigrations() { return platform::Migrations(); }

Result<std::unique_ptr<storage::Db>> OpenDatabase(const Config& c) {
  storage::DbOptions o;
  o.url = c.DbUrl();
  o.pool_size = c.db_pool;
  return storage::OpenDb(o);
}

Result<std::unique_ptr<storage::Db>> OpenAndMigrate(const Config& c) {
  PEONY_TRY(auto db, OpenDatabase(c));
  PEONY_CHECK(storage::Migrate(*db, AllMigrations()));
  return db;
}

}  // namespace peony::app
