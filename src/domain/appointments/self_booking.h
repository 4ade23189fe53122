// Self-booking (APPT-3): a branch's public booking page and the mini program's API. A visitor
// picks a service, a day and a slot, gives her name and phone and confirms with a one-time code
// sent by SMS; the booking finds her by phone (the customer's blind index) or creates her
// (source self_booking), then books through Appointments::BookInTx with automatic practitioner
// assignment, as a principal holding only appointment.view/.book and data.customer.read/.create
// in the branch.
//
// One-time codes: 6 digits, 5 minutes, 5 wrong attempts; stored as a keyed hash, with the
// phone's and the client address's blind indexes (never the phone or the address). Codes per
// phone: 1 a minute and 5 an hour; per client address: 20 an hour (public.rate_limited with the
// seconds to wait). The newest unused code of a phone is the one checked. In demo mode (the
// organisation's setting demo_codes, set by `peony init --demo`) the answer carries the code.
//
// Trusted callers (an API key holding appointment.book for the branch: the mini program, which
// has verified the phone itself) book without a code and regardless of the public switch.
//
// The phone is sensitive: it is never logged, never echoed unmasked, and appears in no error.
// Errors: self_booking_errors.h and appointment.slot_taken / .unavailable / .in_past.
// Thread-safe; all state is in the database.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "common/time_zone.h"
#include "domain/appointments/appointments.h"
#include "platform/access/principal.h"
#include "platform/records/records.h"
#include "platform/schema/catalog.h"
#include "storage/db.h"

namespace peony::notify {
class Outbox;
}

namespace peony::domain::appointments {

inline constexpr int64_t kCodeTtlMs = 5 * 60'000;
inline constexpr int kCodeAttempts = 5;
inline constexpr int kCodesPerPhonePerMinute = 1;
inline constexpr int kCodesPerPhonePerHour = 5;
inline constexpr int kCodesPerClientPerHour = 20;
inline constexpr int kBookAheadDays = 30;

struct SelfBookingSettings {
  bool enabled = true;      // the public page answers (else public.not_found)
  bool demo_codes = false;  // answers carry the code (demo clinics only)
};

// Who is asking: the client's address, and for the mini program the API key's principal.
struct PublicCaller {
  std::string client;                          // the peer address (rate limits, audit)
  const access::Principal* trusted = nullptr;  // set: an API-key caller; no code needed
};

struct PublicBookInput {
  int64_t service_id = 0;
  UtcMillis start = 0;
  std::string name;
  std::string phone;  // normalised mainland mobile number
  std::string code;   // 6 digits; empty for trusted callers
};

// {"service_id","start","name","phone"[,"code"]}; the code is required unless `trusted`.
// Error: public.invalid naming the fields (never echoing the phone).
Result<PublicBookInput> ParsePublicBook(const boost::json::object& body, bool trusted);
// Writes the organisation's switches in the caller's transaction (the demo clinic turns demo
// codes on). Errors: db.*.
Status SaveSelfBookingSettingsInTx(storage::Conn& c, int64_t org_id, const SelfBookingSettings& s,
                                   UtcMillis now);
// "YYYY-MM-DD". Error: public.invalid.
Result<LocalDate> ParsePublicDay(std::optional<std::string_view> text);

class SelfBooking {
 public:
  // All must outlive the service; `outbox` may be null (codes are then not sent, only stored).
  SelfBooking(storage::Db& db, schema::CatalogStore& catalog, records::Records& records,
              const Clock& clock, notify::Outbox* outbox)
      : db_(db),
        catalog_(catalog),
        records_(records),
        clock_(clock),
        outbox_(outbox),
        appointments_(db, records, clock, outbox) {}

  // The organisation's switches ({"enabled","demo_codes"}), and changing them (a patch of
  // booleans; audited self_booking.settings). Error: public.invalid.
  Result<SelfBookingSettings> Settings(int64_t org_id);
  Result<SelfBookingSettings> SaveSettings(const records::Caller& who,
                                           const boost::json::object& patch);

  // {"branch":{"id","name"},"services":[{"id","name","duration_min","price_fen"}]}: the active
  // services someone rostered at the branch in the next 30 days can give (skill, room type and
  // equipment at the branch). Error: public.not_found.
  Result<boost::json::object> Page(int64_t branch_id, const PublicCaller& who);
  // {"slots":[{"start","end"}]} of the day (RFC 3339 with the organisation's offset), without
  // practitioners. Errors: public.not_found, public.invalid (date in the past or more than 30
  // days ahead, a service not on the page).
  Result<boost::json::object> Slots(int64_t branch_id, int64_t service_id, const LocalDate& day,
                                    const PublicCaller& who);
  // Sends a code to `phone`: {"expires_in":300,"phone": masked[,"demo_code"]}. Errors:
  // public.not_found, public.invalid (phone), public.rate_limited.
  Result<boost::json::object> RequestCode(int64_t branch_id, std::string_view phone,
                                          const PublicCaller& who);
  // Books: {"id","start","end","service":{"name"},"branch":{"name"},"status":"booked",
  // "phone": masked}. A wrong code counts an attempt and writes nothing else. Errors:
  // public.not_found, public.invalid, public.bad_code, appointment.slot_taken,
  // appointment.unavailable, appointment.in_past.
  Result<boost::json::object> Book(int64_t branch_id, const PublicBookInput& in,
                                   const PublicCaller& who);

 private:
  struct Branch {
    int64_t id = 0, org_id = 0;
    std::string name;
    SelfBookingSettings settings;
    access::Principal principal;  // reads and books as this (BookingPrincipal)
  };
  // The branch, when it exists and `who` may book there (public: self-booking on).
  Result<Branch> Open(int64_t branch_id, const PublicCaller& who);
  // The service records on the branch's page, by id.
  Result<std::vector<boost::json::object>> Offered(storage::Conn& c, const Branch& b);
  Status CheckOffered(const Branch& b, int64_t service_id);
  // Counts a wrong attempt, or answers the id of the matching unused code.
  Result<int64_t> CheckCode(const Branch& b, const std::string& phone_index,
                            const std::string& code);
  std::string PhoneIndex(int64_t org_id, std::string_view phone) const;

  storage::Db& db_;
  schema::CatalogStore& catalog_;
  records::Records& records_;
  const Clock& clock_;
  notify::Outbox* outbox_;
  Appointments appointments_;
};

}  // namespace peony::domain::appointments
