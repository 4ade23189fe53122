// A small pull parser for the big parts of an XLSX file (worksheets, shared strings), so a
// 100,000-row sheet is read in chunks instead of as a DOM. It understands elements, attributes,
// text, the five predefined entities, character references, CDATA, comments and processing
// instructions; a DOCTYPE (or any other <! declaration) is refused as import.hostile_xml, so no
// entity can be defined, let alone expanded. Nesting depth, attribute count and token size are
// bounded. Internal to the XLSX reader.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace peony::records::io {

class XmlPullParser {
 public:
  enum class Event { kStart, kEnd, kText, kEof };
  // Fills up to `size` bytes; 0 at the end of input.
  using Source = std::function<Result<size_t>(char* buffer, size_t size)>;

  static constexpr size_t kMaxDepth = 128;
  static constexpr size_t kMaxAttributes = 256;

  // `part` names the input in errors; a token (a tag, or one run of text) longer than
  // `max_token_bytes` is refused as import.limit_exceeded naming `limit_name`.
  XmlPullParser(Source source, std::string part, size_t max_token_bytes,
                std::string limit_name = "xml_token_bytes");

  // Errors: import.bad_xlsx (malformed or truncated XML), import.hostile_xml, the source's errors.
  Result<Event> Next();

  // kStart / kEnd: the element's local name (any namespace prefix dropped).
  std::string_view name() const;
  // kStart: an attribute's decoded value by its local name, or nullptr.
  const std::string* Attribute(std::string_view local_name) const;
  // kText: decoded text (entities resolved, CDATA as is).
  const std::string& text() const { return text_; }
  // Elements open around the current position (a start tag counts itself).
  size_t depth() const { return stack_.size(); }

 private:
  Result<bool> Fill();  // reads more; false at the end of input
  Result<size_t> Find(std::string_view needle, size_t from);
  Result<size_t> FindTagEnd();
  Status DecodeInto(std::string_view raw, std::string& out) const;
  Result<Event> StartTag(size_t end);
  Result<Event> EndTag(size_t end);
  Error Malformed(std::string_view what) const;

  Source source_;
  std::string part_;
  size_t max_token_;
  std::string limit_name_;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
  bool started_ = false;
  bool pending_end_ = false;
  std::vector<std::string> stack_;
  std::string current_;  // name of the last start or end tag
  std::vector<std::pair<std::string, std::string>> attributes_;
  size_t attribute_count_ = 0;
  std::string text_;
};

// Local part of a qualified XML name: "x:row" → "row".
std::string_view LocalName(std::string_view qualified);

}  // namespace peony::records::io
