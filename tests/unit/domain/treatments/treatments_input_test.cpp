// The parsers of the treatments API: every failing key named, the signature rule, completions
// and the due-list filters.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "domain/treatments/input.h"

namespace peony::domain::treatments {
namespace {

namespace json = boost::json;

json::object Obj(std::string_view text) { return json::parse(text).as_object(); }

// The error code and the failing keys, "treatment.invalid: sessions, status".
template <class T>
std::string Failure(const Result<T>& r) {
  if (r.ok()) return "ok";
  std::string out = r.error().code + ":";
  const auto* d = r.error().details.if_object();
  const auto* fields = d ? d->if_contains("fields") : nullptr;
  if (fields && fields->is_object()) {
    for (const auto& kv : fields->as_object()) out += " " + std::string(kv.key());
  }
  return out;
}

TEST(TreatmentInput, AFullBodyIsRead) {
  auto r = ParseTreatment(Obj(R"({"customer_id":1,"service_id":2,"card_id":3,"sessions":2,
      "signature":"abcdefgh12","practitioner_id":4,"nurse_id":5,"consultant_id":6,
      "treated_at":"2026-03-01T10:00:00+08:00","status":"in_progress",
      "consumables":[{"product_id":7,"name":"玻尿酸","lot_no":"L1","quantity":1.5}],
      "reaction":"无","note":"好","before_photos":["photo-0001"],"after_photos":["photo-0002"],
      "next_session_on":"2026-04-01"})"));
  ASSERT_TRUE(r.ok()) << Failure(r);
  EXPECT_EQ(r->card_id, 3);
  EXPECT_EQ(r->sessions, 2);
  EXPECT_EQ(r->status, "in_progress");
  EXPECT_EQ(*r->treated_at, *ParseRfc3339("2026-03-01T02:00:00Z"));
  ASSERT_EQ(r->consumables.size(), 1u);
  EXPECT_EQ(r->consumables[0].quantity, 1.5);
  EXPECT_EQ(r->consumables[0].product_id, 7);
  EXPECT_EQ(FormatDate(*r->next_session_on), "2026-04-01");
}

TEST(TreatmentInput, DefaultsAreOneSessionCompletedNow) {
  auto r = ParseTreatment(Obj(R"({"customer_id":1,"service_id":2})"));
  ASSERT_TRUE(r.ok()) << Failure(r);
  EXPECT_EQ(r->sessions, 1);
  EXPECT_EQ(r->status, "completed");
  EXPECT_FALSE(r->treated_at);
  EXPECT_FALSE(r->card_id);
}

TEST(TreatmentInput, ACardWithoutSignatureIsSignatureRequired) {
  EXPECT_EQ(Failure(ParseTreatment(Obj(R"({"customer_id":1,"service_id":2,"card_id":3})"))),
            "treatment.signature_required: signature");
  // With other failures, the signature is named among them.
  EXPECT_EQ(
      Failure(ParseTreatment(Obj(R"({"customer_id":1,"service_id":2,"card_id":3,"sessions":0})"))),
      "treatment.invalid: sessions signature");
}

TEST(TreatmentInput, EveryWrongKeyIsNamed) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({})", "treatment.invalid: customer_id service_id"},
      {R"({"customer_id":"1","service_id":2.5})", "treatment.invalid: customer_id service_id"},
      {R"({"customer_id":-1,"service_id":2})", "treatment.invalid: customer_id"},
      {R"({"customer_id":1,"service_id":2,"sessions":101})", "treatment.invalid: sessions"},
      {R"({"customer_id":1,"service_id":2,"sessions":1.5})", "treatment.invalid: sessions"},
      {R"({"customer_id":1,"service_id":2,"status":"cancelled"})", "treatment.invalid: status"},
      {R"({"customer_id":1,"service_id":2,"treated_at":"yesterday"})",
       "treatment.invalid: treated_at"},
      {R"({"customer_id":1,"service_id":2,"next_session_on":"2026-02-30"})",
       "treatment.invalid: next_session_on"},
      {R"({"customer_id":1,"service_id":2,"balance_fen":5})", "treatment.invalid: balance_fen"},
      {R"({"customer_id":1,"service_id":2,"signature":"../etc/passwd"})",
       "treatment.invalid: signature"},
      {R"({"customer_id":1,"service_id":2,"before_photos":"photo-0001"})",
       "treatment.invalid: before_photos"},
      {R"({"customer_id":1,"service_id":2,"after_photos":["photo-0001","photo-0001"]})",
       "treatment.invalid: after_photos[1]"},
      {R"({"customer_id":1,"service_id":2,"after_photos":["a","b","c","d","e","f","g","h","i","j"]})",
       "treatment.invalid: after_photos"},
      {R"({"customer_id":1,"service_id":2,"consumables":[{"name":"玻尿酸","quantity":0}]})",
       "treatment.invalid: consumables[0].lot_no consumables[0].quantity"},
      {R"({"customer_id":1,"service_id":2,"consumables":[{"name":" ","lot_no":"L","quantity":1,"price":5}]})",
       "treatment.invalid: consumables[0].price consumables[0].name"},
      {R"({"customer_id":1,"service_id":2,"consumables":[1]})",
       "treatment.invalid: consumables[0]"},
      {R"({"customer_id":1,"service_id":2,"card_id":3,"signature":"abcdefgh12","status":"planned"})",
       "treatment.invalid: card_id"},
  };
  for (const auto& [body, want] : cases) {
    EXPECT_EQ(Failure(ParseTreatment(Obj(body))), want) << body;
  }
}

TEST(CompletionInput, DoneNeedsOutcomeAndASatisfactionFromOneToFive) {
  auto done = ParseCompletion(
      Obj(R"({"status":"done","outcome":"恢复良好","satisfaction":5,"photos":["photo-0001"]})"));
  ASSERT_TRUE(done.ok()) << Failure(done);
  EXPECT_EQ(done->satisfaction, 5);
  EXPECT_EQ(done->photos.size(), 1u);
  auto unreachable = ParseCompletion(Obj(R"({"status":"unreachable"})"));
  ASSERT_TRUE(unreachable.ok()) << Failure(unreachable);
  EXPECT_FALSE(unreachable->satisfaction);

  const std::pair<const char*, const char*> cases[] = {
      {R"({})", "follow_up.invalid: status"},
      {R"({"status":"pending"})", "follow_up.invalid: status"},
      {R"({"status":"done"})", "follow_up.invalid: outcome satisfaction"},
      {R"({"status":"done","outcome":"好","satisfaction":6})", "follow_up.invalid: satisfaction"},
      {R"({"status":"done","outcome":"好","satisfaction":0})", "follow_up.invalid: satisfaction"},
      {R"({"status":"done","outcome":"好","satisfaction":4.5})", "follow_up.invalid: satisfaction"},
      {R"({"status":"done","outcome":"好","satisfaction":"5"})", "follow_up.invalid: satisfaction"},
      {R"({"status":"unreachable","satisfaction":3})", "follow_up.invalid: satisfaction"},
      {R"({"status":"done","outcome":"好","satisfaction":3,"assignee":2})",
       "follow_up.invalid: assignee"},
  };
  for (const auto& [body, want] : cases) {
    EXPECT_EQ(Failure(ParseCompletion(Obj(body))), want) << body;
  }
}

TEST(FollowUpQuery, StatusDateAndAssigneeAreChecked) {
  auto q = ParseFollowUpQuery(std::nullopt, std::nullopt, std::nullopt);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->status, "pending");
  q = ParseFollowUpQuery("all", "2026-03-01", "12");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->assignee_id, 12);
  EXPECT_EQ(FormatDate(*q->due_before), "2026-03-01");
  EXPECT_EQ(Failure(ParseFollowUpQuery("open", "03/01/2026", "x1")),
            "follow_up.invalid: status due_before assignee_id");
  EXPECT_EQ(Failure(ParseFollowUpQuery(std::nullopt, std::nullopt, "0")),
            "follow_up.invalid: assignee_id");
}

}  // namespace
}  // namespace peony::domain::treatments
