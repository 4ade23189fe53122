// ReadXlsx on hand-made workbooks: the shapes Excel, WPS and other generators write.
#include "platform/records/io/xlsx_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "io_test_util.h"

namespace peony::records::io {
namespace {

using testing::BuildWorkbook;
using ::testing::ElementsAre;
using testing::HasError;
using testing::Texts;
using testing::Workbook;

struct Read {
  Status status;
  RowCollector rows;
};

Read ReadBook(const Workbook& wb, const ReadOptions& options = {}) {
  Read r;
  r.status = ReadXlsx(BuildWorkbook(wb), options, r.rows);
  return r;
}

std::string Inline(const std::string& ref, const std::string& text) {
  return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
}

TEST(XlsxReader, PlacesCellsByReferenceEvenOutOfOrderWithGapsAsEmpty) {
  Read r =
      ReadBook({.rows = "<row r=\"1\">" + Inline("C1", "c") + Inline("A1", "a") +
                        "</row><row r=\"4\">" + Inline("C4", "z") + Inline("A4", "x") + "</row>"});
  ASSERT_TRUE(r.status.ok()) << r.status.error().code;
  EXPECT_THAT(r.rows.sheet.headers, ElementsAre("a", "", "c"));
  ASSERT_EQ(r.rows.rows.size(), 1u);
  EXPECT_EQ(r.rows.rows[0].number, 4u);
  EXPECT_THAT(Texts(r.rows), ElementsAre("x||z"));
  EXPECT_EQ(r.rows.rows[0].cells[1].kind, Cell::Kind::kEmpty);
}

TEST(XlsxReader, CellsWithoutReferencesFollowTheirNeighbour) {
  Read r = ReadBook({.rows = "<row><c t=\"inlineStr\"><is><t>a</t></is></c><c><v>1</v></c></row>"
                             "<row><c r=\"B2\"><v>2</v></c><c><v>3</v></c></row>"});
  ASSERT_TRUE(r.status.ok());
  EXPECT_THAT(r.rows.sheet.headers, ElementsAre("a", "1"));
  EXPECT_THAT(Texts(r.rows), ElementsAre("|2|3"));
  EXPECT_EQ(r.rows.rows[0].number, 2u);
}

TEST(XlsxReader, ReadsSharedStringsWithRichTextRunsWithoutPhoneticGuides) {
  Read r = ReadBook(
      {.rows =
           "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>"
           "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c><c r=\"B2\" t=\"s\"><v>3</v></c></row>",
       .shared_strings =
           "<si><t>姓名</t></si>"
           "<si><r><rPr><b/></rPr><t>备</t></r><r><t xml:space=\"preserve\">注 </t></r></si>"
           "<si><t>王丽华</t><rPh sb=\"0\" eb=\"1\"><t>ワン</t></rPh></si>"
           "<si><t>A &amp; B &#x4E2D;&#25991; line_x000D_&#10;two _x005F_x0041_</t></si>"});
  ASSERT_TRUE(r.status.ok()) << r.status.error().code;
  EXPECT_THAT(r.rows.sheet.headers, ElementsAre("姓名", "备注 "));
  EXPECT_THAT(Texts(r.rows), ElementsAre("王丽华|A & B 中文 line\r\ntwo _x0041_"));
}

TEST(XlsxReader, AReferenceToAMissingSharedStringNamesTheRow) {
  Read none = ReadBook({.rows = "<row r=\"1\">" + Inline("A1", "h") +
                                "</row><row r=\"7\"><c r=\"A7\" t=\"s\"><v>0</v></c></row>"});
  EXPECT_THAT(none.status, HasError("import.bad_xlsx"));
  EXPECT_EQ(none.status.error().details.at("row").as_uint64(), 7u);
  Read beyond = ReadBook({.rows = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>5</v></c></row>",
                          .shared_strings = "<si><t>x</t></si>"});
  EXPECT_THAT(beyond.status, HasError("import.bad_xlsx"));
  // Without shared strings a workbook of numbers and inline strings reads fine.
  Read fine = ReadBook({.rows = "<row r=\"1\">" + Inline("A1", "h") +
                                "</row><row r=\"2\"><c r=\"A2\"><v>42</v></c></row>"});
  ASSERT_TRUE(fine.status.ok());
  EXPECT_THAT(Texts(fine.rows), ElementsAre("42"));
}

TEST(XlsxReader, ReadsCachedFormulaValuesBooleansAndErrorsWithoutEvaluating) {
  Read r =
      ReadBook({.rows = "<row r=\"1\">" + Inline("A1", "n") + Inline("B1", "s") +
                        Inline("C1", "b") + Inline("D1", "e") + Inline("E1", "none") +
                        "</row><row r=\"2\"><c r=\"A2\"><f>1+1</f><v>2</v></c>"
                        "<c r=\"B2\" t=\"str\"><f>CONCAT(\"a\",\"b\")</f><v>ab</v></c>"
                        "<c r=\"C2\" t=\"b\"><v>1</v></c><c r=\"D2\" t=\"e\"><v>#DIV/0!</v></c>"
                        "<c r=\"E2\"><f>NOW()</f></c></row>"});
  ASSERT_TRUE(r.status.ok());
  EXPECT_THAT(Texts(r.rows), ElementsAre("2|ab|TRUE|#DIV/0!|"));
  EXPECT_EQ(r.rows.rows[0].cells[0].kind, Cell::Kind::kNumber);
  EXPECT_EQ(r.rows.rows[0].cells[2].kind, Cell::Kind::kBool);
  EXPECT_EQ(r.rows.rows[0].cells[4].kind, Cell::Kind::kEmpty);
}

TEST(XlsxReader, NumbersKeepFullPrecisionAsText) {
  Read r = ReadBook({.rows = "<row r=\"1\">" + Inline("A1", "phone") + Inline("B1", "x") +
                             "</row><row r=\"2\"><c r=\"A2\"><v>13812345678</v></c>"
                             "<c r=\"B2\"><v>0.30000000000000004</v></c></row>"});
  ASSERT_TRUE(r.status.ok());
  EXPECT_THAT(Texts(r.rows), ElementsAre("13812345678|0.30000000000000004"));
}

TEST(XlsxReader, RecognisesDateStylesBuiltInCustomAndChinese) {
  Read r = ReadBook(
      {.rows = "<row r=\"1\">" + Inline("A1", "h") +
               "</row><row r=\"2\"><c r=\"A2\" s=\"1\"><v>45356</v></c>"
               "<c r=\"B2\" s=\"2\"><v>45356.6041666667</v></c><c r=\"C2\" s=\"3\"><v>45356</v></c>"
               "<c r=\"D2\" s=\"4\"><v>45356</v></c><c r=\"E2\" s=\"5\"><v>45356</v></c>"
               "<c r=\"F2\" s=\"6\"><v>0.5</v></c><c r=\"G2\" s=\"99\"><v>7</v></c>"
               "<c r=\"H2\" t=\"d\"><v>2024-03-05T08:00:00</v></c></row>",
       .num_fmts = "<numFmt numFmtId=\"176\" formatCode=\"yyyy/m/d\\ h:mm\"/>"
                   "<numFmt numFmtId=\"177\" formatCode=\"0.00&quot;d&quot;\"/>",
       .cell_xfs = "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"176\"/>"
                   "<xf numFmtId=\"177\"/><xf numFmtId=\"31\"/><xf numFmtId=\"58\"/>"
                   "<xf numFmtId=\"21\"/>"});
  ASSERT_TRUE(r.status.ok()) << r.status.error().code;
  EXPECT_THAT(Texts(r.rows), ElementsAre("2024-03-05|2024-03-05 14:30:00|45356|2024-03-05|"
                                         "2024-03-05|12:00:00|7|2024-03-05 08:00:00"));
  EXPECT_EQ(r.rows.rows[0].cells[0].kind, Cell::Kind::kDate);
  EXPECT_EQ(r.rows.rows[0].cells[2].kind, Cell::Kind::kNumber);
}

TEST(XlsxReader, ReadsA1904Workbook) {
  Read r = ReadBook({.rows = "<row r=\"1\">" + Inline("A1", "d") +
                             "</row><row r=\"2\"><c r=\"A2\" s=\"1\"><v>43894</v></c></row>",
                     .cell_xfs = "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>",
                     .workbook_pr = "date1904=\"1\""});
  ASSERT_TRUE(r.status.ok());
  EXPECT_THAT(Texts(r.rows), ElementsAre("2024-03-05"));
}

TEST(XlsxReader, UnderstandsNamespacePrefixes) {
  Read r = ReadBook({.sheet_xml =
                         "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/"
                         "2006/main\"><x:sheetData><x:row r=\"1\"><x:c r=\"A1\" t=\"inlineStr\">"
                         "<x:is><x:t>名</x:t></x:is></x:c></x:row><x:row r=\"2\"><x:c r=\"A2\">"
                         "<x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>"});
  ASSERT_TRUE(r.status.ok()) << r.status.error().code;
  EXPECT_THAT(r.rows.sheet.headers, ElementsAre("名"));
  EXPECT_THAT(Texts(r.rows), ElementsAre("1"));
}

TEST(XlsxReader, SkipsBlankAndStyleOnlyRowsAndCells) {
  Read r = ReadBook({.rows = "<row r=\"1\"><c r=\"A1\" s=\"0\"/></row><row r=\"2\">" +
                             Inline("A2", "h") +
                             "<c r=\"XFD2\" s=\"0\"/></row>"
                             "<row r=\"3\"><c r=\"A3\" s=\"0\"/></row><row r=\"5\">" +
                             Inline("A5", "v") + "</row>"});
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.rows.sheet.header_row, 2u);
  EXPECT_THAT(r.rows.sheet.headers, ElementsAre("h"));
  EXPECT_THAT(Texts(r.rows), ElementsAre("v"));
}

TEST(XlsxReader, EnforcesRowColumnAndCellLimits) {
  ReadOptions options;
  options.max_rows = 1;
  options.max_columns = 2;
  options.max_cell_bytes = 4;
  const std::string header = "<row r=\"1\">" + Inline("A1", "a") + "</row>";
  EXPECT_TRUE(
      ReadBook({.rows = header + "<row r=\"2\">" + Inline("B2", "1234") + "</row>"}, options)
          .status.ok());
  Read rows = ReadBook(
      {.rows = header + "<row r=\"2\"><c><v>1</v></c></row><row r=\"3\"><c><v>1</v></c></row>"},
      options);
  EXPECT_THAT(rows.status, HasError("import.limit_exceeded"));
  EXPECT_EQ(rows.status.error().details.at("limit").as_string(), "max_rows");
  EXPECT_EQ(rows.status.error().details.at("row").as_uint64(), 3u);
  Read cols = ReadBook({.rows = header + "<row r=\"2\">" + Inline("C2", "x") + "</row>"}, options);
  EXPECT_EQ(cols.status.error().details.at("limit").as_string(), "max_columns");
  Read big =
      ReadBook({.rows = header + "<row r=\"2\">" + Inline("A2", "12345") + "</row>"}, options);
  EXPECT_EQ(big.status.error().details.at("limit").as_string(), "max_cell_bytes");
}

TEST(XlsxReader, RefusesBadReferencesAndValues) {
  const std::string header = "<row r=\"1\">" + Inline("A1", "a") + "</row>";
  for (const std::string& row : {std::string("<row r=\"2\"><c r=\"AAAA2\"><v>1</v></c></row>"),
                                 std::string("<row r=\"2\"><c r=\"22\"><v>1</v></c></row>"),
                                 std::string("<row r=\"0\"><c><v>1</v></c></row>"),
                                 std::string("<row r=\"2\"><c><v>abc</v></c></row>"),
                                 std::string("<row r=\"2\"><c t=\"b\"><v>maybe</v></c></row>"),
                                 std::string("<row r=\"2\">") + Inline("A2", "\xFF") + "</row>"}) {
    EXPECT_THAT(ReadBook({.rows = header + row}).status, HasError("import.bad_xlsx")) << row;
  }
}

TEST(XlsxReader, PicksTheFirstVisibleSheetOrANamedOne) {
  auto sheet_of = [](const std::string& text) {
    return "<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>" + text +
           "</t></is></c></row></sheetData></worksheet>";
  };
  const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
  const std::string file = testing::BuildZip(
      {{"_rels/.rels", testing::kRootRels},
       {"xl/_rels/workbook.xml.rels",
        "<Relationships><Relationship Id=\"r1\" Type=\"" + rel +
            "worksheet\" Target=\"worksheets/a.xml\"/><Relationship Id=\"r2\" Type=\"" + rel +
            "worksheet\" Target=\"/xl/worksheets/b.xml\"/><Relationship Id=\"r3\" Type=\"" + rel +
            "worksheet\" Target=\"worksheets/../worksheets/c.xml\"/></Relationships>"},
       {"xl/workbook.xml",
        "<workbook xmlns:r=\"urn:r\"><sheets><sheet name=\"隐藏\" state=\"hidden\" r:id=\"r1\"/>"
        "<sheet name=\"客户\" r:id=\"r2\"/><sheet name=\"Other\" "
        "r:id=\"r3\"/></sheets></workbook>"},
       {"xl/worksheets/a.xml", sheet_of("hidden")},
       {"xl/worksheets/b.xml", sheet_of("first visible")},
       {"xl/worksheets/c.xml", sheet_of("other")}});
  RowCollector first;
  ASSERT_TRUE(ReadXlsx(file, {}, first).ok());
  EXPECT_EQ(first.sheet.name, "客户");
  EXPECT_THAT(first.sheet.headers, ElementsAre("first visible"));
  ReadOptions named;
  named.sheet_name = "other";
  RowCollector other;
  ASSERT_TRUE(ReadXlsx(file, named, other).ok());
  EXPECT_THAT(other.sheet.headers, ElementsAre("other"));
  named.sheet_name = "nope";
  RowCollector none;
  EXPECT_THAT(ReadXlsx(file, named, none), HasError("import.sheet_not_found"));
}

TEST(XlsxReader, AnEmptySheetHasNoHeader) {
  EXPECT_THAT(ReadBook({.rows = ""}).status, HasError("import.empty_file"));
}

TEST(XlsxReader, TheSinkCanStopEarly) {
  std::string rows = "<row r=\"1\">" + Inline("A1", "h") + "</row>";
  for (int i = 2; i < 50; ++i) rows += "<row r=\"" + std::to_string(i) + "\"><c><v>1</v></c></row>";
  rows += "<row><c t=\"s\"><v>99</v></c></row>";  // an error that is never reached
  RowCollector preview(10);
  ASSERT_TRUE(ReadXlsx(BuildWorkbook({.rows = rows}), {}, preview).ok());
  EXPECT_EQ(preview.rows.size(), 10u);
}

}  // namespace
}  // namespace peony::records::io
