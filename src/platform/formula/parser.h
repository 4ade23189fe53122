// The formula parser: source text → unbound syntax tree (platform/formula/ast.h).
//
//   formula  := ['='] compare END                 a leading '=' pasted from a spreadsheet is fine
//   compare  := concat (('=' | '<>' | '!=' | '<' | '<=' | '>' | '>=') concat)*
//   concat   := additive ('&' additive)*
//   additive := term (('+' | '-') term)*
//   term     := unary (('*' | '/') unary)*
//   unary    := ('-' | '+') unary | primary
//   primary  := NUMBER | STRING | TRUE | FALSE | '(' compare ')'
//             | FIELD ['.' FIELD]                  {name} or {subform}.{column}
//             | NAME '(' [compare (',' compare)*] ')'
//
// Numbers are decimal (1, 1.5, .5, 1e3). Strings are "…" with \" \\ \n \t escapes (also the
// spreadsheet's "" for a quote) or “…”. Function names and TRUE/FALSE are case-insensitive.
// Binary operators are left-associative.
#pragma once

#include <cstddef>
#include <string_view>

#include "common/result.h"
#include "platform/formula/ast.h"

namespace peony::formula {

inline constexpr size_t kMaxSourceBytes = 2000;
inline constexpr int kMaxDepth = 64;

struct ParseOptions {
  size_t max_bytes = kMaxSourceBytes;
  int max_depth = kMaxDepth;  // parentheses, calls and unary signs nested in each other
};

// Parses one formula. Errors: formula.too_long (before anything else), formula.syntax (with
// details.position and details.expected; invalid UTF-8 is a syntax error at the bad byte),
// formula.too_deep, formula.number_out_of_range (a literal like 1e999). Thread-safe.
//
// Stack: parsing, binding and evaluating recurse once per nesting level and per change of operator
// precedence, never along a chain of operators ("1+1+…" loops), so max_depth bounds the stack: the
// worst formula of 2,000 bytes needs under 1 MB (under 2 MB with AddressSanitizer); threads have
// 8 MB.
Result<Ast> Parse(std::string_view source, const ParseOptions& options = {});

}  // namespace peony::formula
