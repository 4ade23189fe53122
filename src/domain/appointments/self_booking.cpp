// Self-booking: the branch's page, its slots and the booking (self_booking.h). Codes, settings
// and parsing are in self_booking_codes.cpp.
#include "domain/appointments/self_booking.h"

#include <algorithm>
#include <set>

#include "domain/appointments/errors.h"
#include "domain/appointments/loader.h"
#include "domain/appointments/self_booking_errors.h"
#include "domain/appointments/store.h"
#include "platform/notify/recipient.h"

namespace peony::domain::appointments {
namespace {

namespace json = boost::json;

std::string Text(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

int64_t Int(const json::object& o, std::string_view key, int64_t fallback) {
  const auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : fallback;
}

std::vector<std::string> Strings(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  const auto* v = o.if_contains(key);
  if (!v || !v->is_array()) return out;
  for (const auto& x : v->as_array()) {
    if (x.is_string()) out.emplace_back(x.as_string());
  }
  return out;
}

// A switch left empty counts as on (as the loader reads it).
bool Active(const json::object& o) {
  const auto* v = o.if_contains("active");
  return !(v && v->is_bool() && !v->as_bool());
}

bool Has(const std::vector<std::string>& list, std::string_view x) {
  return std::find(list.begin(), list.end(), x) != list.end();
}

// The live active records of `entity` (of the branch when branch_id is set), at most 500; none
// when the organisation has no such entity.
Result<std::vector<json::object>> ActiveRecords(storage::Conn& c, records::Records& records,
                                                int64_t org_id, const std::string& entity,
                                                std::optional<int64_t> branch_id) {
  json::value filter;
  if (branch_id) filter = json::object{{"field", "branch_id"}, {"op", "eq"}, {"value", *branch_id}};
  auto ids = records.SelectIdsInTx(c, org_id, entity, branch_id ? &filter : nullptr, 500);
  std::vector<json::object> out;
  if (!ids.ok()) {
    if (ids.error().code == "schema.entity_not_found") return out;
    return std::move(ids).error();
  }
  for (int64_t id : *ids) {
    PEONY_TRY(auto r, records.ReadInTx(c, org_id, entity, id));
    if (r && Active(*r)) out.push_back(std::move(*r));
  }
  return out;
}

// Only what booking needs, in the branch: the appointment routes' checks and the records
// engine's then allow nothing more. An API key's own user signs the booking.
access::Principal BookingPrincipal(int64_t org_id, int64_t branch_id,
                                   const access::Principal* trusted) {
  access::Principal p;
  p.org_id = org_id;
  p.branch_id = branch_id;
  p.method = access::AuthMethod::kApiKey;
  if (trusted) {
    p.user_id = trusted->user_id;
    p.username = trusted->username;
    p.display_name = trusted->display_name;
    p.session_id = trusted->session_id;
  } else {
    p.username = "self_booking";
    p.display_name = "自助预约";
  }
  for (const char* perm :
       {"appointment.view", "appointment.book", "data.customer.read", "data.customer.create"}) {
    p.permissions.insert(perm);
    p.scopes[perm] = access::Scope::kBranch;
  }
  return p;
}

// The customer source of self-booked customers: self_booking when the field offers it, else
// walk_in, else none.
Result<std::optional<std::string>> SourceChoice(storage::Conn& c, schema::CatalogStore& catalog) {
  PEONY_TRY(auto snapshot, catalog.Snapshot(c));
  const schema::EntityDef* e = snapshot->Find("customer");
  const schema::FieldDef* f = e ? e->FindField("source") : nullptr;
  if (!f || f->retired || f->type != "select") return std::optional<std::string>();
  const auto* choices = f->options.if_contains("choices");
  if (!choices || !choices->is_array()) return std::optional<std::string>();
  std::set<std::string> keys;
  for (const auto& ch : choices->as_array()) {
    const auto* k = ch.is_object() ? ch.as_object().if_contains("key") : nullptr;
    if (k && k->is_string()) keys.emplace(k->as_string());
  }
  for (const char* want : {"self_booking", "walk_in"}) {
    if (keys.count(want)) return std::optional<std::string>(want);
  }
  return std::optional<std::string>();
}

}  // namespace

Result<SelfBooking::Branch> SelfBooking::Open(int64_t branch_id, const PublicCaller& who) {
  Branch b;
  bool found = false;
  PEONY_CHECK(db_.ReadTx([&](storage::Conn& c) -> Status {
    PEONY_TRY(auto rows, c.Query("SELECT org_id, name FROM branches WHERE id = ? AND active = ?",
                                 {branch_id, true}));
    if (rows.empty()) return Ok();
    found = true;
    b.id = branch_id;
    b.org_id = rows.Int(0, 0);
    b.name = rows.Text(0, 1);
    return Ok();
  }));
  if (!found) return public_errors::NotFound();
  if (who.trusted) {
    // A key books in its own organisation, in a branch its appointment.book scope covers.
    const access::Principal& p = *who.trusted;
    const access::Scope scope = p.ScopeFor("appointment.book");
    if (p.org_id != b.org_id || scope == access::Scope::kNone ||
        (scope != access::Scope::kAll && p.branch_id != branch_id)) {
      return public_errors::NotFound();
    }
  }
  PEONY_TRY(b.settings, Settings(b.org_id));
  if (!who.trusted && !b.settings.enabled) return public_errors::NotFound();
  b.principal = BookingPrincipal(b.org_id, branch_id, who.trusted);
  return b;
}

Result<std::vector<json::object>> SelfBooking::Offered(storage::Conn& c, const Branch& b) {
  PEONY_TRY(auto zone, internal::ZoneOf(c, b.org_id));
  const LocalDate today = zone.DateOf(clock_.Now());
  PEONY_TRY(auto services, ActiveRecords(c, records_, b.org_id, "service", std::nullopt));
  PEONY_TRY(auto staff_ids,
            internal::RosteredStaff(c, b.org_id, b.id, today, AddDays(today, kBookAheadDays)));
  std::vector<std::vector<std::string>> skills;  // of each active rostered practitioner
  for (int64_t id : staff_ids) {
    auto r = records_.ReadInTx(c, b.org_id, "staff", id);
    if (!r.ok()) {
      if (r.error().code == "schema.entity_not_found") break;
      return std::move(r).error();
    }
    if (*r && Active(**r)) skills.push_back(Strings(**r, "skills"));
  }
  bool rooms_needed = false, equipment_needed = false;
  for (const auto& s : services) {
    rooms_needed = rooms_needed || !Text(s, "room_type").empty();
    equipment_needed = equipment_needed || !Strings(s, "equipment").empty();
  }
  std::vector<json::object> rooms, equipment;
  if (rooms_needed || equipment_needed) {
    PEONY_TRY(rooms, ActiveRecords(c, records_, b.org_id, "room", b.id));
  }
  if (equipment_needed) {
    PEONY_TRY(equipment, ActiveRecords(c, records_, b.org_id, "equipment", b.id));
  }

  std::vector<json::object> out;
  for (auto& s : services) {
    const std::string skill = Text(s, "required_skill");
    std::string assistant = Text(s, "assistant_skill");
    if (assistant.empty()) assistant = skill;
    const int64_t needed = std::clamp<int64_t>(Int(s, "practitioners_needed", 1), 1, 3);
    int64_t leads = 0, team = 0;
    for (const auto& k : skills) {
      const bool lead = skill.empty() || Has(k, skill);
      leads += lead ? 1 : 0;
      team += lead || assistant.empty() || Has(k, assistant) ? 1 : 0;
    }
    if (leads == 0 || team < needed) continue;
    const std::string room_type = Text(s, "room_type");
    bool fits = room_type.empty();
    std::vector<std::string> at_hand;  // equipment kinds in the fitting rooms and the branch
    for (const auto& r : rooms) {
      if (!room_type.empty() && Text(r, "room_type") != room_type) continue;
      fits = true;
      for (auto& k : Strings(r, "equipment")) at_hand.push_back(std::move(k));
    }
    for (const auto& e : equipment) at_hand.push_back(Text(e, "kind"));
    for (const auto& kind : Strings(s, "equipment")) fits = fits && Has(at_hand, kind);
    if (fits) out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(), [](const json::object& a, const json::object& b) {
    return Int(a, "id", 0) < Int(b, "id", 0);
  });
  return out;
}

Status SelfBooking::CheckOffered(const Branch& b, int64_t service_id) {
  bool offered = false;
  PEONY_CHECK(db_.ReadTx([&](storage::Conn& c) -> Status {
    PEONY_TRY(auto services, Offered(c, b));
    for (const auto& s : services) offered = offered || Int(s, "id", 0) == service_id;
    return Ok();
  }));
  if (!offered) return public_errors::Invalid("service_id", "not offered at this branch");
  return Ok();
}

Result<json::object> SelfBooking::Page(int64_t branch_id, const PublicCaller& who) {
  PEONY_TRY(auto b, Open(branch_id, who));
  json::array services;
  std::string today, time_zone;
  PEONY_CHECK(db_.ReadTx([&](storage::Conn& c) -> Status {
    // The clinic's day, not the phone's: a page opened at 02:00 in Shanghai from a phone set to
    // UTC must still start at the clinic's today.
    PEONY_TRY(auto zone, internal::ZoneOf(c, b.org_id));
    today = FormatDate(zone.DateOf(clock_.Now()));
    time_zone = std::string(zone.name());
    PEONY_TRY(auto offered, Offered(c, b));
    for (const auto& s : offered) {
      services.push_back(json::object{{"id", Int(s, "id", 0)},
                                      {"name", Text(s, "name")},
                                      {"duration_min", Int(s, "duration_min", 60)},
                                      {"price_fen", Int(s, "price", 0)}});
    }
    return Ok();
  }));
  return json::object{{"branch", json::object{{"id", b.id}, {"name", b.name}}},
                      {"services", std::move(services)},
                      {"today", today},
                      {"time_zone", time_zone}};
}

Result<json::object> SelfBooking::Slots(int64_t branch_id, int64_t service_id, const LocalDate& day,
                                        const PublicCaller& who) {
  PEONY_TRY(auto b, Open(branch_id, who));
  LocalDate today;
  PEONY_CHECK(db_.ReadTx([&](storage::Conn& c) -> Status {
    PEONY_TRY(auto zone, internal::ZoneOf(c, b.org_id));
    today = zone.DateOf(clock_.Now());
    return Ok();
  }));
  if (day < today) return public_errors::Invalid("date", "in the past");
  if (DaysSinceEpoch(day) - DaysSinceEpoch(today) > kBookAheadDays) {
    return public_errors::Invalid("date", "at most 30 days ahead");
  }
  PEONY_CHECK(CheckOffered(b, service_id));
  AvailabilityInput in;
  in.service_ids = {service_id};
  in.branch_id = branch_id;
  in.from = in.to = day;
  PEONY_TRY(auto found, appointments_.Availability(records::Caller{b.principal, who.client}, in));
  // Only the times: who is free is nobody's business outside the clinic.
  json::array slots;
  for (const auto& s : found.at("slots").as_array()) {
    slots.push_back(json::object{{"start", s.at("start")}, {"end", s.at("end")}});
  }
  return json::object{{"slots", std::move(slots)}};
}

Result<json::object> SelfBooking::Book(int64_t branch_id, const PublicBookInput& in,
                                       const PublicCaller& who) {
  PEONY_TRY(auto b, Open(branch_id, who));
  const UtcMillis now = clock_.Now();
  if (in.start < now) return errors::InPast();
  if (in.start > now + int64_t{kBookAheadDays + 1} * 24 * 3600 * 1000) {
    return public_errors::Invalid("start", "at most 30 days ahead");
  }
  PEONY_CHECK(CheckOffered(b, in.service_id));
  const std::string phone_index = PhoneIndex(b.org_id, in.phone);
  std::optional<int64_t> code_id;
  if (!who.trusted) {
    PEONY_TRY(code_id, CheckCode(b, phone_index, in.code));
  }
  const records::Caller caller{b.principal, who.client};
  json::object booked;
  PEONY_CHECK(db_.WriteTx([&](storage::Conn& c) -> Status {
    if (code_id) {
      // Spent with the booking: a second booking with the code, or one after it expired
      // meanwhile, finds it gone.
      PEONY_TRY(auto spent, c.Exec("UPDATE self_booking_codes SET used_at = ? WHERE id = ? AND "
                                   "used_at IS NULL AND expires_at > ?",
                                   {now, *code_id, now}));
      if (spent != 1) return public_errors::BadCode();
    }
    const json::value filter = json::object{{"field", "phone"}, {"op", "eq"}, {"value", in.phone}};
    PEONY_TRY(auto found, records_.SelectIdsInTx(c, b.org_id, "customer", &filter, 1));
    int64_t customer_id = 0;
    if (!found.empty()) {
      customer_id = found.front();
    } else {
      json::object customer{{"name", in.name}, {"phone", in.phone}, {"branch_id", b.id}};
      PEONY_TRY(auto source, SourceChoice(c, catalog_));
      if (source) customer["source"] = *source;
      PEONY_TRY(auto created, records_.CreateInTx(c, caller, "customer", customer, 0));
      customer_id = created.at("id").as_int64();
    }
    BookInput book;
    book.customer_id = customer_id;
    book.service_id = in.service_id;
    book.branch_id = b.id;
    book.start = in.start;
    book.note = who.trusted ? "小程序预约" : "自助预约";
    PEONY_TRY(booked, appointments_.BookInTx(c, caller, book));
    return Ok();
  }));
  return json::object{
      {"id", booked.at("id")},
      {"start", booked.at("start")},
      {"end", booked.at("end")},
      {"service", json::object{{"name", booked.contains("service_name") ? booked.at("service_name")
                                                                        : json::value("")}}},
      {"branch", json::object{{"name", b.name}}},
      {"status", "booked"},
      {"phone", notify::MaskRecipient("sms", in.phone)}};
}

}  // namespace peony::domain::appointments
