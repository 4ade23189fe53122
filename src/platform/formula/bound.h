// The bound formula: every name resolved to a field of the catalog, every node typed. Produced by
// Bind() (binder.h), read by Evaluate() (evaluator.h); only bound trees are evaluated.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "platform/formula/ast.h"
#include "platform/formula/value.h"

namespace peony::formula {

// A scalar, a sub-form column (a list of values, one per row), or a sub-form itself (its rows).
// Lists and rows are only valid as arguments of aggregates (SUM, COUNT, …).
enum class Shape { kScalar, kList, kRows };

struct Type {
  ValueType value = ValueType::kBlank;  // never kMoney: money reads as a number
  Shape shape = Shape::kScalar;
  friend bool operator==(const Type&, const Type&) = default;
};

enum class Fn {
  kTrue,
  kFalse,
  kIf,
  kIfs,
  kSwitch,
  kAnd,
  kOr,
  kNot,
  kIsBlank,
  kBlankValue,
  kRound,
  kRoundUp,
  kRoundDown,
  kAbs,
  kInt,
  kMod,
  kPower,
  kMin,
  kMax,
  kSum,
  kCount,
  kAverage,
  kConcat,
  kTextJoin,
  kLeft,
  kRight,
  kMid,
  kLen,
  kUpper,
  kLower,
  kTrim,
  kSubstitute,
  kFind,
  kContains,
  kText,
  kValue,
  kToday,
  kNow,
  kDate,
  kYear,
  kMonth,
  kDay,
  kWeekday,
  kDateAdd,
  kDateDif,
  kEoMonth,
};

enum class BoundKind {
  kConstant,  // constant
  kField,     // a scalar field of the record
  kColumn,    // a column of a sub-form (Shape::kList)
  kRows,      // a sub-form's rows (Shape::kRows), for COUNT
  kUnary,     // op, args[0]
  kBinary,    // op, args[0], args[1]
  kCall,      // fn, args
};

struct BoundNode {
  BoundNode() = default;
  BoundNode(const BoundNode&) = default;
  BoundNode(BoundNode&&) noexcept = default;
  BoundNode& operator=(const BoundNode&) = default;
  BoundNode& operator=(BoundNode&&) noexcept = default;
  ~BoundNode();  // iterative, like Node's

  BoundKind kind = BoundKind::kConstant;
  Type type;
  SourcePos pos;  // for run-time errors
  Value constant;
  std::string field;   // kField, kColumn, kRows: FieldInfo::name of the field or sub-form
  std::string column;  // kColumn: FieldInfo::name of the column
  ValueType declared = ValueType::kBlank;  // kField, kColumn: the declared type (kMoney: fen)
  Op op = Op::kAdd;
  Fn fn = Fn::kIf;
  std::vector<BoundNode> args;
};

struct BoundFormula {
  std::string source;
  BoundNode root;
  // The type of every result: kNumber, kText, kBoolean, kDate, kDateTime, or kBlank when the
  // formula can only be blank (""). A result may always be blank as well.
  ValueType result_type = ValueType::kBlank;
  // Names (FieldInfo::name) of the record's fields the formula reads, each once, in order of first
  // use; a sub-form column counts as its sub-form.
  std::vector<std::string> dependencies;
  // TODAY() or NOW() is used: the value changes with time, not only when the record does.
  bool uses_clock = false;
};

}  // namespace peony::formula
