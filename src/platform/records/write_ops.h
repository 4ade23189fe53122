// Internal to the records engine: one record write inside a transaction the caller holds. The
// public Create/Update (write.cpp), bulk changes and imports all go through these, so validation,
// computed fields, references, search grams and change events are the same on every path.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "platform/records/codec.h"
#include "platform/records/records.h"
#include "platform/schema/catalog.h"
#include "storage/crypto/key_ring.h"
#include "storage/db.h"

namespace peony::records::internal {

// Everything a write needs besides the connection.
struct WriteEnv {
  const schema::Catalog& catalog;
  const schema::EntityDef& e;
  const Caller& who;
  const Clock& clock;
  const storage::crypto::KeyRing& keys;
  schema::NormalizeContext normalize;  // lenient for imports
  bool audit = true;  // one audit entry per record; imports write one for the whole file
  // The organisation's IANA time zone for TODAY(), serial periods and "today" defaults; empty:
  // read from orgs.time_zone in the transaction (imports may fill it once for every row).
  std::string time_zone;
  ChangeObserver* observer = nullptr;  // sees the change event in the transaction
  int depth = 0;                       // passed to the observer (rule actions: > 0)
  const Managed* managed = nullptr;    // what a domain module manages of the entity
  const RowShape* shape = nullptr;  // of w.e, when the caller writes many rows; else built per row
};

// record.managed when the caller may not create, delete or restore records of the entity.
Status CheckManagedRecords(const Managed* managed, const Caller& who, const std::string& entity);
Status CheckManagedRecords(const WriteEnv& w);
// The caller's field access for writing: FieldAccess::For plus the managed fields read-only
// unless the caller is their module.
FieldAccess WriteAccess(const WriteEnv& w);

// Applies defaults to absent fields, validates `input`, draws serial numbers, evaluates formulas
// (compute.h), checks references and inserts the record with its children, search grams and change
// event. Returns the new id; `stored` (optional) receives the record as read back for the event
// (unmasked, without lookups and rollups). Errors: as Records::Create.
Result<int64_t> CreateInTx(storage::Conn& c, const WriteEnv& w, const boost::json::object& input,
                           boost::json::object* stored = nullptr);

// Applies `patch` to record `id` (within `scope`), checking `expected_version` when given,
// re-evaluating every formula over the stored record overlaid with the patch, with its change
// event (which lists formula fields whose value changed). Returns the record before and after the
// change (both unmasked), or record.not_found / record.version_conflict. Errors: as
// Records::Update.
struct UpdateResult {
  boost::json::object before, after;
};
Result<UpdateResult> UpdateInTx(storage::Conn& c, const WriteEnv& w, access::Scope scope,
                                int64_t id, const boost::json::object& patch,
                                std::optional<int64_t> expected_version);

// Soft-deletes record `id` (within `scope`) with its change event. Error: record.not_found.
Status DeleteInTx(storage::Conn& c, const WriteEnv& w, access::Scope scope, int64_t id);

// The change event (record_events, consumed by the rules engine) and, when w.audit, the audit
// entry of one write. Events keep old and new values of ordinary fields; sensitive fields only
// say that they changed; the audit entry names the fields only.
Status RecordChange(storage::Conn& c, const WriteEnv& w, int64_t id, const std::string& kind,
                    const std::vector<std::string>& fields, const boost::json::object* before,
                    const boost::json::object* after);

}  // namespace peony::records::internal
