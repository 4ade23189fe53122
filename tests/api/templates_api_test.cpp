// Over HTTP: GET /api/v1/templates and POST /api/v1/templates/{name}/apply — applying the
// medical-aesthetics template to a bare organisation, twice, with the wrong name or without the
// permissions; and the template's roles at work (a technician sees the phone masked, a nurse not).
#include "api/app_fixture.h"
#include "platform/templates/templates.h"

namespace peony::test {
namespace {

namespace json = boost::json;

class TemplatesApiTest : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    admin_ = Login("admin");
  }

  int64_t Count(const std::string& sql) {
    auto db = database_->Open();
    return storage::testing::QueryInt(*db, sql);
  }
  int64_t CatalogVersion() {
    return Count("SELECT CAST(value AS BIGINT) FROM settings WHERE name = 'catalog_version'");
  }
  // The medical-aesthetics entry of GET /api/v1/templates.
  json::object Listed() {
    Resp r = Call("GET", "/api/v1/templates", "", admin_, "");
    EXPECT_EQ(r.status, 200) << r.body;
    const json::value body = r.Json();
    for (const auto& t : body.at("items").as_array()) {
      if (t.at("name").as_string() == "medical-aesthetics") return t.as_object();
    }
    ADD_FAILURE() << "medical-aesthetics not listed: " << r.body;
    return {};
  }

  HeaderList admin_;
};

TEST_P(TemplatesApiTest, ApplyingCreatesEverythingOnceAndAgainNothing) {
  json::object before = Listed();
  EXPECT_EQ(before.at("label").as_string(), "医美机构");
  EXPECT_TRUE(before.at("applied_version").is_null());
  EXPECT_TRUE(before.at("applied_at").is_null());

  Resp first = Call("POST", "/api/v1/templates/medical-aesthetics/apply", "", admin_);
  ASSERT_EQ(first.status, 200) << first.body;
  const json::object report = first.Json().as_object();
  EXPECT_TRUE(report.at("changed").as_bool());
  EXPECT_EQ(report.at("entities_created").as_array().size(),
            templates::Load(templates::kDefaultTemplate)->entities.size());
  EXPECT_EQ(report.at("rules_created").as_array().size(), 7u);
  EXPECT_EQ(report.at("views_created").as_array().size(), 5u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM list_views WHERE shared = 1 AND owner_id = 0 AND "
                  "template_name = 'medical-aesthetics'"),
            5);
  EXPECT_EQ(report.at("roles_created").as_array(), json::array{"technician"});
  const int64_t version = before.at("version").as_int64();
  EXPECT_EQ(Listed().at("applied_version").as_int64(), version);

  const int64_t catalog = CatalogVersion();
  const int64_t rules = Count("SELECT COUNT(*) FROM rules");
  const int64_t roles = Count("SELECT SUM(version) FROM roles");
  const int64_t audit = Count("SELECT COUNT(*) FROM audit_log");
  Resp again = Call("POST", "/api/v1/templates/medical-aesthetics/apply", "", admin_);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_FALSE(again.Json().at("changed").as_bool()) << again.body;
  EXPECT_TRUE(again.Json().at("entities_created").as_array().empty());
  EXPECT_EQ(CatalogVersion(), catalog);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM rules"), rules);
  EXPECT_TRUE(again.Json().at("views_created").as_array().empty());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM list_views"), 5);
  EXPECT_EQ(Count("SELECT SUM(version) FROM roles"), roles);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), audit);

  Resp entities = Call("GET", "/api/v1/schema/entities", "", admin_, "");
  ASSERT_EQ(entities.status, 200);
  int system = 0;
  const json::value list = entities.Json();
  for (const auto& e : list.at("items").as_array()) {
    if (e.as_object().contains("system") && e.at("system").as_bool()) ++system;
  }
  EXPECT_EQ(static_cast<size_t>(system),
            templates::Load(templates::kDefaultTemplate)->entities.size());
}

TEST_P(TemplatesApiTest, AnUnknownTemplateIsNotFoundAndWritesNothing) {
  for (const char* name : {"dental", "MEDICAL-AESTHETICS", "medical-aesthetics.json"}) {
    Resp r = Call("POST", std::string("/api/v1/templates/") + name + "/apply", "", admin_);
    EXPECT_EQ(r.status, 404) << name;
    EXPECT_EQ(r.ErrorCode(), "template.not_found") << name << " " << r.body;
  }
  EXPECT_EQ(CatalogVersion(), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM rules"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM roles WHERE name = 'technician'"), 0);
}

TEST_P(TemplatesApiTest, ApplyingNeedsSchemaManageAndRoleWrite) {
  // The manager designs forms (schema.manage) but may not change roles; front desk may do neither.
  const HeaderList manager = Login("manager");
  Resp r = Call("POST", "/api/v1/templates/medical-aesthetics/apply", "", manager);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.ErrorCode(), "auth.forbidden");
  const HeaderList front = Login("frontdesk");
  r = Call("POST", "/api/v1/templates/medical-aesthetics/apply", "", front);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.ErrorCode(), "auth.forbidden");
  EXPECT_EQ(Call("GET", "/api/v1/templates", "", front, "").status, 403);
  EXPECT_EQ(Call("POST", "/api/v1/templates/medical-aesthetics/apply", "", {}).status, 401);
  EXPECT_EQ(CatalogVersion(), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'template.apply'"), 0);
}

TEST_P(TemplatesApiTest, ATechnicianSeesThePhoneMaskedAndANurseDoesNot) {
  ASSERT_EQ(Call("POST", "/api/v1/templates/medical-aesthetics/apply", "", admin_).status, 200);
  Resp customer = Call("POST", "/api/v1/data/customer",
                       R"({"name":"王丽华","phone":"13812345678","allergies":"青霉素"})", admin_);
  ASSERT_EQ(customer.status, 201) << customer.body;
  const std::string path =
      "/api/v1/data/customer/" + std::to_string(customer.Json().at("id").as_int64());
  const int64_t hq = Count("SELECT id FROM branches WHERE code = 'HQ'");
  Resp user = Call("POST", "/api/v1/users",
                   R"({"username":"tech","display_name":"技师小李","password":"Tech-pass-1",
                       "roles":["technician"],"branch_id":)" +
                       std::to_string(hq) + "}",
                   admin_);
  ASSERT_EQ(user.status, 201) << user.body;
  const HeaderList tech = Login("tech", "Tech-pass-1");
  Resp seen = Call("GET", path, "", tech, "");
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(seen.Json().at("phone").as_string(), "138****5678");
  EXPECT_NE(seen.Json().at("allergies").as_string(), "青霉素");
  // The technician may not create customers; the nurse reads the allergies unmasked.
  EXPECT_EQ(Call("POST", "/api/v1/data/customer", R"({"name":"x"})", tech).status, 403);
  Resp nurse = Call("GET", path, "", Login("nurse"), "");
  ASSERT_EQ(nurse.status, 200) << nurse.body;
  EXPECT_EQ(nurse.Json().at("phone").as_string(), "13812345678");
  EXPECT_EQ(nurse.Json().at("allergies").as_string(), "青霉素");
}

INSTANTIATE_TEST_SUITE_P(Engines, TemplatesApiTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::test
