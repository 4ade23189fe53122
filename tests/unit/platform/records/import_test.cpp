// The import core (Records::PrepareImport / RunImport) on both engines: mapping, lenient values,
// exact row numbers, all-or-nothing commits, dry runs that write nothing, duplicates by key.
#include "platform/records/import.h"

#include <boost/json/serialize.hpp>

#include "platform/records/io/xlsx_writer.h"
#include "unit/platform/records/io/io_test_util.h"
#include "unit/platform/records/records_fixture.h"

namespace peony::records::testing {
namespace {

using storage::testing::QueryInt;

constexpr const char* kClient = R"({"name":"client","label":"客户","fields":[
  {"name":"name","label":"姓名","type":"text","required":true},
  {"name":"mobile","label":"手机","type":"phone","sensitive":true,"unique":true},
  {"name":"code","label":"编号","type":"text","unique":true},
  {"name":"score","label":"满意度","type":"number","options":{"min":0,"max":5}},
  {"name":"vip","label":"VIP","type":"switch"},
  {"name":"visit_on","label":"到店日期","type":"date"},
  {"name":"level","label":"等级","type":"select","options":{"choices":[
     {"key":"gold","label":"金卡"},{"key":"silver","label":"银卡"}]}},
  {"name":"created_on","label":"创建时间","type":"created_at"}]})";

class ImportTest : public RecordsTest {
 protected:
  void SetUp() override {
    RecordsTest::SetUp();
    if (IsSkipped()) return;
    Define(kClient);
  }

  Result<ImportReport> Import(std::string file, ImportOptions options = {},
                              const access::Principal* p = nullptr) {
    return records_->Import(As(p ? *p : admin_), "client", std::move(file), std::move(options));
  }
  ImportOptions Dry() {
    ImportOptions o;
    o.dry_run = true;
    return o;
  }
  int64_t Count(const std::string& table) {
    return QueryInt(*db_, "SELECT COUNT(*) FROM " + table);
  }
  int64_t Audits(const std::string& action) {
    return QueryInt(*db_, "SELECT COUNT(*) FROM audit_log WHERE action = ?", {action});
  }
  // "row:column:code" per listed error.
  static std::vector<std::string> Errors(const ImportReport& r) {
    std::vector<std::string> out;
    for (const auto& e : r.errors) {
      out.push_back(std::to_string(e.row) + ":" + e.column.value_or("-") + ":" + e.code);
    }
    return out;
  }
  // The report inside an import.has_errors error.
  static ImportReport ReportOf(const Error& e) {
    ImportReport r;
    const auto& report = e.details.at("report").as_object();
    r.error_count = report.at("error_count").as_int64();
    r.created = report.at("created").as_int64();
    r.committed = report.at("committed").as_bool();
    for (const auto& item : report.at("errors").as_array()) {
      ImportRowError re;
      re.row = item.at("row").as_int64();
      if (item.at("column").is_string()) re.column = std::string(item.at("column").as_string());
      re.code = std::string(item.at("code").as_string());
      r.errors.push_back(std::move(re));
    }
    return r;
  }
};

TEST_P(ImportTest, CsvWithBomIsImportedWithLenientValuesAndTheProposedMapping) {
  const std::string csv =
      "\xEF\xBB\xBF姓名, 手机 ,满意度,vip,到店日期,等级,备注\r\n"
      "王丽华,138 1234 5678,\"4.5\",是,2026/1/2,金卡,不导入\r\n"
      "张三,13900001111,3,否,2026-01-03,silver,x\r\n";
  auto r = Import(csv);
  ASSERT_TRUE(r.ok()) << r.error().code << " " << boost::json::serialize(r.error().details);
  EXPECT_TRUE(r->committed);
  EXPECT_EQ(r->total_rows, 2);
  EXPECT_EQ(r->created, 2);
  EXPECT_EQ(r->error_count, 0);
  ASSERT_EQ(r->columns.size(), 7u);
  EXPECT_EQ(r->columns[1].field.value_or(""), "mobile");  // " 手机 " trimmed
  EXPECT_EQ(r->columns[3].field.value_or(""), "vip");     // by name, case-insensitive
  EXPECT_FALSE(r->columns[6].field.has_value());          // 备注 matches nothing: ignored
  ASSERT_EQ(r->preview.size(), 2u);
  const auto& first = r->preview[0].as_object();
  EXPECT_EQ(first.at("mobile").as_string(), "13812345678");
  EXPECT_EQ(first.at("score").to_number<double>(), 4.5);
  EXPECT_EQ(first.at("vip").as_bool(), true);
  EXPECT_EQ(first.at("visit_on").as_string(), "2026-01-02");
  EXPECT_EQ(first.at("level").as_string(), "gold");
  EXPECT_EQ(r->preview[1].at("level").as_string(), "silver");
  EXPECT_EQ(Count("x_client"), 2);
  // One audit entry for the file, none per record; every record has its change event.
  EXPECT_EQ(Audits("record.import"), 1);
  EXPECT_EQ(Audits("record.create"), 0);
  EXPECT_EQ(Count("record_events"), 2);
}

TEST_P(ImportTest, ADryRunChecksLikeACommitAgainstTheDatabaseAndWritesNothing) {
  ASSERT_TRUE(
      records_->Create(As(admin_), "client", Obj(R"({"name":"老客","mobile":"13812345678"})"))
          .ok());
  const int64_t audits = Count("audit_log");
  const int64_t events = Count("record_events");
  const std::string csv =
      "姓名,手机,满意度\n"
      "甲,12345,1\n"         // row 2: not a phone number
      "乙,13812345678,2\n"   // row 3: taken in the database
      "丙,13700000000,3\n";  // row 4: fine
  auto r = Import(csv, Dry());
  ASSERT_TRUE(r.ok()) << r.error().code;
  EXPECT_TRUE(r->dry_run);
  EXPECT_FALSE(r->committed);
  EXPECT_EQ(r->created, 1);
  EXPECT_EQ(r->error_count, 2);
  EXPECT_THAT(Errors(*r),
              ::testing::ElementsAre("2:手机:record.invalid_value", "3:手机:record.duplicate"));
  EXPECT_EQ(r->preview.size(), 1u);
  EXPECT_EQ(Count("x_client"), 1);
  EXPECT_EQ(Count("audit_log"), audits);
  EXPECT_EQ(Count("record_events"), events);
}

TEST_P(ImportTest, ACommitWithBadRowsNamesEachCellAndWritesNothing) {
  const std::string csv =
      "姓名,手机,满意度,编号\n"
      "甲,13700000001,1,A1\n"
      ",13700000002,2,A2\n"  // row 3: the required name is missing
      "丙,13700000003,3,A3\n"
      "丁,13700000004,4,A4\n"
      "戊,123,9,A5\n"  // row 6: a bad phone and a score above 5
      "己,13700000006,5,A6\n";
  const int64_t audits = Count("audit_log");
  auto r = Import(csv);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "import.has_errors");
  EXPECT_EQ(r.error().http_status, 422);
  const ImportReport report = ReportOf(r.error());
  EXPECT_FALSE(report.committed);
  EXPECT_EQ(report.created, 4);
  EXPECT_EQ(report.error_count, 3);
  EXPECT_THAT(Errors(report),
              ::testing::ElementsAre("3:姓名:record.required", "6:手机:record.invalid_value",
                                     "6:满意度:record.invalid_value"));
  EXPECT_EQ(Count("x_client"), 0);
  EXPECT_EQ(Count("record_events"), 0);
  EXPECT_EQ(Count("audit_log"), audits);
}

// A unique violation fails a statement; the savepoint keeps the transaction usable (PostgreSQL
// would otherwise refuse every later statement), so the rows after it are still checked.
TEST_P(ImportTest, ADuplicateInsideTheFileIsOneRowErrorAndLaterRowsAreStillChecked) {
  const std::string csv =
      "姓名,编号,满意度\n"
      "甲,A1,1\n"
      "乙,A1,2\n"  // row 3: code taken by row 2
      "丙,A3,7\n"  // row 4: score out of range
      "丁,A4,4\n";
  auto r = Import(csv, Dry());
  ASSERT_TRUE(r.ok()) << r.error().code;
  EXPECT_THAT(Errors(*r),
              ::testing::ElementsAre("3:编号:record.duplicate", "4:满意度:record.invalid_value"));
  EXPECT_EQ(r->created, 2);
}

class ImportDuplicatesTest : public ImportTest {
 protected:
  void SetUp() override {
    ImportTest::SetUp();
    if (IsSkipped()) return;
    auto old = records_->Create(As(admin_), "client",
                                Obj(R"({"name":"旧名","mobile":"13812345678","score":1})"));
    ASSERT_TRUE(old.ok());
    old_id_ = old->at("id").as_int64();
  }
  ImportOptions By(Duplicates d) {
    ImportOptions o;
    o.key = "mobile";
    o.duplicates = d;
    return o;
  }
  std::string Name(int64_t id) {
    auto rec = records_->Get(As(admin_), "client", id);
    return rec.ok() ? std::string(rec->at("name").as_string()) : rec.error().code;
  }

  // Row 2 matches the record in the database (written differently), rows 3 and 4 share a number.
  const std::string csv_ =
      "姓名,手机,满意度\n"
      "新名,138-1234-5678,5\n"
      "李四,13700000000,1\n"
      "李四二,+86 137 0000 0000,2\n";
  int64_t old_id_ = 0;
};

TEST_P(ImportDuplicatesTest, FailReportsMatchesInTheDatabaseAndInTheFile) {
  auto r = Import(csv_, By(Duplicates::kFail));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(Errors(ReportOf(r.error())),
              ::testing::ElementsAre("2:手机:record.duplicate", "4:手机:import.duplicate_row"));
  EXPECT_EQ(Count("x_client"), 1);
  EXPECT_EQ(Name(old_id_), "旧名");
}

TEST_P(ImportDuplicatesTest, SkipLeavesMatchesAsTheyAre) {
  auto r = Import(csv_, By(Duplicates::kSkip));
  ASSERT_TRUE(r.ok()) << r.error().code;
  EXPECT_EQ(r->created, 1);
  EXPECT_EQ(r->skipped, 2);
  EXPECT_EQ(r->updated, 0);
  EXPECT_EQ(Count("x_client"), 2);
  EXPECT_EQ(Name(old_id_), "旧名");
}

TEST_P(ImportDuplicatesTest, UpdateChangesTheMatchedRecordAndALaterRowUpdatesAnEarlierOne) {
  auto r = Import(csv_, By(Duplicates::kUpdate));
  ASSERT_TRUE(r.ok()) << r.error().code << " " << boost::json::serialize(r.error().details);
  EXPECT_EQ(r->created, 1);
  EXPECT_EQ(r->updated, 2);
  EXPECT_EQ(Count("x_client"), 2);
  EXPECT_EQ(Name(old_id_), "新名");
  ListQuery q;
  q.filter = boost::json::parse(R"({"field":"mobile","op":"eq","value":"13700000000"})");
  auto page = records_->List(As(admin_), "client", q);
  ASSERT_TRUE(page.ok()) << page.error().code;
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].at("name").as_string(), "李四二");
  EXPECT_EQ(page->items[0].at("score").to_number<double>(), 2);
}

TEST_P(ImportDuplicatesTest, UpdateNeedsTheUpdatePermission) {
  auto clerk = Principal(5, {"data.client.import", "data.client.create"}, access::Scope::kAll, 1);
  auto r = Import(csv_, By(Duplicates::kUpdate), &clerk);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "record.forbidden");
  auto no_import = Principal(6, {"data.client.create"}, access::Scope::kAll, 1);
  auto r2 = Import(csv_, {}, &no_import);
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.error().code, "record.forbidden");
  EXPECT_EQ(Count("x_client"), 1);
}

TEST_P(ImportTest, BadMappingsAndKeysAreRefusedNamingTheProblem) {
  const std::string csv = "姓名,手机,满意度\n甲,13700000000,1\n";
  auto with = [&](std::string_view mapping, std::string key = "",
                  Duplicates d = Duplicates::kFail) {
    ImportOptions o;
    if (!mapping.empty()) o.mapping = Obj(mapping);
    o.key = std::move(key);
    o.duplicates = d;
    return Import(csv, std::move(o));
  };
  auto reason = [](const Result<ImportReport>& r) -> std::string {
    if (r.ok()) return "ok";
    if (r.error().code != "import.bad_mapping") return r.error().code;
    const auto& p = r.error().details.at("problems").as_array().at(0);
    return std::string(p.at("reason").as_string());
  };
  EXPECT_EQ(reason(with(R"({"姓名":"nope"})")), "unknown_field");
  EXPECT_EQ(reason(with(R"({"姓名":"created_on"})")), "computed_field");
  EXPECT_EQ(reason(with(R"({"姓名":"name","手机":"name"})")), "duplicate_field");
  EXPECT_EQ(reason(with(R"({"不存在":"name"})")), "not_in_file");
  EXPECT_EQ(reason(with(R"({"姓名":null,"手机":null,"满意度":null})")), "no_columns");
  EXPECT_EQ(reason(with(R"({"姓名":42})")), "not_a_field_name");
  auto bad_key = [&](const Result<ImportReport>& r) {
    return r.ok() ? "ok"
                  : r.error().code + "/" + std::string(r.error().details.at("reason").as_string());
  };
  EXPECT_EQ(bad_key(with("", "score")), "import.bad_key/not_unique_or_sensitive");
  EXPECT_EQ(bad_key(with("", "nope")), "import.bad_key/unknown_field");
  EXPECT_EQ(bad_key(with(R"({"姓名":"name","手机":null})", "mobile")), "import.bad_key/not_mapped");
  EXPECT_EQ(bad_key(with("", "", Duplicates::kUpdate)),
            "import.bad_key/duplicates=skip|update needs a key");
  EXPECT_EQ(Count("x_client"), 0);
  // An explicit mapping: only the columns it names are read.
  auto ok = with(R"({"姓名":"name"})");
  ASSERT_TRUE(ok.ok()) << ok.error().code;
  EXPECT_TRUE(ok->preview[0].at("score").is_null());
  EXPECT_EQ(ok->preview[0].at("name").as_string(), "甲");
}

TEST_P(ImportTest, FilesThatAreNotSpreadsheetsOrHoldNoRowsAreRefused) {
  auto code = [&](std::string file) {
    auto r = Import(std::move(file));
    return r.ok() ? "ok" : r.error().code;
  };
  auto reason = [&](std::string file) {
    auto r = Import(std::move(file));
    return r.ok() ? "ok" : std::string(r.error().details.at("reason").as_string());
  };
  EXPECT_EQ(code(std::string("\x7f"
                             "ELF\x02\x01\x01\0\0\0\0",
                             12)),
            "import.bad_file");
  EXPECT_EQ(code("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1legacy xls"), "import.bad_file");
  EXPECT_EQ(code(""), "import.no_rows");
  EXPECT_EQ(code("姓名,手机\n"), "import.no_rows");
  EXPECT_EQ(code("姓名\n\"unclosed\n"), "import.bad_file");
  // A zip bomb (a worksheet inflating ~1000:1) and an XML entity bomb.
  const std::string padding(4 * 1024 * 1024, ' ');
  EXPECT_EQ(reason(io::testing::BuildWorkbook({.rows = "<row><c><v>1</v></c></row>" + padding})),
            "import.limit_exceeded");
  EXPECT_EQ(reason(io::testing::BuildWorkbook(
                {.sheet_xml = "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaa\">]>"
                              "<worksheet><sheetData/></worksheet>"})),
            "import.hostile_xml");
  EXPECT_EQ(code(io::testing::BuildWorkbook({.rows = "<row><c><v>1</v></c></row>" + padding})),
            "import.bad_file");
  EXPECT_EQ(Count("x_client"), 0);
}

TEST_P(ImportTest, XlsxWithNumberAndDateCellsAndGb18030CsvAreImported) {
  auto writer = io::XlsxWriter::Create({.sheet_name = "客户"});
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->WriteHeader({"姓名", "手机", "到店日期", "VIP"}).ok());
  ASSERT_TRUE((*writer)
                  ->WriteRow({io::Cell::Text("王丽华"), io::Cell::Number(13812345678.0),
                              io::Cell::Date(2026, 1, 2), io::Cell::Bool(true)})
                  .ok());
  auto xlsx = (*writer)->Finish();
  ASSERT_TRUE(xlsx.ok());
  ImportOptions sheet;
  sheet.sheet = "客户";
  auto r = Import(*xlsx, sheet);
  ASSERT_TRUE(r.ok()) << r.error().code << " " << boost::json::serialize(r.error().details);
  EXPECT_EQ(r->created, 1);
  EXPECT_EQ(r->preview[0].at("mobile").as_string(), "13812345678");
  EXPECT_EQ(r->preview[0].at("visit_on").as_string(), "2026-01-02");
  EXPECT_EQ(r->preview[0].at("vip").as_bool(), true);
  ImportOptions missing;
  missing.sheet = "没有这个表";
  auto no_sheet = Import(*xlsx, missing);
  ASSERT_FALSE(no_sheet.ok());
  EXPECT_EQ(no_sheet.error().code, "import.sheet_not_found");

  auto gb = Import(io::testing::Iconv("姓名,手机\n李华,13900001111\n", "GB18030"));
  ASSERT_TRUE(gb.ok()) << gb.error().code;
  EXPECT_EQ(gb->preview[0].at("name").as_string(), "李华");
  EXPECT_EQ(Count("x_client"), 2);
}

TEST_P(ImportTest, ProgressReachesTheTotalAndACancelledImportWritesNothing) {
  std::string csv = "姓名,编号\n";
  for (int i = 0; i < 1200; ++i)
    csv += "客户" + std::to_string(i) + ",C" + std::to_string(i) + "\n";
  ImportOptions counted;
  counted.count_rows = true;
  auto plan = records_->PrepareImport(As(admin_), "client", csv, counted);
  ASSERT_TRUE(plan.ok()) << plan.error().code;
  ImportProgress progress;
  auto r = records_->RunImport(As(admin_), **plan, &progress);
  ASSERT_TRUE(r.ok()) << r.error().code;
  EXPECT_EQ(progress.total.load(), 1200);
  EXPECT_EQ(r->total_rows, 1200);
  EXPECT_EQ(progress.done.load(), 1200);
  EXPECT_EQ(r->preview.size(), ImportReport::kPreviewRows);
  EXPECT_EQ(Count("x_client"), 1200);

  std::atomic<bool> cancel{true};
  ImportOptions o;
  o.cancel = &cancel;
  auto cancelled = Import("姓名\n新客户\n", o);
  ASSERT_FALSE(cancelled.ok());
  EXPECT_EQ(cancelled.error().code, "import.cancelled");
  EXPECT_EQ(Count("x_client"), 1200);
}

INSTANTIATE_TEST_SUITE_P(Engines, ImportTest, ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);
INSTANTIATE_TEST_SUITE_P(Engines, ImportDuplicatesTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::records::testing
