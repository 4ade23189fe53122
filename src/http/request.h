// Peony's own small request/response types. Route handlers see only these — never sockets or Beast
// — so adding a route never recompiles Beast and handlers are testable without a network.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace peony::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };
std::string_view MethodName(Method m);
// True for methods that change state (POST, PUT, PATCH, DELETE): they need a CSRF token with a
// cookie.
bool IsUnsafe(Method m);

// Case-insensitive header list (names are stored lower-case).
class Headers {
 public:
  void Add(std::string_view name, std::string_view value);
  // First value of the header, or nullopt.
  std::optional<std::string_view> Get(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& all() const { return items_; }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

struct Request {
  Method method = Method::kGet;
  std::string target;  // as received, e.g. "/api/v1/users?limit=10"
  std::string path;    // decoded path without the query, e.g. "/api/v1/users"
  std::multimap<std::string, std::string> query;  // decoded query parameters
  Headers headers;
  std::string body;
  std::string remote_addr;  // peer IP, no port
  bool tls = false;

  std::optional<std::string_view> Query(std::string_view name) const;
  // The value of a cookie sent by the client, or nullopt.
  std::optional<std::string> Cookie(std::string_view name) const;
};

// True when Accept-Language prefers English over Chinese: the tag with the highest q-value among
// zh* and en* wins, earlier on ties; no zh/en tag (or no header) means zh-CN, the default.
bool PrefersEnglish(const Request& req);

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>>
      headers;  // extra headers (Set-Cookie, Cache-Control…)
  std::string body;
  // When set, sent instead of `body`: large immutable content (static files, the OpenAPI document)
  // shared without a copy per response.
  std::shared_ptr<const std::string> shared_body;

  std::string_view Body() const { return shared_body ? std::string_view(*shared_body) : body; }

  Response& Header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

}  // namespace peony::http
