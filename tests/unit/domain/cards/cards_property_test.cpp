// Property test (RapidCheck) on both engines: random sequences of deductions, top-ups, refunds,
// transfers, freezes and unfreezes on count, package and stored-value cards behave as a simple
// model says (each refusal with the model's code), and afterwards every balance and sessions
// count equals the model's and its ledger sum, none negative.
#include <rapidcheck.h>

#include <cstdlib>
#include <map>
#include <tuple>
#include <vector>

#include "domain/cards/cards.h"
#include "domain/cards/errors.h"
#include "unit/domain/cards/cards_fixture.h"

namespace peony::domain::cards::testing {
namespace {

struct Model {
  int64_t id = 0, customer = 0;
  Kind kind = Kind::kCount;
  std::string status = "active";
  int64_t balance = 0, gift = 0;
  int discount = 100;
  SpendOrder order = SpendOrder::kPrincipalFirst;
  std::map<int64_t, int64_t> left;
};

enum Op {
  kDeductSessions,
  kDeductAmount,
  kTopUp,
  kRefundPart,
  kRefundAll,
  kFreeze,
  kUnfreeze,
  kTransfer,
  kOps
};

// What the service must answer, and the model after it.
std::string Expect(Op op, Model& m, int64_t service, int64_t v, int64_t other_customer,
                   std::vector<Model>& cards) {
  const bool closed = m.status == "refunded" || m.status == "transferred";
  const bool frozen = m.status == "frozen";
  const bool stored = m.kind == Kind::kStoredValue;
  switch (op) {
    case kDeductSessions: {
      const int64_t n = 1 + v % 3;
      if (closed) return "card.closed";
      if (frozen) return "card.frozen";
      if (stored) return "card.wrong_kind";
      auto it = m.left.find(service);
      if (it == m.left.end()) return "card.service_not_on_card";
      if (it->second < n) return "card.insufficient_sessions";
      it->second -= n;
      return "ok";
    }
    case kDeductAmount: {
      if (closed) return "card.closed";
      if (frozen) return "card.frozen";
      if (!stored) return "card.wrong_kind";
      const int64_t charge = (v * m.discount + 50) / 100;
      if (charge > m.balance + m.gift) return "card.insufficient_balance";
      int64_t& first = m.order == SpendOrder::kGiftFirst ? m.gift : m.balance;
      int64_t& second = m.order == SpendOrder::kGiftFirst ? m.balance : m.gift;
      const int64_t take = std::min(first, charge);
      first -= take;
      second -= charge - take;
      return "ok";
    }
    case kTopUp:
      if (closed) return "card.closed";
      if (frozen) return "card.frozen";
      if (stored) {
        m.balance += v;
        m.gift += v / 10;
      } else {
        if (m.kind == Kind::kCount && !m.left.contains(service)) {
          return "card.service_not_on_card";
        }
        m.left[service] += 1 + v % 5;
      }
      return "ok";
    case kRefundPart:
      if (closed) return "card.closed";
      if (!stored) return "card.wrong_kind";
      if (v > m.balance) return "card.insufficient_balance";
      m.balance -= v;
      return "ok";
    case kRefundAll:
      if (closed) return "card.closed";
      m.balance = m.gift = 0;
      for (auto& kv : m.left) kv.second = 0;
      m.status = "refunded";
      return "ok";
    case kFreeze:
      if (closed) return "card.closed";
      if (frozen) return "card.frozen";
      m.status = "frozen";
      return "ok";
    case kUnfreeze:
      if (closed) return "card.closed";
      if (!frozen) return "card.not_frozen";
      m.status = "active";
      return "ok";
    case kTransfer: {
      if (closed) return "card.closed";
      if (frozen) return "card.frozen";
      Model to = m;
      to.customer = other_customer;
      m.balance = m.gift = 0;
      for (auto& kv : m.left) kv.second = 0;
      m.status = "transferred";
      cards.push_back(to);  // its id is filled in from the answer
      return "ok";
    }
    case kOps:
      break;
  }
  return "?";
}

using CardPropertyTest = CardsTest;

TEST_P(CardPropertyTest, RandomSequencesKeepEveryInvariant) {
  // 40 sequences per engine unless RC_PARAMS says otherwise (each step is a transaction).
  setenv("RC_PARAMS", "max_success=40", 0);
  const int64_t svc_a = NewService("水光针"), svc_b = NewService("热玛吉");
  const int64_t her = NewCustomer("王丽华"), friend_id = NewCustomer("孙悦");
  const bool passed = rc::check("card operations keep the ledger invariants", [&] {
    const auto steps = *rc::gen::container<std::vector<std::tuple<int, int, int, bool>>>(
        static_cast<size_t>(*rc::gen::inRange(1, 25)),
        rc::gen::tuple(rc::gen::inRange(0, static_cast<int>(kOps)), rc::gen::inRange(0, 16),
                       rc::gen::inRange(1, 1500), rc::gen::arbitrary<bool>()));
    std::vector<Model> cards;
    {
      Model count;
      count.customer = her;
      count.left = {{svc_a, 5}};
      count.id = CountCard(her, svc_a, 5);
      Model package;
      package.customer = her;
      package.kind = Kind::kPackage;
      package.left = {{svc_a, 3}, {svc_b, 2}};
      IssueInput in;
      in.customer_id = her;
      in.kind = Kind::kPackage;
      in.items = {{svc_a, 3}, {svc_b, 2}};
      package.id = Issue(in);
      Model value;
      value.customer = her;
      value.kind = Kind::kStoredValue;
      value.balance = 1000;
      value.gift = 200;
      value.discount = *rc::gen::inRange(50, 101);
      value.order =
          *rc::gen::arbitrary<bool>() ? SpendOrder::kGiftFirst : SpendOrder::kPrincipalFirst;
      value.id = StoredValueCard(her, 1000, 200, value.order, value.discount);
      cards = {count, package, value};
    }
    for (const auto& [op_index, which, v, use_b] : steps) {
      const Op op = static_cast<Op>(op_index);
      const size_t k = static_cast<size_t>(which) % cards.size();
      const int64_t service = use_b ? svc_b : svc_a;
      const int64_t other = cards[k].customer == her ? friend_id : her;
      const int64_t id = cards[k].id;
      const std::string want = Expect(op, cards[k], service, v, other, cards);
      Result<Answer> got = errors::NotFound();
      switch (op) {
        case kDeductSessions: {
          DeductInput in;
          in.service_id = service;
          in.sessions = 1 + v % 3;
          got = cards_->Deduct(As(admin_), id, in);
          break;
        }
        case kDeductAmount: {
          DeductInput in;
          in.amount_fen = v;
          got = cards_->Deduct(As(admin_), id, in);
          break;
        }
        case kTopUp: {
          TopUpInput in;
          if (cards[k].kind == Kind::kStoredValue) {
            in.amount_fen = v;
            in.gift_fen = v / 10;
          } else {
            in.items = {{service, 1 + v % 5}};
          }
          got = cards_->TopUp(As(admin_), id, in);
          break;
        }
        case kRefundPart: {
          RefundInput in;
          in.amount_fen = v;
          got = cards_->Refund(As(admin_), id, in);
          break;
        }
        case kRefundAll:
          got = cards_->Refund(As(admin_), id, {});
          break;
        case kFreeze:
          got = cards_->Freeze(As(admin_), id, {});
          break;
        case kUnfreeze:
          got = cards_->Unfreeze(As(admin_), id, {});
          break;
        case kTransfer: {
          TransferInput in;
          in.to_customer_id = other;
          got = cards_->Transfer(As(admin_), id, in);
          if (got.ok()) cards.back().id = got->body.at("new_card").at("id").as_int64();
          break;
        }
        case kOps:
          break;
      }
      RC_ASSERT(storage::testing::CodeOf(got) == want);
    }
    for (const Model& m : cards) {
      const auto card = Read(m.id);
      RC_ASSERT(card.at("balance_fen").as_int64() == m.balance);
      RC_ASSERT(card.at("gift_balance_fen").as_int64() == m.gift);
      RC_ASSERT(card.at("customer_id").as_int64() == m.customer);
      RC_ASSERT(m.balance >= 0 && m.gift >= 0);
      std::map<int64_t, int64_t> left;
      for (const auto& s : card.at("sessions_left").as_array()) {
        left[s.at("service_id").as_int64()] = s.at("sessions").as_int64();
      }
      RC_ASSERT(left == m.left);
      for (const auto& kv : left) RC_ASSERT(kv.second >= 0);
    }
    RC_ASSERT(Mismatches().empty());
  });
  EXPECT_TRUE(passed);
}

INSTANTIATE_TEST_SUITE_P(Engines, CardPropertyTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::domain::cards::testing
