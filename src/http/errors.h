// The error codes answered by the HTTP layer itself (before or around a route's handler). Codes are
// stable: clients branch on them. Each function returns the Error with both messages; the status
// comes from the kind (http/router.h HttpStatusFor) unless noted.
//
//   auth.unauthenticated            401  no credentials on a route that needs a user
//   auth.csrf_failed                403  session principal, unsafe method, X-CSRF-Token
//   missing/wrong auth.forbidden                  403  the principal lacks the route's permission
//   http.not_found                  404  no route (API) or no file (static, with an extension)
//   http.method_not_allowed         405  the path exists with other methods (Allow header lists
//   them) request.bad_request             400  malformed HTTP (request line, headers, target)
//   request.invalid_json            400  empty or malformed JSON body, or not the expected JSON
//   type request.invalid_utf8            400  body is not valid UTF-8 request.too_deep 400  JSON
//   nested deeper than 64 levels request.validation              422  a field is missing or
//   invalid; details {"fields":{name: why}} request.unsupported_media_type  415  body is not
//   Content-Type: application/json request.too_large               413  body over the configured
//   limit request.header_too_large        431  request line + headers over the limit (16 KiB)
//   server.busy                     503  the worker queue is full (Retry-After: 1)
//   server.bind_failed                   Server::Start could not listen (not an HTTP answer)
//   server.tls_failed                    Server::Start could not load the TLS certificate or key
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace peony::http::errors {

Error Unauthenticated();
Error CsrfFailed();
Error Forbidden();
Error NotFound();
Error MethodNotAllowed();
Error BadRequest();
Error InvalidJson();
Error InvalidUtf8();
Error TooDeep();
// One invalid field: details {"fields":{field: why}}; `why` is a short English phrase such as
// "required" or "must be at most 64 characters" (the localised message is the error's message).
Error Validation(std::string_view field, std::string_view why);
Error UnsupportedMediaType();
Error TooLarge();
Error HeaderTooLarge();
Error Busy();

}  // namespace peony::http::errors
