// The inputs of the treatments module and their parsers: recording a treatment (with a card
// deduction, consumables and photos), completing a follow-up, and the filters of the follow-up
// due lists. Parsers check types and ranges and refuse unknown keys; every failing key is named
// in details.fields so a form can mark them all at once.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "common/time_zone.h"

namespace peony::domain::treatments {

// Named limits of the inputs.
inline constexpr size_t kMaxPhotos = 9;  // the image fields' default max_count
inline constexpr size_t kMaxConsumables = 50;
inline constexpr size_t kMaxText = 2000;  // reaction, note, outcome (code points)
inline constexpr size_t kMaxName = 100;   // a consumable's name and lot number
inline constexpr double kMaxQuantity = 100000;
inline constexpr int64_t kMaxSessions = 100;  // sessions deducted by one treatment

// One consumable used in a treatment (a product of the catalog or a name), with its lot number.
struct Consumable {
  std::optional<int64_t> product_id;
  std::string name, lot_no;
  double quantity = 1;
};

// POST /api/v1/treatments. Ids are record ids (customer, service, card) and user ids (staff).
struct TreatmentInput {
  int64_t customer_id = 0, service_id = 0;
  std::optional<int64_t> card_id;
  int64_t sessions = 1;
  std::string signature;  // blob id; required with card_id
  std::optional<int64_t> practitioner_id, nurse_id, consultant_id;
  std::optional<UtcMillis> treated_at;  // default: now
  std::string status = "completed";     // completed | in_progress | planned
  std::vector<Consumable> consumables;
  std::string reaction, note;
  std::vector<std::string> before_photos, after_photos;  // blob ids
  std::optional<LocalDate> next_session_on;
};

// Errors: treatment.invalid (details.fields), treatment.signature_required (a card without a
// signature, when nothing else is wrong).
Result<TreatmentInput> ParseTreatment(const boost::json::object& o);

// POST /api/v1/follow-ups/{id}/complete. Done: outcome and satisfaction (1-5) required;
// unreachable: outcome optional, no satisfaction.
struct CompletionInput {
  std::string status;  // done | unreachable
  std::string outcome;
  std::optional<int64_t> satisfaction;
  std::vector<std::string> photos;  // blob ids of recovery photos
};

// Error: follow_up.invalid (details.fields).
Result<CompletionInput> ParseCompletion(const boost::json::object& o);

// The filters of the due lists. status: pending (not yet completed), done (done or unreachable),
// all. due_before: due on or before that date.
struct FollowUpQuery {
  std::string status = "pending";
  std::optional<LocalDate> due_before;
  std::optional<int64_t> assignee_id;  // manager list only
};

// From query values (absent: nullopt). Error: follow_up.invalid naming the parameter.
Result<FollowUpQuery> ParseFollowUpQuery(std::optional<std::string_view> status,
                                         std::optional<std::string_view> due_before,
                                         std::optional<std::string_view> assignee_id);

}  // namespace peony::domain::treatments
