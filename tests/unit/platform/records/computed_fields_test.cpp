// Fields the records engine computes, on both engines: formulas evaluated on save (and again on
// every update, sub-form rows included), defaults applied on create, and lookups and rollups
// computed on read. People cannot write any of them.
#include <boost/json/serialize.hpp>

#include "platform/records/records.h"
#include "unit/platform/records/records_fixture.h"

namespace peony::records::testing {
namespace {

// 1,790,000,000,000 ms is 2026-09-21 22:13:20 in Asia/Shanghai (14:13:20 UTC).
constexpr const char* kOrder = R"json({"name":"orders","label":"订单","fields":[
  {"name":"title","label":"标题","type":"text"},
  {"name":"price","label":"单价","type":"money"},
  {"name":"qty","label":"数量","type":"number"},
  {"name":"birthday","label":"生日","type":"date"},
  {"name":"items","label":"明细","type":"sub_form","options":{"fields":[
     {"name":"item","label":"项目","type":"text"},{"name":"amount","label":"金额","type":"money"}]}},
  {"name":"subtotal","label":"小计","type":"formula",
     "options":{"expression":"{单价} * {数量}","result_type":"number","precision":2}},
  {"name":"total","label":"合计","type":"formula",
     "options":{"expression":"{subtotal} + SUM({明细}.{金额})","result_type":"number"}},
  {"name":"big","label":"大单","type":"formula",
     "options":{"expression":"{total} >= 1000","result_type":"boolean"}},
  {"name":"age","label":"年龄","type":"formula",
     "options":{"expression":"DATEDIF({生日}, TODAY(), \"Y\")","result_type":"number"}},
  {"name":"due","label":"到期","type":"formula",
     "options":{"expression":"DATEADD(TODAY(), 30, \"day\")","result_type":"date"}},
  {"name":"unit","label":"均价","type":"formula",
     "options":{"expression":"{total} / {数量}","result_type":"number"}},
  {"name":"tag","label":"标记","type":"formula",
     "options":{"expression":"IF({大单}, \"VIP-\" & {标题}, \"\")","result_type":"text"}}]})json";

class ComputedFieldsTest : public RecordsTest {
 protected:
  void SetUp() override {
    RecordsTest::SetUp();
    if (IsSkipped()) return;
    Define(kOrder);
  }
  boost::json::object MustCreate(const std::string& entity, std::string_view json) {
    auto r = records_->Create(As(admin_), entity, Obj(json));
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().code + " " + r.error().message_en);
    return r.ok() ? *r : boost::json::object{};
  }
  boost::json::object MustUpdate(const std::string& entity, int64_t id, std::string_view json) {
    auto r = records_->Update(As(admin_), entity, id, Obj(json), std::nullopt);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().code + " " + r.error().message_en);
    return r.ok() ? *r : boost::json::object{};
  }
  int64_t Count(const std::string& table) {
    return storage::testing::QueryInt(*db_, "SELECT COUNT(*) FROM " + table);
  }
};

std::string J(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v ? boost::json::serialize(*v) : "absent";
}

TEST_P(ComputedFieldsTest, FormulasAreComputedOnCreateAndStored) {
  // 120.00 yuan × 2 = 240, plus the sub-form's 800.50 yuan.
  auto o = MustCreate("orders", R"({"title":"水光针","price":12000,"qty":2,
      "items":[{"item":"a","amount":50050},{"item":"b","amount":30000}]})");
  EXPECT_EQ(J(o, "subtotal"), "240");
  EXPECT_EQ(J(o, "total"), "1.0405E3");
  EXPECT_EQ(J(o, "big"), "true");
  EXPECT_EQ(J(o, "tag"), R"("VIP-水光针")");
  EXPECT_EQ(J(o, "due"), R"("2026-10-21")");
  EXPECT_EQ(J(o, "age"), "null");  // no birthday: DATEDIF of blank is blank
  // Stored in the columns (filters and sorts use them), and read back the same.
  EXPECT_EQ(storage::testing::QueryInt(*db_, "SELECT f_big FROM x_orders"), 1);
  auto again = records_->Get(As(admin_), "orders", o.at("id").as_int64());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, o);
}

TEST_P(ComputedFieldsTest, FormulasAreRecomputedWhenAnInputOrASubFormRowChanges) {
  auto o = MustCreate("orders", R"({"title":"x","price":10000,"qty":1,
      "items":[{"item":"a","amount":10000}]})");
  const int64_t id = o.at("id").as_int64();
  EXPECT_EQ(J(o, "total"), "200");
  EXPECT_EQ(J(o, "big"), "false");
  // Another input: the stored record overlaid with the patch.
  auto u1 = MustUpdate("orders", id, R"({"qty":3})");
  EXPECT_EQ(J(u1, "subtotal"), "300");
  EXPECT_EQ(J(u1, "total"), "400");
  // Sub-form rows replaced.
  auto u2 = MustUpdate("orders", id, R"({"items":[{"item":"a","amount":50000},
      {"item":"b","amount":40000}]})");
  EXPECT_EQ(J(u2, "total"), "1200");
  EXPECT_EQ(J(u2, "big"), "true");
  EXPECT_EQ(J(u2, "tag"), R"("VIP-x")");
  // Sub-form emptied.
  auto u3 = MustUpdate("orders", id, R"({"items":[]})");
  EXPECT_EQ(J(u3, "total"), "300");
  EXPECT_EQ(J(u3, "tag"), "null");
  // The change event names the formula fields whose value changed, with old and new values.
  auto events = db_->Read([](storage::Conn& c) {
    return c.Query("SELECT changes FROM record_events WHERE kind = 'update' ORDER BY id DESC");
  });
  ASSERT_TRUE(events.ok());
  const auto last = boost::json::parse(events->Text(0, 0)).as_object();
  EXPECT_TRUE(last.contains("total"));
  EXPECT_TRUE(last.contains("big"));
  EXPECT_FALSE(last.contains("subtotal"));  // unchanged
}

TEST_P(ComputedFieldsTest, TodayIsTheOrganisationsDateAndMovesWithTheClock) {
  auto o = MustCreate("orders", R"({"title":"x","birthday":"1990-09-22"})");
  EXPECT_EQ(J(o, "age"), "35");  // 2026-09-21 in Shanghai: the birthday is tomorrow
  // Two hours later it is 2026-09-22 in Shanghai (still the 21st in UTC).
  clock_.Advance(2 * 3600 * 1000);
  auto u = MustUpdate("orders", o.at("id").as_int64(), R"({"title":"y"})");
  EXPECT_EQ(J(u, "age"), "36");
  EXPECT_EQ(J(u, "due"), R"("2026-10-22")");
}

TEST_P(ComputedFieldsTest, AFormulaThatFailsAtRunTimeStoresNullAndTheSaveSucceeds) {
  auto o = MustCreate("orders", R"({"title":"x","price":10000,"qty":0})");
  EXPECT_EQ(J(o, "unit"), "null");  // division by zero
  EXPECT_EQ(J(o, "total"), "0");
  auto u = MustUpdate("orders", o.at("id").as_int64(), R"({"qty":4})");
  EXPECT_EQ(J(u, "unit"), "100");
}

TEST_P(ComputedFieldsTest, WritingAComputedFieldIsRefusedAndWritesNothing) {
  auto create = records_->Create(As(admin_), "orders", Obj(R"({"title":"x","total":5})"));
  ASSERT_FALSE(create.ok());
  EXPECT_EQ(create.error().code, "record.read_only");
  EXPECT_EQ(create.error().details.at("field").as_string(), "total");
  EXPECT_EQ(Count("x_orders"), 0);
  auto o = MustCreate("orders", R"({"title":"x","price":100,"qty":1})");
  auto update = records_->Update(As(admin_), "orders", o.at("id").as_int64(),
                                 Obj(R"({"big":true})"), std::nullopt);
  ASSERT_FALSE(update.ok());
  EXPECT_EQ(update.error().code, "record.read_only");
  auto stored = records_->Get(As(admin_), "orders", o.at("id").as_int64());
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->at("version").as_int64(), 1);
  EXPECT_EQ(J(*stored, "big"), "false");
}

TEST_P(ComputedFieldsTest, DefaultsFillAbsentFieldsOnCreateOnly) {
  Define(R"({"name":"task","label":"任务","fields":[
    {"name":"title","label":"标题","type":"text","required":true,"options":{"default":"未命名"}},
    {"name":"status","label":"状态","type":"select","options":{
       "choices":[{"key":"open","label":"待办"},{"key":"done","label":"完成"}],"default":"open"}},
    {"name":"day","label":"日期","type":"date","options":{"default":"today"}},
    {"name":"at","label":"时间","type":"datetime","options":{"default":"now"}},
    {"name":"who","label":"负责人","type":"user","options":{"default":"me"}},
    {"name":"nn","label":"次数","type":"integer","options":{"default":3}},
    {"name":"twice","label":"两倍","type":"formula",
       "options":{"expression":"{次数} * 2","result_type":"number"}}]})");
  auto t = MustCreate("task", "{}");
  EXPECT_EQ(J(t, "title"), R"("未命名")");  // a required field satisfied by its default
  EXPECT_EQ(J(t, "status"), R"("open")");
  EXPECT_EQ(J(t, "day"), R"("2026-09-21")");
  EXPECT_EQ(J(t, "at"), R"("2026-09-21T14:13:20.000Z")");
  EXPECT_EQ(J(t, "who"), "1");
  EXPECT_EQ(J(t, "nn"), "3");
  EXPECT_EQ(J(t, "twice"), "6");  // formulas see the defaults
  // Given values win, and an explicit null means "no value", not the default.
  auto given = MustCreate("task", R"({"title":"写报告","status":"done","nn":null})");
  EXPECT_EQ(J(given, "status"), R"("done")");
  EXPECT_EQ(J(given, "nn"), "null");
  EXPECT_EQ(J(given, "twice"), "0");
  // Updates never apply defaults.
  auto updated = MustUpdate("task", given.at("id").as_int64(), R"({"title":"改"})");
  EXPECT_EQ(J(updated, "nn"), "null");
}

TEST_P(ComputedFieldsTest, LookupsShowTheRelatedRecordsFieldMaskedLikeTheOriginal) {
  Define(R"({"name":"client","label":"客户","fields":[
    {"name":"name","label":"姓名","type":"text"},
    {"name":"mobile","label":"手机","type":"phone","sensitive":true},
    {"name":"level","label":"等级","type":"select","options":{"choices":[{"key":"vip","label":"VIP"}]}},
    {"name":"secret","label":"备注","type":"text","options":{"access":{"doctor":"hidden"}}}]})");
  Define(R"({"name":"visit","label":"回访","fields":[
    {"name":"note","label":"备注","type":"text"},
    {"name":"score","label":"评分","type":"number"},
    {"name":"client","label":"客户","type":"relation","options":{"target":"client"}},
    {"name":"client_name","label":"客户姓名","type":"lookup",
       "options":{"relation":"client","field":"name"}},
    {"name":"client_mobile","label":"客户手机","type":"lookup",
       "options":{"relation":"client","field":"mobile"}},
    {"name":"client_secret","label":"客户备注","type":"lookup",
       "options":{"relation":"client","field":"secret"}}]})");
  auto a = MustCreate("client",
                      R"({"name":"王丽华","mobile":"13812345678","level":"vip","secret":"x"})");
  auto b = MustCreate("client", R"({"name":"李娜","mobile":"13900001111"})");
  const std::string ida = std::to_string(a.at("id").as_int64());
  const std::string idb = std::to_string(b.at("id").as_int64());
  auto v1 = MustCreate("visit", R"({"note":"1","score":4,"client":)" + ida + "}");
  MustCreate("visit", R"({"note":"2","score":5,"client":)" + ida + "}");
  MustCreate("visit", R"({"note":"3","score":2,"client":)" + idb + "}");
  MustCreate("visit", R"({"note":"4"})");
  EXPECT_EQ(J(v1, "client_name"), R"("王丽华")");
  EXPECT_EQ(J(v1, "client_mobile"), R"("13812345678")");  // admin may unmask client

  // A reader of visits without client.unmask sees the mobile masked, in Get and in List.
  auto reader =
      Principal(2, {"data.visit.read", "data.visit.unmask"}, access::Scope::kAll, std::nullopt);
  auto got = records_->Get(As(reader), "visit", v1.at("id").as_int64());
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(J(*got, "client_mobile"), R"("138****5678")");
  // A field hidden from the caller on the client stays hidden through the lookup.
  EXPECT_EQ(J(v1, "client_secret"), R"("x")");
  auto doctor = Principal(3, {"data.visit.read"}, access::Scope::kAll, std::nullopt);
  doctor.roles = {"doctor"};
  EXPECT_EQ(J(*records_->Get(As(doctor), "visit", v1.at("id").as_int64()), "client_secret"),
            "null");
  auto page = records_->List(As(reader), "visit", ListQuery{});
  ASSERT_TRUE(page.ok());
  std::vector<std::string> rows;
  for (const auto& item : page->items) {
    rows.push_back(J(item.as_object(), "client_name") + "/" + J(item.as_object(), "client_mobile"));
  }
  EXPECT_EQ(rows,
            (std::vector<std::string>{R"("王丽华"/"138****5678")", R"("王丽华"/"138****5678")",
                                      R"("李娜"/"139****1111")", "null/null"}));

  // The client's fields change: lookups follow on the next read (they have no copy).
  MustUpdate("client", a.at("id").as_int64(), R"({"name":"王丽"})");
  EXPECT_EQ(J(*records_->Get(As(admin_), "visit", v1.at("id").as_int64()), "client_name"),
            R"("王丽")");
  // A deleted client shows nothing.
  ASSERT_TRUE(records_->Delete(As(admin_), "client", b.at("id").as_int64()).ok());
  auto after = records_->List(As(admin_), "visit", ListQuery{});
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(J(after->items.at(2).as_object(), "client_name"), "null");
}

TEST_P(ComputedFieldsTest, RollupsSumSubFormRowsAndLinkingRecords) {
  Define(
      R"({"name":"client","label":"客户","fields":[{"name":"name","label":"姓名","type":"text"}]})");
  Define(R"({"name":"visit","label":"回访","fields":[
    {"name":"score","label":"评分","type":"number"},
    {"name":"fee","label":"费用","type":"money"},
    {"name":"client","label":"客户","type":"relation","options":{"target":"client"}},
    {"name":"items","label":"明细","type":"sub_form","options":{"fields":[
       {"name":"item","label":"项目","type":"text"},{"name":"qty","label":"数量","type":"integer"}]}},
    {"name":"qty_sum","label":"总数","type":"rollup",
       "options":{"sub_form":"items","field":"qty","function":"sum"}},
    {"name":"rows","label":"行数","type":"rollup","options":{"sub_form":"items","function":"count"}}]})");
  for (const auto* field : {
           R"({"name":"visits","label":"回访次数","type":"rollup",
               "options":{"entity":"visit","relation":"client","function":"count"}})",
           R"({"name":"fees","label":"总费用","type":"rollup",
               "options":{"entity":"visit","relation":"client","field":"fee","function":"sum"}})",
           R"({"name":"avg_score","label":"平均分","type":"rollup",
               "options":{"entity":"visit","relation":"client","field":"score","function":"avg"}})",
           R"({"name":"best","label":"最高分","type":"rollup",
               "options":{"entity":"visit","relation":"client","field":"score","function":"max"}})"}) {
    schema::FieldSpec s;
    const auto o = Obj(field);
    s.name = std::string(o.at("name").as_string());
    s.label = std::string(o.at("label").as_string());
    s.type = "rollup";
    s.options = o.at("options").as_object();
    auto added = catalog_->AddField("client", s, {});
    ASSERT_TRUE(added.ok()) << added.error().code << " " << added.error().message_en;
  }
  auto a = MustCreate("client", R"({"name":"甲"})");
  auto b = MustCreate("client", R"({"name":"乙"})");
  const std::string ida = std::to_string(a.at("id").as_int64());
  auto v = MustCreate("visit", R"({"score":4,"fee":10000,"client":)" + ida +
                                   R"(,"items":[{"item":"x","qty":2},{"item":"y","qty":3}]})");
  EXPECT_EQ(J(v, "qty_sum"), "5");
  EXPECT_EQ(J(v, "rows"), "2");
  MustCreate("visit", R"({"score":5,"fee":25050,"client":)" + ida + "}");
  auto gone = MustCreate("visit", R"({"score":1,"fee":1,"client":)" + ida + "}");
  ASSERT_TRUE(records_->Delete(As(admin_), "visit", gone.at("id").as_int64()).ok());

  auto page = records_->List(As(admin_), "client", ListQuery{});
  ASSERT_TRUE(page.ok());
  const auto& first = page->items.at(0).as_object();
  EXPECT_EQ(J(first, "visits"), "2");  // the deleted visit does not count
  EXPECT_EQ(J(first, "fees"), "35050");
  EXPECT_EQ(J(first, "avg_score"), "4.5E0");
  EXPECT_EQ(J(first, "best"), "5E0");
  const auto& second = page->items.at(1).as_object();
  EXPECT_EQ(J(second, "visits"), "0");
  EXPECT_EQ(J(second, "fees"), "0");
  EXPECT_EQ(J(second, "avg_score"), "null");
  EXPECT_EQ(J(*records_->Get(As(admin_), "client", b.at("id").as_int64()), "visits"), "0");

  // Exports carry computed columns too.
  auto file = records_->Export(As(admin_), "client", ListQuery{}, "csv");
  ASSERT_TRUE(file.ok()) << file.error().code;
  EXPECT_NE(file->bytes.find("回访次数"), std::string::npos);
  EXPECT_NE(file->bytes.find("35050"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Engines, ComputedFieldsTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::records::testing
