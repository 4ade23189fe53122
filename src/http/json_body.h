// Reading JSON request bodies safely, and small typed getters for handlers. Every failure is a
// Result error with a stable code (http/errors.h), never an exception:
//
//   PEONY_TRY(auto body, ParseJsonObject(req));
//   PEONY_TRY(auto username, RequiredString(body, "username", 64));
//   PEONY_TRY(auto limit, OptionalInt(body, "limit", 1, 500));
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "http/request.h"

namespace peony::http {

// Deepest nesting ParseJsonBody accepts.
inline constexpr int kMaxJsonDepth = 64;

// Parses the body. Errors: 415 request.unsupported_media_type unless Content-Type is
// application/json (parameters such as charset ignored); 400 request.invalid_json for an empty or
// malformed body; 400 request.invalid_utf8; 400 request.too_deep past kMaxJsonDepth levels.
Result<boost::json::value> ParseJsonBody(const Request& req);
// ParseJsonBody, and the value must be an object (else 400 request.invalid_json).
Result<boost::json::object> ParseJsonObject(const Request& req);

// Getters: a missing, null or wrongly typed field is 422 request.validation with details
// {"fields":{key: why}}. Lengths count Unicode code points, not bytes.
Result<std::string> RequiredString(const boost::json::object& obj, std::string_view key,
                                   size_t max_len);
// Missing or null → nullopt.
Result<std::optional<std::string>> OptionalString(const boost::json::object& obj,
                                                  std::string_view key, size_t max_len);
// An integer (a JSON number without fraction) within [min, max].
Result<int64_t> RequiredInt(const boost::json::object& obj, std::string_view key,
                            int64_t min = std::numeric_limits<int64_t>::min(),
                            int64_t max = std::numeric_limits<int64_t>::max());
Result<std::optional<int64_t>> OptionalInt(const boost::json::object& obj, std::string_view key,
                                           int64_t min = std::numeric_limits<int64_t>::min(),
                                           int64_t max = std::numeric_limits<int64_t>::max());
Result<std::optional<bool>> OptionalBool(const boost::json::object& obj, std::string_view key);

}  // namespace peony::http
