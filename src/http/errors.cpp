#include "http/errors.h"

#include <boost/json/object.hpp>

namespace peony::http::errors {

Error Unauthenticated() {
  return MakeError(ErrorKind::kUnauthenticated, "auth.unauthenticated", "请先登录",
                   "Please sign in");
}

Error CsrfFailed() {
  return MakeError(ErrorKind::kPermissionDenied, "auth.csrf_failed",
                   "安全校验失败，请刷新页面后重试",
                   "Security check failed; please reload the page and try again");
}

Error Forbidden() {
  return MakeError(ErrorKind::kPermissionDenied, "auth.forbidden", "没有权限执行此操作",
                   "You do not have permission to do this");
}

Error NotFound() {
  return MakeError(ErrorKind::kNotFound, "http.not_found", "请求的资源不存在",
                   "The requested resource does not exist");
}

Error MethodNotAllowed() {
  return MakeError(ErrorKind::kInvalidArgument, "http.method_not_allowed", "不支持该请求方法",
                   "This method is not allowed here")
      .WithStatus(405);
}

Error BadRequest() {
  return MakeError(ErrorKind::kInvalidArgument, "request.bad_request", "请求格式不正确",
                   "The request is malformed");
}

Error InvalidJson() {
  return MakeError(ErrorKind::kInvalidArgument, "request.invalid_json", "请求内容不是有效的 JSON",
                   "The request body is not valid JSON");
}

Error InvalidUtf8() {
  return MakeError(ErrorKind::kInvalidArgument, "request.invalid_utf8",
                   "请求内容不是有效的 UTF-8 文本", "The request body is not valid UTF-8");
}

Error TooDeep() {
  return MakeError(ErrorKind::kInvalidArgument, "request.too_deep", "JSON 嵌套层级过深",
                   "The JSON body is nested too deeply");
}

Error Validation(std::string_view field, std::string_view why) {
  boost::json::object fields;
  fields[field] = why;
  boost::json::object details;
  details["fields"] = std::move(fields);
  return MakeError(ErrorKind::kInvalidArgument, "request.validation",
                   "提交的内容有误，请检查后重试",
                   "Some fields are invalid; please check and try again")
      .WithDetails(std::move(details));
}

Error UnsupportedMediaType() {
  return MakeError(ErrorKind::kInvalidArgument, "request.unsupported_media_type",
                   "请求内容类型必须是 application/json", "Content-Type must be application/json")
      .WithStatus(415);
}

Error TooLarge() {
  return MakeError(ErrorKind::kTooLarge, "request.too_large", "请求内容过大",
                   "The request body is too large");
}

Error HeaderTooLarge() {
  return MakeError(ErrorKind::kTooLarge, "request.header_too_large", "请求头过大",
                   "The request headers are too large")
      .WithStatus(431);
}

Error Busy() {
  return MakeError(ErrorKind::kUnavailable, "server.busy", "服务器繁忙，请稍后重试",
                   "The server is busy; please try again shortly");
}

}  // namespace peony::http::errors
