// Over HTTP: automation rules — the 热玛吉 365-day review as the designer saves it, moved dates,
// cancelled treatments, event triggers, validation and inbound webhooks.

#include <ctime>
#include <thread>

#include "api/app_fixture.h"
#include "app/automation.h"
#include "common/time_zone.h"
#include "fakes/fake_providers.h"
#include "platform/notify/signing.h"

namespace peony::test {
namespace {

namespace json = boost::json;

class RulesApiTest : public AppTest {
 protected:
  void SetUp() override {
    jobs_workers_ = 0;
    AppTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    admin_ = Login("admin");
    for (const char* e : {kCustomer, kTreatment}) {
      Resp r = Call("POST", "/api/v1/schema/entities", e, admin_);
      ASSERT_EQ(r.status, 201) << r.body;
    }
    Resp users = Call("GET", "/api/v1/users?limit=200", "", admin_, "");
    ASSERT_EQ(users.status, 200) << users.body;
    const json::value list = users.Json();
    for (const auto& u : list.at("items").as_array()) {
      if (u.at("username").as_string() == "consultant") consultant_ = u.at("id").as_int64();
    }
    ASSERT_GT(consultant_, 0);
    Resp c =
        Call("POST", "/api/v1/data/customer", R"({"name":"王丽华","phone":"13800138000"})", admin_);
    ASSERT_EQ(c.status, 201) << c.body;
    customer_ = c.Json().at("id").as_int64();
    today_ = FormatDate(TimeZone::Find("Asia/Shanghai")->DateOf(SystemClock::Instance().Now()));
  }

  int64_t Treatment(const std::string& item, const std::string& status, const std::string& date) {
    Resp r = Call("POST", "/api/v1/data/treatment",
                  json::serialize(json::object{{"customer", customer_},
                                               {"item", item},
                                               {"status", status},
                                               {"treated_on", date},
                                               {"consultant", consultant_}}),
                  admin_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.Json().at("id").as_int64() : 0;
  }

  // Runs every job due by `local` ("YYYY-MM-DD HH:MM" in Asia/Shanghai) as `peony jobs run-due`.
  void RunDue(const LocalDate& day, int hour, int minute) {
    const UtcMillis t =
        TimeZone::Find("Asia/Shanghai")->ToUtc(LocalDateTime{day, hour, minute, 0, 0});
    ASSERT_EQ(app::RunJobsRunDue(config_, FormatRfc3339(t)), 0);
  }

  int64_t OpenTasksFor(int64_t user) {
    auto db = database_->Open();
    return storage::testing::QueryInt(
        *db, "SELECT COUNT(*) FROM tasks WHERE assignee_id = " + std::to_string(user));
  }

  LocalDate Today() const { return *ParseDate(today_); }

  static constexpr const char* kCustomer = R"({"name":"customer","label":"客户","fields":[
    {"name":"name","label":"姓名","type":"text","required":true},
    {"name":"phone","label":"手机","type":"phone","sensitive":true},
    {"name":"tags","label":"标签","type":"tags"}]})";
  static constexpr const char* kTreatment = R"({"name":"treatment","label":"治疗记录","fields":[
    {"name":"customer","label":"客户","type":"relation","options":{"target":"customer"}},
    {"name":"item","label":"治疗项目","type":"text"},
    {"name":"status","label":"状态","type":"text"},
    {"name":"treated_on","label":"治疗日期","type":"date"},
    {"name":"consultant","label":"咨询师","type":"user"}]})";
  static constexpr const char* kRule = R"({"name":"热玛吉年度复查","entity":"treatment",
    "trigger":{"type":"date","field":"treated_on","offset_days":365,"at":"09:00"},
    "condition":{"and":[{"field":"status","op":"eq","value":"已完成治疗"},
                        {"field":"item","op":"eq","value":"热玛吉"}]},
    "actions":[{"type":"create_task","assignee":{"field":"consultant"},"title":"年度复查提醒：{客户姓名}"},
               {"type":"send_message","channel":"sms","template":"{客户姓名}您好，您的{治疗项目}已满一年，欢迎回院复查。",
                "sms_template_id":"1110","sms_params":{"name":"{客户姓名}","item":"{治疗项目}"}}]})";

  HeaderList admin_;
  int64_t consultant_ = 0, customer_ = 0;
  std::string today_;
};

TEST_P(RulesApiTest, TheThermageReviewFiresOnceOnTheDayAndNotBefore) {
  FakeProviders fake;
  ASSERT_TRUE(fake.ok()) << "python3 tests/fakes/fake_providers.py";
  Resp channel =
      Call("PUT", "/api/v1/notify/channels/sms",
           json::serialize(json::object{{"provider", "tencent_sms"},
                                        {"enabled", true},
                                        {"config", json::object{{"secret_id", kFakeTencentId},
                                                                {"secret_key", kFakeTencentKey},
                                                                {"sdk_app_id", "1400006666"},
                                                                {"sign_name", "牡丹诊所"},
                                                                {"endpoint", fake.HttpUrl()}}}}),
           admin_);
  ASSERT_EQ(channel.status, 200) << channel.body;
  Resp rule = Call("POST", "/api/v1/rules", kRule, admin_);
  ASSERT_EQ(rule.status, 201) << rule.body;
  const int64_t rule_id = rule.Json().at("id").as_int64();
  Treatment("热玛吉", "已完成治疗", today_);

  RunDue(AddDays(Today(), 364), 23, 0);
  EXPECT_EQ(OpenTasksFor(consultant_), 0);
  EXPECT_EQ(CountRows("messages"), 0);

  RunDue(AddDays(Today(), 365), 9, 0);
  EXPECT_EQ(OpenTasksFor(consultant_), 1);
  ASSERT_EQ(CountRows("messages"), 1);
  const json::array sent = fake.Requests("tencent");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_TRUE(sent[0].at("signature_ok").as_bool());
  const auto& sms = sent[0].at("body").as_object();
  EXPECT_EQ(json::serialize(sms.at("PhoneNumberSet")), R"(["+8613800138000"])");
  EXPECT_EQ(json::serialize(sms.at("TemplateParamSet")), R"(["王丽华","热玛吉"])");
  // Again: nothing fires twice.
  RunDue(AddDays(Today(), 366), 9, 0);
  EXPECT_EQ(OpenTasksFor(consultant_), 1);
  EXPECT_EQ(CountRows("messages"), 1);
  EXPECT_EQ(fake.Requests("tencent").size(), 1u);

  HeaderList consultant = Login("consultant");
  Resp tasks = Call("GET", "/api/v1/me/tasks", "", consultant, "");
  ASSERT_EQ(tasks.status, 200) << tasks.body;
  const json::value t = tasks.Json();
  ASSERT_EQ(t.at("items").as_array().size(), 1u) << tasks.body;
  EXPECT_EQ(t.at("items").as_array()[0].at("title").as_string(), "年度复查提醒：王丽华");

  Resp runs = Call("GET", "/api/v1/rules/" + std::to_string(rule_id) + "/runs", "", admin_, "");
  ASSERT_EQ(runs.status, 200) << runs.body;
  const json::value r = runs.Json();
  ASSERT_EQ(r.at("items").as_array().size(), 1u) << runs.body;
  EXPECT_EQ(r.at("items").as_array()[0].at("status").as_string(), "ok") << runs.body;
  EXPECT_EQ(r.at("items").as_array()[0].at("actions").as_array().size(), 2u) << runs.body;
}

TEST_P(RulesApiTest, TwoRunnersOnOneDatabaseFireEachRuleOnce) {
  ASSERT_EQ(Call("POST", "/api/v1/rules", kRule, admin_).status, 201);
  constexpr int kTreatments = 40;
  for (int i = 0; i < kTreatments; ++i) Treatment("热玛吉", "已完成治疗", today_);
  // Two `peony jobs run-due` at once: each opens its own connections, as two processes would.
  const LocalDate day = AddDays(Today(), 365);
  std::thread a([&] { RunDue(day, 10, 0); });
  std::thread b([&] { RunDue(day, 10, 0); });
  a.join();
  b.join();
  EXPECT_EQ(OpenTasksFor(consultant_), kTreatments);
  EXPECT_EQ(CountRows("messages"), kTreatments);
  EXPECT_EQ(CountRows("rule_runs"), kTreatments);
}

TEST_P(RulesApiTest, AMovedDateMovesTheJobAndACancelledTreatmentGetsNothing) {
  ASSERT_EQ(Call("POST", "/api/v1/rules", kRule, admin_).status, 201);
  const int64_t moved = Treatment("热玛吉", "已完成治疗", today_);
  const int64_t cancelled = Treatment("热玛吉", "已完成治疗", today_);
  const std::string later = FormatDate(AddDays(Today(), 10));
  Resp m = Call("PATCH", "/api/v1/data/treatment/" + std::to_string(moved),
                R"({"treated_on":")" + later + R"("})", admin_);
  ASSERT_EQ(m.status, 200) << m.body;
  Resp c = Call("PATCH", "/api/v1/data/treatment/" + std::to_string(cancelled),
                R"({"status":"已取消"})", admin_);
  ASSERT_EQ(c.status, 200) << c.body;

  RunDue(AddDays(Today(), 365), 12, 0);
  EXPECT_EQ(OpenTasksFor(consultant_), 0);  // moved: not yet; cancelled: never
  RunDue(AddDays(Today(), 375), 9, 0);
  EXPECT_EQ(OpenTasksFor(consultant_), 1);  // the moved one, on its new day
  EXPECT_EQ(CountRows("messages"), 1);
}

TEST_P(RulesApiTest, AFieldChangeFiresOncePerWriteWithTheConditionChecked) {
  Resp rule = Call("POST", "/api/v1/rules", R"({"name":"完成后打标签","entity":"treatment",
    "trigger":{"type":"field_changed","field":"status","to":"已完成治疗"},
    "actions":[{"type":"create_task","assignee":{"role":"consultant"},"title":"回访 {客户.姓名}","due_in_hours":24}]})",
                   admin_);
  ASSERT_EQ(rule.status, 201) << rule.body;
  const int64_t id = Treatment("水光针", "进行中", today_);
  Resp done = Call("PATCH", "/api/v1/data/treatment/" + std::to_string(id),
                   R"({"status":"已完成治疗"})", admin_);
  ASSERT_EQ(done.status, 200) << done.body;
  // Another write that does not change the status fires nothing more.
  ASSERT_EQ(Call("PATCH", "/api/v1/data/treatment/" + std::to_string(id), R"({"item":"水光针 2"})",
                 admin_)
                .status,
            200);
  RunDue(Today(), 23, 59);
  RunDue(AddDays(Today(), 1), 0, 0);
  EXPECT_EQ(CountRows("tasks"), 1);
}

TEST_P(RulesApiTest, ADateRuleWithoutATimeIsDueAtTheStartOfTheDayForAStaffRecordsUser) {
  Resp staff = Call("POST", "/api/v1/schema/entities", R"({"name":"staff","label":"员工","fields":[
    {"name":"name","label":"姓名","type":"text"},{"name":"account","label":"账号","type":"user"}]})",
                    admin_);
  ASSERT_EQ(staff.status, 201) << staff.body;
  Resp field = Call(
      "POST", "/api/v1/schema/entities/treatment/fields",
      R"({"name":"doctor","label":"医生","type":"relation","options":{"target":"staff"}})", admin_);
  ASSERT_EQ(field.status, 201) << field.body;
  Resp doctor =
      Call("POST", "/api/v1/data/staff",
           json::serialize(json::object{{"name", "林嘉怡"}, {"account", consultant_}}), admin_);
  ASSERT_EQ(doctor.status, 201) << doctor.body;
  Resp rule = Call("POST", "/api/v1/rules", R"({"name":"28天回访","entity":"treatment",
    "trigger":{"type":"date","field":"treated_on","offset_days":28},
    "actions":[{"type":"create_task","assignee":{"field":"doctor"},"title":"回访 {客户姓名}"}]})",
                   admin_);
  ASSERT_EQ(rule.status, 201) << rule.body;
  const int64_t id = Treatment("水光针", "已完成治疗", today_);
  Resp linked = Call("PATCH", "/api/v1/data/treatment/" + std::to_string(id),
                     json::serialize(json::object{{"doctor", doctor.Json().at("id")}}), admin_);
  ASSERT_EQ(linked.status, 200) << linked.body;
  RunDue(AddDays(Today(), 27), 23, 59);
  EXPECT_EQ(OpenTasksFor(consultant_), 0);
  RunDue(AddDays(Today(), 28), 0, 0);
  EXPECT_EQ(OpenTasksFor(consultant_), 1);
}

TEST_P(RulesApiTest, BadRulesAreRefusedWithTheirCodeAndNothingIsWritten) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"name": 1})", "rule.invalid"},
      {R"([1,2])", "rule.invalid"},
      {R"({"name":"x","entity":"nope","trigger":{"type":"record_created"},"actions":[{"type":"create_task","assignee":{"user_id":1},"title":"t"}]})",
       "rule.unknown_entity"},
      {R"({"name":"x","entity":"treatment","trigger":{"type":"date","field":"item","offset_days":1},"actions":[{"type":"create_task","assignee":{"user_id":1},"title":"t"}]})",
       "rule.unknown_field"},
      {R"({"name":"x","entity":"treatment","trigger":{"type":"date","field":"treated_on","offset_days":99999},"actions":[{"type":"create_task","assignee":{"user_id":1},"title":"t"}]})",
       "rule.invalid"},
      {R"({"name":"x","entity":"treatment","trigger":{"type":"record_created"},"actions":[{"type":"send_message","channel":"sms","template":"{没有这个}"}]})",
       "rule.unknown_variable"},
      {R"({"name":"x","entity":"treatment","trigger":{"type":"record_created"},"condition":{"field":"item","op":"bogus","value":1},"actions":[{"type":"create_task","assignee":{"user_id":1},"title":"t"}]})",
       "record.bad_filter"},
      {R"({"name":"x","trigger":{"type":"schedule","cron":"61 * * * *"},"actions":[{"type":"create_task","assignee":{"user_id":1},"title":"t"}]})",
       "jobs.bad_cron"},
      {R"({"name":"x","entity":"treatment","trigger":{"type":"record_created"},"actions":[]})",
       "rule.invalid"},
  };
  for (const auto& [body, code] : cases) {
    Resp r = Call("POST", "/api/v1/rules", body, admin_);
    EXPECT_TRUE(r.status == 422 || r.status == 400) << body << " → " << r.status;
    EXPECT_NE(r.body.find(std::string("\"") + code + "\""), std::string::npos)
        << body << " → " << r.body;
  }
  Resp bad_json = Call("POST", "/api/v1/rules", "{not json", admin_);
  EXPECT_EQ(bad_json.status, 400) << bad_json.body;
  EXPECT_EQ(CountRows("rules"), 0);
  EXPECT_EQ(Call("GET", "/api/v1/rules/999", "", admin_, "").status, 404);
  HeaderList front_desk = Login("frontdesk");
  EXPECT_EQ(Call("GET", "/api/v1/rules", "", front_desk, "").status, 403);
}

TEST_P(RulesApiTest, ARetiredFieldSwitchesTheRuleOffWithAReason) {
  Resp rule = Call("POST", "/api/v1/rules", kRule, admin_);
  ASSERT_EQ(rule.status, 201) << rule.body;
  const std::string id = std::to_string(rule.Json().at("id").as_int64());
  Resp retire =
      Call("DELETE", "/api/v1/schema/entities/treatment/fields/treated_on", "", admin_, "");
  ASSERT_EQ(retire.status, 204) << retire.body;
  // The server's maintenance runs every few seconds; run-due checks first as well.
  RunDue(Today(), 23, 0);
  Resp got = Call("GET", "/api/v1/rules/" + id, "", admin_, "");
  ASSERT_EQ(got.status, 200) << got.body;
  const json::value g = got.Json();
  EXPECT_FALSE(g.at("enabled").as_bool()) << got.body;
  EXPECT_TRUE(g.at("disabled_reason").is_string()) << got.body;
}

TEST_P(RulesApiTest, PreviewAndVariablesShowTheTextForARealRecord) {
  const int64_t id = Treatment("热玛吉", "已完成治疗", today_);
  Resp vars = Call("GET", "/api/v1/rules/variables?entity=treatment", "", admin_, "");
  ASSERT_EQ(vars.status, 200) << vars.body;
  EXPECT_NE(vars.body.find("客户姓名"), std::string::npos) << vars.body;
  Resp p =
      Call("POST", "/api/v1/rules/preview",
           json::serialize(json::object{{"entity", "treatment"},
                                        {"record_id", id},
                                        {"template", "{客户姓名}您好，{治疗项目} 于 {治疗日期}"}}),
           admin_);
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_EQ(p.Json().at("text").as_string(), "王丽华您好，热玛吉 于 " + today_);
  Resp unknown = Call("POST", "/api/v1/rules/preview",
                      json::serialize(json::object{
                          {"entity", "treatment"}, {"record_id", id}, {"template", "{无此变量}"}}),
                      admin_);
  EXPECT_EQ(unknown.status, 422) << unknown.body;
}

TEST_P(RulesApiTest, AnInboundWebhookCreatesThenUpdatesARecordAndChecksItsSignature) {
  Resp rule = Call("POST", "/api/v1/rules", R"({"name":"广告线索","entity":"customer",
    "trigger":{"type":"webhook","mapping":{"name":"contact.name","phone":"contact.mobile"},
               "match_field":"phone","secret":"s3cret"},
    "actions":[{"type":"add_tag","field":"tags","tag":"广告"}]})",
                   admin_);
  ASSERT_EQ(rule.status, 201) << rule.body;
  const std::string url(rule.Json().at("hook_url").as_string());
  const std::string body = R"({"contact":{"name":"李秀英","mobile":"13900139000"}})";
  const std::string ts = std::to_string(std::time(nullptr));
  const std::string sig = notify::WebhookSignature("s3cret", ts, body);
  HeaderList signed_headers{{"X-Peony-Timestamp", ts}, {"X-Peony-Signature", sig}};
  Resp created = Call("POST", url, body, signed_headers);
  ASSERT_EQ(created.status, 202) << created.body;
  Resp again = Call("POST", url, body, signed_headers);
  ASSERT_EQ(again.status, 202) << again.body;
  EXPECT_EQ(again.Json().at("record_id"), created.Json().at("record_id"));
  EXPECT_EQ(CountRows("x_customer"), 2);  // 王丽华 and 李秀英

  EXPECT_EQ(Call("POST", url, body, {{"X-Peony-Timestamp", ts}, {"X-Peony-Signature", "sha256=00"}})
                .status,
            401);
  EXPECT_EQ(Call("POST", url, "not json", signed_headers).status, 401);  // signature covers body
  const std::string bad = "[1]";
  EXPECT_EQ(Call("POST", url, bad,
                 {{"X-Peony-Timestamp", ts},
                  {"X-Peony-Signature", notify::WebhookSignature("s3cret", ts, bad)}})
                .status,
            400);
  EXPECT_EQ(Call("POST", "/api/v1/hooks/not-a-token", body, signed_headers).status, 404);

  RunDue(AddDays(Today(), 1), 0, 0);
  Resp got = Call(
      "GET", "/api/v1/data/customer/" + std::to_string(created.Json().at("record_id").as_int64()),
      "", admin_, "");
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.Json().at("tags"), (json::array{"广告"})) << got.body;
}

INSTANTIATE_TEST_SUITE_P(Engines, RulesApiTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::test
