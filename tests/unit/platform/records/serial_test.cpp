// Serial numbers on both engines: drawn on create in the record's transaction from
// serial_counters, per period and branch, never written by people, with no duplicates and no gaps
// under concurrent creates, and given back when a create rolls back.
#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "platform/records/records.h"
#include "unit/platform/records/records_fixture.h"

namespace peony::records::testing {
namespace {

// 1,790,000,000,000 ms is 2026-09-21 22:13:20 in Asia/Shanghai.
constexpr const char* kCard = R"({"name":"card","label":"档案","fields":[
  {"name":"code","label":"编码","type":"text","unique":true},
  {"name":"no","label":"档案号","type":"serial","options":{"pattern":"KH{YYYYMMDD}{000}"}},
  {"name":"branch_no","label":"门店号","type":"serial","options":{"pattern":"{BRANCH}-{YYYY}-{0000}"}},
  {"name":"ref","label":"引用","type":"formula",
     "options":{"expression":"\"#\" & {档案号}","result_type":"text"}}]})";

class SerialTest : public RecordsTest {
 protected:
  void SetUp() override {
    RecordsTest::SetUp();
    if (IsSkipped()) return;
    Define(kCard);
  }
  Result<boost::json::object> Create(std::string_view json) {
    return records_->Create(As(admin_), "card", Obj(json));
  }
  static std::string Text(const Result<boost::json::object>& r, std::string_view key) {
    if (!r.ok()) return "error:" + r.error().code;
    const auto* v = r->if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : "?";
  }
};

TEST_P(SerialTest, NumbersFollowThePatternPerDayAndPerBranch) {
  auto first = Create(R"({"code":"a"})");
  EXPECT_EQ(Text(first, "no"), "KH20260921001");
  EXPECT_EQ(Text(first, "branch_no"), "HQ-2026-0001");
  EXPECT_EQ(Text(first, "ref"), "#KH20260921001");  // formulas see the new number
  EXPECT_EQ(Text(Create(R"({"code":"b"})"), "no"), "KH20260921002");
  // Another branch counts on its own; the daily number does not care.
  auto pd = Create(R"({"code":"c","branch_id":2})");
  EXPECT_EQ(Text(pd, "branch_no"), "PD-2026-0001");
  EXPECT_EQ(Text(pd, "no"), "KH20260921003");
  // A new day in Shanghai (02:13 on the 22nd, still the 21st in UTC) starts again at 1.
  clock_.Advance(4 * 3600 * 1000);
  auto next_day = Create(R"({"code":"d"})");
  EXPECT_EQ(Text(next_day, "no"), "KH20260922001");
  EXPECT_EQ(Text(next_day, "branch_no"), "HQ-2026-0003");  // per year: a and b had 1 and 2
  // Numbers are searchable.
  ListQuery q;
  q.q = "20260922";
  auto found = records_->List(As(admin_), "card", q);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->items.size(), 1u);
  EXPECT_EQ(found->items.at(0).at("code").as_string(), "d");
}

TEST_P(SerialTest, PeopleCannotWriteASerialNumber) {
  auto r = Create(R"({"code":"a","no":"KH20260921999"})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "record.read_only");
  EXPECT_EQ(storage::testing::QueryInt(*db_, "SELECT COUNT(*) FROM x_card"), 0);
  EXPECT_EQ(storage::testing::QueryInt(*db_, "SELECT COUNT(*) FROM serial_counters"), 0);
  auto ok = Create(R"({"code":"a"})");
  ASSERT_TRUE(ok.ok());
  auto u = records_->Update(As(admin_), "card", ok->at("id").as_int64(), Obj(R"({"no":"x"})"),
                            std::nullopt);
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.error().code, "record.read_only");
  // An update keeps the number.
  auto kept = records_->Update(As(admin_), "card", ok->at("id").as_int64(), Obj(R"({"code":"b"})"),
                               std::nullopt);
  EXPECT_EQ(Text(kept, "no"), "KH20260921001");
}

TEST_P(SerialTest, ARolledBackCreateGivesItsNumberBack) {
  EXPECT_EQ(Text(Create(R"({"code":"a"})"), "no"), "KH20260921001");
  // The duplicate fails at the insert, after the number was drawn: the transaction rolls back.
  EXPECT_EQ(Text(Create(R"({"code":"a"})"), "no"), "error:record.duplicate");
  EXPECT_EQ(Text(Create(R"({"code":"b"})"), "no"), "KH20260921002");
}

TEST_P(SerialTest, EightThreadsCreatingTwentyFiveEachGetNumbersOneToTwoHundred) {
  constexpr int kThreads = 8;
  constexpr int kEach = 25;
  std::atomic<int> failures{0};
  std::vector<std::vector<std::string>> numbers(kThreads);
  std::vector<std::thread> threads;
  for (int thread_idx = 0; thread_idx < kThreads; ++thread_idx) {
    threads.emplace_back([&, thread_idx] {
      for (int i = 0; i < kEach; ++i) {
        auto r = records_->Create(
            As(admin_), "card",
            Obj(R"({"code":"t)" + std::to_string(thread_idx) + "-" + std::to_string(i) + "\"}"));
        if (!r.ok()) {
          ++failures;
          continue;
        }
        numbers[thread_idx].push_back(std::string(r->at("no").as_string()));
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  std::vector<std::string> all;
  for (const auto& n : numbers) all.insert(all.end(), n.begin(), n.end());
  std::sort(all.begin(), all.end());
  std::vector<std::string> expected;
  for (int n = 1; n <= kThreads * kEach; ++n) {
    std::string counter = std::to_string(n);
    expected.push_back("KH20260921" + std::string(3 - counter.size(), '0') + counter);
  }
  EXPECT_EQ(all, expected);  // every number once: no duplicate, no gap
  EXPECT_EQ(storage::testing::QueryInt(*db_, "SELECT COUNT(DISTINCT f_no) FROM x_card"),
            kThreads * kEach);
}

INSTANTIATE_TEST_SUITE_P(Engines, SerialTest, ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::records::testing
