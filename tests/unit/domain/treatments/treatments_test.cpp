// Recording treatments on both engines: the card deduction and the record in one transaction,
// refused deductions that write nothing, visibility, photos that are not the caller's, an
// Idempotency-Key, and parallel treatments on a three-session card.
#include <atomic>
#include <thread>
#include <vector>

#include "domain/treatments/errors.h"
#include "unit/domain/treatments/treatments_fixture.h"

namespace peony::domain::treatments::testing {
namespace {

namespace json = boost::json;

class TreatmentsServiceTest : public TreatmentsTest {
 protected:
  int64_t Treatments() { return Count("x_treatment"); }
  int64_t Entries() { return Count("card_ledger"); }
};

TEST_P(TreatmentsServiceTest, ACardTreatmentDeductsAndRecordsInOneTransaction) {
  const int64_t customer = NewCustomer("王丽华", branch_a_);
  const int64_t service = NewService("水光针");
  const int64_t card = CountCard(customer, service, 10);
  TreatmentInput in = Input(customer, service, card);
  in.practitioner_id = other_id_;
  in.consumables = {{std::nullopt, "玻尿酸", "L2301", 1}, {std::nullopt, "麻膏", "X9", 0.5}};
  in.before_photos = {Upload(nurse_)};
  in.after_photos = {Upload(nurse_)};
  in.reaction = "轻微红肿";

  auto r = treatments_->Record(As(nurse_), in);
  ASSERT_TRUE(r.ok()) << CodeOf(r);
  EXPECT_EQ(r->status, 201);
  const json::object& body = r->body.as_object();
  const json::object& t = body.at("treatment").as_object();
  EXPECT_EQ(t.at("card").as_int64(), card);
  EXPECT_EQ(t.at("sessions").as_int64(), 1);
  EXPECT_EQ(t.at("status").as_string(), "completed");
  EXPECT_EQ(t.at("practitioner").as_int64(), other_id_);
  EXPECT_EQ(t.at("branch_id").as_int64(), branch_a_);
  EXPECT_EQ(t.at("signature").at(0).at("id").as_string(), in.signature);
  EXPECT_EQ(t.at("signature").at(0).at("type").as_string(), "image/png");
  EXPECT_EQ(t.at("before_photos").as_array().size(), 1u);
  EXPECT_EQ(t.at("consumables").as_string(), "玻尿酸（批号 L2301）×1；麻膏（批号 X9）×0.5");
  EXPECT_EQ(body.at("entry").at("sessions").as_int64(), -1);
  EXPECT_EQ(body.at("card").at("sessions_left").at(0).at("sessions").as_int64(), 9);
  EXPECT_EQ(body.at("consumables").as_array().size(), 2u);
  EXPECT_EQ(LedgerText(card), "issue s+10\ndeduct s-1\n");
  const int64_t id = t.at("id").as_int64();
  EXPECT_EQ(storage::testing::QueryInt(
                *db_, "SELECT ledger_id FROM treatment_deductions WHERE treatment_id = " +
                          std::to_string(id)),
            body.at("entry").at("id").as_int64());
  EXPECT_EQ(storage::testing::QueryInt(
                *db_, "SELECT COUNT(*) FROM treatment_consumables WHERE treatment_id = " +
                          std::to_string(id) + " AND lot_no = 'L2301'"),
            1);
  EXPECT_TRUE(Mismatches().empty());
}

TEST_P(TreatmentsServiceTest, ATreatmentWithoutACardTakesTheCustomersConsultant) {
  auto c = records_->Create(
      As(admin_), "customer",
      json::object{{"name", "李娜"}, {"consultant", other_id_}, {"branch_id", branch_a_}});
  ASSERT_TRUE(c.ok()) << CodeOf(c);
  const int64_t service = NewService("光子嫩肤");
  TreatmentInput in = Input(c->at("id").as_int64(), service, 0);
  in.status = "planned";
  auto r = treatments_->Record(As(nurse_), in);
  ASSERT_TRUE(r.ok()) << CodeOf(r);
  EXPECT_EQ(r->body.at("treatment").at("consultant").as_int64(), other_id_);
  EXPECT_TRUE(r->body.at("card").is_null());
  EXPECT_TRUE(r->body.at("entry").is_null());
  EXPECT_EQ(Entries(), 0);
}

TEST_P(TreatmentsServiceTest, RefusedDeductionsWriteNoTreatment) {
  const int64_t customer = NewCustomer("王丽华", branch_a_);
  const int64_t other = NewCustomer("张敏", branch_a_);
  const int64_t service = NewService("水光针");
  const int64_t elsewhere = NewService("热玛吉");
  const int64_t one = CountCard(customer, service, 1);
  const int64_t theirs = CountCard(other, service, 5);
  const int64_t frozen = CountCard(customer, service, 5);
  ASSERT_TRUE(cards_->Freeze(As(admin_), frozen, {}).ok());
  cards::IssueInput expiring;
  expiring.customer_id = customer;
  expiring.items = {{service, 5}};
  expiring.valid_until = cards::testing::DateAfter(clock_.Now(), 1);
  const int64_t expired = Issue(expiring);
  ASSERT_TRUE(treatments_->Record(As(nurse_), Input(customer, service, one)).ok());
  const int64_t treatments = Treatments(), entries = Entries();

  EXPECT_EQ(CodeOf(treatments_->Record(As(nurse_), Input(customer, service, one))),
            "card.insufficient_sessions");
  EXPECT_EQ(CodeOf(treatments_->Record(As(nurse_), Input(customer, service, theirs))),
            "card.wrong_customer");
  EXPECT_EQ(CodeOf(treatments_->Record(As(nurse_), Input(customer, service, frozen))),
            "card.frozen");
  EXPECT_EQ(CodeOf(treatments_->Record(As(nurse_), Input(customer, elsewhere, theirs))),
            "card.wrong_customer");
  EXPECT_EQ(CodeOf(treatments_->Record(As(nurse_), Input(customer, 999999, theirs))),
            "treatment.invalid");
  EXPECT_EQ(CodeOf(treatments_->Record(As(nurse_), Input(customer, service, 999999))),
            "card.not_found");
  TreatmentInput many = Input(other, service, theirs);
  many.sessions = 6;
  EXPECT_EQ(CodeOf(treatments_->Record(As(nurse_), many)), "card.insufficient_sessions");
  clock_.Advance(3 * 86'400'000LL);
  EXPECT_EQ(CodeOf(treatments_->Record(As(nurse_), Input(customer, service, expired))),
            "card.expired");
  EXPECT_EQ(Treatments(), treatments);
  EXPECT_EQ(Entries(), entries);
  EXPECT_EQ(Count("treatment_deductions"), 1);
  EXPECT_TRUE(Mismatches().empty());
}

TEST_P(TreatmentsServiceTest, CustomersCardsAndUploadsOutsideTheCallersReachAreRefused) {
  const int64_t mine = NewCustomer("王丽华", branch_a_);
  const int64_t far = NewCustomer("远方客户", branch_b_);
  const int64_t service = NewService("水光针");
  const int64_t far_card = CountCard(far, service, 5);
  const int64_t treatments = Treatments(), entries = Entries();

  EXPECT_EQ(CodeOf(treatments_->Record(As(nurse_), Input(far, service, 0))), "customer.not_found");
  EXPECT_EQ(CodeOf(treatments_->Record(As(nurse_), Input(424242, service, 0))),
            "customer.not_found");
  EXPECT_EQ(CodeOf(treatments_->Record(As(nurse_), Input(mine, service, far_card))),
            "card.not_found");
  // A photo someone else uploaded cannot be attached by the nurse.
  const access::Principal doctor =
      Principal(other_id_, {"data.customer.read"}, access::Scope::kAll, branch_a_);
  TreatmentInput foreign = Input(mine, service, 0);
  foreign.before_photos = {Upload(doctor)};
  auto r = treatments_->Record(As(nurse_), foreign);
  ASSERT_EQ(CodeOf(r), "treatment.invalid");
  EXPECT_TRUE(r.error().details.at("fields").as_object().contains("before_photos"));
  TreatmentInput ghost = Input(mine, service, 0);
  ghost.practitioner_id = 999999;
  r = treatments_->Record(As(nurse_), ghost);
  ASSERT_EQ(CodeOf(r), "treatment.invalid");
  EXPECT_TRUE(r.error().details.at("fields").as_object().contains("practitioner_id"));
  EXPECT_EQ(Treatments(), treatments);
  EXPECT_EQ(Entries(), entries);
}

TEST_P(TreatmentsServiceTest, AnIdempotencyKeyRecordsAndDeductsOnce) {
  const int64_t customer = NewCustomer("王丽华", branch_a_);
  const int64_t service = NewService("水光针");
  const int64_t card = CountCard(customer, service, 5);
  const TreatmentInput in = Input(customer, service, card);
  const cards::Idempotency idem{"treat-1", "hash-1"};
  auto first = treatments_->Record(As(nurse_), in, idem);
  ASSERT_TRUE(first.ok()) << CodeOf(first);
  auto again = treatments_->Record(As(nurse_), in, idem);
  ASSERT_TRUE(again.ok()) << CodeOf(again);
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->body, first->body);
  EXPECT_EQ(CodeOf(treatments_->Record(As(nurse_), in, {"treat-1", "hash-2"})),
            "idempotency.key_reused");
  EXPECT_EQ(Treatments(), 1);
  EXPECT_EQ(LedgerText(card), "issue s+5\ndeduct s-1\n");
}

TEST_P(TreatmentsServiceTest, ParallelTreatmentsOnAThreeSessionCardRecordExactlyThree) {
  const int64_t customer = NewCustomer("王丽华", branch_a_);
  const int64_t service = NewService("水光针");
  const int64_t card = CountCard(customer, service, 3);
  constexpr int kAttempts = 12;
  std::vector<TreatmentInput> inputs;
  for (int i = 0; i < kAttempts; ++i) inputs.push_back(Input(customer, service, card));
  std::atomic<int> ok{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kAttempts; ++i) {
    threads.emplace_back([&, i] {
      auto r = treatments_->Record(As(nurse_), inputs[static_cast<size_t>(i)]);
      if (r.ok()) {
        ++ok;
      } else if (r.error().code == "card.insufficient_sessions") {
        ++refused;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 3);
  EXPECT_EQ(refused.load(), kAttempts - 3);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Treatments(), 3);
  EXPECT_EQ(LedgerText(card), "issue s+3\ndeduct s-1\ndeduct s-1\ndeduct s-1\n");
  EXPECT_TRUE(Mismatches().empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, TreatmentsServiceTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::domain::treatments::testing
