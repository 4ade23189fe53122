// Binding function calls: the argument count, then each function's typing rule.
#include "platform/formula/binder_internal.h"
#include "platform/formula/errors.h"
#include "platform/formula/functions.h"

namespace peony::formula {
namespace {

const std::string* ConstantText(const BoundNode& b) {
  if (b.kind != BoundKind::kConstant) return nullptr;
  return std::get_if<std::string>(&b.constant);
}

}  // namespace

Result<BoundNode> Binder::BindCall(const Node& n) {
  const FunctionSpec* spec = FindFunction(n.text);
  if (spec == nullptr) return errors::UnknownFunction(n.pos, n.text);
  const size_t argc = n.args.size();
  const int max_args = spec->max_args < 0 ? kMaxArgs : spec->max_args;
  if (argc < static_cast<size_t>(spec->min_args) || argc > static_cast<size_t>(max_args)) {
    return errors::WrongArity(n.pos, spec->name, spec->min_args, max_args, argc);
  }
  if (spec->fn == Fn::kIfs && argc % 2 != 0) {
    return errors::WrongArityRule(n.pos, spec->name, "的参数应是成对的条件和值",
                                  "takes conditions and values in pairs", argc);
  }
  BoundNode call;
  call.pos = n.pos;
  if (spec->fn == Fn::kTrue || spec->fn == Fn::kFalse) {
    call.constant = spec->fn == Fn::kTrue;
    call.type.value = ValueType::kBoolean;
    return call;
  }
  call.kind = BoundKind::kCall;
  call.fn = spec->fn;
  for (const auto& arg : n.args) {
    PEONY_TRY(BoundNode bound, Bind(*arg));
    call.args.push_back(std::move(bound));
  }
  PEONY_CHECK(TypeCall(n, call));
  return call;
}

Status Binder::TypeCall(const Node& n, BoundNode& call) {
  const std::vector<BoundNode>& args = call.args;
  const std::string_view name = FunctionName(call.fn);
  auto expect = [&](size_t i, Want want) { return ExpectArg(n, args[i], i, want); };
  auto expect_from = [&](size_t first, Want want, bool allow_list) -> Status {
    for (size_t i = first; i < args.size(); ++i)
      PEONY_CHECK(ExpectArg(n, args[i], i, want, allow_list));
    return Ok();
  };
  auto result = [&](ValueType t) {
    call.type = Type{t, Shape::kScalar};
    return Ok();
  };
  // The common type of arguments first, first + step, …
  auto unify_from = [&](size_t first, size_t step) -> Status {
    ValueType t = ValueType::kBlank;
    for (size_t i = first; i < args.size(); i += step) {
      PEONY_CHECK(expect(i, Want::kAny));
      PEONY_TRY(t, Unify(t, args[i], *n.args[i], name));
    }
    return result(t);
  };

  switch (call.fn) {
    case Fn::kTrue:
    case Fn::kFalse:
      return result(ValueType::kBoolean);
    case Fn::kIf:
      PEONY_CHECK(expect(0, Want::kBoolean));
      return unify_from(1, 1);
    case Fn::kIfs:
      for (size_t i = 0; i < args.size(); i += 2) PEONY_CHECK(expect(i, Want::kBoolean));
      return unify_from(1, 2);
    case Fn::kSwitch: {
      PEONY_CHECK(expect(0, Want::kAny));
      ValueType t = ValueType::kBlank;
      const size_t pairs = (args.size() - 1) / 2;
      for (size_t pair = 0; pair < pairs; ++pair) {
        const size_t value = 1 + 2 * pair;
        PEONY_CHECK(expect(value, Want::kAny));
        const ValueType a = args[0].type.value;
        const ValueType b = args[value].type.value;
        if (!Comparable(a, b)) {
          return errors::TypeMismatch(StartOf(*n.args[value]),
                                      "SWITCH 不能比较" + std::string(TypeName(a, false)) + "和" +
                                          std::string(TypeName(b, false)),
                                      "SWITCH cannot compare " + std::string(TypeName(a, true)) +
                                          " and " + std::string(TypeName(b, true)));
        }
        PEONY_CHECK(expect(value + 1, Want::kAny));
        PEONY_TRY(t, Unify(t, args[value + 1], *n.args[value + 1], name));
      }
      if ((args.size() - 1) % 2 == 1) {  // a default
        PEONY_CHECK(expect(args.size() - 1, Want::kAny));
        PEONY_TRY(t, Unify(t, args.back(), *n.args.back(), name));
      }
      return result(t);
    }
    case Fn::kAnd:
    case Fn::kOr:
    case Fn::kNot:
      PEONY_CHECK(expect_from(0, Want::kBoolean, false));
      return result(ValueType::kBoolean);
    case Fn::kIsBlank:
    case Fn::kContains:
      PEONY_CHECK(expect_from(0, Want::kAny, false));
      return result(ValueType::kBoolean);
    case Fn::kBlankValue:
      return unify_from(0, 1);
    case Fn::kRound:
    case Fn::kRoundUp:
    case Fn::kRoundDown:
    case Fn::kAbs:
    case Fn::kInt:
    case Fn::kMod:
    case Fn::kPower:
      PEONY_CHECK(expect_from(0, Want::kNumber, false));
      return result(ValueType::kNumber);
    case Fn::kSum:
    case Fn::kAverage:
      PEONY_CHECK(expect_from(0, Want::kNumber, true));
      return result(ValueType::kNumber);
    case Fn::kCount:
      for (size_t i = 0; i < args.size(); ++i) {
        if (args[i].type.shape == Shape::kScalar) PEONY_CHECK(expect(i, Want::kAny));
      }
      return result(ValueType::kNumber);
    case Fn::kMin:
    case Fn::kMax: {
      ValueType common = ValueType::kBlank;
      for (size_t i = 0; i < args.size(); ++i) {
        const ValueType t = args[i].type.value;
        const Want want =
            t == ValueType::kDate || t == ValueType::kDateTime ? Want::kDate : Want::kNumber;
        PEONY_CHECK(ExpectArg(n, args[i], i, want, true));
        if (t == ValueType::kBlank) continue;
        if (common != ValueType::kBlank && common != t) {
          return errors::TypeMismatch(
              StartOf(*n.args[i]),
              std::string(name) + " 的参数类型不一致：" + std::string(TypeName(common, false)) +
                  "和" + std::string(TypeName(t, false)),
              std::string(name) + " arguments have different types: " +
                  std::string(TypeName(common, true)) + " and " + std::string(TypeName(t, true)));
        }
        common = t;
      }
      return result(common == ValueType::kBlank ? ValueType::kNumber : common);
    }
    case Fn::kConcat:
      PEONY_CHECK(expect_from(0, Want::kAny, true));
      return result(ValueType::kText);
    case Fn::kTextJoin:
      PEONY_CHECK(expect(0, Want::kAny));
      PEONY_CHECK(expect(1, Want::kBoolean));
      PEONY_CHECK(expect_from(2, Want::kAny, true));
      return result(ValueType::kText);
    case Fn::kLeft:
    case Fn::kRight:
    case Fn::kMid:
    case Fn::kSubstitute:
      PEONY_CHECK(expect(0, Want::kAny));
      for (size_t i = 1; i < args.size(); ++i) {
        const bool text_arg = call.fn == Fn::kSubstitute && i <= 2;
        PEONY_CHECK(expect(i, text_arg ? Want::kAny : Want::kNumber));
      }
      return result(ValueType::kText);
    case Fn::kUpper:
    case Fn::kLower:
    case Fn::kTrim:
    case Fn::kText:
      PEONY_CHECK(expect_from(0, Want::kAny, false));
      return result(ValueType::kText);
    case Fn::kLen:
    case Fn::kValue:
      PEONY_CHECK(expect(0, Want::kAny));
      return result(ValueType::kNumber);
    case Fn::kFind:
      PEONY_CHECK(expect(0, Want::kAny));
      PEONY_CHECK(expect(1, Want::kAny));
      if (args.size() == 3) PEONY_CHECK(expect(2, Want::kNumber));
      return result(ValueType::kNumber);
    case Fn::kToday:
      out_->uses_clock = true;
      return result(ValueType::kDate);
    case Fn::kNow:
      out_->uses_clock = true;
      return result(ValueType::kDateTime);
    case Fn::kDate:
      PEONY_CHECK(expect_from(0, Want::kNumber, false));
      return result(ValueType::kDate);
    case Fn::kYear:
    case Fn::kMonth:
    case Fn::kDay:
      PEONY_CHECK(expect(0, Want::kDate));
      return result(ValueType::kNumber);
    case Fn::kWeekday:
      PEONY_CHECK(expect(0, Want::kDate));
      if (args.size() == 2) PEONY_CHECK(expect(1, Want::kNumber));
      return result(ValueType::kNumber);
    case Fn::kEoMonth:
      PEONY_CHECK(expect(0, Want::kDate));
      PEONY_CHECK(expect(1, Want::kNumber));
      return result(ValueType::kDate);
    case Fn::kDateAdd: {
      PEONY_CHECK(expect(0, Want::kDate));
      PEONY_CHECK(expect(1, Want::kNumber));
      PEONY_CHECK(expect(2, Want::kAny));
      const ValueType t =
          args[0].type.value == ValueType::kDateTime ? ValueType::kDateTime : ValueType::kDate;
      if (const std::string* unit = ConstantText(args[2])) {
        const auto parsed = ParseDateUnit(*unit);
        if (!parsed) {
          return errors::InvalidArgument(
              StartOf(*n.args[2]), name, "的单位「" + *unit + "」无效，可用 day、week、month、year",
              "unknown unit \"" + *unit + "\" (use day, week, month or year)");
        }
        if (t == ValueType::kDate && *parsed < DateUnit::kDay) {
          return errors::InvalidArgument(
              StartOf(*n.args[2]), name,
              "的日期只能按天、周、月、年增减，小时、分钟、秒要用日期时间",
              "a date moves by days, weeks, months or years; hours, "
              "minutes and seconds need a date-time");
        }
      } else if (args[2].kind == BoundKind::kConstant && IsBlank(args[2].constant)) {
        return errors::InvalidArgument(StartOf(*n.args[2]), name, "缺少单位",
                                       "the unit is missing");
      }
      return result(t);
    }
    case Fn::kDateDif: {
      PEONY_CHECK(expect(0, Want::kDate));
      PEONY_CHECK(expect(1, Want::kDate));
      PEONY_CHECK(expect(2, Want::kAny));
      const std::string* unit = ConstantText(args[2]);
      const bool blank_unit = args[2].kind == BoundKind::kConstant && IsBlank(args[2].constant);
      if ((unit != nullptr && !ParseDifUnit(*unit)) || blank_unit) {
        const std::string shown = unit ? *unit : "";
        return errors::InvalidArgument(
            StartOf(*n.args[2]), name, "的单位「" + shown + "」无效，可用 \"D\"、\"M\"、\"Y\"",
            "unknown unit \"" + shown + "\" (use \"D\", \"M\" or \"Y\")");
      }
      return result(ValueType::kNumber);
    }
  }
  return result(ValueType::kBlank);
}

}  // namespace peony::formula
