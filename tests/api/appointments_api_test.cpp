// Over HTTP: availability, booking with an Idempotency-Key, the list, one appointment,
// reschedule, status, cancel, the waitlist and the scheduling routes — and for each, refused
// input answering its exact code and writing nothing.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/app_fixture.h"
#include "common/time_zone.h"

namespace peony::test {
namespace {

namespace json = boost::json;

class AppointmentsApiTest : public AppTest {
 protected:
  void SetUpClinic() {
    admin_ = Login("admin");
    const auto path = std::filesystem::read_symlink("/proc/self/exe").parent_path().parent_path() /
                      "templates" / "medical-aesthetics" / "entities.json";
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    const json::value doc = json::parse(text.str());
    for (const auto& e : doc.at("entities").as_array()) {
      Resp r = Call("POST", "/api/v1/schema/entities", json::serialize(e), admin_);
      ASSERT_EQ(r.status, 201) << r.body;
    }
    Resp b = Call("GET", "/api/v1/branches", "", admin_, "");
    ASSERT_EQ(b.status, 200) << b.body;
    const json::value bj = b.Json();
    const json::array& list = bj.is_array() ? bj.as_array() : bj.at("items").as_array();
    branch_ = list.at(0).at("id").as_int64();
    staff_ =
        Id(Call("POST", "/api/v1/data/staff",
                Obj({{"name", "张明远"}, {"skills", json::array{"注射"}}, {"branch_id", branch_}}),
                admin_));
    service_ = Id(Call("POST", "/api/v1/data/service",
                       Obj({{"name", "水光针"}, {"duration_min", 60}, {"required_skill", "注射"}}),
                       admin_));
    customer_ = Id(Call("POST", "/api/v1/data/customer",
                        Obj({{"name", "王丽华"}, {"branch_id", branch_}}), admin_));
    json::array week;
    for (int d = 0; d < 7; ++d) {
      week.push_back(json::object{
          {"branch_id", branch_}, {"weekday", d}, {"start", "00:00"}, {"end", "24:00"}});
    }
    Resp roster = Call("PUT", "/api/v1/appointments/rosters/" + std::to_string(staff_) + "/weekly",
                       Obj({{"weekly", week}}), admin_);
    ASSERT_EQ(roster.status, 200) << roster.body;
    const TimeZone zone = *TimeZone::Find("Asia/Shanghai");
    tomorrow_ = FormatDate(AddDays(zone.DateOf(SystemClock::Instance().Now()), 1));
    start_ = tomorrow_ + "T10:00:00+08:00";
  }
  static std::string Obj(json::object o) { return json::serialize(o); }
  static int64_t Id(const Resp& r) {
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.Json().at("id").as_int64() : 0;
  }
  Resp Post(const std::string& path, const std::string& body, const std::string& key = "") {
    HeaderList h = admin_;
    if (!key.empty()) h.emplace_back("Idempotency-Key", key);
    return Call("POST", path, body, h);
  }
  Resp Get(const std::string& path) { return Call("GET", path, "", admin_, ""); }
  std::string Booking(const std::string& start) {
    return Obj({{"customer_id", customer_},
                {"service_id", service_},
                {"branch_id", branch_},
                {"start", start}});
  }
  // The status and error code of a response, as one string: "422 appointment.invalid".
  static std::string Err(const Resp& r) { return std::to_string(r.status) + " " + r.ErrorCode(); }

  HeaderList admin_;
  int64_t branch_ = 0, staff_ = 0, service_ = 0, customer_ = 0;
  std::string tomorrow_, start_;
};

TEST_P(AppointmentsApiTest, AvailabilityAnswersSlotsAndRefusesBadQueries) {
  SetUpClinic();
  const std::string base =
      "/api/v1/appointments/availability?branch_id=" + std::to_string(branch_) +
      "&from=" + tomorrow_ + "&to=" + tomorrow_;
  Resp ok = Get(base + "&service_id=" + std::to_string(service_));
  ASSERT_EQ(ok.status, 200) << ok.body;
  const auto slots = ok.Json().at("slots").as_array();
  ASSERT_EQ(slots.size(), 93u);  // 00:00 … 23:00 every 15 minutes
  EXPECT_EQ(slots[40].at("start").as_string(), start_);
  EXPECT_EQ(slots[40].at("practitioner_ids").at(0).as_int64(), staff_);
  Resp seq =
      Get(base + "&service_ids=" + std::to_string(service_) + "," + std::to_string(service_));
  ASSERT_EQ(seq.status, 200) << seq.body;
  EXPECT_EQ(seq.Json().at("slots").at(0).at("segments").as_array().size(), 2u);

  EXPECT_EQ(Err(Get(base)), "422 appointment.invalid");
  EXPECT_EQ(Err(Get(base + "&service_id=abc")), "422 appointment.invalid");
  EXPECT_EQ(Err(Get(base + "&service_ids=1,,2")), "422 appointment.invalid");
  EXPECT_EQ(Err(Get(base + "&service_id=99999")), "422 appointment.unknown_service");
  const std::string svc = "&service_id=" + std::to_string(service_);
  EXPECT_EQ(Err(Get("/api/v1/appointments/availability?branch_id=" + std::to_string(branch_) +
                    "&from=2026-02-30&to=2026-03-01" + svc)),
            "422 appointment.invalid");
  EXPECT_EQ(Err(Get("/api/v1/appointments/availability?branch_id=" + std::to_string(branch_) +
                    "&from=2026-03-02&to=2026-03-01" + svc)),
            "422 appointment.invalid");
  EXPECT_EQ(Err(Get("/api/v1/appointments/availability?branch_id=" + std::to_string(branch_) +
                    "&from=2026-03-01&to=2026-04-15" + svc)),
            "422 appointment.invalid");
  EXPECT_EQ(Err(Get("/api/v1/appointments/availability?branch_id=99999&from=" + tomorrow_ +
                    "&to=" + tomorrow_ + svc)),
            "404 appointment.branch_not_found");
  EXPECT_EQ(Err(Get(base + svc + "&practitioner_id=99999")),
            "422 appointment.unknown_practitioner");
}

TEST_P(AppointmentsApiTest, BookingRefusalsWriteNothingAndAKeyBooksOnce) {
  SetUpClinic();
  auto none = [&] { return CountRows("appointments") == 0 && CountRows("x_appointment") == 0; };
  EXPECT_EQ(Err(Post("/api/v1/appointments", "{}")), "422 appointment.invalid");
  EXPECT_EQ(Err(Post("/api/v1/appointments", "not json")), "400 request.invalid_json");
  EXPECT_EQ(Err(Post("/api/v1/appointments", Booking("tomorrow at ten"))),
            "422 appointment.invalid");
  EXPECT_EQ(Err(Post("/api/v1/appointments", Booking("2020-01-01T10:00:00+08:00"))),
            "422 appointment.in_past");
  EXPECT_EQ(Err(Post("/api/v1/appointments", Obj({{"customer_id", 99999},
                                                  {"service_id", service_},
                                                  {"branch_id", branch_},
                                                  {"start", start_}}))),
            "404 appointment.customer_not_found");
  EXPECT_EQ(Err(Post("/api/v1/appointments", Obj({{"customer_id", customer_},
                                                  {"service_id", 99999},
                                                  {"branch_id", branch_},
                                                  {"start", start_}}))),
            "422 appointment.unknown_service");
  EXPECT_EQ(Err(Post("/api/v1/appointments", Obj({{"customer_id", customer_},
                                                  {"service_id", service_},
                                                  {"branch_id", 99999},
                                                  {"start", start_}}))),
            "404 appointment.branch_not_found");
  EXPECT_EQ(Err(Post("/api/v1/appointments", Obj({{"customer_id", customer_},
                                                  {"service_id", service_},
                                                  {"branch_id", branch_},
                                                  {"start", start_},
                                                  {"practitioner_id", 99999}}))),
            "422 appointment.unknown_practitioner");
  EXPECT_EQ(Err(Post("/api/v1/appointments", Booking(start_), std::string(300, 'k'))),
            "400 idempotency.invalid_key");
  EXPECT_TRUE(none());

  Resp made = Post("/api/v1/appointments", Booking(start_), "book-1");
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.Json().at("status").as_string(), "booked");
  EXPECT_EQ(made.Json().at("practitioner_id").as_int64(), staff_);
  Resp again = Post("/api/v1/appointments", Booking(start_), "book-1");
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, made.body);
  EXPECT_EQ(again.Header("idempotent-replayed"), "true");
  EXPECT_EQ(Err(Post("/api/v1/appointments", Booking(start_), "book-2")),
            "409 appointment.slot_taken");
  EXPECT_EQ(Err(Post("/api/v1/appointments", Booking(tomorrow_ + "T10:30:00+08:00"), "book-1")),
            "422 idempotency.key_reused");
  EXPECT_EQ(CountRows("appointments"), 1);
  EXPECT_EQ(CountRows("x_appointment"), 1);
}

TEST_P(AppointmentsApiTest, ListGetRescheduleStatusCancelAndWaitlist) {
  SetUpClinic();
  Resp made = Post("/api/v1/appointments", Booking(start_));
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string one = "/api/v1/appointments/" + std::to_string(made.Json().at("id").as_int64());

  Resp list =
      Get("/api/v1/appointments?branch_id=" + std::to_string(branch_) + "&from=" + tomorrow_ +
          "&to=" + tomorrow_ + "&practitioner_id=" + std::to_string(staff_));
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.Json().at("items").as_array().size(), 1u);
  EXPECT_EQ(list.Json().at("items").at(0).at("customer_name").as_string(), "王丽华");
  EXPECT_EQ(list.Json().at("items").at(0).at("practitioner_name").as_string(), "张明远");
  EXPECT_EQ(Err(Get("/api/v1/appointments?from=" + tomorrow_)), "422 appointment.invalid");
  EXPECT_EQ(
      Err(Get("/api/v1/appointments?from=" + tomorrow_ + "&to=" + tomorrow_ + "&status=lost")),
      "422 appointment.invalid");
  EXPECT_EQ(
      Err(Get("/api/v1/appointments?from=" + tomorrow_ + "&to=" + tomorrow_ + "&branch_id=99999")),
      "404 appointment.branch_not_found");

  Resp got = Get(one);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.Json().at("customer_name").as_string(), "王丽华");
  EXPECT_EQ(Err(Get("/api/v1/appointments/abc")), "404 appointment.not_found");
  EXPECT_EQ(Err(Get("/api/v1/appointments/99999")), "404 appointment.not_found");

  EXPECT_EQ(Err(Post(one + "/reschedule", "{}")), "422 appointment.invalid");
  EXPECT_EQ(Err(Post(one + "/reschedule", Obj({{"start", "soon"}}))), "422 appointment.invalid");
  EXPECT_EQ(Err(Post("/api/v1/appointments/99999/reschedule", Obj({{"start", start_}}))),
            "404 appointment.not_found");
  Resp moved = Post(one + "/reschedule", Obj({{"start", tomorrow_ + "T15:00:00+08:00"}}));
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.Json().at("start").as_string(), tomorrow_ + "T15:00:00+08:00");

  EXPECT_EQ(Err(Post(one + "/status", Obj({{"status", "done"}}))), "422 appointment.invalid");
  EXPECT_EQ(Err(Post(one + "/status", Obj({{"status", "completed"}}))),
            "409 appointment.bad_transition");
  Resp confirmed = Post(one + "/status", Obj({{"status", "confirmed"}}));
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_TRUE(confirmed.Json().at("confirmed_at").is_string());

  EXPECT_EQ(Err(Post(one + "/cancel", Obj({{"why", "x"}}))), "422 appointment.invalid");
  Resp cancelled = Post(one + "/cancel", Obj({{"reason", "客户改期"}}));
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.Json().at("status").as_string(), "cancelled");
  EXPECT_EQ(Err(Post(one + "/cancel", "")), "409 appointment.bad_transition");
  EXPECT_EQ(CountRows("appointment_occupancy"), 0);

  const std::string wait = "/api/v1/appointments/waitlist";
  EXPECT_EQ(Err(Post(wait, Obj({{"customer_id", customer_},
                                {"service_id", service_},
                                {"branch_id", branch_},
                                {"date", "2026-02-30"}}))),
            "422 appointment.invalid");
  EXPECT_EQ(Err(Post(wait, Obj({{"customer_id", customer_},
                                {"service_id", 99999},
                                {"branch_id", branch_},
                                {"date", tomorrow_}}))),
            "422 appointment.unknown_service");
  EXPECT_EQ(CountRows("appointment_waitlist"), 0);
  Resp waiting = Post(wait, Obj({{"customer_id", customer_},
                                 {"service_id", service_},
                                 {"branch_id", branch_},
                                 {"date", tomorrow_}}));
  ASSERT_EQ(waiting.status, 201) << waiting.body;
  EXPECT_EQ(waiting.Json().at("status").as_string(), "waiting");
}

TEST_P(AppointmentsApiTest, SchedulingRoutesRefuseBadInputAndWriteNothing) {
  SetUpClinic();
  const std::string roster = "/api/v1/appointments/rosters/" + std::to_string(staff_);
  const int64_t weekly = CountRows("appointment_roster_weekly");
  EXPECT_EQ(Err(Call("PUT", roster + "/weekly",
                     Obj({{"weekly", json::array{json::object{{"branch_id", branch_},
                                                              {"weekday", 7},
                                                              {"start", "09:00"},
                                                              {"end", "08:00"}}}}}),
                     admin_)),
            "422 appointment.invalid");
  EXPECT_EQ(Err(Call("PUT", "/api/v1/appointments/rosters/99999/weekly",
                     Obj({{"weekly", json::array{}}}), admin_)),
            "422 appointment.unknown_practitioner");
  EXPECT_EQ(CountRows("appointment_roster_weekly"), weekly);
  EXPECT_EQ(Err(Post(roster + "/days", Obj({{"date", tomorrow_}, {"kind", "holiday"}}))),
            "422 appointment.invalid");
  EXPECT_EQ(Err(Post(roster + "/days", Obj({{"date", tomorrow_}, {"kind", "shift"}}))),
            "422 appointment.invalid");
  EXPECT_EQ(Err(Post(roster + "/leave", Obj({{"start", start_}, {"end", start_}}))),
            "422 appointment.invalid");
  EXPECT_EQ(CountRows("appointment_roster_days") + CountRows("appointment_leave"), 0);
  EXPECT_EQ(Err(Call("PUT", "/api/v1/appointments/settings", Obj({{"slot_step_min", 7}}), admin_)),
            "422 appointment.invalid");
  EXPECT_EQ(
      Err(Call("PUT", "/api/v1/appointments/branches/" + std::to_string(branch_) + "/opening-hours",
               Obj({{"days", json::array{json::object{
                                 {"weekday", 1}, {"open", "21:00"}, {"close", "10:00"}}}}}),
               admin_)),
      "422 appointment.invalid");
  EXPECT_EQ(Err(Call("PUT", "/api/v1/appointments/branches/99999/opening-hours",
                     Obj({{"days", json::array{}}}), admin_)),
            "404 appointment.branch_not_found");
  EXPECT_EQ(CountRows("appointment_settings") + CountRows("appointment_opening_hours"), 0);
  EXPECT_EQ(Err(Call("DELETE", "/api/v1/appointments/leave/99999", "", admin_, "")),
            "404 appointment.not_found");
  EXPECT_EQ(Err(Get("/api/v1/appointments/rosters/99999")), "422 appointment.unknown_practitioner");

  // And the good paths: a day off empties tomorrow; the slot step narrows the starts.
  Resp off = Post(roster + "/days", Obj({{"date", tomorrow_}, {"kind", "off"}}));
  ASSERT_EQ(off.status, 201) << off.body;
  const std::string avail =
      "/api/v1/appointments/availability?branch_id=" + std::to_string(branch_) +
      "&from=" + tomorrow_ + "&to=" + tomorrow_ + "&service_id=" + std::to_string(service_);
  EXPECT_EQ(Get(avail).Json().at("slots").as_array().size(), 0u);
  Resp removed =
      Call("DELETE",
           "/api/v1/appointments/roster-days/" + std::to_string(off.Json().at("id").as_int64()), "",
           admin_, "");
  EXPECT_EQ(removed.status, 204) << removed.body;
  Resp step = Call("PUT", "/api/v1/appointments/settings", Obj({{"slot_step_min", 10}}), admin_);
  ASSERT_EQ(step.status, 200) << step.body;
  EXPECT_EQ(Get(avail).Json().at("slots").as_array().size(), 139u);  // 00:00 … 23:00 every 10
  Resp got = Get(roster);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.Json().at("weekly").as_array().size(), 7u);
}

INSTANTIATE_TEST_SUITE_P(Engines, AppointmentsApiTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::test
