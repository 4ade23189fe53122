// Idempotency keys: the first answer to a request carrying an Idempotency-Key is stored in the
// same transaction as the change it answers; a later request with the same key (and the same
// request) gets that answer back without a second change.
//
// Concurrency: ClaimKey inserts the key row first thing in the write transaction. A concurrent
// request with the same key blocks on that row (PostgreSQL: the unique index; SQLite: the single
// writer) until the first transaction ends; if it committed, the second finds the stored answer;
// if it rolled back (the request failed, nothing was written), the second runs afresh. So a key
// never causes two changes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "storage/db.h"

namespace peony::domain::cards {

inline constexpr size_t kMaxIdempotencyKey = 200;

// The Idempotency-Key of a request (empty: none) and a fingerprint of the request it came with
// (e.g. the SHA-256 of its path and body), to refuse the key's reuse for another request.
struct Idempotency {
  std::string key;
  std::string request_hash;
};

struct StoredAnswer {
  int status = 0;
  std::string body;  // JSON text
};

// Error: idempotency.invalid_key unless 1-200 printable ASCII characters.
Status CheckIdempotencyKey(std::string_view key);

// In the caller's write transaction: nullopt when this request now holds the key (run it, then
// SaveAnswer); the stored answer when an earlier request with the key committed. Error:
// idempotency.key_reused when that request's hash differs.
Result<std::optional<StoredAnswer>> ClaimKey(storage::Conn& c, int64_t org_id,
                                             std::string_view route, const Idempotency& idem,
                                             UtcMillis now);
// Stores the answer of the request holding the key (same transaction as ClaimKey).
Status SaveAnswer(storage::Conn& c, int64_t org_id, std::string_view route, std::string_view key,
                  int status, std::string_view body);

}  // namespace peony::domain::cards
