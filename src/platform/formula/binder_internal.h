// The binder's state and helpers, shared by binder.cpp (names, operators) and bind_call.cpp
// (function calls). Internal to the formula module.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "platform/formula/binder.h"

namespace peony::formula {

// What a function argument must be.
enum class Want {
  kNumber,   // number or blank
  kBoolean,  // boolean or blank
  kDate,     // date, date-time or blank
  kAny,      // any scalar (text arguments take any scalar and convert it)
};

class Binder {
 public:
  Binder(const Ast& ast, const Symbols& symbols, BoundFormula* out)
      : ast_(ast), symbols_(symbols), out_(out) {}

  // The whole formula: a scalar.
  Result<BoundNode> BindRoot(const Node& n);

 private:
  Result<BoundNode> Bind(const Node& n);
  [[gnu::noinline]] Result<BoundNode> BindField(const Node& n);
  Result<BoundNode> BindUnary(const Node& n);
  Result<BoundNode> BindBinary(const Node& n);
  // The type rule of binary operator `n` over its bound operands.
  [[gnu::noinline]] Result<BoundNode> TypeBinary(const Node& n, BoundNode left,
                                                 BoundNode right) const;
  Result<BoundNode> BindCall(const Node& n);  // bind_call.cpp
  // The type rule of one function; `call` holds the bound arguments.
  [[gnu::noinline]] Status TypeCall(const Node& n, BoundNode& call);  // bind_call.cpp

  // formula.aggregate_required unless `b` is a scalar.
  [[gnu::noinline]] Status RequireScalar(const BoundNode& b, const Node& n) const;
  // formula.type_mismatch (or aggregate_required) unless argument `index` fits `want`; with
  // `allow_list`, a sub-form column whose values fit `want` is fine too.
  Status ExpectArg(const Node& call, const BoundNode& bound, size_t index, Want want,
                   bool allow_list = false) const;
  // The common type of two branches of `fn` (blank fits any); mismatch points at `n`.
  Result<ValueType> Unify(ValueType a, const BoundNode& b, const Node& n,
                          std::string_view fn) const;

  // The source of `n`, shortened to 30 characters.
  std::string Snippet(const Node& n) const;
  // The position where `n` starts.
  SourcePos StartOf(const Node& n) const;

  const Ast& ast_;
  const Symbols& symbols_;
  BoundFormula* out_;
};

// Numbers and dates of one kind compare with each other; blank compares with anything.
bool Comparable(ValueType a, ValueType b);

}  // namespace peony::formula
