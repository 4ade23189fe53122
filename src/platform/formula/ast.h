// The unbound syntax tree of a formula, as the parser produces it: names are still the text the
// user wrote. Only the binder reads it (STYLE: only bound trees are evaluated).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace peony::formula {

// A place in the formula's source: the byte offset and the 1-based character (code point) column.
// Formulas are one logical line; a newline counts as one character.
struct SourcePos {
  uint32_t offset = 0;
  uint32_t column = 1;
};

enum class NodeKind { kNumber, kText, kBoolean, kField, kUnary, kBinary, kCall };

enum class Op {
  kAdd,
  kSub,
  kMul,
  kDiv,     // number (and date) arithmetic
  kConcat,  // &
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,  // comparisons
  kNegate,
  kPlus,  // unary - and +
};

struct Node {
  Node() = default;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;
  ~Node();  // iterative: a chain of 1,000 operators must not recurse 1,000 times

  NodeKind kind = NodeKind::kNumber;
  SourcePos pos;       // the operator, the function's name, or the token's start
  uint32_t begin = 0;  // byte span of the whole expression, for messages
  uint32_t end = 0;
  double number = 0;     // kNumber
  bool boolean = false;  // kBoolean
  std::string text;      // kText: the literal; kField: the field; kCall: the name as written
  std::string column;    // kField with a sub-form column: {subform}.{column}
  bool has_column = false;
  SourcePos column_pos;
  Op op = Op::kAdd;                         // kUnary, kBinary
  std::vector<std::unique_ptr<Node>> args;  // operands or arguments, in order
};

struct Ast {
  std::string source;
  std::unique_ptr<Node> root;
};

}  // namespace peony::formula
