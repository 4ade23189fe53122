// Internal to the treatments module: principals for acting and reading, record-miss detection
// and the write transaction with an Idempotency-Key's claim and answer.
#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "domain/cards/cards.h"
#include "domain/cards/idempotency.h"
#include "platform/access/principal.h"
#include "storage/db.h"

namespace peony::domain::treatments::internal {

// The caller's name and ids with every record permission (the module's own permission decides).
access::Principal Acting(const access::Principal& p);
// The caller with only `permission` (a data.<entity>.<action>), at `scope` (none: no permission).
// Reading through it checks visibility without unmasking (and auditing) anything.
access::Principal Narrowed(const access::Principal& p, const std::string& permission,
                           access::Scope scope);
// Records-engine misses (not found, outside the scope, no permission, no such entity).
bool IsMiss(const Error& e);

// Runs `fn` in one write transaction with the Idempotency-Key's claim and stored answer.
using Body = std::function<Result<boost::json::value>(storage::Conn&)>;
Result<cards::Answer> RunIdempotent(storage::Db& db, const Clock& clock, int64_t org_id,
                                    std::string_view route, const cards::Idempotency& idem,
                                    int status, const Body& fn);

}  // namespace peony::domain::treatments::internal
