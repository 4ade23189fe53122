// The formula tokenizer (internal to the parser). Reads valid UTF-8 one token at a time, keeping
// the byte offset and the character column of each token. Full-width （ ） ， and the ideographic
// space, which Chinese input methods produce, count as ( ) , and a space; “…” is a string.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"
#include "platform/formula/ast.h"

namespace peony::formula {

enum class Tok {
  kEnd,
  kNumber,
  kString,
  kField,
  kIdent,
  kLParen,
  kRParen,
  kComma,
  kDot,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kAmp,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
};

struct Token {
  Tok kind = Tok::kEnd;
  SourcePos pos;
  uint32_t end = 0;   // byte offset just after the token
  std::string text;   // kString: the unescaped text; kField: the name; kIdent: as written
  double number = 0;  // kNumber
};

class Lexer {
 public:
  // REQUIRES: `source` is valid UTF-8 and outlives the lexer.
  explicit Lexer(std::string_view source) : src_(source) {}

  // The next token (kEnd at the end). Errors: formula.syntax (unterminated text or field name,
  // empty field name, a character that cannot start a token), formula.number_out_of_range.
  Result<Token> Next();

  // The position just past the last token read.
  SourcePos Here() const { return {static_cast<uint32_t>(offset_), column_}; }

 private:
  void SkipSpace();
  // Moves past one code point.
  void Advance();
  bool At(std::string_view s) const { return src_.substr(offset_, s.size()) == s; }

  Result<Token> LexNumber(Token token);
  Result<Token> LexString(Token token, std::string_view close);
  Result<Token> LexField(Token token);

  std::string_view src_;
  size_t offset_ = 0;
  uint32_t column_ = 1;
};

// The byte offset of the first invalid UTF-8 sequence in `s`, or npos when it is valid.
size_t FindInvalidUtf8(std::string_view s);

}  // namespace peony::formula
