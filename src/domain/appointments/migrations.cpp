#include "domain/appointments/migrations.h"

namespace peony::domain::appointments {

// Tokens ({{ID}}, {{TEXT}}, …) are replaced per dialect by storage::DialectSql. Never edit a
// migration that has shipped: add a new one.
std::vector<storage::Migration> Migrations() {
  return {
      // Scheduling: the slot step per organisation, opening hours per branch and weekday, weekly
      // roster patterns per practitioner (a staff record) and branch, per-day overrides (an extra
      // shift, or a day off) and leave (an instant range). Times of day are minutes after local
      // midnight; breaks are a JSON array [[start, end], …] of such minutes; days are
      // "YYYY-MM-DD" in the organisation's zone; weekday 0 = Sunday … 6 = Saturday.
      {140, "appointment scheduling", R"SQL(
CREATE TABLE appointment_settings (
  org_id {{BIGINT}} PRIMARY KEY REFERENCES orgs(id),
  slot_step_min {{BIGINT}} NOT NULL DEFAULT 15,
  updated_at {{BIGINT}} NOT NULL
);
CREATE TABLE appointment_opening_hours (
  org_id {{BIGINT}} NOT NULL REFERENCES orgs(id),
  branch_id {{BIGINT}} NOT NULL,
  weekday {{BIGINT}} NOT NULL CHECK (weekday >= 0 AND weekday <= 6),
  open_min {{BIGINT}} NOT NULL,
  close_min {{BIGINT}} NOT NULL CHECK (close_min > open_min),
  PRIMARY KEY (org_id, branch_id, weekday)
);
CREATE TABLE appointment_roster_weekly (
  id {{ID}},
  org_id {{BIGINT}} NOT NULL REFERENCES orgs(id),
  staff_id {{BIGINT}} NOT NULL,
  branch_id {{BIGINT}} NOT NULL,
  weekday {{BIGINT}} NOT NULL CHECK (weekday >= 0 AND weekday <= 6),
  start_min {{BIGINT}} NOT NULL,
  end_min {{BIGINT}} NOT NULL CHECK (end_min > start_min),
  breaks {{TEXT}} NOT NULL DEFAULT '[]'
);
CREATE INDEX appointment_roster_weekly_branch ON appointment_roster_weekly (org_id, branch_id);
CREATE INDEX appointment_roster_weekly_staff ON appointment_roster_weekly (org_id, staff_id);
CREATE TABLE appointment_roster_days (
  id {{ID}},
  org_id {{BIGINT}} NOT NULL REFERENCES orgs(id),
  staff_id {{BIGINT}} NOT NULL,
  branch_id {{BIGINT}},
  day {{TEXT}} NOT NULL,
  kind {{TEXT}} NOT NULL CHECK (kind IN ('shift', 'off')),
  start_min {{BIGINT}},
  end_min {{BIGINT}},
  breaks {{TEXT}} NOT NULL DEFAULT '[]'
);
CREATE INDEX appointment_roster_days_day ON appointment_roster_days (org_id, day);
CREATE INDEX appointment_roster_days_staff ON appointment_roster_days (org_id, staff_id, day);
CREATE TABLE appointment_leave (
  id {{ID}},
  org_id {{BIGINT}} NOT NULL REFERENCES orgs(id),
  staff_id {{BIGINT}} NOT NULL,
  start_at {{BIGINT}} NOT NULL,
  end_at {{BIGINT}} NOT NULL CHECK (end_at > start_at),
  reason {{TEXT}} NOT NULL DEFAULT '',
  created_at {{BIGINT}} NOT NULL
);
CREATE INDEX appointment_leave_staff ON appointment_leave (org_id, staff_id, start_at);
)SQL"},
      // Appointments: the header is a record of the catalog entity `appointment` (id = the
      // record's id); its state and per-status times are here. appointment_resources lists the
      // busy range (the appointment with its buffers) of each practitioner, room and piece of
      // equipment it holds, for availability. appointment_occupancy is the guard against double
      // booking: one row per resource and 5-minute bucket (minutes since the epoch / 5) the busy
      // range covers, under a primary key, inserted in the booking's transaction; a second
      // booking of any bucket of a resource fails on both engines. Cancelling deletes the rows.
      {141, "appointments and occupancy", R"SQL(
CREATE TABLE appointments (
  id {{BIGINT}} PRIMARY KEY,
  org_id {{BIGINT}} NOT NULL REFERENCES orgs(id),
  branch_id {{BIGINT}} NOT NULL,
  customer_id {{BIGINT}} NOT NULL,
  service_id {{BIGINT}} NOT NULL,
  practitioner_id {{BIGINT}},
  assistant_ids {{TEXT}} NOT NULL DEFAULT '[]',
  room_id {{BIGINT}},
  equipment_ids {{TEXT}} NOT NULL DEFAULT '[]',
  start_at {{BIGINT}} NOT NULL,
  end_at {{BIGINT}} NOT NULL,
  busy_from {{BIGINT}} NOT NULL,
  busy_to {{BIGINT}} NOT NULL,
  status {{TEXT}} NOT NULL DEFAULT 'booked',
  note {{TEXT}} NOT NULL DEFAULT '',
  cancel_reason {{TEXT}} NOT NULL DEFAULT '',
  treatment_id {{BIGINT}},
  booked_at {{BIGINT}} NOT NULL,
  confirmed_at {{BIGINT}},
  checked_in_at {{BIGINT}},
  in_service_at {{BIGINT}},
  completed_at {{BIGINT}},
  no_show_at {{BIGINT}},
  cancelled_at {{BIGINT}},
  created_by {{BIGINT}},
  updated_at {{BIGINT}} NOT NULL,
  version {{BIGINT}} NOT NULL DEFAULT 1
);
CREATE INDEX appointments_branch_start ON appointments (org_id, branch_id, start_at);
CREATE INDEX appointments_customer ON appointments (org_id, customer_id, start_at);
CREATE INDEX appointments_practitioner ON appointments (org_id, practitioner_id, start_at);
CREATE TABLE appointment_resources (
  appointment_id {{BIGINT}} NOT NULL REFERENCES appointments(id),
  org_id {{BIGINT}} NOT NULL,
  kind {{TEXT}} NOT NULL,
  resource_id {{BIGINT}} NOT NULL,
  busy_from {{BIGINT}} NOT NULL,
  busy_to {{BIGINT}} NOT NULL,
  PRIMARY KEY (appointment_id, kind, resource_id)
);
CREATE INDEX appointment_resources_busy
  ON appointment_resources (org_id, kind, resource_id, busy_from);
CREATE TABLE appointment_occupancy (
  org_id {{BIGINT}} NOT NULL,
  kind {{TEXT}} NOT NULL,
  resource_id {{BIGINT}} NOT NULL,
  bucket {{BIGINT}} NOT NULL,
  appointment_id {{BIGINT}} NOT NULL,
  PRIMARY KEY (org_id, kind, resource_id, bucket)
);
CREATE INDEX appointment_occupancy_appointment ON appointment_occupancy (appointment_id);
CREATE TABLE appointment_waitlist (
  id {{ID}},
  org_id {{BIGINT}} NOT NULL REFERENCES orgs(id),
  branch_id {{BIGINT}} NOT NULL,
  customer_id {{BIGINT}} NOT NULL,
  service_id {{BIGINT}} NOT NULL,
  day {{TEXT}} NOT NULL,
  status {{TEXT}} NOT NULL DEFAULT 'waiting',
  offered_start {{BIGINT}},
  created_by {{BIGINT}},
  created_at {{BIGINT}} NOT NULL,
  offered_at {{BIGINT}}
);
CREATE INDEX appointment_waitlist_day ON appointment_waitlist (org_id, branch_id, day, status);
)SQL"},
      // Self-booking (self_booking.h): the organisation's switches (absent row: on, no demo
      // codes) and the one-time codes sent to phones. A code row holds the phone's and the
      // client address's blind indexes (never the phone or the address), the code's keyed hash,
      // its wrong attempts, expiry and use; the rows of the last hour are the rate limits.
      {148, "self-booking settings and one-time codes", R"SQL(
CREATE TABLE self_booking_settings (
  org_id {{BIGINT}} PRIMARY KEY REFERENCES orgs(id),
  enabled {{BOOL}} NOT NULL DEFAULT 1,
  demo_codes {{BOOL}} NOT NULL DEFAULT 0,
  updated_at {{BIGINT}} NOT NULL
);
CREATE TABLE self_booking_codes (
  id {{ID}},
  org_id {{BIGINT}} NOT NULL REFERENCES orgs(id),
  branch_id {{BIGINT}} NOT NULL,
  phone_index {{TEXT}} NOT NULL,
  client_index {{TEXT}} NOT NULL,
  code_hash {{TEXT}} NOT NULL,
  attempts {{BIGINT}} NOT NULL DEFAULT 0,
  created_at {{BIGINT}} NOT NULL,
  expires_at {{BIGINT}} NOT NULL,
  used_at {{BIGINT}}
);
CREATE INDEX self_booking_codes_phone ON self_booking_codes (org_id, phone_index, created_at);
CREATE INDEX self_booking_codes_client ON self_booking_codes (client_index, created_at);
)SQL"},
      // Free-slot search reads every booking of the branch's practitioners over the range
      // (internal::BusyOf): with busy_to in the index the read never visits the table, which
      // halves it at 100,000 bookings (bench/appointments_bench.cpp). The new index serves every
      // query the old one did.
      {149, "covering index of resource busy ranges", R"SQL(
CREATE INDEX appointment_resources_cover
  ON appointment_resources (org_id, kind, resource_id, busy_from, busy_to);
DROP INDEX appointment_resources_busy;
)SQL"},
  };
}

}  // namespace peony::domain::appointments
