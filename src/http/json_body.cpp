#include "http/json_body.h"

#include <boost/json/error.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>
#include <exception>

#include "common/strings.h"
#include "http/errors.h"

namespace peony::http {
namespace {

bool IsJsonContentType(std::string_view value) {
  value = value.substr(0, value.find(';'));
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  constexpr std::string_view kJson = "application/json";
  if (value.size() != kJson.size()) return false;
  for (size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != kJson[i]) return false;
  }
  return true;
}

// The field, or null when missing.
const boost::json::value* Field(const boost::json::object& obj, std::string_view key) {
  const boost::json::value* v = obj.if_contains(key);
  return (v == nullptr || v->is_null()) ? nullptr : v;
}

Result<std::string> CheckString(const boost::json::value& v, std::string_view key, size_t max_len) {
  if (!v.is_string()) return errors::Validation(key, "must be a string");
  const boost::json::string& s = v.get_string();
  // Parsed bodies are valid UTF-8; objects built in code may not be.
  if (!IsValidUtf8(s)) return errors::Validation(key, "must be valid UTF-8 text");
  if (Utf8Length(s) > max_len) {
    return errors::Validation(key, "must be at most " + std::to_string(max_len) + " characters");
  }
  return std::string(s);
}

Result<int64_t> CheckInt(const boost::json::value& v, std::string_view key, int64_t min,
                         int64_t max) {
  int64_t n = 0;
  if (v.is_int64()) {
    n = v.get_int64();
  } else if (v.is_uint64()) {
    // Above int64's range: always out of [min, max].
    return errors::Validation(key, "must be at most " + std::to_string(max));
  } else {
    return errors::Validation(key, "must be an integer");
  }
  if (n < min) return errors::Validation(key, "must be at least " + std::to_string(min));
  if (n > max) return errors::Validation(key, "must be at most " + std::to_string(max));
  return n;
}

}  // namespace

Result<boost::json::value> ParseJsonBody(const Request& req) {
  auto content_type = req.headers.Get("content-type");
  if (!content_type || !IsJsonContentType(*content_type)) return errors::UnsupportedMediaType();
  if (req.body.empty()) return errors::InvalidJson();
  if (!IsValidUtf8(req.body)) return errors::InvalidUtf8();
  boost::json::parse_options options;
  options.max_depth = kMaxJsonDepth;
  boost::system::error_code ec;
  try {
    boost::json::value v = boost::json::parse(req.body, ec, {}, options);
    if (ec == boost::json::error::too_deep) return errors::TooDeep();
    if (ec) return errors::InvalidJson();
    return v;
  } catch (const std::exception& e) {  // only bad_alloc is possible
    return InternalError(std::string("json parse: ") + e.what());
  }
}

Result<boost::json::object> ParseJsonObject(const Request& req) {
  PEONY_TRY(boost::json::value v, ParseJsonBody(req));
  if (!v.is_object()) return errors::InvalidJson();
  return std::move(v.get_object());
}

Result<std::string> RequiredString(const boost::json::object& obj, std::string_view key,
                                   size_t max_len) {
  const boost::json::value* v = Field(obj, key);
  if (v == nullptr) return errors::Validation(key, "required");
  return CheckString(*v, key, max_len);
}

Result<std::optional<std::string>> OptionalString(const boost::json::object& obj,
                                                  std::string_view key, size_t max_len) {
  const boost::json::value* v = Field(obj, key);
  if (v == nullptr) return std::optional<std::string>();
  PEONY_TRY(std::string s, CheckString(*v, key, max_len));
  return std::optional<std::string>(std::move(s));
}

Result<int64_t> RequiredInt(const boost::json::object& obj, std::string_view key, int64_t min,
                            int64_t max) {
  const boost::json::value* v = Field(obj, key);
  if (v == nullptr) return errors::Validation(key, "required");
  return CheckInt(*v, key, min, max);
}

Result<std::optional<int64_t>> OptionalInt(const boost::json::object& obj, std::string_view key,
                                           int64_t min, int64_t max) {
  const boost::json::value* v = Field(obj, key);
  if (v == nullptr) return std::optional<int64_t>();
  PEONY_TRY(int64_t n, CheckInt(*v, key, min, max));
  return std::optional<int64_t>(n);
}

Result<std::optional<bool>> OptionalBool(const boost::json::object& obj, std::string_view key) {
  const boost::json::value* v = Field(obj, key);
  if (v == nullptr) return std::optional<bool>();
  if (!v->is_bool()) return errors::Validation(key, "must be true or false");
  return std::optional<bool>(v->get_bool());
}

}  // namespace peony::http
