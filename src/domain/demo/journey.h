// One customer's history as the generator writes it: her visits (visits.cpp), what she bought
// and paid (sales.cpp), and her treatments and follow-ups (care.cpp). Internal to the demo.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/demo/internal.h"

namespace peony::domain::demo::internal {

enum class Persona { kLoyal, kRegular, kOneOff };

struct HeldCard {
  int64_t id = 0;
  int product = 0;  // index into CardProducts()
  int service = -1;
  int sessions_left = 0;
  int64_t balance_fen = 0;  // stored value: principal and gift together
  LocalDate valid_until;
  std::string status = "active";  // as written; updated at the end when it changed
};

struct Journey {
  int64_t customer_id = 0;
  size_t branch = 0;
  int64_t consultant = 0;
  Persona persona = Persona::kRegular;
  int interest = 0;  // index into Services()
  std::vector<HeldCard> cards;
  int64_t spend_fen = 0;  // paid, less refunds
  // An order left with arrears, settled at the next visit.
  struct Arrears {
    int64_t order_id = 0, total_fen = 0, paid_fen = 0;
  };
  std::optional<Arrears> arrears;
};

// The context of one write.
struct Ctx {
  storage::Conn& c;
  Writer& w;
  Random& r;
  const Clinic& clinic;
};

// Writes every visit of a customer from `first_visit` until today (and an appointment booked
// after it when she is still coming).
Status WriteVisits(Ctx& x, Journey& j, const LocalDate& first_visit);

// sales.cpp
struct Line {
  std::string label;
  int64_t fen = 0;
};
// An order with its payments (mixed methods; stored value from her cards when they hold enough;
// sometimes arrears). `refund`: paid then refunded in full. Returns the order id.
Result<int64_t> WriteOrder(Ctx& x, Journey& j, UtcMillis at, const std::vector<Line>& lines,
                           int discount_percent, bool refund = false);
// Settles the arrears of an earlier order at `at`.
Status SettleArrears(Ctx& x, Journey& j, UtcMillis at);
// A card of the card product `product` bought at `at` (through an order the caller wrote);
// returns its index in j.cards.
Result<size_t> IssueCard(Ctx& x, Journey& j, int product, UtcMillis at);
// Writes the final status of cards that were used up or expired.
Status CloseCards(Ctx& x, Journey& j);

// care.cpp
// A treatment (completed, or planned when `at` is after now) with its follow-ups; deducts a
// session from `card` when given.
Status WriteTreatment(Ctx& x, Journey& j, int service, UtcMillis at, HeldCard* card);

// "2026-01-02" of an instant in the clinic's zone.
inline LocalDate DayOf(const Clinic& clinic, UtcMillis t) { return clinic.zone.DateOf(t); }

}  // namespace peony::domain::demo::internal
