#include "common/strings.h"
#include "http/api/api.h"

namespace peony::http::api {

Result<std::optional<access::Principal>> SessionAuthenticator::Authenticate(const Request& req) {
  if (auto auth = req.headers.Get("authorization")) {
    constexpr std::string_view kBearer = "bearer ";
    if (auth->size() > kBearer.size() && ToLower(auth->substr(0, kBearer.size())) == kBearer) {
      PEONY_TRY(auto p, sessions_.AuthenticateApiKey(std::string(auth->substr(kBearer.size()))));
      return std::optional<access::Principal>(std::move(p));
    }
  }
  auto token = req.Cookie(kSessionCookie);
  if (!token || token->empty()) return std::optional<access::Principal>();
  PEONY_TRY(auto p, sessions_.Authenticate(*token));
  return std::optional<access::Principal>(std::move(p));
}

}  // namespace peony::http::api
