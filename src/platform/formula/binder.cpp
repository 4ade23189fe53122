#include "platform/formula/binder.h"

#include <algorithm>
#include <vector>

#include "common/strings.h"
#include "platform/formula/binder_internal.h"
#include "platform/formula/errors.h"
#include "platform/formula/functions.h"

namespace peony::formula {
namespace {

ValueType ScalarOf(ValueType declared) {
  return declared == ValueType::kMoney ? ValueType::kNumber : declared;
}

bool NumberLike(ValueType t) { return t == ValueType::kNumber || t == ValueType::kBlank; }
bool Temporal(ValueType t) { return t == ValueType::kDate || t == ValueType::kDateTime; }

std::string Zh(ValueType t) { return std::string(TypeName(t, false)); }
std::string En(ValueType t) { return std::string(TypeName(t, true)); }

}  // namespace

bool Comparable(ValueType a, ValueType b) {
  if (a == ValueType::kBlank || b == ValueType::kBlank || a == b) return true;
  return Temporal(a) && Temporal(b);
}

BoundNode::~BoundNode() {
  if (args.empty()) return;
  std::vector<BoundNode> pending = std::move(args);
  while (!pending.empty()) {
    BoundNode node = std::move(pending.back());
    pending.pop_back();
    for (BoundNode& arg : node.args) pending.push_back(std::move(arg));
    node.args.clear();
  }
}

const FieldInfo* FieldList::Find(std::string_view name_or_label) const {
  for (const FieldInfo& f : fields_) {
    if (f.name == name_or_label) return &f;
  }
  for (const FieldInfo& f : fields_) {
    if (f.label == name_or_label) return &f;
  }
  return nullptr;
}

const FieldInfo* FindColumn(const FieldInfo& subform, std::string_view name_or_label) {
  for (const FieldInfo& c : subform.columns) {
    if (c.name == name_or_label) return &c;
  }
  for (const FieldInfo& c : subform.columns) {
    if (c.label == name_or_label) return &c;
  }
  return nullptr;
}

Result<BoundFormula> Bind(const Ast& ast, const Symbols& symbols) {
  BoundFormula out;
  out.source = ast.source;
  Binder binder(ast, symbols, &out);
  PEONY_TRY(out.root, binder.BindRoot(*ast.root));
  out.result_type = out.root.type.value;
  return out;
}

Result<BoundFormula> Compile(std::string_view source, const Symbols& symbols,
                             const ParseOptions& options) {
  PEONY_TRY(Ast ast, Parse(source, options));
  return Bind(ast, symbols);
}

Result<BoundNode> Binder::BindRoot(const Node& n) {
  PEONY_TRY(BoundNode root, Bind(n));
  PEONY_CHECK(RequireScalar(root, n));
  return root;
}

Result<BoundNode> Binder::Bind(const Node& n) {
  BoundNode b;
  b.pos = n.pos;
  switch (n.kind) {
    case NodeKind::kNumber:
      b.constant = n.number;
      b.type.value = ValueType::kNumber;
      return b;
    case NodeKind::kText:
      if (!n.text.empty()) {  // "" is blank
        b.constant = n.text;
        b.type.value = ValueType::kText;
      }
      return b;
    case NodeKind::kBoolean:
      b.constant = n.boolean;
      b.type.value = ValueType::kBoolean;
      return b;
    case NodeKind::kField:
      return BindField(n);
    case NodeKind::kUnary:
      return BindUnary(n);
    case NodeKind::kBinary:
      return BindBinary(n);
    case NodeKind::kCall:
      return BindCall(n);
  }
  return b;
}

Result<BoundNode> Binder::BindField(const Node& n) {
  const FieldInfo* field = symbols_.Find(n.text);
  if (field == nullptr) return errors::UnknownField(n.pos, n.text);
  BoundNode b;
  b.pos = n.pos;
  b.field = field->name;
  if (std::find(out_->dependencies.begin(), out_->dependencies.end(), field->name) ==
      out_->dependencies.end()) {
    out_->dependencies.push_back(field->name);
  }
  if (n.has_column) {
    const FieldInfo* column = field->is_subform ? FindColumn(*field, n.column) : nullptr;
    if (column == nullptr || column->is_subform) {
      return errors::UnknownField(n.column_pos, n.column);
    }
    b.kind = BoundKind::kColumn;
    b.column = column->name;
    b.declared = column->type;
    b.type = Type{ScalarOf(column->type), Shape::kList};
    return b;
  }
  if (field->is_subform) {
    b.kind = BoundKind::kRows;
    b.type = Type{ValueType::kBlank, Shape::kRows};
    return b;
  }
  b.kind = BoundKind::kField;
  b.declared = field->type;
  b.type = Type{ScalarOf(field->type), Shape::kScalar};
  return b;
}

Result<BoundNode> Binder::BindUnary(const Node& n) {
  PEONY_TRY(BoundNode operand, Bind(*n.args[0]));
  PEONY_CHECK(RequireScalar(operand, *n.args[0]));
  const ValueType t = operand.type.value;
  if (!NumberLike(t)) {
    const std::string s = Snippet(n);
    return errors::TypeMismatch(
        n.pos, s + " 不能对" + Zh(t) + "取" + (n.op == Op::kNegate ? "负" : "正"),
        s + ": cannot apply unary " + (n.op == Op::kNegate ? "-" : "+") + " to " + En(t));
  }
  BoundNode b;
  b.kind = BoundKind::kUnary;
  b.pos = n.pos;
  b.op = n.op;
  b.type.value = ValueType::kNumber;
  b.args.push_back(std::move(operand));
  return b;
}

// Operators chain to the left: "1+1+…+1" is ((1+1)+1)+…, a spine as long as the formula. Walk
// down it without recursion, bind the leftmost operand, then build upwards; only right operands
// recurse, and their depth is bounded by the parenthesis limit.
Result<BoundNode> Binder::BindBinary(const Node& n) {
  std::vector<const Node*> spine;
  const Node* leftmost = &n;
  while (leftmost->kind == NodeKind::kBinary) {
    spine.push_back(leftmost);
    leftmost = leftmost->args[0].get();
  }
  PEONY_TRY(BoundNode acc, Bind(*leftmost));
  PEONY_CHECK(RequireScalar(acc, *leftmost));
  for (auto it = spine.rbegin(); it != spine.rend(); ++it) {
    const Node& op = **it;
    PEONY_TRY(BoundNode right, Bind(*op.args[1]));
    PEONY_CHECK(RequireScalar(right, *op.args[1]));
    PEONY_TRY(acc, TypeBinary(op, std::move(acc), std::move(right)));
  }
  return acc;
}

Result<BoundNode> Binder::TypeBinary(const Node& n, BoundNode left, BoundNode right) const {
  const ValueType a = left.type.value;
  const ValueType b = right.type.value;
  std::optional<ValueType> result;
  const char* verb_zh = "";
  const char* verb_en = "";
  switch (n.op) {
    case Op::kConcat:
      result = ValueType::kText;
      break;
    case Op::kAdd:
      verb_zh = "相加";
      verb_en = "add";
      if (NumberLike(a) && NumberLike(b)) result = ValueType::kNumber;
      if (Temporal(a) && NumberLike(b)) result = a;
      if (NumberLike(a) && Temporal(b)) result = b;
      break;
    case Op::kSub:
      verb_zh = "相减";
      verb_en = "subtract";
      if (NumberLike(a) && NumberLike(b)) result = ValueType::kNumber;
      if (Temporal(a) && NumberLike(b)) result = a;
      if ((Temporal(a) || a == ValueType::kBlank) && Temporal(b)) result = ValueType::kNumber;
      break;
    case Op::kMul:
    case Op::kDiv:
      verb_zh = n.op == Op::kMul ? "相乘" : "相除";
      verb_en = n.op == Op::kMul ? "multiply" : "divide";
      if (NumberLike(a) && NumberLike(b)) result = ValueType::kNumber;
      break;
    default:  // comparisons
      if (Comparable(a, b)) result = ValueType::kBoolean;
      break;
  }
  if (!result) {
    const std::string s = Snippet(n);
    if (n.op >= Op::kEq && n.op <= Op::kGe) {
      return errors::TypeMismatch(n.pos, s + " 不能比较" + Zh(a) + "和" + Zh(b),
                                  s + ": cannot compare " + En(a) + " and " + En(b));
    }
    return errors::TypeMismatch(n.pos, s + " 不能把" + Zh(a) + "和" + Zh(b) + verb_zh,
                                s + ": cannot " + verb_en + " " + En(a) + " and " + En(b));
  }
  BoundNode node;
  node.kind = BoundKind::kBinary;
  node.pos = n.pos;
  node.op = n.op;
  node.type.value = *result;
  node.args.push_back(std::move(left));
  node.args.push_back(std::move(right));
  return node;
}

Status Binder::RequireScalar(const BoundNode& b, const Node& n) const {
  if (b.type.shape == Shape::kScalar) return Ok();
  return errors::AggregateRequired(n.pos, Snippet(n));
}

Status Binder::ExpectArg(const Node& call, const BoundNode& bound, size_t index, Want want,
                         bool allow_list) const {
  const Node& n = *call.args[index];
  const FunctionSpec* spec = FindFunction(call.text);
  const std::string fn(spec ? spec->name : std::string_view(call.text));
  const std::string s = Snippet(n);
  const std::string i = std::to_string(index + 1);
  if (allow_list && bound.type.shape == Shape::kRows) {
    return errors::TypeMismatch(
        StartOf(n),
        fn + " 的第 " + i + " 个参数不能是整个子表 " + s + "，请指定列，如 " + s + ".{金额}",
        fn + " argument " + i + " cannot be the whole sub-form " + s + "; name a column, like " +
            s + ".{amount}");
  }
  if (!allow_list) PEONY_CHECK(RequireScalar(bound, n));
  const ValueType t = bound.type.value;
  const char* expected_zh = "";
  const char* expected_en = "";
  switch (want) {
    case Want::kAny:
      return Ok();
    case Want::kNumber:
      if (NumberLike(t)) return Ok();
      expected_zh = "数字";
      expected_en = "a number";
      break;
    case Want::kBoolean:
      if (t == ValueType::kBoolean || t == ValueType::kBlank) return Ok();
      expected_zh = "条件（是/否）";
      expected_en = "a condition (TRUE or FALSE)";
      break;
    case Want::kDate:
      if (Temporal(t) || t == ValueType::kBlank) return Ok();
      expected_zh = "日期";
      expected_en = "a date";
      break;
  }
  return errors::TypeMismatch(
      StartOf(n), fn + " 的第 " + i + " 个参数应为" + expected_zh + "，而 " + s + " 是" + Zh(t),
      fn + " argument " + i + " must be " + expected_en + ", but " + s + " is " + En(t));
}

Result<ValueType> Binder::Unify(ValueType a, const BoundNode& b, const Node& n,
                                std::string_view fn) const {
  const ValueType t = b.type.value;
  if (a == t || t == ValueType::kBlank) return a;
  if (a == ValueType::kBlank) return t;
  return errors::TypeMismatch(
      StartOf(n), std::string(fn) + " 的各个结果类型不一致：" + Zh(a) + "和" + Zh(t),
      std::string(fn) + " results have different types: " + En(a) + " and " + En(t));
}

std::string Binder::Snippet(const Node& n) const {
  constexpr size_t kMaxChars = 30;
  std::string_view s = std::string_view(ast_.source).substr(n.begin, n.end - n.begin);
  if (Utf8Length(s) <= kMaxChars) return std::string(s);
  size_t bytes = 0;
  for (size_t chars = 0; bytes < s.size(); ++bytes) {
    if ((static_cast<unsigned char>(s[bytes]) & 0xC0) != 0x80 && chars++ == kMaxChars) break;
  }
  return std::string(s.substr(0, bytes)) + "…";
}

SourcePos Binder::StartOf(const Node& n) const {
  const std::string_view before = std::string_view(ast_.source).substr(0, n.begin);
  return SourcePos{n.begin, static_cast<uint32_t>(Utf8Length(before) + 1)};
}

}  // namespace peony::formula
