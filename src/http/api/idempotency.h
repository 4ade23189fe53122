// The Idempotency-Key header of money and session endpoints (cards, orders, treatments): reading
// it with the request's fingerprint, and answering a stored answer with "Idempotent-Replayed".
#pragma once

#include "common/result.h"
#include "domain/cards/cards.h"
#include "domain/cards/idempotency.h"
#include "http/router.h"
#include "platform/records/records.h"

namespace peony::http::api {

// The Idempotency-Key (empty when absent) and the SHA-256 of the request's path and body, so the
// key reused for another request is refused. Error: idempotency.invalid_key.
Result<domain::cards::Idempotency> IdempotencyOf(const Request& req);

// The answer as a response; a replayed answer carries "Idempotent-Replayed: true".
Response AnswerResponse(const domain::cards::Answer& a);

// The records caller of a request: the signed-in principal and the remote address.
records::Caller CallerOf(const Request& req, const RequestContext& rc);

}  // namespace peony::http::api
