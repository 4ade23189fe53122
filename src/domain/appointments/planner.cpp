// The planner (planner.h). A service is first "prepared" for the resources (who has the skills,
// which rooms have the type, which pieces have each kind), so the slot search does the string
// work once and then only interval look-ups (binary searches) per start time.
#include "domain/appointments/planner.h"

#include <algorithm>
#include <set>

namespace peony::domain::appointments {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// True when [iv.from, iv.to) lies inside one interval of the sorted, disjoint `set`.
bool Covered(const std::vector<Interval>& set, Interval iv) {
  auto it = std::upper_bound(set.begin(), set.end(), iv.from,
                             [](UtcMillis t, const Interval& x) { return t < x.from; });
  if (it == set.begin()) return false;
  --it;
  return it->from <= iv.from && iv.to <= it->to;
}

// True when some interval of `busy` (sorted by from, disjoint) overlaps iv.
bool Overlaps(const std::vector<Interval>& busy, Interval iv) {
  auto it = std::upper_bound(busy.begin(), busy.end(), iv.from,
                             [](UtcMillis t, const Interval& x) { return t < x.to; });
  return it != busy.end() && it->from < iv.to;
}

bool OverlapsAny(const std::vector<Interval>& set, Interval iv) {
  for (const auto& x : set) {
    if (x.from < iv.to && iv.from < x.to) return true;
  }
  return false;
}

int64_t BookedMinutes(const Practitioner& p, Interval day) {
  int64_t ms = 0;
  for (const auto& b : p.busy) {
    const UtcMillis from = std::max(b.from, day.from), to = std::min(b.to, day.to);
    if (to > from) ms += to - from;
  }
  return ms / kMinuteMs;
}

bool Contains(const std::vector<std::string>& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// A service against the resources.
struct Prepared {
  const ServiceNeeds* service = nullptr;
  std::vector<const Practitioner*> leads;       // with the skill
  std::vector<const Practitioner*> assistants;  // with the assistant skill
  std::vector<const Room*> rooms;               // of the type, most equipment covered first
  bool needs_room = false;
};

Prepared Prepare(const Resources& r, const ServiceNeeds& s) {
  Prepared p;
  p.service = &s;
  const std::string& helper = s.assistant_skill.empty() ? s.skill : s.assistant_skill;
  for (const auto& x : r.practitioners) {
    if (x.HasSkill(s.skill)) p.leads.push_back(&x);
    if (s.practitioners > 1 && x.HasSkill(helper)) p.assistants.push_back(&x);
  }
  p.needs_room = !s.room_type.empty();
  if (p.needs_room) {
    for (const auto& room : r.rooms) {
      if (room.room_type == s.room_type) p.rooms.push_back(&room);
    }
    auto covered = [&](const Room* room) {
      int n = 0;
      for (const auto& kind : s.equipment) n += Contains(room->equipment, kind) ? 1 : 0;
      return n;
    };
    std::stable_sort(p.rooms.begin(), p.rooms.end(),
                     [&](const Room* a, const Room* b) { return covered(a) > covered(b); });
  }
  return p;
}

// The room and equipment part of a booking at `t`; refusal kNone when found.
Refusal PlaceRoom(const Resources& r, const Prepared& p, const Times& t, Assignment* out) {
  const ServiceNeeds& s = *p.service;
  if (p.needs_room && p.rooms.empty()) return Refusal::kNoRoom;
  std::vector<const Room*> candidates;
  if (p.needs_room) {
    for (const Room* room : p.rooms) {
      if (!Overlaps(room->busy, t.busy)) candidates.push_back(room);
    }
    if (candidates.empty()) return Refusal::kTaken;
  } else {
    candidates.push_back(nullptr);
  }
  bool some_kind_missing = false;
  for (const Room* room : candidates) {
    std::vector<int64_t> pieces;
    bool ok = true;
    for (const auto& kind : s.equipment) {
      if (room && Contains(room->equipment, kind)) continue;
      const Equipment* found = nullptr;
      bool exists = false;
      for (const auto& e : r.equipment) {
        if (e.kind != kind) continue;
        exists = true;
        if (std::find(pieces.begin(), pieces.end(), e.id) != pieces.end()) continue;
        if (!Overlaps(e.busy, t.busy)) {
          found = &e;
          break;
        }
      }
      if (!exists) some_kind_missing = true;
      if (!found) {
        ok = false;
        break;
      }
      pieces.push_back(found->id);
    }
    if (ok) {
      if (out) {
        out->room_id = room ? std::optional<int64_t>(room->id) : std::nullopt;
        out->equipment_ids = std::move(pieces);
      }
      return Refusal::kNone;
    }
  }
  return some_kind_missing ? Refusal::kNoEquipment : Refusal::kTaken;
}

// Free helpers for `lead`, fewest booked minutes first; kNone and the ids when enough.
Refusal PlaceAssistants(const Prepared& p, const Times& t, const Practitioner& lead, Interval day,
                        std::vector<int64_t>* out) {
  const int need = p.service->practitioners - 1;
  if (need <= 0) return Refusal::kNone;
  int qualified = 0, working = 0;
  std::vector<std::pair<int64_t, const Practitioner*>> free;
  for (const Practitioner* x : p.assistants) {
    if (x->id == lead.id) continue;
    ++qualified;
    if (!Covered(x->working, t.appointment)) continue;
    ++working;
    if (Overlaps(x->busy, t.busy)) continue;
    free.emplace_back(out ? BookedMinutes(*x, day) : 0, x);
  }
  if (static_cast<int>(free.size()) >= need) {
    if (out) {
      std::stable_sort(free.begin(), free.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      for (int i = 0; i < need; ++i) out->push_back(free[static_cast<size_t>(i)].second->id);
    }
    return Refusal::kNone;
  }
  if (qualified < need) return Refusal::kNoPractitioner;
  if (working < need) return Refusal::kNotOnRoster;
  return Refusal::kTaken;
}

// The leads free at `t` (in `p.leads` order), and the first refusal when none is.
Refusal FreeLeadsOf(const Prepared& p, const Times& t, std::optional<int64_t> only,
                    std::vector<const Practitioner*>* out) {
  int qualified = 0, working = 0;
  bool leave = false;
  for (const Practitioner* x : p.leads) {
    if (only && x->id != *only) continue;
    ++qualified;
    if (!Covered(x->working, t.appointment)) {
      leave = leave || OverlapsAny(x->leave, t.appointment);
      continue;
    }
    ++working;
    if (Overlaps(x->busy, t.busy)) continue;
    out->push_back(x);
  }
  if (!out->empty()) return Refusal::kNone;
  if (qualified == 0) return only ? Refusal::kUnqualified : Refusal::kNoPractitioner;
  if (working == 0) return leave ? Refusal::kOnLeave : Refusal::kNotOnRoster;
  return Refusal::kTaken;
}

bool IsOpen(const Resources& r, Interval appointment) {
  return r.open_unlimited || Covered(r.open, appointment);
}

// Every lead with a complete booking at `start` (all of them, or stops at the first).
Refusal Evaluate(const Resources& r, const Prepared& p, UtcMillis start,
                 std::optional<int64_t> only, bool all, std::vector<int64_t>* leads) {
  const Times t = TimesOf(*p.service, start);
  if (!IsOpen(r, t.appointment)) return Refusal::kClosed;
  std::vector<const Practitioner*> free;
  const Refusal who = FreeLeadsOf(p, t, only, &free);
  if (who != Refusal::kNone) return who;
  const Refusal where = PlaceRoom(r, p, t, nullptr);
  if (where != Refusal::kNone) return where;
  Refusal first = Refusal::kNone;
  for (const Practitioner* lead : free) {
    const Refusal team = PlaceAssistants(p, t, *lead, {}, nullptr);
    if (team == Refusal::kNone) {
      leads->push_back(lead->id);
      if (!all) break;
    } else if (first == Refusal::kNone) {
      first = team;
    }
  }
  return leads->empty() ? first : Refusal::kNone;
}

}  // namespace

Interval BucketSpan(Interval busy) {
  return {FloorDiv(busy.from, kBucketMs) * kBucketMs, -FloorDiv(-busy.to, kBucketMs) * kBucketMs};
}

std::vector<int64_t> Buckets(Interval busy) {
  const Interval b = BucketSpan(busy);
  std::vector<int64_t> out;
  for (UtcMillis t = b.from; t < b.to; t += kBucketMs) out.push_back(t / kBucketMs);
  return out;
}

bool Practitioner::HasSkill(std::string_view skill) const {
  return skill.empty() || Contains(skills, skill);
}

Times TimesOf(const ServiceNeeds& s, UtcMillis start) {
  const UtcMillis end = start + int64_t{s.duration_min} * kMinuteMs;
  return {{start, end},
          BucketSpan({start - int64_t{s.buffer_before_min} * kMinuteMs,
                      end + int64_t{s.buffer_after_min} * kMinuteMs})};
}

std::string_view RefusalName(Refusal r) {
  switch (r) {
    case Refusal::kNone:
      return "none";
    case Refusal::kClosed:
      return "closed";
    case Refusal::kNotOnRoster:
      return "not_on_roster";
    case Refusal::kOnLeave:
      return "on_leave";
    case Refusal::kNoPractitioner:
      return "no_practitioner";
    case Refusal::kUnqualified:
      return "unqualified";
    case Refusal::kUnknownPractitioner:
      return "unknown_practitioner";
    case Refusal::kNoRoom:
      return "no_room";
    case Refusal::kNoEquipment:
      return "no_equipment";
    case Refusal::kTaken:
      return "taken";
  }
  return "none";
}

Choice Choose(const Resources& r, const ServiceNeeds& s, UtcMillis start,
              std::optional<int64_t> practitioner, Interval day) {
  Choice c;
  if (practitioner) {
    const bool known = std::any_of(r.practitioners.begin(), r.practitioners.end(),
                                   [&](const Practitioner& x) { return x.id == *practitioner; });
    if (!known) {
      c.refusal = Refusal::kUnknownPractitioner;
      return c;
    }
  }
  const Prepared p = Prepare(r, s);
  const Times t = TimesOf(s, start);
  if (!IsOpen(r, t.appointment)) {
    c.refusal = Refusal::kClosed;
    return c;
  }
  std::vector<const Practitioner*> free;
  c.refusal = FreeLeadsOf(p, t, practitioner, &free);
  if (c.refusal != Refusal::kNone) return c;
  c.refusal = PlaceRoom(r, p, t, &c.assignment);
  if (c.refusal != Refusal::kNone) return c;
  std::vector<std::pair<int64_t, const Practitioner*>> ranked;
  for (const Practitioner* x : free) ranked.emplace_back(BookedMinutes(*x, day), x);
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second->id < b.second->id;
  });
  Refusal first = Refusal::kNone;
  for (const auto& [minutes, lead] : ranked) {
    std::vector<int64_t> helpers;
    const Refusal team = PlaceAssistants(p, t, *lead, day, &helpers);
    if (team == Refusal::kNone) {
      c.assignment.practitioner_id = lead->id;
      c.assignment.assistant_ids = std::move(helpers);
      c.refusal = Refusal::kNone;
      return c;
    }
    if (first == Refusal::kNone) first = team;
  }
  c.refusal = first;
  return c;
}

std::vector<int64_t> FreeLeads(const Resources& r, const ServiceNeeds& s, UtcMillis start,
                               std::optional<int64_t> practitioner) {
  std::vector<int64_t> leads;
  (void)Evaluate(r, Prepare(r, s), start, practitioner, true, &leads);
  return leads;
}

std::vector<Slot> FindSlots(const Resources& r, std::span<const ServiceNeeds> services,
                            const TimeZone& zone, const SlotQuery& q) {
  std::vector<Slot> out;
  if (services.empty() || q.step_min <= 0) return out;
  std::vector<Prepared> prepared;
  int64_t total_ms = 0;
  for (const auto& s : services) {
    prepared.push_back(Prepare(r, s));
    total_ms += int64_t{s.duration_min} * kMinuteMs;
  }
  for (LocalDate d = q.from; d <= q.to; d = AddDays(d, 1)) {
    const UtcMillis day_start = zone.StartOfDay(d), day_end = zone.StartOfDay(AddDays(d, 1));
    // Local times that are multiples of the step, visited in UTC 5-minute steps: a repeated
    // hour (autumn) is visited twice, an hour that does not exist (spring) never. The offset is
    // looked up per step only on a day whose offset changes.
    const int first_offset = zone.OffsetMinutes(day_start);
    const bool changes = zone.OffsetMinutes(day_end - 1) != first_offset;
    for (UtcMillis t = day_start; t < day_end; t += kBucketMs) {
      const int offset = changes ? zone.OffsetMinutes(t) : first_offset;
      const int64_t local_min = ((FloorDiv(t, kMinuteMs) + offset) % 1440 + 1440) % 1440;
      if (local_min % q.step_min != 0) continue;
      if (t < q.not_before) continue;
      if (!r.open_unlimited && !Covered(r.open, {t, t + total_ms})) continue;
      Slot slot;
      slot.start = t;
      UtcMillis at = t;
      bool ok = true;
      for (size_t i = 0; i < prepared.size() && ok; ++i) {
        SegmentSlot seg;
        seg.service_id = services[i].id;
        seg.appointment = TimesOf(services[i], at).appointment;
        (void)Evaluate(r, prepared[i], at, i == 0 ? q.practitioner : std::nullopt, true,
                       &seg.practitioner_ids);
        ok = !seg.practitioner_ids.empty();
        at = seg.appointment.to;
        slot.segments.push_back(std::move(seg));
      }
      if (!ok) continue;
      slot.end = at;
      slot.practitioner_ids = slot.segments.front().practitioner_ids;
      out.push_back(std::move(slot));
    }
  }
  return out;
}

}  // namespace peony::domain::appointments
