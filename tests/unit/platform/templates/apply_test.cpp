// Applying the shipped templates: what a fresh organisation gets, that applying twice changes
// nothing, that existing entities, roles and rules are completed but never overridden, and the
// shipped rules' effects (the follow-up plan, the 水光针 coupon tag).
#include <boost/json/serialize.hpp>

#include "common/time_zone.h"
#include "platform/rules/definition.h"
#include "platform/templates/errors.h"
#include "unit/platform/templates/templates_fixture.h"

namespace peony::templates::testing {
namespace {

namespace json = boost::json;
using records::testing::Obj;

// The template's fixed entities (API names); the template may hold more.
constexpr const char* kEntities[] = {
    "customer",  "lead",      "consultation", "diagnosis", "plan",
    "treatment", "follow_up", "service",      "product",   "card_product",
    "card",      "order",     "payment",      "staff",     "customer_relation"};

TEST(TemplateFiles, TheDefaultTemplateIsShippedWithItsVersion) {
  auto list = List();
  ASSERT_TRUE(list.ok()) << CodeOf(list);
  bool found = false;
  for (const auto& t : *list) {
    if (t.name != kDefaultTemplate) continue;
    found = true;
    EXPECT_EQ(t.label, "医美机构");
    EXPECT_GE(t.version, 1);
  }
  EXPECT_TRUE(found);
}

TEST(TemplateFiles, TheMedicalAestheticsTemplateHoldsTheFixedEntitiesRolesAndRules) {
  auto t = Load(kDefaultTemplate);
  ASSERT_TRUE(t.ok()) << CodeOf(t) << " " << (t.ok() ? "" : json::serialize(t.error().details));
  std::set<std::string> names;
  for (const auto& e : t->entities) {
    names.insert(e.name);
    EXPECT_TRUE(e.system) << e.name;
  }
  for (const char* name : kEntities) EXPECT_TRUE(names.contains(name)) << name;
  std::set<std::string> roles;
  for (const auto& r : t->roles) roles.insert(r.name);
  for (const char* r : {"admin", "manager", "front_desk", "consultant", "doctor", "nurse",
                        "technician", "finance", "marketing"}) {
    EXPECT_TRUE(roles.contains(r)) << r;
  }
  EXPECT_EQ(t->rules.size(), 7u);
  for (const auto& r : t->roles) {
    for (const auto& g : r.grants) {
      EXPECT_TRUE(access::IsKnownPermission(g.permission)) << r.name << " " << g.permission;
    }
  }
}

TEST(TemplateFiles, AnUnknownNameIsNotFound) {
  for (const char* name : {"dental", "", "medical-aesthetics/../x", "MEDICAL-AESTHETICS",
                           "medical-aesthetics/entities.json"}) {
    auto t = Load(name);
    EXPECT_EQ(CodeOf(t), "template.not_found") << name;
  }
}

TEST_P(TemplatesTest, AFreshOrganisationGetsEntitiesRolesAndRules) {
  const Template t = MustLoad();
  const ApplyReport r = MustApply(t);
  EXPECT_EQ(r.entities_created.size(), t.entities.size());
  EXPECT_TRUE(r.fields_added.empty());
  EXPECT_TRUE(r.conflicts.empty());
  EXPECT_EQ(r.roles_created, std::vector<std::string>{"technician"});
  EXPECT_EQ(r.rules_created.size(), 7u);
  EXPECT_TRUE(r.changed());
  EXPECT_EQ(r.views_created.size(), t.views.size());
  EXPECT_FALSE(t.views.empty());
  EXPECT_EQ(Query("SELECT COUNT(*) FROM list_views WHERE shared = 1"), 5);

  auto cat = catalog_->Snapshot();
  ASSERT_TRUE(cat.ok());
  for (const char* name : kEntities) {
    const schema::EntityDef* e = (*cat)->Find(name);
    ASSERT_NE(e, nullptr) << name;
    EXPECT_TRUE(e->system) << name;
    for (const auto& f : e->fields) EXPECT_TRUE(f.locked) << name << "." << f.name;
  }
  const schema::FieldDef* phone = (*cat)->Find("customer")->FindField("phone");
  ASSERT_NE(phone, nullptr);
  EXPECT_TRUE(phone->sensitive);
  EXPECT_TRUE(phone->unique);
  // A template entity stays open to the clinic's own fields, and its core fields stay put.
  EXPECT_TRUE(catalog_->AddField("customer", {"wechat", "微信号", "text"}, {}).ok());
  EXPECT_EQ(CodeOf(catalog_->SetFieldRetired("customer", "phone", true, {})), "schema.locked");
  EXPECT_EQ(CodeOf(catalog_->RetireEntity("customer", {})), "schema.locked");

  EXPECT_TRUE(Grants("front_desk").contains("data.customer.create:branch"));
  EXPECT_FALSE(Grants("front_desk").contains("data.customer.unmask:branch"));
  EXPECT_TRUE(Grants("doctor").contains("data.customer.unmask:branch"));
  EXPECT_TRUE(Grants("technician").contains("data.customer.read:branch"));
  EXPECT_FALSE(Grants("technician").contains("data.customer.unmask:branch"));
  EXPECT_EQ(Grants("admin"), std::set<std::string>{"*:all"});

  auto applied = Applied(*db_, org_id_, kDefaultTemplate);
  ASSERT_TRUE(applied.ok());
  ASSERT_TRUE(applied->has_value());
  EXPECT_EQ((*applied)->version, t.info.version);
  EXPECT_EQ((*applied)->applied_at, clock_.Now());
  EXPECT_EQ(Query("SELECT COUNT(*) FROM audit_log WHERE action = 'template.apply'"), 1);
}

TEST_P(TemplatesTest, EveryShippedRuleParsesAgainstTheTemplatesCatalog) {
  const Template t = MustLoad();
  MustApply(t);
  auto cat = catalog_->Snapshot();
  ASSERT_TRUE(cat.ok());
  for (const auto& rule : t.rules) {
    auto parsed = rules::ParseRule(rule, **cat, *records_);
    EXPECT_TRUE(parsed.ok()) << rule.at("name").as_string() << ": " << CodeOf(parsed) << " "
                             << (parsed.ok() ? "" : json::serialize(parsed.error().details));
  }
  auto stored = rules_->List(org_id_, "");
  ASSERT_TRUE(stored.ok());
  for (const auto& r : *stored) {
    EXPECT_TRUE(r.at("enabled").as_bool()) << r.at("name").as_string();
    EXPECT_TRUE(r.at("disabled_reason").is_null()) << r.at("name").as_string();
    EXPECT_EQ(r.at("owner_id").as_int64(), admin_.user_id);
  }
}

TEST_P(TemplatesTest, ApplyingTwiceChangesNothing) {
  const Template t = MustLoad();
  MustApply(t);
  const int64_t version = CatalogVersion();
  const int64_t audit = Query("SELECT COUNT(*) FROM audit_log");
  const int64_t rules = Query("SELECT COUNT(*) FROM rules");
  const int64_t jobs = Query("SELECT COUNT(*) FROM jobs");
  const int64_t role_versions = Query("SELECT SUM(version) FROM roles");
  const int64_t grants = Query("SELECT COUNT(*) FROM role_permissions");
  const UtcMillis first = clock_.Now();
  clock_.Advance(60'000);

  const ApplyReport again = MustApply(t);
  EXPECT_FALSE(again.changed()) << json::serialize(again.ToJson());
  EXPECT_EQ(CatalogVersion(), version);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM audit_log"), audit);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM rules"), rules);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM jobs"), jobs);
  EXPECT_EQ(Query("SELECT SUM(version) FROM roles"), role_versions);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM role_permissions"), grants);
  auto applied = Applied(*db_, org_id_, kDefaultTemplate);
  ASSERT_TRUE(applied.ok() && applied->has_value());
  EXPECT_EQ((*applied)->applied_at, first);
}

TEST_P(TemplatesTest, AnExistingEntityGetsTheMissingFieldsAndKeepsItsOwn) {
  Define(R"({"name":"customer","label":"顾客","fields":[
    {"name":"name","label":"姓名","type":"text","required":true},
    {"name":"phone","label":"电话","type":"text"},
    {"name":"wechat","label":"微信号","type":"text"}]})");
  const Template t = MustLoad();
  const ApplyReport r = MustApply(t);
  EXPECT_EQ(r.entities_created.size(), t.entities.size() - 1);
  EXPECT_EQ(r.conflicts, std::vector<std::string>{"customer.phone"});
  EXPECT_TRUE(std::find(r.fields_added.begin(), r.fields_added.end(), "customer.birthday") !=
              r.fields_added.end());
  auto cat = catalog_->Snapshot();
  ASSERT_TRUE(cat.ok());
  const schema::EntityDef* e = (*cat)->Find("customer");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->label, "顾客");
  EXPECT_FALSE(e->system);
  EXPECT_EQ(e->FindField("phone")->type, "text");
  EXPECT_NE(e->FindField("wechat"), nullptr);
  EXPECT_NE(e->FindField("medical_history"), nullptr);
  EXPECT_TRUE(e->FindField("medical_history")->sensitive);
}

TEST_P(TemplatesTest, RolesGainTheTemplatesGrantsAndLoseNone) {
  // The clinic gave front desk more than the template does, and marketing a wider scope.
  access::Role front{
      0, "front_desk", "前台接待", true, {{"org.read", "all"}, {"data.customer.unmask", "all"}}, 0};
  ASSERT_TRUE(directory_->UpsertRole(org_id_, front, {}).ok());
  access::Role marketing{0, "marketing", "市场", true, {{"data.lead.read", "all"}}, 0};
  ASSERT_TRUE(directory_->UpsertRole(org_id_, marketing, {}).ok());
  access::Role nurse{0, "nurse", "护士", true, {{"data.treatment.read", "own"}}, 0};
  ASSERT_TRUE(directory_->UpsertRole(org_id_, nurse, {}).ok());

  const ApplyReport r = MustApply(MustLoad());
  EXPECT_TRUE(Grants("front_desk").contains("data.customer.unmask:all"));
  EXPECT_TRUE(Grants("front_desk").contains("data.customer.create:branch"));
  EXPECT_TRUE(Grants("marketing").contains("data.lead.read:all"));
  EXPECT_TRUE(Grants("nurse").contains("data.treatment.read:branch"));  // the wider scope
  EXPECT_FALSE(Grants("nurse").contains("data.treatment.read:own"));
  auto roles = directory_->ListRoles(org_id_);
  ASSERT_TRUE(roles.ok());
  for (const auto& role : *roles) {
    if (role.name == "front_desk") {
      EXPECT_EQ(role.label, "前台接待");  // the clinic's label
    }
  }
  EXPECT_TRUE(std::find(r.roles_updated.begin(), r.roles_updated.end(), "front_desk") !=
              r.roles_updated.end());
}

TEST_P(TemplatesTest, ARuleOfTheSameNameIsLeftAlone) {
  const Template t = MustLoad();
  // The entities first (without rules), then the clinic's own birthday rule.
  Template entities_only = t;
  entities_only.rules.clear();
  MustApply(entities_only);
  auto own = rules_->Create(admin_, Obj(R"({"name":"客户生日祝福","entity":"customer",
      "trigger":{"type":"record_created"},
      "actions":[{"type":"create_task","assignee":{"role":"front_desk"},"title":"{姓名}"}]})"));
  ASSERT_TRUE(own.ok()) << CodeOf(own);
  const ApplyReport r = MustApply(t);
  EXPECT_EQ(r.rules_created.size(), 6u);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM rules WHERE name = ?", {"客户生日祝福"}), 1);
  auto kept = rules_->Get(org_id_, own->at("id").as_int64());
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->at("trigger").at("type").as_string(), "record_created");
  EXPECT_EQ(kept->at("version").as_int64(), 1);
}

TEST_P(TemplatesTest, ARetiredEntityOfATemplatesNameIsAConflict) {
  Define(
      R"({"name":"staff","label":"员工","fields":[{"name":"name","label":"姓名","type":"text"}]})");
  ASSERT_TRUE(catalog_->RetireEntity("staff", {}).ok());
  auto r = Apply(Svc(), MustLoad(), admin_);
  EXPECT_EQ(CodeOf(r), "template.conflict");
  EXPECT_EQ(r.error().details.at("entity").as_string(), "staff");
  EXPECT_FALSE(Applied(*db_, org_id_, kDefaultTemplate)->has_value());
}

// The follow-up plan: completing a treatment plans day 1/3/7/30 follow-ups for the customer's
// consultant, each a follow_up record linked to the treatment and a task.
TEST_P(TemplatesTest, CompletingATreatmentPlansFollowUpsForTheConsultant) {
  MustApply(MustLoad());
  const int64_t consultant = UserId("consultant");
  auto customer = records_->Create(
      As(admin_), "customer",
      json::object{{"name", "王丽华"}, {"phone", "13800138000"}, {"consultant", consultant}});
  ASSERT_TRUE(customer.ok()) << CodeOf(customer);
  auto service = records_->Create(
      As(admin_), "service",
      json::object{{"name", "水光针"}, {"category", "injection"}, {"price", 128000}});
  ASSERT_TRUE(service.ok()) << CodeOf(service);
  auto treatment = records_->Create(As(admin_), "treatment",
                                    json::object{{"customer", customer->at("id")},
                                                 {"service", service->at("id")},
                                                 {"status", "completed"},
                                                 {"treated_at", FormatRfc3339(clock_.Now())}});
  ASSERT_TRUE(treatment.ok()) << CodeOf(treatment);
  const int64_t treatment_id = treatment->at("id").as_int64();
  ASSERT_TRUE(queue_->RunDue().ok());

  records::ListQuery q;
  q.sort = {{"day", false}};
  auto list = records_->List(As(admin_), "follow_up", q);
  ASSERT_TRUE(list.ok()) << CodeOf(list);
  ASSERT_EQ(list->items.size(), 4u);
  const LocalDate today = TimeZone::Find("Asia/Shanghai")->DateOf(clock_.Now());
  const int days[] = {1, 3, 7, 30};
  for (size_t i = 0; i < 4; ++i) {
    const json::object& f = list->items[i].as_object();
    EXPECT_EQ(f.at("day").as_int64(), days[i]);
    EXPECT_EQ(f.at("due_on").as_string(), FormatDate(AddDays(today, days[i])));
    EXPECT_EQ(f.at("treatment").as_int64(), treatment_id);
    EXPECT_EQ(f.at("customer").as_int64(), customer->at("id").as_int64());
    EXPECT_EQ(f.at("assignee").as_int64(), consultant);
    EXPECT_EQ(f.at("status").as_string(), "pending");
  }
  EXPECT_EQ(Query("SELECT COUNT(*) FROM tasks WHERE assignee_id = ? AND entity = 'treatment' "
                  "AND record_id = ?",
                  {consultant, treatment_id}),
            4);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM tasks WHERE assignee_id = ? AND title = ?",
                  {consultant, "术后第1天回访：王丽华（水光针）"}),
            1);
  EXPECT_EQ(Query("SELECT MIN(due_at) FROM tasks WHERE assignee_id = ?", {consultant}),
            clock_.Now() + 24 * 3'600'000);
}

// 28 days after a 水光针 treatment the customer gets the care message and the 复购券 tag.
TEST_P(TemplatesTest, TheHydraRuleTagsTheCustomerAfter28Days) {
  MustApply(MustLoad());
  auto customer = records_->Create(As(admin_), "customer",
                                   json::object{{"name", "李娜"}, {"phone", "13900139000"}});
  ASSERT_TRUE(customer.ok()) << CodeOf(customer);
  const int64_t customer_id = customer->at("id").as_int64();
  auto service = records_->Create(As(admin_), "service", json::object{{"name", "水光针"}});
  ASSERT_TRUE(service.ok());
  auto other = records_->Create(As(admin_), "service", json::object{{"name", "光子嫩肤"}});
  ASSERT_TRUE(other.ok());
  for (const auto* s : {&*service, &*other}) {
    auto t = records_->Create(As(admin_), "treatment",
                              json::object{{"customer", customer_id},
                                           {"service", s->at("id")},
                                           {"status", "completed"},
                                           {"treated_at", FormatRfc3339(clock_.Now())}});
    ASSERT_TRUE(t.ok()) << CodeOf(t);
  }
  ASSERT_TRUE(queue_->RunDue().ok());
  auto tags = [&] {
    auto rec = records_->Get(As(admin_), "customer", customer_id);
    EXPECT_TRUE(rec.ok());
    return rec.ok() ? json::serialize(rec->at("tags")) : std::string();
  };
  EXPECT_EQ(tags(), "[]");
  clock_.Advance(27LL * 86'400'000);
  ASSERT_TRUE(queue_->RunDue().ok());
  EXPECT_EQ(tags(), "[]");
  clock_.Advance(2LL * 86'400'000);
  ASSERT_TRUE(queue_->RunDue().ok());
  EXPECT_EQ(tags(), R"(["复购券"])");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM rule_runs WHERE status = 'ok' AND rule_id = "
                  "(SELECT id FROM rules WHERE name = ?)",
                  {"水光针28天复购关怀"}),
            1);
}

INSTANTIATE_TEST_SUITE_P(Engines, TemplatesTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::templates::testing
