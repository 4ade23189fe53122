// Idempotency keys (idempotency.h). The claim is INSERT … ON CONFLICT DO NOTHING on both engines:
// on PostgreSQL a second inserter waits for the first transaction and then inserts nothing; in
// READ COMMITTED its next statement sees the committed row and answer.
#include "domain/cards/idempotency.h"

#include "domain/cards/errors.h"

namespace peony::domain::cards {

Status CheckIdempotencyKey(std::string_view key) {
  if (key.empty() || key.size() > kMaxIdempotencyKey) return errors::InvalidIdempotencyKey();
  for (char ch : key) {
    if (ch < 0x21 || ch > 0x7e) return errors::InvalidIdempotencyKey();
  }
  return Ok();
}

Result<std::optional<StoredAnswer>> ClaimKey(storage::Conn& c, int64_t org_id,
                                             std::string_view route, const Idempotency& idem,
                                             UtcMillis now) {
  PEONY_TRY(auto inserted,
            c.Exec("INSERT INTO idempotency_keys (org_id, route, idem_key, request_hash, "
                   "created_at) VALUES (?, ?, ?, ?, ?) "
                   "ON CONFLICT (org_id, route, idem_key) DO NOTHING",
                   {org_id, route, idem.key, idem.request_hash, now}));
  if (inserted == 1) return std::optional<StoredAnswer>();
  PEONY_TRY(auto rows, c.Query("SELECT request_hash, response_status, response_body "
                               "FROM idempotency_keys WHERE org_id = ? AND route = ? AND "
                               "idem_key = ?",
                               {org_id, route, idem.key}));
  if (rows.empty() || rows.IsNull(0, 1)) {
    return InternalError("idempotency key row without an answer");
  }
  if (rows.Text(0, 0) != idem.request_hash) return errors::IdempotencyKeyReused();
  return std::optional<StoredAnswer>(
      StoredAnswer{static_cast<int>(rows.Int(0, 1)), rows.Text(0, 2)});
}

Status SaveAnswer(storage::Conn& c, int64_t org_id, std::string_view route, std::string_view key,
                  int status, std::string_view body) {
  PEONY_TRY(auto n, c.Exec("UPDATE idempotency_keys SET response_status = ?, response_body = ? "
                           "WHERE org_id = ? AND route = ? AND idem_key = ?",
                           {status, body, org_id, route, key}));
  if (n != 1) return InternalError("idempotency key row vanished");
  return Ok();
}

}  // namespace peony::domain::cards
