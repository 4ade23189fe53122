#include "platform/formula/lexer.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "common/strings.h"
#include "platform/formula/errors.h"

namespace peony::formula {
namespace {

constexpr std::string_view kFullWidthLParen = "\xEF\xBC\x88";  // （
constexpr std::string_view kFullWidthRParen = "\xEF\xBC\x89";  // ）
constexpr std::string_view kFullWidthComma = "\xEF\xBC\x8C";   // ，
constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
constexpr std::string_view kLeftQuote = "\xE2\x80\x9C";   // “
constexpr std::string_view kRightQuote = "\xE2\x80\x9D";  // ”

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || IsDigit(c); }

// The power of ten of a number literal's first significant digit, roughly: tells an overflow
// (1e999, 400 digits) from an underflow (1e-400, 0.000…1) when from_chars reports neither.
int64_t DecimalMagnitude(std::string_view text) {
  size_t i = 0;
  int64_t int_digits = 0;
  int64_t zeros_after_point = 0;
  bool significant = false;
  for (; i < text.size() && IsDigit(text[i]); ++i) {
    if (text[i] != '0' || significant) {
      significant = true;
      ++int_digits;
    }
  }
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && IsDigit(text[i]); ++i) {
      if (!significant && text[i] == '0') {
        ++zeros_after_point;
      } else {
        significant = true;
      }
    }
  }
  int64_t exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    const bool negative = i < text.size() && text[i] == '-';
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    for (; i < text.size() && IsDigit(text[i]); ++i) {
      exponent = std::min<int64_t>(exponent * 10 + (text[i] - '0'), 1'000'000'000);
    }
    if (negative) exponent = -exponent;
  }
  return (int_digits > 0 ? int_digits - 1 : -(zeros_after_point + 1)) + exponent;
}

size_t SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  return 4;
}

}  // namespace

size_t FindInvalidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const size_t len = DecodeUtf8(s, i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

void Lexer::Advance() {
  offset_ +=
      std::min(SequenceLength(static_cast<unsigned char>(src_[offset_])), src_.size() - offset_);
  ++column_;
}

void Lexer::SkipSpace() {
  while (offset_ < src_.size()) {
    const char c = src_[offset_];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || At(kIdeographicSpace)) {
      Advance();
    } else {
      return;
    }
  }
}

Result<Token> Lexer::Next() {
  SkipSpace();
  Token token;
  token.pos = Here();
  if (offset_ >= src_.size()) {
    token.end = static_cast<uint32_t>(offset_);
    return token;
  }
  const char c = src_[offset_];
  if (IsDigit(c) || (c == '.' && offset_ + 1 < src_.size() && IsDigit(src_[offset_ + 1]))) {
    return LexNumber(std::move(token));
  }
  if (c == '"') return LexString(std::move(token), "\"");
  if (At(kLeftQuote)) return LexString(std::move(token), kRightQuote);
  if (c == '{') return LexField(std::move(token));
  if (IsIdentStart(c)) {
    const size_t start = offset_;
    while (offset_ < src_.size() && IsIdentChar(src_[offset_])) Advance();
    token.kind = Tok::kIdent;
    token.text = std::string(src_.substr(start, offset_ - start));
    token.end = static_cast<uint32_t>(offset_);
    return token;
  }
  struct Punct {
    std::string_view text;
    Tok kind;
  };
  // Longest first.
  static constexpr Punct kPuncts[] = {
      {"<>", Tok::kNe},
      {"!=", Tok::kNe},
      {"<=", Tok::kLe},
      {">=", Tok::kGe},
      {"(", Tok::kLParen},
      {")", Tok::kRParen},
      {",", Tok::kComma},
      {".", Tok::kDot},
      {"+", Tok::kPlus},
      {"-", Tok::kMinus},
      {"*", Tok::kStar},
      {"/", Tok::kSlash},
      {"&", Tok::kAmp},
      {"=", Tok::kEq},
      {"<", Tok::kLt},
      {">", Tok::kGt},
      {kFullWidthLParen, Tok::kLParen},
      {kFullWidthRParen, Tok::kRParen},
      {kFullWidthComma, Tok::kComma},
  };
  for (const Punct& p : kPuncts) {
    if (At(p.text)) {
      const size_t end = offset_ + p.text.size();
      while (offset_ < end) Advance();
      token.kind = p.kind;
      token.end = static_cast<uint32_t>(offset_);
      return token;
    }
  }
  const size_t len = std::min(SequenceLength(static_cast<unsigned char>(c)), src_.size() - offset_);
  const std::string ch(src_.substr(offset_, len));
  if (len > 1) {
    return errors::Syntax(
        token.pos, "value",
        "的「" + ch + "」无法识别：文字要加双引号，字段名要写在花括号里，如 {单价}",
        "unexpected '" + ch + "' (text needs double quotes, field names need braces like {price})");
  }
  if (c == '\'') {
    return errors::Syntax(token.pos, "value", "的单引号无法识别：文字请用双引号",
                          "unexpected single quote (text needs double quotes)");
  }
  return errors::Syntax(token.pos, "value", "有无法识别的字符「" + ch + "」",
                        "unexpected character '" + ch + "'");
}

Result<Token> Lexer::LexNumber(Token token) {
  const size_t start = offset_;
  while (offset_ < src_.size() && IsDigit(src_[offset_])) ++offset_;
  if (offset_ < src_.size() && src_[offset_] == '.') {
    ++offset_;
    while (offset_ < src_.size() && IsDigit(src_[offset_])) ++offset_;
  }
  if (offset_ < src_.size() && (src_[offset_] == 'e' || src_[offset_] == 'E')) {
    size_t look = offset_ + 1;
    if (look < src_.size() && (src_[look] == '+' || src_[look] == '-')) ++look;
    if (look < src_.size() && IsDigit(src_[look])) {
      offset_ = look;
      while (offset_ < src_.size() && IsDigit(src_[offset_])) ++offset_;
    }
  }
  column_ += static_cast<uint32_t>(offset_ - start);  // all ASCII
  const std::string_view text = src_.substr(start, offset_ - start);
  double value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  (void)ptr;
  if (ec == std::errc::result_out_of_range) {
    if (DecimalMagnitude(text) > 0) return errors::NumberOutOfRange(token.pos);
    value = 0;  // 1e-400 underflows to zero
  } else if (ec != std::errc() || !std::isfinite(value)) {
    return errors::NumberOutOfRange(token.pos);
  }
  token.kind = Tok::kNumber;
  token.number = value;
  token.end = static_cast<uint32_t>(offset_);
  return token;
}

// "…" with \" \\ \n \t escapes and the spreadsheet's doubled "" for a quote; “…” ends at ”.
Result<Token> Lexer::LexString(Token token, std::string_view close) {
  const bool ascii = close == "\"";
  Advance();  // the opening quote
  std::string text;
  while (offset_ < src_.size()) {
    if (At(close)) {
      if (ascii && offset_ + 1 < src_.size() && src_[offset_ + 1] == '"') {
        text.push_back('"');
        Advance();
        Advance();
        continue;
      }
      Advance();
      token.kind = Tok::kString;
      token.text = std::move(text);
      token.end = static_cast<uint32_t>(offset_);
      return token;
    }
    if (src_[offset_] == '\\' && offset_ + 1 < src_.size()) {
      const char e = src_[offset_ + 1];
      if (e == '"' || e == '\\' || e == 'n' || e == 't') {
        text.push_back(e == 'n' ? '\n' : e == 't' ? '\t' : e);
        Advance();
        Advance();
        continue;
      }
    }
    const size_t before = offset_;
    Advance();
    text.append(src_.substr(before, offset_ - before));
  }
  return errors::Syntax(token.pos, ascii ? "\"" : "”", "开始的文字缺少结尾的双引号",
                        "missing closing quote for the text that starts");
}

Result<Token> Lexer::LexField(Token token) {
  Advance();  // {
  const size_t start = offset_;
  while (offset_ < src_.size() && src_[offset_] != '}') Advance();
  if (offset_ >= src_.size()) {
    return errors::Syntax(token.pos, "}", "开始的字段名缺少右花括号 }",
                          "missing '}' for the field name that starts");
  }
  std::string_view name = src_.substr(start, offset_ - start);
  Advance();  // }
  while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
  if (name.empty()) {
    return errors::Syntax(token.pos, "field name", "的花括号里缺少字段名",
                          "empty field name in braces");
  }
  token.kind = Tok::kField;
  token.text = std::string(name);
  token.end = static_cast<uint32_t>(offset_);
  return token;
}

}  // namespace peony::formula
