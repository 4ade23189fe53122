// Internal to the customers module: principals for visibility checks and for writes made on the
// caller's behalf, the organisation's date, and small JSON readers.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "common/time_zone.h"
#include "platform/access/principal.h"
#include "platform/schema/catalog.h"
#include "storage/db.h"

namespace peony::domain::customers::internal {

// A principal with only data.<entity>.read, in the narrower of the caller's scopes for that and
// for `also` (when given; e.g. "customer.merge"); none when the caller lacks either. Reading
// through it checks visibility without unmasking (and auditing) anything.
access::Principal ReaderOf(const access::Principal& p, const std::string& entity,
                           std::string_view also = "");
// The caller's name and ids with every record permission: the module's own permission decides.
access::Principal Acting(const access::Principal& p);
// Records-engine misses (no record, outside the scope, no read permission, no such entity).
bool IsMiss(const Error& e);

// The organisation's time zone (orgs.time_zone; UTC when unknown).
Result<TimeZone> ZoneOf(storage::Conn& c, int64_t org_id);

// The field of `entity` named `name` when it is active and of `type` (any type when empty).
const schema::FieldDef* ActiveField(const schema::EntityDef& e, std::string_view name,
                                    std::string_view type = "");
// True when a relation field points at `target`.
bool Targets(const schema::FieldDef& f, std::string_view target);

// Readers of a record's JSON: an integer field, a string field (nullopt when absent or null).
std::optional<int64_t> IntOf(const boost::json::object& o, std::string_view key);
std::optional<std::string> TextOf(const boost::json::object& o, std::string_view key);
// "no value": absent, null, "", [] or {}.
bool IsBlank(const boost::json::value* v);

// A double-quoted SQL identifier of a validated catalog name.
std::string Q(std::string_view ident);

}  // namespace peony::domain::customers::internal
