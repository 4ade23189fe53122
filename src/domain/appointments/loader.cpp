// Filling the planner's inputs (loader.h). Records are read unmasked through ReadInTx (only
// names, skills, types and flags are used; nothing leaves the module but names the caller may
// read); rooms and equipment of the branch are found with the records filter on branch_id.
#include "domain/appointments/loader.h"

#include <algorithm>

#include "domain/appointments/roster.h"
#include "domain/appointments/store.h"

namespace peony::domain::appointments::internal {
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

// A switch left empty counts as on.
bool Active(const json::object& o) {
  const auto* v = o.if_contains("active");
  return !(v && v->is_bool() && !v->as_bool());
}

// The live records of `entity` in the branch (none when the entity does not exist).
Result<std::vector<json::object>> BranchRecords(storage::Conn& c, records::Records& records,
                                                int64_t org_id, const std::string& entity,
                                                int64_t branch_id) {
  const json::value filter =
      json::object{{"field", "branch_id"}, {"op", "eq"}, {"value", branch_id}};
  auto ids = records.SelectIdsInTx(c, org_id, entity, &filter, 500);
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

}  // namespace

Interval DaysRange(const TimeZone& zone, const LocalDate& from, const LocalDate& to) {
  return {zone.StartOfDay(from), zone.StartOfDay(AddDays(to, 1))};
}

Result<std::optional<ServiceNeeds>> LoadService(storage::Conn& c, records::Records& records,
                                                int64_t org_id, int64_t service_id) {
  auto r = records.ReadInTx(c, org_id, "service", service_id);
  if (!r.ok()) {
    if (r.error().code == "schema.entity_not_found") return std::optional<ServiceNeeds>();
    return std::move(r).error();
  }
  if (!*r) return std::optional<ServiceNeeds>();
  const json::object& o = **r;
  ServiceNeeds s;
  s.id = service_id;
  s.name = Text(o, "name");
  s.duration_min = static_cast<int>(std::clamp<int64_t>(Int(o, "duration_min", 60), 5, 600));
  s.buffer_before_min =
      static_cast<int>(std::clamp<int64_t>(Int(o, "buffer_before_min", 0), 0, 240));
  s.buffer_after_min = static_cast<int>(std::clamp<int64_t>(Int(o, "buffer_after_min", 0), 0, 240));
  s.skill = Text(o, "required_skill");
  s.assistant_skill = Text(o, "assistant_skill");
  s.practitioners = static_cast<int>(std::clamp<int64_t>(Int(o, "practitioners_needed", 1), 1, 3));
  s.room_type = Text(o, "room_type");
  s.equipment = Strings(o, "equipment");
  return std::optional<ServiceNeeds>(std::move(s));
}

Result<Resources> LoadResources(storage::Conn& c, records::Records& records, int64_t org_id,
                                int64_t branch_id, const LocalDate& from, const LocalDate& to,
                                const TimeZone& zone, std::span<const ServiceNeeds> services,
                                std::optional<int64_t> extra_staff, bool only_extra) {
  Resources out;
  const Interval range = DaysRange(zone, from, to);
  only_extra = only_extra && extra_staff;
  PEONY_TRY(auto roster, LoadRoster(c, org_id, branch_id, from, to, range,
                                    only_extra ? extra_staff : std::nullopt));
  if (!roster.hours.empty()) {
    out.open_unlimited = false;
    out.open = OpenTime(roster.hours, from, to, zone);
  }
  std::vector<int64_t> staff_ids;
  if (only_extra) {
    staff_ids.push_back(*extra_staff);
  } else {
    PEONY_TRY(staff_ids, RosteredStaff(c, org_id, branch_id, from, to));
    if (extra_staff && !std::binary_search(staff_ids.begin(), staff_ids.end(), *extra_staff)) {
      staff_ids.push_back(*extra_staff);
    }
  }
  for (int64_t id : staff_ids) {
    auto r = records.ReadInTx(c, org_id, "staff", id);
    if (!r.ok()) {
      if (r.error().code == "schema.entity_not_found") break;
      return std::move(r).error();
    }
    if (!*r || !Active(**r)) continue;
    Practitioner p;
    p.id = id;
    p.name = Text(**r, "name");
    if (const auto* a = (*r)->if_contains("account"); a && a->is_int64()) p.user_id = a->as_int64();
    p.skills = Strings(**r, "skills");
    p.working = WorkingTime(roster, id, branch_id, from, to, zone);
    p.leave = LeaveOf(roster, id);
    out.practitioners.push_back(std::move(p));
  }
  bool rooms = false, equipment = false;
  for (const auto& s : services) {
    rooms = rooms || !s.room_type.empty();
    equipment = equipment || !s.equipment.empty();
  }
  if (rooms) {
    PEONY_TRY(auto list, BranchRecords(c, records, org_id, "room", branch_id));
    for (auto& o : list) {
      out.rooms.push_back(
          {Int(o, "id", 0), Text(o, "name"), Text(o, "room_type"), Strings(o, "equipment"), {}});
    }
  }
  if (equipment) {
    PEONY_TRY(auto list, BranchRecords(c, records, org_id, "equipment", branch_id));
    for (auto& o : list)
      out.equipment.push_back({Int(o, "id", 0), Text(o, "name"), Text(o, "kind"), {}});
  }

  auto fill = [&](std::string_view kind, auto& items) -> Status {
    std::vector<int64_t> ids;
    for (const auto& x : items) ids.push_back(x.id);
    if (ids.empty()) return Ok();
    PEONY_TRY(auto busy, BusyOf(c, org_id, kind, ids, range));
    for (auto& x : items) {
      auto it = busy.find(x.id);
      if (it != busy.end()) x.busy = std::move(it->second);
    }
    return Ok();
  };
  PEONY_CHECK(fill("staff", out.practitioners));
  PEONY_CHECK(fill("room", out.rooms));
  PEONY_CHECK(fill("equipment", out.equipment));
  return out;
}

}  // namespace peony::domain::appointments::internal
