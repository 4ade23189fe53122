// The appointment planner: pure functions over the resources of one branch (practitioners with
// their working time and bookings, rooms, equipment) that find free slots and choose who and
// what a booking takes. No database, no clock: the loader (loader.h) fills the inputs, the tests
// build them by hand.
//
// Times are UtcMillis. A service at `start` occupies its practitioners, room and equipment over
// its busy range [start - buffer_before, end + buffer_after), rounded out to 5-minute buckets
// (the unit of the occupancy guard, so the planner never offers what the guard would refuse).
// The appointment itself [start, end) must lie inside one working interval of each practitioner
// (roster minus breaks and leave, within opening hours); buffers may spill over a shift's edge.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/time_zone.h"

namespace peony::domain::appointments {

inline constexpr int64_t kMinuteMs = 60'000;
inline constexpr int64_t kBucketMs = 5 * kMinuteMs;  // the occupancy unit

struct Interval {
  UtcMillis from = 0, to = 0;  // [from, to)
  friend bool operator==(const Interval&, const Interval&) = default;
};

// The range rounded out to whole 5-minute buckets.
Interval BucketSpan(Interval busy);
// The buckets (minutes since the epoch / 5) of a bucket-rounded range.
std::vector<int64_t> Buckets(Interval busy);

// What a service needs (from the `service` record).
struct ServiceNeeds {
  int64_t id = 0;
  std::string name;
  int duration_min = 60;
  int buffer_before_min = 0, buffer_after_min = 0;
  std::string skill;            // the lead practitioner's; empty: anyone
  std::string assistant_skill;  // the others' (practitioners > 1); empty: as skill
  int practitioners = 1;
  std::string room_type;               // empty: no room
  std::vector<std::string> equipment;  // kinds, each met by the room or a piece of equipment
};

struct Practitioner {
  int64_t id = 0;  // the staff record
  std::string name;
  std::optional<int64_t> user_id;  // staff.account
  std::vector<std::string> skills;
  std::vector<Interval> working;  // sorted, disjoint
  std::vector<Interval> busy;     // sorted by from, bucket-rounded
  std::vector<Interval> leave;    // for the refusal reason only
  bool HasSkill(std::string_view skill) const;
};
struct Room {
  int64_t id = 0;
  std::string name, room_type;
  std::vector<std::string> equipment;
  std::vector<Interval> busy;
};
struct Equipment {
  int64_t id = 0;
  std::string name, kind;
  std::vector<Interval> busy;
};

// The resources of one branch over the days asked for.
struct Resources {
  std::vector<Practitioner> practitioners;
  std::vector<Room> rooms;
  std::vector<Equipment> equipment;
  std::vector<Interval> open;  // opening hours; empty with open_unlimited
  bool open_unlimited = true;  // the branch has no opening hours set
};

// The appointment range and the bucket-rounded busy range of a service starting at `start`.
struct Times {
  Interval appointment, busy;
};
Times TimesOf(const ServiceNeeds& s, UtcMillis start);

// Who and what a booking takes.
struct Assignment {
  int64_t practitioner_id = 0;
  std::vector<int64_t> assistant_ids;
  std::optional<int64_t> room_id;
  std::vector<int64_t> equipment_ids;
};

// Why a time cannot be booked. kTaken: something needed is booked (the booking may race);
// the others do not depend on bookings.
enum class Refusal {
  kNone,
  kClosed,
  kNotOnRoster,
  kOnLeave,
  kNoPractitioner,
  kUnqualified,
  kUnknownPractitioner,
  kNoRoom,
  kNoEquipment,
  kTaken
};
std::string_view RefusalName(Refusal r);

struct Choice {
  Refusal refusal = Refusal::kNone;
  Assignment assignment;  // when refusal is kNone
};

// Chooses practitioners, a room and equipment for `s` at `start`: the given practitioner, or
// the free qualified one with the fewest booked minutes in `day` (ties: the lowest id); the first
// free room of the type, preferring one whose fixed equipment covers the most of what the
// service needs; a free piece of each kind the room lacks. (A reschedule loads the resources
// without the appointment's own bookings.)
Choice Choose(const Resources& r, const ServiceNeeds& s, UtcMillis start,
              std::optional<int64_t> practitioner, Interval day);

// The lead practitioners for whom the whole booking (team, room, equipment) is free at `start`;
// empty when none.
std::vector<int64_t> FreeLeads(const Resources& r, const ServiceNeeds& s, UtcMillis start,
                               std::optional<int64_t> practitioner);

struct SlotQuery {
  LocalDate from, to;  // local days, inclusive
  int step_min = 15;   // 5, 10 or 15: slot starts at local times that are multiples of it
  UtcMillis not_before = 0;
  std::optional<int64_t> practitioner;
};
struct SegmentSlot {
  int64_t service_id = 0;
  Interval appointment;
  std::vector<int64_t> practitioner_ids;
};
struct Slot {
  UtcMillis start = 0, end = 0;
  std::vector<int64_t> practitioner_ids;  // the first service's free leads
  std::vector<SegmentSlot> segments;      // one per service, in order
};

// The free slots for `services` in sequence (each starting when the one before ends), by start.
std::vector<Slot> FindSlots(const Resources& r, std::span<const ServiceNeeds> services,
                            const TimeZone& zone, const SlotQuery& q);

}  // namespace peony::domain::appointments
