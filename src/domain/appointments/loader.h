// Internal to the appointments module: fills the planner's inputs from the database — services,
// staff, rooms and equipment from their records (read through the records engine), rosters,
// opening hours, leave and bookings from the module's tables.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "common/result.h"
#include "common/time_zone.h"
#include "domain/appointments/planner.h"
#include "platform/records/records.h"
#include "storage/db.h"

namespace peony::domain::appointments::internal {

// The service's needs; nullopt when the organisation has no such live service.
Result<std::optional<ServiceNeeds>> LoadService(storage::Conn& c, records::Records& records,
                                                int64_t org_id, int64_t service_id);

// The practitioners (staff records on the branch's roster in the range, plus `extra_staff`, which
// gets no working time unless rostered; inactive staff left out), rooms and equipment of the
// branch (only when a service needs them), with their bookings, working time and opening hours
// over the local days from..to. `only_extra` (a booking that names its one practitioner): the
// practitioners are `extra_staff` alone, and only their roster rows are read.
Result<Resources> LoadResources(storage::Conn& c, records::Records& records, int64_t org_id,
                                int64_t branch_id, const LocalDate& from, const LocalDate& to,
                                const TimeZone& zone, std::span<const ServiceNeeds> services,
                                std::optional<int64_t> extra_staff = std::nullopt,
                                bool only_extra = false);

// The instants of the local days from..to: [start of from, start of the day after to).
Interval DaysRange(const TimeZone& zone, const LocalDate& from, const LocalDate& to);

}  // namespace peony::domain::appointments::internal
