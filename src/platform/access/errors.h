// Error codes of the access module (auth.*, user.*, role.*, apikey.*, audit.*). Codes are stable.
#pragma once

#include "common/result.h"

namespace peony::access::errors {

inline Error InvalidCredentials() {
  return MakeError(ErrorKind::kUnauthenticated, "auth.invalid_credentials", "用户名或密码错误",
                   "Wrong username or password");
}
inline Error Locked(int64_t retry_after_s) {
  return MakeError(ErrorKind::kFailedPrecondition, "auth.locked",
                   "登录失败次数过多，账号已临时锁定，请稍后再试",
                   "Too many failed sign-ins: the account is locked for a while, try again later")
      .WithDetails(boost::json::object{{"retry_after_s", retry_after_s}})
      .WithStatus(423);
}
inline Error Disabled() {
  return MakeError(ErrorKind::kPermissionDenied, "auth.account_disabled",
                   "账号已停用，请联系管理员",
                   "This account is disabled; contact your administrator");
}
inline Error SessionExpired() {
  return MakeError(ErrorKind::kUnauthenticated, "auth.session_expired", "登录已过期，请重新登录",
                   "Your session has expired; please sign in again");
}
inline Error InvalidSession() {
  return MakeError(ErrorKind::kUnauthenticated, "auth.invalid_session", "登录状态无效，请重新登录",
                   "Invalid session; please sign in again");
}
inline Error InvalidApiKey() {
  return MakeError(ErrorKind::kUnauthenticated, "auth.invalid_api_key", "API 密钥无效或已吊销",
                   "The API key is invalid or revoked");
}
inline Error WeakPassword() {
  return MakeError(ErrorKind::kInvalidArgument, "auth.weak_password",
                   "密码至少 8 位，且必须同时包含字母和数字",
                   "Passwords need at least 8 characters with both letters and digits")
      .WithStatus(422);
}
inline Error WrongPassword() {
  return MakeError(ErrorKind::kUnauthenticated, "auth.wrong_password", "原密码不正确",
                   "The current password is wrong");
}
inline Error UserNotFound() {
  return MakeError(ErrorKind::kNotFound, "user.not_found", "用户不存在", "User not found");
}
inline Error UsernameTaken() {
  return MakeError(ErrorKind::kConflict, "user.username_taken", "用户名已被使用",
                   "This username is already taken");
}
inline Error VersionConflict() {
  return MakeError(ErrorKind::kConflict, "user.version_conflict", "数据已被他人修改，请刷新后重试",
                   "Someone else changed this; reload and try again");
}
inline Error RoleNotFound() {
  return MakeError(ErrorKind::kNotFound, "role.not_found", "角色不存在", "Role not found");
}
inline Error RoleNameTaken() {
  return MakeError(ErrorKind::kConflict, "role.name_taken", "角色名称已存在",
                   "A role with this name already exists");
}
inline Error UnknownPermission() {
  return MakeError(ErrorKind::kInvalidArgument, "role.unknown_permission", "未知的权限",
                   "Unknown permission")
      .WithStatus(422);
}
inline Error BuiltinRole() {
  return MakeError(ErrorKind::kFailedPrecondition, "role.builtin", "系统内置角色不能修改",
                   "Built-in roles cannot be changed");
}
inline Error BranchNotFound() {
  return MakeError(ErrorKind::kNotFound, "org.branch_not_found", "门店不存在", "Branch not found");
}
inline Error ApiKeyNotFound() {
  return MakeError(ErrorKind::kNotFound, "apikey.not_found", "API 密钥不存在", "API key not found");
}
inline Error LastAdmin() {
  return MakeError(ErrorKind::kFailedPrecondition, "user.last_admin",
                   "不能停用或锁定最后一个管理员",
                   "The last administrator cannot be locked or disabled");
}

}  // namespace peony::access::errors
