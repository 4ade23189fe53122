// Internals of the demo generator shared by its files: the menu (services, products, card
// products), the staff, the writer through the records engine and the clinic being filled.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/time_zone.h"
#include "domain/cards/cards.h"
#include "domain/demo/demo.h"
#include "domain/demo/people.h"
#include "domain/demo/random.h"

namespace peony::domain::demo::internal {

// ---- The menu (menu.cpp) ----
struct ServiceItem {
  std::string_view name;
  std::string_view category;  // a key of service.category
  int minutes = 60;
  int64_t price_fen = 0;
  std::string_view follow_up_days;  // "1,3,7,30" or empty
  int repeat_days = 30;             // the usual interval between two sessions
  std::string_view consumable;      // used per session, or empty
  int weight = 1;                   // how often customers ask for it
  bool needs_doctor = false;        // injections, surgery and most lasers
};
struct ProductItem {
  std::string_view name, category, spec, unit;
  int64_t price_fen = 0;
};
struct CardItem {
  std::string_view name;
  std::string_view kind;  // count | package | stored_value | time
  int service = -1;       // index into Services(), or -1
  int sessions = 0;       // count and package cards
  int64_t price_fen = 0, face_fen = 0, gift_fen = 0;
  int valid_days = 365;
  int second_service = -1;  // a package card's other service (as many sessions), or -1
};
std::span<const ServiceItem> Services();
std::span<const ProductItem> Products();
std::span<const CardItem> CardProducts();
// The count or package card product for a service; -1 when there is none.
int CardFor(int service);
// The first of the three stored-value card products (5000, 10000 and 30000 yuan, in that order).
int FirstStoredValueCard();

// ---- Writing records ----
// Creates records through the records engine as the demo's system principal and counts them per
// entity.
class Writer {
 public:
  Writer(records::Records& records, const records::Caller& who, const TimeZone& zone)
      : records_(records), who_(who), zone_(zone) {}
  // The new record's id. Errors: those of Records::CreateInTx.
  Result<int64_t> Create(storage::Conn& c, const std::string& entity,
                         const boost::json::object& fields);
  Status Update(storage::Conn& c, const std::string& entity, int64_t id,
                const boost::json::object& patch);
  // RFC 3339 with the clinic's offset.
  std::string Instant(UtcMillis t) const { return zone_.FormatRfc3339Local(t); }
  int64_t Count(const std::string& entity) const;
  // Counts a record another service created.
  void Counted(const std::string& entity) { ++counts_[entity]; }
  const records::Caller& who() const { return who_; }

 private:
  records::Records& records_;
  const records::Caller& who_;
  const TimeZone& zone_;
  std::map<std::string, int64_t> counts_;
};

// ---- Staff (staff.cpp) ----
struct StaffMember {
  std::string username;  // the login
  std::string name;
  std::string position;  // a key of staff.position
  std::string role;      // a built-in role
  size_t branch = 0;     // index into Clinic::branches
  std::string grade;     // junior | senior | expert
  std::vector<std::string> skills;
  int64_t user_id = 0;
};

// ---- The clinic being filled ----
struct Clinic {
  int64_t org_id = 0;
  TimeZone zone = TimeZone::Utc();
  UtcMillis now = 0;
  LocalDate today;
  LocalDate first_day;  // `months` before today
  std::vector<int64_t> branches;
  std::vector<StaffMember> staff;
  std::vector<int64_t> service_ids, product_ids, card_product_ids;
  // The cards service issues the cards and keeps their balances and ledgers; its clock is set to
  // each sale or treatment, so ledger entries and validity checks fall on the day they happened.
  cards::Cards* cards = nullptr;
  ManualClock* card_clock = nullptr;

  // The user id of a staff member in `position` at `branch` (any branch when there is none).
  int64_t StaffAt(Random& r, std::string_view position, size_t branch) const;
  // An instant on `day` between the opening hours (10:00-20:00 local).
  UtcMillis During(Random& r, const LocalDate& day) const;
};

// Creates the accounts Bootstrap did not (every member ends with a user id); reuses the accounts
// that exist. Errors: those of access::Directory.
Result<std::vector<StaffMember>> EnsureStaffAccounts(storage::Db& db, const Clock& clock,
                                                     int64_t org_id, size_t branch_count,
                                                     const DemoOptions& options);
// The staff records, the services, products and card products (fills clinic's ids).
Status WriteStaffAndMenu(storage::Conn& c, Writer& w, People& people, Clinic& clinic);

// ---- Customers (customers.cpp, visits.cpp) ----
// What later customers need to know about earlier ones.
struct CustomerRef {
  int64_t id = 0;
  size_t branch = 0;
};
// Writes one customer with her lead and her whole history.
Status WriteCustomer(storage::Conn& c, Writer& w, Random& r, People& people, const Clinic& clinic,
                     std::vector<CustomerRef>& customers);
// Writes `count` leads that did not become customers (lost, or still in the pipeline).
Status WriteOpenLeads(storage::Conn& c, Writer& w, Random& r, People& people, const Clinic& clinic,
                      int count);

}  // namespace peony::domain::demo::internal
