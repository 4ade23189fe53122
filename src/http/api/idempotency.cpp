#include "http/api/idempotency.h"

#include "common/strings.h"
#include "storage/crypto/crypto.h"

namespace peony::http::api {

Result<domain::cards::Idempotency> IdempotencyOf(const Request& req) {
  domain::cards::Idempotency idem;
  auto key = req.headers.Get("Idempotency-Key");
  if (!key) return idem;
  PEONY_CHECK(domain::cards::CheckIdempotencyKey(*key));
  idem.key = std::string(*key);
  idem.request_hash = HexEncode(storage::crypto::Sha256(req.path + "\n" + req.body));
  return idem;
}

Response AnswerResponse(const domain::cards::Answer& a) {
  Response r = JsonResponse(a.status, a.body);
  if (a.replayed) r.Header("Idempotent-Replayed", "true");
  return r;
}

records::Caller CallerOf(const Request& req, const RequestContext& rc) {
  return records::Caller{rc.user(), req.remote_addr};
}

}  // namespace peony::http::api
