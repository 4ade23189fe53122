// The appointments service: the transaction and idempotency frame, access, availability,
// booking and reading. Changes of an existing appointment are in changes.cpp.
#include "domain/appointments/appointments.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <set>

#include "domain/appointments/errors.h"
#include "domain/appointments/loader.h"
#include "domain/appointments/reminders.h"
#include "domain/appointments/store.h"
#include "domain/cards/store.h"
#include "platform/access/audit.h"

namespace peony::domain::appointments {
namespace {

namespace json = boost::json;

constexpr size_t kMaxSequence = 5;

bool IsMiss(const Error& e) {
  return e.code == "record.not_found" || e.code == "record.forbidden" ||
         e.code == "schema.entity_not_found";
}

std::string Text(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

json::array IdArray(const std::vector<int64_t>& ids) {
  json::array out;
  for (int64_t id : ids) out.push_back(id);
  return out;
}

}  // namespace

Appointments::Appointments(storage::Db& db, records::Records& records, const Clock& clock,
                           notify::Outbox* outbox)
    : db_(db), records_(records), clock_(clock), outbox_(outbox) {
  // The times, resources and status follow the occupancy that guards against double booking;
  // bookings are made, moved and cancelled through /api/v1/appointments. The note stays editable.
  records_.Manage("appointment", {true,
                                  {"customer", "service", "practitioner", "room", "start_at",
                                   "end_at", "status", "treatment"}});
}

Result<Answer> Appointments::Run(const records::Caller& who, std::string_view route,
                                 const Idempotency& idem, int status, const Body& fn) {
  const int64_t org_id = who.principal.org_id;
  if (!idem.key.empty()) PEONY_CHECK(cards::CheckIdempotencyKey(idem.key));
  std::optional<Answer> out;
  PEONY_CHECK(db_.WriteTx([&](storage::Conn& c) -> Status {
    out.reset();
    if (!idem.key.empty()) {
      PEONY_TRY(auto stored, cards::ClaimKey(c, org_id, route, idem, clock_.Now()));
      if (stored) {
        boost::system::error_code ec;
        json::value body = json::parse(stored->body, ec);
        if (ec) return InternalError("stored idempotent answer is not JSON");
        out = Answer{stored->status, std::move(body), true};
        return Ok();
      }
    }
    PEONY_TRY(auto body, fn(c));
    if (!idem.key.empty()) {
      PEONY_CHECK(cards::SaveAnswer(c, org_id, route, idem.key, status, json::serialize(body)));
    }
    out = Answer{status, std::move(body), false};
    return Ok();
  }));
  return std::move(*out);
}

Status Appointments::CheckBranch(const records::Caller& who, const std::string& permission,
                                 int64_t branch_id) {
  const auto& p = who.principal;
  const access::Scope scope = p.ScopeFor(permission);
  if (scope == access::Scope::kNone) return errors::BranchNotFound();
  if (scope != access::Scope::kAll && p.branch_id != branch_id) return errors::BranchNotFound();
  PEONY_TRY(auto exists, db_.Read([&](storage::Conn& c) {
    return internal::BranchExists(c, p.org_id, branch_id);
  }));
  if (!exists) return errors::BranchNotFound();
  return Ok();
}

Status Appointments::CheckCustomer(const records::Caller& who, int64_t customer_id) {
  const access::Principal reader = cards::internal::ReaderOf(who.principal, "customer");
  auto r = records_.Get(records::Caller{reader, who.ip}, "customer", customer_id);
  if (!r.ok()) return IsMiss(r.error()) ? errors::CustomerNotFound() : std::move(r).error();
  return Ok();
}

Result<Appointment> Appointments::LoadVisible(storage::Conn& c, const records::Caller& who,
                                              const std::string& permission, int64_t id,
                                              bool lock) {
  const auto& p = who.principal;
  PEONY_TRY(auto a, internal::LoadAppointment(c, p.org_id, id, lock));
  if (!a) return errors::NotFound();
  const access::Scope scope = p.ScopeFor(permission);
  if (scope == access::Scope::kNone) return errors::NotFound();
  if (scope != access::Scope::kAll && p.branch_id != a->branch_id) return errors::NotFound();
  return std::move(*a);
}

Status Appointments::Audit(storage::Conn& c, const records::Caller& who, std::string action,
                           int64_t id, json::object detail) {
  const auto& p = who.principal;
  return access::AppendAudit(
      c, clock_,
      access::AuditEvent{p.org_id, p.user_id > 0 ? std::optional<int64_t>(p.user_id) : std::nullopt,
                         p.username, std::move(action), "appointment", std::to_string(id), who.ip,
                         std::move(detail)});
}

Status Appointments::Place(storage::Conn& c, Appointment& a, std::optional<int64_t> practitioner,
                           const TimeZone& zone) {
  PEONY_TRY(auto service, internal::LoadService(c, records_, a.org_id, a.service_id));
  if (!service) return errors::UnknownService("service_id");
  const LocalDate day = zone.DateOf(a.start_at);
  const std::vector<ServiceNeeds> one{*service};
  // A booking naming its one practitioner needs no one else's roster, record or bookings.
  const bool only_named = practitioner && service->practitioners <= 1;
  PEONY_TRY(auto resources, internal::LoadResources(c, records_, a.org_id, a.branch_id, day, day,
                                                    zone, one, practitioner, only_named));
  const Choice choice =
      Choose(resources, *service, a.start_at, practitioner, internal::DaysRange(zone, day, day));
  switch (choice.refusal) {
    case Refusal::kNone:
      break;
    case Refusal::kUnknownPractitioner:
      return errors::UnknownPractitioner();
    case Refusal::kUnqualified:
      return errors::PractitionerUnqualified(service->skill);
    case Refusal::kTaken:
      return errors::SlotTaken();
    default:
      return errors::Unavailable(RefusalName(choice.refusal));
  }
  const Times t = TimesOf(*service, a.start_at);
  a.end_at = t.appointment.to;
  a.busy_from = t.busy.from;
  a.busy_to = t.busy.to;
  a.practitioner_id = choice.assignment.practitioner_id;
  a.assistant_ids = choice.assignment.assistant_ids;
  a.room_id = choice.assignment.room_id;
  a.equipment_ids = choice.assignment.equipment_ids;
  return Ok();
}

Status Appointments::PlacePreferring(storage::Conn& c, Appointment& a,
                                     std::optional<int64_t> preferred, const TimeZone& zone) {
  if (!preferred) return Place(c, a, std::nullopt, zone);
  Status first = Place(c, a, preferred, zone);
  if (first.ok()) return first;
  const std::string& code = first.error().code;
  if (code != "appointment.slot_taken" && code != "appointment.unavailable" &&
      code != "appointment.unknown_practitioner" &&
      code != "appointment.practitioner_unqualified") {
    return first;
  }
  return Place(c, a, std::nullopt, zone);
}

std::optional<int64_t> Appointments::Suggest(const records::Caller& who, const BookInput& in) {
  std::optional<int64_t> found;
  (void)db_.ReadTx([&](storage::Conn& c) -> Status {
    PEONY_TRY(auto zone, internal::ZoneOf(c, who.principal.org_id));
    Appointment a;
    a.org_id = who.principal.org_id;
    a.branch_id = in.branch_id;
    a.service_id = in.service_id;
    a.start_at = in.start;
    PEONY_CHECK(Place(c, a, std::nullopt, zone));
    found = a.practitioner_id;
    return Ok();
  });
  return found;
}

Status Appointments::MirrorRecord(storage::Conn& c, const records::Caller& who,
                                  const Appointment& a, const TimeZone& zone) {
  json::object patch{
      {"status", a.status},
      {"start_at", LocalTimeText(zone, a.start_at)},
      {"end_at", LocalTimeText(zone, a.end_at)},
      {"practitioner", a.practitioner_id ? json::value(*a.practitioner_id) : json::value(nullptr)},
      {"room", a.room_id ? json::value(*a.room_id) : json::value(nullptr)}};
  if (a.treatment_id) patch["treatment"] = *a.treatment_id;
  const access::Principal acting = cards::internal::Acting(who.principal);
  PEONY_TRY(auto updated, records_.UpdateInTx(c, records::Caller{acting, who.ip, true},
                                              "appointment", a.id, patch, 0));
  (void)updated;
  return Ok();
}

Result<Names> Appointments::NamesOf(storage::Conn& c, const records::Caller& who,
                                    const Appointment& a) {
  (void)who;
  Names n;
  const int64_t org_id = a.org_id;
  PEONY_TRY(auto service, records_.ReadInTx(c, org_id, "service", a.service_id));
  if (service) n.service = Text(*service, "name");
  if (a.practitioner_id) {
    PEONY_TRY(auto staff, records_.ReadInTx(c, org_id, "staff", *a.practitioner_id));
    if (staff) n.practitioner = Text(*staff, "name");
  }
  if (a.room_id) {
    PEONY_TRY(auto room, records_.ReadInTx(c, org_id, "room", *a.room_id));
    if (room) n.room = Text(*room, "name");
  }
  return n;
}

Result<json::object> Appointments::Availability(const records::Caller& who,
                                                const AvailabilityInput& in) {
  if (in.service_ids.empty()) return errors::Invalid("service_id", "required");
  if (in.service_ids.size() > kMaxSequence) {
    return errors::Invalid("service_ids", "at most 5 services in sequence");
  }
  PEONY_CHECK(CheckRange(in.from, in.to));
  PEONY_CHECK(CheckBranch(who, "appointment.view", in.branch_id));
  const int64_t org_id = who.principal.org_id;
  return db_.Read([&](storage::Conn& c) -> Result<json::object> {
    PEONY_TRY(auto zone, internal::ZoneOf(c, org_id));
    PEONY_TRY(auto step, internal::SlotStep(c, org_id));
    std::vector<ServiceNeeds> services;
    for (int64_t id : in.service_ids) {
      PEONY_TRY(auto s, internal::LoadService(c, records_, org_id, id));
      if (!s)
        return errors::UnknownService(in.service_ids.size() > 1 ? "service_ids" : "service_id");
      services.push_back(std::move(*s));
    }
    PEONY_TRY(auto resources, internal::LoadResources(c, records_, org_id, in.branch_id, in.from,
                                                      in.to, zone, services, in.practitioner_id));
    if (in.practitioner_id) {
      bool known = false;
      for (const auto& p : resources.practitioners) known = known || p.id == *in.practitioner_id;
      if (!known) return errors::UnknownPractitioner();
    }
    SlotQuery q;
    q.from = in.from;
    q.to = in.to;
    q.step_min = step;
    q.not_before = clock_.Now();
    q.practitioner = in.practitioner_id;
    const auto slots = FindSlots(resources, services, zone, q);
    json::array out;
    out.reserve(slots.size());
    for (const auto& s : slots) {
      json::object o{{"start", LocalTimeText(zone, s.start)},
                     {"end", LocalTimeText(zone, s.end)},
                     {"practitioner_ids", IdArray(s.practitioner_ids)}};
      if (s.segments.size() > 1) {
        json::array segs;
        for (const auto& g : s.segments) {
          segs.push_back(json::object{{"service_id", g.service_id},
                                      {"start", LocalTimeText(zone, g.appointment.from)},
                                      {"end", LocalTimeText(zone, g.appointment.to)},
                                      {"practitioner_ids", IdArray(g.practitioner_ids)}});
        }
        o["segments"] = std::move(segs);
      }
      out.push_back(std::move(o));
    }
    return json::object{
        {"slots", std::move(out)}, {"step_min", step}, {"time_zone", std::string(zone.name())}};
  });
}

Result<Answer> Appointments::Book(const records::Caller& who, const BookInput& in,
                                  const Idempotency& idem) {
  if (in.start < clock_.Now()) return errors::InPast();
  PEONY_CHECK(CheckBranch(who, "appointment.book", in.branch_id));
  PEONY_CHECK(CheckCustomer(who, in.customer_id));
  // Finding a free practitioner reads everyone rostered that day: it is done here, before the
  // write (which the bookings of the whole organisation take in turn), and the write checks only
  // the one found again — searching anew if she has been taken in between.
  // On PostgreSQL bookings are written side by side, so two can choose the same free practitioner
  // and the second then fails on her occupancy rows (rolled back, its key unused). A booking for
  // anyone tries again, up to three times in all, with whoever is free by then.
  for (int attempt = 1;; ++attempt) {
    BookInput planned = in;
    if (!in.practitioner_id) planned.suggested_practitioner = Suggest(who, in);
    auto answer =
        Run(who, "appointments.book", idem, 201, [&](storage::Conn& c) -> Result<json::value> {
          PEONY_TRY(auto body, BookInTx(c, who, planned));
          return json::value(std::move(body));
        });
    if (answer.ok() || in.practitioner_id || attempt == 3 ||
        answer.error().code != "appointment.slot_taken") {
      return answer;
    }
  }
}

Result<json::object> Appointments::BookInTx(storage::Conn& c, const records::Caller& who,
                                            const BookInput& in) {
  const UtcMillis now = clock_.Now();
  if (in.start < now) return errors::InPast();
  const int64_t org_id = who.principal.org_id;
  PEONY_TRY(auto zone, internal::ZoneOf(c, org_id));
  Appointment a;
  a.org_id = org_id;
  a.branch_id = in.branch_id;
  a.customer_id = in.customer_id;
  a.service_id = in.service_id;
  a.start_at = in.start;
  a.note = in.note;
  a.booked_at = a.updated_at = now;
  if (who.principal.user_id > 0) a.created_by = who.principal.user_id;
  if (in.practitioner_id) {
    PEONY_CHECK(Place(c, a, in.practitioner_id, zone));
  } else {
    PEONY_CHECK(PlacePreferring(c, a, in.suggested_practitioner, zone));
  }

  json::object record{{"customer", a.customer_id},
                      {"service", a.service_id},
                      {"practitioner", *a.practitioner_id},
                      {"start_at", LocalTimeText(zone, a.start_at)},
                      {"end_at", LocalTimeText(zone, a.end_at)},
                      {"status", "booked"},
                      {"branch_id", a.branch_id}};
  if (a.room_id) record["room"] = *a.room_id;
  if (!a.note.empty()) record["note"] = a.note;
  const access::Principal acting = cards::internal::Acting(who.principal);
  PEONY_TRY(auto created, records_.CreateInTx(c, records::Caller{acting, who.ip, true},
                                              "appointment", record, 0));
  a.id = created.at("id").as_int64();
  PEONY_CHECK(internal::InsertAppointment(c, a));
  // Last: the occupancy rows are the lock others wait on, so nothing else is done while
  // holding them but the reminders and the audit entry.
  PEONY_CHECK(internal::Occupy(c, a));
  PEONY_CHECK(PlanReminders(c, clock_, a, zone));
  PEONY_CHECK(Audit(c, who, "appointment.book", a.id,
                    {{"service_id", a.service_id}, {"branch_id", a.branch_id}}));
  PEONY_TRY(auto names, NamesOf(c, who, a));
  return AppointmentJson(a, zone, names);
}

Result<json::object> Appointments::Get(const records::Caller& who, int64_t id) {
  std::optional<Appointment> found;
  json::object out;
  PEONY_CHECK(db_.ReadTx([&](storage::Conn& c) -> Status {
    PEONY_TRY(auto a, LoadVisible(c, who, "appointment.view", id, false));
    PEONY_TRY(auto zone, internal::ZoneOf(c, a.org_id));
    PEONY_TRY(auto names, NamesOf(c, who, a));
    out = AppointmentJson(a, zone, names);
    found = std::move(a);
    return Ok();
  }));
  // The customer's name as the caller may see it (masked or absent, as records answer).
  const access::Principal reader = cards::internal::ReaderOf(who.principal, "customer");
  auto customer = records_.Get(records::Caller{reader, who.ip}, "customer", found->customer_id);
  if (customer.ok()) {
    if (const auto* n = customer->if_contains("name")) out["customer_name"] = *n;
  }
  return out;
}

Result<json::array> Appointments::List(const records::Caller& who, const ListInput& in) {
  PEONY_CHECK(CheckRange(in.from, in.to));
  const auto& p = who.principal;
  const access::Scope scope = p.ScopeFor("appointment.view");
  std::optional<int64_t> branch = in.branch_id;
  if (branch) {
    PEONY_CHECK(CheckBranch(who, "appointment.view", *branch));
  } else if (scope != access::Scope::kAll) {
    if (!p.branch_id) return errors::BranchNotFound();
    branch = p.branch_id;
  }
  if (in.status && !IsStatus(*in.status)) return errors::Invalid("status", "unknown status");
  std::vector<Appointment> list;
  json::array out;
  PEONY_CHECK(db_.ReadTx([&](storage::Conn& c) -> Status {
    PEONY_TRY(auto zone, internal::ZoneOf(c, p.org_id));
    internal::ListFilter f;
    f.branch_id = branch;
    f.practitioner_id = in.practitioner_id;
    f.room_id = in.room_id;
    f.customer_id = in.customer_id;
    f.status = in.status;
    f.range = internal::DaysRange(zone, in.from, in.to);
    PEONY_TRY(list, internal::ListAppointments(c, p.org_id, f));
    std::map<int64_t, std::string> services, staff, rooms;
    auto name = [&](std::map<int64_t, std::string>& cache, const char* entity,
                    int64_t id) -> Result<std::string> {
      auto it = cache.find(id);
      if (it != cache.end()) return it->second;
      PEONY_TRY(auto r, records_.ReadInTx(c, p.org_id, entity, id));
      return cache[id] = r ? Text(*r, "name") : "";
    };
    for (const auto& a : list) {
      Names n;
      PEONY_TRY(n.service, name(services, "service", a.service_id));
      if (a.practitioner_id) {
        PEONY_TRY(n.practitioner, name(staff, "staff", *a.practitioner_id));
      }
      if (a.room_id) {
        PEONY_TRY(n.room, name(rooms, "room", *a.room_id));
      }
      out.push_back(AppointmentJson(a, zone, n));
    }
    return Ok();
  }));
  // Customers' names through the records engine, with the caller's scope and masks.
  std::set<int64_t> ids;
  for (const auto& a : list) ids.insert(a.customer_id);
  if (!ids.empty()) {
    const access::Principal reader = cards::internal::ReaderOf(p, "customer");
    records::ListQuery q;
    q.filter =
        json::object{{"field", "id"}, {"op", "in"}, {"value", IdArray({ids.begin(), ids.end()})}};
    q.limit = 500;
    auto page = records_.List(records::Caller{reader, who.ip}, "customer", q);
    std::map<int64_t, json::value> names;
    if (page.ok()) {
      for (const auto& item : page->items) {
        const auto& o = item.as_object();
        if (const auto* n = o.if_contains("name")) names[o.at("id").as_int64()] = *n;
      }
    }
    for (size_t i = 0; i < list.size(); ++i) {
      auto it = names.find(list[i].customer_id);
      if (it != names.end()) out[i].as_object()["customer_name"] = it->second;
    }
  }
  return out;
}

}  // namespace peony::domain::appointments
