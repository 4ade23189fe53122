#include "platform/records/io/xlsx_workbook.h"

#include <charconv>
#include <pugixml.hpp>
#include <unordered_map>
#include <vector>

#include "common/strings.h"
#include "platform/records/io/errors.h"
#include "platform/records/io/xml_stream.h"

namespace peony::records::io {
namespace {

constexpr size_t kMaxMetadataPartBytes = 16 * 1024 * 1024;
constexpr size_t kMaxCellStyles = 65536;  // Excel allows 64,000
constexpr std::string_view kRelWorksheet = "/worksheet";
constexpr std::string_view kRelOfficeDocument = "/officeDocument";
constexpr std::string_view kRelSharedStrings = "/sharedStrings";
constexpr std::string_view kRelStyles = "/styles";

struct Relationship {
  std::string id, type, target;  // target resolved to a part name
};

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

pugi::xml_node Child(pugi::xml_node node, std::string_view local) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && LocalName(c.name()) == local) return c;
  }
  return {};
}

std::string_view Attr(pugi::xml_node node, std::string_view local) {
  for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
    const std::string_view name = a.name();
    if (LocalName(name) == local && name.substr(0, 6) != "xmlns:") return a.value();
  }
  return {};
}

// Reads and parses a small part. The document owns the text (parsed in place).
Result<pugi::xml_document*> LoadPart(ZipArchive& archive, std::string_view part,
                                     pugi::xml_document& doc, std::string& text) {
  PEONY_TRY(text, archive.ReadEntry(part, kMaxMetadataPartBytes, "xml_part_bytes"));
  const std::string lower = ToLower(text);
  if (lower.find("<!doctype") != std::string::npos || lower.find("<!entity") != std::string::npos) {
    return errors::HostileXml(part);
  }
  const pugi::xml_parse_result parsed =
      doc.load_buffer_inplace(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) return errors::BadXlsx("malformed XML in " + std::string(part));
  return &doc;
}

std::string DirectoryOf(std::string_view part) {
  const size_t slash = part.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(part.substr(0, slash + 1));
}

std::string RelsPartOf(std::string_view part) {
  const size_t slash = part.rfind('/');
  const std::string_view dir = slash == std::string_view::npos ? "" : part.substr(0, slash + 1);
  const std::string_view file = slash == std::string_view::npos ? part : part.substr(slash + 1);
  return std::string(dir) + "_rels/" + std::string(file) + ".rels";
}

std::string ResolveTarget(std::string_view base_dir, std::string_view target) {
  if (!target.empty() && target.front() == '/') return NormalizePartName(target.substr(1));
  return NormalizePartName(std::string(base_dir) + std::string(target));
}

// Relationships of `part`; empty when it has no .rels part.
Result<std::vector<Relationship>> ReadRelationships(ZipArchive& archive, std::string_view part) {
  std::vector<Relationship> out;
  const std::string rels = RelsPartOf(part);
  if (!archive.Has(rels)) return out;
  pugi::xml_document doc;
  std::string text;
  PEONY_CHECK(LoadPart(archive, rels, doc, text));
  const std::string base = DirectoryOf(part);
  const pugi::xml_node root = Child(doc, "Relationships");
  for (pugi::xml_node r = root.first_child(); r; r = r.next_sibling()) {
    if (LocalName(r.name()) != "Relationship" || Attr(r, "TargetMode") == "External") continue;
    Relationship rel{std::string(Attr(r, "Id")), std::string(Attr(r, "Type")),
                     ResolveTarget(base, Attr(r, "Target"))};
    if (!rel.target.empty()) out.push_back(std::move(rel));
  }
  return out;
}

Result<std::string> FindWorkbookPart(ZipArchive& archive) {
  PEONY_TRY(auto root_rels, ReadRelationships(archive, ""));
  for (const Relationship& rel : root_rels) {
    if (EndsWith(rel.type, kRelOfficeDocument) && archive.Has(rel.target)) return rel.target;
  }
  if (archive.Has("[Content_Types].xml")) {
    pugi::xml_document doc;
    std::string text;
    PEONY_CHECK(LoadPart(archive, "[Content_Types].xml", doc, text));
    const pugi::xml_node types = Child(doc, "Types");
    for (pugi::xml_node o = types.first_child(); o; o = o.next_sibling()) {
      const std::string_view type = Attr(o, "ContentType");
      if (LocalName(o.name()) == "Override" && type.find("spreadsheetml") != std::string::npos &&
          EndsWith(type, ".main+xml")) {
        const std::string part = NormalizePartName(
            Attr(o, "PartName").substr(Attr(o, "PartName").substr(0, 1) == "/" ? 1 : 0));
        if (!part.empty() && archive.Has(part)) return part;
      }
    }
  }
  if (archive.Has("xl/workbook.xml")) return std::string("xl/workbook.xml");
  return errors::BadXlsx("no workbook in the package");
}

bool IsTrue(std::string_view v) { return v == "1" || v == "true"; }

}  // namespace

std::string NormalizePartName(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view seg = path.substr(start, end - start);
    if (seg == "..") {
      if (segments.empty()) return std::string();
      segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(seg);
    }
    start = end + 1;
  }
  std::string out;
  for (const std::string_view seg : segments) {
    if (!out.empty()) out.push_back('/');
    out.append(seg);
  }
  return out;
}

Result<WorkbookLayout> LocateWorkbook(ZipArchive& archive, const ReadOptions& options) {
  PEONY_TRY(std::string workbook_part, FindWorkbookPart(archive));
  PEONY_TRY(auto rels, ReadRelationships(archive, workbook_part));
  pugi::xml_document doc;
  std::string text;
  PEONY_CHECK(LoadPart(archive, workbook_part, doc, text));
  const pugi::xml_node workbook = Child(doc, "workbook");
  if (!workbook) return errors::BadXlsx("no workbook element in " + workbook_part);

  WorkbookLayout layout;
  layout.date1904 = IsTrue(Attr(Child(workbook, "workbookPr"), "date1904"));
  const std::string base = DirectoryOf(workbook_part);
  for (const Relationship& rel : rels) {
    if (EndsWith(rel.type, kRelSharedStrings)) layout.shared_strings_part = rel.target;
    if (EndsWith(rel.type, kRelStyles)) layout.styles_part = rel.target;
  }
  if (rels.empty()) {  // a package without relationships: try the usual names
    layout.shared_strings_part = base + "sharedStrings.xml";
    layout.styles_part = base + "styles.xml";
  }
  if (!archive.Has(layout.shared_strings_part)) layout.shared_strings_part.clear();
  if (!archive.Has(layout.styles_part)) layout.styles_part.clear();

  struct Candidate {
    std::string name, part;
    bool visible;
  };
  std::vector<Candidate> sheets;
  size_t position = 0;
  for (pugi::xml_node s = Child(workbook, "sheets").first_child(); s; s = s.next_sibling()) {
    if (LocalName(s.name()) != "sheet") continue;
    ++position;
    const std::string_view id = Attr(s, "id");
    std::string part;
    if (rels.empty()) {
      part = base + "worksheets/sheet" + std::to_string(position) + ".xml";
    } else {
      for (const Relationship& rel : rels) {
        if (rel.id == id && EndsWith(rel.type, kRelWorksheet)) part = rel.target;
      }
    }
    if (part.empty() || !archive.Has(part)) continue;  // a chart sheet, or nothing
    const std::string_view state = Attr(s, "state");
    sheets.push_back(
        {std::string(Attr(s, "name")), part, state != "hidden" && state != "veryHidden"});
  }
  const Candidate* chosen = nullptr;
  if (!options.sheet_name.empty()) {
    for (const Candidate& c : sheets) {
      if (c.name == options.sheet_name) chosen = &c;
    }
    for (const Candidate& c : sheets) {
      if (chosen == nullptr && ToLower(c.name) == ToLower(options.sheet_name)) chosen = &c;
    }
    if (chosen == nullptr) return errors::SheetNotFound(options.sheet_name);
  } else {
    for (const Candidate& c : sheets) {
      if (chosen == nullptr && c.visible) chosen = &c;
    }
    if (chosen == nullptr && !sheets.empty()) chosen = &sheets.front();
    if (chosen == nullptr) return errors::BadXlsx("the workbook has no worksheet");
  }
  layout.sheet_name = chosen->name;
  layout.sheet_part = chosen->part;
  return layout;
}

Result<std::vector<NumberFormatKind>> ReadCellStyles(ZipArchive& archive, std::string_view part) {
  pugi::xml_document doc;
  std::string text;
  PEONY_CHECK(LoadPart(archive, part, doc, text));
  const pugi::xml_node sheet = Child(doc, "styleSheet");
  std::unordered_map<int, std::string_view> custom;  // numFmtId → formatCode
  for (pugi::xml_node f = Child(sheet, "numFmts").first_child(); f; f = f.next_sibling()) {
    if (LocalName(f.name()) != "numFmt") continue;
    const std::string_view id_text = Attr(f, "numFmtId");
    int id = -1;
    std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
    custom[id] = Attr(f, "formatCode");
  }
  std::vector<NumberFormatKind> kinds;
  for (pugi::xml_node xf = Child(sheet, "cellXfs").first_child(); xf; xf = xf.next_sibling()) {
    if (LocalName(xf.name()) != "xf") continue;
    if (kinds.size() >= kMaxCellStyles) return errors::BadXlsx("too many cell styles");
    const std::string_view id_text = Attr(xf, "numFmtId");
    int id = 0;
    std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
    const auto it = custom.find(id);
    kinds.push_back(ClassifyNumberFormat(id, it == custom.end() ? "" : it->second));
  }
  return kinds;
}

}  // namespace peony::records::io
