#include "platform/records/io/xml_stream.h"

#include <charconv>
#include <cstdint>

#include "platform/records/io/encoding.h"
#include "platform/records/io/errors.h"

namespace peony::records::io {
namespace {

constexpr size_t kChunkBytes = 64 * 1024;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool IsXmlChar(uint32_t cp) {
  if (cp == 0x9 || cp == 0xA || cp == 0xD) return true;
  if (cp < 0x20 || cp > 0x10FFFF) return false;
  if (cp >= 0xD800 && cp <= 0xDFFF) return false;
  return cp != 0xFFFE && cp != 0xFFFF;
}

}  // namespace

std::string_view LocalName(std::string_view qualified) {
  const size_t colon = qualified.rfind(':');
  return colon == std::string_view::npos ? qualified : qualified.substr(colon + 1);
}

XmlPullParser::XmlPullParser(Source source, std::string part, size_t max_token_bytes,
                             std::string limit_name)
    : source_(std::move(source)),
      part_(std::move(part)),
      max_token_(max_token_bytes),
      limit_name_(std::move(limit_name)) {}

Error XmlPullParser::Malformed(std::string_view what) const {
  return errors::BadXlsx(std::string(what) + " in " + part_);
}

Result<bool> XmlPullParser::Fill() {
  if (eof_) return false;
  if (pos_ > 0) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  const size_t old = buf_.size();
  buf_.resize(old + kChunkBytes);
  auto n = source_(buf_.data() + old, kChunkBytes);
  if (!n.ok()) {
    buf_.resize(old);
    return std::move(n).error();
  }
  buf_.resize(old + *n);
  if (*n == 0) eof_ = true;
  if (!started_) {
    started_ = true;
    if (buf_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;  // a UTF-8 byte order mark
  }
  return *n > 0;
}

// Position of `needle` relative to pos_, reading more input as needed; npos at the end of input.
Result<size_t> XmlPullParser::Find(std::string_view needle, size_t from) {
  while (true) {
    const size_t p = buf_.find(needle, pos_ + from);
    if (p != std::string::npos) return p - pos_;
    const size_t have = buf_.size() - pos_;
    if (have > max_token_) return errors::LimitExceeded(limit_name_, max_token_);
    from = have >= needle.size() ? have - needle.size() + 1 : 0;
    PEONY_TRY(bool more, Fill());
    if (!more) return std::string::npos;
  }
}

// Position of the '>' closing the tag at pos_, skipping quoted attribute values.
Result<size_t> XmlPullParser::FindTagEnd() {
  size_t i = 1;
  char quote = 0;
  while (true) {
    for (; pos_ + i < buf_.size(); ++i) {
      const char c = buf_[pos_ + i];
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        return i;
      }
    }
    if (buf_.size() - pos_ > max_token_) return errors::LimitExceeded(limit_name_, max_token_);
    PEONY_TRY(bool more, Fill());
    if (!more) return std::string::npos;
  }
}

Status XmlPullParser::DecodeInto(std::string_view raw, std::string& out) const {
  size_t i = 0;
  while (i < raw.size()) {
    const size_t amp = raw.find('&', i);
    const size_t stop = amp == std::string_view::npos ? raw.size() : amp;
    // XML reads CRLF and a lone CR in the file as LF.
    for (size_t k = i; k < stop; ++k) {
      if (raw[k] != '\r') {
        out.push_back(raw[k]);
      } else if (k + 1 >= stop || raw[k + 1] != '\n') {
        out.push_back('\n');
      }
    }
    if (amp == std::string_view::npos) break;
    const size_t semi = raw.find(';', amp);
    if (semi == std::string_view::npos || semi - amp > 12) return Malformed("a bare '&'");
    const std::string_view ref = raw.substr(amp + 1, semi - amp - 1);
    if (ref == "lt") {
      out.push_back('<');
    } else if (ref == "gt") {
      out.push_back('>');
    } else if (ref == "amp") {
      out.push_back('&');
    } else if (ref == "quot") {
      out.push_back('"');
    } else if (ref == "apos") {
      out.push_back('\'');
    } else if (ref.size() >= 2 && ref[0] == '#') {
      const bool hex = ref[1] == 'x';
      const std::string_view digits = ref.substr(hex ? 2 : 1);
      uint32_t cp = 0;
      auto [p, ec] =
          std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
      if (digits.empty() || ec != std::errc() || p != digits.data() + digits.size() ||
          !IsXmlChar(cp)) {
        return Malformed("a bad character reference");
      }
      AppendUtf8(out, cp);
    } else {
      return Malformed("an undefined entity");
    }
    i = semi + 1;
  }
  return Ok();
}

Result<XmlPullParser::Event> XmlPullParser::StartTag(size_t end) {
  std::string_view raw = std::string_view(buf_).substr(pos_ + 1, end - 1);
  const bool self_closing = !raw.empty() && raw.back() == '/';
  if (self_closing) raw.remove_suffix(1);
  size_t i = 0;
  while (i < raw.size() && !IsSpace(raw[i])) ++i;
  if (i == 0) return Malformed("a tag without a name");
  if (stack_.size() >= kMaxDepth) return Malformed("elements nested too deeply");
  current_.assign(raw.substr(0, i));
  attribute_count_ = 0;
  while (true) {
    while (i < raw.size() && IsSpace(raw[i])) ++i;
    if (i >= raw.size()) break;
    const size_t name_start = i;
    while (i < raw.size() && raw[i] != '=' && !IsSpace(raw[i])) ++i;
    const std::string_view attr_name = raw.substr(name_start, i - name_start);
    while (i < raw.size() && IsSpace(raw[i])) ++i;
    if (attr_name.empty() || i >= raw.size() || raw[i] != '=') return Malformed("a bad attribute");
    ++i;
    while (i < raw.size() && IsSpace(raw[i])) ++i;
    if (i >= raw.size() || (raw[i] != '"' && raw[i] != '\'')) return Malformed("a bad attribute");
    const char quote = raw[i++];
    const size_t close = raw.find(quote, i);
    if (close == std::string_view::npos) return Malformed("a bad attribute");
    if (attribute_count_ >= kMaxAttributes) return Malformed("too many attributes");
    if (attributes_.size() <= attribute_count_) attributes_.emplace_back();
    auto& [name, value] = attributes_[attribute_count_++];
    name.assign(attr_name);
    value.clear();
    PEONY_CHECK(DecodeInto(raw.substr(i, close - i), value));
    i = close + 1;
  }
  stack_.push_back(current_);
  pos_ += end + 1;
  pending_end_ = self_closing;
  return Event::kStart;
}

Result<XmlPullParser::Event> XmlPullParser::EndTag(size_t end) {
  std::string_view raw = std::string_view(buf_).substr(pos_ + 2, end - 2);
  while (!raw.empty() && IsSpace(raw.back())) raw.remove_suffix(1);
  if (stack_.empty() || stack_.back() != raw) return Malformed("a mismatched end tag");
  current_.assign(raw);
  stack_.pop_back();
  attribute_count_ = 0;
  pos_ += end + 1;
  return Event::kEnd;
}

Result<XmlPullParser::Event> XmlPullParser::Next() {
  if (pending_end_) {
    pending_end_ = false;
    current_ = stack_.back();
    stack_.pop_back();
    attribute_count_ = 0;
    return Event::kEnd;
  }
  while (true) {
    if (pos_ >= buf_.size()) {
      PEONY_TRY(bool more, Fill());
      if (!more) {
        if (!stack_.empty()) return Malformed("truncated XML");
        return Event::kEof;
      }
      continue;
    }
    if (buf_[pos_] != '<') {
      PEONY_TRY(size_t lt, Find("<", 0));
      const size_t len = lt == std::string::npos ? buf_.size() - pos_ : lt;
      const std::string_view raw = std::string_view(buf_).substr(pos_, len);
      if (stack_.empty()) {
        for (char c : raw) {
          if (!IsSpace(c)) return Malformed("text outside the root element");
        }
        pos_ += len;
        continue;
      }
      text_.clear();
      PEONY_CHECK(DecodeInto(raw, text_));
      pos_ += len;
      return Event::kText;
    }
    while (buf_.size() - pos_ < 9 && !eof_) {
      PEONY_TRY(bool more, Fill());
      (void)more;
    }
    const std::string_view rest = std::string_view(buf_).substr(pos_);
    if (rest.substr(0, 2) == "<?") {
      PEONY_TRY(size_t e, Find("?>", 2));
      if (e == std::string::npos) return Malformed("truncated XML");
      pos_ += e + 2;
      continue;
    }
    if (rest.substr(0, 4) == "<!--") {
      PEONY_TRY(size_t e, Find("-->", 4));
      if (e == std::string::npos) return Malformed("truncated XML");
      pos_ += e + 3;
      continue;
    }
    if (rest.substr(0, 9) == "<![CDATA[") {
      if (stack_.empty()) return Malformed("CDATA outside the root element");
      PEONY_TRY(size_t e, Find("]]>", 9));
      if (e == std::string::npos) return Malformed("truncated XML");
      text_.assign(buf_, pos_ + 9, e - 9);
      pos_ += e + 3;
      return Event::kText;
    }
    if (rest.substr(0, 2) == "<!") return errors::HostileXml(part_);
    PEONY_TRY(size_t end, FindTagEnd());
    if (end == std::string::npos) return Malformed("truncated XML");
    if (buf_[pos_ + 1] == '/') return EndTag(end);
    return StartTag(end);
  }
}

std::string_view XmlPullParser::name() const { return LocalName(current_); }

const std::string* XmlPullParser::Attribute(std::string_view local_name) const {
  for (size_t i = 0; i < attribute_count_; ++i) {
    if (LocalName(attributes_[i].first) == local_name) return &attributes_[i].second;
  }
  return nullptr;
}

}  // namespace peony::records::io
