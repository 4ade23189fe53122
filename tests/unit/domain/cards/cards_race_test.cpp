// Races on both engines: parallel deductions never overdraw a card, and one Idempotency-Key
// retried in parallel deducts once.
#include <atomic>
#include <thread>
#include <vector>

#include "domain/cards/cards.h"
#include "unit/domain/cards/cards_fixture.h"

namespace peony::domain::cards::testing {
namespace {

using CardRaceTest = CardsTest;

// Runs `fn(i)` on `n` threads started together.
template <class F>
void InParallel(int n, F fn) {
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  threads.reserve(n);
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      while (!go.load()) std::this_thread::yield();
      fn(i);
    });
  }
  go.store(true);
  for (auto& t : threads) t.join();
}

TEST_P(CardRaceTest, TwoHundredParallelDeductionsOnATenSessionCardTakeExactlyTen) {
  const int64_t svc = NewService("水光针");
  const int64_t card = CountCard(NewCustomer("王丽华"), svc, 10);
  std::atomic<int> ok{0}, insufficient{0}, other{0};
  InParallel(200, [&](int i) {
    DeductInput in;
    in.service_id = svc;
    auto r = cards_->Deduct(As(admin_), card, in, {"race-" + std::to_string(i), "h"});
    if (r.ok()) {
      ++ok;
    } else if (r.error().code == "card.insufficient_sessions") {
      ++insufficient;
    } else {
      ++other;
      ADD_FAILURE() << r.error().code << " " << r.error().message_en;
    }
  });
  EXPECT_EQ(ok.load(), 10);
  EXPECT_EQ(insufficient.load(), 190);
  EXPECT_EQ(other.load(), 0);
  const auto got = Read(card);
  EXPECT_EQ(got.at("sessions_left").at(0).at("sessions").as_int64(), 0);
  EXPECT_EQ(
      storage::testing::QueryInt(
          *db_, "SELECT COUNT(*) FROM card_ledger WHERE card_id = ? AND kind = 'deduct'", {card}),
      10);
  EXPECT_TRUE(Mismatches().empty());
}

TEST_P(CardRaceTest, FiftyParallelRetriesOfOneKeyDeductOnce) {
  const int64_t svc = NewService("水光针");
  const int64_t card = CountCard(NewCustomer("王丽华"), svc, 10);
  std::atomic<int> ok{0}, replayed{0};
  std::vector<std::string> bodies(50);
  InParallel(50, [&](int i) {
    DeductInput in;
    in.service_id = svc;
    auto r = cards_->Deduct(As(admin_), card, in, {"the-one-key", "same-request"});
    if (!r.ok()) {
      ADD_FAILURE() << r.error().code;
      return;
    }
    ++ok;
    if (r->replayed) ++replayed;
    bodies[i] = boost::json::serialize(r->body);
  });
  EXPECT_EQ(ok.load(), 50);
  EXPECT_EQ(replayed.load(), 49);
  for (const auto& b : bodies) EXPECT_EQ(b, bodies[0]);
  EXPECT_EQ(Read(card).at("sessions_left").at(0).at("sessions").as_int64(), 9);
  EXPECT_EQ(
      storage::testing::QueryInt(
          *db_, "SELECT COUNT(*) FROM card_ledger WHERE card_id = ? AND kind = 'deduct'", {card}),
      1);
}

INSTANTIATE_TEST_SUITE_P(Engines, CardRaceTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::domain::cards::testing
