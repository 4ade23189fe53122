// The cards service on both engines: issuing, each change and its ledger entry, the refusals that
// write nothing, visibility, idempotency and the ledger check.
#include "domain/cards/cards.h"

#include <boost/json/serialize.hpp>

#include "domain/cards/errors.h"
#include "unit/domain/cards/cards_fixture.h"

namespace peony::domain::cards::testing {
namespace {

namespace json = boost::json;
using storage::testing::CodeOf;

int64_t Left(const json::object& card, int64_t service) {
  for (const auto& s : card.at("sessions_left").as_array()) {
    if (s.at("service_id").as_int64() == service) return s.at("sessions").as_int64();
  }
  return -1;
}

DeductInput Sessions(int64_t service, int64_t n = 1) {
  DeductInput in;
  in.service_id = service;
  in.sessions = n;
  return in;
}

DeductInput Amount(int64_t fen) {
  DeductInput in;
  in.amount_fen = fen;
  return in;
}

using CardsServiceTest = CardsTest;

TEST_P(CardsServiceTest, IssuingACountCardWritesTheRecordTheAccountAndTheLedger) {
  const int64_t her = NewCustomer("王丽华", branch_b_);
  const int64_t svc = NewService("水光针");
  const int64_t card = CountCard(her, svc, 10);
  ASSERT_GT(card, 0);
  const json::object got = Read(card);
  EXPECT_EQ(got.at("customer_id").as_int64(), her);
  EXPECT_EQ(got.at("kind").as_string(), "count");
  EXPECT_EQ(got.at("status").as_string(), "active");
  EXPECT_EQ(Left(got, svc), 10);
  EXPECT_EQ(got.at("branch_id").as_int64(), branch_b_);  // the customer's branch
  EXPECT_FALSE(got.at("card_no").as_string().empty());
  EXPECT_EQ(LedgerText(card), "issue s+10\n");
  auto record = records_->Get(As(admin_), "card", card);
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->at("customer").as_int64(), her);
  EXPECT_EQ(record->at("status").as_string(), "active");
  EXPECT_EQ(record->at("card_no").as_string(), got.at("card_no").as_string());
  EXPECT_TRUE(Mismatches().empty());
}

TEST_P(CardsServiceTest, DeductionsCountDownAndTheLastMarksTheRecordUsedUp) {
  const int64_t her = NewCustomer("王丽华");
  const int64_t svc = NewService("水光针");
  const int64_t card = CountCard(her, svc, 2);
  auto first = cards_->Deduct(As(admin_), card, Sessions(svc));
  ASSERT_TRUE(first.ok()) << first.error().code;
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(first->body.at("entry").at("kind").as_string(), "deduct");
  EXPECT_EQ(first->body.at("entry").at("sessions").as_int64(), -1);
  EXPECT_EQ(Left(first->body.at("card").as_object(), svc), 1);
  ASSERT_TRUE(cards_->Deduct(As(admin_), card, Sessions(svc)).ok());
  EXPECT_EQ(Read(card).at("status").as_string(), "used_up");
  EXPECT_EQ(records_->Get(As(admin_), "card", card)->at("status").as_string(), "used_up");
  EXPECT_EQ(LedgerText(card), "issue s+2\ndeduct s-1\ndeduct s-1\n");
}

TEST_P(CardsServiceTest, DeductionBeyondRemainingIsRefusedAndWritesNothing) {
  const int64_t svc = NewService("热玛吉");
  const int64_t card = CountCard(NewCustomer("李秀英"), svc, 2);
  const int64_t entries = Count("card_ledger");
  auto r = cards_->Deduct(As(admin_), card, Sessions(svc, 3));
  EXPECT_EQ(CodeOf(r), "card.insufficient_sessions");
  EXPECT_EQ(r.error().details.at("left").as_int64(), 2);
  EXPECT_EQ(Count("card_ledger"), entries);
  EXPECT_EQ(Left(Read(card), svc), 2);
}

TEST_P(CardsServiceTest, StoredValueSpendsInTheCardsOrderAfterItsDiscount) {
  const int64_t her = NewCustomer("张敏");
  // Principal first, 88 %: 1000 → 880 charged, 500 principal then 380 gift.
  const int64_t a = StoredValueCard(her, 500, 1000, SpendOrder::kPrincipalFirst, 88);
  auto r = cards_->Deduct(As(admin_), a, Amount(1000));
  ASSERT_TRUE(r.ok()) << r.error().code;
  EXPECT_EQ(r->body.at("card").at("balance_fen").as_int64(), 0);
  EXPECT_EQ(r->body.at("card").at("gift_balance_fen").as_int64(), 620);
  EXPECT_EQ(r->body.at("entry").at("amount_fen").as_int64(), 1000);
  // Gift first: 300 from gift, then 100 from principal.
  const int64_t b = StoredValueCard(her, 1000, 300, SpendOrder::kGiftFirst);
  ASSERT_TRUE(cards_->Deduct(As(admin_), b, Amount(400)).ok());
  EXPECT_EQ(LedgerText(b), "issue p+1000 g+300\ndeduct p-100 g-300\n");
  // More than both balances: refused, nothing written.
  auto over = cards_->Deduct(As(admin_), b, Amount(901));
  EXPECT_EQ(CodeOf(over), "card.insufficient_balance");
  EXPECT_EQ(over.error().details.at("available_fen").as_int64(), 900);
  EXPECT_EQ(Read(b).at("balance_fen").as_int64(), 900);
  EXPECT_TRUE(Mismatches().empty());
}

TEST_P(CardsServiceTest, FrozenCardsRefuseDeductionsUntilUnfrozen) {
  const int64_t svc = NewService("光子嫩肤");
  const int64_t card = CountCard(NewCustomer("刘芳"), svc, 5);
  ASSERT_TRUE(cards_->Freeze(As(admin_), card, {}).ok());
  EXPECT_EQ(Read(card).at("status").as_string(), "frozen");
  EXPECT_EQ(records_->Get(As(admin_), "card", card)->at("status").as_string(), "frozen");
  EXPECT_EQ(CodeOf(cards_->Deduct(As(admin_), card, Sessions(svc))), "card.frozen");
  EXPECT_EQ(CodeOf(cards_->Freeze(As(admin_), card, {})), "card.frozen");
  ASSERT_TRUE(cards_->Unfreeze(As(admin_), card, {}).ok());
  EXPECT_EQ(CodeOf(cards_->Unfreeze(As(admin_), card, {})), "card.not_frozen");
  EXPECT_TRUE(cards_->Deduct(As(admin_), card, Sessions(svc)).ok());
  EXPECT_EQ(LedgerText(card), "issue s+5\nfreeze\nunfreeze\ndeduct s-1\n");
}

TEST_P(CardsServiceTest, ExpiredCardsRefuseDeductionsAndATopUpCanRenewThem) {
  const int64_t svc = NewService("小气泡清洁");
  IssueInput in;
  in.customer_id = NewCustomer("陈静");
  in.kind = Kind::kTime;
  in.items = {{svc, std::nullopt}};  // unlimited
  in.valid_until = DateAfter(clock_.Now(), 1);
  const int64_t card = Issue(in);
  ASSERT_TRUE(cards_->Deduct(As(admin_), card, Sessions(svc, 3)).ok());
  EXPECT_TRUE(Read(card).at("sessions_left").at(0).at("unlimited").as_bool());
  clock_.Set(clock_.Now() + 2 * 86'400'000);
  EXPECT_EQ(Read(card).at("status").as_string(), "expired");
  auto r = cards_->Deduct(As(admin_), card, Sessions(svc));
  EXPECT_EQ(CodeOf(r), "card.expired");
  TopUpInput renew;
  renew.valid_until = DateAfter(clock_.Now(), 30);
  ASSERT_TRUE(cards_->TopUp(As(admin_), card, renew).ok());
  EXPECT_TRUE(cards_->Deduct(As(admin_), card, Sessions(svc)).ok());
  EXPECT_EQ(records_->Get(As(admin_), "card", card)->at("valid_until").as_string(),
            FormatDate(*renew.valid_until));
  EXPECT_TRUE(Mismatches().empty());
}

TEST_P(CardsServiceTest, WrongCustomerServiceOrKindIsRefusedAndWritesNothing) {
  const int64_t her = NewCustomer("王丽华"), other = NewCustomer("赵雪");
  const int64_t svc = NewService("水光针"), elsewhere = NewService("热玛吉");
  const int64_t count = CountCard(her, svc, 3);
  const int64_t value = StoredValueCard(her, 1000, 0);
  const int64_t entries = Count("card_ledger");
  DeductInput theirs = Sessions(svc);
  theirs.customer_id = other;
  EXPECT_EQ(CodeOf(cards_->Deduct(As(admin_), count, theirs)), "card.wrong_customer");
  EXPECT_EQ(CodeOf(cards_->Deduct(As(admin_), count, Sessions(elsewhere))),
            "card.service_not_on_card");
  EXPECT_EQ(CodeOf(cards_->Deduct(As(admin_), count, Amount(100))), "card.wrong_kind");
  EXPECT_EQ(CodeOf(cards_->Deduct(As(admin_), value, Sessions(svc))), "card.wrong_kind");
  EXPECT_EQ(CodeOf(cards_->Deduct(As(admin_), 999999, Sessions(svc))), "card.not_found");
  EXPECT_EQ(Count("card_ledger"), entries);
}

TEST_P(CardsServiceTest, IssuingWithAnUnknownServiceOrBadInputWritesNothing) {
  const int64_t her = NewCustomer("王丽华");
  IssueInput in;
  in.customer_id = her;
  in.kind = Kind::kCount;
  in.items = {{987654, 10}};
  EXPECT_EQ(CodeOf(cards_->Issue(As(admin_), in)), "card.unknown_service");
  in.items = {{NewService("水光针"), 10}};
  in.balance_fen = 100;  // not on a count card
  auto bad = cards_->Issue(As(admin_), in);
  EXPECT_EQ(CodeOf(bad), "card.invalid");
  EXPECT_TRUE(bad.error().details.at("fields").as_object().contains("balance_fen"));
  in.balance_fen = 0;
  in.customer_id = 987654;
  EXPECT_EQ(CodeOf(cards_->Issue(As(admin_), in)), "card.customer_not_found");
  in.customer_id = her;
  in.valid_until = DateAfter(clock_.Now(), -1);
  EXPECT_EQ(CodeOf(cards_->Issue(As(admin_), in)), "card.invalid");
  EXPECT_EQ(Count("card_accounts"), 0);
  EXPECT_EQ(Count("card_ledger"), 0);
  EXPECT_EQ(Count("x_card"), 0);
}

TEST_P(CardsServiceTest, CardsAndCustomersOutsideTheCallersScopeAreNotFound) {
  const int64_t in_a = NewCustomer("王丽华", branch_a_), in_b = NewCustomer("李秀英", branch_b_);
  const int64_t svc = NewService("水光针");
  const int64_t card_b = CountCard(in_b, svc, 5);
  const access::Principal clerk =
      Principal(7, {"data.card.read", "data.customer.read", "card.issue", "card.deduct"},
                access::Scope::kBranch, branch_a_);
  EXPECT_EQ(CodeOf(cards_->Get(As(clerk), card_b)), "card.not_found");
  EXPECT_EQ(CodeOf(cards_->Deduct(As(clerk), card_b, Sessions(svc))), "card.not_found");
  IssueInput in;
  in.customer_id = in_b;
  in.kind = Kind::kCount;
  in.items = {{svc, 3}};
  EXPECT_EQ(CodeOf(cards_->Issue(As(clerk), in)), "card.customer_not_found");
  EXPECT_EQ(Left(Read(card_b), svc), 5);
  // Her own branch's customer works, and the card lands in that branch.
  in.customer_id = in_a;
  auto mine = cards_->Issue(As(clerk), in);
  ASSERT_TRUE(mine.ok()) << mine.error().code;
  const int64_t card_a = mine->body.at("id").as_int64();
  EXPECT_TRUE(cards_->Deduct(As(clerk), card_a, Sessions(svc)).ok());
  EXPECT_TRUE(cards_->Get(As(clerk), card_a).ok());
}

TEST_P(CardsServiceTest, TransferMovesWhatIsLeftToANewCardOfTheOtherCustomer) {
  const int64_t her = NewCustomer("王丽华"), friend_id = NewCustomer("孙悦");
  const int64_t a = NewService("水光针"), b = NewService("热玛吉");
  IssueInput in;
  in.customer_id = her;
  in.kind = Kind::kPackage;
  in.items = {{a, 3}, {b, 2}};
  const int64_t card = Issue(in);
  ASSERT_TRUE(cards_->Deduct(As(admin_), card, Sessions(a)).ok());
  TransferInput t;
  t.to_customer_id = her;
  EXPECT_EQ(CodeOf(cards_->Transfer(As(admin_), card, t)), "card.invalid");
  t.to_customer_id = friend_id;
  auto r = cards_->Transfer(As(admin_), card, t);
  ASSERT_TRUE(r.ok()) << r.error().code;
  const int64_t fresh = r->body.at("new_card").at("id").as_int64();
  EXPECT_EQ(Read(card).at("status").as_string(), "transferred");
  EXPECT_EQ(Read(card).at("transferred_to").as_int64(), fresh);
  EXPECT_EQ(Read(fresh).at("customer_id").as_int64(), friend_id);
  EXPECT_EQ(Left(Read(fresh), a), 2);
  EXPECT_EQ(Left(Read(fresh), b), 2);
  EXPECT_EQ(LedgerText(card),
            "issue s+3\nissue s+2\ndeduct s-1\ntransfer_out s-2\ntransfer_out s-2\n");
  EXPECT_EQ(LedgerText(fresh), "transfer_in s+2\ntransfer_in s+2\n");
  EXPECT_EQ(CodeOf(cards_->Deduct(As(admin_), card, Sessions(a))), "card.closed");
  EXPECT_EQ(records_->Get(As(admin_), "card", card)->at("status").as_string(), "transferred");
  EXPECT_TRUE(Mismatches().empty());
}

TEST_P(CardsServiceTest, RefundsPayBackPrincipalPartlyOrCloseTheCard) {
  const int64_t card = StoredValueCard(NewCustomer("周婷"), 1000, 200);
  RefundInput part;
  part.amount_fen = 1001;
  EXPECT_EQ(CodeOf(cards_->Refund(As(admin_), card, part)), "card.insufficient_balance");
  part.amount_fen = 300;
  auto r = cards_->Refund(As(admin_), card, part);
  ASSERT_TRUE(r.ok()) << r.error().code;
  EXPECT_EQ(r->body.at("refunded_fen").as_int64(), 300);
  auto all = cards_->Refund(As(admin_), card, {});
  ASSERT_TRUE(all.ok()) << all.error().code;
  EXPECT_EQ(all->body.at("refunded_fen").as_int64(), 700);
  EXPECT_EQ(Read(card).at("status").as_string(), "refunded");
  EXPECT_EQ(LedgerText(card), "issue p+1000 g+200\nrefund p-300\nrefund p-700 g-200\n");
  EXPECT_EQ(CodeOf(cards_->Refund(As(admin_), card, {})), "card.closed");
  EXPECT_TRUE(Mismatches().empty());
}

TEST_P(CardsServiceTest, TopUpsAddBalancesOrSessionsOfTheRightKind) {
  const int64_t her = NewCustomer("王丽华");
  const int64_t svc = NewService("水光针"), other = NewService("热玛吉");
  const int64_t value = StoredValueCard(her, 100, 0);
  TopUpInput money;
  money.amount_fen = 5000;
  money.gift_fen = 500;
  ASSERT_TRUE(cards_->TopUp(As(admin_), value, money).ok());
  EXPECT_EQ(Read(value).at("balance_fen").as_int64(), 5100);
  const int64_t count = CountCard(her, svc, 1);
  EXPECT_EQ(CodeOf(cards_->TopUp(As(admin_), count, money)), "card.wrong_kind");
  TopUpInput more;
  more.items = {{other, 5}};
  EXPECT_EQ(CodeOf(cards_->TopUp(As(admin_), count, more)), "card.service_not_on_card");
  more.items = {{svc, 5}};
  ASSERT_TRUE(cards_->TopUp(As(admin_), count, more).ok());
  EXPECT_EQ(Left(Read(count), svc), 6);
  EXPECT_TRUE(Mismatches().empty());
}

TEST_P(CardsServiceTest, TheSameIdempotencyKeyDeductsOnceAndAnswersTheFirstAnswer) {
  const int64_t svc = NewService("水光针");
  const int64_t card = CountCard(NewCustomer("王丽华"), svc, 10);
  const Idempotency idem{"retry-1", "hash-a"};
  auto first = cards_->Deduct(As(admin_), card, Sessions(svc), idem);
  auto again = cards_->Deduct(As(admin_), card, Sessions(svc), idem);
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_FALSE(first->replayed);
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(json::serialize(first->body), json::serialize(again->body));
  EXPECT_EQ(Left(Read(card), svc), 9);
  EXPECT_EQ(CodeOf(cards_->Deduct(As(admin_), card, Sessions(svc, 2), {"retry-1", "hash-b"})),
            "idempotency.key_reused");
  EXPECT_EQ(CodeOf(cards_->Deduct(As(admin_), card, Sessions(svc), {"bad key", "h"})),
            "idempotency.invalid_key");
  // A refused request keeps nothing: the key may be used again once the card allows it.
  ASSERT_TRUE(cards_->Freeze(As(admin_), card, {}).ok());
  EXPECT_EQ(CodeOf(cards_->Deduct(As(admin_), card, Sessions(svc), {"retry-2", "h"})),
            "card.frozen");
  ASSERT_TRUE(cards_->Unfreeze(As(admin_), card, {}).ok());
  EXPECT_TRUE(cards_->Deduct(As(admin_), card, Sessions(svc), {"retry-2", "h"}).ok());
  EXPECT_EQ(Left(Read(card), svc), 8);
}

TEST_P(CardsServiceTest, TheLedgerCheckNamesACardWhoseBalanceWasTamperedWith) {
  const int64_t svc = NewService("水光针");
  const int64_t card = CountCard(NewCustomer("王丽华"), svc, 10);
  const int64_t value = StoredValueCard(NewCustomer("李秀英"), 1000, 0);
  EXPECT_TRUE(Mismatches().empty());
  ASSERT_TRUE(db_->WriteTx([&](storage::Conn& c) -> Status {
                   PEONY_CHECK(c.Exec(
                       "UPDATE card_sessions SET sessions_left = 11 WHERE card_id = ?", {card}));
                   PEONY_CHECK(c.Exec(
                       "UPDATE card_accounts SET balance_fen = 999 WHERE card_id = ?", {value}));
                   return Ok();
                 })
                  .ok());
  const auto problems = Mismatches();
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_NE(problems[0].find("card " + std::to_string(value)), std::string::npos) << problems[0];
  EXPECT_NE(problems[0].find("balance_fen 999 != ledger 1000"), std::string::npos) << problems[0];
  EXPECT_NE(problems[1].find("card " + std::to_string(card)), std::string::npos) << problems[1];
  EXPECT_NE(problems[1].find("11 left != ledger 10"), std::string::npos) << problems[1];
}

INSTANTIATE_TEST_SUITE_P(Engines, CardsServiceTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::domain::cards::testing
