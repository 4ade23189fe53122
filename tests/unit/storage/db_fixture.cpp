#include "unit/storage/db_fixture.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <random>

#include "storage/migrations/migrations.h"

namespace peony::storage::testing {
namespace {

const char* PgUrl() {
  const char* url = std::getenv("PEONY_TEST_PG");
  return url && *url ? url : nullptr;
}

std::string RandomSuffix() {
  static std::mutex mu;
  static std::mt19937_64 rng{std::random_device{}()};
  std::lock_guard lock(mu);
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
  return buf;
}

// Creates and drops the test schemas, over one connection kept for the whole run.
Db* PgAdmin() {
  static std::unique_ptr<Db> admin = [] {
    DbOptions options;
    options.url = PgUrl();
    options.pool_size = 1;
    auto db = OpenDb(options);
    return db.ok() ? std::move(db).value() : nullptr;
  }();
  return admin.get();
}

Status RunAdmin(const std::string& sql) {
  Db* admin = PgAdmin();
  if (!admin) return InternalError("cannot connect to PEONY_TEST_PG");
  return admin->WriteTx([&](Conn& c) { return c.ExecScript(sql); });
}

// Owns the TestDatabase of a Db made by MakeTestDb and drops it after the Db is closed.
class OwningDb final : public Db {
 public:
  OwningDb(std::unique_ptr<TestDatabase> database, std::unique_ptr<Db> db)
      : database_(std::move(database)), db_(std::move(db)) {}
  ~OwningDb() override {
    db_.reset();
    database_.reset();
  }
  Dialect dialect() const override { return db_->dialect(); }
  Status WriteTx(const std::function<Status(Conn&)>& fn) override { return db_->WriteTx(fn); }
  Status ReadTx(const std::function<Status(Conn&)>& fn) override { return db_->ReadTx(fn); }
  Status Ping() override { return db_->Ping(); }
  PoolStats Stats() const override { return db_->Stats(); }

 private:
  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<Db> db_;
};

}  // namespace

std::vector<Engine> TestEngines() { return {Engine::kSqlite, Engine::kPostgres}; }

std::string EngineName(const ::testing::TestParamInfo<Engine>& info) {
  return info.param == Engine::kSqlite ? "Sqlite" : "Postgres";
}

bool EngineAvailable(Engine engine) { return engine == Engine::kSqlite || PgUrl() != nullptr; }

std::unique_ptr<TestDatabase> TestDatabase::Create(Engine engine) {
  if (!EngineAvailable(engine)) return nullptr;
  if (engine == Engine::kSqlite) {
    std::string dir = (std::filesystem::temp_directory_path() / "peony-test-XXXXXX").string();
    if (!::mkdtemp(dir.data())) {
      ADD_FAILURE() << "mkdtemp failed";
      return nullptr;
    }
    return std::unique_ptr<TestDatabase>(
        new TestDatabase(engine, "sqlite:" + dir + "/peony.db", dir));
  }
  const std::string schema = "t_" + RandomSuffix();
  if (auto s = RunAdmin("CREATE SCHEMA " + schema); !s.ok()) {
    ADD_FAILURE() << "cannot create schema: " << s.error().code;
    return nullptr;
  }
  std::string url = PgUrl();
  const bool is_uri = url.rfind("postgres", 0) == 0 && url.find("://") != std::string::npos;
  if (is_uri) {
    url += (url.find('?') == std::string::npos ? "?" : "&");
    url += "options=-csearch_path%3D" + schema;
  } else {
    url += " options='-csearch_path=" + schema + "'";
  }
  return std::unique_ptr<TestDatabase>(new TestDatabase(engine, url, schema));
}

TestDatabase::~TestDatabase() {
  if (engine_ == Engine::kSqlite) {
    std::error_code ec;
    std::filesystem::remove_all(cleanup_, ec);
  } else {
    (void)RunAdmin("DROP SCHEMA IF EXISTS " + cleanup_ + " CASCADE");
  }
}

std::unique_ptr<Db> TestDatabase::Open(DbOptions options) const {
  options.url = url_;
  auto db = OpenDb(options);
  if (!db.ok()) {
    ADD_FAILURE() << "cannot open the test database: " << db.error().code << " "
                  << db.error().message_en;
    return nullptr;
  }
  return std::move(db).value();
}

std::unique_ptr<Db> MakeTestDb(Engine engine, DbOptions options) {
  auto database = TestDatabase::Create(engine);
  if (!database) return nullptr;
  auto db = database->Open(options);
  if (!db) return nullptr;
  return std::make_unique<OwningDb>(std::move(database), std::move(db));
}

Status ExecScript(Db& db, std::string_view sql) {
  return db.WriteTx([&](Conn& c) { return c.ExecScript(DialectSql(c.dialect(), sql)); });
}

int64_t QueryInt(Db& db, std::string_view sql, const Params& params) {
  auto rows = db.Read([&](Conn& c) { return c.Query(sql, params); });
  if (!rows.ok() || rows->empty()) {
    ADD_FAILURE() << "query failed: " << CodeOf(rows) << " " << sql;
    return -1;
  }
  return rows->Int(0, 0);
}

int RecordingBlockingListener::WaitForBlocked() const {
  for (int i = 0; i < 1000 && blocked.load() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return blocked.load();
}

std::thread ThreadListenedBy(BlockingListener& listener, std::function<void()> fn) {
  return std::thread([&listener, fn = std::move(fn)] {
    SetThreadBlockingListener(&listener);
    fn();
    SetThreadBlockingListener(nullptr);
  });
}

void DbTest::SetUp() {
  if (!EngineAvailable(GetParam())) {
    GTEST_SKIP()
        << "PostgreSQL tests need PEONY_TEST_PG (e.g. postgresql://postgres@127.0.0.1:5432/"
           "peony_test); ./dev test sets it";
  }
  db_ = MakeTestDb(GetParam());
  ASSERT_NE(db_, nullptr);
}

}  // namespace peony::storage::testing
