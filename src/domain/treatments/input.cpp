// Parsers of the treatments API bodies (input.h). The records engine checks the rest when the
// record is written (users exist, blobs are the caller's uploads and images).
#include "domain/treatments/input.h"

#include <charconv>
#include <cmath>
#include <set>

#include "common/strings.h"
#include "domain/common/body_reader.h"
#include "domain/treatments/errors.h"

namespace peony::domain::treatments {
namespace {

namespace json = boost::json;

bool IsBlobId(std::string_view s) {
  if (s.size() < 8 || s.size() > 64) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// Collects the failures of one body (domain/common/body_reader.h), with file ids and consumables.
class Reader : public BodyReader {
 public:
  using BodyReader::BodyReader;

  std::optional<std::string> BlobId(std::string_view key) {
    auto s = Text(key, 64);
    if (s && !IsBlobId(*s)) {
      Fail(key, "must be the id of an uploaded file");
      return std::nullopt;
    }
    return s;
  }
  std::vector<std::string> BlobIds(std::string_view key) {
    std::vector<std::string> out;
    const json::value* v = Get(key);
    if (!v) return out;
    if (!v->is_array()) {
      Fail(key, "must be an array of file ids");
      return out;
    }
    if (v->as_array().size() > kMaxPhotos) {
      Fail(key, "at most " + std::to_string(kMaxPhotos) + " photos");
      return out;
    }
    std::set<std::string> seen;
    for (size_t i = 0; i < v->as_array().size(); ++i) {
      const json::value& item = v->as_array()[i];
      const std::string at = std::string(key) + "[" + std::to_string(i) + "]";
      if (!item.is_string() || !IsBlobId(item.as_string())) {
        Fail(at, "must be the id of an uploaded file");
        continue;
      }
      if (!seen.insert(std::string(item.as_string())).second) {
        Fail(at, "listed twice");
        continue;
      }
      out.emplace_back(item.as_string());
    }
    return out;
  }
  std::vector<Consumable> Consumables(std::string_view key) {
    std::vector<Consumable> out;
    const json::value* v = Get(key);
    if (!v) return out;
    if (!v->is_array()) {
      Fail(key, "must be an array");
      return out;
    }
    const auto& arr = v->as_array();
    if (arr.size() > kMaxConsumables) {
      Fail(key, "at most " + std::to_string(kMaxConsumables) + " items");
      return out;
    }
    for (size_t i = 0; i < arr.size(); ++i) {
      const std::string at = std::string(key) + "[" + std::to_string(i) + "]";
      if (!arr[i].is_object()) {
        Fail(at, "must be an object {\"name\",\"lot_no\",\"quantity\"}");
        continue;
      }
      const auto& io = arr[i].as_object();
      for (const auto& kv : io) {
        if (kv.key() != "product_id" && kv.key() != "name" && kv.key() != "lot_no" &&
            kv.key() != "quantity") {
          Fail(at + "." + std::string(kv.key()), "unknown field");
        }
      }
      Consumable item;
      auto field = [&](std::string_view name) -> const json::value* {
        auto* f = io.if_contains(name);
        return f && !f->is_null() ? f : nullptr;
      };
      if (const auto* p = field("product_id")) {
        item.product_id = IntOf(*p, at + ".product_id", 1, INT64_MAX);
      }
      if (const auto* n = field("name")) {
        item.name = TextOf(*n, at + ".name", kMaxName, true).value_or("");
      } else {
        Fail(at + ".name", "required");
      }
      if (const auto* l = field("lot_no")) {
        item.lot_no = TextOf(*l, at + ".lot_no", kMaxName, true).value_or("");
      } else {
        Fail(at + ".lot_no", "required");
      }
      const auto* q = field("quantity");
      if (!q) {
        Fail(at + ".quantity", "required");
      } else if (!q->is_number()) {
        Fail(at + ".quantity", "must be a number");
      } else {
        item.quantity = q->to_number<double>();
        if (!std::isfinite(item.quantity) || item.quantity <= 0 || item.quantity > kMaxQuantity) {
          Fail(at + ".quantity", "must be above 0 and at most 100000");
        }
      }
      out.push_back(std::move(item));
    }
    return out;
  }
};

}  // namespace

Result<TreatmentInput> ParseTreatment(const json::object& o) {
  Reader r(o);
  r.OnlyKeys({"customer_id", "service_id", "card_id", "sessions", "signature", "practitioner_id",
              "nurse_id", "consultant_id", "treated_at", "status", "consumables", "reaction",
              "note", "before_photos", "after_photos", "next_session_on"});
  TreatmentInput in;
  in.customer_id = r.Int("customer_id", 1, INT64_MAX, true).value_or(0);
  in.service_id = r.Int("service_id", 1, INT64_MAX, true).value_or(0);
  in.card_id = r.Int("card_id", 1, INT64_MAX, false);
  in.sessions = r.Int("sessions", 1, kMaxSessions, false).value_or(1);
  in.signature = r.BlobId("signature").value_or("");
  in.practitioner_id = r.Int("practitioner_id", 1, INT64_MAX, false);
  in.nurse_id = r.Int("nurse_id", 1, INT64_MAX, false);
  in.consultant_id = r.Int("consultant_id", 1, INT64_MAX, false);
  in.treated_at = r.Time("treated_at");
  if (auto s = r.Text("status", 20)) {
    if (*s != "completed" && *s != "in_progress" && *s != "planned") {
      r.Fail("status", "one of completed, in_progress, planned");
    } else {
      in.status = *s;
    }
  }
  in.consumables = r.Consumables("consumables");
  in.reaction = r.Text("reaction", kMaxText).value_or("");
  in.note = r.Text("note", kMaxText).value_or("");
  in.before_photos = r.BlobIds("before_photos");
  in.after_photos = r.BlobIds("after_photos");
  in.next_session_on = r.Date("next_session_on");
  if (in.card_id && in.status == "planned") {
    r.Fail("card_id", "a planned treatment deducts nothing: give the card when it is done");
  }
  const bool unsigned_card = in.card_id && in.signature.empty() && !r.Get("signature");
  if (r.failed()) {
    if (unsigned_card) r.Fail("signature", "required when a card is deducted");
    return errors::Invalid(r.fields());
  }
  if (unsigned_card) return errors::SignatureRequired();
  return in;
}

Result<CompletionInput> ParseCompletion(const json::object& o) {
  Reader r(o);
  r.OnlyKeys({"status", "outcome", "satisfaction", "photos"});
  CompletionInput in;
  in.status = r.Text("status", 20, true).value_or("");
  if (!in.status.empty() && in.status != "done" && in.status != "unreachable") {
    r.Fail("status", "done or unreachable");
  }
  const bool done = in.status == "done";
  in.outcome = r.Text("outcome", kMaxText, done).value_or("");
  in.satisfaction = r.Int("satisfaction", 1, 5, done);
  if (in.status == "unreachable" && r.Get("satisfaction")) {
    r.Fail("satisfaction", "not given when the customer was unreachable");
  }
  in.photos = r.BlobIds("photos");
  if (r.failed()) return errors::FollowUpInvalid(r.fields());
  return in;
}

Result<FollowUpQuery> ParseFollowUpQuery(std::optional<std::string_view> status,
                                         std::optional<std::string_view> due_before,
                                         std::optional<std::string_view> assignee_id) {
  FollowUpQuery q;
  json::object fields;
  if (status) {
    if (*status == "pending" || *status == "done" || *status == "all") {
      q.status = std::string(*status);
    } else {
      fields["status"] = "pending, done or all";
    }
  }
  if (due_before) {
    q.due_before = ParseDate(*due_before);
    if (!q.due_before) fields["due_before"] = "a date YYYY-MM-DD";
  }
  if (assignee_id) {
    int64_t id = 0;
    const auto* end = assignee_id->data() + assignee_id->size();
    auto [p, ec] = std::from_chars(assignee_id->data(), end, id);
    if (ec != std::errc() || p != end || id < 1) {
      fields["assignee_id"] = "a user id";
    } else {
      q.assignee_id = id;
    }
  }
  if (!fields.empty()) return errors::FollowUpInvalid(std::move(fields));
  return q;
}

}  // namespace peony::domain::treatments
