// Recursive descent with precedence climbing for binary operators. Recursion happens only through
// unary signs and parentheses/calls, each counting one level of depth, and through climbing to a
// higher operator precedence (at most four steps per level), so max_depth bounds the stack.
#include "platform/formula/parser.h"

#include <utility>
#include <vector>

#include "common/strings.h"
#include "platform/formula/errors.h"
#include "platform/formula/lexer.h"

namespace peony::formula {

Node::~Node() {
  std::vector<std::unique_ptr<Node>> pending = std::move(args);
  while (!pending.empty()) {
    std::unique_ptr<Node> node = std::move(pending.back());
    pending.pop_back();
    for (auto& arg : node->args) pending.push_back(std::move(arg));
    node->args.clear();
  }
}

namespace {

using NodePtr = std::unique_ptr<Node>;

// The binding power of a binary operator, 0 for other tokens: comparisons 1, & 2, + - 3, * / 4.
int Precedence(Tok kind, Op* op) {
  switch (kind) {
    case Tok::kEq:
      *op = Op::kEq;
      return 1;
    case Tok::kNe:
      *op = Op::kNe;
      return 1;
    case Tok::kLt:
      *op = Op::kLt;
      return 1;
    case Tok::kLe:
      *op = Op::kLe;
      return 1;
    case Tok::kGt:
      *op = Op::kGt;
      return 1;
    case Tok::kGe:
      *op = Op::kGe;
      return 1;
    case Tok::kAmp:
      *op = Op::kConcat;
      return 2;
    case Tok::kPlus:
      *op = Op::kAdd;
      return 3;
    case Tok::kMinus:
      *op = Op::kSub;
      return 3;
    case Tok::kStar:
      *op = Op::kMul;
      return 4;
    case Tok::kSlash:
      *op = Op::kDiv;
      return 4;
    default:
      return 0;
  }
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ToLower(a) == ToLower(b);
}

class Parser {
 public:
  Parser(std::string_view source, const ParseOptions& options)
      : src_(source), lexer_(source), options_(options) {}

  Result<NodePtr> Run() {
    PEONY_CHECK(Advance());
    if (tok_.kind == Tok::kEq) PEONY_CHECK(Advance());  // "=A+B" pasted from a spreadsheet
    if (tok_.kind == Tok::kEnd) {
      return errors::Syntax(tok_.pos, "value", "缺少公式内容", "empty formula");
    }
    PEONY_TRY(NodePtr root, ParseExpression(0));
    if (tok_.kind == Tok::kRParen) {
      return errors::Syntax(tok_.pos, "end", "多了一个右括号", "unexpected ')'");
    }
    if (tok_.kind != Tok::kEnd) {
      return errors::Syntax(tok_.pos, "operator",
                            "多了「" + TokenText() + "」：这里应是运算符或公式结束",
                            "unexpected '" + TokenText() + "' (expected an operator or the end)");
    }
    return root;
  }

 private:
  [[gnu::noinline]] Status Advance() {
    PEONY_TRY(tok_, lexer_.Next());
    return Ok();
  }

  std::string TokenText() const {
    return std::string(src_.substr(tok_.pos.offset, tok_.end - tok_.pos.offset));
  }

  Status Enter(int depth, SourcePos at) const {
    if (depth + 1 > options_.max_depth) return errors::TooDeep(at, options_.max_depth);
    return Ok();
  }

  NodePtr Leaf(NodeKind kind) const {
    auto node = std::make_unique<Node>();
    node->kind = kind;
    node->pos = tok_.pos;
    node->begin = tok_.pos.offset;
    node->end = tok_.end;
    return node;
  }

  // Precedence climbing: operators of binding power >= min_power, left-associative. A chain of
  // equal operators loops here; recursion only climbs to a higher power (at most four times).
  Result<NodePtr> ParseBinary(int min_power, int depth) {
    PEONY_TRY(NodePtr left, ParseUnary(depth));
    Op op;
    for (int power = Precedence(tok_.kind, &op); power >= min_power && power > 0;
         power = Precedence(tok_.kind, &op)) {
      const Op this_op = op;
      const SourcePos at = tok_.pos;
      PEONY_CHECK(Advance());
      PEONY_TRY(NodePtr right, ParseBinary(power + 1, depth));
      auto node = std::make_unique<Node>();
      node->kind = NodeKind::kBinary;
      node->op = this_op;
      node->pos = at;
      node->begin = left->begin;
      node->end = right->end;
      node->args.push_back(std::move(left));
      node->args.push_back(std::move(right));
      left = std::move(node);
    }
    return left;
  }

  Result<NodePtr> ParseExpression(int depth) { return ParseBinary(1, depth); }

  Result<NodePtr> ParseUnary(int depth) {
    if (tok_.kind != Tok::kMinus && tok_.kind != Tok::kPlus) return ParsePrimary(depth);
    NodePtr node = Leaf(NodeKind::kUnary);
    node->op = tok_.kind == Tok::kMinus ? Op::kNegate : Op::kPlus;
    PEONY_CHECK(Enter(depth, tok_.pos));
    PEONY_CHECK(Advance());
    PEONY_TRY(NodePtr operand, ParseUnary(depth + 1));
    node->end = operand->end;
    node->args.push_back(std::move(operand));
    return node;
  }

  Result<NodePtr> ParsePrimary(int depth) {
    switch (tok_.kind) {
      case Tok::kNumber: {
        NodePtr node = Leaf(NodeKind::kNumber);
        node->number = tok_.number;
        PEONY_CHECK(Advance());
        return node;
      }
      case Tok::kString: {
        NodePtr node = Leaf(NodeKind::kText);
        node->text = std::move(tok_.text);
        PEONY_CHECK(Advance());
        return node;
      }
      case Tok::kField:
        return ParseField();
      case Tok::kIdent:
        return ParseNameOrCall(depth);
      case Tok::kLParen: {
        const SourcePos open = tok_.pos;
        PEONY_CHECK(Enter(depth, open));
        PEONY_CHECK(Advance());
        PEONY_TRY(NodePtr inner, ParseExpression(depth + 1));
        if (tok_.kind != Tok::kRParen) return MissingClose();
        inner->begin = open.offset;
        inner->end = tok_.end;
        PEONY_CHECK(Advance());
        return inner;
      }
      default:
        return ExpectedValue();
    }
  }

  [[gnu::noinline]] Result<NodePtr> ParseField() {
    NodePtr node = Leaf(NodeKind::kField);
    node->text = std::move(tok_.text);
    PEONY_CHECK(Advance());
    if (tok_.kind != Tok::kDot) return node;
    PEONY_CHECK(Advance());
    if (tok_.kind != Tok::kField) {
      return errors::Syntax(tok_.pos, "{column}", "应是子表的列，如 {明细}.{金额}",
                            "expected a sub-form column such as {lines}.{amount}");
    }
    node->has_column = true;
    node->column = std::move(tok_.text);
    node->column_pos = tok_.pos;
    node->end = tok_.end;
    PEONY_CHECK(Advance());
    return node;
  }

  Result<NodePtr> ParseNameOrCall(int depth) {
    NodePtr node = Leaf(NodeKind::kCall);
    node->text = std::move(tok_.text);
    PEONY_CHECK(Advance());
    if (tok_.kind != Tok::kLParen) {
      if (EqualsIgnoreCase(node->text, "TRUE") || EqualsIgnoreCase(node->text, "FALSE")) {
        node->kind = NodeKind::kBoolean;
        node->boolean = EqualsIgnoreCase(node->text, "TRUE");
        node->text.clear();
        return node;
      }
      return NotACall(*node);
    }
    PEONY_CHECK(Enter(depth, tok_.pos));
    PEONY_CHECK(Advance());
    if (tok_.kind != Tok::kRParen) {
      for (;;) {
        PEONY_TRY(NodePtr arg, ParseExpression(depth + 1));
        node->args.push_back(std::move(arg));
        if (tok_.kind == Tok::kComma) {
          PEONY_CHECK(Advance());
          continue;
        }
        if (tok_.kind == Tok::kRParen) break;
        if (tok_.kind == Tok::kEnd) return MissingClose();
        return MissingComma();
      }
    }
    node->end = tok_.end;
    PEONY_CHECK(Advance());
    return node;
  }

  // Errors are built out of line: their temporaries would otherwise sit in every frame of the
  // recursion.
  [[gnu::noinline]] Error ExpectedValue() const {
    if (tok_.kind == Tok::kEnd) {
      return errors::Syntax(tok_.pos, "value", "公式不完整，缺少值",
                            "incomplete formula: expected a value");
    }
    return errors::Syntax(
        tok_.pos, "value", "应是值（字段、数字、文字或函数），而不是「" + TokenText() + "」",
        "expected a value (field, number, text or function), not '" + TokenText() + "'");
  }

  [[gnu::noinline]] Error NotACall(const Node& name) const {
    const std::string& n = name.text;
    return errors::Syntax(
        name.pos, "(", "的「" + n + "」后缺少左括号；字段名要写在花括号里，如 {" + n + "}",
        "'" + n + "' is not followed by '(' (field names need braces, like {" + n + "})");
  }

  [[gnu::noinline]] Error MissingComma() const {
    return errors::Syntax(tok_.pos, ", or )", "缺少逗号或右括号（在「" + TokenText() + "」之前）",
                          "missing ',' or ')' before '" + TokenText() + "'");
  }

  [[gnu::noinline]] Error MissingClose() const {
    if (tok_.kind == Tok::kEnd) return errors::Syntax(tok_.pos, ")", "缺少右括号", "missing ')'");
    return errors::Syntax(tok_.pos, ")", "缺少右括号（在「" + TokenText() + "」之前）",
                          "missing ')' before '" + TokenText() + "'");
  }

  std::string_view src_;
  Lexer lexer_;
  const ParseOptions& options_;
  Token tok_;
};

}  // namespace

Result<Ast> Parse(std::string_view source, const ParseOptions& options) {
  if (source.size() > options.max_bytes) return errors::TooLong(source.size(), options.max_bytes);
  if (const size_t bad = FindInvalidUtf8(source); bad != std::string_view::npos) {
    const SourcePos at{static_cast<uint32_t>(bad),
                       static_cast<uint32_t>(Utf8Length(source.substr(0, bad)) + 1)};
    return errors::Syntax(at, "UTF-8", "有无效的字符编码（不是 UTF-8）", "invalid UTF-8");
  }
  Ast ast;
  ast.source = std::string(source);
  Parser parser(ast.source, options);
  PEONY_TRY(ast.root, parser.Run());
  return ast;
}

}  // namespace peony::formula
