#include "platform/records/records.h"

#include <atomic>
#include <map>
#include <thread>

#include "platform/access/audit.h"
#include "unit/platform/records/records_fixture.h"

namespace peony::records::testing {
namespace {

constexpr const char* kClient = R"({"name":"client","label":"客户","fields":[
  {"name":"name","label":"姓名","type":"text","required":true},
  {"name":"mobile","label":"手机","type":"phone","sensitive":true,"unique":true}]})";

constexpr const char* kVisit = R"({"name":"visit","label":"回访记录","fields":[
  {"name":"title","label":"标题","type":"text","required":true},
  {"name":"customer_name","label":"客户姓名","type":"text"},
  {"name":"phone","label":"电话","type":"phone","sensitive":true},
  {"name":"score","label":"满意度","type":"number","options":{"min":0,"max":5}},
  {"name":"status","label":"状态","type":"select","options":{"choices":[
     {"key":"open","label":"待回访"},{"key":"done","label":"已完成"}]}},
  {"name":"tags","label":"标签","type":"multi_select","options":{"choices":[
     {"key":"vip","label":"VIP"},{"key":"new","label":"新客"}]}},
  {"name":"client","label":"客户","type":"relation","options":{"target":"client"}},
  {"name":"items","label":"明细","type":"sub_form","options":{"fields":[
     {"name":"item","label":"项目","type":"text"},{"name":"qty","label":"数量","type":"integer"}]}}]})";

class RecordsCrudTest : public RecordsTest {
 protected:
  void SetUp() override {
    RecordsTest::SetUp();
    if (IsSkipped()) return;
    Define(kClient);
    Define(kVisit);
  }
  boost::json::object MustCreate(const std::string& entity, std::string_view json,
                                 const access::Principal* p = nullptr) {
    auto r = records_->Create(As(p ? *p : admin_), entity, Obj(json));
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().code + " " + r.error().message_en);
    return r.ok() ? *r : boost::json::object{};
  }
  std::vector<std::string> Titles(const Result<Page>& page) {
    std::vector<std::string> out;
    if (!page.ok()) return {"error:" + page.error().code};
    for (const auto& item : page->items) out.emplace_back(item.at("title").as_string());
    return out;
  }
  Result<Page> ListWhere(std::string_view filter_json, std::string q = "") {
    ListQuery query;
    if (!filter_json.empty()) query.filter = boost::json::parse(filter_json);
    query.q = std::move(q);
    return records_->List(As(admin_), "visit", query);
  }
};

TEST_P(RecordsCrudTest, CreateReadsBackNormalisedValuesAndChildren) {
  auto client = MustCreate("client", R"({"name":"王丽华","mobile":"138 1234 5678"})");
  auto v = MustCreate("visit", R"({"title":"术后回访","customer_name":"王丽华",
      "phone":"+86 139-0000-1111","score":4.5,"status":"open","tags":["vip","new"],
      "client":)" + std::to_string(client.at("id").as_int64()) +
                                   R"(,"items":[{"item":"水光针","qty":2}]})");
  EXPECT_EQ(v.at("version").as_int64(), 1);
  EXPECT_EQ(v.at("phone").as_string(), "13900001111");  // admin holds data.*.unmask via "*"
  EXPECT_EQ(v.at("tags").as_array().size(), 2u);
  EXPECT_EQ(v.at("items").as_array().at(0).at("item").as_string(), "水光针");
  EXPECT_EQ(v.at("items").as_array().at(0).at("qty").as_int64(), 2);
  auto again = records_->Get(As(admin_), "visit", v.at("id").as_int64());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, v);
}

TEST_P(RecordsCrudTest, SensitiveValuesAreEncryptedAtRestAndMaskedWithoutUnmask) {
  auto v = MustCreate("visit", R"({"title":"t","phone":"13812345678"})");
  auto raw = db_->Read([](storage::Conn& c) { return c.Query("SELECT f_phone FROM x_visit"); });
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw->Text(0, 0).find("13812345678"), std::string::npos);
  auto reader = Principal(2, {"data.visit.read"}, access::Scope::kAll, 1);
  auto masked = records_->Get(As(reader), "visit", v.at("id").as_int64());
  ASSERT_TRUE(masked.ok());
  EXPECT_EQ(masked->at("phone").as_string(), "138****5678");
  // The unmasked read by the admin was audited; the masked one was not.
  EXPECT_EQ(storage::testing::QueryInt(
                *db_, "SELECT COUNT(*) FROM audit_log WHERE action = 'record.read_sensitive'"),
            0);
  ASSERT_TRUE(records_->Get(As(admin_), "visit", v.at("id").as_int64()).ok());
  EXPECT_EQ(storage::testing::QueryInt(
                *db_, "SELECT COUNT(*) FROM audit_log WHERE action = 'record.read_sensitive'"),
            1);
}

TEST_P(RecordsCrudTest, ConcurrentUnmaskedReadsAreEachAuditedBeforeTheyReturn) {
  std::vector<int64_t> ids;
  for (int i = 0; i < 8; ++i) {
    ids.push_back(
        MustCreate("visit", R"({"title":"t","phone":"1381234567)" + std::to_string(i) + "\"}")
            .at("id")
            .as_int64());
  }
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int thread_idx = 0; thread_idx < 8; ++thread_idx) {
    threads.emplace_back([&, thread_idx] {
      for (int i = 0; i < 10; ++i) {
        if (!records_->Get(As(admin_), "visit", ids[static_cast<size_t>(thread_idx)]).ok()) {
          ++failures;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  // Reads that met in one transaction share an entry listing every target: 80 reads in all.
  auto audit = db_->Read([](storage::Conn& c) {
    return c.Query(
        "SELECT target_id, detail FROM audit_log WHERE action = 'record.read_sensitive'");
  });
  ASSERT_TRUE(audit.ok());
  std::map<std::string, int> per_record;
  for (size_t i = 0; i < audit->size(); ++i) {
    const auto detail = boost::json::parse(audit->Text(i, 1)).as_object();
    EXPECT_EQ(detail.at("fields").as_array().at(0).as_string(), "phone");
    if (const auto* targets = detail.if_contains("targets")) {
      for (const auto& t : targets->as_array()) ++per_record[std::string(t.as_string())];
    } else {
      ++per_record[audit->Text(i, 0)];
    }
  }
  ASSERT_EQ(per_record.size(), 8u);
  for (const auto& [_, n] : per_record) EXPECT_EQ(n, 10);
  auto verified = access::VerifyAudit(*db_);
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok()) << verified->reason;
}

TEST_P(RecordsCrudTest, BadValuesAndMissingFieldsWriteNothing) {
  auto bad_phone = records_->Create(As(admin_), "visit", Obj(R"({"title":"x","phone":"12345"})"));
  ASSERT_FALSE(bad_phone.ok());
  EXPECT_EQ(bad_phone.error().code, "record.invalid_value");
  EXPECT_EQ(records_->Create(As(admin_), "visit", Obj(R"({"score":1})")).error().code,
            "record.required");
  EXPECT_EQ(records_->Create(As(admin_), "visit", Obj(R"({"title":"x","nope":1})")).error().code,
            "record.unknown_field");
  EXPECT_EQ(
      records_->Create(As(admin_), "visit", Obj(R"({"title":"x","status":"maybe"})")).error().code,
      "record.invalid_value");
  EXPECT_EQ(
      records_->Create(As(admin_), "visit", Obj(R"({"title":"x","client":999})")).error().code,
      "record.invalid_value");
  EXPECT_EQ(records_->Create(As(admin_), "nothing", Obj(R"({"title":"x"})")).error().code,
            "schema.entity_not_found");
  EXPECT_EQ(storage::testing::QueryInt(*db_, "SELECT COUNT(*) FROM x_visit"), 0);
}

TEST_P(RecordsCrudTest, UniqueSensitiveValuesAreRefusedThroughTheBlindIndex) {
  MustCreate("client", R"({"name":"甲","mobile":"13812345678"})");
  auto dup =
      records_->Create(As(admin_), "client", Obj(R"({"name":"乙","mobile":"138-1234-5678"})"));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, "record.duplicate");
  EXPECT_EQ(storage::testing::QueryInt(*db_, "SELECT COUNT(*) FROM x_client"), 1);
}

TEST_P(RecordsCrudTest, UpdatesNeedTheCurrentVersion) {
  auto v = MustCreate("visit", R"({"title":"初稿","score":3})");
  const int64_t id = v.at("id").as_int64();
  auto updated = records_->Update(As(admin_), "visit", id, Obj(R"({"score":5})"), 1);
  ASSERT_TRUE(updated.ok()) << updated.error().code;
  EXPECT_EQ(updated->at("version").as_int64(), 2);
  EXPECT_EQ(updated->at("title").as_string(), "初稿");
  auto stale = records_->Update(As(admin_), "visit", id, Obj(R"({"score":1})"), 1);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, "record.version_conflict");
  EXPECT_EQ(storage::testing::QueryInt(
                *db_, "SELECT COUNT(*) FROM record_events WHERE record_id = " + std::to_string(id)),
            2);
}

TEST_P(RecordsCrudTest, DeleteGoesToTheTrashAndRestoreBringsItBack) {
  auto v = MustCreate("visit", R"({"title":"删掉我"})");
  const int64_t id = v.at("id").as_int64();
  ASSERT_TRUE(records_->Delete(As(admin_), "visit", id).ok());
  EXPECT_EQ(records_->Get(As(admin_), "visit", id).error().code, "record.not_found");
  ListQuery trash;
  trash.deleted = true;
  EXPECT_EQ(Titles(records_->List(As(admin_), "visit", trash)), std::vector<std::string>{"删掉我"});
  auto restored = records_->Restore(As(admin_), "visit", id);
  ASSERT_TRUE(restored.ok()) << restored.error().code;
  EXPECT_TRUE(records_->Get(As(admin_), "visit", id).ok());
}

TEST_P(RecordsCrudTest, ChineseSubstringSearchFindsOneTwoAndThreeCharacters) {
  MustCreate("visit", R"({"title":"a","customer_name":"王丽华"})");
  MustCreate("visit", R"({"title":"b","customer_name":"张三"})");
  MustCreate("visit", R"({"title":"c","customer_name":"李丽"})");
  EXPECT_EQ(Titles(ListWhere("", "丽")), (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(Titles(ListWhere("", "丽华")), std::vector<std::string>{"a"});
  EXPECT_EQ(Titles(ListWhere("", "王丽华")), std::vector<std::string>{"a"});
  EXPECT_EQ(Titles(ListWhere("", "华王")), std::vector<std::string>{});
  EXPECT_EQ(Titles(ListWhere("", "%")), std::vector<std::string>{});
}

TEST_P(RecordsCrudTest, SearchPagesWalkEveryMatchOnceInIdOrderWithTheTotal) {
  const std::vector<std::string> names{"王秀英", "张三", "李秀", "秀兰", "赵四",  "王秀",
                                       "周秀英", "钱五", "秀秀", "王英", "孙秀英"};
  for (size_t i = 0; i < names.size(); ++i) {
    MustCreate("visit", R"({"title":"t)" + std::to_string(i) + R"(","customer_name":")" + names[i] +
                            R"("})");
  }
  auto walk = [&](const std::string& q, bool descending, int64_t* total) {
    ListQuery query;
    query.q = q;
    query.limit = 2;
    query.with_total = true;
    if (descending) query.sort = {{"id", true}};
    std::vector<std::string> seen;
    for (int guard = 0; guard < 20; ++guard) {
      auto page = records_->List(As(admin_), "visit", query);
      if (!page.ok()) return std::vector<std::string>{"error:" + page.error().code};
      *total = page->total.value_or(-1);
      for (const auto& t : Titles(page)) seen.push_back(t);
      if (!page->next_cursor) break;
      query.cursor = *page->next_cursor;
    }
    return seen;
  };
  int64_t total = 0;
  EXPECT_EQ(walk("秀", false, &total),
            (std::vector<std::string>{"t0", "t2", "t3", "t5", "t6", "t8", "t10"}));
  EXPECT_EQ(total, 7);
  EXPECT_EQ(walk("秀", true, &total),
            (std::vector<std::string>{"t10", "t8", "t6", "t5", "t3", "t2", "t0"}));
  EXPECT_EQ(total, 7);
  // Every term must occur; a term of three characters must occur as written.
  EXPECT_EQ(walk("秀英 王", false, &total), std::vector<std::string>{"t0"});
  EXPECT_EQ(total, 1);
  EXPECT_EQ(walk("秀英", true, &total), (std::vector<std::string>{"t10", "t6", "t0"}));
  EXPECT_EQ(walk("周秀英", false, &total), std::vector<std::string>{"t6"});
  EXPECT_EQ(walk("英秀", false, &total), std::vector<std::string>{});
  EXPECT_EQ(total, 0);
  // Another sort order gives the same matches.
  ListQuery by_title;
  by_title.q = "秀";
  by_title.sort = {{"title", true}};
  EXPECT_EQ(Titles(records_->List(As(admin_), "visit", by_title)),
            (std::vector<std::string>{"t8", "t6", "t5", "t3", "t2", "t10", "t0"}));
}

TEST_P(RecordsCrudTest, FilterTreesCombineFieldsRelationsAndChoices) {
  auto c1 = MustCreate("client", R"({"name":"王丽华"})");
  const std::string cid = std::to_string(c1.at("id").as_int64());
  MustCreate("visit",
             R"({"title":"a","score":5,"status":"done","tags":["vip"],"client":)" + cid + "}");
  MustCreate("visit", R"({"title":"b","score":2,"status":"open"})");
  MustCreate("visit", R"({"title":"c","score":4,"status":"open","tags":["new"]})");
  EXPECT_EQ(Titles(ListWhere(R"({"field":"score","op":"gte","value":4})")),
            (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(Titles(ListWhere(R"({"or":[{"field":"status","op":"eq","value":"done"},
                                       {"field":"score","op":"lt","value":3}]})")),
            (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(Titles(ListWhere(R"({"field":"tags","op":"contains","value":["new"]})")),
            std::vector<std::string>{"c"});
  EXPECT_EQ(Titles(ListWhere(R"({"field":"client.name","op":"contains","value":"丽"})")),
            std::vector<std::string>{"a"});
  EXPECT_EQ(Titles(ListWhere(R"({"not":{"field":"status","op":"in","value":["open"]}})")),
            std::vector<std::string>{"a"});
  for (const char* bad :
       {R"({"field":"nope","op":"eq","value":1})",
        R"({"field":"score","op":"starts_with","value":"1"})",
        R"({"field":"score","op":"eq","value":"x"})", R"({"xor":[]})", R"([1,2])"}) {
    EXPECT_EQ(ListWhere(bad).error().code, "record.bad_filter") << bad;
  }
  std::string deep = R"({"field":"score","op":"eq","value":1})";
  for (int i = 0; i < 12; ++i) deep = R"({"not":)" + deep + "}";
  EXPECT_EQ(ListWhere(deep).error().code, "record.bad_filter");
}

TEST_P(RecordsCrudTest, KeysetPagesWalkEveryRecordOnceInSortOrder) {
  for (int i = 0; i < 23; ++i) {
    MustCreate("visit", R"({"title":"t)" + std::to_string(i) + R"(","score":)" +
                            std::to_string(i % 5) + "}");
  }
  MustCreate("visit", R"({"title":"no score"})");
  ListQuery q;
  q.limit = 4;
  q.sort = {{"score", true}};
  q.with_total = true;
  std::vector<std::string> seen;
  double last = 1e9;
  for (int page = 0; page < 20; ++page) {
    auto r = records_->List(As(admin_), "visit", q);
    ASSERT_TRUE(r.ok()) << r.error().code;
    EXPECT_EQ(*r->total, 24);
    for (const auto& item : r->items) {
      seen.emplace_back(item.at("title").as_string());
      if (!item.at("score").is_null()) {
        EXPECT_LE(item.at("score").to_number<double>(), last);
        last = item.at("score").to_number<double>();
      }
    }
    if (!r->next_cursor) break;
    q.cursor = *r->next_cursor;
  }
  EXPECT_EQ(seen.size(), 24u);
  EXPECT_EQ(seen.back(), "no score");  // descending puts empty values last
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(std::unique(seen.begin(), seen.end()), seen.end());
  q.cursor = "garbage";
  EXPECT_EQ(records_->List(As(admin_), "visit", q).error().code, "record.bad_cursor");
}

TEST_P(RecordsCrudTest, ScopesNarrowWhatACallerSees) {
  auto own = Principal(3, {"data.visit.read", "data.visit.create"}, access::Scope::kOwn, 1);
  auto branch2 = Principal(4, {"data.visit.read", "data.visit.create"}, access::Scope::kBranch, 2);
  MustCreate("visit", R"({"title":"mine"})", &own);
  MustCreate("visit", R"({"title":"other branch"})", &branch2);
  MustCreate("visit", R"({"title":"admin's"})");
  EXPECT_EQ(Titles(records_->List(As(own), "visit", {})), std::vector<std::string>{"mine"});
  EXPECT_EQ(Titles(records_->List(As(branch2), "visit", {})),
            std::vector<std::string>{"other branch"});
  auto nobody = Principal(5, {}, access::Scope::kAll, 1);
  EXPECT_EQ(records_->List(As(nobody), "visit", {}).error().code, "record.forbidden");
  EXPECT_EQ(records_->Create(As(nobody), "visit", Obj(R"({"title":"x"})")).error().code,
            "record.forbidden");
}

INSTANTIATE_TEST_SUITE_P(Engines, RecordsCrudTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::records::testing
