// `./dev bench` figures of the automation issue, printed as text:
//   jobs drain      100,000 due jobs, each writing one effect row in its fenced completion, run by
//                   two runner threads on SQLite, and by two "processes" (two connection pools, two
//                   threads each) on PostgreSQL (PEONY_BENCH_PG); effects counted for duplicates.
//   rule matching   median time of a record create through the records engine with 0 and with 20
//                   enabled rules that match it (each enqueues a fire job in the write's
//                   transaction).
// Usage: peony_automation_bench [jobs=100000] [writes=2000]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "app/automation.h"
#include "platform/access/principal.h"
#include "platform/migrations.h"
#include "storage/crypto/key_ring.h"
#include "storage/migrations/migrations.h"

namespace peony {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

void Check(const Status& s, const char* what) {
  if (!s.ok()) {
    std::cerr << what << ": " << s.error().code << " " << s.error().message_en << "\n";
    std::exit(1);
  }
}

std::unique_ptr<storage::Db> Open(const std::string& url, int pool) {
  auto db = storage::OpenDb({url, pool});
  if (!db.ok()) {
    std::cerr << "open " << db.error().code << "\n";
    std::exit(1);
  }
  return std::move(*db);
}

void Seed(storage::Db& db, int64_t n) {
  const UtcMillis now = SystemClock::Instance().Now();
  Check(db.WriteTx([&](storage::Conn& c) -> Status {
    PEONY_CHECK(c.ExecScript("CREATE TABLE IF NOT EXISTS bench_effects (job_id BIGINT)"));
    for (int64_t i = 0; i < n; ++i) {
      jobs::JobSpec spec{"bench.effect", 1, {{"i", i}}, now, "bench:" + std::to_string(i)};
      PEONY_TRY(auto id, jobs::Enqueue(c, SystemClock::Instance(), spec));
      (void)id;
    }
    return Ok();
  }),
        "seed");
}

jobs::Handler Effect() {
  return [](jobs::JobRun& run) {
    return run.Complete([&](storage::Conn& c) {
      return StatusOf(c.Exec("INSERT INTO bench_effects (job_id) VALUES (?)", {run.job().id}));
    });
  };
}

// Runs the queues' RunDue on `threads` threads each until nothing is due; prints the figures.
void Drain(const char* label, std::vector<storage::Db*> dbs, int threads_per_db, int64_t n) {
  std::vector<std::unique_ptr<jobs::Queue>> queues;
  for (size_t i = 0; i < dbs.size(); ++i) {
    jobs::QueueOptions o;
    o.owner = "bench-" + std::to_string(i);
    o.batch = 64;
    queues.push_back(std::make_unique<jobs::Queue>(*dbs[i], SystemClock::Instance(), o));
    queues.back()->Register("bench.effect", Effect());
  }
  std::atomic<int64_t> done{0};
  const auto t0 = Clock::now();
  std::vector<std::thread> threads;
  for (auto& q : queues) {
    for (int t = 0; t < threads_per_db; ++t) {
      threads.emplace_back([&q, &done] {
        auto r = q->RunDue();
        if (r.ok()) done += r->done;
      });
    }
  }
  for (auto& t : threads) t.join();
  const double s = Seconds(t0, Clock::now());
  int64_t effects = 0, distinct = 0;
  Check(dbs[0]->ReadTx([&](storage::Conn& c) -> Status {
    PEONY_TRY(auto r, c.Query("SELECT COUNT(*), COUNT(DISTINCT job_id) FROM bench_effects"));
    effects = r.Int(0, 0);
    distinct = r.Int(0, 1);
    return Ok();
  }),
        "count");
  std::cout << label << ": " << n << " due jobs drained in " << s << " s (" << int64_t(n / s)
            << " jobs/s); ran " << done.load() << ", effects " << effects << ", distinct "
            << distinct << (effects == n && distinct == n ? " — none twice, none lost" : " — WRONG")
            << "\n";
}

void JobsBench(int64_t n) {
  const std::string dir = std::filesystem::temp_directory_path() / "peony-automation-bench";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    auto db = Open("sqlite:" + dir + "/jobs.db", 4);
    Check(storage::Migrate(*db, platform::Migrations()), "migrate");
    Seed(*db, n);
    Drain("jobs drain, SQLite, 1 process × 2 threads", {db.get()}, 2, n);
  }
  if (const char* pg = std::getenv("PEONY_BENCH_PG"); pg && *pg) {
    auto a = Open(pg, 4);
    Check(a->WriteTx([](storage::Conn& c) {
      return c.ExecScript(
          "DROP SCHEMA IF EXISTS automation_bench CASCADE; CREATE SCHEMA automation_bench");
    }),
          "schema");
    const std::string url = std::string(pg) +
                            (std::string(pg).find('?') == std::string::npos ? "?" : "&") +
                            "options=-csearch_path%3Dautomation_bench";
    auto db1 = Open(url, 4);
    auto db2 = Open(url, 4);
    Check(storage::Migrate(*db1, platform::Migrations()), "migrate pg");
    Seed(*db1, n);
    Drain("jobs drain, PostgreSQL, 2 processes × 2 threads", {db1.get(), db2.get()}, 2, n);
    Check(a->WriteTx([](storage::Conn& c) {
      return c.ExecScript("DROP SCHEMA automation_bench CASCADE");
    }),
          "drop");
  }
  std::filesystem::remove_all(dir);
}

// Median create time with `rules` matching rules.
double MedianCreateMs(int rules, int writes) {
  const std::string dir =
      std::filesystem::temp_directory_path() / ("peony-rules-bench-" + std::to_string(rules));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto db = Open("sqlite:" + dir + "/rules.db", 4);
  Check(storage::Migrate(*db, platform::Migrations()), "migrate");
  Check(db->WriteTx([](storage::Conn& c) -> Status {
    return StatusOf(
        c.Exec("INSERT INTO orgs (name, time_zone, created_at) VALUES "
               "('bench', 'Asia/Shanghai', 0)"));
  }),
        "org");
  auto keys = storage::crypto::KeyRing::Generate();
  const auto& clock = SystemClock::Instance();
  schema::CatalogStore catalog(*db, clock);
  records::Records records(*db, catalog, clock, keys);
  app::Automation automation(*db, catalog, records, keys, clock, {});
  access::Principal admin;
  admin.org_id = 1;
  admin.user_id = 0;
  admin.permissions = {"*"};
  admin.scopes["*"] = access::Scope::kAll;
  schema::EntitySpec spec{"treatment", "治疗记录", {}, {}, false};
  spec.fields.push_back({"item", "治疗项目", "text", false, false, false, {}});
  spec.fields.push_back({"status", "状态", "text", false, false, false, {}});
  auto created = catalog.CreateEntity(1, spec, access::Actor{0, "bench", ""});
  Check(StatusOf(created), "entity");
  for (int i = 0; i < rules; ++i) {
    boost::json::value rule = boost::json::object{
        {"name", "r" + std::to_string(i)},
        {"entity", "treatment"},
        {"trigger", {{"type", "record_created"}}},
        {"condition", {{"field", "status"}, {"op", "eq"}, {"value", "done"}}},
        {"actions",
         boost::json::array{
             {{"type", "create_task"}, {"assignee", {{"user_id", 1}}}, {"title", "t"}}}}};
    Check(StatusOf(automation.rules->Create(admin, rule)), "rule");
  }
  std::vector<double> ms;
  const records::Caller who{admin, ""};
  for (int i = 0; i < writes; ++i) {
    const auto t0 = Clock::now();
    auto r = records.Create(who, "treatment", {{"item", "热玛吉"}, {"status", "done"}});
    ms.push_back(Seconds(t0, Clock::now()) * 1000);
    Check(StatusOf(r), "create");
  }
  std::sort(ms.begin(), ms.end());
  std::filesystem::remove_all(dir);
  return ms[ms.size() / 2];
}

}  // namespace
}  // namespace peony

int main(int argc, char** argv) {
  const int64_t jobs = argc > 1 ? std::atoll(argv[1]) : 100000;
  const int writes = argc > 2 ? std::atoi(argv[2]) : 2000;
  peony::JobsBench(jobs);
  const double base = peony::MedianCreateMs(0, writes);
  const double with20 = peony::MedianCreateMs(20, writes);
  std::cout << "rule matching, SQLite: median create " << base << " ms with no rules, " << with20
            << " ms with 20 matching rules (+" << (with20 - base) << " ms per write)\n";
  return 0;
}
