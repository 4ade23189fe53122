// The rule-format additions the template's rules use: {id}, {today+N} / {today-N} and add_tag on a
// related record's tags ("customer.tags") — and what they refuse.
#include <boost/json/serialize.hpp>

#include "common/time_zone.h"
#include "platform/rules/definition.h"
#include "platform/rules/template.h"
#include "unit/platform/templates/templates_fixture.h"

namespace peony::templates::testing {
namespace {

namespace json = boost::json;
using records::testing::Obj;

class RuleExtensionsTest : public TemplatesTest {
 protected:
  void SetUp() override {
    TemplatesTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    Template t = MustLoad();
    t.rules.clear();
    MustApply(t);
    auto cat = catalog_->Snapshot();
    ASSERT_TRUE(cat.ok());
    cat_ = *cat;
  }

  std::string TemplateCode(std::string_view text, const char* entity = "treatment") {
    return CodeOf(rules::CheckTemplate(text, entity ? cat_->Find(entity) : nullptr, *cat_, "t"));
  }
  std::string RuleCode(const std::string& action) {
    return CodeOf(rules::ParseRule(
        Obj(R"({"name":"r","entity":"treatment","trigger":{"type":"record_created"},"actions":[)" +
            action + "]}"),
        *cat_, *records_));
  }

  std::shared_ptr<const schema::Catalog> cat_;
};

TEST_P(RuleExtensionsTest, DaysFromTodayAndTheRecordIdAreVariables) {
  for (const char* ok : {"{today+1}", "{today-7}", "{今天+30}", "{today+3650}", "{id}"}) {
    EXPECT_EQ(TemplateCode(ok), "ok") << ok;
  }
  for (const char* bad : {"{today+0}", "{today+}", "{today+x}", "{today+3651}", "{today*2}",
                          "{today+1d}", "{today+ 1}", "{今天-0}"}) {
    EXPECT_EQ(TemplateCode(bad), "rule.unknown_variable") << bad;
  }
  // A rule without records has no id; days from today need none.
  EXPECT_EQ(TemplateCode("{id}", nullptr), "rule.unknown_variable");
  EXPECT_EQ(TemplateCode("{today+2}", nullptr), "ok");
}

TEST_P(RuleExtensionsTest, RenderFillsDaysFromTodayInTheOrganisationsZone) {
  const TimeZone zone = *TimeZone::Find("Asia/Shanghai");
  const UtcMillis now = clock_.Now();
  const json::object record{{"id", 42}};
  const std::string text = rules::Render("{id}:{today-1}/{today+30}", cat_->Find("treatment"),
                                         *cat_, record, nullptr, zone, now);
  const LocalDate today = zone.DateOf(now);
  EXPECT_EQ(text, "42:" + FormatDate(AddDays(today, -1)) + "/" + FormatDate(AddDays(today, 30)));
}

TEST_P(RuleExtensionsTest, TagsOfARelatedRecordAreChecked) {
  EXPECT_EQ(RuleCode(R"({"type":"add_tag","field":"customer.tags","tag":"复购券"})"), "ok");
  EXPECT_EQ(RuleCode(R"({"type":"remove_tag","field":"customer.tags","tag":"复购券"})"), "ok");
  // Not a tags field, not a relation, an unknown relation, an unknown field of the target.
  EXPECT_EQ(RuleCode(R"({"type":"add_tag","field":"customer.name","tag":"x"})"),
            "rule.unknown_field");
  EXPECT_EQ(RuleCode(R"({"type":"add_tag","field":"note.tags","tag":"x"})"), "rule.unknown_field");
  EXPECT_EQ(RuleCode(R"({"type":"add_tag","field":"nobody.tags","tag":"x"})"),
            "rule.unknown_field");
  EXPECT_EQ(RuleCode(R"({"type":"add_tag","field":"customer.nothing","tag":"x"})"),
            "rule.unknown_field");
  EXPECT_EQ(RuleCode(R"({"type":"add_tag","field":"status","tag":"x"})"), "rule.unknown_field");
}

// A related record to tag that is not there: the action fails with its code, the others run.
TEST_P(RuleExtensionsTest, TaggingAMissingRelatedRecordFailsThatActionOnly) {
  auto rule =
      rules_->Create(admin_, Obj(R"({"name":"标记客户","entity":"treatment",
      "trigger":{"type":"record_created"},
      "actions":[{"type":"add_tag","field":"customer.tags","tag":"到店"},
                 {"type":"create_task","assignee":{"user_id":)" +
                                 std::to_string(admin_.user_id) + R"(},"title":"新治疗记录"}]})"));
  ASSERT_TRUE(rule.ok()) << CodeOf(rule);
  auto t = records_->Create(As(admin_), "treatment", json::object{{"status", "planned"}});
  ASSERT_TRUE(t.ok()) << CodeOf(t);
  ASSERT_TRUE(queue_->RunDue().ok());
  EXPECT_EQ(Query("SELECT COUNT(*) FROM rule_runs WHERE status = 'failed' AND actions LIKE ?",
                  {"%rule.no_record%"}),
            1);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM tasks WHERE title = ?", {"新治疗记录"}), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, RuleExtensionsTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::templates::testing
