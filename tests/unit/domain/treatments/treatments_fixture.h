// The cards fixture (both engines, an organisation with two branches and the template's customer,
// service, card_product and card entities) plus the template's treatment and follow_up entities,
// the blob store and the treatments services, for the treatments tests.
#pragma once

#include <memory>
#include <string>

#include "domain/treatments/follow_ups.h"
#include "domain/treatments/treatments.h"
#include "platform/files/files.h"
#include "unit/domain/cards/cards_fixture.h"

namespace peony::domain::treatments::testing {

inline const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(64, 'p');

class TreatmentsTest : public cards::testing::CardsTest {
 protected:
  void SetUp() override {
    cards::testing::CardsTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    for (const char* name : {"treatment", "follow_up"}) {
      const schema::EntitySpec spec = cards::testing::TemplateSpec(name);
      auto e = catalog_->CreateEntity(org_id_, spec, {});
      ASSERT_TRUE(e.ok()) << name << ": " << e.error().code << " " << e.error().message_en;
    }
    nurse_id_ = storage::testing::QueryInt(*db_, "SELECT id FROM users WHERE username = 'nurse'");
    other_id_ = storage::testing::QueryInt(*db_, "SELECT id FROM users WHERE username = 'doctor'");
    ASSERT_GT(nurse_id_, 0);
    nurse_ = Principal(
        nurse_id_,
        {"treatment.record", "data.customer.read", "data.card.read", "data.treatment.read"},
        access::Scope::kBranch, branch_a_);
    files_ = std::make_unique<files::Files>(*db_, *catalog_, clock_, *keys_);
    treatments_ = std::make_unique<Treatments>(*db_, *records_, *cards_, clock_);
    follow_ups_ = std::make_unique<FollowUps>(*db_, *records_, clock_);
  }

  // An image uploaded by `p`; its blob id.
  std::string Upload(const access::Principal& p) {
    auto r = files_->Upload(p, "127.0.0.1", "photo.png", "image/png", kPng);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().code);
    return r.ok() ? r->id : "";
  }
  // A body for a completed treatment of `service` for `customer` deducting from `card` (0: none),
  // signed by an upload of the nurse.
  TreatmentInput Input(int64_t customer, int64_t service, int64_t card) {
    TreatmentInput in;
    in.customer_id = customer;
    in.service_id = service;
    if (card) {
      in.card_id = card;
      in.signature = Upload(nurse_);
    }
    return in;
  }
  std::string CodeOf(const Status& s) { return s.ok() ? "ok" : s.error().code; }
  template <class T>
  std::string CodeOf(const Result<T>& r) {
    return r.ok() ? "ok" : r.error().code;
  }

  int64_t nurse_id_ = 0, other_id_ = 0;
  access::Principal nurse_;
  std::unique_ptr<files::Files> files_;
  std::unique_ptr<Treatments> treatments_;
  std::unique_ptr<FollowUps> follow_ups_;
};

}  // namespace peony::domain::treatments::testing
