// Error and JSON responses (declared in http/router.h): the one place an Error becomes HTTP.
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "http/router.h"

namespace peony::http {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool IsValidation(const Error& e) {
  if (EndsWith(e.code, ".validation")) return true;
  const auto* details = e.details.if_object();
  return details != nullptr && details->contains("fields");
}

}  // namespace

int HttpStatusFor(const Error& e) {
  if (e.http_status != 0) return e.http_status;
  switch (e.kind) {
    case ErrorKind::kInvalidArgument:
      return IsValidation(e) ? 422 : 400;
    case ErrorKind::kUnauthenticated:
      return 401;
    case ErrorKind::kPermissionDenied:
      return 403;
    case ErrorKind::kNotFound:
      return 404;
    case ErrorKind::kConflict:
    case ErrorKind::kFailedPrecondition:
      return 409;
    case ErrorKind::kTooLarge:
      return 413;
    case ErrorKind::kRateLimited:
      return 429;
    case ErrorKind::kUnavailable:
      return 503;
    case ErrorKind::kInternal:
      return 500;
  }
  return 500;
}

Response ErrorResponse(const Error& e, bool english) {
  boost::json::object error;
  error["code"] = e.code;
  error["message"] = e.Message(english);
  error["details"] = e.details.is_null() ? boost::json::value(boost::json::object()) : e.details;
  boost::json::object body;
  body["error"] = std::move(error);
  return JsonResponse(HttpStatusFor(e), body);
}

namespace {

template <class Json>
Response Serialized(int status, const Json& body) {
  Response r;
  r.status = status;
  r.body = boost::json::serialize(body);
  return r;
}

}  // namespace

Response JsonResponse(int status, const boost::json::value& body) {
  return Serialized(status, body);
}
Response JsonResponse(int status, const boost::json::object& body) {
  return Serialized(status, body);
}
Response JsonResponse(int status, const boost::json::array& body) {
  return Serialized(status, body);
}

Response NoContent() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

}  // namespace peony::http
