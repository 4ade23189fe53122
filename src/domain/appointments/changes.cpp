// Changes of an existing appointment — reschedule, cancel, status — and the waitlist. Each runs
// in one transaction under the appointment's row lock (PostgreSQL: FOR UPDATE; SQLite: the single
// writer): the occupancy, the row, its record, its reminders and the audit entry change together.
#include "common/log.h"
#include "domain/appointments/appointments.h"
#include "domain/appointments/errors.h"
#include "domain/appointments/loader.h"
#include "domain/appointments/reminders.h"
#include "domain/appointments/store.h"
#include "domain/cards/store.h"
#include "platform/notify/outbox.h"
#include "platform/tasks/tasks.h"

namespace peony::domain::appointments {
namespace {

namespace json = boost::json;

std::string Text(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

Result<Answer> Appointments::Reschedule(const records::Caller& who, int64_t id,
                                        const RescheduleInput& in, const Idempotency& idem) {
  const UtcMillis now = clock_.Now();
  if (in.start < now) return errors::InPast();
  return Run(
      who, "appointments.reschedule", idem, 200, [&](storage::Conn& c) -> Result<json::value> {
        PEONY_TRY(auto a, LoadVisible(c, who, "appointment.manage", id, true));
        if (!a.Open()) return errors::BadTransition(a.status, "rescheduled");
        PEONY_TRY(auto zone, internal::ZoneOf(c, a.org_id));
        const UtcMillis old_start = a.start_at;
        const std::optional<int64_t> old_practitioner = a.practitioner_id;
        PEONY_CHECK(internal::Release(c, a.id));
        a.start_at = in.start;
        if (in.practitioner_id) {
          PEONY_CHECK(Place(c, a, in.practitioner_id, zone));
        } else {
          // The same practitioner when free then; else whoever is.
          PEONY_CHECK(PlacePreferring(c, a, old_practitioner, zone));
        }
        PEONY_CHECK(internal::Occupy(c, a));
        PEONY_CHECK(internal::SaveAppointment(c, a, now));
        PEONY_CHECK(MirrorRecord(c, who, a, zone));
        PEONY_CHECK(PlanReminders(c, clock_, a, zone));
        PEONY_CHECK(Audit(
            c, who, "appointment.reschedule", a.id,
            {{"from", LocalTimeText(zone, old_start)}, {"to", LocalTimeText(zone, a.start_at)}}));
        PEONY_TRY(auto names, NamesOf(c, who, a));
        return json::value(AppointmentJson(a, zone, names));
      });
}

Result<Answer> Appointments::Cancel(const records::Caller& who, int64_t id,
                                    const std::string& reason, const Idempotency& idem) {
  const UtcMillis now = clock_.Now();
  return Run(who, "appointments.cancel", idem, 200, [&](storage::Conn& c) -> Result<json::value> {
    PEONY_TRY(auto a, LoadVisible(c, who, "appointment.manage", id, true));
    if (!a.Open()) return errors::BadTransition(a.status, "cancelled");
    PEONY_TRY(auto zone, internal::ZoneOf(c, a.org_id));
    PEONY_CHECK(internal::Release(c, a.id));
    SetStatus(a, "cancelled", now);
    a.cancel_reason = reason;
    PEONY_CHECK(internal::SaveAppointment(c, a, now));
    PEONY_CHECK(MirrorRecord(c, who, a, zone));
    PEONY_CHECK(DropReminders(c, clock_, a.id));
    PEONY_CHECK(Audit(c, who, "appointment.cancel", a.id, {}));
    if (a.start_at > now) PEONY_CHECK(OfferToWaitlist(c, who, a, zone));
    PEONY_TRY(auto names, NamesOf(c, who, a));
    return json::value(AppointmentJson(a, zone, names));
  });
}

Result<Answer> Appointments::ChangeStatus(const records::Caller& who, int64_t id,
                                          const std::string& status, const Idempotency& idem) {
  const UtcMillis now = clock_.Now();
  return Run(who, "appointments.status", idem, 200, [&](storage::Conn& c) -> Result<json::value> {
    PEONY_TRY(auto a, LoadVisible(c, who, "appointment.manage", id, true));
    if (!CanTransition(a.status, status)) return errors::BadTransition(a.status, status);
    PEONY_TRY(auto zone, internal::ZoneOf(c, a.org_id));
    const access::Principal acting = cards::internal::Acting(who.principal);
    if (status == "checked_in" && !a.treatment_id) {
      json::object treatment{{"customer", a.customer_id},
                             {"service", a.service_id},
                             {"status", "in_progress"},
                             {"treated_at", LocalTimeText(zone, now)},
                             {"branch_id", a.branch_id}};
      if (a.practitioner_id) {
        PEONY_TRY(auto staff, records_.ReadInTx(c, a.org_id, "staff", *a.practitioner_id));
        const auto* account = staff ? staff->if_contains("account") : nullptr;
        if (account && account->is_int64()) treatment["practitioner"] = account->as_int64();
      }
      PEONY_TRY(auto created,
                records_.CreateInTx(c, records::Caller{acting, who.ip}, "treatment", treatment, 0));
      a.treatment_id = created.at("id").as_int64();
    }
    SetStatus(a, status, now);
    PEONY_CHECK(internal::SaveAppointment(c, a, now));
    PEONY_CHECK(MirrorRecord(c, who, a, zone));
    if (status != "confirmed") PEONY_CHECK(DropReminders(c, clock_, a.id));
    PEONY_CHECK(Audit(c, who, "appointment.status", a.id, {{"status", status}}));
    PEONY_TRY(auto names, NamesOf(c, who, a));
    return json::value(AppointmentJson(a, zone, names));
  });
}

Result<Answer> Appointments::AddToWaitlist(const records::Caller& who, const WaitlistInput& in) {
  PEONY_CHECK(CheckBranch(who, "appointment.book", in.branch_id));
  PEONY_CHECK(CheckCustomer(who, in.customer_id));
  const int64_t org_id = who.principal.org_id;
  return Run(who, "appointments.waitlist", {}, 201, [&](storage::Conn& c) -> Result<json::value> {
    PEONY_TRY(auto zone, internal::ZoneOf(c, org_id));
    if (in.day < zone.DateOf(clock_.Now())) return errors::Invalid("date", "in the past");
    PEONY_TRY(auto service, internal::LoadService(c, records_, org_id, in.service_id));
    if (!service) return errors::UnknownService("service_id");
    internal::WaitEntry w;
    w.branch_id = in.branch_id;
    w.customer_id = in.customer_id;
    w.service_id = in.service_id;
    w.day = FormatDate(in.day);
    if (who.principal.user_id > 0) w.created_by = who.principal.user_id;
    PEONY_TRY(auto id, internal::AddWaitEntry(c, org_id, w, clock_.Now()));
    PEONY_CHECK(Audit(c, who, "appointment.waitlist", id, {{"service_id", in.service_id}}));
    return json::value(json::object{{"id", id},
                                    {"customer_id", in.customer_id},
                                    {"service_id", in.service_id},
                                    {"branch_id", in.branch_id},
                                    {"date", w.day},
                                    {"status", "waiting"}});
  });
}

Status Appointments::OfferToWaitlist(storage::Conn& c, const records::Caller& who,
                                     const Appointment& freed, const TimeZone& zone) {
  const LocalDate day = zone.DateOf(freed.start_at);
  PEONY_TRY(auto waiting, internal::Waiting(c, freed.org_id, freed.branch_id, FormatDate(day)));
  if (waiting.empty()) return Ok();
  PEONY_TRY(auto step, internal::SlotStep(c, freed.org_id));
  const UtcMillis now = clock_.Now();
  for (const auto& w : waiting) {
    PEONY_TRY(auto service, internal::LoadService(c, records_, freed.org_id, w.service_id));
    if (!service) continue;
    const std::vector<ServiceNeeds> one{*service};
    PEONY_TRY(auto resources, internal::LoadResources(c, records_, freed.org_id, freed.branch_id,
                                                      day, day, zone, one));
    SlotQuery q;
    q.from = q.to = day;
    q.step_min = step;
    q.not_before = now;
    const auto slots = FindSlots(resources, one, zone, q);
    if (slots.empty()) continue;
    // The slot nearest the freed time.
    const Slot* best = &slots.front();
    for (const auto& s : slots) {
      if (std::llabs(s.start - freed.start_at) < std::llabs(best->start - freed.start_at)) {
        best = &s;
      }
    }
    PEONY_CHECK(internal::MarkOffered(c, w.id, best->start, now));
    const std::string when = zone.FormatLocal(best->start);
    const int64_t assignee = w.created_by.value_or(who.principal.user_id);
    if (assignee > 0) {
      tasks::NewTask t;
      t.org_id = freed.org_id;
      t.branch_id = freed.branch_id;
      t.assignee_id = assignee;
      t.title = "候补可约：" + service->name + " " + when;
      t.body = "候补客户可预约 " + when + " 的" + service->name + "，请联系客户确认并预约。";
      t.due_at = best->start;
      t.entity = "customer";
      t.record_id = w.customer_id;
      t.source_key = "appointment-waitlist:" + std::to_string(w.id) + ":offer";
      PEONY_TRY(auto task, tasks::CreateTaskInTx(c, clock_, t));
      (void)task;
    }
    if (outbox_) {
      PEONY_TRY(auto customer, records_.ReadInTx(c, freed.org_id, "customer", w.customer_id));
      const std::string phone = customer ? Text(*customer, "phone") : "";
      if (!phone.empty()) {
        notify::OutgoingMessage m;
        m.org_id = freed.org_id;
        m.channel = "sms";
        m.to = phone;
        m.body = "【候补通知】您候补的" + service->name + "在 " + when +
                 " 有空位，请尽快联系门店确认预约。";
        m.params = {{"service", service->name}, {"time", when}};
        m.entity = "customer";
        m.record_id = w.customer_id;
        m.source_key = "appointment-waitlist:" + std::to_string(w.id) + ":sms";
        auto sent = outbox_->EnqueueInTx(c, m);
        if (!sent.ok() && sent.error().code != "notify.bad_recipient") {
          return std::move(sent).error();
        }
      }
    }
    break;
  }
  return Ok();
}

}  // namespace peony::domain::appointments
