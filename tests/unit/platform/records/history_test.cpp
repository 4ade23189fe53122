// Records::History: the change events of one record, newest first, paged, as the caller may see
// them (hidden fields left out, sensitive ones only flagged), within the caller's scope.
#include "platform/records/records.h"
#include "unit/platform/records/records_fixture.h"

namespace peony::records::testing {
namespace {

constexpr const char* kCase = R"({"name":"case","label":"病例","fields":[
  {"name":"title","label":"标题","type":"text"},
  {"name":"fee","label":"费用","type":"integer","options":{"access":{"front_desk":"hidden"}}},
  {"name":"mobile","label":"手机","type":"phone","sensitive":true}]})";

class HistoryTest : public RecordsTest {
 protected:
  void SetUp() override {
    RecordsTest::SetUp();
    if (IsSkipped()) return;
    Define(kCase);
    auto r = records_->Create(As(admin_), "case",
                              Obj(R"({"title":"初诊","fee":100,"mobile":"13812345678"})"));
    ASSERT_TRUE(r.ok());
    id_ = r->at("id").as_int64();
    ASSERT_TRUE(
        records_
            ->Update(As(admin_), "case", id_, Obj(R"({"title":"复诊","fee":200})"), std::nullopt)
            .ok());
    ASSERT_TRUE(
        records_->Update(As(admin_), "case", id_, Obj(R"({"mobile":"13900001111"})"), std::nullopt)
            .ok());
    ASSERT_TRUE(records_->Delete(As(admin_), "case", id_).ok());
    ASSERT_TRUE(records_->Restore(As(admin_), "case", id_).ok());
  }
  std::vector<std::string> Kinds(const Page& page) {
    std::vector<std::string> out;
    for (const auto& item : page.items) out.emplace_back(item.at("kind").as_string());
    return out;
  }
  int64_t id_ = 0;
};

TEST_P(HistoryTest, EventsComeNewestFirstInPages) {
  auto first = records_->History(As(admin_), "case", id_, 2, "");
  ASSERT_TRUE(first.ok()) << first.error().code;
  EXPECT_EQ(Kinds(*first), (std::vector<std::string>{"restore", "delete"}));
  ASSERT_TRUE(first->next_cursor.has_value());
  auto second = records_->History(As(admin_), "case", id_, 2, *first->next_cursor);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(Kinds(*second), (std::vector<std::string>{"update", "update"}));
  auto third = records_->History(As(admin_), "case", id_, 2, *second->next_cursor);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(Kinds(*third), (std::vector<std::string>{"create"}));
  EXPECT_FALSE(third->next_cursor.has_value());

  const auto& update = second->items[1].as_object();  // title and fee changed
  EXPECT_EQ(update.at("actor_id").as_int64(), 1);
  EXPECT_FALSE(update.at("actor_name").as_string().empty());
  EXPECT_EQ(update.at("changes").at("title").at("old").as_string(), "初诊");
  EXPECT_EQ(update.at("changes").at("title").at("new").as_string(), "复诊");
  EXPECT_EQ(update.at("changes").at("fee").at("new").as_int64(), 200);
  const auto& phone = second->items[0].at("changes").as_object();
  EXPECT_EQ(phone.at("mobile"), (boost::json::object{{"changed", true}}));
  EXPECT_FALSE(third->items[0].at("changes").at("mobile").as_object().contains("new"));
}

TEST_P(HistoryTest, HiddenFieldsAreLeftOutOfTheChanges) {
  auto front_desk = Principal(2, {"data.case.read"}, access::Scope::kAll, 1);
  front_desk.roles = {"front_desk"};
  auto page = records_->History(As(front_desk), "case", id_, 50, "");
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 5u);
  const auto& update = page->items[3].at("changes").as_object();
  EXPECT_TRUE(update.contains("title"));
  EXPECT_FALSE(update.contains("fee"));
  EXPECT_FALSE(page->items[4].at("changes").as_object().contains("fee"));
}

TEST_P(HistoryTest, RecordsOutsideTheScopeOrWithoutReadAreRefused) {
  // Scope "own": the admin's record is not theirs.
  auto own = Principal(2, {"data.case.read"}, access::Scope::kOwn, 1);
  auto hidden = records_->History(As(own), "case", id_, 50, "");
  ASSERT_FALSE(hidden.ok());
  EXPECT_EQ(hidden.error().code, "record.not_found");
  auto nobody = Principal(3, {"data.other.read"}, access::Scope::kAll, 1);
  auto forbidden = records_->History(As(nobody), "case", id_, 50, "");
  ASSERT_FALSE(forbidden.ok());
  EXPECT_EQ(forbidden.error().code, "record.forbidden");
  auto missing = records_->History(As(admin_), "case", id_ + 1000, 50, "");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "record.not_found");
  for (const char* cursor : {"abc", "-1", "0", "1x", "99999999999999999999999"}) {
    auto bad = records_->History(As(admin_), "case", id_, 50, cursor);
    ASSERT_FALSE(bad.ok()) << cursor;
    EXPECT_EQ(bad.error().code, "record.bad_cursor") << cursor;
  }
  for (int limit : {0, 501, -3}) {
    auto bad = records_->History(As(admin_), "case", id_, limit, "");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, "request.validation");
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, HistoryTest, ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::records::testing
