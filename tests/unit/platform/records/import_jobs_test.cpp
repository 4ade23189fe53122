// ImportJobs: background imports are bounded, private to their owner and forgotten after a while.
#include "platform/records/import_jobs.h"

#include <future>
#include <thread>

#include "unit/platform/records/records_fixture.h"

namespace peony::records::testing {
namespace {

using namespace std::chrono_literals;

class ImportJobsTest : public RecordsTest {
 protected:
  void SetUp() override {
    RecordsTest::SetUp();
    if (IsSkipped()) return;
    Define(R"({"name":"client","label":"客户","fields":[
      {"name":"name","label":"姓名","type":"text","required":true},
      {"name":"note","label":"备注","type":"text"}]})");
  }
  std::shared_ptr<ImportPlan> Plan(const std::string& csv) {
    ImportOptions o;
    o.count_rows = true;
    auto plan = records_->PrepareImport(As(admin_), "client", csv, o);
    EXPECT_TRUE(plan.ok()) << plan.error().code;
    return plan.ok() ? *plan : nullptr;
  }
  std::string JobStatus(ImportJobs& jobs, const access::Principal& p, const std::string& id) {
    auto job = jobs.Get(p, "client", id);
    return job.ok() ? std::string(job->at("status").as_string()) : job.error().code;
  }
};

TEST_P(ImportJobsTest, AtMostMaxRunningJobsRunAndTheOthersAreRefused) {
  ImportJobs jobs(*records_, clock_, {.max_running = 1});
  // Hold the table so that the first job stays running: the SQLite writer (one at a time) or,
  // on PostgreSQL, a lock that inserts wait for.
  std::promise<void> holding, release;
  std::thread blocker([&] {
    (void)db_->WriteTx([&](storage::Conn& c) -> Status {
      if (c.dialect() == storage::Dialect::kPostgres) {
        PEONY_CHECK(c.ExecScript("LOCK TABLE x_client IN EXCLUSIVE MODE"));
      }
      holding.set_value();
      release.get_future().wait();
      return Ok();
    });
  });
  holding.get_future().wait();
  auto first = jobs.Start(admin_, "127.0.0.1", Plan("姓名\n甲\n乙\n"));
  ASSERT_TRUE(first.ok()) << first.error().code;
  EXPECT_EQ(first->at("status").as_string(), "running");
  EXPECT_EQ(first->at("progress").at("total").as_int64(), 2);
  auto second = jobs.Start(admin_, "127.0.0.1", Plan("姓名\n丙\n"));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, "import.busy");
  release.set_value();
  blocker.join();

  ASSERT_TRUE(jobs.WaitIdle(30s));
  const std::string id(first->at("id").as_string());
  auto done = jobs.Get(admin_, "client", id);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->at("status").as_string(), "done");
  EXPECT_EQ(done->at("created").as_int64(), 2);
  EXPECT_EQ(storage::testing::QueryInt(*db_, "SELECT COUNT(*) FROM x_client"), 2);
  // With the first finished, a new job may start.
  auto third = jobs.Start(admin_, "127.0.0.1", Plan("姓名\n丁\n"));
  EXPECT_TRUE(third.ok());
  ASSERT_TRUE(jobs.WaitIdle(30s));
}

TEST_P(ImportJobsTest, AJobIsVisibleToItsOwnerOnlyAndForgottenAfterAnHour) {
  ImportJobs jobs(*records_, clock_);
  auto started = jobs.Start(admin_, "127.0.0.1", Plan("姓名\n甲\n"));
  ASSERT_TRUE(started.ok());
  ASSERT_TRUE(jobs.WaitIdle(30s));
  const std::string id(started->at("id").as_string());
  EXPECT_EQ(JobStatus(jobs, admin_, id), "done");
  auto other = Principal(7, {"data.client.import", "data.client.create"}, access::Scope::kAll, 1);
  EXPECT_EQ(JobStatus(jobs, other, id), "import.job_not_found");
  EXPECT_EQ(jobs.Get(admin_, "other_entity", id).error().code, "import.job_not_found");
  EXPECT_EQ(JobStatus(jobs, admin_, "no-such-job"), "import.job_not_found");
  clock_.Advance(3600 * 1000 - 1);
  EXPECT_EQ(JobStatus(jobs, admin_, id), "done");
  clock_.Advance(1);
  EXPECT_EQ(JobStatus(jobs, admin_, id), "import.job_not_found");
}

TEST_P(ImportJobsTest, AJobWithBadRowsFailsWithItsReportAndWritesNothing) {
  ImportJobs jobs(*records_, clock_);
  auto started = jobs.Start(admin_, "127.0.0.1", Plan("姓名,备注\n甲,x\n,y\n"));
  ASSERT_TRUE(started.ok());
  ASSERT_TRUE(jobs.WaitIdle(30s));
  auto job = jobs.Get(admin_, "client", std::string(started->at("id").as_string()));
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->at("status").as_string(), "failed");
  EXPECT_EQ(job->at("error").at("code").as_string(), "import.has_errors");
  EXPECT_EQ(job->at("errors").at(0).at("row").as_int64(), 3);
  EXPECT_EQ(job->at("errors").at(0).at("code").as_string(), "record.required");
  EXPECT_EQ(storage::testing::QueryInt(*db_, "SELECT COUNT(*) FROM x_client"), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, ImportJobsTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::records::testing
