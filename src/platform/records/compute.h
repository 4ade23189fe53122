// Internal to the records engine: fields the engine computes rather than people.
//
// On save (compute_write.cpp, called by CreateInTx/UpdateInTx inside the write transaction):
//  - defaults: options.default fills a field absent from a create's input, before validation, so
//    it is normalised like input ("today"/"now" for dates, "me" for people);
//  - serial numbers: drawn on create from serial_counters with one upsert in the record's own
//    transaction (a rolled-back create gives its number back: no gaps, no duplicates);
//  - formulas: evaluated after validation, in dependency order, over the record as it will be
//    stored (on update: the stored record overlaid with the patch, sub-form rows included), and
//    stored in their columns. A formula that fails at run time (division by zero, …) stores null:
//    a save never fails because of a formula.
// Dates (TODAY(), serial periods, "today") are in the organisation's time zone (orgs.time_zone).
//
// On read (compute_read.cpp): lookups and rollups, which have no column, are filled into the
// records of a page with one query per lookup field (or rollup over another entity) per page.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "common/time_zone.h"
#include "platform/access/principal.h"
#include "platform/formula/evaluator.h"
#include "platform/records/codec.h"
#include "platform/schema/catalog.h"
#include "storage/crypto/key_ring.h"
#include "storage/db.h"

namespace peony::records::internal {

// The computed fields of an entity that matter on save; all empty for most entities, and then
// the save costs nothing extra.
struct SavePlan {
  std::vector<const schema::FieldDef*> defaults;  // active fields with options.default
  std::vector<const schema::FieldDef*> serials;   // active serial fields
  bool formulas = false;                          // any active formula field
  bool NeedsTime() const { return !defaults.empty() || !serials.empty() || formulas; }
};
SavePlan PlanSave(const schema::EntityDef& e);

// The organisation's time zone (orgs.time_zone; Asia/Shanghai when unset or unknown).
Result<TimeZone> OrgTimeZone(storage::Conn& c, int64_t org_id);

// `input` with the defaults of absent fields added. `zone` gives "today".
boost::json::object WithDefaults(const SavePlan& plan, const boost::json::object& input,
                                 UtcMillis now, const TimeZone& zone, int64_t user_id);

// Draws the next number of every serial field for a record created on `date` in branch
// `branch_id`, adding the columns (and search text) to `p` and the values to `values`.
Status AssignSerials(storage::Conn& c, const SavePlan& plan, int64_t org_id,
                     std::optional<int64_t> branch_id, const LocalDate& date, Prepared& p,
                     boost::json::object& values);

// Overlays the fields present in `input` on `values` (a record as API JSON), normalised as a
// write stores them. Input has already passed PrepareInput; fields that fail are skipped.
void OverlayInput(const schema::EntityDef& e, const boost::json::object& input,
                  const schema::NormalizeContext& ctx, boost::json::object& values);

// Evaluates every formula field of `e` over `values` in dependency order, writing each result
// into `values` (for the formulas after it) and its column into `p`. Formula fields whose value
// differs from `before` (when given) are added to p.fields.
Status ComputeFormulas(const schema::EntityDef& e, const formula::EvalContext& ctx,
                       boost::json::object& values, const boost::json::object* before, Prepared& p);

// Fills the lookup and rollup fields of `records` (read with RowToJson and LoadChildren). A
// lookup of a sensitive field is masked unless `p` holds data.<target>.unmask (unmasked ones are
// added to `revealed` for the audit); a lookup of a field hidden from `p` on the target entity
// (field_access.h) stays null. Rollups over other entities count live records of the
// organisation whatever the caller's scope.
Status FillVirtual(storage::Conn& c, const schema::Catalog& catalog, const schema::EntityDef& e,
                   const access::Principal& p, const storage::crypto::KeyRing& keys,
                   std::map<int64_t, boost::json::object*>& records,
                   std::set<std::string>* revealed);

}  // namespace peony::records::internal
