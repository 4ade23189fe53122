// The demo clinic's scheduling (rosters.h). Skills follow the staff seeds of staff.cpp: injections
// need 注射 (the doctors 张明远 and 李建华, one per branch), lasers 光电, skin care and wellness
// 皮肤管理 (the technicians), physiotherapy 中医理疗, surgery 手术 with a nurse (注射辅助).
#include "domain/demo/rosters.h"

#include <array>
#include <map>

#include "domain/appointments/roster.h"
#include "domain/appointments/self_booking.h"
#include "domain/appointments/store.h"

namespace peony::domain::demo::internal {
namespace {

namespace json = boost::json;
namespace appts = domain::appointments;

struct Needs {
  std::string_view skill, assistant_skill, room_type;
  int before = 0, after = 0, practitioners = 1;
};

Needs NeedsOf(const ServiceItem& s) {
  const std::string_view c = s.category;
  if (c == "injection") return {"注射", "", "injection_room", 0, 10, 1};
  if (c == "laser") return {s.needs_doctor ? "光电" : "", "", "laser_room", 5, 10, 1};
  if (c == "skin") return {"皮肤管理", "", "skin_room", 0, 10, 1};
  if (c == "surgery") return {"手术", "注射辅助", "operating_room", 15, 30, 2};
  if (c == "physio") return {"中医理疗", "", "physio_room", 0, 10, 1};
  return {"皮肤管理", "", "spa_room", 0, 10, 1};
}

struct RoomSeed {
  std::string_view name, type;
  std::array<std::string_view, 2> equipment;
};
constexpr std::array<RoomSeed, 9> kRooms = {{
    {"注射室 1", "injection_room", {}},
    {"注射室 2", "injection_room", {}},
    {"光电治疗室 1", "laser_room", {"光子嫩肤仪", "超皮秒"}},
    {"光电治疗室 2", "laser_room", {"光子嫩肤仪"}},
    {"皮肤管理室 1", "skin_room", {}},
    {"皮肤管理室 2", "skin_room", {}},
    {"手术室", "operating_room", {}},
    {"理疗室", "physio_room", {}},
    {"SPA 房", "spa_room", {}},
}};

// Mobile machines shared by the laser rooms, one each per branch.
constexpr std::array<std::string_view, 2> kMachines = {"热玛吉", "超声刀"};

bool IsPractitioner(const StaffMember& m) {
  return m.position == "doctor" || m.position == "nurse" || m.position == "technician";
}

// Creates a record unless the entity does not exist (an older catalog): then 0.
Result<int64_t> CreateIfKnown(storage::Conn& c, Writer& w, const std::string& entity,
                              const json::object& fields) {
  auto id = w.Create(c, entity, fields);
  if (!id.ok() && id.error().code == "schema.entity_not_found") return int64_t{0};
  return id;
}

}  // namespace

Status WriteScheduling(storage::Conn& c, Writer& w, records::Records& records,
                       const Clinic& clinic) {
  const auto services = Services();
  for (size_t i = 0; i < services.size() && i < clinic.service_ids.size(); ++i) {
    const Needs n = NeedsOf(services[i]);
    json::object patch{{"buffer_before_min", n.before},
                       {"buffer_after_min", n.after},
                       {"practitioners_needed", n.practitioners},
                       {"room_type", n.room_type}};
    if (!n.skill.empty()) patch["required_skill"] = n.skill;
    if (!n.assistant_skill.empty()) patch["assistant_skill"] = n.assistant_skill;
    if (services[i].name.starts_with("热玛吉")) patch["equipment"] = json::array{"热玛吉"};
    if (services[i].name.starts_with("超声刀")) patch["equipment"] = json::array{"超声刀"};
    PEONY_CHECK(w.Update(c, "service", clinic.service_ids[i], patch));
  }

  for (int64_t branch : clinic.branches) {
    for (const auto& room : kRooms) {
      json::array equipment;
      for (auto e : room.equipment) {
        if (!e.empty()) equipment.emplace_back(e);
      }
      PEONY_TRY(auto id, CreateIfKnown(c, w, "room",
                                       {{"name", room.name},
                                        {"room_type", room.type},
                                        {"equipment", std::move(equipment)},
                                        {"active", true},
                                        {"branch_id", branch}}));
      if (id == 0) break;
    }
    for (auto machine : kMachines) {
      PEONY_TRY(
          auto id,
          CreateIfKnown(
              c, w, "equipment",
              {{"name", machine}, {"kind", machine}, {"active", true}, {"branch_id", branch}}));
      if (id == 0) break;
    }
    std::vector<appts::OpeningHours> hours;
    for (int weekday = 0; weekday < 7; ++weekday) hours.push_back({weekday, 10 * 60, 21 * 60});
    PEONY_CHECK(appts::internal::ReplaceHours(c, clinic.org_id, branch, hours));
  }

  // The staff records by account, to roster the practitioners.
  PEONY_TRY(auto ids, records.SelectIdsInTx(c, clinic.org_id, "staff", nullptr, 1000));
  std::map<int64_t, int64_t> staff_of_user;
  for (int64_t id : ids) {
    PEONY_TRY(auto r, records.ReadInTx(c, clinic.org_id, "staff", id));
    const auto* account = r ? r->if_contains("account") : nullptr;
    if (account && account->is_int64()) staff_of_user[account->as_int64()] = id;
  }
  int index = 0;
  for (const auto& m : clinic.staff) {
    if (!IsPractitioner(m)) continue;
    auto it = staff_of_user.find(m.user_id);
    if (it == staff_of_user.end()) continue;
    // Early (10:00-19:00, lunch 12:30-13:30) and late (12:00-21:00, break 17:00-17:30) shifts,
    // alternating by weekday and person, every day of the week.
    std::vector<appts::WeeklyShift> week;
    for (int weekday = 0; weekday < 7; ++weekday) {
      appts::WeeklyShift s;
      s.staff_id = it->second;
      s.branch_id = clinic.branches[m.branch];
      s.weekday = weekday;
      if ((weekday + index) % 2 == 0) {
        s.shift = {10 * 60, 19 * 60, {{12 * 60 + 30, 13 * 60 + 30}}};
      } else {
        s.shift = {12 * 60, 21 * 60, {{17 * 60, 17 * 60 + 30}}};
      }
      week.push_back(std::move(s));
    }
    PEONY_CHECK(appts::internal::ReplaceWeekly(c, clinic.org_id, it->second, week));
    // A junior nurse takes a day of leave in a week's time.
    if (m.position == "nurse" && m.grade == "junior") {
      const LocalDate day = AddDays(clinic.today, 7);
      appts::Leave leave;
      leave.staff_id = it->second;
      leave.range = {clinic.zone.StartOfDay(day), clinic.zone.StartOfDay(AddDays(day, 1))};
      leave.reason = "年假";
      PEONY_TRY(auto id, appts::internal::AddLeave(c, clinic.org_id, leave, clinic.now));
      (void)id;
    }
    ++index;
  }
  // The demo's booking page shows its one-time codes on screen (no SMS channel is set up).
  return appts::SaveSelfBookingSettingsInTx(c, clinic.org_id, {.enabled = true, .demo_codes = true},
                                            clinic.now);
}

}  // namespace peony::domain::demo::internal
