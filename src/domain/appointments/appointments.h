// Appointments (APPT-1, APPT-2): free slots, booking without double booking, the day's list,
// rescheduling, cancelling, statuses with check-in opening a treatment, and the waitlist.
//
// An appointment is a record of the catalog entity `appointment` (so it shows on the customer's
// timeline and clinics may add fields) with its state in the module's `appointments` table. What
// it holds — practitioners, room, equipment — is written as occupancy rows (one per resource and
// 5-minute bucket of its busy range, buffers included) under a primary key, in the booking's
// transaction: two bookings of one practitioner, room or piece of equipment at overlapping times
// cannot both commit, on either engine, whatever the interleaving; the loser answers
// appointment.slot_taken and writes nothing. Reschedule frees and takes in one transaction;
// cancel frees.
//
// Reminders (reminders.h) are jobs planned at booking (the day before at 18:00 and 2 hours
// before), moved by a reschedule and dropped by a cancel, in the same transaction.
//
// Access: the routes check appointment.view / .book / .manage; a branch outside the caller's
// scope for that permission (scope branch: the caller's own branch) is
// appointment.branch_not_found, an appointment there appointment.not_found, a customer the caller
// may not read appointment.customer_not_found. The record is written with the caller's name and
// every record permission (the appointment permissions decide).
//
// Thread-safe; all state is in the database.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "common/time_zone.h"
#include "domain/appointments/appointment.h"
#include "domain/cards/cards.h"
#include "platform/records/records.h"
#include "storage/db.h"

namespace peony::notify {
class Outbox;
}

namespace peony::domain::appointments {

using cards::Answer;
using cards::Idempotency;

inline constexpr int kMaxRangeDays = 31;

struct AvailabilityInput {
  std::vector<int64_t> service_ids;  // in sequence; 1-5
  int64_t branch_id = 0;
  LocalDate from, to;  // inclusive, at most kMaxRangeDays days
  std::optional<int64_t> practitioner_id;
};
struct BookInput {
  int64_t customer_id = 0, service_id = 0, branch_id = 0;
  UtcMillis start = 0;
  std::optional<int64_t> practitioner_id;
  std::string note;
  // Not from the request: a practitioner found free beforehand, tried first when practitioner_id
  // is absent (anyone may still be assigned if she has been taken since).
  std::optional<int64_t> suggested_practitioner;
};
struct RescheduleInput {
  UtcMillis start = 0;
  std::optional<int64_t> practitioner_id;  // absent: the current one if free, else any
};
struct ListInput {
  std::optional<int64_t> branch_id;  // absent: the caller's branch (or every branch in scope all)
  LocalDate from, to;
  std::optional<int64_t> practitioner_id, room_id, customer_id;
  std::optional<std::string> status;
};
struct WaitlistInput {
  int64_t customer_id = 0, service_id = 0, branch_id = 0;
  LocalDate day;
};

// Parsing of request bodies and queries. Error: appointment.invalid naming the fields.
Result<BookInput> ParseBook(const boost::json::object& body);
Result<RescheduleInput> ParseReschedule(const boost::json::object& body);
Result<std::string> ParseCancel(const boost::json::object& body);  // the reason
Result<std::string> ParseStatus(const boost::json::object& body);
Result<WaitlistInput> ParseWaitlist(const boost::json::object& body);
// "YYYY-MM-DD" of the query parameter `field`.
Result<LocalDate> ParseDay(std::optional<std::string_view> text, std::string_view field);
// from..to with to >= from and at most kMaxRangeDays days.
Status CheckRange(const LocalDate& from, const LocalDate& to);

class Appointments {
 public:
  // All must outlive the service; `outbox` may be null (no messages to customers).
  // Declares the appointment fields this module manages (Records::Manage).
  Appointments(storage::Db& db, records::Records& records, const Clock& clock,
               notify::Outbox* outbox = nullptr);

  // {"slots":[{"start","end","practitioner_ids","segments":[…] (several services)}],
  //  "step_min","time_zone"}. Errors: appointment.invalid, appointment.unknown_service,
  // appointment.branch_not_found.
  Result<boost::json::object> Availability(const records::Caller& who, const AvailabilityInput& in);
  // 201 with the appointment. Errors: appointment.invalid, appointment.in_past,
  // appointment.unknown_service, appointment.unknown_practitioner,
  // appointment.practitioner_unqualified, appointment.customer_not_found,
  // appointment.branch_not_found, appointment.unavailable, appointment.slot_taken, idempotency.*.
  Result<Answer> Book(const records::Caller& who, const BookInput& in,
                      const Idempotency& idem = {});
  // Book's work inside the caller's transaction, for callers that write more in it (self-booking
  // creates the customer and spends the one-time code). Checks neither the caller's branch scope
  // nor that the customer is visible: the caller has. Answers the appointment's JSON. Errors: as
  // Book, but idempotency.*, appointment.customer_not_found and appointment.branch_not_found.
  Result<boost::json::object> BookInTx(storage::Conn& c, const records::Caller& who,
                                       const BookInput& in);
  // Error: appointment.not_found.
  Result<boost::json::object> Get(const records::Caller& who, int64_t id);
  // Appointments starting on the days, by start (at most 500). Errors: appointment.invalid,
  // appointment.branch_not_found.
  Result<boost::json::array> List(const records::Caller& who, const ListInput& in);
  // Moves an open appointment (booked or confirmed); its reminders move with it. Errors:
  // appointment.not_found, appointment.bad_transition (not open), and those of Book.
  Result<Answer> Reschedule(const records::Caller& who, int64_t id, const RescheduleInput& in,
                            const Idempotency& idem = {});
  // Cancels an open appointment: frees what it held, drops its reminders and offers the time to
  // the day's waitlist. Errors: appointment.not_found, appointment.bad_transition.
  Result<Answer> Cancel(const records::Caller& who, int64_t id, const std::string& reason,
                        const Idempotency& idem = {});
  // Moves the status along (appointment.h CanTransition). checked_in creates the `treatment`
  // record (status in_progress) and answers its id as treatment_id. Errors: appointment.not_found,
  // appointment.bad_transition, and the treatment record's.
  Result<Answer> ChangeStatus(const records::Caller& who, int64_t id, const std::string& status,
                              const Idempotency& idem = {});
  // 201 {"id","customer_id","service_id","branch_id","date","status":"waiting"}. Errors:
  // appointment.invalid, appointment.customer_not_found, appointment.unknown_service,
  // appointment.branch_not_found.
  Result<Answer> AddToWaitlist(const records::Caller& who, const WaitlistInput& in);

 private:
  struct Ctx;
  using Body = std::function<Result<boost::json::value>(storage::Conn&)>;
  Result<Answer> Run(const records::Caller& who, std::string_view route, const Idempotency& idem,
                     int status, const Body& fn);
  Status CheckBranch(const records::Caller& who, const std::string& permission, int64_t branch_id);
  Status CheckCustomer(const records::Caller& who, int64_t customer_id);
  // The appointment, locked, when the caller may see it under `permission`.
  Result<Appointment> LoadVisible(storage::Conn& c, const records::Caller& who,
                                  const std::string& permission, int64_t id, bool lock);
  // Chooses and takes the resources for `a` (service, branch, start, practitioner set).
  Status Place(storage::Conn& c, Appointment& a, std::optional<int64_t> practitioner,
               const TimeZone& zone);
  // Place with `preferred` when she is free, else with whoever is.
  Status PlacePreferring(storage::Conn& c, Appointment& a, std::optional<int64_t> preferred,
                         const TimeZone& zone);
  // The practitioner Place would assign to the booking now, read outside any write (nullopt when
  // none is free or the input is refused: the write then answers why).
  std::optional<int64_t> Suggest(const records::Caller& who, const BookInput& in);
  Result<Names> NamesOf(storage::Conn& c, const records::Caller& who, const Appointment& a);
  Status MirrorRecord(storage::Conn& c, const records::Caller& who, const Appointment& a,
                      const TimeZone& zone);
  Status Audit(storage::Conn& c, const records::Caller& who, std::string action, int64_t id,
               boost::json::object detail);
  Status OfferToWaitlist(storage::Conn& c, const records::Caller& who, const Appointment& freed,
                         const TimeZone& zone);

  storage::Db& db_;
  records::Records& records_;
  const Clock& clock_;
  notify::Outbox* outbox_;
};

}  // namespace peony::domain::appointments
