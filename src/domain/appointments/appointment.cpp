// Appointment statuses and JSON (appointment.h).
#include "domain/appointments/appointment.h"

#include <algorithm>

namespace peony::domain::appointments {
namespace {

namespace json = boost::json;

json::value IdOrNull(const std::optional<int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::array Ids(const std::vector<int64_t>& ids) {
  json::array out;
  for (int64_t id : ids) out.push_back(id);
  return out;
}

}  // namespace

bool IsStatus(std::string_view s) {
  return std::find(std::begin(kStatuses), std::end(kStatuses), s) != std::end(kStatuses);
}

bool CanTransition(std::string_view from, std::string_view to) {
  if (from == "booked") return to == "confirmed" || to == "checked_in" || to == "no_show";
  if (from == "confirmed") return to == "checked_in" || to == "no_show";
  if (from == "checked_in") return to == "in_service" || to == "completed";
  if (from == "in_service") return to == "completed";
  return false;
}

void SetStatus(Appointment& a, std::string_view status, UtcMillis now) {
  a.status = std::string(status);
  if (status == "confirmed") a.confirmed_at = now;
  if (status == "checked_in") a.checked_in_at = now;
  if (status == "in_service") a.in_service_at = now;
  if (status == "completed") a.completed_at = now;
  if (status == "no_show") a.no_show_at = now;
  if (status == "cancelled") a.cancelled_at = now;
}

std::string LocalTimeText(const TimeZone& zone, UtcMillis t) {
  std::string s = zone.FormatRfc3339Local(t);  // "…T10:30:00.000+08:00"
  const auto dot = s.find('.');
  if (dot != std::string::npos && s.compare(dot, 4, ".000") == 0) s.erase(dot, 4);
  return s;
}

json::object AppointmentJson(const Appointment& a, const TimeZone& zone, const Names& names) {
  auto time = [&](const std::optional<UtcMillis>& t) {
    return t ? json::value(LocalTimeText(zone, *t)) : json::value(nullptr);
  };
  auto name = [](const std::optional<std::string>& n) {
    return n ? json::value(*n) : json::value(nullptr);
  };
  return json::object{{"id", a.id},
                      {"branch_id", a.branch_id},
                      {"customer_id", a.customer_id},
                      {"customer_name", name(names.customer)},
                      {"service_id", a.service_id},
                      {"service_name", name(names.service)},
                      {"practitioner_id", IdOrNull(a.practitioner_id)},
                      {"practitioner_name", name(names.practitioner)},
                      {"assistant_ids", Ids(a.assistant_ids)},
                      {"room_id", IdOrNull(a.room_id)},
                      {"room_name", name(names.room)},
                      {"equipment_ids", Ids(a.equipment_ids)},
                      {"start", LocalTimeText(zone, a.start_at)},
                      {"end", LocalTimeText(zone, a.end_at)},
                      {"status", a.status},
                      {"note", a.note},
                      {"cancel_reason", a.cancel_reason},
                      {"treatment_id", IdOrNull(a.treatment_id)},
                      {"booked_at", LocalTimeText(zone, a.booked_at)},
                      {"confirmed_at", time(a.confirmed_at)},
                      {"checked_in_at", time(a.checked_in_at)},
                      {"in_service_at", time(a.in_service_at)},
                      {"completed_at", time(a.completed_at)},
                      {"no_show_at", time(a.no_show_at)},
                      {"cancelled_at", time(a.cancelled_at)},
                      {"version", a.version}};
}

}  // namespace peony::domain::appointments
