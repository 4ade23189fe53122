#include "platform/records/io/csv_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>

#include "io_test_util.h"
#include "platform/records/io/csv_reader.h"

namespace peony::records::io {
namespace {

using ::testing::ElementsAre;
using testing::Texts;

TEST(CsvWriter, WritesUtf8WithABomCrLfAndRfc4180Quoting) {
  CsvWriter w;
  w.WriteHeader({"姓名", "备注"});
  w.WriteRow({Cell::Text("王丽华"), Cell::Text("说 \"你好\", 再见\n第二行")});
  w.WriteRow({Cell(), Cell::Text("x")});
  EXPECT_EQ(w.data(),
            "\xEF\xBB\xBF姓名,备注\r\n王丽华,\"说 \"\"你好\"\", 再见\n第二行\"\r\n,x\r\n");
}

TEST(CsvWriter, WritesNumbersBooleansAndDates) {
  CsvWriter w({.byte_order_mark = false});
  w.WriteRow({Cell::Number(13812345678), Cell::Number(-2.5), Cell::Number(0.1), Cell::Bool(true),
              Cell::Date(2024, 3, 5), Cell::DateAndTime({2024, 3, 5, 14, 30, 0})});
  EXPECT_EQ(w.data(), "13812345678,-2.5,0.1,TRUE,2024-03-05,2024-03-05 14:30:00\r\n");
}

// The acceptance check: "=HYPERLINK(" never at a line start or after a comma, unescaped.
TEST(CsvWriter, EscapesCellsThatSpreadsheetsWouldRunAsFormulas) {
  CsvWriter w;
  w.WriteHeader({"=1+1", "title"});
  w.WriteRow({Cell::Text("=HYPERLINK(\"http://x\")"), Cell::Text("=HYPERLINK(\"http://x\")")});
  w.WriteRow({Cell::Text("+86 138"), Cell::Text("-1"), Cell::Text("@SUM(A1)"), Cell::Text("\tx"),
              Cell::Text("\rx"), Cell::Text("a=b"), Cell::Number(-5)});
  const std::string& out = w.data();
  EXPECT_EQ(out.find("\n=HYPERLINK"), std::string::npos);
  EXPECT_EQ(out.find(",=HYPERLINK"), std::string::npos);
  EXPECT_EQ(out,
            "\xEF\xBB\xBF'=1+1,title\r\n"
            "\"'=HYPERLINK(\"\"http://x\"\")\",\"'=HYPERLINK(\"\"http://x\"\")\"\r\n"
            "'+86 138,'-1,'@SUM(A1),'\tx,\"'\rx\",a=b,-5\r\n");
}

TEST(CsvWriter, EscapingCanBeTurnedOff) {
  CsvWriter w({.escape_formulas = false, .byte_order_mark = false});
  w.WriteRow({Cell::Text("=1+1")});
  EXPECT_EQ(w.data(), "=1+1\r\n");
}

TEST(CsvWriter, TakeDataHandsOutChunks) {
  CsvWriter w;
  w.WriteHeader({"a"});
  const std::string first = w.TakeData();
  w.WriteRow({Cell::Text("1")});
  EXPECT_EQ(first,
            "\xEF\xBB\xBF"
            "a\r\n");
  EXPECT_EQ(w.TakeData(), "1\r\n");
  EXPECT_TRUE(w.data().empty());
}

TEST(CsvWriter, RoundTripsThroughTheReader) {
  CsvWriter w;
  w.WriteHeader({"姓名", "备注", "电话"});
  w.WriteRow({Cell::Text("王丽华"), Cell::Text("a,\"b\"\r\nc"), Cell::Text("013812345678")});
  w.WriteRow({Cell::Text("张三"), Cell(), Cell::Text(" spaced ")});
  RowCollector rows;
  ASSERT_TRUE(ReadCsv(w.data(), {}, rows).ok());
  EXPECT_THAT(rows.sheet.headers, ElementsAre("姓名", "备注", "电话"));
  EXPECT_THAT(Texts(rows), ElementsAre("王丽华|a,\"b\"\r\nc|013812345678", "张三|| spaced "));
}

TEST(CsvWriter, QuotesAFirstCellThatLooksLikeExcelsSepLine) {
  CsvWriter w;
  w.WriteHeader({"sep=;", "b"});
  w.WriteRow({Cell::Text("sep=;")});
  EXPECT_EQ(w.data(), "\xEF\xBB\xBF\"sep=;\",b\r\nsep=;\r\n");
  RowCollector rows;
  ASSERT_TRUE(ReadCsv(w.data(), {}, rows).ok());
  EXPECT_THAT(rows.sheet.headers, ElementsAre("sep=;", "b"));
}

TEST(CsvWriter, AHundredThousandRowsRoundTrip) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  CsvWriter w;
  w.WriteHeader({"姓名", "电话", "积分", "备注"});
  std::vector<Cell> row(4);
  for (int i = 0; i < 100000; ++i) {
    row[0] = Cell::Text("客户" + std::to_string(i));
    row[1] = Cell::Text("138" + std::to_string(10000000 + i));
    row[2] = Cell::Number(i * 0.5);
    row[3] = Cell::Text("说明, \"引号\" " + std::to_string(i % 97));
    w.WriteRow(row);
  }
  const auto written = Clock::now();
  struct Counter : RowSink {
    Flow OnHeader(const Sheet&) override { return Flow::kContinue; }
    Flow OnRow(const Row& r) override {
      ++rows;
      last = r.cells[3].text;
      return Flow::kContinue;
    }
    size_t rows = 0;
    std::string last;
  } counter;
  ASSERT_TRUE(ReadCsv(w.data(), {}, counter).ok());
  const auto read = Clock::now();
  EXPECT_EQ(counter.rows, 100000u);
  EXPECT_EQ(counter.last, "说明, \"引号\" 89");  // 99999 % 97
  using Ms = std::chrono::milliseconds;
  std::cout << "[ timing   ] CSV 100,000 rows x 4 columns, " << w.data().size() / 1024
            << " KiB: write " << std::chrono::duration_cast<Ms>(written - start).count()
            << " ms, read " << std::chrono::duration_cast<Ms>(read - written).count() << " ms\n";
}

}  // namespace
}  // namespace peony::records::io
