// The durable job queue on both databases: idempotency keys, fenced completion, backoff and dead
// letters, deferral, two runners on one database, and a runner killed with SIGKILL mid-job.

#include "platform/jobs/jobs.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "platform/jobs/cron.h"
#include "platform/migrations.h"
#include "storage/migrations/migrations.h"
#include "unit/storage/db_fixture.h"

namespace peony::jobs {
namespace {

using storage::Conn;
using storage::testing::QueryInt;

constexpr UtcMillis kT0 = 1'800'000'000'000;

class JobsTest : public ::testing::TestWithParam<storage::testing::Engine> {
 protected:
  void SetUp() override {
    database_ = storage::testing::TestDatabase::Create(GetParam());
    if (!database_) GTEST_SKIP() << "engine not available";
    db_ = database_->Open();
    ASSERT_TRUE(storage::Migrate(*db_, platform::Migrations()).ok());
    ASSERT_TRUE(storage::testing::ExecScript(
                    *db_, "CREATE TABLE test_effects (job_id {{BIGINT}} NOT NULL, tag {{TEXT}})")
                    .ok());
  }

  std::optional<int64_t> Add(const std::string& key, UtcMillis due, int max_attempts = 8) {
    std::optional<int64_t> id;
    EXPECT_TRUE(db_->WriteTx([&](Conn& c) -> peony::Status {
                     JobSpec spec{"test.effect", 1, {{"n", 1}}, due, key, "", max_attempts};
                     PEONY_TRY(id, Enqueue(c, clock_, spec));
                     return Ok();
                   })
                    .ok());
    return id;
  }

  // A handler that writes one effect row in the job's completion.
  static Handler Effect(const std::string& tag) {
    return [tag](JobRun& run) {
      return run.Complete([&](Conn& c) -> peony::Status {
        return StatusOf(
            c.Exec("INSERT INTO test_effects (job_id, tag) VALUES (?, ?)", {run.job().id, tag}));
      });
    };
  }

  int64_t Effects() { return QueryInt(*db_, "SELECT COUNT(*) FROM test_effects"); }
  std::string JobStatus(int64_t id) {
    std::string s;
    EXPECT_TRUE(db_->ReadTx([&](Conn& c) -> peony::Status {
                     PEONY_TRY(auto r, c.Query("SELECT status FROM jobs WHERE id = ?", {id}));
                     s = r.Text(0, 0);
                     return Ok();
                   })
                    .ok());
    return s;
  }

  std::unique_ptr<storage::testing::TestDatabase> database_;
  std::unique_ptr<storage::Db> db_;
  ManualClock clock_{kT0};
};

TEST_P(JobsTest, AKeyIsUsedOnceAndOnlyDueJobsRun) {
  auto first = Add("k1", kT0 + 1000);
  ASSERT_TRUE(first.has_value());
  EXPECT_FALSE(Add("k1", kT0).has_value());  // same key: nothing new
  Queue q(*db_, clock_);
  q.Register("test.effect", Effect("a"));
  auto r = q.RunDue();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->done, 0);  // not due yet
  clock_.Set(kT0 + 1000);
  r = q.RunDue();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->done, 1);
  EXPECT_EQ(Effects(), 1);
  EXPECT_FALSE(Add("k1", kT0).has_value());  // done jobs keep their key
  EXPECT_EQ(q.RunDue()->done, 0);
}

TEST_P(JobsTest, ACancelledJobIsPlannedAgainWithTheSameKey) {
  ASSERT_TRUE(db_->WriteTx([&](Conn& c) -> peony::Status {
                   JobSpec spec{"test.effect", 1, {}, kT0, "k", "g"};
                   PEONY_TRY(auto id, Enqueue(c, clock_, spec));
                   EXPECT_TRUE(id.has_value());
                   PEONY_TRY(auto n, CancelGroup(c, clock_, "g"));
                   EXPECT_EQ(n, 1);
                   spec.due_at = kT0 + 5;
                   PEONY_TRY(auto again, Enqueue(c, clock_, spec));
                   EXPECT_EQ(again, id);
                   return Ok();
                 })
                  .ok());
  clock_.Set(kT0 + 5);
  Queue q(*db_, clock_);
  q.Register("test.effect", Effect("a"));
  EXPECT_EQ(q.RunDue()->done, 1);
}

TEST_P(JobsTest, FailuresBackOffThenDeadLetterWithTheLastError) {
  auto id = Add("k", kT0, 3);
  Queue q(*db_, clock_);
  int calls = 0;
  q.Register("test.effect", [&](JobRun& run) -> peony::Status {
    ++calls;
    // Effects of a failed attempt are rolled back.
    (void)run.Complete([](Conn& c) -> peony::Status {
      PEONY_CHECK(c.Exec("INSERT INTO test_effects (job_id) VALUES (0)"));
      return MakeError(ErrorKind::kUnavailable, "provider.down", "x", "provider down");
    });
    return MakeError(ErrorKind::kUnavailable, "provider.down", "x", "provider down");
  });
  EXPECT_EQ(q.RunDue()->failed, 1);
  EXPECT_EQ(JobStatus(*id), "pending");
  EXPECT_EQ(q.RunDue()->failed, 0);  // backing off: 30 s
  clock_.Advance(30'000);
  EXPECT_EQ(q.RunDue()->failed, 1);
  clock_.Advance(59'000);
  EXPECT_EQ(q.RunDue()->failed, 0);
  clock_.Advance(1'000);  // 60 s after the second attempt
  auto r = q.RunDue();
  EXPECT_EQ(r->dead, 1);
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(JobStatus(*id), "dead");
  EXPECT_EQ(Effects(), 0);
  std::string error;
  ASSERT_TRUE(db_->ReadTx([&](Conn& c) -> peony::Status {
                   PEONY_TRY(auto rows, c.Query("SELECT last_error FROM jobs WHERE id = ?", {*id}));
                   error = rows.Text(0, 0);
                   return Ok();
                 })
                  .ok());
  EXPECT_NE(error.find("provider.down"), std::string::npos) << error;
}

TEST_P(JobsTest, DeferMovesTheJobWithoutCountingAnAttempt) {
  auto id = Add("k", kT0, 1);
  Queue q(*db_, clock_);
  int calls = 0;
  q.Register("test.effect", [&](JobRun& run) -> peony::Status {
    if (++calls == 1) return run.Defer(kT0 + 60'000, "quiet hours");
    return Effect("late")(run);
  });
  EXPECT_EQ(q.RunDue()->deferred, 1);
  EXPECT_EQ(JobStatus(*id), "pending");
  clock_.Set(kT0 + 60'000);
  EXPECT_EQ(q.RunDue()->done, 1);  // max_attempts 1 was not used up by the deferral
  EXPECT_EQ(Effects(), 1);
}

TEST_P(JobsTest, ALateRunnerLosesItsLeaseAndItsEffects) {
  Add("k", kT0);
  QueueOptions slow_options;
  slow_options.owner = "slow";
  slow_options.lease_ms = 1000;
  QueueOptions fast_options;
  fast_options.owner = "fast";
  Queue slow(*db_, clock_, slow_options);
  Queue fast(*db_, clock_, fast_options);
  fast.Register("test.effect", Effect("fast"));
  peony::Status late = Ok();
  slow.Register("test.effect", [&](JobRun& run) -> peony::Status {
    // The slow runner stalls past its lease; the other one takes the job over and finishes it.
    clock_.Advance(1001);
    EXPECT_EQ(fast.RunDue()->done, 1);
    late = Effect("slow")(run);
    return late;
  });
  ASSERT_TRUE(slow.RunDue().ok());
  EXPECT_EQ(storage::testing::CodeOf(late), "jobs.lease_lost");
  EXPECT_EQ(Effects(), 1);
  EXPECT_EQ(QueryInt(*db_, "SELECT COUNT(*) FROM test_effects WHERE tag = 'fast'"), 1);
}

TEST_P(JobsTest, TwoRunnersOnOneDatabaseRunEachJobOnce) {
  constexpr int kJobs = 300;
  ASSERT_TRUE(db_->WriteTx([&](Conn& c) -> peony::Status {
                   for (int i = 0; i < kJobs; ++i) {
                     JobSpec spec{"test.effect", 1, {}, kT0, "k" + std::to_string(i)};
                     PEONY_TRY(auto id, Enqueue(c, clock_, spec));
                     (void)id;
                   }
                   return Ok();
                 })
                  .ok());
  // Two "processes": separate connections, two threads each.
  auto other_db = database_->Open();
  QueueOptions a, b;
  a.owner = "a";
  b.owner = "b";
  a.batch = b.batch = 8;
  Queue qa(*db_, clock_, a), qb(*other_db, clock_, b);
  qa.Register("test.effect", Effect("a"));
  qb.Register("test.effect", Effect("b"));
  std::atomic<int64_t> done{0};
  std::vector<std::thread> threads;
  for (Queue* q : {&qa, &qb, &qa, &qb}) {
    threads.emplace_back([q, &done] {
      auto r = q->RunDue();
      if (r.ok()) done += r->done;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(done.load(), kJobs);
  EXPECT_EQ(Effects(), kJobs);
  EXPECT_EQ(QueryInt(*db_, "SELECT COUNT(DISTINCT job_id) FROM test_effects"), kJobs);
}

// The child of the SIGKILL test: runs jobs, and stalls inside the 5th one until killed.
TEST_P(JobsTest, ChildRunnerForKillTest) {
  const char* url = std::getenv("PEONY_JOBS_CHILD_URL");
  const char* marker = std::getenv("PEONY_JOBS_CHILD_MARKER");
  if (!url || !marker) GTEST_SKIP() << "run by KilledRunner only";
  auto db = storage::OpenDb({url});
  ASSERT_TRUE(db.ok());
  QueueOptions o;
  o.owner = "child";
  o.lease_ms = 2000;
  o.batch = 4;
  Queue q(**db, SystemClock::Instance(), o);
  int n = 0;
  q.Register("test.effect", [&](JobRun& run) -> peony::Status {
    if (++n == 5) {
      std::ofstream(marker) << run.job().id;
      std::this_thread::sleep_for(std::chrono::minutes(5));  // killed meanwhile
    }
    return Effect("child")(run);
  });
  (void)q.RunDue();
}

TEST_P(JobsTest, AJobLeasedByAKilledRunnerRunsOnceAfterItsLeaseExpires) {
  constexpr int kJobs = 12;
  const UtcMillis now = SystemClock::Instance().Now();
  clock_.Set(now);
  for (int i = 0; i < kJobs; ++i) Add("k" + std::to_string(i), now);
  const std::string marker = ::testing::TempDir() + "peony-jobs-child-" + std::to_string(getpid());
  std::remove(marker.c_str());
  const std::string filter = std::string("--gtest_filter=*JobsTest.ChildRunnerForKillTest/") +
                             storage::testing::EngineName({GetParam(), 0});
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    setenv("PEONY_JOBS_CHILD_URL", database_->url().c_str(), 1);
    setenv("PEONY_JOBS_CHILD_MARKER", marker.c_str(), 1);
    execl("/proc/self/exe", "peony_tests", filter.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  for (int i = 0; i < 600 && !std::ifstream(marker).good(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(std::ifstream(marker).good()) << "the child never reached its 5th job";
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_EQ(Effects(), 4);  // four done before the kill; the 5th's effect never committed
  // Restart: a new runner, once the child's leases (2 s) have expired.
  clock_.Set(now + 10'000);
  Queue q(*db_, clock_);
  q.Register("test.effect", Effect("after"));
  auto r = q.RunDue();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Effects(), kJobs);
  EXPECT_EQ(QueryInt(*db_, "SELECT COUNT(DISTINCT job_id) FROM test_effects"), kJobs);
  EXPECT_EQ(QueryInt(*db_, "SELECT COUNT(*) FROM jobs WHERE status = 'done'"), kJobs);
  std::remove(marker.c_str());
}

INSTANTIATE_TEST_SUITE_P(Engines, JobsTest, ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

TEST(CronTest, NextOccurrencesInTheOrganisationsZone) {
  auto shanghai = TimeZone::Find("Asia/Shanghai");
  ASSERT_TRUE(shanghai.ok());
  auto monday9 = Cron::Parse("0 9 * * 1");
  ASSERT_TRUE(monday9.ok());
  // 2026-11-22 is a Sunday; the next Monday 09:00 in Shanghai is 01:00Z.
  const UtcMillis sunday = *ParseRfc3339("2026-11-22T12:00:00+08:00");
  EXPECT_EQ(FormatRfc3339(*monday9->Next(sunday, *shanghai)), "2026-11-23T01:00:00.000Z");
  auto every15 = Cron::Parse("*/15 * * * *");
  ASSERT_TRUE(every15.ok());
  EXPECT_EQ(FormatRfc3339(*every15->Next(*ParseRfc3339("2026-11-22T10:07:00Z"), *shanghai)),
            "2026-11-22T10:15:00.000Z");
  // A daylight-saving gap: 02:30 on 2027-03-14 does not exist in New York; it runs at 03:30.
  auto ny = TimeZone::Find("America/New_York");
  auto at230 = Cron::Parse("30 2 * * *");
  EXPECT_EQ(FormatRfc3339(*at230->Next(*ParseRfc3339("2027-03-14T00:00:00-05:00"), *ny)),
            "2027-03-14T07:30:00.000Z");
  EXPECT_FALSE(Cron::Parse("0 0 30 2 *")->Next(sunday, *shanghai).has_value());
  for (const char* bad : {"", "* * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *",
                          "* * * * 8", "*/0 * * * *", "a * * * *", "5-1 * * * *", "1,,2 * * * *"}) {
    auto c = Cron::Parse(bad);
    EXPECT_FALSE(c.ok()) << bad;
    if (!c.ok()) {
      EXPECT_EQ(c.error().code, "jobs.bad_cron") << bad;
    }
  }
}

}  // namespace
}  // namespace peony::jobs
