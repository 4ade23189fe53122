// Compound indexes (schema/indexes.h): declared in the entity's options, created and dropped with
// them, and walked by lists that match their leading fields and sort by the next one.
#include "platform/records/list_plan.h"
#include "platform/schema/indexes.h"
#include "unit/platform/records/records_fixture.h"

namespace peony::records::testing {
namespace {

using CompoundIndexTest = RecordsTest;

constexpr const char* kFields = R"([
  {"name":"name","label":"姓名","type":"text"},
  {"name":"phone","label":"手机","type":"phone","sensitive":true},
  {"name":"city","label":"城市","type":"select","options":{"indexed":true,"choices":[
    {"key":"sh","label":"上海"},{"key":"hz","label":"杭州"}]}},
  {"name":"level","label":"等级","type":"select","options":{"choices":[
    {"key":"a","label":"甲"},{"key":"b","label":"乙"}]}},
  {"name":"tags","label":"标签","type":"tags"},
  {"name":"joined_on","label":"入会","type":"date","options":{"indexed":true}}])";

std::string Entity(std::string_view options) {
  return R"({"name":"guest","label":"客人","options":)" + std::string(options) + R"(,"fields":)" +
         kFields + "}";
}

class IndexesIn {
 public:
  explicit IndexesIn(storage::Db& db) : db_(db) {}
  // The names of the compound indexes the database has on x_guest.
  std::set<std::string> operator()() {
    auto rows = db_.Read([](storage::Conn& c) {
      return c.Query(c.dialect() == storage::Dialect::kPostgres
                         ? "SELECT indexname FROM pg_indexes WHERE tablename = 'x_guest' "
                           "AND indexname LIKE 'ix_guest__k%'"
                         : "SELECT name FROM sqlite_master WHERE type = 'index' AND "
                           "tbl_name = 'x_guest' AND name LIKE 'ix_guest__k%'");
    });
    std::set<std::string> out;
    EXPECT_TRUE(rows.ok());
    if (rows.ok()) {
      for (size_t i = 0; i < rows->size(); ++i) out.insert(rows->Text(i, 0));
    }
    return out;
  }

 private:
  storage::Db& db_;
};

TEST_P(CompoundIndexTest, BadDeclarationsAreRefusedAndCreateNothing) {
  for (std::string_view options :
       {R"({"indexes":"city"})", R"({"indexes":[["city"]]})",
        R"({"indexes":[["city","level","joined_on","name"]]})", R"({"indexes":[["city","nope"]]})",
        R"({"indexes":[["city","phone"]]})", R"({"indexes":[["city","tags"]]})",
        R"({"indexes":[["city","city"]]})", R"({"indexes":[["city",7]]})",
        R"({"indexes":[["city","level"],["city","level"]]})",
        R"({"indexes":[["a","b"],["a","b"],["a","b"],["a","b"],["a","b"],["a","b"],["a","b"],
                       ["a","b"],["a","b"]]})"}) {
    auto o = Obj(Entity(options));
    schema::EntitySpec spec;
    spec.name = "guest";
    spec.label = "客人";
    spec.options = o.at("options").as_object();
    for (const auto& f : o.at("fields").as_array()) {
      schema::FieldSpec s;
      s.name = std::string(f.at("name").as_string());
      s.label = std::string(f.at("label").as_string());
      s.type = std::string(f.at("type").as_string());
      s.sensitive = f.as_object().contains("sensitive");
      if (f.as_object().contains("options")) s.options = f.at("options").as_object();
      spec.fields.push_back(std::move(s));
    }
    auto r = catalog_->CreateEntity(org_id_, spec, {});
    ASSERT_FALSE(r.ok()) << options;
    EXPECT_EQ(r.error().code, "schema.invalid_options") << options;
    EXPECT_EQ(r.error().details.at("option").as_string(), "indexes") << options;
  }
  auto snapshot = catalog_->Snapshot();
  ASSERT_TRUE(snapshot.ok());
  EXPECT_EQ((*snapshot)->Find("guest"), nullptr);
}

TEST_P(CompoundIndexTest, IndexesFollowTheOptionsAndAPurgedField) {
  const schema::EntityDef e = Define(Entity(R"({"indexes":[["city","joined_on"]]})"));
  IndexesIn indexes(*db_);
  const auto declared = schema::CompoundIndexesOf(e);
  ASSERT_EQ(declared.size(), 1u);
  EXPECT_EQ(indexes(), std::set<std::string>{declared[0].name});

  // A PATCH replaces the list: the old index goes, the new one comes; bad lists change nothing.
  auto bad = catalog_->UpdateEntity("guest", std::nullopt, Obj(R"({"indexes":[["phone","city"]]})"),
                                    std::nullopt, {});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "schema.invalid_options");
  EXPECT_EQ(indexes(), std::set<std::string>{declared[0].name});
  auto patched = catalog_->UpdateEntity(
      "guest", std::nullopt, Obj(R"({"indexes":[["level","joined_on"]]})"), std::nullopt, {});
  ASSERT_TRUE(patched.ok()) << patched.error().code;
  const auto now = schema::CompoundIndexesOf(*patched);
  ASSERT_EQ(now.size(), 1u);
  EXPECT_NE(now[0].name, declared[0].name);
  EXPECT_EQ(indexes(), std::set<std::string>{now[0].name});

  // Purging a field drops the indexes naming it and takes it out of the options.
  ASSERT_TRUE(catalog_->SetFieldRetired("guest", "level", true, {}).ok());
  ASSERT_TRUE(catalog_->PurgeField("guest", "level", {}).ok());
  EXPECT_TRUE(indexes().empty());
  auto snapshot = catalog_->Snapshot();
  ASSERT_TRUE(snapshot.ok());
  EXPECT_TRUE(schema::CompoundIndexesOf(*(*snapshot)->Find("guest")).empty());
  EXPECT_EQ((*snapshot)->Find("guest")->options.at("indexes").as_array().size(), 0u);
}

std::string Hint(const schema::EntityDef& e, const std::string& sort, std::string_view filter) {
  auto bound = internal::BindFilter(e, boost::json::parse(filter), {});
  EXPECT_TRUE(bound.ok());
  return bound.ok() ? internal::CompoundIndexHint(e, sort, &*bound, false) : "?";
}

TEST_P(CompoundIndexTest, ListsMatchingTheLeadingFieldsWalkTheIndexAndPageInOrder) {
  const schema::EntityDef e =
      Define(Entity(R"({"indexes":[["city","joined_on"],["city","level","joined_on"]]})"));
  const auto declared = schema::CompoundIndexesOf(e);
  ASSERT_EQ(declared.size(), 2u);
  const auto& by_city = declared[0].name;
  const auto& by_city_level = declared[1].name;
  const std::string hz = R"({"field":"city","op":"eq","value":"hz"})";
  EXPECT_EQ(Hint(e, "joined_on", hz), by_city);
  EXPECT_EQ(Hint(e, "joined_on", R"({"and":[{"field":"city","op":"eq","value":"hz"},
                                             {"field":"level","op":"eq","value":"a"}]})"),
            by_city_level);
  EXPECT_EQ(Hint(e, "", R"({"and":[{"field":"city","op":"eq","value":"hz"},
                                    {"field":"joined_on","op":"eq","value":"2026-01-10"}]})"),
            by_city);
  // Not the leading field, another sort, an OR or an "in": no compound index.
  EXPECT_EQ(Hint(e, "joined_on", R"({"field":"level","op":"eq","value":"a"})"), "");
  EXPECT_EQ(Hint(e, "name", hz), "");
  EXPECT_EQ(Hint(e, "", hz), "");
  EXPECT_EQ(Hint(e, "joined_on", R"({"or":[{"field":"city","op":"eq","value":"hz"}]})"), "");
  EXPECT_EQ(Hint(e, "joined_on", R"({"field":"city","op":"in","value":["hz"]})"), "");

  for (int i = 0; i < 30; ++i) {
    std::string json = R"({"name":"g)" + std::to_string(i) + R"(","city":")" +
                       (i % 3 == 0 ? "sh" : "hz") + R"(","level":")" + (i % 2 ? "a" : "b") + "\"";
    if (i % 7 != 0) json += R"(,"joined_on":"2026-0)" + std::to_string(1 + i % 5) + "-10\"";
    ASSERT_TRUE(records_->Create(As(admin_), "guest", Obj(json + "}")).ok());
  }
  for (const std::string& filter :
       {hz, std::string(R"({"and":[{"field":"city","op":"eq","value":"hz"},
                                   {"field":"level","op":"eq","value":"a"}]})")}) {
    for (bool descending : {true, false}) {
      ListQuery q;
      q.limit = 4;
      q.sort = {{"joined_on", descending}};
      q.filter = boost::json::parse(filter);
      std::vector<std::pair<std::string, int64_t>> seen;  // (date or "", id)
      for (const auto& item : ListAll("guest", q)) {
        EXPECT_EQ(item.at("city").as_string(), "hz");
        const auto& d = item.at("joined_on");
        seen.emplace_back(d.is_null() ? "" : std::string(d.as_string()), item.at("id").as_int64());
      }
      ASSERT_EQ(seen.size(), filter == hz ? 20u : 10u);
      auto expected = seen;
      std::sort(expected.begin(), expected.end(), [&](const auto& a, const auto& b) {
        if (a.first != b.first) return descending ? a.first > b.first : a.first < b.first;
        return descending ? a.second > b.second : a.second < b.second;
      });
      EXPECT_EQ(seen, expected) << filter << (descending ? " descending" : " ascending");
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, CompoundIndexTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::records::testing
