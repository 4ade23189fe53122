// POST /api/v1/data/{entity}/import and its jobs through real HTTP: the raw file as the body,
// reports, all-or-nothing commits, duplicates, hostile files, body limits and async jobs.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <thread>

#include "api/app_fixture.h"
#include "platform/records/io/xlsx_writer.h"
#include "unit/platform/records/io/io_test_util.h"

namespace peony::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kClient = R"({"name":"client","label":"客户","fields":[
  {"name":"name","label":"姓名","type":"text","required":true},
  {"name":"mobile","label":"手机","type":"phone","sensitive":true,"unique":true},
  {"name":"score","label":"满意度","type":"number","options":{"min":0,"max":5}},
  {"name":"visit_on","label":"到店日期","type":"date"}]})";

class ImportApiTest : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (IsSkipped()) return;
    admin_ = Login("admin");
    Resp r = Call("POST", "/api/v1/schema/entities", kClient, admin_);
    ASSERT_EQ(r.status, 201) << r.body;
  }
  Resp Import(const std::string& query, const std::string& body, const HeaderList* auth = nullptr) {
    return Call("POST", "/api/v1/data/client/import" + (query.empty() ? "" : "?" + query), body,
                auth ? *auth : admin_, "application/octet-stream");
  }
  // "row:column:code" of a report's errors.
  static std::vector<std::string> Errors(const boost::json::value& report) {
    std::vector<std::string> out;
    for (const auto& e : report.at("errors").as_array()) {
      out.push_back(std::to_string(e.at("row").as_int64()) + ":" +
                    (e.at("column").is_string() ? std::string(e.at("column").as_string()) : "-") +
                    ":" + std::string(e.at("code").as_string()));
    }
    return out;
  }
  std::string NameOfFirst() {
    Resp r = Call("GET", "/api/v1/data/client?sort=id", "", admin_, "");
    const auto body = r.Json();
    const auto& items = body.at("items").as_array();
    return items.empty() ? "" : std::string(items[0].at("name").as_string());
  }

  HeaderList admin_;
};

TEST_P(ImportApiTest, ACsvWithABomIsImportedAndTheReportDescribesIt) {
  const int64_t audits = CountRows("audit_log");
  Resp r =
      Import("",
             "\xEF\xBB\xBF姓名,手机,满意度,到店日期,备注\n王丽华,138 1234 5678,4.5,2026/1/2,x\n"
             "张三,13900001111,3,2026-01-03,y\n");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto report = r.Json();
  EXPECT_EQ(report.at("status").as_string(), "done");
  EXPECT_EQ(report.at("committed").as_bool(), true);
  EXPECT_EQ(report.at("dry_run").as_bool(), false);
  EXPECT_EQ(report.at("total_rows").as_int64(), 2);
  EXPECT_EQ(report.at("created").as_int64(), 2);
  EXPECT_EQ(report.at("error_count").as_int64(), 0);
  EXPECT_EQ(report.at("progress").at("done").as_int64(), 2);
  EXPECT_FALSE(report.at("id").as_string().empty());
  const auto& columns = report.at("columns").as_array();
  ASSERT_EQ(columns.size(), 5u);
  EXPECT_EQ(columns[1].at("field").as_string(), "mobile");
  EXPECT_EQ(columns[1].at("label").as_string(), "手机");
  EXPECT_TRUE(columns[4].at("field").is_null());
  EXPECT_EQ(report.at("preview").at(0).at("visit_on").as_string(), "2026-01-02");
  EXPECT_EQ(CountRows("x_client"), 2);
  EXPECT_EQ(CountRows("audit_log"), audits + 1);  // one record.import entry, no values in it
}

TEST_P(ImportApiTest, Gb18030CsvAndXlsxAreToldApartByContent) {
  Resp gb = Import("", records::io::testing::Iconv("姓名,手机\n李华,13900001111\n", "GB18030"));
  ASSERT_EQ(gb.status, 200) << gb.body;
  EXPECT_EQ(gb.Json().at("preview").at(0).at("name").as_string(), "李华");

  auto writer = records::io::XlsxWriter::Create({.sheet_name = "名单"});
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->WriteHeader({"姓名", "手机", "满意度"}).ok());
  ASSERT_TRUE(
      (*writer)
          ->WriteRow({records::io::Cell::Text("王丽华"), records::io::Cell::Number(13812345678.0),
                      records::io::Cell::Number(5)})
          .ok());
  auto xlsx = (*writer)->Finish();
  ASSERT_TRUE(xlsx.ok());
  Resp x = Import("sheet=" + UrlEncode("名单"), *xlsx);
  ASSERT_EQ(x.status, 200) << x.body;
  EXPECT_EQ(x.Json().at("preview").at(0).at("mobile").as_string(), "13812345678");
  Resp missing = Import("sheet=nope", *xlsx);
  EXPECT_EQ(missing.status, 422);
  EXPECT_EQ(missing.ErrorCode(), "import.sheet_not_found");
  EXPECT_EQ(CountRows("x_client"), 2);
}

TEST_P(ImportApiTest, TwoBadRowsAreReportedByRowNumberAndNothingIsWritten) {
  std::string csv = "姓名,手机,满意度\n";
  for (int i = 0; i < 10; ++i) {
    const std::string phone = i == 3 ? "12345" : "1370000000" + std::to_string(i);
    const std::string score = i == 7 ? "9" : "4";
    csv += "客户" + std::to_string(i) + "," + phone + "," + score + "\n";
  }
  const int64_t audits = CountRows("audit_log");
  Resp dry = Import("dry_run=true", csv);
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(dry.Json().at("committed").as_bool(), false);
  EXPECT_EQ(dry.Json().at("created").as_int64(), 8);
  EXPECT_THAT(Errors(dry.Json()), ::testing::ElementsAre("5:手机:record.invalid_value",
                                                         "9:满意度:record.invalid_value"));
  EXPECT_EQ(CountRows("x_client"), 0);

  Resp commit = Import("", csv);
  ASSERT_EQ(commit.status, 422) << commit.body;
  EXPECT_EQ(commit.ErrorCode(), "import.has_errors");
  const auto report = commit.Json().at("error").at("details").at("report");
  EXPECT_EQ(report.at("committed").as_bool(), false);
  EXPECT_EQ(report.at("status").as_string(), "failed");
  EXPECT_THAT(Errors(report), ::testing::ElementsAre("5:手机:record.invalid_value",
                                                     "9:满意度:record.invalid_value"));
  EXPECT_EQ(CountRows("x_client"), 0);
  EXPECT_EQ(CountRows("record_events"), 0);
  EXPECT_EQ(CountRows("audit_log"), audits);
}

TEST_P(ImportApiTest, DuplicatesByKeyAreSkippedUpdatedOrRefused) {
  ASSERT_EQ(Import("", "姓名,手机,满意度\n旧名,13812345678,1\n").status, 200);
  const std::string csv = "姓名,手机,满意度\n新名,138 1234 5678,5\n新客,13700000000,2\n";
  Resp fail = Import("key=mobile", csv);
  ASSERT_EQ(fail.status, 422);
  EXPECT_THAT(Errors(fail.Json().at("error").at("details").at("report")),
              ::testing::ElementsAre("2:手机:record.duplicate"));
  Resp skip = Import("key=mobile&duplicates=skip", csv);
  ASSERT_EQ(skip.status, 200) << skip.body;
  EXPECT_EQ(skip.Json().at("skipped").as_int64(), 1);
  EXPECT_EQ(skip.Json().at("created").as_int64(), 1);
  EXPECT_EQ(NameOfFirst(), "旧名");
  Resp update = Import("key=mobile&duplicates=update", csv);
  ASSERT_EQ(update.status, 200) << update.body;
  EXPECT_EQ(update.Json().at("updated").as_int64(), 2);
  EXPECT_EQ(update.Json().at("created").as_int64(), 0);
  EXPECT_EQ(NameOfFirst(), "新名");
  EXPECT_EQ(CountRows("x_client"), 2);
}

TEST_P(ImportApiTest, BadParametersMappingsAndFilesAreRefusedWithTheirCodes) {
  const std::string csv = "姓名,手机\n甲,13700000000\n";
  const std::string padding(4 * 1024 * 1024, ' ');
  const std::vector<std::tuple<std::string, std::string, int, std::string>> cases = {
      {"dry_run=yes", csv, 422, "request.validation"},
      {"duplicates=merge&key=mobile", csv, 422, "request.validation"},
      {"async=maybe", csv, 422, "request.validation"},
      {"mapping=" + UrlEncode("{not json"), csv, 422, "import.bad_mapping"},
      {"mapping=" + UrlEncode(R"({"姓名":"no_such_field"})"), csv, 422, "import.bad_mapping"},
      {"mapping=" + UrlEncode(R"({"姓名":"name","手机":"name"})"), csv, 422, "import.bad_mapping"},
      {"key=score", csv, 422, "import.bad_key"},
      {"duplicates=update", csv, 422, "import.bad_key"},
      {"", "", 422, "import.no_rows"},
      {"", "姓名,手机\n", 422, "import.no_rows"},
      {"", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), 422, "import.bad_file"},
      {"", records::io::testing::BuildWorkbook({.rows = "<row><c><v>1</v></c></row>" + padding}),
       422, "import.bad_file"},
      {"",
       records::io::testing::BuildWorkbook(
           {.sheet_xml = "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaa\"><!ENTITY b "
                         "\"&a;&a;&a;&a;\">]><worksheet><sheetData/></worksheet>"}),
       422, "import.bad_file"},
  };
  for (const auto& [query, body, status, code] : cases) {
    Resp r = Import(query, body);
    EXPECT_EQ(r.status, status) << query << " " << r.body.substr(0, 200);
    EXPECT_EQ(r.ErrorCode(), code) << query;
  }
  Resp mapping = Import("mapping=" + UrlEncode(R"({"姓名":"name","手机":"name"})"), csv);
  const auto problem = mapping.Json().at("error").at("details").at("problems").at(0);
  EXPECT_EQ(problem.at("header").as_string(), "手机");
  EXPECT_EQ(problem.at("reason").as_string(), "duplicate_field");
  Resp unknown = Call("POST", "/api/v1/data/nope/import", csv, admin_, "text/csv");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(CountRows("x_client"), 0);
}

TEST_P(ImportApiTest, ImportNeedsTheImportPermission) {
  // The manager holds data.*:branch; a front-desk user holds no data permission at all.
  HeaderList front = Login("frontdesk");
  Resp r = Import("", "姓名\n甲\n", &front);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.ErrorCode(), "record.forbidden");
  HeaderList manager = Login("manager");
  EXPECT_EQ(Import("", "姓名\n甲\n", &manager).status, 200);
  EXPECT_EQ(CountRows("x_client"), 1);
}

TEST_P(ImportApiTest, UploadsMayExceedTheJsonBodyLimitUpToTheImportLimit) {
  // 12 MiB: over the server's 10 MiB for JSON routes, within the import route's 64 MiB.
  std::string big(12 << 20, '\0');
  big.replace(0, 8, "\x89PNG\r\n\x1a\n");  // an image, not a spreadsheet
  Resp to_import = Import("", big);
  EXPECT_EQ(to_import.status, 422);
  EXPECT_EQ(to_import.ErrorCode(), "import.bad_file");
  Resp to_json = Call("POST", "/api/v1/data/client", big, admin_);
  EXPECT_EQ(to_json.status, 413);
  EXPECT_EQ(to_json.ErrorCode(), "request.too_large");
  // Over 64 MiB is refused from the header alone.
  RawConnection raw(port());
  ASSERT_TRUE(raw.Send("POST /api/v1/data/client/import HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                       std::to_string((64 << 20) + 1) + "\r\n\r\n"));
  Resp over = raw.ReadResponse();
  EXPECT_EQ(over.status, 413);
  EXPECT_EQ(over.ErrorCode(), "request.too_large");
}

TEST_P(ImportApiTest, AnAsyncImportIsAJobOnlyItsOwnerCanSee) {
  std::string csv = "姓名,手机\n";
  for (int i = 0; i < 1200; ++i)
    csv += "客户" + std::to_string(i) + ",1370000" + std::to_string(1000 + i) + "\n";
  Resp started = Import("async=true", csv);
  ASSERT_EQ(started.status, 202) << started.body;
  const std::string id(started.Json().at("id").as_string());
  EXPECT_EQ(started.Json().at("status").as_string(), "running");
  EXPECT_EQ(started.Json().at("progress").at("total").as_int64(), 1200);
  const std::string path = "/api/v1/data/client/import/" + id;

  // Polled until done: the job runs on a thread of its own (bounded wait).
  boost::json::value job;
  for (int attempt = 0; attempt < 1000; ++attempt) {
    Resp r = Call("GET", path, "", admin_, "");
    ASSERT_EQ(r.status, 200) << r.body;
    job = r.Json();
    if (job.at("status").as_string() != "running") break;
    EXPECT_LE(job.at("progress").at("done").as_int64(), 1200);
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(job.at("status").as_string(), "done");
  EXPECT_EQ(job.at("created").as_int64(), 1200);
  EXPECT_EQ(job.at("progress").at("done").as_int64(), 1200);
  EXPECT_EQ(CountRows("x_client"), 1200);

  HeaderList manager = Login("manager");
  Resp other = Call("GET", path, "", manager, "");
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(other.ErrorCode(), "import.job_not_found");
  Resp unknown = Call("GET", "/api/v1/data/client/import/nope", "", admin_, "");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.ErrorCode(), "import.job_not_found");

  // A job whose rows fail ends "failed" with the report, and writes nothing.
  Resp bad = Import("async=true", "姓名,手机\n甲,123\n");
  ASSERT_EQ(bad.status, 202);
  const std::string bad_path =
      "/api/v1/data/client/import/" + std::string(bad.Json().at("id").as_string());
  for (int attempt = 0; attempt < 1000; ++attempt) {
    job = Call("GET", bad_path, "", admin_, "").Json();
    if (job.at("status").as_string() != "running") break;
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(job.at("status").as_string(), "failed");
  EXPECT_EQ(job.at("error").at("code").as_string(), "import.has_errors");
  EXPECT_THAT(Errors(job), ::testing::ElementsAre("2:手机:record.invalid_value"));
  EXPECT_EQ(CountRows("x_client"), 1200);
}

INSTANTIATE_TEST_SUITE_P(Engines, ImportApiTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::test
