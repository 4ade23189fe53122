// Appointment reminders: jobs ("appointment.remind") planned when an appointment is booked — the
// day before at 18:00 local time and 2 hours before the start — each sending the customer an SMS
// through the notification outbox and the practitioner an in-app notification. The jobs of one
// appointment share the group key "appointment:<id>:remind", so a cancel drops them and a
// reschedule drops and plans them again, in the change's transaction. A reminder that runs
// finds the appointment again and sends nothing when it is no longer open or has moved.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "common/time_zone.h"
#include "domain/appointments/appointment.h"
#include "platform/jobs/jobs.h"
#include "platform/notify/outbox.h"
#include "platform/records/records.h"
#include "storage/db.h"

namespace peony::domain::appointments {

inline constexpr std::string_view kRemindJob = "appointment.remind";
inline constexpr int kDayBeforeHour = 18;
inline constexpr int64_t kHoursBefore = 2;

// In the caller's transaction: drops the appointment's pending reminders and plans those still
// ahead of the clock.
Status PlanReminders(storage::Conn& c, const Clock& clock, const Appointment& a,
                     const TimeZone& zone);
// In the caller's transaction: drops the appointment's pending reminders.
Status DropReminders(storage::Conn& c, const Clock& clock, int64_t appointment_id);

// Registers the handler of kRemindJob on `queue` (before it starts). All must outlive the queue's
// runners.
void RegisterReminders(jobs::Queue& queue, records::Records& records, notify::Outbox& outbox);

}  // namespace peony::domain::appointments
