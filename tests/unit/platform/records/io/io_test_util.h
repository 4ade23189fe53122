// Helpers for the file reader/writer tests: building zip packages in memory with libzip,
// converting text with iconv, and collecting rows as text.
#pragma once

#include <gmock/gmock.h>
#include <iconv.h>
#include <zip.h>

#include <boost/json/serialize.hpp>
#include <map>
#include <string>
#include <vector>

#include "platform/records/io/sheet.h"

namespace peony::records::io::testing {

// EXPECT_THAT(status, HasError("import.bad_csv")).
MATCHER_P(HasError, code, "fails with " + std::string(code)) {
  if (arg.ok()) {
    *result_listener << "succeeded";
    return false;
  }
  *result_listener << "failed with " << arg.error().code << " "
                   << boost::json::serialize(arg.error().details);
  return arg.error().code == code;
}

inline std::string Iconv(const std::string& utf8, const char* to) {
  iconv_t cd = iconv_open(to, "UTF-8");
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* o = out.data();
  size_t out_left = out.size();
  iconv(cd, &in, &in_left, &o, &out_left);
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

struct ZipEntry {
  std::string name;
  std::string data;
  bool store = false;  // stored instead of deflated
};

// A zip archive in memory holding `entries`, in order.
inline std::string BuildZip(const std::vector<ZipEntry>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* za = zip_open_from_source(src, ZIP_TRUNCATE, &error);
  zip_source_keep(src);
  for (const ZipEntry& e : entries) {
    zip_source_t* data = zip_source_buffer(za, e.data.data(), e.data.size(), 0);
    const zip_int64_t idx = zip_file_add(za, e.name.c_str(), data, ZIP_FL_ENC_UTF_8);
    zip_set_file_compression(za, static_cast<zip_uint64_t>(idx),
                             e.store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0);
  }
  zip_close(za);
  zip_source_open(src);
  zip_source_seek(src, 0, SEEK_END);
  const zip_int64_t size = zip_source_tell(src);
  zip_source_seek(src, 0, SEEK_SET);
  std::string out(static_cast<size_t>(size), '\0');
  zip_source_read(src, out.data(), out.size());
  zip_source_close(src);
  zip_source_free(src);
  zip_error_fini(&error);
  return out;
}

// One entry of a zip archive, inflated; empty when missing.
inline std::string ReadZipEntry(const std::string& archive, const std::string& name) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(archive.data(), archive.size(), 0, &error);
  zip_t* za = zip_open_from_source(src, ZIP_RDONLY, &error);
  std::string out;
  if (za != nullptr) {
    zip_stat_t st;
    if (zip_stat(za, name.c_str(), 0, &st) == 0) {
      zip_file_t* f = zip_fopen(za, name.c_str(), 0);
      out.resize(st.size);
      zip_fread(f, out.data(), out.size());
      zip_fclose(f);
    }
    zip_discard(za);
  } else {
    zip_source_free(src);
  }
  zip_error_fini(&error);
  return out;
}

inline const char* kContentTypes =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
</Types>)";
inline const char* kRootRels =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>)";

// A workbook with one worksheet whose <sheetData> content is `rows`; shared strings and styles
// parts only when given. `workbook_pr` is put inside <workbookPr .../>.
struct Workbook {
  std::string rows;
  std::string shared_strings;  // the <sst> content, without the element; "" for no part
  std::string num_fmts;        // <numFmt> elements
  std::string cell_xfs;        // <xf> elements; "" for no styles part
  std::string workbook_pr;
  std::string sheet_xml;  // replaces the whole worksheet when set
};

inline std::string BuildWorkbook(const Workbook& wb) {
  std::string rels =
      R"(<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>)";
  std::vector<ZipEntry> entries = {{"[Content_Types].xml", kContentTypes},
                                   {"_rels/.rels", kRootRels}};
  if (!wb.shared_strings.empty()) {
    rels +=
        R"(<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>)";
    entries.push_back({"xl/sharedStrings.xml",
                       "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/"
                       "spreadsheetml/2006/main\">" +
                           wb.shared_strings + "</sst>"});
  }
  if (!wb.cell_xfs.empty()) {
    rels +=
        R"(<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>)";
    entries.push_back(
        {"xl/styles.xml",
         "<?xml version=\"1.0\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/"
         "spreadsheetml/2006/main\"><numFmts>" +
             wb.num_fmts + "</numFmts><cellXfs>" + wb.cell_xfs + "</cellXfs></styleSheet>"});
  }
  rels += "</Relationships>";
  entries.push_back({"xl/_rels/workbook.xml.rels", rels});
  entries.push_back(
      {"xl/workbook.xml",
       "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/"
       "2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
       "relationships\"><workbookPr " +
           wb.workbook_pr +
           "/><sheets><sheet name=\"客户\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"});
  entries.push_back(
      {"xl/worksheets/sheet1.xml",
       !wb.sheet_xml.empty()
           ? wb.sheet_xml
           : "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/"
             "spreadsheetml/2006/main\"><sheetData>" +
                 wb.rows + "</sheetData></worksheet>"});
  return BuildZip(entries);
}

// Rows as "text|text|…" lines, for compact expectations.
inline std::vector<std::string> Texts(const RowCollector& c) {
  std::vector<std::string> out;
  for (const Row& row : c.rows) {
    std::string line;
    for (size_t i = 0; i < row.cells.size(); ++i) {
      if (i > 0) line += "|";
      line += row.cells[i].text;
    }
    out.push_back(line);
  }
  return out;
}

}  // namespace peony::records::io::testing
