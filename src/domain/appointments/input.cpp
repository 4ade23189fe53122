// Parsers of the appointments API bodies and query values. Every failing key is named in
// appointment.invalid's details.fields, so a form can mark them all at once.
#include "common/strings.h"
#include "domain/appointments/appointments.h"
#include "domain/appointments/errors.h"
#include "domain/common/body_reader.h"

namespace peony::domain::appointments {
namespace {

namespace json = boost::json;

// Collects the failures of one body (domain/common/body_reader.h).
class Reader : public BodyReader {
 public:
  using BodyReader::BodyReader;

  Status Done() const {
    if (!failed()) return Ok();
    return errors::Invalid(fields());
  }
};

}  // namespace

Result<BookInput> ParseBook(const json::object& body) {
  Reader r(body);
  r.OnlyKeys({"customer_id", "service_id", "branch_id", "start", "practitioner_id", "note"});
  BookInput in;
  in.customer_id = r.Id("customer_id", true).value_or(0);
  in.service_id = r.Id("service_id", true).value_or(0);
  in.branch_id = r.Id("branch_id", true).value_or(0);
  in.start = r.Time("start", true).value_or(0);
  in.practitioner_id = r.Id("practitioner_id", false);
  in.note = r.Text("note", 500, false).value_or("");
  PEONY_CHECK(r.Done());
  return in;
}

Result<RescheduleInput> ParseReschedule(const json::object& body) {
  Reader r(body);
  r.OnlyKeys({"start", "practitioner_id"});
  RescheduleInput in;
  in.start = r.Time("start", true).value_or(0);
  in.practitioner_id = r.Id("practitioner_id", false);
  PEONY_CHECK(r.Done());
  return in;
}

Result<std::string> ParseCancel(const json::object& body) {
  Reader r(body);
  r.OnlyKeys({"reason"});
  auto reason = r.Text("reason", 500, false);
  PEONY_CHECK(r.Done());
  return reason.value_or("");
}

Result<std::string> ParseStatus(const json::object& body) {
  Reader r(body);
  r.OnlyKeys({"status"});
  auto status = r.Text("status", 20, true);
  if (status && (!IsStatus(*status) || *status == "booked" || *status == "cancelled")) {
    r.Fail("status", "one of confirmed, checked_in, in_service, completed, no_show");
  }
  PEONY_CHECK(r.Done());
  return *status;
}

Result<WaitlistInput> ParseWaitlist(const json::object& body) {
  Reader r(body);
  r.OnlyKeys({"customer_id", "service_id", "branch_id", "date"});
  WaitlistInput in;
  in.customer_id = r.Id("customer_id", true).value_or(0);
  in.service_id = r.Id("service_id", true).value_or(0);
  in.branch_id = r.Id("branch_id", true).value_or(0);
  in.day = r.Date("date", true).value_or(LocalDate{});
  PEONY_CHECK(r.Done());
  return in;
}

Result<LocalDate> ParseDay(std::optional<std::string_view> text, std::string_view field) {
  if (!text) return errors::Invalid(field, "required");
  auto d = ParseDate(*text);
  if (!d) return errors::Invalid(field, "must be a date YYYY-MM-DD");
  return *d;
}

Status CheckRange(const LocalDate& from, const LocalDate& to) {
  if (to < from) return errors::Invalid("to", "must not be before from");
  if (DaysSinceEpoch(to) - DaysSinceEpoch(from) + 1 > kMaxRangeDays) {
    return errors::Invalid("to", "at most " + std::to_string(kMaxRangeDays) + " days from from");
  }
  return Ok();
}

}  // namespace peony::domain::appointments
