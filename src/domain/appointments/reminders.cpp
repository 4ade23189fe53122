// Appointment reminders (reminders.h).
#include "domain/appointments/reminders.h"

#include "common/log.h"
#include "domain/appointments/store.h"
#include "platform/tasks/tasks.h"

namespace peony::domain::appointments {
namespace {

namespace json = boost::json;

std::string GroupKey(int64_t id) { return "appointment:" + std::to_string(id) + ":remind"; }

std::string Text(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// Sends one reminder of appointment `id` (payload: which, start) inside the job's transaction.
Status Send(storage::Conn& c, const jobs::Job& job, const Clock& clock, records::Records& records,
            notify::Outbox& outbox) {
  if (!job.org_id) return Ok();
  const int64_t org_id = *job.org_id;
  const auto* id = job.payload.if_contains("appointment_id");
  const auto* start = job.payload.if_contains("start");
  const std::string which = Text(job.payload, "which");
  if (!id || !id->is_int64() || !start || !start->is_int64()) return Ok();
  PEONY_TRY(auto a, internal::LoadAppointment(c, org_id, id->as_int64(), false));
  if (!a || !a->Open() || a->start_at != start->as_int64()) return Ok();
  PEONY_TRY(auto zone, internal::ZoneOf(c, org_id));
  PEONY_TRY(auto service, records.ReadInTx(c, org_id, "service", a->service_id));
  const std::string service_name = service ? Text(*service, "name") : "";
  const std::string when = zone.FormatLocal(a->start_at);
  const std::string key =
      "appointment:" + std::to_string(a->id) + ":" + which + ":" + std::to_string(a->start_at);

  PEONY_TRY(auto customer, records.ReadInTx(c, org_id, "customer", a->customer_id));
  const std::string phone = customer ? Text(*customer, "phone") : "";
  if (!phone.empty()) {
    notify::OutgoingMessage m;
    m.org_id = org_id;
    m.channel = "sms";
    m.to = phone;
    m.body = "【预约提醒】您预约的" + service_name + "将于 " + when + " 开始，请准时到店。";
    m.params = {{"service", service_name}, {"time", when}};
    m.entity = "appointment";
    m.record_id = a->id;
    m.source_key = key + ":sms";
    auto sent = outbox.EnqueueInTx(c, m);
    if (!sent.ok()) {
      if (sent.error().code != "notify.bad_recipient") return std::move(sent).error();
      log::Warn("appointment.reminder_recipient", {{"appointment_id", a->id}});
    }
  }
  if (a->practitioner_id) {
    PEONY_TRY(auto staff, records.ReadInTx(c, org_id, "staff", *a->practitioner_id));
    const auto* account = staff ? staff->if_contains("account") : nullptr;
    if (account && account->is_int64()) {
      tasks::NewNotification n;
      n.org_id = org_id;
      n.user_id = account->as_int64();
      n.kind = "appointment";
      n.title = "预约提醒：" + when + " " + service_name;
      n.body = "您有一个预约将于 " + when + " 开始。";
      n.link = "/appointments/" + std::to_string(a->id);
      n.entity = "appointment";
      n.record_id = a->id;
      n.source_key = key + ":staff";
      PEONY_TRY(auto note, tasks::NotifyInTx(c, clock, n));
      (void)note;
    }
  }
  return Ok();
}

}  // namespace

Status DropReminders(storage::Conn& c, const Clock& clock, int64_t appointment_id) {
  PEONY_TRY(auto n, jobs::CancelGroup(c, clock, GroupKey(appointment_id)));
  (void)n;
  return Ok();
}

Status PlanReminders(storage::Conn& c, const Clock& clock, const Appointment& a,
                     const TimeZone& zone) {
  PEONY_CHECK(DropReminders(c, clock, a.id));
  LocalDateTime evening;
  evening.date = AddDays(zone.DateOf(a.start_at), -1);
  evening.h = kDayBeforeHour;
  const std::pair<const char*, UtcMillis> due[] = {
      {"day_before", zone.ToUtc(evening)},
      {"two_hours", a.start_at - kHoursBefore * 60 * kMinuteMs}};
  const UtcMillis now = clock.Now();
  for (const auto& [which, at] : due) {
    if (at <= now) continue;
    jobs::JobSpec spec;
    spec.kind = std::string(kRemindJob);
    spec.org_id = a.org_id;
    spec.payload = {{"appointment_id", a.id}, {"which", which}, {"start", a.start_at}};
    spec.due_at = at;
    spec.idempotency_key = "appointment:" + std::to_string(a.id) + ":remind:" + which + ":" +
                           std::to_string(a.start_at);
    spec.group_key = GroupKey(a.id);
    PEONY_TRY(auto job, jobs::Enqueue(c, clock, spec));
    (void)job;
  }
  return Ok();
}

void RegisterReminders(jobs::Queue& queue, records::Records& records, notify::Outbox& outbox) {
  queue.Register(std::string(kRemindJob), [&queue, &records, &outbox](jobs::JobRun& run) {
    return run.Complete(
        [&](storage::Conn& c) { return Send(c, run.job(), queue.clock(), records, outbox); });
  });
}

}  // namespace peony::domain::appointments
