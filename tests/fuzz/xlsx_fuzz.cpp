// libFuzzer target for the XLSX reader.
//
// The first byte chooses what the rest is: 0 a whole file; 1 the worksheet XML, 2 the shared
// strings, 3 the styles, 4 the workbook XML, each packed with valid other parts into a zip, so the
// fuzzer reaches the XML handling without having to invent zip archives. Checks besides "never
// crash": text is valid UTF-8 without NUL, row numbers increase, cells fill at least the header.
//
//   clang++-14 -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
//     tests/fuzz/xlsx_fuzz.cpp src/platform/records/io/*.cpp
//     src/common/{strings,result,log,clock}.cpp \ -lzip -lpugixml -lxlsxwriter -lspdlog -lfmt
//     -lboost_json -o xlsx_fuzz
#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/strings.h"
#include "platform/records/io/xlsx_reader.h"

namespace {

using namespace peony::records::io;

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

struct CheckingSink : RowSink {
  Flow OnHeader(const Sheet& s) override {
    for (const std::string& h : s.headers) Check(peony::IsValidUtf8(h));
    headers = s.headers.size();
    last_row = s.header_row;
    return Flow::kContinue;
  }
  Flow OnRow(const Row& row) override {
    Check(row.cells.size() >= headers);
    for (const Cell& c : row.cells) {
      Check(peony::IsValidUtf8(c.text));
      Check(c.text.find('\0') == std::string::npos);
      Check(c.kind != Cell::Kind::kEmpty || c.text.empty());
    }
    (void)last_row;  // XLSX rows keep the sheet's numbers, which need not increase
    return ++rows >= 256 ? Flow::kStop : Flow::kContinue;
  }
  size_t headers = 0, rows = 0, last_row = 0;
};

const char* kRels =
    "<Relationships><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
    "</Relationships>";
const char* kWorkbookRels =
    "<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"x/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"x/styles\" Target=\"styles.xml\"/></Relationships>";
const char* kWorkbook =
    "<workbook xmlns:r=\"r\"><workbookPr date1904=\"0\"/><sheets><sheet name=\"s\" r:id=\"rId1\"/>"
    "</sheets></workbook>";
const char* kSheet =
    "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" "
    "t=\"s\"><v>1</v>"
    "</c></row><row r=\"2\"><c r=\"A2\" s=\"1\"><v>45356.5</v></c><c r=\"B2\" s=\"2\"><v>0.25</v>"
    "</c><c r=\"C2\" t=\"s\"><v>2</v></c></row></sheetData></worksheet>";
const char* kShared = "<sst><si><t>a</t></si><si><r><t>b</t></r></si><si><t>c</t></si></sst>";
const char* kStyles =
    "<styleSheet><numFmts><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/></numFmts>"
    "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"20\"/></cellXfs>"
    "</styleSheet>";

std::string Pack(std::vector<std::pair<std::string, std::string>> parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* za = zip_open_from_source(src, ZIP_TRUNCATE, &error);
  zip_source_keep(src);
  for (const auto& [name, data] : parts) {
    zip_source_t* s = zip_source_buffer(za, data.data(), data.size(), 0);
    const zip_int64_t idx = zip_file_add(za, name.c_str(), s, 0);
    zip_set_file_compression(za, static_cast<zip_uint64_t>(idx), ZIP_CM_STORE, 0);
  }
  zip_close(za);
  std::string out;
  if (zip_source_open(src) == 0) {
    zip_source_seek(src, 0, SEEK_END);
    out.resize(static_cast<size_t>(zip_source_tell(src)));
    zip_source_seek(src, 0, SEEK_SET);
    zip_source_read(src, out.data(), out.size());
    zip_source_close(src);
  }
  zip_source_free(src);
  zip_error_fini(&error);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string file;
  switch (data[0] % 5) {
    case 0:
      file = rest;
      break;
    case 1:
      file = Pack({{"_rels/.rels", kRels},
                   {"xl/_rels/workbook.xml.rels", kWorkbookRels},
                   {"xl/workbook.xml", kWorkbook},
                   {"xl/worksheets/sheet1.xml", rest},
                   {"xl/sharedStrings.xml", kShared},
                   {"xl/styles.xml", kStyles}});
      break;
    case 2:
      file = Pack({{"_rels/.rels", kRels},
                   {"xl/_rels/workbook.xml.rels", kWorkbookRels},
                   {"xl/workbook.xml", kWorkbook},
                   {"xl/worksheets/sheet1.xml", kSheet},
                   {"xl/sharedStrings.xml", rest},
                   {"xl/styles.xml", kStyles}});
      break;
    case 3:
      file = Pack({{"_rels/.rels", kRels},
                   {"xl/_rels/workbook.xml.rels", kWorkbookRels},
                   {"xl/workbook.xml", kWorkbook},
                   {"xl/worksheets/sheet1.xml", kSheet},
                   {"xl/sharedStrings.xml", kShared},
                   {"xl/styles.xml", rest}});
      break;
    default:
      file = Pack({{"_rels/.rels", kRels},
                   {"xl/_rels/workbook.xml.rels", kWorkbookRels},
                   {"xl/workbook.xml", rest},
                   {"xl/worksheets/sheet1.xml", kSheet},
                   {"xl/sharedStrings.xml", kShared},
                   {"xl/styles.xml", kStyles}});
      break;
  }
  ReadOptions options;
  options.max_rows = 1000;
  options.max_columns = 64;
  options.max_cell_bytes = 4096;
  options.max_uncompressed_bytes = 16 * 1024 * 1024;
  CheckingSink sink;
  (void)ReadXlsx(file, options, sink);
  return 0;
}
