#include "platform/records/io/csv_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "io_test_util.h"
#include "platform/records/io/encoding.h"

namespace peony::records::io {
namespace {

using ::testing::ElementsAre;
using testing::HasError;
using testing::Iconv;
using testing::Texts;

struct Read {
  Status status;
  RowCollector rows;
};

Read ReadString(const std::string& bytes, const ReadOptions& options = {}) {
  Read r;
  r.status = ReadCsv(bytes, options, r.rows);
  return r;
}

TEST(CsvReader, ReadsHeaderAndRowsWithTheirRowNumbers) {
  Read r = ReadString("姓名,电话\r\n王丽华,13812345678\r\n张三,13900001111\r\n");
  ASSERT_TRUE(r.status.ok());
  EXPECT_THAT(r.rows.sheet.headers, ElementsAre("姓名", "电话"));
  EXPECT_EQ(r.rows.sheet.header_row, 1u);
  EXPECT_THAT(Texts(r.rows), ElementsAre("王丽华|13812345678", "张三|13900001111"));
  EXPECT_EQ(r.rows.rows[0].number, 2u);
  EXPECT_EQ(r.rows.rows[1].number, 3u);
  EXPECT_EQ(r.rows.rows[0].cells[1].kind, Cell::Kind::kText);  // CSV never guesses numbers
}

TEST(CsvReader, QuotedFieldsHoldDelimitersDoubledQuotesAndLineBreaks) {
  Read r =
      ReadString("a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\"line1\r\nline2\"\n\"\",plain,\"\"\"\"\n");
  ASSERT_TRUE(r.status.ok()) << r.status.error().code;
  ASSERT_EQ(r.rows.rows.size(), 2u);
  EXPECT_EQ(r.rows.rows[0].cells[0].text, "x,y");
  EXPECT_EQ(r.rows.rows[0].cells[1].text, "say \"hi\"");
  EXPECT_EQ(r.rows.rows[0].cells[2].text, "line1\r\nline2");
  EXPECT_EQ(r.rows.rows[1].number, 3u);  // the record after a multi-line one
  EXPECT_EQ(r.rows.rows[1].cells[0].kind, Cell::Kind::kEmpty);
  EXPECT_EQ(r.rows.rows[1].cells[2].text, "\"");
}

TEST(CsvReader, AcceptsLfCrLfAndCrLineEndsWithOrWithoutATrailingOne) {
  for (const char* text : {"h1,h2\n1,2\n3,4", "h1,h2\r\n1,2\r\n3,4\r\n", "h1,h2\r1,2\r3,4\r"}) {
    Read r = ReadString(text);
    ASSERT_TRUE(r.status.ok());
    EXPECT_THAT(Texts(r.rows), ElementsAre("1|2", "3|4")) << text;
  }
}

TEST(CsvReader, SkipsBlankRecordsButCountsThemInRowNumbers) {
  Read r = ReadString("\nname,phone\n\n,\nA,1\n");
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.rows.sheet.header_row, 2u);
  ASSERT_EQ(r.rows.rows.size(), 1u);
  EXPECT_EQ(r.rows.rows[0].number, 5u);
}

TEST(CsvReader, DetectsSemicolonAndTabDelimiters) {
  Read semi = ReadString("a;b;c\n1;2,5;3\n4;5;6\n");
  ASSERT_TRUE(semi.status.ok());
  EXPECT_THAT(semi.rows.sheet.headers, ElementsAre("a", "b", "c"));
  EXPECT_THAT(Texts(semi.rows), ElementsAre("1|2,5|3", "4|5|6"));
  Read tab = ReadString("a\tb\n\"x,y\"\t2\n");
  ASSERT_TRUE(tab.status.ok());
  EXPECT_THAT(Texts(tab.rows), ElementsAre("x,y|2"));
  EXPECT_EQ(DetectCsvDelimiter("single column\nvalue\n"), ',');
  ReadOptions forced;
  forced.delimiter = ';';
  Read f = ReadString("a,b;c\n1,2;3\n", forced);
  EXPECT_THAT(f.rows.sheet.headers, ElementsAre("a,b", "c"));
}

TEST(CsvReader, HonoursExcelsSepLineWithoutCountingIt) {
  Read r = ReadString("sep=;\r\na;b\n1,5;2\n");
  ASSERT_TRUE(r.status.ok());
  EXPECT_THAT(r.rows.sheet.headers, ElementsAre("a", "b"));
  EXPECT_EQ(r.rows.sheet.header_row, 1u);
  EXPECT_THAT(Texts(r.rows), ElementsAre("1,5|2"));
}

// Found by csv_fuzz: "sep=" then a line break is a header cell, not a delimiter hint.
TEST(CsvReader, FuzzRegressionSepWithoutADelimiterIsText) {
  for (const std::string text : {"sep=", "sep=\r\n", "sep=\n1\n", "sep=\"\n"}) {
    Read r = ReadString(text);
    ASSERT_TRUE(r.status.ok()) << text;
    EXPECT_EQ(r.rows.sheet.headers.at(0).substr(0, 4), "sep=") << text;
  }
}

TEST(CsvReader, ReportsRaggedRowsAndPadsShortOnes) {
  Read r = ReadString("a,b,c\n1,2\n1,2,3,4\n1,2,3,\n1,2,3\n");
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.rows.rows.size(), 4u);
  EXPECT_TRUE(r.rows.rows[0].ragged);
  EXPECT_EQ(r.rows.rows[0].field_count, 2u);
  EXPECT_EQ(r.rows.rows[0].cells.size(), 3u);  // padded
  EXPECT_TRUE(r.rows.rows[1].ragged);
  EXPECT_EQ(r.rows.rows[1].cells.size(), 4u);  // the extra value is kept
  EXPECT_TRUE(r.rows.rows[2].ragged);
  EXPECT_EQ(r.rows.rows[2].cells.size(), 3u);  // an empty extra is dropped
  EXPECT_FALSE(r.rows.rows[3].ragged);
}

TEST(CsvReader, StripsAUtf8ByteOrderMark) {
  Read r = ReadString("\xEF\xBB\xBF姓名,电话\n王丽华,138\n");
  ASSERT_TRUE(r.status.ok());
  EXPECT_THAT(r.rows.sheet.headers, ElementsAre("姓名", "电话"));
}

TEST(CsvReader, DecodesGb18030FromChineseExcel) {
  const std::string gbk = Iconv("姓名,电话\r\n王丽华,13812345678\r\n", "GB18030");
  ASSERT_NE(gbk.find("\xCD\xF5"), std::string::npos);  // 王 in GBK
  Read r = ReadString(gbk);
  ASSERT_TRUE(r.status.ok()) << r.status.error().code;
  EXPECT_THAT(r.rows.sheet.headers, ElementsAre("姓名", "电话"));
  EXPECT_THAT(Texts(r.rows), ElementsAre("王丽华|13812345678"));
  // Characters outside GBK use GB18030's four-byte sequences.
  Read four = ReadString(Iconv("名字\n𠀀😀\n", "GB18030"));
  ASSERT_TRUE(four.status.ok());
  EXPECT_THAT(Texts(four.rows), ElementsAre("𠀀😀"));
}

TEST(CsvReader, DecodesUtf16WithAByteOrderMark) {
  const std::string text = "姓名,电话\r\n王丽华,\"1,2\"\r\n";
  Read le = ReadString("\xFF\xFE" + Iconv(text, "UTF-16LE"));
  ASSERT_TRUE(le.status.ok()) << le.status.error().code;
  EXPECT_THAT(Texts(le.rows), ElementsAre("王丽华|1,2"));
  Read be = ReadString("\xFE\xFF" + Iconv(text + "😀,x\r\n", "UTF-16BE"));
  ASSERT_TRUE(be.status.ok());
  EXPECT_THAT(Texts(be.rows), ElementsAre("王丽华|1,2", "😀|x"));
}

TEST(CsvReader, RefusesBrokenUtf16NamingTheRow) {
  std::string bad = "\xFF\xFE" + Iconv("a,b\n1,2\n", "UTF-16LE");
  bad += std::string("\x00\xD8", 2);  // a lone high surrogate on row 3
  Read r = ReadString(bad);
  EXPECT_THAT(r.status, HasError("import.bad_encoding"));
  EXPECT_EQ(r.status.error().details.at("row").as_uint64(), 3u);
}

TEST(CsvReader, RefusesBytesThatAreNeitherUtf8NorGb18030NamingTheRow) {
  Read r = ReadString("name,note\nA,ok\nB,\xFF\xFF\n");
  EXPECT_THAT(r.status, HasError("import.bad_encoding"));
  EXPECT_EQ(r.status.error().details.at("row").as_uint64(), 3u);
  EXPECT_NE(r.status.error().message_zh.find("第 3 行"), std::string::npos);
}

TEST(CsvReader, RefusesMostlyUtf8TextWithABrokenByteInsteadOfGuessingGb18030) {
  std::string text = "姓名,备注\n王丽华,术后回访\n张三,复诊提醒\n李四,";
  text += "\xE5\x9B";  // a truncated character
  text += "\n";
  Read r = ReadString(text);
  EXPECT_THAT(r.status, HasError("import.bad_encoding"));
  EXPECT_EQ(r.status.error().details.at("row").as_uint64(), 4u);
}

TEST(CsvReader, RefusesUnclosedQuotesAndTextAfterAClosingQuote) {
  Read open = ReadString("a,b\n1,2\n3,\"never closed\n4,5\n");
  EXPECT_THAT(open.status, HasError("import.bad_csv"));
  EXPECT_EQ(open.status.error().details.at("row").as_uint64(), 3u);
  Read junk = ReadString("a,b\n\"x\"y,2\n");
  EXPECT_THAT(junk.status, HasError("import.bad_csv"));
  EXPECT_EQ(junk.status.error().details.at("row").as_uint64(), 2u);
  Read spaces = ReadString("a,b\n\"x\"  ,2\n");  // spaces after a closing quote are fine
  EXPECT_TRUE(spaces.status.ok());
  Read bare = ReadString("a,b\n5\" tall,2\n");  // a bare quote is a character, as in Excel
  ASSERT_TRUE(bare.status.ok());
  EXPECT_EQ(bare.rows.rows[0].cells[0].text, "5\" tall");
}

TEST(CsvReader, RefusesNulBytes) {
  Read r = ReadString(std::string("a,b\n1,\0\n", 8));
  EXPECT_THAT(r.status, HasError("import.bad_csv"));
}

TEST(CsvReader, EmptyFilesHaveNoHeader) {
  EXPECT_THAT(ReadString("").status, HasError("import.empty_file"));
  EXPECT_THAT(ReadString("\xEF\xBB\xBF\r\n\r\n").status, HasError("import.empty_file"));
  Read header_only = ReadString("a,b\n");
  EXPECT_TRUE(header_only.status.ok());
  EXPECT_TRUE(header_only.rows.rows.empty());
}

TEST(CsvReader, RefusesMoreRowsThanTheLimitNamingIt) {
  ReadOptions options;
  options.max_rows = 3;
  EXPECT_TRUE(ReadString("h\n1\n2\n3\n", options).status.ok());
  Read r = ReadString("h\n1\n2\n3\n4\n", options);
  EXPECT_THAT(r.status, HasError("import.limit_exceeded"));
  EXPECT_EQ(r.status.error().details.at("limit").as_string(), "max_rows");
  EXPECT_EQ(r.status.error().details.at("max").as_uint64(), 3u);
  EXPECT_EQ(r.status.error().details.at("row").as_uint64(), 5u);
  EXPECT_EQ(r.status.error().kind, ErrorKind::kTooLarge);
}

TEST(CsvReader, RefusesTooManyColumnsAndTooBigCells) {
  ReadOptions options;
  options.max_columns = 3;
  options.max_cell_bytes = 8;
  EXPECT_TRUE(ReadString("a,b,c\n12345678,\"12345678\",x\n", options).status.ok());
  Read wide = ReadString("a,b,c,d\n", options);
  EXPECT_THAT(wide.status, HasError("import.limit_exceeded"));
  EXPECT_EQ(wide.status.error().details.at("limit").as_string(), "max_columns");
  Read big = ReadString("a\n123456789\n", options);
  EXPECT_EQ(big.status.error().details.at("limit").as_string(), "max_cell_bytes");
  Read big_quoted = ReadString("a\n\"1234\"\"5678\"\n", options);
  EXPECT_EQ(big_quoted.status.error().details.at("limit").as_string(), "max_cell_bytes");
}

TEST(CsvReader, TheSinkCanStopEarly) {
  RowCollector preview(2);
  ASSERT_TRUE(ReadCsv("h\n1\n2\n3\n\"broken", {}, preview).ok());
  EXPECT_THAT(Texts(preview), ElementsAre("1", "2"));
}

TEST(CsvReader, HeaderRowOptionSkipsATitleRow) {
  ReadOptions options;
  options.header_row = 2;
  Read r = ReadString("客户名单\n姓名,电话\n王丽华,138\n", options);
  ASSERT_TRUE(r.status.ok());
  EXPECT_THAT(r.rows.sheet.headers, ElementsAre("姓名", "电话"));
  EXPECT_THAT(Texts(r.rows), ElementsAre("王丽华|138"));
}

TEST(SheetDetect, TellsXlsxFromCsvByContent) {
  EXPECT_EQ(*DetectKind("PK\x03\x04rest"), FileKind::kXlsx);
  EXPECT_EQ(*DetectKind("a,b\n"), FileKind::kCsv);
  EXPECT_EQ(*DetectKind("\xFF\xFE" + std::string("a\0", 2)), FileKind::kCsv);
  EXPECT_THAT(DetectKind(""), HasError("import.empty_file"));
  EXPECT_THAT(DetectKind("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 old xls"),
              HasError("import.unsupported_format"));
  EXPECT_THAT(DetectKind(std::string("\x89PNG\r\n\x1A\n\0\0", 10)),
              HasError("import.unsupported_format"));
}

}  // namespace
}  // namespace peony::records::io
