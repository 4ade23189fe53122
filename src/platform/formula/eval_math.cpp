// ROUND, ROUNDUP, ROUNDDOWN, ABS, INT, MOD, POWER. Blank is 0, as in arithmetic.
#include <algorithm>
#include <cmath>

#include "platform/formula/errors.h"
#include "platform/formula/eval_internal.h"
#include "platform/formula/number.h"

namespace peony::formula {

Result<Value> CallMath(Evaluator& ev, const BoundNode& call, const std::vector<Value>& args) {
  const double x = AsNumber(args[0]);
  const double y = args.size() > 1 ? AsNumber(args[1]) : 0;
  switch (call.fn) {
    case Fn::kRound:
    case Fn::kRoundUp:
    case Fn::kRoundDown: {
      const RoundMode mode = call.fn == Fn::kRound     ? RoundMode::kHalfAwayFromZero
                             : call.fn == Fn::kRoundUp ? RoundMode::kAwayFromZero
                                                       : RoundMode::kTowardZero;
      const int digits = static_cast<int>(std::clamp<int64_t>(ToInteger(y), -400, 400));
      return ev.Number(RoundDecimal(x, digits, mode), call.pos);
    }
    case Fn::kAbs:
      return ev.Number(std::fabs(x), call.pos);
    case Fn::kInt:
      return ev.Number(std::floor(Normalize15(x)), call.pos);
    case Fn::kMod: {
      if (y == 0) return errors::DivisionByZero(call.pos);
      // The sign follows the divisor, as in spreadsheets: MOD(-3, 2) = 1.
      const double quotient = std::floor(Normalize15(x / y));
      double rest = x - y * quotient;
      // 0.3 - 0.1 * 3 is -5.6e-17 in binary: a remainder that small is a rounding error, zero.
      if (std::fabs(rest) <= std::max(std::fabs(x), std::fabs(y)) * 1e-14) rest = 0;
      return ev.Number(Normalize15(rest), call.pos);
    }
    case Fn::kPower: {
      if (x == 0 && y < 0) return errors::DivisionByZero(call.pos);
      return ev.Number(std::pow(x, y), call.pos);
    }
    default:
      return Value{};
  }
}

}  // namespace peony::formula
