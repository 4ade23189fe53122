// Field permissions per role (options.access): hidden and read-only fields on every read and
// write path, on both engines.
#include "platform/records/records.h"
#include "unit/platform/records/records_fixture.h"

namespace peony::records::testing {
namespace {

constexpr const char* kLead = R"({"name":"lead","label":"线索","fields":[
  {"name":"name","label":"姓名","type":"text","required":true},
  {"name":"budget","label":"预算","type":"integer","required":true,
   "options":{"access":{"front_desk":"hidden"}}},
  {"name":"note","label":"备注","type":"text","options":{"access":{"front_desk":"read_only"}}},
  {"name":"source","label":"来源","type":"text",
   "options":{"access":{"front_desk":"hidden","consultant":"read_only"}}}]})";

class FieldAccessTest : public RecordsTest {
 protected:
  void SetUp() override {
    RecordsTest::SetUp();
    if (IsSkipped()) return;
    Define(kLead);
    const std::set<std::string> perms = {"data.lead.read", "data.lead.create", "data.lead.update",
                                         "data.lead.export"};
    front_desk_ = Staff(2, {"front_desk"}, perms);
    consultant_ = Staff(3, {"consultant"}, perms);
    both_ = Staff(4, {"front_desk", "consultant"}, perms);
    roleless_ = Staff(5, {}, perms);
    auto manager_perms = perms;
    manager_perms.insert("schema.manage");
    manager_ = Staff(6, {"manager"}, manager_perms);
    auto r =
        records_->Create(As(admin_), "lead",
                         Obj(R"({"name":"王丽华","budget":5000,"note":"老客","source":"抖音"})"));
    ASSERT_TRUE(r.ok()) << r.error().code;
    id_ = r->at("id").as_int64();
  }
  access::Principal Staff(int64_t id, std::vector<std::string> roles,
                          const std::set<std::string>& perms) {
    auto p = Principal(id, perms, access::Scope::kAll, 1);
    p.roles = std::move(roles);
    return p;
  }
  std::string Code(const Status& s) { return s.ok() ? "ok" : s.error().code; }
  template <class T>
  std::string Code(const Result<T>& r) {
    return r.ok() ? "ok" : r.error().code;
  }
  Result<Page> ListAs(const access::Principal& p, std::string_view filter, std::string sort = "",
                      std::string q = "") {
    ListQuery query;
    if (!filter.empty()) query.filter = boost::json::parse(filter);
    if (!sort.empty()) query.sort.push_back({sort, false});
    query.q = std::move(q);
    return records_->List(As(p), "lead", query);
  }
  boost::json::object Stored() {
    auto r = records_->Get(As(admin_), "lead", id_);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : boost::json::object{};
  }

  access::Principal front_desk_, consultant_, both_, roleless_, manager_;
  int64_t id_ = 0;
};

TEST_P(FieldAccessTest, HiddenFieldsAreAbsentFromGetListAndExport) {
  auto got = records_->Get(As(front_desk_), "lead", id_);
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got->contains("budget"));
  EXPECT_FALSE(got->contains("source"));
  EXPECT_EQ(got->at("note").as_string(), "老客");  // read-only is visible
  EXPECT_EQ(got->at("name").as_string(), "王丽华");

  auto page = ListAs(front_desk_, "");
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_FALSE(page->items[0].as_object().contains("budget"));
  EXPECT_FALSE(page->items[0].as_object().contains("source"));

  auto file = records_->Export(As(front_desk_), "lead", {}, "csv");
  ASSERT_TRUE(file.ok()) << file.error().code;
  EXPECT_EQ(file->bytes.find("预算"), std::string::npos);
  EXPECT_EQ(file->bytes.find("5000"), std::string::npos);
  EXPECT_EQ(file->bytes.find("抖音"), std::string::npos);
  EXPECT_NE(file->bytes.find("老客"), std::string::npos);

  // A manager (schema.manage) and a role without an entry see everything.
  auto managed = records_->Get(As(manager_), "lead", id_);
  ASSERT_TRUE(managed.ok());
  EXPECT_EQ(managed->at("budget").as_int64(), 5000);
  auto consulted = records_->Get(As(consultant_), "lead", id_);
  ASSERT_TRUE(consulted.ok());
  EXPECT_EQ(consulted->at("budget").as_int64(), 5000);
  EXPECT_EQ(consulted->at("source").as_string(), "抖音");
}

TEST_P(FieldAccessTest, FiltersSortsAndSearchesCannotProbeHiddenFields) {
  EXPECT_EQ(Code(ListAs(front_desk_, R"({"field":"budget","op":"gt","value":1000})")),
            "record.bad_filter");
  EXPECT_EQ(Code(ListAs(front_desk_, R"({"not":{"field":"source","op":"is_empty"}})")),
            "record.bad_filter");
  EXPECT_EQ(Code(ListAs(front_desk_, "", "budget")), "record.bad_sort");
  // "source" is a hidden text field in the quick search: searching could reveal it.
  EXPECT_EQ(Code(ListAs(front_desk_, "", "", "抖音")), "record.bad_filter");
  // Visible fields still filter; others with access may use all of them.
  EXPECT_EQ(Code(ListAs(front_desk_, R"({"field":"note","op":"eq","value":"老客"})")), "ok");
  auto by_budget = ListAs(manager_, R"({"field":"budget","op":"gt","value":1000})", "budget");
  ASSERT_TRUE(by_budget.ok());
  EXPECT_EQ(by_budget->items.size(), 1u);
  auto searched = ListAs(consultant_, "", "", "抖音");
  ASSERT_TRUE(searched.ok());
  EXPECT_EQ(searched->items.size(), 1u);
}

TEST_P(FieldAccessTest, RelationPathsCannotProbeHiddenOrUnreadableFields) {
  Define(R"({"name":"deal","label":"成交","fields":[
    {"name":"lead","label":"线索","type":"relation","options":{"target":"lead"}}]})");
  ASSERT_TRUE(
      records_->Create(As(admin_), "deal", Obj(R"({"lead":)" + std::to_string(id_) + "}")).ok());
  auto list = [&](const access::Principal& p, std::string_view filter) {
    ListQuery query;
    query.filter = boost::json::parse(filter);
    auto r = records_->List(As(p), "deal", query);
    return r.ok() ? std::to_string(r->items.size()) : r.error().code;
  };
  auto desk = Staff(7, {"front_desk"}, {"data.deal.read", "data.lead.read"});
  EXPECT_EQ(list(desk, R"({"field":"lead.budget","op":"gt","value":1})"), "record.bad_filter");
  EXPECT_EQ(list(desk, R"({"field":"lead.name","op":"eq","value":"王丽华"})"), "1");
  auto deals_only = Staff(8, {"consultant"}, {"data.deal.read"});
  EXPECT_EQ(list(deals_only, R"({"field":"lead.name","op":"eq","value":"王丽华"})"),
            "record.bad_filter");
  EXPECT_EQ(list(admin_, R"({"field":"lead.budget","op":"gt","value":1})"), "1");
}

TEST_P(FieldAccessTest, WritesToHiddenOrReadOnlyFieldsAreRefusedAndWriteNothing) {
  const auto before = Stored();
  auto update = [&](const access::Principal& p, std::string_view patch) {
    return Code(records_->Update(As(p), "lead", id_, Obj(patch), std::nullopt));
  };
  EXPECT_EQ(update(front_desk_, R"({"budget":1})"), "record.read_only");
  // A hidden value cannot be confirmed either: that would reveal it.
  EXPECT_EQ(update(front_desk_, R"({"budget":5000})"), "record.read_only");
  EXPECT_EQ(update(front_desk_, R"({"source":null})"), "record.read_only");
  EXPECT_EQ(update(front_desk_, R"({"note":"改了"})"), "record.read_only");
  EXPECT_EQ(Stored(), before);
  // A read-only value sent back unchanged is fine (a form posts every field it shows).
  EXPECT_EQ(update(front_desk_, R"({"name":"王丽","note":"老客"})"), "ok");
  EXPECT_EQ(Stored().at("name").as_string(), "王丽");
  EXPECT_EQ(Stored().at("note").as_string(), "老客");

  const int64_t count = storage::testing::QueryInt(*db_, "SELECT COUNT(*) FROM x_lead");
  EXPECT_EQ(Code(records_->Create(As(front_desk_), "lead", Obj(R"({"name":"a","budget":9})"))),
            "record.read_only");
  EXPECT_EQ(Code(records_->Create(As(front_desk_), "lead", Obj(R"({"name":"a","note":"x"})"))),
            "record.read_only");
  EXPECT_EQ(storage::testing::QueryInt(*db_, "SELECT COUNT(*) FROM x_lead"), count);
  // Fields the caller may not write are not required of them; blanks are accepted.
  auto created =
      records_->Create(As(front_desk_), "lead", Obj(R"({"name":"新客","note":null,"source":""})"));
  ASSERT_TRUE(created.ok()) << created.error().code;
  EXPECT_FALSE(created->contains("budget"));
  // Others still must fill the required field.
  EXPECT_EQ(Code(records_->Create(As(consultant_), "lead", Obj(R"({"name":"b"})"))),
            "record.required");
}

TEST_P(FieldAccessTest, TheMostPermissiveOfTheCallersRolesWins) {
  // front_desk hides source, consultant makes it read-only: a user with both may read it.
  auto got = records_->Get(As(both_), "lead", id_);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->at("source").as_string(), "抖音");
  EXPECT_EQ(got->at("budget").as_int64(), 5000);  // consultant has no entry: unrestricted
  EXPECT_EQ(Code(records_->Update(As(both_), "lead", id_, Obj(R"({"source":"x"})"), std::nullopt)),
            "record.read_only");
  EXPECT_EQ(Code(records_->Update(As(both_), "lead", id_, Obj(R"({"budget":6000,"note":"y"})"),
                                  std::nullopt)),
            "ok");
  // Without any role the strictest restriction applies.
  auto roleless = records_->Get(As(roleless_), "lead", id_);
  ASSERT_TRUE(roleless.ok());
  EXPECT_FALSE(roleless->contains("source"));
  EXPECT_FALSE(roleless->contains("budget"));
}

TEST_P(FieldAccessTest, BadAccessOptionsAreRefusedWhenTheFieldIsDefined) {
  auto refused = [&](std::string_view options) {
    schema::FieldSpec s;
    s.name = "extra";
    s.label = "附加";
    s.type = "text";
    s.options = Obj(options);
    auto r = catalog_->AddField("lead", s, {});
    if (r.ok()) return std::string("ok");
    const auto* option = r.error().details.as_object().if_contains("option");
    return r.error().code + ":" + (option ? std::string(option->as_string()) : "?");
  };
  EXPECT_EQ(refused(R"({"access":"hidden"})"), "schema.invalid_options:access");
  EXPECT_EQ(refused(R"({"access":{"front_desk":"secret"}})"), "schema.invalid_options:access");
  EXPECT_EQ(refused(R"({"access":{"front_desk":true}})"), "schema.invalid_options:access");
  EXPECT_EQ(refused(R"({"access":{"":"hidden"}})"), "schema.invalid_options:access");
  EXPECT_FALSE(catalog_->Snapshot().value()->Find("lead")->FindField("extra"));
  EXPECT_EQ(refused(R"({"access":{"front_desk":"read_only","doctor":"hidden"}})"), "ok");
}

INSTANTIATE_TEST_SUITE_P(Engines, FieldAccessTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::records::testing
