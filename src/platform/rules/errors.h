// Error codes of the rules engine (rule.*, hook.*). Codes are stable.
//
//   rule.invalid            422  the rule's JSON is malformed (details.path, details.reason)
//   rule.unknown_entity     422  the rule names an entity that does not exist (details.path)
//   rule.unknown_field      422  a trigger, action or assignee names an unknown or retired field,
//                                or one of the wrong type (details.path, details.field)
//   rule.unknown_variable   422  a message template uses a variable the entity does not have
//                                (details.path, details.variable)
//   rule.not_found          404  no such rule (or deleted)
//   rule.version_conflict   409  the rule changed since it was read (details.current_version)
//   hook.not_found          404  no rule has this webhook token (or it is off)
//   hook.bad_body           400  the webhook body is not a JSON object
//   hook.bad_signature      401  the rule has a secret and the signature is missing or wrong
#pragma once

#include <string_view>

#include "common/result.h"

namespace peony::rules::errors {

inline Error Invalid(std::string_view path, std::string_view reason) {
  return MakeError(ErrorKind::kInvalidArgument, "rule.invalid", "规则设置不完整或有误",
                   "The rule is incomplete or malformed")
      .WithDetails(boost::json::object{{"path", path}, {"reason", reason}})
      .WithStatus(422);
}
inline Error UnknownEntity(std::string_view path, std::string_view entity) {
  return MakeError(ErrorKind::kInvalidArgument, "rule.unknown_entity", "规则引用的表单不存在",
                   "The rule names a form that does not exist")
      .WithDetails(boost::json::object{{"path", path}, {"entity", entity}})
      .WithStatus(422);
}
inline Error UnknownField(std::string_view path, std::string_view field, std::string_view reason) {
  return MakeError(ErrorKind::kInvalidArgument, "rule.unknown_field",
                   "规则引用的字段不存在、已停用或类型不符",
                   "The rule names a field that does not exist, is retired or has the wrong type")
      .WithDetails(boost::json::object{{"path", path}, {"field", field}, {"reason", reason}})
      .WithStatus(422);
}
inline Error UnknownVariable(std::string_view path, std::string_view variable) {
  return MakeError(ErrorKind::kInvalidArgument, "rule.unknown_variable", "消息模板中的变量不存在",
                   "The message template uses an unknown variable")
      .WithDetails(boost::json::object{{"path", path}, {"variable", variable}})
      .WithStatus(422);
}
inline Error NotFound() {
  return MakeError(ErrorKind::kNotFound, "rule.not_found", "规则不存在", "No such rule");
}
inline Error VersionConflict(int64_t current) {
  return MakeError(ErrorKind::kConflict, "rule.version_conflict", "规则已被他人修改，请刷新后重试",
                   "The rule was changed meanwhile; reload and try again")
      .WithDetails(boost::json::object{{"current_version", current}});
}
inline Error HookNotFound() {
  return MakeError(ErrorKind::kNotFound, "hook.not_found", "Webhook 地址无效",
                   "No webhook at this address");
}
inline Error HookBadBody(std::string_view reason) {
  return MakeError(ErrorKind::kInvalidArgument, "hook.bad_body", "Webhook 内容应为 JSON 对象",
                   "The webhook body must be a JSON object")
      .WithDetails(boost::json::object{{"reason", reason}})
      .WithStatus(400);
}
inline Error HookBadSignature() {
  return MakeError(ErrorKind::kUnauthenticated, "hook.bad_signature", "Webhook 签名无效",
                   "The webhook signature is missing or wrong");
}

}  // namespace peony::rules::errors
