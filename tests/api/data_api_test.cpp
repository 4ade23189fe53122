// /api/v1/data/{entity}* through real HTTP: records CRUD with versions, lists (filter, sort,
// cursor, Chinese substring search), exports that escape formula cells, and bulk changes.
#include <boost/json/serialize.hpp>

#include "api/app_fixture.h"
#include "unit/platform/records/io/io_test_util.h"

namespace peony::test {
namespace {

constexpr const char* kVisit = R"({"name":"visit","label":"回访记录","fields":[
  {"name":"title","label":"标题","type":"text","required":true},
  {"name":"customer_name","label":"客户姓名","type":"text"},
  {"name":"phone","label":"电话","type":"phone","sensitive":true},
  {"name":"score","label":"满意度","type":"number","options":{"min":0,"max":5}}]})";

class DataApiTest : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (IsSkipped()) return;
    admin_ = Login("admin");
    ASSERT_EQ(Call("POST", "/api/v1/schema/entities", kVisit, admin_).status, 201);
  }
  int64_t Create(const std::string& json, const HeaderList* auth = nullptr) {
    Resp r = Call("POST", "/api/v1/data/visit", json, auth ? *auth : admin_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.Json().at("id").as_int64() : 0;
  }
  std::vector<std::string> Titles(const std::string& query) {
    Resp r = Call("GET", "/api/v1/data/visit?" + query, "", admin_, "");
    if (r.status != 200) return {"error:" + r.ErrorCode()};
    std::vector<std::string> out;
    const auto body = r.Json();
    for (const auto& item : body.at("items").as_array()) {
      out.emplace_back(item.at("title").as_string());
    }
    return out;
  }
  int64_t LiveRecords() {
    return storage::testing::QueryInt(*database_->Open(),
                                      "SELECT COUNT(*) FROM x_visit WHERE deleted_at IS NULL");
  }
  HeaderList admin_;
};

TEST_P(DataApiTest, RecordsAreCreatedReadChangedWithVersionsDeletedAndRestored) {
  const int64_t id = Create(R"({"title":"术后回访","phone":"138 1234 5678","score":4})");
  const std::string path = "/api/v1/data/visit/" + std::to_string(id);
  Resp got = Call("GET", path, "", admin_, "");
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.Json().at("phone").as_string(), "13812345678");
  EXPECT_EQ(got.Json().at("version").as_int64(), 1);

  Resp patched = Call("PATCH", path, R"({"score":5,"version":1})", admin_);
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.Json().at("version").as_int64(), 2);
  Resp stale = Call("PATCH", path, R"({"score":1,"version":1})", admin_);
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.ErrorCode(), "record.version_conflict");
  EXPECT_EQ(stale.Json().at("error").at("details").at("version").as_int64(), 2);
  Resp if_match = client_->Send(
      "PATCH", path, R"({"score":3})",
      {admin_[0], admin_[1], {"Content-Type", "application/json"}, {"If-Match", "\"1\""}});
  EXPECT_EQ(if_match.status, 409);

  EXPECT_EQ(Call("DELETE", path, "", admin_, "").status, 204);
  EXPECT_EQ(Call("GET", path, "", admin_, "").status, 404);
  Resp restored = Call("POST", path + "/restore", "", admin_);
  ASSERT_EQ(restored.status, 200) << restored.body;
  EXPECT_EQ(Call("GET", path, "", admin_, "").Json().at("score").to_number<double>(), 5);
  EXPECT_EQ(Call("GET", "/api/v1/data/visit/0", "", admin_, "").status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/data/visit/abc", "", admin_, "").status, 404);
}

TEST_P(DataApiTest, InvalidValuesAre422NamingTheFieldsAndWriteNothing) {
  const int64_t events = CountRows("record_events");
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {R"({"phone":"13812345678"})", "record.required", "title"},
      {R"({"title":"t","phone":"12345"})", "record.invalid_value", "phone"},
      {R"({"title":"t","score":9})", "record.invalid_value", "score"},
      {R"({"title":"t","score":"lots"})", "record.invalid_value", "score"},
      {R"({"title":"t","nope":1})", "record.unknown_field", "nope"},
  };
  for (const auto& [body, code, field] : cases) {
    Resp r = Call("POST", "/api/v1/data/visit", body, admin_);
    EXPECT_EQ(r.status, 422) << body;
    EXPECT_EQ(r.ErrorCode(), code) << body;
    EXPECT_TRUE(r.Json().at("error").at("details").at("fields").as_object().contains(field))
        << r.body;
  }
  EXPECT_EQ(Call("POST", "/api/v1/data/visit", "[1]", admin_).status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/data/nope", R"({"title":"t"})", admin_).status, 404);
  EXPECT_EQ(CountRows("x_visit"), 0);
  EXPECT_EQ(CountRows("record_events"), events);
}

TEST_P(DataApiTest, ListsFilterSortPageAndFindChineseSubstrings) {
  Create(R"({"title":"a","customer_name":"王丽华","score":3})");
  Create(R"({"title":"b","customer_name":"李丽","score":5})");
  Create(R"({"title":"c","customer_name":"张三","score":1})");
  Create(R"({"title":"d","customer_name":"赵四"})");
  EXPECT_THAT(Titles("q=" + UrlEncode("丽")), ::testing::ElementsAre("a", "b"));
  EXPECT_THAT(Titles("q=" + UrlEncode("丽华")), ::testing::ElementsAre("a"));
  EXPECT_THAT(Titles("sort=-score"), ::testing::ElementsAre("b", "a", "c", "d"));
  EXPECT_THAT(Titles("filter=" + UrlEncode(R"({"field":"score","op":"gte","value":3})")),
              ::testing::ElementsAre("a", "b"));
  EXPECT_THAT(Titles("filter=" + UrlEncode(R"({"or":[{"field":"score","op":"lt","value":2},)"
                                           R"({"field":"score","op":"is_empty"}]})")),
              ::testing::ElementsAre("c", "d"));
  // Keyset pages of two, sorted by score ascending (empty first).
  std::vector<std::string> seen;
  std::string cursor;
  for (int page = 0; page < 5; ++page) {
    Resp r = Call("GET",
                  "/api/v1/data/visit?limit=2&sort=score&total=true" +
                      (cursor.empty() ? "" : "&cursor=" + cursor),
                  "", admin_, "");
    ASSERT_EQ(r.status, 200) << r.body;
    const auto body = r.Json();
    EXPECT_EQ(body.at("total").as_int64(), 4);
    for (const auto& item : body.at("items").as_array()) {
      seen.emplace_back(item.at("title").as_string());
    }
    if (r.Json().at("next_cursor").is_null()) break;
    cursor = std::string(r.Json().at("next_cursor").as_string());
  }
  EXPECT_THAT(seen, ::testing::ElementsAre("d", "c", "a", "b"));
  EXPECT_THAT(Titles("filter=" + UrlEncode(R"({"field":"score","op":"like","value":1})")),
              ::testing::ElementsAre("error:record.bad_filter"));
  EXPECT_THAT(Titles("filter=" + UrlEncode("{broken")),
              ::testing::ElementsAre("error:record.bad_filter"));
  EXPECT_THAT(Titles("cursor=garbage"), ::testing::ElementsAre("error:record.bad_cursor"));
  EXPECT_THAT(Titles("sort=nope"), ::testing::ElementsAre("error:record.bad_sort"));
}

TEST_P(DataApiTest, ExportsEscapeFormulaCellsInCsvAndXlsx) {
  Create(R"J({"title":"=HYPERLINK(\"http://x\")","customer_name":"+cmd|' /C calc'!A0"})J");
  Create(R"J({"title":"@SUM(1)","customer_name":"王丽华"})J");
  Resp csv = Call("GET", "/api/v1/data/visit/export?format=csv", "", admin_, "");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBF", 0), 0u);  // UTF-8 BOM for Excel
  EXPECT_NE(csv.body.find("王丽华"), std::string::npos);
  for (const char* raw : {",=HYPERLINK", "\n=HYPERLINK", ",+cmd", ",@SUM", "\n@SUM"}) {
    EXPECT_EQ(csv.body.find(raw), std::string::npos) << raw;
  }
  EXPECT_NE(csv.body.find("'=HYPERLINK"), std::string::npos);

  Resp xlsx = Call("GET", "/api/v1/data/visit/export?format=xlsx", "", admin_, "");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.rfind("PK\x03\x04", 0), 0u);
  const std::string sheet =
      records::io::testing::ReadZipEntry(xlsx.body, "xl/sharedStrings.xml") +
      records::io::testing::ReadZipEntry(xlsx.body, "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("'=HYPERLINK"), std::string::npos);
  EXPECT_EQ(sheet.find("<f>"), std::string::npos);  // never a formula
  Resp bad = Call("GET", "/api/v1/data/visit/export?format=pdf", "", admin_, "");
  EXPECT_EQ(bad.status, 422);
}

TEST_P(DataApiTest, BulkUpdateAndDeleteChangeEveryMatchedRecordInOneGo) {
  std::vector<int64_t> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(
        Create(R"({"title":"t)" + std::to_string(i) + R"(","score":)" + std::to_string(i) + "}"));
  }
  const int64_t events = CountRows("record_events");
  Resp by_ids = Call("POST", "/api/v1/data/visit/bulk-update",
                     R"({"ids":[)" + std::to_string(ids[0]) + "," + std::to_string(ids[1]) +
                         R"(,999999],"values":{"customer_name":"批量"}})",
                     admin_);
  ASSERT_EQ(by_ids.status, 200) << by_ids.body;
  EXPECT_EQ(by_ids.Json().at("matched").as_int64(), 2);
  EXPECT_EQ(by_ids.Json().at("updated").as_int64(), 2);
  EXPECT_EQ(CountRows("record_events"), events + 2);  // one change event per record
  Resp one = Call("GET", "/api/v1/data/visit/" + std::to_string(ids[1]), "", admin_, "");
  EXPECT_EQ(one.Json().at("customer_name").as_string(), "批量");
  EXPECT_EQ(one.Json().at("version").as_int64(), 2);

  Resp by_filter = Call("POST", "/api/v1/data/visit/bulk-delete",
                        R"({"filter":{"field":"score","op":"gte","value":3}})", admin_);
  ASSERT_EQ(by_filter.status, 200) << by_filter.body;
  EXPECT_EQ(by_filter.Json().at("matched").as_int64(), 2);
  EXPECT_EQ(by_filter.Json().at("deleted").as_int64(), 2);
  EXPECT_EQ(LiveRecords(), 3);

  // All or nothing: a value one record cannot take changes none of them.
  Resp invalid =
      Call("POST", "/api/v1/data/visit/bulk-update",
           R"({"filter":{"field":"score","op":"lt","value":3},"values":{"score":7}})", admin_);
  EXPECT_EQ(invalid.status, 422);
  EXPECT_EQ(invalid.ErrorCode(), "record.invalid_value");
  EXPECT_EQ(Call("GET", "/api/v1/data/visit/" + std::to_string(ids[2]), "", admin_, "")
                .Json()
                .at("version")
                .as_int64(),
            1);
}

TEST_P(DataApiTest, BulkChangesRefuseBadSelectionsAndStayWithinTheCallersScope) {
  Resp branches = Call("GET", "/api/v1/branches", "", admin_, "");
  ASSERT_EQ(branches.status, 200) << branches.body;
  const auto items = branches.Json().at("items").as_array();
  ASSERT_GE(items.size(), 2u);
  // The demo manager works in the first branch (data.*:branch); a record of the second branch is
  // outside the manager's scope.
  const int64_t mine = Create(R"({"title":"本店","branch_id":)" +
                              std::to_string(items[0].at("id").as_int64()) + "}");
  const int64_t other_branch = items[1].at("id").as_int64();
  const int64_t theirs =
      Create(R"({"title":"分店","branch_id":)" + std::to_string(other_branch) + "}");
  HeaderList manager = Login("manager");
  Resp del =
      Call("POST", "/api/v1/data/visit/bulk-delete",
           R"({"ids":[)" + std::to_string(mine) + "," + std::to_string(theirs) + "]}", manager);
  ASSERT_EQ(del.status, 200) << del.body;
  EXPECT_EQ(del.Json().at("matched").as_int64(), 1);
  EXPECT_EQ(Call("GET", "/api/v1/data/visit/" + std::to_string(theirs), "", admin_, "").status,
            200);

  std::string too_many = R"({"ids":[)";
  for (int i = 1; i <= 10001; ++i) too_many += (i > 1 ? "," : "") + std::to_string(i);
  too_many += "]}";
  const std::vector<std::tuple<std::string, std::string, int, std::string>> cases = {
      {"bulk-delete", too_many, 422, "record.bulk_too_large"},
      {"bulk-delete", R"({"ids":[]})", 422, "request.validation"},
      {"bulk-delete", R"({"ids":[0]})", 422, "request.validation"},
      {"bulk-delete", R"({"ids":["1"]})", 422, "request.validation"},
      {"bulk-delete", R"({})", 422, "request.validation"},
      {"bulk-delete", R"({"ids":[1],"filter":{}})", 422, "request.validation"},
      {"bulk-delete", R"({"filter":"title"})", 422, "record.bad_filter"},
      {"bulk-delete", R"({"filter":{"field":"nope","op":"eq","value":1}})", 422,
       "record.bad_filter"},
      {"bulk-update", R"({"ids":[1]})", 422, "request.validation"},
      {"bulk-update", R"({"ids":[1],"values":{}})", 422, "request.validation"},
      {"bulk-update", R"({"ids":[1],"values":{"nope":1}})", 422, "record.unknown_field"},
      {"bulk-update", "not json", 400, "request.invalid_json"},
  };
  const int64_t events = CountRows("record_events");
  for (const auto& [route, body, status, code] : cases) {
    Resp r = Call("POST", "/api/v1/data/visit/" + route, body, admin_);
    EXPECT_EQ(r.status, status) << route << " " << body.substr(0, 60);
    EXPECT_EQ(r.ErrorCode(), code) << route << " " << body.substr(0, 60);
  }
  HeaderList front = Login("frontdesk");
  Resp forbidden = Call("POST", "/api/v1/data/visit/bulk-delete",
                        R"({"ids":[)" + std::to_string(theirs) + "]}", front);
  EXPECT_EQ(forbidden.status, 403);
  EXPECT_EQ(forbidden.ErrorCode(), "record.forbidden");
  EXPECT_EQ(CountRows("record_events"), events);
  EXPECT_EQ(LiveRecords(), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, DataApiTest, ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::test
