// The two back ends of the filter language agree: for each filter, the records the SQL back end
// lists are exactly those the in-memory matcher accepts, on both engines — including missing
// values (three-valued logic), empty text, case, multi-valued and sensitive fields.
#include "platform/records/match.h"

#include <boost/json/serialize.hpp>

#include "platform/records/filter.h"
#include "platform/records/records.h"
#include "unit/platform/records/records_fixture.h"

namespace peony::records::testing {
namespace {

constexpr const char* kThing = R"({"name":"thing","label":"物品","fields":[
  {"name":"title","label":"标题","type":"text"},
  {"name":"qty","label":"数量","type":"integer"},
  {"name":"score","label":"分数","type":"number"},
  {"name":"price","label":"价格","type":"money"},
  {"name":"day","label":"日期","type":"date"},
  {"name":"vip","label":"会员","type":"switch"},
  {"name":"status","label":"状态","type":"select","options":{"choices":[
     {"key":"open","label":"开"},{"key":"done","label":"完"}]}},
  {"name":"tags","label":"标签","type":"multi_select","options":{"choices":[
     {"key":"a","label":"A"},{"key":"b","label":"B"},{"key":"c","label":"C"}]}},
  {"name":"mobile","label":"手机","type":"phone","sensitive":true}]})";

constexpr const char* kRecords[] = {
    R"({"title":"Apple 红","qty":3,"score":4.5,"price":1250,"day":"2026-01-02","vip":true,
        "status":"open","tags":["a","b"],"mobile":"13812345678"})",
    R"({"title":"apple pie","qty":10,"score":-1,"price":0,"day":"2025-12-31","vip":false,
        "status":"done","tags":["c"],"mobile":"13900001111"})",
    R"({"title":"王丽华","qty":0,"score":0,"day":"2026-06-30","status":"done","tags":[]})",
    R"({"title":null})",
    R"({"title":"100%_x","qty":-5,"score":2.25,"price":9999,"vip":true,"tags":["a"],
        "mobile":"13812345678"})",
};

// Filters of every operator class; {id} is replaced by the first record's id.
constexpr const char* kFilters[] = {
    R"({"field":"title","op":"eq","value":"王丽华"})",
    R"({"field":"title","op":"ne","value":"王丽华"})",
    R"({"field":"title","op":"contains","value":"APPLE"})",
    R"({"field":"title","op":"contains","value":"丽"})",
    R"({"field":"title","op":"not_contains","value":"apple"})",
    R"({"field":"title","op":"starts_with","value":"app"})",
    R"({"field":"title","op":"contains","value":"%_"})",
    R"({"field":"title","op":"in","value":["王丽华","apple pie","nope"]})",
    R"({"field":"title","op":"not_in","value":["王丽华"]})",
    R"({"field":"title","op":"is_empty"})",
    R"({"field":"title","op":"not_empty"})",
    R"({"field":"qty","op":"gt","value":0})",
    R"({"field":"qty","op":"lte","value":3})",
    R"({"field":"qty","op":"between","value":[0,10]})",
    R"({"field":"qty","op":"is_empty"})",
    R"({"field":"score","op":"gte","value":2.25})",
    R"({"field":"score","op":"lt","value":0})",
    R"({"field":"score","op":"between","value":[-1,2.25]})",
    R"({"field":"price","op":"gt","value":1249})",
    R"({"field":"price","op":"eq","value":0})",
    R"({"field":"day","op":"lt","value":"2026-01-02"})",
    R"({"field":"day","op":"between","value":["2025-12-31","2026-06-30"]})",
    R"({"field":"vip","op":"eq","value":true})",
    R"({"field":"vip","op":"ne","value":true})",
    R"({"field":"status","op":"in","value":["open","done"]})",
    R"({"field":"status","op":"not_in","value":["open"]})",
    R"({"field":"tags","op":"contains","value":["a","c"]})",
    R"({"field":"tags","op":"not_contains","value":["a"]})",
    R"({"field":"tags","op":"is_empty"})",
    R"({"field":"mobile","op":"eq","value":"138 1234 5678"})",
    R"({"field":"mobile","op":"ne","value":"13812345678"})",
    R"({"field":"mobile","op":"in","value":["13900001111","13700000000"]})",
    R"({"field":"mobile","op":"is_empty"})",
    R"({"field":"id","op":"eq","value":{id}})",
    R"({"field":"id","op":"in","value":[{id}]})",
    R"({"field":"created_at","op":"gte","value":"2026-09-21T00:00:00Z"})",
    R"({"field":"owner_id","op":"is_empty"})",
    R"({"not":{"field":"qty","op":"gt","value":0}})",
    R"({"not":{"field":"title","op":"ne","value":"王丽华"}})",
    R"({"not":{"or":[{"field":"vip","op":"eq","value":true},{"field":"qty","op":"lt","value":1}]}})",
    R"({"or":[{"field":"score","op":"gt","value":4},{"field":"tags","op":"contains","value":["c"]}]})",
    R"({"and":[{"field":"qty","op":"gte","value":0},{"not":{"field":"status","op":"eq","value":"open"}}]})",
    R"({"and":[]})",
    R"({"or":[]})",
    R"({"not":{"and":[]}})",
};

using MatchTest = RecordsTest;

TEST_P(MatchTest, SqlAndInMemoryBackEndsSelectTheSameRecords) {
  Define(kThing);
  for (const char* r : kRecords) {
    auto created = records_->Create(As(admin_), "thing", Obj(r));
    ASSERT_TRUE(created.ok()) << r << " " << created.error().code << " "
                              << boost::json::serialize(created.error().details);
  }
  ListQuery all;
  all.limit = 100;
  auto everything = records_->List(As(admin_), "thing", all);  // admin: unmasked
  ASSERT_TRUE(everything.ok());
  ASSERT_EQ(everything->items.size(), std::size(kRecords));
  const int64_t first = everything->items[0].at("id").as_int64();
  auto catalog = catalog_->Snapshot();
  ASSERT_TRUE(catalog.ok());
  const schema::EntityDef* e = (*catalog)->Find("thing");
  ASSERT_NE(e, nullptr);

  int informative = 0;
  for (std::string text : kFilters) {
    if (auto at = text.find("{id}"); at != std::string::npos) {
      text.replace(at, 4, std::to_string(first));
    }
    const auto filter = boost::json::parse(text);
    ListQuery q = all;
    q.filter = filter;
    auto page = records_->List(As(admin_), "thing", q);
    ASSERT_TRUE(page.ok()) << text << " " << page.error().code;
    std::set<int64_t> by_sql;
    for (const auto& item : page->items) by_sql.insert(item.at("id").as_int64());

    auto bound = internal::BindFilter(*e, filter, {});
    ASSERT_TRUE(bound.ok()) << text;
    std::set<int64_t> in_memory;
    for (const auto& item : everything->items) {
      if (internal::Matches(*bound, item.as_object())) {
        in_memory.insert(item.at("id").as_int64());
      }
    }
    EXPECT_EQ(by_sql, in_memory) << text;
    if (!by_sql.empty() && by_sql.size() < std::size(kRecords)) ++informative;
  }
  // Most filters split the records, so agreement is not agreement on "all" or "none".
  EXPECT_GE(informative, 35);
}

TEST_P(MatchTest, BothBackEndsShareTheValidation) {
  Define(kThing);
  auto catalog = catalog_->Snapshot();
  ASSERT_TRUE(catalog.ok());
  const schema::EntityDef* e = (*catalog)->Find("thing");
  const char* bad[] = {
      R"({"field":"nope","op":"eq","value":1})",
      R"({"field":"qty","op":"contains","value":"1"})",
      R"({"field":"qty","op":"eq","value":"many"})",
      R"({"field":"qty","op":"eq"})",
      R"({"field":"mobile","op":"contains","value":"138"})",  // sensitive: exact matches only
      R"({"field":"tags","op":"contains","value":"a"})",
      R"({"field":"created_at","op":"gt","value":"yesterday"})",
      R"({"and":{"field":"qty","op":"eq","value":1}})",
      R"({"and":[],"or":[]})",
      R"({"not":[]})",
      R"([1,2])",
      R"({"field":"title.name","op":"eq","value":"x"})",
  };
  for (const char* text : bad) {
    const auto filter = boost::json::parse(text);
    auto bound = internal::BindFilter(*e, filter, {catalog->get(), nullptr});
    ASSERT_FALSE(bound.ok()) << text;
    EXPECT_EQ(bound.error().code, "record.bad_filter") << text;
    ListQuery q;
    q.filter = filter;
    auto listed = records_->List(As(admin_), "thing", q);
    ASSERT_FALSE(listed.ok()) << text;
    EXPECT_EQ(listed.error().code, "record.bad_filter") << text;
  }
  // Too many leaves.
  boost::json::array many;
  for (int i = 0; i < 101; ++i) {
    many.push_back(boost::json::object{{"field", "qty"}, {"op", "eq"}, {"value", i}});
  }
  EXPECT_FALSE(internal::BindFilter(*e, boost::json::object{{"or", many}}, {}).ok());
}

INSTANTIATE_TEST_SUITE_P(Engines, MatchTest, ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::records::testing
