// Aggregates: SUM, COUNT, AVERAGE, MIN, MAX, CONCAT and TEXTJOIN over values and sub-form columns.
#include "platform/formula/errors.h"
#include "platform/formula/eval_internal.h"

namespace peony::formula {

Status Evaluator::ForEachValue(const BoundNode& arg,
                               const std::function<Status(const Value&)>& visit) {
  if (arg.kind == BoundKind::kColumn) {
    PEONY_CHECK(Step());
    const size_t rows = record_.RowCount(arg.field);
    for (size_t row = 0; row < rows; ++row) {
      PEONY_CHECK(Step());
      PEONY_TRY(Value v, FromRecord(record_.Cell(arg.field, row, arg.column), arg));
      PEONY_CHECK(visit(v));
    }
    return Ok();
  }
  PEONY_TRY(Value v, Eval(arg));
  return visit(v);
}

Result<Value> Evaluator::EvalAggregate(const BoundNode& n) {
  switch (n.fn) {
    case Fn::kSum:
    case Fn::kAverage: {
      double sum = 0;
      double count = 0;
      for (const BoundNode& arg : n.args) {
        PEONY_CHECK(ForEachValue(arg, [&](const Value& v) {
          if (!IsBlank(v)) {
            sum += AsNumber(v);
            ++count;
          }
          return Ok();
        }));
      }
      if (n.fn == Fn::kSum) return Number(sum, n.pos);
      if (count == 0) return Value{};
      return Number(sum / count, n.pos);
    }
    case Fn::kCount: {
      double count = 0;
      for (const BoundNode& arg : n.args) {
        if (arg.kind == BoundKind::kRows) {
          PEONY_CHECK(Step());
          count += static_cast<double>(record_.RowCount(arg.field));
          continue;
        }
        PEONY_CHECK(ForEachValue(arg, [&](const Value& v) {
          if (!IsBlank(v)) ++count;
          return Ok();
        }));
      }
      return Value(count);
    }
    case Fn::kMin:
    case Fn::kMax: {
      Value best;
      const int wanted = n.fn == Fn::kMin ? -1 : 1;
      for (const BoundNode& arg : n.args) {
        PEONY_CHECK(ForEachValue(arg, [&](const Value& v) -> Status {
          if (IsBlank(v)) return Ok();
          if (IsBlank(best)) {
            best = v;
            return Ok();
          }
          PEONY_TRY(int c, Compare(v, best));
          if (c == wanted) best = v;
          return Ok();
        }));
      }
      return best;
    }
    case Fn::kConcat: {
      std::string out;
      for (const BoundNode& arg : n.args) {
        PEONY_CHECK(ForEachValue(arg, [&](const Value& v) -> Status {
          PEONY_TRY(std::string text, ToText(v));
          PEONY_CHECK(CheckTextSize(out.size() + text.size(), n.pos));
          out += text;
          return Ok();
        }));
      }
      return Text(std::move(out), n.pos);
    }
    case Fn::kTextJoin: {
      PEONY_TRY(Value sep_value, Eval(n.args[0]));
      PEONY_TRY(std::string sep, ToText(sep_value));
      PEONY_TRY(Value ignore_value, Eval(n.args[1]));
      const bool ignore_blank = Truthy(ignore_value);
      std::string out;
      bool first = true;
      for (size_t i = 2; i < n.args.size(); ++i) {
        PEONY_CHECK(ForEachValue(n.args[i], [&](const Value& v) -> Status {
          if (ignore_blank && IsBlank(v)) return Ok();
          PEONY_TRY(std::string text, ToText(v));
          const size_t extra = (first ? 0 : sep.size()) + text.size();
          PEONY_CHECK(CheckTextSize(out.size() + extra, n.pos));
          if (!first) out += sep;
          out += text;
          first = false;
          return Ok();
        }));
      }
      return Text(std::move(out), n.pos);
    }
    default:
      return Value{};
  }
}

}  // namespace peony::formula
