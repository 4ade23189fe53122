// Lists sorted by an indexed field walk that field's index on SQLite (list_plan.h) unless a
// selective condition is better; either way the pages come out complete and in order.
#include "platform/records/list_plan.h"

#include <set>

#include "unit/platform/records/records_fixture.h"

namespace peony::records::testing {
namespace {

using ListPlanTest = RecordsTest;

constexpr const char* kEntity = R"({"name":"guest","label":"客人","fields":[
  {"name":"name","label":"姓名","type":"text"},
  {"name":"code","label":"编号","type":"text","unique":true},
  {"name":"city","label":"城市","type":"select","options":{"indexed":true,"choices":[
    {"key":"sh","label":"上海"},{"key":"hz","label":"杭州"}]}},
  {"name":"joined_on","label":"入会","type":"date","options":{"indexed":true}},
  {"name":"note","label":"备注","type":"text"}]})";

std::string Hint(const schema::EntityDef& e, const std::string& sort, std::string_view filter,
                 bool searching = false) {
  if (filter.empty()) return internal::SortIndexHint(e, sort, nullptr, searching);
  auto bound = internal::BindFilter(e, boost::json::parse(filter), {});
  EXPECT_TRUE(bound.ok());
  return bound.ok() ? internal::SortIndexHint(e, sort, &*bound, searching) : "?";
}

TEST_P(ListPlanTest, TheSortIndexIsWalkedUnlessAConditionIsSelective) {
  const schema::EntityDef e = Define(kEntity);
  EXPECT_EQ(Hint(e, "joined_on", ""), "ix_guest__joined_on");
  EXPECT_EQ(Hint(e, "joined_on", R"({"field":"city","op":"eq","value":"hz"})"),
            "ix_guest__joined_on");
  EXPECT_EQ(Hint(e, "joined_on", R"({"and":[{"field":"city","op":"eq","value":"hz"},
                                             {"field":"note","op":"contains","value":"x"}]})"),
            "ix_guest__joined_on");
  // Selective conditions keep their own index; no index on the sort field, no hint.
  EXPECT_EQ(Hint(e, "joined_on", R"({"field":"code","op":"eq","value":"A1"})"), "");
  EXPECT_EQ(Hint(e, "joined_on", R"({"field":"id","op":"in","value":[1,2]})"), "");
  EXPECT_EQ(Hint(e, "joined_on", R"({"and":[{"field":"city","op":"eq","value":"hz"},
                                             {"field":"code","op":"eq","value":"A1"}]})"),
            "");
  EXPECT_EQ(Hint(e, "joined_on", "", true), "");
  // updated_at has an index on every entity; created_at has none.
  EXPECT_EQ(Hint(e, "updated_at", R"({"field":"city","op":"eq","value":"hz"})"),
            "ix_guest__updated");
  EXPECT_EQ(Hint(e, "updated_at", R"({"field":"code","op":"eq","value":"A1"})"), "");
  EXPECT_EQ(Hint(e, "created_at", ""), "");
  EXPECT_EQ(Hint(e, "name", ""), "");
  EXPECT_EQ(Hint(e, "", ""), "");
}

TEST_P(ListPlanTest, PagesSortedByAnIndexedFieldAreCompleteAndInOrder) {
  Define(kEntity);
  for (int i = 0; i < 30; ++i) {
    std::string json =
        R"({"name":"g)" + std::to_string(i) + R"(","city":")" + (i % 3 == 0 ? "sh" : "hz") + "\"";
    if (i % 7 != 0) json += R"(,"joined_on":"2026-0)" + std::to_string(1 + i % 5) + "-10\"";
    ASSERT_TRUE(records_->Create(As(admin_), "guest", Obj(json + "}")).ok());
  }
  for (bool descending : {true, false}) {
    ListQuery q;
    q.limit = 4;
    q.sort = {{"joined_on", descending}};
    q.filter = boost::json::parse(R"({"field":"city","op":"eq","value":"hz"})");
    std::vector<std::pair<std::string, int64_t>> seen;  // (date or "", id)
    for (const auto& item : ListAll("guest", q)) {
      EXPECT_EQ(item.at("city").as_string(), "hz");
      const auto& d = item.at("joined_on");
      seen.emplace_back(d.is_null() ? "" : std::string(d.as_string()), item.at("id").as_int64());
    }
    ASSERT_EQ(seen.size(), 20u);
    auto expected = seen;
    // Ascending puts empty dates first, descending last; ties by id in the same direction.
    std::sort(expected.begin(), expected.end(), [&](const auto& a, const auto& b) {
      if (a.first != b.first) return descending ? a.first > b.first : a.first < b.first;
      return descending ? a.second > b.second : a.second < b.second;
    });
    EXPECT_EQ(seen, expected) << (descending ? "descending" : "ascending");
  }
}

TEST_P(ListPlanTest, PagesSortedByTheUpdateTimeAreCompleteAndInOrder) {
  Define(kEntity);
  std::vector<int64_t> ids;
  for (int i = 0; i < 15; ++i) {
    auto r = records_->Create(As(admin_), "guest",
                              Obj(R"({"name":"g)" + std::to_string(i) + R"(","city":"hz"})"));
    ASSERT_TRUE(r.ok()) << r.error().code;
    ids.push_back(r->at("id").as_int64());
  }
  for (size_t i : {3u, 11u, 0u}) {
    auto r =
        records_->Update(As(admin_), "guest", ids[i], Obj(R"({"note":"changed"})"), std::nullopt);
    ASSERT_TRUE(r.ok()) << r.error().code;
  }
  ListQuery q;
  q.limit = 4;
  q.sort = {{"updated_at", true}};
  q.filter = boost::json::parse(R"({"field":"city","op":"eq","value":"hz"})");
  std::vector<std::pair<std::string, int64_t>> seen;  // (updated_at, id)
  for (const auto& item : ListAll("guest", q)) {
    seen.emplace_back(std::string(item.at("updated_at").as_string()), item.at("id").as_int64());
  }
  ASSERT_EQ(seen.size(), 15u);
  auto expected = seen;
  std::sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second > b.second;
  });
  EXPECT_EQ(seen, expected);
  std::set<int64_t> all;
  for (const auto& s : seen) all.insert(s.second);
  EXPECT_EQ(all.size(), 15u);
}

// A search sorted by an indexed field walks that index when the gram is common and gathers the
// matches first when it is rare: the pages and the total are the same either way.
TEST_P(ListPlanTest, SortedSearchesFindTheSameRecordsWhetherTheGramIsCommonOrRare) {
  const schema::EntityDef e = Define(kEntity);
  struct Guest {
    std::string date;  // "" when empty
    int64_t id;
    std::string name;
  };
  std::vector<Guest> guests;
  for (int i = 0; i < 160; ++i) {
    std::string name = i % 3 == 0 ? "李" : "王秀";
    if (i % 40 == 1) name += "兰";
    std::string date =
        i % 11 == 0 ? "" : "2026-0" + std::to_string(1 + i % 7) + "-1" + std::to_string(i % 10);
    std::string json = R"({"name":")" + name + R"(")";
    if (!date.empty()) json += R"(,"joined_on":")" + date + R"(")";
    auto r = records_->Create(As(admin_), "guest", Obj(json + "}"));
    ASSERT_TRUE(r.ok()) << r.error().code;
    guests.push_back({date, r->at("id").as_int64(), name});
  }
  auto common = [&](const std::string& gram) {
    auto r = db_->Read([&](storage::Conn& c) { return internal::CommonGram(c, e, gram); });
    EXPECT_TRUE(r.ok());
    return r.ok() && *r;
  };
  EXPECT_TRUE(common("秀"));  // in 106 of 160 names; the bound is 100 for a small table
  EXPECT_FALSE(common("兰"));
  EXPECT_FALSE(common("赵"));
  for (const std::string q : {"秀", "兰", "秀兰 王", "赵"}) {
    std::vector<int64_t> expected;
    std::vector<Guest> matching;
    for (const auto& g : guests) {
      bool all = true;
      for (const std::string term : {"秀兰", "王", "秀", "兰", "赵"}) {
        if (q.find(term) != std::string::npos && g.name.find(term) == std::string::npos) {
          all = false;
        }
      }
      if (all) matching.push_back(g);
    }
    // Descending puts empty dates last; ties by id descending.
    std::sort(matching.begin(), matching.end(), [](const Guest& a, const Guest& b) {
      if (a.date != b.date) return a.date.empty() ? false : b.date.empty() ? true : a.date > b.date;
      return a.id > b.id;
    });
    for (const auto& g : matching) expected.push_back(g.id);
    ListQuery lq;
    lq.q = q;
    lq.limit = 9;
    lq.with_total = true;
    lq.sort = {{"joined_on", true}};
    std::vector<int64_t> listed;
    int64_t total = -1;
    for (int page = 0; page < 30; ++page) {
      auto r = records_->List(As(admin_), "guest", lq);
      ASSERT_TRUE(r.ok()) << r.error().code;
      total = r->total.value_or(-1);
      for (const auto& item : r->items) listed.push_back(item.at("id").as_int64());
      if (!r->next_cursor) break;
      lq.cursor = *r->next_cursor;
    }
    EXPECT_EQ(listed, expected) << q;
    EXPECT_EQ(total, static_cast<int64_t>(expected.size())) << q;
  }
}

// A customer's few visits: an exact match on a reference walks that reference's own index, not
// every live record; other conditions, ORs and searches leave the planner to choose.
TEST_P(ListPlanTest, AnExactReferenceMatchWalksTheReferencesIndex) {
  Define(
      R"({"name":"member","label":"会员","fields":[{"name":"name","label":"姓名","type":"text"}]})");
  const schema::EntityDef e = Define(R"({"name":"visit","label":"到店","fields":[
    {"name":"member","label":"会员","type":"relation","options":{"target":"member"}},
    {"name":"host","label":"接待","type":"user"},
    {"name":"note","label":"备注","type":"text"}]})");
  auto hint = [&](std::string_view filter) {
    auto bound = internal::BindFilter(e, boost::json::parse(filter), {});
    EXPECT_TRUE(bound.ok());
    return bound.ok() ? internal::EqualityIndexHint(e, &*bound) : "?";
  };
  EXPECT_EQ(hint(R"({"field":"member","op":"eq","value":7})"), "ix_visit__member");
  EXPECT_EQ(hint(R"({"and":[{"field":"note","op":"contains","value":"x"},
                            {"field":"host","op":"eq","value":1}]})"),
            "ix_visit__host");
  EXPECT_EQ(hint(R"({"or":[{"field":"member","op":"eq","value":7},
                           {"field":"member","op":"eq","value":8}]})"),
            "");
  EXPECT_EQ(hint(R"({"field":"member","op":"in","value":[7,8]})"), "");
  EXPECT_EQ(hint(R"({"field":"note","op":"eq","value":"x"})"), "");
  EXPECT_EQ(internal::EqualityIndexHint(e, nullptr), "");

  // With the hint the answers are the same: her visits, in id order, paged.
  std::vector<int64_t> members;
  for (int i = 0; i < 3; ++i) {
    auto m =
        records_->Create(As(admin_), "member", Obj(R"({"name":"m)" + std::to_string(i) + "\"}"));
    ASSERT_TRUE(m.ok()) << m.error().code;
    members.push_back(m->at("id").as_int64());
  }
  std::vector<int64_t> hers;
  for (int i = 0; i < 12; ++i) {
    const int64_t member = members[static_cast<size_t>(i % 3)];
    auto v =
        records_->Create(As(admin_), "visit", Obj(R"({"member":)" + std::to_string(member) + "}"));
    ASSERT_TRUE(v.ok()) << v.error().code;
    if (member == members[1]) hers.push_back(v->at("id").as_int64());
  }
  const std::string filter =
      R"({"field":"member","op":"eq","value":)" + std::to_string(members[1]) + "}";
  ListQuery q;
  q.limit = 3;
  q.filter = boost::json::parse(filter);
  std::vector<int64_t> listed;
  for (int page = 0; page < 5; ++page) {
    auto r = records_->List(As(admin_), "visit", q);
    ASSERT_TRUE(r.ok()) << r.error().code;
    for (const auto& item : r->items) listed.push_back(item.at("id").as_int64());
    if (!r->next_cursor) break;
    q.cursor = *r->next_cursor;
  }
  EXPECT_EQ(listed, hers);
  const boost::json::value select = boost::json::parse(filter);
  auto ids = db_->Read(
      [&](storage::Conn& c) { return records_->SelectIdsInTx(c, org_id_, "visit", &select, 100); });
  ASSERT_TRUE(ids.ok()) << ids.error().code;
  EXPECT_EQ(*ids, hers);
}

INSTANTIATE_TEST_SUITE_P(Engines, ListPlanTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::records::testing
