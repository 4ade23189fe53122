#include "platform/formula/evaluator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "common/strings.h"
#include "platform/formula/errors.h"
#include "platform/formula/eval_internal.h"
#include "platform/formula/number.h"

namespace peony::formula {

Result<EvalContext> MakeEvalContext(UtcMillis now, std::string_view time_zone) {
  PEONY_TRY(TimeZone zone, TimeZone::Find(time_zone));
  EvalContext ctx;
  ctx.now = std::clamp(now, kMinDateTime, kMaxDateTime);
  ctx.today = zone.LocalDate(ctx.now);
  ctx.time_zone = std::string(time_zone);
  return ctx;
}

Value MapRecord::Get(std::string_view field) const {
  auto it = fields_.find(field);
  return it == fields_.end() ? Value{} : it->second;
}

size_t MapRecord::RowCount(std::string_view subform) const {
  auto it = rows_.find(subform);
  return it == rows_.end() ? 0 : it->second.size();
}

Value MapRecord::Cell(std::string_view subform, size_t row, std::string_view column) const {
  auto it = rows_.find(subform);
  if (it == rows_.end() || row >= it->second.size()) return Value{};
  auto cell = it->second[row].find(column);
  return cell == it->second[row].end() ? Value{} : cell->second;
}

Result<Value> Evaluate(const BoundFormula& formula, const Record& record, const EvalContext& ctx) {
  Evaluator evaluator(record, ctx);
  return evaluator.Eval(formula.root);
}

int64_t ToInteger(double d) {
  const double t = std::trunc(Normalize15(d));
  return static_cast<int64_t>(std::clamp(t, -1e15, 1e15));
}

Status Evaluator::Step() {
  if (++steps_ > ctx_.max_steps) return errors::TooComplex(ctx_.max_steps);
  return Ok();
}

Result<const TimeZone*> Evaluator::Zone() {
  if (!zone_) {
    PEONY_TRY(TimeZone zone, TimeZone::Find(ctx_.time_zone));
    zone_ = zone;
  }
  return &*zone_;
}

Result<Value> Evaluator::Number(double d, SourcePos at) const {
  if (!std::isfinite(d)) return errors::NumberOutOfRange(at);
  return Value(d == 0 ? 0.0 : d);
}

Status Evaluator::CheckTextSize(size_t bytes, SourcePos at) const {
  if (bytes > ctx_.max_text_bytes) return errors::TextTooLong(at, ctx_.max_text_bytes);
  return Ok();
}

Result<Value> Evaluator::Text(std::string s, SourcePos at) const {
  PEONY_CHECK(CheckTextSize(s.size(), at));
  if (s.empty()) return Value{};
  return Value(std::move(s));
}

Result<std::string> Evaluator::ToText(const Value& v) {
  switch (TypeOf(v)) {
    case ValueType::kNumber:
      return FormatNumber(std::get<double>(v));
    case ValueType::kText:
      return std::get<std::string>(v);
    case ValueType::kBoolean:
      return std::string(std::get<bool>(v) ? "TRUE" : "FALSE");
    case ValueType::kDate:
      return FormatDate(std::get<Date>(v));
    case ValueType::kDateTime: {
      PEONY_TRY(const TimeZone* zone, Zone());
      const LocalTime t = zone->ToLocal(std::get<DateTime>(v).ms);
      char buf[16];
      std::snprintf(buf, sizeof buf, " %02d:%02d:%02d", t.hour, t.minute, t.second);
      return FormatDate(t.date) + buf;
    }
    default:
      return std::string();
  }
}

Result<Date> Evaluator::ToDate(const Value& v) {
  if (const Date* d = std::get_if<Date>(&v)) return *d;
  PEONY_TRY(const TimeZone* zone, Zone());
  const DateTime* t = std::get_if<DateTime>(&v);
  return zone->LocalDate(t != nullptr ? t->ms : 0);
}

namespace {

template <class T>
int Order(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

std::string AsciiLower(std::string_view s) { return ToLower(s); }

}  // namespace

Result<int> Evaluator::Compare(const Value& a, const Value& b) {
  const ValueType ta = TypeOf(a);
  const ValueType tb = TypeOf(b);
  if (ta == ValueType::kBlank && tb == ValueType::kBlank) return 0;
  if (ta == ValueType::kBlank || tb == ValueType::kBlank) {
    const Value& other = ta == ValueType::kBlank ? b : a;
    const int sign =
        ta == ValueType::kBlank ? 1 : -1;  // Order(blank, other) = sign * Order(0, other)
    switch (TypeOf(other)) {
      case ValueType::kNumber:
        return sign * Order(0.0, Normalize15(std::get<double>(other)));
      case ValueType::kBoolean:
        return sign * Order(false, std::get<bool>(other));
      default:  // text (never empty) and dates are greater than blank
        return -sign;
    }
  }
  if (ta == ValueType::kNumber && tb == ValueType::kNumber) {
    const double x = std::get<double>(a);
    const double y = std::get<double>(b);
    // Only numbers this close can be equal at 15 significant digits.
    if (x == y || std::fabs(x - y) > 1e-12 * std::max(std::fabs(x), std::fabs(y))) {
      return Order(x, y);
    }
    return Order(Normalize15(x), Normalize15(y));
  }
  if (ta == ValueType::kText && tb == ValueType::kText) {
    return Order(AsciiLower(std::get<std::string>(a)), AsciiLower(std::get<std::string>(b)));
  }
  if (ta == ValueType::kBoolean && tb == ValueType::kBoolean) {
    return Order(std::get<bool>(a), std::get<bool>(b));
  }
  if (ta == ValueType::kDate && tb == ValueType::kDate) {
    return Order(std::get<Date>(a), std::get<Date>(b));
  }
  if ((ta == ValueType::kDate || ta == ValueType::kDateTime) &&
      (tb == ValueType::kDate || tb == ValueType::kDateTime)) {
    PEONY_TRY(const TimeZone* zone, Zone());
    auto ms = [&](const Value& v) {
      const DateTime* t = std::get_if<DateTime>(&v);
      return t != nullptr ? t->ms : zone->StartOfDay(std::get<Date>(v));
    };
    return Order(ms(a), ms(b));
  }
  return Order(static_cast<int>(ta), static_cast<int>(tb));  // kinds the binder keeps apart
}

Result<Value> Evaluator::FromRecord(Value raw, const BoundNode& ref) const {
  if (IsBlank(raw)) return raw;
  const ValueType declared = ref.declared;
  auto bad = [&] {
    return errors::InvalidRecord(ref.column.empty() ? ref.field : ref.field + "." + ref.column,
                                 declared);
  };
  const ValueType actual = TypeOf(raw);
  switch (declared) {
    case ValueType::kBlank:
      return Value{};
    case ValueType::kNumber:
    case ValueType::kMoney: {
      const double* d = std::get_if<double>(&raw);
      if (d == nullptr || !std::isfinite(*d)) return bad();
      return Value(declared == ValueType::kMoney ? *d / 100 : *d);
    }
    case ValueType::kText:
      if (actual != ValueType::kText) return bad();
      if (std::get<std::string>(raw).empty()) return Value{};
      return raw;
    case ValueType::kDate: {
      const Date* d = std::get_if<Date>(&raw);
      if (d == nullptr || !IsValidDate(d->year, d->month, d->day)) {
        return bad();
      }
      return raw;
    }
    case ValueType::kDateTime: {
      const DateTime* t = std::get_if<DateTime>(&raw);
      if (t == nullptr || t->ms < kMinDateTime || t->ms > kMaxDateTime) {
        return bad();
      }
      return raw;
    }
    case ValueType::kBoolean:
      if (actual != ValueType::kBoolean) return bad();
      return raw;
  }
  return Value{};
}

Result<Value> Evaluator::Eval(const BoundNode& n) {
  PEONY_CHECK(Step());
  switch (n.kind) {
    case BoundKind::kConstant:
      return n.constant;
    case BoundKind::kField:
      return FromRecord(record_.Get(n.field), n);
    case BoundKind::kUnary:
      return EvalUnary(n);
    case BoundKind::kBinary:
      return EvalBinary(n);
    case BoundKind::kCall:
      return EvalCall(n);
    case BoundKind::kColumn:
    case BoundKind::kRows:
      break;  // only aggregates read these, through ForEachValue
  }
  return Value{};
}

Result<Value> Evaluator::EvalUnary(const BoundNode& n) {
  PEONY_TRY(Value v, Eval(n.args[0]));
  const double d = AsNumber(v);
  return Number(n.op == Op::kNegate ? -d : d, n.pos);
}

// As in the binder, the left spine of a chain of operators is walked without recursion.
Result<Value> Evaluator::EvalBinary(const BoundNode& n) {
  if (n.args[0].kind != BoundKind::kBinary) {  // the common case, without a spine
    PEONY_TRY(Value a, Eval(n.args[0]));
    PEONY_TRY(Value b, Eval(n.args[1]));
    return ApplyBinary(n, a, b);
  }
  std::vector<const BoundNode*> spine;
  const BoundNode* leftmost = &n;
  while (leftmost->kind == BoundKind::kBinary) {
    spine.push_back(leftmost);
    leftmost = &leftmost->args[0];
  }
  PEONY_TRY(Value acc, Eval(*leftmost));
  for (auto it = spine.rbegin(); it != spine.rend(); ++it) {
    PEONY_CHECK(Step());
    PEONY_TRY(Value right, Eval((*it)->args[1]));
    PEONY_TRY(acc, ApplyBinary(**it, acc, right));
  }
  return acc;
}

Result<Value> Evaluator::ApplyBinary(const BoundNode& n, const Value& a, const Value& b) {
  switch (n.op) {
    case Op::kConcat: {
      PEONY_TRY(std::string text, ToText(a));
      PEONY_TRY(std::string tail, ToText(b));
      PEONY_CHECK(CheckTextSize(text.size() + tail.size(), n.pos));
      return Text(text + tail, n.pos);
    }
    case Op::kEq:
    case Op::kNe:
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe: {
      PEONY_TRY(int c, Compare(a, b));
      switch (n.op) {
        case Op::kEq:
          return Value(c == 0);
        case Op::kNe:
          return Value(c != 0);
        case Op::kLt:
          return Value(c < 0);
        case Op::kLe:
          return Value(c <= 0);
        case Op::kGt:
          return Value(c > 0);
        default:
          return Value(c >= 0);
      }
    }
    default:
      return EvalArithmetic(n, a, b);
  }
}

Result<Value> Evaluator::EvalArithmetic(const BoundNode& n, const Value& a, const Value& b) {
  const ValueType sa = n.args[0].type.value;
  const ValueType sb = n.args[1].type.value;
  const bool temporal_a = sa == ValueType::kDate || sa == ValueType::kDateTime;
  const bool temporal_b = sb == ValueType::kDate || sb == ValueType::kDateTime;
  if (!temporal_a && !temporal_b) {
    const double x = AsNumber(a);
    const double y = AsNumber(b);
    switch (n.op) {
      case Op::kAdd:
        return Number(x + y, n.pos);
      case Op::kSub:
        return Number(x - y, n.pos);
      case Op::kMul:
        return Number(x * y, n.pos);
      default:
        if (y == 0) return errors::DivisionByZero(n.pos);
        return Number(x / y, n.pos);
    }
  }
  if (temporal_a && temporal_b) {  // date − date: days between
    if (IsBlank(a) || IsBlank(b)) return Value{};
    if (const Date* da = std::get_if<Date>(&a)) {
      if (const Date* db = std::get_if<Date>(&b)) {
        return Value(static_cast<double>(DaysFromCivil(*da) - DaysFromCivil(*db)));
      }
    }
    PEONY_TRY(const TimeZone* zone, Zone());
    auto ms = [&](const Value& v) {
      const DateTime* t = std::get_if<DateTime>(&v);
      return t != nullptr ? t->ms : zone->StartOfDay(std::get<Date>(v));
    };
    return Number(static_cast<double>(ms(a) - ms(b)) / kMillisPerDay, n.pos);
  }
  // A date and a number of days (the binder allows number + date and date ± number).
  if (n.op == Op::kSub && temporal_b) return Value{};  // blank − date
  const Value& when = temporal_a ? a : b;
  double days = AsNumber(temporal_a ? b : a);
  if (n.op == Op::kSub) days = -days;
  if (IsBlank(when)) return Value{};
  if (std::fabs(days) > 4e6) return errors::InvalidDate(n.pos);
  if (const Date* d = std::get_if<Date>(&when)) {
    const std::optional<Date> moved = AddDays(*d, ToInteger(days));
    if (!moved) return errors::InvalidDate(n.pos);
    return Value(*moved);
  }
  const UtcMillis ms = std::get<DateTime>(when).ms + std::llround(days * kMillisPerDay);
  if (ms < kMinDateTime || ms > kMaxDateTime) return errors::InvalidDate(n.pos);
  return Value(DateTime{ms});
}

// Three out-of-line parts keep the frame that recursion passes through small.
Result<Value> Evaluator::EvalCall(const BoundNode& n) {
  switch (n.fn) {
    case Fn::kIf:
    case Fn::kIfs:
    case Fn::kSwitch:
    case Fn::kAnd:
    case Fn::kOr:
    case Fn::kBlankValue:
      return EvalLazy(n);
    case Fn::kSum:
    case Fn::kCount:
    case Fn::kAverage:
    case Fn::kMin:
    case Fn::kMax:
    case Fn::kConcat:
    case Fn::kTextJoin:
      return EvalAggregate(n);
    default:
      return EvalStrict(n);
  }
}

// The functions that evaluate only the arguments they need.
Result<Value> Evaluator::EvalLazy(const BoundNode& n) {
  const std::vector<BoundNode>& args = n.args;
  switch (n.fn) {
    case Fn::kIf: {
      PEONY_TRY(Value cond, Eval(args[0]));
      if (Truthy(cond)) return Eval(args[1]);
      return args.size() > 2 ? Eval(args[2]) : Result<Value>(Value{});
    }
    case Fn::kIfs:
      for (size_t i = 0; i + 1 < args.size(); i += 2) {
        PEONY_TRY(Value cond, Eval(args[i]));
        if (Truthy(cond)) return Eval(args[i + 1]);
      }
      return Value{};
    case Fn::kSwitch: {
      PEONY_TRY(Value subject, Eval(args[0]));
      size_t i = 1;
      for (; i + 1 < args.size(); i += 2) {
        PEONY_TRY(Value candidate, Eval(args[i]));
        PEONY_TRY(int c, Compare(subject, candidate));
        if (c == 0) return Eval(args[i + 1]);
      }
      return i < args.size() ? Eval(args[i]) : Result<Value>(Value{});
    }
    case Fn::kAnd:
    case Fn::kOr: {
      const bool is_and = n.fn == Fn::kAnd;
      for (const BoundNode& arg : args) {
        PEONY_TRY(Value v, Eval(arg));
        if (Truthy(v) != is_and) return Value(!is_and);
      }
      return Value(is_and);
    }
    case Fn::kBlankValue: {
      PEONY_TRY(Value v, Eval(args[0]));
      if (!IsBlank(v)) return v;
      return Eval(args[1]);
    }
    default:
      return Value{};
  }
}

// The functions whose arguments are all evaluated first, in order.
Result<Value> Evaluator::EvalStrict(const BoundNode& n) {
  const std::vector<BoundNode>& args = n.args;
  std::vector<Value> values;
  values.reserve(args.size());
  for (const BoundNode& arg : args) {
    PEONY_TRY(Value v, Eval(arg));
    values.push_back(std::move(v));
  }
  switch (n.fn) {
    case Fn::kNot:
      return Value(!Truthy(values[0]));
    case Fn::kIsBlank:
      return Value(IsBlank(values[0]));
    case Fn::kRound:
    case Fn::kRoundUp:
    case Fn::kRoundDown:
    case Fn::kAbs:
    case Fn::kInt:
    case Fn::kMod:
    case Fn::kPower:
      return CallMath(*this, n, values);
    case Fn::kToday:
    case Fn::kNow:
    case Fn::kDate:
    case Fn::kYear:
    case Fn::kMonth:
    case Fn::kDay:
    case Fn::kWeekday:
    case Fn::kDateAdd:
    case Fn::kDateDif:
    case Fn::kEoMonth:
      return CallDate(*this, n, values);
    default:
      return CallText(*this, n, values);
  }
}

}  // namespace peony::formula
