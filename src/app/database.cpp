#include "app/database.h"

#include "domain/migrations.h"
#include "platform/migrations.h"

namespace peony::app {

std::vector<storage::Migration> AllMigrations() {
  std::vector<storage::Migration> all = platform::Migrations();
  for (auto& m : domain::Migrations()) all.push_back(std::move(m));
  return all;
}

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
