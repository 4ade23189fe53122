// XlsxWriter → ReadXlsx round trips, and what the written file looks like inside.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "io_test_util.h"
#include "platform/records/io/xlsx_reader.h"
#include "platform/records/io/xlsx_writer.h"

namespace peony::records::io {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::ReadZipEntry;
using testing::Texts;

std::string Write(const std::vector<std::string>& headers,
                  const std::vector<std::vector<Cell>>& rows, XlsxWriteOptions options = {}) {
  auto writer = XlsxWriter::Create(options);
  EXPECT_TRUE(writer.ok());
  EXPECT_TRUE((*writer)->WriteHeader(headers).ok());
  for (const auto& row : rows) EXPECT_TRUE((*writer)->WriteRow(row).ok());
  auto bytes = (*writer)->Finish();
  EXPECT_TRUE(bytes.ok());
  return bytes.ok() ? *bytes : std::string();
}

TEST(XlsxRoundTrip, KeepsTextChineseNumbersDatesBooleansAndGaps) {
  const std::string file =
      Write({"姓名", "电话", "金额", "生日", "预约", "时间", "会员", "备注"},
            {{Cell::Text("王丽华"), Cell::Text("13812345678"), Cell::Number(1280.5),
              Cell::Date(1990, 5, 17), Cell::DateAndTime({2024, 3, 5, 14, 30, 0}),
              [] {
                Cell c = Cell::DateAndTime({0, 0, 0, 9, 15, 0});
                c.has_date = false;
                c.text.clear();
                return c;
              }(),
              Cell::Bool(true), Cell::Text("第一行\n第二行")},
             {Cell::Text("张三"), Cell(), Cell::Number(-3), Cell(), Cell(), Cell(),
              Cell::Bool(false), Cell()}});
  ASSERT_EQ(*DetectKind(file), FileKind::kXlsx);
  RowCollector rows;
  ASSERT_TRUE(ReadXlsx(file, {}, rows).ok());
  EXPECT_EQ(rows.sheet.name, "Sheet1");
  EXPECT_THAT(rows.sheet.headers,
              ElementsAre("姓名", "电话", "金额", "生日", "预约", "时间", "会员", "备注"));
  EXPECT_THAT(Texts(rows),
              ElementsAre("王丽华|13812345678|1280.5|1990-05-17|2024-03-05 14:30:00|09:15:00|TRUE|"
                          "第一行\n第二行",
                          "张三||-3||||FALSE|"));
  const Row& first = rows.rows[0];
  EXPECT_EQ(first.number, 2u);
  EXPECT_EQ(first.cells[1].kind, Cell::Kind::kText);  // a phone written as text stays text
  EXPECT_EQ(first.cells[2].kind, Cell::Kind::kNumber);
  EXPECT_DOUBLE_EQ(first.cells[2].number, 1280.5);
  EXPECT_EQ(first.cells[3].kind, Cell::Kind::kDate);
  EXPECT_EQ(first.cells[3].date, (DateTime{1990, 5, 17, 0, 0, 0}));
  EXPECT_FALSE(first.cells[3].has_time);
  EXPECT_TRUE(first.cells[4].has_time);
  EXPECT_EQ(first.cells[6].kind, Cell::Kind::kBool);
  EXPECT_EQ(rows.rows[1].cells[1].kind, Cell::Kind::kEmpty);
}

TEST(XlsxRoundTrip, HeaderIsBoldAndFrozenAndColumnsFitTheirContent) {
  const std::string file =
      Write({"姓名", "a"}, {{Cell::Text("一个很长很长的名字"), Cell::Text("x")}});
  const std::string sheet = ReadZipEntry(file, "xl/worksheets/sheet1.xml");
  EXPECT_THAT(sheet, HasSubstr("ySplit=\"1\""));
  EXPECT_THAT(sheet, HasSubstr("state=\"frozen\""));
  EXPECT_THAT(sheet, HasSubstr("<col min=\"1\" max=\"1\" width=\"20"));  // 9 CJK = 18, + 2
  EXPECT_THAT(sheet, HasSubstr("<col min=\"2\" max=\"2\" width=\"8"));
  EXPECT_THAT(ReadZipEntry(file, "xl/styles.xml"), HasSubstr("<b/>"));
}

TEST(XlsxRoundTrip, TextIsNeverAFormulaAndIsEscapedLikeCsvByDefault) {
  const std::vector<std::vector<Cell>> rows = {
      {Cell::Text("=HYPERLINK(\"http://x\")"), Cell::Number(-5)}};
  const std::string escaped = Write({"t", "n"}, rows);
  EXPECT_THAT(ReadZipEntry(escaped, "xl/worksheets/sheet1.xml"), ::testing::Not(HasSubstr("<f>")));
  RowCollector a;
  ASSERT_TRUE(ReadXlsx(escaped, {}, a).ok());
  EXPECT_THAT(Texts(a), ElementsAre("'=HYPERLINK(\"http://x\")|-5"));
  RowCollector b;
  ASSERT_TRUE(ReadXlsx(Write({"t", "n"}, rows, {.escape_formulas = false}), {}, b).ok());
  EXPECT_THAT(Texts(b), ElementsAre("=HYPERLINK(\"http://x\")|-5"));
}

TEST(XlsxRoundTrip, CleansTextXmlCannotHoldAndNamesTheSheet) {
  const std::string file =
      Write({"a"}, {{Cell::Text(std::string("x\x01y\xFFz"))}}, {.sheet_name = "客户/名单:2024"});
  RowCollector rows;
  ASSERT_TRUE(ReadXlsx(file, {}, rows).ok());
  EXPECT_EQ(rows.sheet.name, "客户_名单_2024");
  EXPECT_THAT(Texts(rows), ElementsAre("xy\xEF\xBF\xBDz"));
}

TEST(XlsxRoundTrip, WorksWithoutConstantMemoryToo) {
  const std::string file = Write(
      {"姓名", "n"}, {{Cell::Text("王丽华"), Cell::Number(1)}, {Cell::Text("王丽华"), Cell()}},
      {.constant_memory = false});  // shared strings instead of inline ones
  EXPECT_FALSE(ReadZipEntry(file, "xl/sharedStrings.xml").empty());
  RowCollector rows;
  ASSERT_TRUE(ReadXlsx(file, {}, rows).ok());
  EXPECT_THAT(Texts(rows), ElementsAre("王丽华|1", "王丽华|"));
}

TEST(XlsxRoundTrip, AThousandRows) {
  std::vector<std::vector<Cell>> rows;
  for (int i = 0; i < 1000; ++i) {
    rows.push_back({Cell::Text("客户" + std::to_string(i)), Cell::Number(i * 1.5),
                    Cell::Date(2024, 1 + i % 12, 1 + i % 28)});
  }
  RowCollector read;
  ASSERT_TRUE(ReadXlsx(Write({"姓名", "积分", "日期"}, rows), {}, read).ok());
  ASSERT_EQ(read.rows.size(), 1000u);
  EXPECT_EQ(read.rows[999].number, 1001u);
  EXPECT_EQ(read.rows[999].cells[0].text, "客户999");
  EXPECT_DOUBLE_EQ(read.rows[999].cells[1].number, 1498.5);
  EXPECT_EQ(read.rows[999].cells[2].text, "2024-04-20");
}

TEST(XlsxRoundTrip, LeavesNoTemporaryFilesBehind) {
  const auto count = [] {
    size_t n = 0;
    for (const auto& e :
         std::filesystem::directory_iterator(std::filesystem::temp_directory_path())) {
      n += e.path().filename().string().rfind("peony-xlsx-", 0) == 0 ? 1 : 0;
    }
    return n;
  };
  const size_t before = count();
  Write({"a"}, {{Cell::Text("x")}});
  { auto abandoned = XlsxWriter::Create(); }
  EXPECT_EQ(count(), before);
}

// Counts rows without keeping them, as an import's validation pass would.
struct CountingSink : RowSink {
  Flow OnHeader(const Sheet&) override { return Flow::kContinue; }
  Flow OnRow(const Row& row) override {
    ++rows;
    last = row.cells[0].text;
    return Flow::kContinue;
  }
  size_t rows = 0;
  std::string last;
};

TEST(XlsxRoundTrip, AHundredThousandRows) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  auto writer = XlsxWriter::Create();
  ASSERT_TRUE(writer.ok());
  std::vector<std::string> headers;
  for (int c = 0; c < 10; ++c) headers.push_back("字段" + std::to_string(c));
  ASSERT_TRUE((*writer)->WriteHeader(headers).ok());
  std::vector<Cell> row(10);
  for (int i = 0; i < 100000; ++i) {
    row[0] = Cell::Text("客户" + std::to_string(i));
    row[1] = Cell::Text("138" + std::to_string(10000000 + i));
    for (int c = 2; c < 8; ++c) row[c] = Cell::Number(i * c + 0.25);
    row[8] = Cell::Date(2024, 1 + i % 12, 1 + i % 28);
    row[9] = Cell::Text("备注 " + std::to_string(i % 97));
    ASSERT_TRUE((*writer)->WriteRow(row).ok());
  }
  auto bytes = (*writer)->Finish();
  ASSERT_TRUE(bytes.ok());
  const auto written = Clock::now();
  CountingSink sink;
  ASSERT_TRUE(ReadXlsx(*bytes, {}, sink).ok());
  const auto read = Clock::now();
  EXPECT_EQ(sink.rows, 100000u);
  EXPECT_EQ(sink.last, "客户99999");
  using Ms = std::chrono::milliseconds;
  std::cout << "[ timing   ] 100,000 rows x 10 columns, " << bytes->size() / 1024 << " KiB: write "
            << std::chrono::duration_cast<Ms>(written - start).count() << " ms, read "
            << std::chrono::duration_cast<Ms>(read - written).count() << " ms\n";
}

}  // namespace
}  // namespace peony::records::io
