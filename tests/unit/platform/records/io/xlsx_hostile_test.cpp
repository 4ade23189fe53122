// ReadXlsx on hostile and broken files: each is refused with a named error, nothing crashes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "io_test_util.h"
#include "platform/records/io/xlsx_reader.h"
#include "platform/records/io/xlsx_writer.h"
#include "platform/records/io/zip_archive.h"

namespace peony::records::io {
namespace {

using testing::BuildWorkbook;
using testing::BuildZip;
using testing::HasError;
using testing::Workbook;

Status ReadBytes(const std::string& bytes, const ReadOptions& options = {}) {
  RowCollector rows;
  return ReadXlsx(bytes, options, rows);
}

std::string LimitOf(const Status& s) {
  return s.ok() ? "ok" : std::string(s.error().details.at("limit").as_string());
}

// Rewrites the uncompressed size that the local and central headers of `name` declare.
void PatchDeclaredSize(std::string& zip, const std::string& name, uint32_t size) {
  auto put = [&](size_t at) { std::memcpy(zip.data() + at, &size, 4); };  // little-endian host
  for (size_t p = zip.find("PK\x03\x04"); p != std::string::npos;
       p = zip.find("PK\x03\x04", p + 1)) {
    const size_t len =
        static_cast<unsigned char>(zip[p + 26]) | (static_cast<unsigned char>(zip[p + 27]) << 8);
    if (zip.compare(p + 30, len, name) == 0) put(p + 22);
  }
  for (size_t p = zip.find("PK\x01\x02"); p != std::string::npos;
       p = zip.find("PK\x01\x02", p + 1)) {
    const size_t len =
        static_cast<unsigned char>(zip[p + 28]) | (static_cast<unsigned char>(zip[p + 29]) << 8);
    if (zip.compare(p + 46, len, name) == 0) put(p + 24);
  }
}

std::string RandomText(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s;
  for (size_t i = 0; i < n; ++i) s.push_back(static_cast<char>('a' + rng() % 26));
  return s;
}

const char* kSheetPart = "xl/worksheets/sheet1.xml";

TEST(XlsxHostile, AnEntryDeclaringMoreThanTheLimitIsRefusedBeforeInflating) {
  std::string zip = BuildWorkbook({.rows = "<row><c><v>1</v></c></row>"});
  PatchDeclaredSize(zip, kSheetPart, 300u * 1024 * 1024);
  const Status s = ReadBytes(zip);
  EXPECT_THAT(s, HasError("import.limit_exceeded"));
  EXPECT_EQ(LimitOf(s), "max_uncompressed_bytes");
}

TEST(XlsxHostile, AbsurdCompressionRatiosAreRefused) {
  const std::string padding(4 * 1024 * 1024, ' ');  // inflates ~1000:1
  const Status s = ReadBytes(BuildWorkbook({.rows = "<row><c><v>1</v></c></row>" + padding}));
  EXPECT_THAT(s, HasError("import.limit_exceeded"));
  EXPECT_EQ(LimitOf(s), "max_compression_ratio");
}

TEST(XlsxHostile, AnEntryInflatingBeyondWhatItDeclaresIsRefused) {
  std::string zip = BuildWorkbook(
      {.rows = "<row><c t=\"inlineStr\"><is><t>" + RandomText(200000, 1) + "</t></is></c></row>"});
  PatchDeclaredSize(zip, kSheetPart, 100);
  EXPECT_THAT(ReadBytes(zip), HasError("import.bad_xlsx"));
}

TEST(XlsxHostile, TheRunningTotalOfAllEntriesIsBounded) {
  ReadOptions options;
  options.max_uncompressed_bytes = 300 * 1024;
  const Workbook wb{
      .rows = "<row><c t=\"s\"><v>0</v></c></row><!--" + RandomText(200000, 2) + "-->",
      .shared_strings = "<si><t>" + RandomText(200000, 3) + "</t></si>"};
  options.max_cell_bytes = 1024 * 1024;
  const Status s = ReadBytes(BuildWorkbook(wb), options);
  EXPECT_THAT(s, HasError("import.limit_exceeded"));
  EXPECT_EQ(LimitOf(s), "max_uncompressed_bytes");
  options.max_uncompressed_bytes = 600 * 1024;
  EXPECT_TRUE(ReadBytes(BuildWorkbook(wb), options).ok());
}

TEST(XlsxHostile, TooManyEntriesAreRefused) {
  std::vector<testing::ZipEntry> entries;
  for (size_t i = 0; i <= kMaxZipEntries; ++i)
    entries.push_back({"f" + std::to_string(i), "", true});
  const Status s = ReadBytes(BuildZip(entries));
  EXPECT_THAT(s, HasError("import.limit_exceeded"));
  EXPECT_EQ(LimitOf(s), "zip_entries");
}

TEST(XlsxHostile, DoctypeAndEntityDeclarationsAreRefusedInEveryPart) {
  const std::string laughs =
      "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 "
      "\"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>";
  EXPECT_THAT(
      ReadBytes(BuildWorkbook(
          {.sheet_xml =
               laughs +
               "<worksheet><sheetData><row><c "
               "t=\"inlineStr\"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>"})),
      HasError("import.hostile_xml"));
  EXPECT_THAT(ReadBytes(BuildWorkbook(
                  {.sheet_xml = "<!DOCTYPE x SYSTEM \"file:///etc/passwd\"><worksheet/>"})),
              HasError("import.hostile_xml"));
  EXPECT_THAT(ReadBytes(BuildWorkbook({.rows = "<row><c t=\"s\"><v>0</v></c></row>",
                                       .shared_strings = "<si><t>x</t></si>"}) /* control */),
              ::testing::Not(HasError("import.hostile_xml")));
  std::string shared = BuildZip(
      {{"_rels/.rels", testing::kRootRels},
       {"xl/workbook.xml", "<!DOCTYPE w [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><workbook/>"}});
  EXPECT_THAT(ReadBytes(shared), HasError("import.hostile_xml"));
}

TEST(XlsxHostile, UndefinedEntitiesMismatchedTagsAndTruncatedXmlAreMalformed) {
  for (const std::string& rows :
       {std::string("<row><c t=\"inlineStr\"><is><t>&xxe;</t></is></c></row>"),
        std::string("<row><c><v>1</c></v></row>"), std::string("<row><c><v>1</v></c>"),
        std::string("<row><c r=\"A1\" t=\"inlineStr\"><is><t>a & b</t></is></c></row>"),
        std::string("<row><c r=A1><v>1</v></c></row>"),
        std::string("<row><c><v>&#0;</v></c></row>")}) {
    EXPECT_THAT(ReadBytes(BuildWorkbook({.rows = rows})), HasError("import.bad_xlsx")) << rows;
  }
}

TEST(XlsxHostile, DeepNestingAndHugeTokensAreBounded) {
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<a>";
  EXPECT_THAT(ReadBytes(BuildWorkbook({.rows = deep})), HasError("import.bad_xlsx"));
  const std::string attr = "<row spans=\"" + RandomText(2 * 1024 * 1024, 4) + "\"/>";
  const Status huge = ReadBytes(BuildWorkbook({.rows = attr}));
  EXPECT_THAT(huge, HasError("import.limit_exceeded"));
  EXPECT_EQ(LimitOf(huge), "xml_token_bytes");
  // The small parts read with pugixml: deep nesting there must not crash either.
  std::string deep_workbook = "<workbook>";
  for (int i = 0; i < 100000; ++i) deep_workbook += "<a>";
  const Status s = ReadBytes(BuildZip({{"xl/workbook.xml", deep_workbook}}));
  EXPECT_THAT(s, HasError("import.bad_xlsx"));
}

TEST(XlsxHostile, NotAZipAndTruncatedZipsAreNotExcelFiles) {
  const Status text = ReadBytes("name,phone\n");
  EXPECT_THAT(text, HasError("import.bad_xlsx"));
  EXPECT_EQ(text.error().message_zh, "文件不是有效的 Excel 文件");
  EXPECT_THAT(ReadBytes("PK\x03\x04 not really"), HasError("import.bad_xlsx"));
  EXPECT_THAT(ReadBytes(""), HasError("import.bad_xlsx"));
  auto writer = XlsxWriter::Create();
  ASSERT_TRUE((*writer)->WriteHeader({"姓名"}).ok());
  ASSERT_TRUE((*writer)->WriteRow({Cell::Text("王丽华")}).ok());
  const std::string good = *(*writer)->Finish();
  EXPECT_THAT(ReadBytes(good.substr(0, good.size() / 2)), HasError("import.bad_xlsx"));
  // Every cut and a flipped byte at every position: an error or a success, never a crash.
  for (size_t cut = 0; cut < good.size(); cut += 7) (void)ReadBytes(good.substr(0, cut));
  for (size_t at = 0; at < good.size(); at += 5) {
    std::string flipped = good;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x5A);
    (void)ReadBytes(flipped);
  }
}

TEST(XlsxHostile, NamesThatClimbOutOfTheArchiveAreIgnored) {
  const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
  const std::string sheet =
      "<worksheet><sheetData><row><c><v>1</v></c></row></sheetData></worksheet>";
  const std::string zip = BuildZip(
      {{"_rels/.rels", testing::kRootRels},
       {"xl/_rels/workbook.xml.rels",
        "<Relationships><Relationship Id=\"r1\" Type=\"" + rel +
            "worksheet\" Target=\"../../../etc/passwd\"/><Relationship Id=\"r2\" Type=\"" + rel +
            "worksheet\" Target=\"../x/../../s.xml\"/></Relationships>"},
       {"xl/workbook.xml",
        "<workbook xmlns:r=\"urn:r\"><sheets><sheet name=\"a\" r:id=\"r1\"/><sheet name=\"b\" "
        "r:id=\"r2\"/></sheets></workbook>"},
       {"../s.xml", sheet},
       {"/etc/passwd", sheet},
       {"..\\s.xml", sheet}});
  const Status s = ReadBytes(zip);
  EXPECT_THAT(s, HasError("import.bad_xlsx"));
  EXPECT_EQ(s.error().details.at("reason").as_string(), "the workbook has no worksheet");
}

TEST(XlsxHostile, EncryptedEntriesAreRefused) {
  std::string zip;
  {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &error);
    zip_t* za = zip_open_from_source(src, ZIP_TRUNCATE, &error);
    zip_source_keep(src);
    const std::string workbook = "<workbook/>";
    zip_source_t* data = zip_source_buffer(za, workbook.data(), workbook.size(), 0);
    const zip_int64_t idx = zip_file_add(za, "xl/workbook.xml", data, 0);
    const bool supported =
        zip_file_set_encryption(za, static_cast<zip_uint64_t>(idx), ZIP_EM_AES_256, "secret") == 0;
    zip_close(za);
    zip_source_open(src);
    zip_source_seek(src, 0, SEEK_END);
    zip.resize(static_cast<size_t>(zip_source_tell(src)));
    zip_source_seek(src, 0, SEEK_SET);
    zip_source_read(src, zip.data(), zip.size());
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&error);
    if (!supported) GTEST_SKIP() << "libzip without AES";
  }
  const Status s = ReadBytes(zip);
  EXPECT_THAT(s, HasError("import.bad_xlsx"));
  EXPECT_EQ(s.error().details.at("reason").as_string(), "encrypted zip entry xl/workbook.xml");
}

}  // namespace
}  // namespace peony::records::io
