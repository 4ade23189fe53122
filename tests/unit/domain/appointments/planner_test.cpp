// The planner and roster expansion without a database: rosters, breaks, leave, opening hours,
// buffers, rooms, equipment, several practitioners, balancing, slot steps, and days on which the
// clock changes (America/New_York) or does not (Asia/Shanghai).
#include "domain/appointments/planner.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "domain/appointments/appointment.h"
#include "domain/appointments/roster.h"

namespace peony::domain::appointments {
namespace {

TimeZone Zone(const char* name) { return *TimeZone::Find(name); }

// A local wall-clock time as an instant.
UtcMillis At(const TimeZone& z, LocalDate d, int h, int mi = 0) {
  LocalDateTime t;
  t.date = d;
  t.h = h;
  t.mi = mi;
  return z.ToUtc(t);
}

ServiceNeeds Service(int minutes, std::string skill = "") {
  ServiceNeeds s;
  s.id = 1;
  s.name = "水光针";
  s.duration_min = minutes;
  s.skill = std::move(skill);
  return s;
}

// One practitioner working `shift` at branch 1 on day d.
Practitioner Working(int64_t id, const TimeZone& z, LocalDate d, Shift shift,
                     std::vector<std::string> skills = {}, std::vector<Leave> leave = {}) {
  Roster r;
  r.weekly.push_back({1, id, 1, static_cast<int>(Weekday(d)), std::move(shift)});
  r.leave = std::move(leave);
  Practitioner p;
  p.id = id;
  p.skills = std::move(skills);
  p.working = WorkingTime(r, id, 1, d, d, z);
  p.leave = LeaveOf(r, id);
  return p;
}

std::vector<std::string> Starts(const std::vector<Slot>& slots, const TimeZone& z) {
  std::vector<std::string> out;
  for (const auto& s : slots) out.push_back(LocalTimeText(z, s.start));
  return out;
}

SlotQuery Day(LocalDate d, int step = 15) {
  SlotQuery q;
  q.from = q.to = d;
  q.step_min = step;
  return q;
}

constexpr LocalDate kDay{2026, 11, 25};  // a Wednesday

TEST(AppointmentPlanner, SlotsFollowTheShiftAndSkipTheBreak) {
  const TimeZone z = Zone("Asia/Shanghai");
  Resources r;
  r.practitioners.push_back(Working(7, z, kDay, {9 * 60, 13 * 60, {{11 * 60, 12 * 60}}}));
  const ServiceNeeds s[] = {Service(60)};
  const auto slots = FindSlots(r, s, z, Day(kDay, 30));
  EXPECT_EQ(Starts(slots, z),
            (std::vector<std::string>{"2026-11-25T09:00:00+08:00", "2026-11-25T09:30:00+08:00",
                                      "2026-11-25T10:00:00+08:00", "2026-11-25T12:00:00+08:00"}));
  ASSERT_FALSE(slots.empty());
  EXPECT_EQ(slots[0].practitioner_ids, std::vector<int64_t>{7});
  EXPECT_EQ(LocalTimeText(z, slots[0].end), "2026-11-25T10:00:00+08:00");
}

TEST(AppointmentPlanner, TheSlotStepDecidesTheStarts) {
  const TimeZone z = Zone("Asia/Shanghai");
  Resources r;
  r.practitioners.push_back(Working(7, z, kDay, {10 * 60, 11 * 60}));
  const ServiceNeeds s[] = {Service(30)};
  EXPECT_EQ(FindSlots(r, s, z, Day(kDay, 15)).size(), 3u);  // 10:00 10:15 10:30
  EXPECT_EQ(FindSlots(r, s, z, Day(kDay, 10)).size(), 4u);  // 10:00 … 10:30
  EXPECT_EQ(FindSlots(r, s, z, Day(kDay, 5)).size(), 7u);   // 10:00 … 10:30
}

TEST(AppointmentPlanner, LeaveAndOpeningHoursCutTheDay) {
  const TimeZone z = Zone("Asia/Shanghai");
  Resources r;
  Leave leave{1, 7, {At(z, kDay, 10), At(z, kDay, 12)}, "病假"};
  r.practitioners.push_back(Working(7, z, kDay, {9 * 60, 14 * 60}, {}, {leave}));
  r.open_unlimited = false;
  r.open = OpenTime({{static_cast<int>(Weekday(kDay)), 9 * 60 + 30, 21 * 60}}, kDay, kDay, z);
  const ServiceNeeds s[] = {Service(60)};
  EXPECT_EQ(Starts(FindSlots(r, s, z, Day(kDay, 30)), z),
            (std::vector<std::string>{"2026-11-25T12:00:00+08:00", "2026-11-25T12:30:00+08:00",
                                      "2026-11-25T13:00:00+08:00"}));
  // Why a time is refused.
  EXPECT_EQ(Choose(r, s[0], At(z, kDay, 9), std::nullopt, {}).refusal, Refusal::kClosed);
  EXPECT_EQ(Choose(r, s[0], At(z, kDay, 10), std::nullopt, {}).refusal, Refusal::kOnLeave);
  EXPECT_EQ(Choose(r, s[0], At(z, kDay, 15), std::nullopt, {}).refusal, Refusal::kNotOnRoster);
  EXPECT_EQ(Choose(r, s[0], At(z, kDay, 12), 99, {}).refusal, Refusal::kUnknownPractitioner);
  EXPECT_EQ(Choose(r, s[0], At(z, kDay, 12), 7, {}).refusal, Refusal::kNone);
}

TEST(AppointmentPlanner, BookingsBlockTheirBuffersRoundedToFiveMinutes) {
  const TimeZone z = Zone("Asia/Shanghai");
  Resources r;
  r.practitioners.push_back(Working(7, z, kDay, {9 * 60, 13 * 60}));
  ServiceNeeds s = Service(60);
  s.buffer_before_min = 10;
  s.buffer_after_min = 12;  // rounds to 15
  // A booking 10:00-11:00 holds 09:50-11:15.
  r.practitioners[0].busy.push_back(TimesOf(s, At(z, kDay, 10)).busy);
  EXPECT_EQ(r.practitioners[0].busy[0], (Interval{At(z, kDay, 9, 50), At(z, kDay, 11, 15)}));
  const ServiceNeeds one[] = {s};
  // 09:00 would hold 08:50-10:15, into the booking's 09:50; 11:15 would hold from 11:05.
  EXPECT_EQ(Starts(FindSlots(r, one, z, Day(kDay, 15)), z),
            (std::vector<std::string>{"2026-11-25T11:30:00+08:00", "2026-11-25T11:45:00+08:00",
                                      "2026-11-25T12:00:00+08:00"}));
  EXPECT_EQ(Choose(r, s, At(z, kDay, 11, 15), std::nullopt, {}).refusal, Refusal::kTaken);
  EXPECT_EQ(BucketSpan({At(z, kDay, 10, 1), At(z, kDay, 10, 6)}),
            (Interval{At(z, kDay, 10), At(z, kDay, 10, 10)}));
  EXPECT_EQ(Buckets({At(z, kDay, 10), At(z, kDay, 10, 15)}).size(), 3u);
}

TEST(AppointmentPlanner, OnlyPractitionersWithTheSkillAreOffered) {
  const TimeZone z = Zone("Asia/Shanghai");
  Resources r;
  r.practitioners.push_back(Working(7, z, kDay, {10 * 60, 11 * 60}, {"皮肤管理"}));
  r.practitioners.push_back(Working(8, z, kDay, {10 * 60, 11 * 60}, {"注射", "光电"}));
  const ServiceNeeds s[] = {Service(60, "注射")};
  const auto slots = FindSlots(r, s, z, Day(kDay));
  ASSERT_EQ(slots.size(), 1u);
  EXPECT_EQ(slots[0].practitioner_ids, std::vector<int64_t>{8});
  EXPECT_EQ(Choose(r, s[0], At(z, kDay, 10), 7, {}).refusal, Refusal::kUnqualified);
  const ServiceNeeds nobody[] = {Service(60, "手术")};
  EXPECT_EQ(Choose(r, nobody[0], At(z, kDay, 10), std::nullopt, {}).refusal,
            Refusal::kNoPractitioner);
}

TEST(AppointmentPlanner, ARoomOfTheTypeMustBeFree) {
  const TimeZone z = Zone("Asia/Shanghai");
  Resources r;
  r.practitioners.push_back(Working(7, z, kDay, {10 * 60, 12 * 60}));
  r.practitioners.push_back(Working(8, z, kDay, {10 * 60, 12 * 60}));
  r.rooms.push_back({31, "注射室 1", "injection_room", {}, {}});
  r.rooms.push_back({32, "光电室", "laser_room", {}, {}});
  ServiceNeeds s = Service(60);
  s.room_type = "injection_room";
  // The only injection room is booked 10:00-11:00: two free practitioners do not help.
  r.rooms[0].busy.push_back({At(z, kDay, 10), At(z, kDay, 11)});
  const ServiceNeeds one[] = {s};
  EXPECT_EQ(Starts(FindSlots(r, one, z, Day(kDay, 30)), z),
            (std::vector<std::string>{"2026-11-25T11:00:00+08:00"}));
  EXPECT_EQ(Choose(r, s, At(z, kDay, 10), std::nullopt, {}).refusal, Refusal::kTaken);
  const Choice c = Choose(r, s, At(z, kDay, 11), std::nullopt, {});
  ASSERT_EQ(c.refusal, Refusal::kNone);
  EXPECT_EQ(c.assignment.room_id, std::optional<int64_t>(31));
  s.room_type = "operating_room";
  EXPECT_EQ(Choose(r, s, At(z, kDay, 11), std::nullopt, {}).refusal, Refusal::kNoRoom);
}

TEST(AppointmentPlanner, EquipmentComesWithTheRoomOrAsAFreePiece) {
  const TimeZone z = Zone("Asia/Shanghai");
  Resources r;
  r.practitioners.push_back(Working(7, z, kDay, {10 * 60, 12 * 60}));
  r.practitioners.push_back(Working(8, z, kDay, {10 * 60, 12 * 60}));
  r.rooms.push_back({31, "光电室 1", "laser_room", {}, {}});
  r.rooms.push_back({32, "光电室 2", "laser_room", {"超皮秒"}, {}});
  r.equipment.push_back({41, "热玛吉 A", "热玛吉", {{At(z, kDay, 10), At(z, kDay, 11)}}});
  ServiceNeeds s = Service(60);
  s.room_type = "laser_room";
  s.equipment = {"热玛吉"};
  const ServiceNeeds one[] = {s};
  EXPECT_EQ(Starts(FindSlots(r, one, z, Day(kDay, 60)), z),
            (std::vector<std::string>{"2026-11-25T11:00:00+08:00"}));
  const Choice c = Choose(r, s, At(z, kDay, 11), std::nullopt, {});
  ASSERT_EQ(c.refusal, Refusal::kNone);
  EXPECT_EQ(c.assignment.equipment_ids, std::vector<int64_t>{41});
  // Fixed in room 32: no piece needed, and that room is chosen.
  s.equipment = {"超皮秒"};
  const Choice fixed = Choose(r, s, At(z, kDay, 10), std::nullopt, {});
  ASSERT_EQ(fixed.refusal, Refusal::kNone);
  EXPECT_EQ(fixed.assignment.room_id, std::optional<int64_t>(32));
  EXPECT_TRUE(fixed.assignment.equipment_ids.empty());
  s.equipment = {"超声刀"};
  EXPECT_EQ(Choose(r, s, At(z, kDay, 11), std::nullopt, {}).refusal, Refusal::kNoEquipment);
}

TEST(AppointmentPlanner, TwoPractitionersMustBothBeFree) {
  const TimeZone z = Zone("Asia/Shanghai");
  Resources r;
  r.practitioners.push_back(Working(7, z, kDay, {10 * 60, 13 * 60}, {"手术"}));
  r.practitioners.push_back(Working(8, z, kDay, {11 * 60, 13 * 60}, {"注射辅助"}));
  ServiceNeeds s = Service(60, "手术");
  s.practitioners = 2;
  s.assistant_skill = "注射辅助";
  const ServiceNeeds one[] = {s};
  EXPECT_EQ(Starts(FindSlots(r, one, z, Day(kDay, 60)), z),
            (std::vector<std::string>{"2026-11-25T11:00:00+08:00", "2026-11-25T12:00:00+08:00"}));
  EXPECT_EQ(Choose(r, s, At(z, kDay, 10), std::nullopt, {}).refusal, Refusal::kNotOnRoster);
  const Choice c = Choose(r, s, At(z, kDay, 11), std::nullopt, {});
  ASSERT_EQ(c.refusal, Refusal::kNone);
  EXPECT_EQ(c.assignment.practitioner_id, 7);
  EXPECT_EQ(c.assignment.assistant_ids, std::vector<int64_t>{8});
}

TEST(AppointmentPlanner, AutomaticAssignmentBalancesTheDaysBookedMinutes) {
  const TimeZone z = Zone("Asia/Shanghai");
  Resources r;
  r.practitioners.push_back(Working(7, z, kDay, {9 * 60, 18 * 60}, {"注射"}));
  r.practitioners.push_back(Working(8, z, kDay, {9 * 60, 18 * 60}, {"注射"}));
  r.practitioners[0].busy.push_back({At(z, kDay, 9), At(z, kDay, 10)});
  const Interval day{z.StartOfDay(kDay), z.StartOfDay(AddDays(kDay, 1))};
  const ServiceNeeds s = Service(60, "注射");
  EXPECT_EQ(Choose(r, s, At(z, kDay, 14), std::nullopt, day).assignment.practitioner_id, 8);
  r.practitioners[1].busy.push_back({At(z, kDay, 10), At(z, kDay, 12)});
  EXPECT_EQ(Choose(r, s, At(z, kDay, 14), std::nullopt, day).assignment.practitioner_id, 7);
  // A preference is honoured even when the other is less busy.
  EXPECT_EQ(Choose(r, s, At(z, kDay, 14), 8, day).assignment.practitioner_id, 8);
}

TEST(AppointmentPlanner, ServicesInSequenceFollowEachOther) {
  const TimeZone z = Zone("Asia/Shanghai");
  Resources r;
  r.practitioners.push_back(Working(7, z, kDay, {10 * 60, 12 * 60}, {"注射"}));
  r.practitioners.push_back(Working(8, z, kDay, {11 * 60, 12 * 60}, {"皮肤管理"}));
  ServiceNeeds first = Service(60, "注射"), second = Service(30, "皮肤管理");
  second.id = 2;
  const ServiceNeeds both[] = {first, second};
  const auto slots = FindSlots(r, both, z, Day(kDay, 30));
  ASSERT_EQ(Starts(slots, z),
            (std::vector<std::string>{"2026-11-25T10:00:00+08:00", "2026-11-25T10:30:00+08:00"}));
  ASSERT_EQ(slots[0].segments.size(), 2u);
  EXPECT_EQ(LocalTimeText(z, slots[0].segments[1].appointment.from), "2026-11-25T11:00:00+08:00");
  EXPECT_EQ(slots[0].segments[1].practitioner_ids, std::vector<int64_t>{8});
  EXPECT_EQ(LocalTimeText(z, slots[1].end), "2026-11-25T12:00:00+08:00");
}

TEST(AppointmentPlanner, SpringForwardInNewYorkHasNoSlotsInTheMissingHour) {
  const TimeZone z = Zone("America/New_York");
  const LocalDate d{2026, 3, 8};  // 02:00 EST → 03:00 EDT
  Resources r;
  r.practitioners.push_back(Working(7, z, d, {0, 6 * 60}));
  const ServiceNeeds s[] = {Service(60)};
  const auto slots = FindSlots(r, s, z, Day(d, 15));
  // 00:00 EST to 06:00 EDT is five real hours: starts 00:00 … 05:00 real-time minus an hour.
  ASSERT_EQ(slots.size(), 17u);
  for (const auto& t : Starts(slots, z)) EXPECT_EQ(t.find("T02:"), std::string::npos) << t;
  EXPECT_EQ(Starts(slots, z)[7], "2026-03-08T01:45:00-05:00");
  EXPECT_EQ(LocalTimeText(z, slots[7].end), "2026-03-08T03:45:00-04:00");
  EXPECT_EQ(Starts(slots, z).back(), "2026-03-08T05:00:00-04:00");
}

TEST(AppointmentPlanner, FallBackInNewYorkOffersTheRepeatedHourTwice) {
  const TimeZone z = Zone("America/New_York");
  const LocalDate d{2026, 11, 1};  // 02:00 EDT → 01:00 EST
  Resources r;
  r.practitioners.push_back(Working(7, z, d, {0, 4 * 60}));
  const ServiceNeeds s[] = {Service(60)};
  const auto starts = Starts(FindSlots(r, s, z, Day(d, 30)), z);
  // 00:00 EDT to 04:00 EST is five real hours: nine half-hourly starts.
  ASSERT_EQ(starts.size(), 9u);
  EXPECT_EQ(std::count(starts.begin(), starts.end(), "2026-11-01T01:30:00-04:00"), 1);
  EXPECT_EQ(std::count(starts.begin(), starts.end(), "2026-11-01T01:30:00-05:00"), 1);
  EXPECT_EQ(starts.back(), "2026-11-01T03:00:00-05:00");
}

TEST(AppointmentPlanner, ShanghaiDaysAreTwentyFourHoursAndLocal) {
  const TimeZone z = Zone("Asia/Shanghai");
  Resources r;
  // Late shift to midnight, then the next day's early shift: days split at local midnight.
  Roster roster;
  roster.weekly.push_back({1, 7, 1, static_cast<int>(Weekday(kDay)), {22 * 60, 24 * 60, {}}});
  roster.weekly.push_back({2, 7, 1, static_cast<int>(Weekday(AddDays(kDay, 1))), {0, 60, {}}});
  Practitioner p;
  p.id = 7;
  p.working = WorkingTime(roster, 7, 1, kDay, AddDays(kDay, 1), z);
  ASSERT_EQ(p.working.size(), 1u);  // merged across midnight
  EXPECT_EQ(p.working[0].to - p.working[0].from, 3 * 60 * kMinuteMs);
  r.practitioners.push_back(std::move(p));
  const ServiceNeeds s[] = {Service(60)};
  SlotQuery q = Day(kDay, 60);
  EXPECT_EQ(Starts(FindSlots(r, s, z, q), z),
            (std::vector<std::string>{"2026-11-25T22:00:00+08:00", "2026-11-25T23:00:00+08:00"}));
  q.to = AddDays(kDay, 1);
  EXPECT_EQ(FindSlots(r, s, z, q).size(), 3u);
  // A day off drops the weekly shift; an extra shift adds one.
  roster.days.push_back({3, 7, std::nullopt, kDay, true, {}});
  roster.days.push_back({4, 7, int64_t{1}, kDay, false, {8 * 60, 9 * 60, {}}});
  const auto working = WorkingTime(roster, 7, 1, kDay, kDay, z);
  ASSERT_EQ(working.size(), 1u);
  EXPECT_EQ(LocalTimeText(z, working[0].from), "2026-11-25T08:00:00+08:00");
}

TEST(AppointmentPlanner, PastTimesAreNotOffered) {
  const TimeZone z = Zone("Asia/Shanghai");
  Resources r;
  r.practitioners.push_back(Working(7, z, kDay, {10 * 60, 12 * 60}));
  const ServiceNeeds s[] = {Service(60)};
  SlotQuery q = Day(kDay, 30);
  q.not_before = At(z, kDay, 10, 10);
  EXPECT_EQ(Starts(FindSlots(r, s, z, q), z),
            (std::vector<std::string>{"2026-11-25T10:30:00+08:00", "2026-11-25T11:00:00+08:00"}));
}

TEST(AppointmentRoster, ClockTextsAndShiftChecks) {
  EXPECT_EQ(ParseClock("09:30"), std::optional<int>(570));
  EXPECT_EQ(ParseClock("24:00"), std::optional<int>(1440));
  EXPECT_EQ(ParseClock("24:01"), std::nullopt);
  EXPECT_EQ(ParseClock("9:30"), std::nullopt);
  EXPECT_EQ(ParseClock("09:60"), std::nullopt);
  EXPECT_EQ(FormatClock(570), "09:30");
  EXPECT_EQ(CheckShift({600, 540, {}}), "start must be before end, within 00:00-24:00");
  EXPECT_EQ(CheckShift({540, 600, {{500, 560}}}), "a break outside the shift");
  EXPECT_EQ(CheckShift({540, 600, {{550, 560}}}), "");
}

TEST(AppointmentStatus, OnlyTheAllowedTransitions) {
  EXPECT_TRUE(CanTransition("booked", "confirmed"));
  EXPECT_TRUE(CanTransition("confirmed", "checked_in"));
  EXPECT_TRUE(CanTransition("checked_in", "in_service"));
  EXPECT_TRUE(CanTransition("in_service", "completed"));
  EXPECT_TRUE(CanTransition("booked", "no_show"));
  EXPECT_FALSE(CanTransition("booked", "completed"));
  EXPECT_FALSE(CanTransition("completed", "checked_in"));
  EXPECT_FALSE(CanTransition("cancelled", "confirmed"));
  EXPECT_FALSE(CanTransition("no_show", "checked_in"));
}

}  // namespace
}  // namespace peony::domain::appointments
