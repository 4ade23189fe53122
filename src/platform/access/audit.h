// The audit log: append-only and hash-chained. Each entry stores the hash of the previous one, and
// `audit_head` holds the hash and sequence number of the last, so editing, removing or truncating
// any row is detected by VerifyAudit (and `peony audit verify`).
//
// Entries record who did what to which object, never personal data such as names or phone numbers
// (a failed login records the username typed, which is an account identifier, not a person's data).
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "storage/db.h"

namespace peony::access {

struct AuditEvent {
  std::optional<int64_t> org_id;
  std::optional<int64_t> actor_id;
  std::string actor;        // username of the actor, "" for anonymous, "system" for the server
  std::string action;       // "auth.login", "auth.login_failed", "user.create", …
  std::string target_type;  // "user", "role", "session", …
  std::string target_id;
  std::string ip;
  boost::json::object detail;  // small, no personal data
};

// Appends one entry inside the caller's write transaction (so the entry and the change it records
// commit together). On PostgreSQL concurrent appends serialise on the audit_head row lock.
Status AppendAudit(storage::Conn& conn, const Clock& clock, const AuditEvent& event);
// Appends in a transaction of its own.
Status AppendAudit(storage::Db& db, const Clock& clock, const AuditEvent& event);

struct AuditEntry {
  int64_t seq = 0;
  UtcMillis at = 0;
  std::optional<int64_t> actor_id;
  std::string actor, action, target_type, target_id, ip;
  boost::json::object detail;
};

// Entries of an organisation, newest first; `before_seq` continues a page (0: from the newest).
Result<std::vector<AuditEntry>> ListAudit(storage::Db& db, int64_t org_id, int64_t before_seq,
                                          int limit);

struct AuditVerifyReport {
  int64_t checked = 0;                  // entries checked
  std::optional<int64_t> first_broken;  // seq of the first entry that fails, if any
  std::string reason;                   // why it fails (English, for operators)
  bool ok() const { return !first_broken.has_value(); }
};

// Recomputes the whole chain. Reads in pages; safe while the server runs.
Result<AuditVerifyReport> VerifyAudit(storage::Db& db);

}  // namespace peony::access
