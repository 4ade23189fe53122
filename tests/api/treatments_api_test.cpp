// Over HTTP, on the medical-aesthetics template: a nurse records a treatment deducting a session
// with the customer's signature; the template's follow-up plan rule plans day 1/3/7/30 follow-ups
// for the customer's consultant (once per treatment); due lists, completion, before/after photos;
// refused requests with their codes writing nothing; parallel treatments on a three-session card.
#include <boost/json/serialize.hpp>
#include <thread>

#include "api/app_fixture.h"
#include "app/automation.h"
#include "common/time_zone.h"

namespace peony::test {
namespace {

namespace json = boost::json;

const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(64, 'p');

class TreatmentsApiTest : public AppTest {
 protected:
  void SetUp() override {
    jobs_workers_ = 0;  // the test runs the rule jobs itself
    AppTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    admin_ = Login("admin");
    Resp applied = Call("POST", "/api/v1/templates/medical-aesthetics/apply", "", admin_);
    ASSERT_EQ(applied.status, 200) << applied.body;
    Resp users = Call("GET", "/api/v1/users?limit=200", "", admin_, "");
    ASSERT_EQ(users.status, 200) << users.body;
    const json::value list = users.Json();
    for (const auto& u : list.at("items").as_array()) {
      user_ids_[std::string(u.at("username").as_string())] = u.at("id").as_int64();
    }
    ASSERT_GT(user_ids_["consultant"], 0);
    nurse_ = Login("nurse");
    consultant_ = Login("consultant");
    Resp c = Call(
        "POST", "/api/v1/data/customer",
        json::serialize(json::object{
            {"name", "王丽华"}, {"phone", "13800138000"}, {"consultant", user_ids_["consultant"]}}),
        admin_);
    ASSERT_EQ(c.status, 201) << c.body;
    customer_ = c.Json().at("id").as_int64();
    Resp other = Call("POST", "/api/v1/data/customer", R"({"name":"张敏"})", admin_);
    ASSERT_EQ(other.status, 201) << other.body;
    other_customer_ = other.Json().at("id").as_int64();
    Resp s =
        Call("POST", "/api/v1/data/service", R"({"name":"水光针","category":"injection"})", admin_);
    ASSERT_EQ(s.status, 201) << s.body;
    service_ = s.Json().at("id").as_int64();
  }

  int64_t Card(int64_t customer, int sessions) {
    Resp r = Call(
        "POST", "/api/v1/cards",
        json::serialize(json::object{{"customer_id", customer},
                                     {"kind", "count"},
                                     {"items", json::array{json::object{{"service_id", service_},
                                                                        {"sessions", sessions}}}}}),
        admin_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.Json().at("id").as_int64() : 0;
  }
  std::string Upload(const HeaderList& who) {
    Resp r = Call("POST", "/api/v1/files?name=photo.png", kPng, who, "image/png");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? std::string(r.Json().at("id").as_string()) : "";
  }
  json::object Body(int64_t card) {
    json::object b{{"customer_id", customer_}, {"service_id", service_}};
    if (card) {
      b["card_id"] = card;
      b["signature"] = Upload(nurse_);
    }
    return b;
  }
  Resp Record(const json::object& body, const HeaderList& who, const std::string& key = "") {
    HeaderList h = who;
    if (!key.empty()) h.emplace_back("Idempotency-Key", key);
    return Call("POST", "/api/v1/treatments", json::serialize(body), h);
  }
  int64_t SessionsLeft(int64_t card) {
    Resp r = Call("GET", "/api/v1/cards/" + std::to_string(card), "", admin_, "");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json().at("sessions_left").at(0).at("sessions").as_int64();
  }
  // Runs every job due by now (the rule's fire jobs) as `peony jobs run-due`.
  void RunDue() {
    ASSERT_EQ(app::RunJobsRunDue(config_, FormatRfc3339(SystemClock::Instance().Now() + 60'000)),
              0);
  }
  json::array List(const std::string& target, const HeaderList& who) {
    Resp r = Call("GET", target, "", who, "");
    EXPECT_EQ(r.status, 200) << target << " " << r.body;
    return r.status == 200 ? r.Json().at("items").as_array() : json::array{};
  }

  HeaderList admin_, nurse_, consultant_;
  std::map<std::string, int64_t> user_ids_;
  int64_t customer_ = 0, other_customer_ = 0, service_ = 0;
};

TEST_P(TreatmentsApiTest, ANurseRecordsATreatmentAndTheConsultantGetsTheFollowUpPlan) {
  const int64_t card = Card(customer_, 10);
  json::object body = Body(card);
  const std::string before = Upload(nurse_), after = Upload(nurse_);
  body["before_photos"] = json::array{before.c_str()};
  body["after_photos"] = json::array{after.c_str()};
  body["consumables"] =
      json::array{json::object{{"name", "玻尿酸"}, {"lot_no", "L2301"}, {"quantity", 1}}};
  Resp r = Record(body, nurse_, "treat-1");
  ASSERT_EQ(r.status, 201) << r.body;
  const json::value answer = r.Json();
  const int64_t treatment = answer.at("treatment").at("id").as_int64();
  EXPECT_EQ(answer.at("treatment").at("consultant").as_int64(), user_ids_["consultant"]);
  EXPECT_EQ(answer.at("entry").at("sessions").as_int64(), -1);
  EXPECT_EQ(answer.at("card").at("sessions_left").at(0).at("sessions").as_int64(), 9);
  EXPECT_EQ(SessionsLeft(card), 9);
  Resp again = Record(body, nurse_, "treat-1");
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, r.body);
  EXPECT_EQ(again.Header("idempotent-replayed"), "true");
  EXPECT_EQ(SessionsLeft(card), 9);

  // The plan belongs to the treatment's branch, like the treatment.
  Resp branches = Call("GET", "/api/v1/branches", "", admin_, "");
  ASSERT_EQ(branches.status, 200) << branches.body;
  const int64_t branch = branches.Json().at("items").at(0).at("id").as_int64();
  const std::string treatment_url = "/api/v1/data/treatment/" + std::to_string(treatment);
  Resp moved =
      Call("PATCH", treatment_url, json::serialize(json::object{{"branch_id", branch}}), admin_);
  ASSERT_EQ(moved.status, 200) << moved.body;

  RunDue();
  EXPECT_EQ(CountRows("x_follow_up WHERE branch_id = " + std::to_string(branch)), 4);
  const std::string today =
      FormatDate(TimeZone::Find("Asia/Shanghai")->DateOf(SystemClock::Instance().Now()));
  json::array mine = List("/api/v1/me/follow-ups", consultant_);
  ASSERT_EQ(mine.size(), 4u);
  const int days[] = {1, 3, 7, 30};
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(mine[i].at("day").as_int64(), days[i]);
    EXPECT_EQ(mine[i].at("treatment").as_int64(), treatment);
    EXPECT_EQ(mine[i].at("customer_name").as_string(), "王丽华");
    EXPECT_EQ(mine[i].at("service_name").as_string(), "水光针");
    EXPECT_EQ(mine[i].at("status").as_string(), "pending");
  }
  EXPECT_EQ(CountRows("tasks WHERE title = '术后第1天回访：王丽华（水光针）' AND assignee_id = " +
                      std::to_string(user_ids_["consultant"])),
            1);
  const std::string tomorrow = FormatDate(AddDays(*ParseDate(today), 1));
  EXPECT_EQ(List("/api/v1/me/follow-ups?due_before=" + tomorrow, consultant_).size(), 1u);
  EXPECT_TRUE(List("/api/v1/me/follow-ups", nurse_).empty());

  // Completed again later: the plan is not made twice.
  const std::string rec = "/api/v1/data/treatment/" + std::to_string(treatment);
  ASSERT_EQ(Call("PATCH", rec, R"({"status":"in_progress"})", admin_).status, 200);
  ASSERT_EQ(Call("PATCH", rec, R"({"status":"completed"})", admin_).status, 200);
  RunDue();
  EXPECT_EQ(CountRows("x_follow_up"), 4);

  // Completing: the consultant her own; a bad score; the front desk someone else's.
  const std::string first = "/api/v1/follow-ups/" + std::to_string(mine[0].at("id").as_int64());
  Resp bad = Call("POST", first + "/complete",
                  R"({"status":"done","outcome":"恢复良好","satisfaction":6})", consultant_);
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.ErrorCode(), "follow_up.invalid");
  const HeaderList front = Login("frontdesk");
  Resp foreign = Call("POST", first + "/complete",
                      R"({"status":"done","outcome":"恢复良好","satisfaction":5})", front);
  EXPECT_EQ(foreign.status, 404);
  EXPECT_EQ(foreign.ErrorCode(), "follow_up.not_found");
  json::object done{{"status", "done"},
                    {"outcome", "恢复良好"},
                    {"satisfaction", 5},
                    {"photos", json::array{Upload(consultant_).c_str()}}};
  Resp ok = Call("POST", first + "/complete", json::serialize(done), consultant_);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.Json().at("status").as_string(), "done");
  EXPECT_EQ(ok.Json().at("satisfaction").as_int64(), 5);
  EXPECT_EQ(ok.Json().at("photos").as_array().size(), 1u);
  EXPECT_FALSE(ok.Json().at("completed_at").is_null());
  Resp twice = Call("POST", first + "/complete", json::serialize(done), consultant_);
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(twice.ErrorCode(), "follow_up.already_done");
  EXPECT_EQ(List("/api/v1/me/follow-ups", consultant_).size(), 3u);
  EXPECT_EQ(List("/api/v1/me/follow-ups?status=done", consultant_).size(), 1u);
  EXPECT_EQ(List("/api/v1/me/follow-ups?status=all", consultant_).size(), 4u);

  // Managers list the follow-ups of their branch's people; marketing manages none.
  const HeaderList manager = Login("manager");
  EXPECT_EQ(
      List("/api/v1/follow-ups?status=all&assignee_id=" + std::to_string(user_ids_["consultant"]),
           manager)
          .size(),
      4u);
  EXPECT_EQ(Call("GET", "/api/v1/follow-ups", "", Login("marketing"), "").status, 403);
  EXPECT_EQ(Call("GET", "/api/v1/follow-ups?status=later", "", manager, "").ErrorCode(),
            "follow_up.invalid");

  // The photos, paired per treatment.
  json::array photos = List("/api/v1/customers/" + std::to_string(customer_) + "/photos", nurse_);
  ASSERT_EQ(photos.size(), 1u);
  EXPECT_EQ(photos[0].at("treatment_id").as_int64(), treatment);
  EXPECT_EQ(photos[0].at("service").as_string(), "水光针");
  EXPECT_EQ(photos[0].at("before"), json::array{before.c_str()});
  EXPECT_EQ(photos[0].at("after"), json::array{after.c_str()});
  Resp nobody = Call("GET", "/api/v1/customers/999999/photos", "", nurse_, "");
  EXPECT_EQ(nobody.status, 404);
  EXPECT_EQ(nobody.ErrorCode(), "customer.not_found");
}

TEST_P(TreatmentsApiTest, RefusedTreatmentsAnswerTheirCodeAndWriteNothing) {
  const int64_t card = Card(customer_, 3);
  const int64_t theirs = Card(other_customer_, 3);
  const int64_t frozen = Card(customer_, 3);
  ASSERT_EQ(Call("POST", "/api/v1/cards/" + std::to_string(frozen) + "/freeze", "", admin_).status,
            200);
  const int64_t treatments = CountRows("x_treatment"), entries = CountRows("card_ledger");
  const int64_t follow_ups = CountRows("x_follow_up");
  auto expect = [&](const json::object& body, int status, const std::string& code,
                    const HeaderList* who = nullptr) {
    Resp r = Record(body, who ? *who : nurse_);
    EXPECT_EQ(r.status, status) << json::serialize(body) << " " << r.body;
    EXPECT_EQ(r.ErrorCode(), code) << json::serialize(body);
  };
  json::object unsigned_card = Body(card);
  unsigned_card.erase("signature");
  expect(unsigned_card, 422, "treatment.signature_required");
  json::object b = Body(0);
  b["customer_id"] = 999999;
  expect(b, 404, "customer.not_found");
  b = Body(0);
  b["service_id"] = 999999;
  expect(b, 422, "treatment.invalid");
  b = Body(card);
  b["sessions"] = 0;
  expect(b, 422, "treatment.invalid");
  b = Body(card);
  b["sessions"] = 1.5;
  expect(b, 422, "treatment.invalid");
  b = Body(card);
  b["sessions"] = 4;
  expect(b, 409, "card.insufficient_sessions");
  expect(Body(theirs), 409, "card.wrong_customer");
  expect(Body(frozen), 409, "card.frozen");
  b = Body(card);
  b["card_id"] = 999999;
  expect(b, 404, "card.not_found");
  b = Body(0);
  b["status"] = "cancelled";
  expect(b, 422, "treatment.invalid");
  b = Body(0);
  b["consumables"] = json::array{json::object{{"name", "玻尿酸"}, {"quantity", -1}}};
  expect(b, 422, "treatment.invalid");
  b = Body(0);
  b["before_photos"] = json::array{"notuploaded0000000000"};
  expect(b, 422, "treatment.invalid");
  b = Body(0);
  b["after_photos"] = json::array{Upload(admin_).c_str()};  // someone else's upload
  expect(b, 422, "treatment.invalid");
  b = Body(0);
  b["practitioner_id"] = 999999;
  expect(b, 422, "treatment.invalid");
  const HeaderList front = Login("frontdesk");  // no treatment.record
  expect(Body(card), 403, "auth.forbidden", &front);
  Resp broken = Call("POST", "/api/v1/treatments", "{", nurse_);
  EXPECT_EQ(broken.status, 400);
  EXPECT_EQ(broken.ErrorCode(), "request.invalid_json");

  // Follow-up routes.
  EXPECT_EQ(Call("POST", "/api/v1/follow-ups/999999/complete",
                 R"({"status":"done","outcome":"好","satisfaction":5})", nurse_)
                .ErrorCode(),
            "follow_up.not_found");
  EXPECT_EQ(
      Call("POST", "/api/v1/follow-ups/abc/complete", R"({"status":"unreachable"})", nurse_).status,
      404);
  EXPECT_EQ(Call("GET", "/api/v1/me/follow-ups?due_before=tomorrow", "", nurse_, "").status, 422);
  EXPECT_EQ(Call("GET", "/api/v1/customers/abc/photos", "", nurse_, "").ErrorCode(),
            "customer.not_found");

  RunDue();
  EXPECT_EQ(CountRows("x_treatment"), treatments);
  EXPECT_EQ(CountRows("card_ledger"), entries);
  EXPECT_EQ(CountRows("x_follow_up"), follow_ups);
  EXPECT_EQ(SessionsLeft(card), 3);
}

TEST_P(TreatmentsApiTest, ParallelTreatmentsOnAThreeSessionCardRecordExactlyThree) {
  const int64_t card = Card(customer_, 3);
  constexpr int kAttempts = 12;
  std::vector<std::string> bodies;
  for (int i = 0; i < kAttempts; ++i) bodies.push_back(json::serialize(Body(card)));
  std::vector<Resp> answers(kAttempts);
  std::vector<std::thread> threads;
  for (int i = 0; i < kAttempts; ++i) {
    threads.emplace_back([&, i] {
      HttpClient client(port());
      HeaderList h = nurse_;
      h.emplace_back("Content-Type", "application/json");
      h.emplace_back("Idempotency-Key", "parallel-" + std::to_string(i));
      answers[static_cast<size_t>(i)] =
          client.Send("POST", "/api/v1/treatments", bodies[static_cast<size_t>(i)], h);
    });
  }
  for (auto& t : threads) t.join();
  int created = 0;
  for (const auto& a : answers) {
    if (a.status == 201) {
      ++created;
    } else {
      EXPECT_EQ(a.status, 409) << a.body;
      EXPECT_EQ(a.ErrorCode(), "card.insufficient_sessions");
    }
  }
  EXPECT_EQ(created, 3);
  EXPECT_EQ(CountRows("x_treatment"), 3);
  EXPECT_EQ(CountRows("card_ledger WHERE card_id = " + std::to_string(card)), 4);
  EXPECT_EQ(SessionsLeft(card), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, TreatmentsApiTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::test
