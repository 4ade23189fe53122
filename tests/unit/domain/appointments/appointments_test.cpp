// The appointments service on both engines: booking with automatic assignment, the occupancy
// guard (also under many parallel bookings), reschedule, cancel, statuses with check-in opening a
// treatment, reminders as jobs, and the waitlist.
#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "unit/domain/appointments/appointments_fixture.h"

namespace peony::domain::appointments::testing {
namespace {

namespace json = boost::json;

template <class T>
std::string Code(const Result<T>& r) {
  return r.ok() ? "ok" : r.error().code;
}
std::string Code(const Status& s) { return s.ok() ? "ok" : s.error().code; }

TEST_P(AppointmentsTest, BookingChoosesAPractitionerAndARoomAndGuardsTheTime) {
  const int64_t doctor = Practitioner("张明远", {"注射"});
  Practitioner("王芳", {"术后护理"});
  const int64_t room = Room("注射室 1", "injection_room");
  const int64_t service = Service("水光针", 45, "注射", "injection_room");
  const int64_t customer = Customer("李雪");

  auto booked = Book(customer, service, LocalAt(kTomorrow, 10));
  ASSERT_TRUE(booked.ok()) << booked.error().code;
  EXPECT_EQ(booked->status, 201);
  const json::object& a = booked->body.as_object();
  EXPECT_EQ(a.at("practitioner_id").as_int64(), doctor);
  EXPECT_EQ(a.at("room_id").as_int64(), room);
  EXPECT_EQ(a.at("start").as_string(), "2026-11-25T10:00:00+08:00");
  EXPECT_EQ(a.at("end").as_string(), "2026-11-25T10:45:00+08:00");
  EXPECT_EQ(a.at("status").as_string(), "booked");
  EXPECT_EQ(a.at("service_name").as_string(), "水光针");
  // 45 minutes: 9 buckets each for the doctor and the room.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM appointment_occupancy"), 18);
  // The record mirrors it (and so shows on the customer's timeline).
  auto record = records_->Get(As(admin_), "appointment", a.at("id").as_int64());
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->at("customer").as_int64(), customer);

  // The same doctor 10:30 overlaps; the nurse lacks the skill; nothing is written.
  EXPECT_EQ(Code(Book(customer, service, LocalAt(kTomorrow, 10, 30))), "appointment.slot_taken");
  EXPECT_EQ(Code(Book(customer, service, LocalAt(kTomorrow, 10, 30), doctor + 1)),
            "appointment.practitioner_unqualified");
  EXPECT_EQ(Code(Book(customer, service, LocalAt(kTomorrow, 12))), "appointment.unavailable");
  EXPECT_EQ(Code(Book(customer, service, LocalAt(kToday, 7))), "appointment.in_past");
  EXPECT_EQ(Code(Book(customer, service + 1000, LocalAt(kTomorrow, 14))),
            "appointment.unknown_service");
  EXPECT_EQ(Code(Book(customer + 1000, service, LocalAt(kTomorrow, 14))),
            "appointment.customer_not_found");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM appointments"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM appointment_occupancy"), 18);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM x_appointment"), 1);
  // 10:45 is free again (no buffers).
  EXPECT_EQ(Code(Book(customer, service, LocalAt(kTomorrow, 10, 45))), "ok");
}

// Book searches for a free practitioner before its write and the write tries that one first: a
// suggestion gone stale (taken meanwhile, unknown, unqualified) still books whoever is free, and
// a named practitioner is never swapped.
TEST_P(AppointmentsTest, AStaleSuggestionFallsBackToWhoeverIsFree) {
  const int64_t first = Practitioner("张明远", {"注射"});
  const int64_t second = Practitioner("赵雅", {"注射"});
  const int64_t nurse = Practitioner("王芳", {"术后护理"});
  const int64_t service = Service("水光针", 60, "注射");
  const int64_t customer = Customer("李雪");
  ASSERT_TRUE(Book(customer, service, LocalAt(kTomorrow, 10), first).ok());
  auto book_in_tx = [&](std::optional<int64_t> suggested) -> Result<json::object> {
    BookInput in;
    in.customer_id = customer;
    in.service_id = service;
    in.branch_id = branch_a_;
    in.start = LocalAt(kTomorrow, 10);
    in.suggested_practitioner = suggested;
    Result<json::object> out = json::object{};
    (void)db_->WriteTx([&](storage::Conn& c) -> Status {
      out = appts_->BookInTx(c, As(admin_), in);
      return out.ok() ? Ok() : Status(out.error());
    });
    return out;
  };
  for (std::optional<int64_t> stale : {std::optional<int64_t>(first), std::optional<int64_t>(nurse),
                                       std::optional<int64_t>(999999)}) {
    auto booked = book_in_tx(stale);
    ASSERT_TRUE(booked.ok()) << booked.error().code;
    EXPECT_EQ(booked->at("practitioner_id").as_int64(), second);
    ASSERT_TRUE(appts_->Cancel(As(admin_), booked->at("id").as_int64(), "").ok());
  }
  // Both taken: no suggestion helps; a named practitioner who is taken is refused, not swapped.
  ASSERT_TRUE(Book(customer, service, LocalAt(kTomorrow, 10), second).ok());
  EXPECT_EQ(Code(Book(customer, service, LocalAt(kTomorrow, 10))), "appointment.slot_taken");
  EXPECT_EQ(book_in_tx(second).error().code, "appointment.slot_taken");
  EXPECT_EQ(Code(Book(customer, service, LocalAt(kTomorrow, 11), nurse)),
            "appointment.practitioner_unqualified");
}

TEST_P(AppointmentsTest, AvailabilityListsFreeSlotsAndRefusesBadRanges) {
  const int64_t doctor = Practitioner("张明远", {"注射"});
  const int64_t service = Service("水光针", 60, "注射");
  const int64_t customer = Customer("李雪");
  ASSERT_TRUE(Book(customer, service, LocalAt(kTomorrow, 10)).ok());
  AvailabilityInput in;
  in.service_ids = {service};
  in.branch_id = branch_a_;
  in.from = in.to = kTomorrow;
  auto r = appts_->Availability(As(admin_), in);
  ASSERT_TRUE(r.ok()) << r.error().code;
  const auto& slots = r->at("slots").as_array();
  // 11:00, 11:15 … 11:00 (ends 12:00); 13:00 … 17:00: 1 + 17 starts at 15 minutes.
  ASSERT_EQ(slots.size(), 18u);
  EXPECT_EQ(slots[0].at("start").as_string(), "2026-11-25T11:00:00+08:00");
  EXPECT_EQ(slots[0].at("practitioner_ids").as_array()[0].as_int64(), doctor);
  EXPECT_EQ(r->at("step_min").as_int64(), 15);

  in.to = kToday;
  EXPECT_EQ(appts_->Availability(As(admin_), in).error().code, "appointment.invalid");
  in.to = AddDays(kTomorrow, 31);
  EXPECT_EQ(appts_->Availability(As(admin_), in).error().code, "appointment.invalid");
  in.to = kTomorrow;
  in.branch_id = 9999;
  EXPECT_EQ(appts_->Availability(As(admin_), in).error().code, "appointment.branch_not_found");
  in.branch_id = branch_a_;
  in.service_ids = {service + 1000};
  EXPECT_EQ(appts_->Availability(As(admin_), in).error().code, "appointment.unknown_service");
  // A front desk of branch A cannot look at branch B.
  const auto desk = Principal(5, {"appointment.view"}, access::Scope::kBranch, branch_a_);
  in.service_ids = {service};
  in.branch_id = branch_b_;
  EXPECT_EQ(appts_->Availability(As(desk), in).error().code, "appointment.branch_not_found");
}

// Bookings for "anyone" at the same time, in parallel: while practitioners are free none is
// refused (on PostgreSQL a booking beaten to the same practitioner tries again), and each gets
// her own.
TEST_P(AppointmentsTest, ParallelBookingsForAnyoneAreAllPlacedWhilePractitionersAreFree) {
  const std::set<int64_t> staff{Practitioner("张明远", {"注射"}), Practitioner("李建华", {"注射"}),
                                Practitioner("赵雅", {"注射"})};
  const int64_t service = Service("水光针", 60, "注射");
  const int64_t customer = Customer("李雪");
  std::vector<Result<Answer>> results(staff.size(), InternalError("not run"));
  std::vector<std::thread> threads;
  for (size_t t = 0; t < staff.size(); ++t) {
    threads.emplace_back([&, t] { results[t] = Book(customer, service, LocalAt(kTomorrow, 15)); });
  }
  for (auto& th : threads) th.join();
  std::set<int64_t> placed;
  for (const auto& r : results) {
    ASSERT_TRUE(r.ok()) << r.error().code;
    placed.insert(r->body.at("practitioner_id").as_int64());
  }
  EXPECT_EQ(placed, staff);
  EXPECT_EQ(Code(Book(customer, service, LocalAt(kTomorrow, 15))), "appointment.slot_taken");
}

TEST_P(AppointmentsTest, ParallelBookingsOverOverlappingSlotsNeverOverlap) {
  const int64_t a = Practitioner("张明远", {"注射"});
  const int64_t b = Practitioner("李建华", {"注射"});
  Room("注射室 1", "injection_room");
  Room("注射室 2", "injection_room");
  Room("注射室 3", "injection_room");
  const int64_t service = Service("水光针", 45, "注射", "injection_room");
  const int64_t customer = Customer("李雪");
  constexpr int kThreads = 8, kPerThread = 6;
  std::atomic<int> made{0}, taken{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Starts every 15 minutes over 10:00-11:15, for either doctor or anyone.
        const int slot = (t * 7 + i * 3) % 6;
        std::optional<int64_t> who;
        if ((t + i) % 3 == 1) who = a;
        if ((t + i) % 3 == 2) who = b;
        auto r = Book(customer, service, LocalAt(kTomorrow, 10, 0) + slot * 15 * kMinuteMs, who);
        if (r.ok()) {
          ++made;
        } else if (r.error().code == "appointment.slot_taken") {
          ++taken;
        } else {
          ++other;
          ADD_FAILURE() << r.error().code << " " << r.error().message_en;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(made + taken + other, kThreads * kPerThread);
  EXPECT_GT(made.load(), 1);
  EXPECT_GT(taken.load(), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM appointments"), made.load());
  // No two stored appointments of a practitioner or a room overlap.
  auto rows = db_->Read([](storage::Conn& c) {
    return c.Query(
        "SELECT kind, resource_id, busy_from, busy_to FROM appointment_resources "
        "ORDER BY kind, resource_id, busy_from");
  });
  ASSERT_TRUE(rows.ok());
  for (size_t i = 1; i < rows->size(); ++i) {
    if (rows->Text(i, 0) != rows->Text(i - 1, 0) || rows->Int(i, 1) != rows->Int(i - 1, 1)) {
      continue;
    }
    EXPECT_GE(rows->Int(i, 2), rows->Int(i - 1, 3)) << rows->Text(i, 0) << " " << rows->Int(i, 1);
  }
}

TEST_P(AppointmentsTest, RescheduleMovesTheHoldAndItsRemindersAndCancelFreesIt) {
  const int64_t doctor = Practitioner("张明远", {"注射"});
  const int64_t service = Service("水光针", 60, "注射");
  const int64_t customer = Customer("李雪");
  auto first = Book(customer, service, LocalAt(kTomorrow, 10));
  auto second = Book(customer, service, LocalAt(kTomorrow, 11));
  ASSERT_TRUE(first.ok() && second.ok());
  const int64_t id = first->body.at("id").as_int64();
  const int64_t other = second->body.at("id").as_int64();
  // Day before 18:00 and 2 hours before, per appointment.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM jobs WHERE kind = 'appointment.remind' AND "
                  "status = 'pending'"),
            4);

  RescheduleInput to11{LocalAt(kTomorrow, 11), doctor};
  EXPECT_EQ(Code(appts_->Reschedule(As(admin_), id, to11)), "appointment.slot_taken");
  auto still = appts_->Get(As(admin_), id);
  ASSERT_TRUE(still.ok());
  EXPECT_EQ(still->at("start").as_string(), "2026-11-25T10:00:00+08:00");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM appointment_occupancy WHERE appointment_id = " +
                  std::to_string(id)),
            12);

  RescheduleInput to14{LocalAt(kTomorrow, 14), std::nullopt};
  auto moved = appts_->Reschedule(As(admin_), id, to14);
  ASSERT_TRUE(moved.ok()) << moved.error().code;
  EXPECT_EQ(moved->body.at("start").as_string(), "2026-11-25T14:00:00+08:00");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM jobs WHERE kind = 'appointment.remind' AND "
                  "status = 'pending'"),
            4);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM jobs WHERE kind = 'appointment.remind' AND "
                  "status = 'cancelled'"),
            2);
  // 10:00 is free again.
  EXPECT_EQ(Code(Book(customer, service, LocalAt(kTomorrow, 10))), "ok");

  auto cancelled = appts_->Cancel(As(admin_), other, "客户临时有事");
  ASSERT_TRUE(cancelled.ok());
  EXPECT_EQ(cancelled->body.at("status").as_string(), "cancelled");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM appointment_occupancy WHERE appointment_id = " +
                  std::to_string(other)),
            0);
  EXPECT_EQ(Code(appts_->Cancel(As(admin_), other, "")), "appointment.bad_transition");
  EXPECT_EQ(Code(appts_->Reschedule(As(admin_), other, to14)), "appointment.bad_transition");
  EXPECT_EQ(Code(Book(customer, service, LocalAt(kTomorrow, 11))), "ok");
  EXPECT_EQ(Code(appts_->Cancel(As(admin_), 99999, "")), "appointment.not_found");
}

// The appointment's record mirrors the booking; the records API may annotate it but neither move,
// forge nor delete it, so the record cannot drift from the occupancy that guards the times.
TEST_P(AppointmentsTest, TheRecordsApiCannotMoveForgeOrDeleteAppointments) {
  const auto [id, customer, service] = BookOne();
  ASSERT_NE(id, 0);

  EXPECT_EQ(Code(records_->Update(As(admin_), "appointment", id,
                                  {{"start_at", "2026-11-25T11:00:00+08:00"}}, std::nullopt)),
            "record.read_only");
  EXPECT_EQ(Code(records_->Update(As(admin_), "appointment", id, {{"status", "completed"}},
                                  std::nullopt)),
            "record.read_only");
  EXPECT_EQ(Code(records_->Create(As(admin_), "appointment",
                                  {{"customer", customer},
                                   {"service", service},
                                   {"start_at", "2026-11-25T10:00:00+08:00"}})),
            "record.managed");
  EXPECT_EQ(Code(records_->Delete(As(admin_), "appointment", id)), "record.managed");
  auto noted =
      records_->Update(As(admin_), "appointment", id, {{"note", "带朋友来"}}, std::nullopt);
  EXPECT_EQ(Code(noted), "ok");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM x_appointment WHERE deleted_at IS NULL"), 1);

  // Moving it through the appointments API moves the record too.
  auto moved = appts_->Reschedule(As(admin_), id, RescheduleInput{LocalAt(kTomorrow, 14), {}});
  ASSERT_TRUE(moved.ok()) << moved.error().code;
  auto record = records_->Get(As(admin_), "appointment", id);
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->at("start_at").as_string(), "2026-11-25T06:00:00.000Z");
  EXPECT_EQ(record->at("note").as_string(), "带朋友来");
}

TEST_P(AppointmentsTest, CheckInOpensATreatmentAndStatusesMoveOnlyForward) {
  const auto [id, customer, service] = BookOne();
  ASSERT_NE(id, 0);
  EXPECT_EQ(Code(appts_->ChangeStatus(As(admin_), id, "completed")), "appointment.bad_transition");
  ASSERT_EQ(Code(appts_->ChangeStatus(As(admin_), id, "confirmed")), "ok");
  auto in = appts_->ChangeStatus(As(admin_), id, "checked_in");
  ASSERT_TRUE(in.ok()) << in.error().code;
  const auto& body = in->body.as_object();
  ASSERT_TRUE(body.at("treatment_id").is_int64());
  EXPECT_TRUE(body.at("checked_in_at").is_string());
  auto treatment = records_->Get(As(admin_), "treatment", body.at("treatment_id").as_int64());
  ASSERT_TRUE(treatment.ok());
  EXPECT_EQ(treatment->at("status").as_string(), "in_progress");
  EXPECT_EQ(treatment->at("customer").as_int64(), customer);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM jobs WHERE kind = 'appointment.remind' AND "
                  "status = 'pending'"),
            0);
  ASSERT_EQ(Code(appts_->ChangeStatus(As(admin_), id, "in_service")), "ok");
  ASSERT_EQ(Code(appts_->ChangeStatus(As(admin_), id, "completed")), "ok");
  EXPECT_EQ(Code(appts_->ChangeStatus(As(admin_), id, "no_show")), "appointment.bad_transition");
  EXPECT_EQ(Code(appts_->Cancel(As(admin_), id, "")), "appointment.bad_transition");
}

TEST_P(AppointmentsTest, ACancellationOffersTheFreedTimeToTheWaitlist) {
  Practitioner("张明远", {"注射"});
  const int64_t service = Service("玻尿酸", 240, "注射");  // fills the morning or afternoon
  const int64_t first = Customer("李雪");
  const int64_t waiting = Customer("王丽");
  auto morning = Book(first, service, LocalAt(kTomorrow, 13));
  ASSERT_TRUE(morning.ok()) << morning.error().code;
  WaitlistInput w{waiting, service, branch_a_, kTomorrow};
  auto added = appts_->AddToWaitlist(As(admin_), w);
  ASSERT_TRUE(added.ok()) << added.error().code;
  EXPECT_EQ(added->status, 201);
  w.day = kToday;
  w.day.d = 1;
  EXPECT_EQ(Code(appts_->AddToWaitlist(As(admin_), w)), "appointment.invalid");

  ASSERT_TRUE(appts_->Cancel(As(admin_), morning->body.at("id").as_int64(), "").ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM appointment_waitlist WHERE status = 'offered'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM tasks WHERE record_id = " + std::to_string(waiting)), 1);
}

TEST_P(AppointmentsTest, RostersAndHoursRefuseBadInputAndWriteNothing) {
  const int64_t doctor = Practitioner("张明远", {"注射"});
  const json::object bad_time{
      {"weekly",
       json::array{json::object{
           {"branch_id", branch_a_}, {"weekday", 1}, {"start", "25:00"}, {"end", "18:00"}}}}};
  auto r = schedule_->SaveWeekly(As(admin_), doctor, bad_time);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "appointment.invalid");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM appointment_roster_weekly"), 7);
  EXPECT_EQ(schedule_->SaveWeekly(As(admin_), 99999, {{"weekly", json::array{}}}).error().code,
            "appointment.unknown_practitioner");
  const json::object bad_hours{
      {"days", json::array{json::object{{"weekday", 9}, {"open", "10:00"}, {"close", "09:00"}}}}};
  EXPECT_EQ(schedule_->SaveHours(As(admin_), branch_a_, bad_hours).error().code,
            "appointment.invalid");
  EXPECT_EQ(schedule_->SaveSettings(As(admin_), {{"slot_step_min", 7}}).error().code,
            "appointment.invalid");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM appointment_opening_hours"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM appointment_settings"), 0);
  // Valid hours then close the branch outside them.
  const int64_t service = Service("水光针", 60, "注射");
  json::array days;
  for (int d = 0; d < 7; ++d) {
    days.push_back(json::object{{"weekday", d}, {"open", "14:00"}, {"close", "21:00"}});
  }
  ASSERT_TRUE(schedule_->SaveHours(As(admin_), branch_a_, {{"days", days}}).ok());
  auto closed = Book(Customer("李雪"), service, LocalAt(kTomorrow, 10));
  ASSERT_FALSE(closed.ok());
  EXPECT_EQ(closed.error().code, "appointment.unavailable");
  EXPECT_EQ(closed.error().details.at("reason").as_string(), "closed");
}

INSTANTIATE_TEST_SUITE_P(Engines, AppointmentsTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::domain::appointments::testing
