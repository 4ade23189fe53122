// Over HTTP, without a login: the public booking page's API (page, slots, one-time code, book)
// with its refusals, rate limits, code expiry and attempts, the full flow to the staff's list, the
// mini program's API-key routes, and the phone kept out of logs and answers.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/app_fixture.h"
#include "common/log.h"
#include "common/time_zone.h"

namespace peony::test {
namespace {

namespace json = boost::json;

constexpr const char* kPhone = "13812345678";

class PublicBookingApiTest : public AppTest {
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
    base_ = "/api/v1/public/branches/" + std::to_string(branch_);
    staff_ =
        Id(Call("POST", "/api/v1/data/staff",
                Obj({{"name", "张明远"}, {"skills", json::array{"注射"}}, {"branch_id", branch_}}),
                admin_));
    service_ = Id(Call("POST", "/api/v1/data/service",
                       Obj({{"name", "水光针"},
                            {"duration_min", 60},
                            {"price", 68000},
                            {"required_skill", "注射"}}),
                       admin_));
    // Nobody rostered has the skill, and one is switched off: neither is on the page.
    unserved_ = Id(Call("POST", "/api/v1/data/service",
                        Obj({{"name", "双眼皮"}, {"required_skill", "手术"}}), admin_));
    inactive_ = Id(Call("POST", "/api/v1/data/service",
                        Obj({{"name", "停售项目"}, {"active", false}}), admin_));
    json::array week;
    for (int d = 0; d < 7; ++d) {
      week.push_back(json::object{
          {"branch_id", branch_}, {"weekday", d}, {"start", "00:00"}, {"end", "24:00"}});
    }
    Resp roster = Call("PUT", "/api/v1/appointments/rosters/" + std::to_string(staff_) + "/weekly",
                       Obj({{"weekly", week}}), admin_);
    ASSERT_EQ(roster.status, 200) << roster.body;
    Resp demo =
        Call("PUT", "/api/v1/appointments/self-booking", Obj({{"demo_codes", true}}), admin_);
    ASSERT_EQ(demo.status, 200) << demo.body;
    const TimeZone zone = *TimeZone::Find("Asia/Shanghai");
    today_ = zone.DateOf(SystemClock::Instance().Now());
    tomorrow_ = FormatDate(AddDays(today_, 1));
  }
  static std::string Obj(json::object o) { return json::serialize(o); }
  static int64_t Id(const Resp& r) {
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.Json().at("id").as_int64() : 0;
  }
  static std::string Err(const Resp& r) { return std::to_string(r.status) + " " + r.ErrorCode(); }
  // Without any cookie, CSRF token or key.
  Resp Public(std::string_view method, const std::string& path, const std::string& body = "") {
    return Call(method, path, body, {}, body.empty() ? "" : "application/json");
  }
  Resp Code(const std::string& phone) {
    return Public("POST", base_ + "/code", Obj({{"phone", phone}}));
  }
  std::string Start(const std::string& time) { return tomorrow_ + "T" + time + ":00+08:00"; }
  std::string Booking(const std::string& time, const std::string& phone, const std::string& code,
                      const std::string& name = "李小姐") {
    return Obj({{"service_id", service_},
                {"start", Start(time)},
                {"name", name},
                {"phone", phone},
                {"code", code}});
  }
  // Moves every code row `ms` into the past (as if sent earlier).
  void Age(int64_t ms) {
    auto db = database_->Open();
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->WriteTx([&](storage::Conn& c) -> Status {
                    return StatusOf(
                        c.Exec("UPDATE self_booking_codes SET created_at = created_at - ?", {ms}));
                  }).ok());
  }
  // Restarts the server on the same database with the access log on, so a test sees every line
  // a request writes.
  void RestartWithAccessLog() {
    client_.reset();
    app_->Stop();
    thread_.join();
    app_.reset();
    config_.access_log = true;
    app_ = std::make_unique<app::ServerApp>(SystemClock::Instance());
    ASSERT_TRUE(app_->Start(config_).ok());
    thread_ = std::thread([this] { app_->Run(); });
    client_ = std::make_unique<HttpClient>(app_->port());
    admin_ = Login("admin");
  }
  void Exec(const std::string& sql) {
    auto db = database_->Open();
    ASSERT_TRUE(db);
    ASSERT_TRUE(
        db->WriteTx([&](storage::Conn& c) -> Status { return StatusOf(c.Exec(sql)); }).ok());
  }
  std::string DemoCode(const std::string& phone) {
    Resp r = Code(phone);
    EXPECT_EQ(r.status, 202) << r.body;
    return r.status == 202 ? std::string(r.Json().at("demo_code").as_string()) : "";
  }

  HeaderList admin_;
  int64_t branch_ = 0, staff_ = 0, service_ = 0, unserved_ = 0, inactive_ = 0;
  std::string base_, tomorrow_;
  LocalDate today_;
};

TEST_P(PublicBookingApiTest, PageAndSlotsArePublicAndNameNoPractitioner) {
  SetUpClinic();
  Resp page = Public("GET", base_ + "/booking");
  ASSERT_EQ(page.status, 200) << page.body;
  const json::value pj = page.Json();
  EXPECT_EQ(pj.at("branch").at("id").as_int64(), branch_);
  const auto& services = pj.at("services").as_array();
  ASSERT_EQ(services.size(), 1u) << page.body;  // not the unserved nor the inactive one
  EXPECT_EQ(services[0].at("id").as_int64(), service_);
  EXPECT_EQ(services[0].at("name").as_string(), "水光针");
  EXPECT_EQ(services[0].at("duration_min").as_int64(), 60);
  EXPECT_EQ(services[0].at("price_fen").as_int64(), 68000);
  // The first bookable day is the clinic's today, in its zone, whatever the phone's clock says.
  EXPECT_EQ(pj.at("today").as_string(), FormatDate(today_));
  EXPECT_EQ(pj.at("time_zone").as_string(), "Asia/Shanghai");

  const std::string svc = "/slots?service_id=" + std::to_string(service_);
  Resp slots = Public("GET", base_ + svc + "&date=" + tomorrow_);
  ASSERT_EQ(slots.status, 200) << slots.body;
  const json::value sj = slots.Json();
  const auto& list = sj.at("slots").as_array();
  ASSERT_EQ(list.size(), 93u);  // 00:00 … 23:00 every 15 minutes
  EXPECT_EQ(list[40].at("start").as_string(), Start("10:00"));
  EXPECT_EQ(list[40].at("end").as_string(), Start("11:00"));
  EXPECT_EQ(list[40].as_object().size(), 2u);
  EXPECT_EQ(slots.body.find("practitioner"), std::string::npos);
  EXPECT_EQ(slots.body.find("张明远"), std::string::npos);

  EXPECT_EQ(Err(Public("GET", "/api/v1/public/branches/99999/booking")), "404 public.not_found");
  EXPECT_EQ(Err(Public("GET", "/api/v1/public/branches/abc/booking")), "404 public.not_found");
  EXPECT_EQ(Err(Public("GET", base_ + "/slots?date=" + tomorrow_)), "422 public.invalid");
  EXPECT_EQ(Err(Public("GET", base_ + "/slots?service_id=x&date=" + tomorrow_)),
            "422 public.invalid");
  EXPECT_EQ(Err(Public("GET", base_ + svc)), "422 public.invalid");
  EXPECT_EQ(Err(Public("GET", base_ + svc + "&date=2026-02-30")), "422 public.invalid");
  EXPECT_EQ(Err(Public("GET", base_ + svc + "&date=" + FormatDate(AddDays(today_, -1)))),
            "422 public.invalid");
  EXPECT_EQ(Err(Public("GET", base_ + svc + "&date=" + FormatDate(AddDays(today_, 31)))),
            "422 public.invalid");
  EXPECT_EQ(Public("GET", base_ + svc + "&date=" + FormatDate(AddDays(today_, 30))).status, 200);
  for (int64_t other : {unserved_, inactive_, int64_t{99999}}) {
    EXPECT_EQ(Err(Public("GET", base_ + "/slots?service_id=" + std::to_string(other) +
                                    "&date=" + tomorrow_)),
              "422 public.invalid");
  }

  // Switched off: the page and everything under it is gone.
  ASSERT_EQ(
      Call("PUT", "/api/v1/appointments/self-booking", Obj({{"enabled", false}}), admin_).status,
      200);
  EXPECT_EQ(Err(Public("GET", base_ + "/booking")), "404 public.not_found");
  EXPECT_EQ(Err(Public("GET", base_ + svc + "&date=" + tomorrow_)), "404 public.not_found");
  EXPECT_EQ(Err(Code(kPhone)), "404 public.not_found");
  EXPECT_EQ(Err(Call("PUT", "/api/v1/appointments/self-booking", Obj({{"enabled", "no"}}), admin_)),
            "422 public.invalid");
  EXPECT_EQ(Err(Call("PUT", "/api/v1/appointments/self-booking", Obj({{"colour", true}}), admin_)),
            "422 public.invalid");
  EXPECT_EQ(CountRows("self_booking_codes"), 0);
}

TEST_P(PublicBookingApiTest, CodeRefusalsAndRateLimitsPerPhoneAndAddress) {
  SetUpClinic();
  EXPECT_EQ(Err(Public("POST", base_ + "/code", "not json")), "400 request.invalid_json");
  EXPECT_EQ(Err(Public("POST", base_ + "/code", "{}")), "422 public.invalid");
  Resp bad = Code("1234");
  EXPECT_EQ(Err(bad), "422 public.invalid");
  EXPECT_EQ(bad.Json().at("error").at("details").at("fields").at("phone").as_string(),
            "a mainland mobile number");
  EXPECT_EQ(Err(Public("POST", "/api/v1/public/branches/99999/code", Obj({{"phone", kPhone}}))),
            "404 public.not_found");
  EXPECT_EQ(CountRows("self_booking_codes"), 0);
  EXPECT_EQ(CountRows("messages"), 0);

  Resp sent = Code("+86 138-1234-5678");
  ASSERT_EQ(sent.status, 202) << sent.body;
  EXPECT_EQ(sent.Json().at("expires_in").as_int64(), 300);
  EXPECT_EQ(sent.Json().at("phone").as_string(), "138****5678");
  EXPECT_EQ(sent.Json().at("demo_code").as_string().size(), 6u);
  EXPECT_EQ(CountRows("messages"), 1);  // the SMS, through the outbox

  // Per phone: one a minute …
  Resp again = Code(kPhone);
  EXPECT_EQ(Err(again), "429 public.rate_limited");
  const int wait = std::stoi(again.Header("retry-after"));
  EXPECT_GT(wait, 50);
  EXPECT_LE(wait, 60);
  // … and five an hour.
  for (int i = 2; i <= 5; ++i) {
    Age(2 * 60'000);
    EXPECT_EQ(Code(kPhone).status, 202) << i;
  }
  Age(2 * 60'000);
  Resp hourly = Code(kPhone);
  EXPECT_EQ(Err(hourly), "429 public.rate_limited");
  EXPECT_GT(std::stoi(hourly.Header("retry-after")), 60 * 45);
  EXPECT_EQ(CountRows("self_booking_codes"), 5);

  // Per address: twenty an hour, whatever the phones.
  for (int i = 6; i <= 20; ++i) {
    EXPECT_EQ(Code("139000000" + std::to_string(10 + i)).status, 202) << i;
  }
  Resp flood = Code("13700000000");
  EXPECT_EQ(Err(flood), "429 public.rate_limited");
  EXPECT_FALSE(flood.Header("retry-after").empty());
  EXPECT_EQ(CountRows("self_booking_codes"), 20);
  // An hour later it may ask again.
  Age(3600'000);
  EXPECT_EQ(Code("13700000000").status, 202);
}

TEST_P(PublicBookingApiTest, BookingRefusalsWriteNothing) {
  SetUpClinic();
  const std::string code = DemoCode(kPhone);
  const std::string wrong = code == "000000" ? "111111" : "000000";
  const int64_t customers = CountRows("x_customer");
  auto none = [&] {
    return CountRows("appointments") == 0 && CountRows("x_appointment") == 0 &&
           CountRows("x_customer") == customers;
  };
  const std::string book = base_ + "/book";
  EXPECT_EQ(Err(Public("POST", book, "not json")), "400 request.invalid_json");
  Resp empty = Public("POST", book, "{}");
  EXPECT_EQ(Err(empty), "422 public.invalid");
  for (const char* f : {"service_id", "start", "name", "phone", "code"}) {
    EXPECT_TRUE(empty.Json().at("error").at("details").at("fields").as_object().contains(f)) << f;
  }
  EXPECT_EQ(Err(Public("POST", book, Booking("10:00", kPhone, "12345"))), "422 public.invalid");
  EXPECT_EQ(Err(Public("POST", book, Booking("10:00", "555", code))), "422 public.invalid");
  EXPECT_EQ(Err(Public("POST", book, Booking("10:00", kPhone, code, std::string(51 * 3, 'a')))),
            "422 public.invalid");
  EXPECT_EQ(Err(Public("POST", book, Booking("10:00", kPhone, code, "  "))), "422 public.invalid");
  EXPECT_EQ(Err(Public("POST", book,
                       Obj({{"service_id", service_},
                            {"start", "tomorrow"},
                            {"name", "李小姐"},
                            {"phone", kPhone},
                            {"code", code}}))),
            "422 public.invalid");
  EXPECT_EQ(Err(Public("POST", book,
                       Obj({{"service_id", unserved_},
                            {"start", Start("10:00")},
                            {"name", "李小姐"},
                            {"phone", kPhone},
                            {"code", code}}))),
            "422 public.invalid");
  EXPECT_EQ(Err(Public("POST", book,
                       Obj({{"service_id", service_},
                            {"start", "2020-01-01T10:00:00+08:00"},
                            {"name", "李小姐"},
                            {"phone", kPhone},
                            {"code", code}}))),
            "422 appointment.in_past");
  EXPECT_EQ(Err(Public("POST", book,
                       Obj({{"service_id", service_},
                            {"start", FormatDate(AddDays(today_, 40)) + "T10:00:00+08:00"},
                            {"name", "李小姐"},
                            {"phone", kPhone},
                            {"code", code}}))),
            "422 public.invalid");
  EXPECT_EQ(
      Err(Public("POST", "/api/v1/public/branches/99999/book", Booking("10:00", kPhone, code))),
      "404 public.not_found");
  // A code for another phone is no code for this one.
  EXPECT_EQ(Err(Public("POST", book, Booking("10:00", "13912345678", code))),
            "422 public.bad_code");
  EXPECT_TRUE(none());

  // Five wrong attempts use the code up: the right one is refused after them.
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Err(Public("POST", book, Booking("10:00", kPhone, wrong))), "422 public.bad_code");
  }
  EXPECT_EQ(Err(Public("POST", book, Booking("10:00", kPhone, code))), "422 public.bad_code");
  EXPECT_TRUE(none());

  // An expired code is refused.
  Age(2 * 60'000);
  const std::string fresh = DemoCode(kPhone);
  Exec("UPDATE self_booking_codes SET expires_at = 1");
  EXPECT_EQ(Err(Public("POST", book, Booking("10:00", kPhone, fresh))), "422 public.bad_code");
  EXPECT_TRUE(none());
}

TEST_P(PublicBookingApiTest, CodeThenBookShowsOnTheFrontDeskListAndKeepsThePhoneOutOfLogs) {
  SetUpClinic();
  RestartWithAccessLog();
  ::testing::internal::CaptureStdout();
  log::Init(log::Level::kDebug);
  const std::string code = DemoCode(kPhone);
  Resp made = Public("POST", base_ + "/book", Booking("10:00", kPhone, code, "李小姐"));
  log::Init(log::Level::kWarn);
  const std::string logs = ::testing::internal::GetCapturedStdout();
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_NE(logs.find("http.request"), std::string::npos);  // the log did record the requests
  EXPECT_EQ(logs.find(kPhone), std::string::npos);
  EXPECT_EQ(made.body.find(kPhone), std::string::npos);
  const json::value mj = made.Json();
  EXPECT_EQ(mj.at("start").as_string(), Start("10:00"));
  EXPECT_EQ(mj.at("end").as_string(), Start("11:00"));
  EXPECT_EQ(mj.at("service").at("name").as_string(), "水光针");
  EXPECT_FALSE(mj.at("branch").at("name").as_string().empty());
  EXPECT_EQ(mj.at("status").as_string(), "booked");
  EXPECT_EQ(mj.at("phone").as_string(), "138****5678");

  // The front desk sees her booking, with her as a new customer from self-booking.
  Resp list = Call("GET",
                   "/api/v1/appointments?branch_id=" + std::to_string(branch_) +
                       "&from=" + tomorrow_ + "&to=" + tomorrow_,
                   "", admin_, "");
  ASSERT_EQ(list.status, 200) << list.body;
  const json::value lj = list.Json();
  const auto& items = lj.at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("id").as_int64(), mj.at("id").as_int64());
  EXPECT_EQ(items[0].at("customer_name").as_string(), "李小姐");
  EXPECT_EQ(items[0].at("practitioner_id").as_int64(), staff_);
  const int64_t customer = items[0].at("customer_id").as_int64();
  Resp her = Call("GET", "/api/v1/data/customer/" + std::to_string(customer), "", admin_, "");
  ASSERT_EQ(her.status, 200) << her.body;
  EXPECT_EQ(her.Json().at("source").as_string(), "self_booking");
  EXPECT_EQ(CountRows("x_customer"), 1);

  // The code is spent.
  EXPECT_EQ(Err(Public("POST", base_ + "/book", Booking("12:00", kPhone, code))),
            "422 public.bad_code");
  // A taken time answers slot_taken, writes nothing, and leaves the code usable.
  Age(2 * 60'000);
  const std::string next = DemoCode(kPhone);
  EXPECT_EQ(Err(Public("POST", base_ + "/book", Booking("10:30", kPhone, next))),
            "409 appointment.slot_taken");
  EXPECT_EQ(CountRows("appointments"), 1);
  // The same phone books again as the same customer.
  Resp second = Public("POST", base_ + "/book", Booking("12:00", kPhone, next, "另一个名字"));
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(CountRows("x_customer"), 1);
  EXPECT_EQ(CountRows("appointments"), 2);
}

TEST_P(PublicBookingApiTest, MiniProgramBooksWithAnApiKeyAndNoCode) {
  SetUpClinic();
  Resp created = Call("POST", "/api/v1/api-keys", R"({"name":"小程序"})", admin_);
  ASSERT_EQ(created.status, 201) << created.body;
  const HeaderList key{
      {"Authorization", "Bearer " + std::string(created.Json().at("key").as_string())}};
  const std::string base = "/api/v1/booking/branches/" + std::to_string(branch_);
  // The public switch is for the page only: the key is the mini program's switch.
  ASSERT_EQ(
      Call("PUT", "/api/v1/appointments/self-booking", Obj({{"enabled", false}}), admin_).status,
      200);
  Resp page = Call("GET", base + "/booking", "", key, "");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.Json().at("services").as_array().size(), 1u);
  Resp slots =
      Call("GET", base + "/slots?service_id=" + std::to_string(service_) + "&date=" + tomorrow_, "",
           key, "");
  ASSERT_EQ(slots.status, 200) << slots.body;
  EXPECT_EQ(slots.body.find("practitioner"), std::string::npos);

  const std::string body = Obj({{"service_id", service_},
                                {"start", Start("15:00")},
                                {"name", "小程序客户"},
                                {"phone", "13700001111"}});
  EXPECT_EQ(Err(Call("POST", base + "/book", body, {})), "401 auth.unauthenticated");
  EXPECT_EQ(Err(Call("POST", "/api/v1/booking/branches/99999/book", body, key)),
            "404 public.not_found");
  EXPECT_EQ(Err(Call("POST", base + "/book", Obj({{"service_id", service_}}), key)),
            "422 public.invalid");
  EXPECT_EQ(CountRows("appointments"), 0);
  Resp made = Call("POST", base + "/book", body, key);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.Json().at("phone").as_string(), "137****1111");
  EXPECT_EQ(Err(Call("POST", base + "/book", body, key)), "409 appointment.slot_taken");
  EXPECT_EQ(CountRows("appointments"), 1);
  EXPECT_EQ(CountRows("self_booking_codes"), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, PublicBookingApiTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::test
