// An appointment as the module keeps it (the row of `appointments`), its statuses and their
// allowed transitions, and its JSON.
//
// Statuses: booked → confirmed → checked_in → in_service → completed; booked and confirmed may
// also become no_show or cancelled (cancel), checked_in may go straight to completed. Each status
// has its time (booked_at, confirmed_at, …).
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/time_zone.h"

namespace peony::domain::appointments {

struct Appointment {
  int64_t id = 0;  // the `appointment` record's id
  int64_t org_id = 0, branch_id = 0, customer_id = 0, service_id = 0;
  std::optional<int64_t> practitioner_id;
  std::vector<int64_t> assistant_ids;
  std::optional<int64_t> room_id;
  std::vector<int64_t> equipment_ids;
  UtcMillis start_at = 0, end_at = 0;
  UtcMillis busy_from = 0, busy_to = 0;  // with buffers, bucket-rounded
  std::string status = "booked";
  std::string note, cancel_reason;
  std::optional<int64_t> treatment_id;
  UtcMillis booked_at = 0;
  std::optional<UtcMillis> confirmed_at, checked_in_at, in_service_at, completed_at, no_show_at,
      cancelled_at;
  std::optional<int64_t> created_by;
  UtcMillis updated_at = 0;
  int64_t version = 1;

  // True while it holds its practitioners, room and equipment and may still move.
  bool Open() const { return status == "booked" || status == "confirmed"; }
};

inline constexpr std::string_view kStatuses[] = {
    "booked", "confirmed", "checked_in", "in_service", "completed", "no_show", "cancelled"};
bool IsStatus(std::string_view s);
// True when `from` may become `to` through POST …/status (cancelling has its own route).
bool CanTransition(std::string_view from, std::string_view to);
// Sets the status and its time.
void SetStatus(Appointment& a, std::string_view status, UtcMillis now);

// Names shown with an appointment (absent: unknown or not visible to the caller).
struct Names {
  std::optional<std::string> customer, service, practitioner, room;
};

// {"id","branch_id","customer_id","customer_name","service_id","service_name",
//  "practitioner_id","practitioner_name","assistant_ids","room_id","room_name","equipment_ids",
//  "start","end" (RFC 3339 with the zone's offset),"status","note","cancel_reason",
//  "treatment_id","booked_at","confirmed_at",…,"version"}
boost::json::object AppointmentJson(const Appointment& a, const TimeZone& zone,
                                    const Names& names = {});
// RFC 3339 with the zone's offset and no fraction: "2026-11-25T10:00:00+08:00".
std::string LocalTimeText(const TimeZone& zone, UtcMillis t);

}  // namespace peony::domain::appointments
