// Recording a treatment (treatments.h): the deduction first — so the card's row lock is taken
// before the records engine's audit lock, the order every card change uses — then the record,
// its consumables and the link to the ledger entry, all in one transaction.
#include "domain/treatments/treatments.h"

#include <cmath>
#include <cstdio>

#include "domain/cards/errors.h"
#include "domain/treatments/errors.h"
#include "domain/treatments/internal.h"

namespace peony::domain::treatments {
namespace {

namespace json = boost::json;

// The record's field for each API key that differs (relations and users take "_id").
std::string ApiKeyOf(std::string_view field) {
  for (std::string_view f :
       {"customer", "service", "card", "practitioner", "nurse", "consultant"}) {
    if (field == f) return std::string(field) + "_id";
  }
  return std::string(field);
}

// A records-engine refusal of a value (a user that does not exist, a photo that is not the
// caller's upload) as treatment.invalid naming the API's keys; other errors pass.
Error AsInvalid(Error e) {
  const auto* d = e.details.if_object();
  const auto* fields = d ? d->if_contains("fields") : nullptr;
  if (e.kind != ErrorKind::kInvalidArgument || !e.code.starts_with("record.") || !fields ||
      !fields->is_object()) {
    return e;
  }
  json::object mapped;
  for (const auto& kv : fields->as_object()) mapped[ApiKeyOf(kv.key())] = kv.value();
  return errors::Invalid(std::move(mapped));
}

// Attachment references by blob id: the records engine fills name, size and type from the blob
// row (and checks it is the caller's upload); these placeholders only pass the shape check.
json::array Refs(const std::vector<std::string>& ids) {
  json::array out;
  for (const auto& id : ids) {
    out.push_back(
        json::object{{"id", id}, {"name", "upload"}, {"size", 0}, {"type", "image/jpeg"}});
  }
  return out;
}

std::string Quantity(double q) {
  if (q == std::floor(q)) return std::to_string(static_cast<int64_t>(q));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", q);
  return buf;
}

// "玻尿酸（批号 L2301）×1；利多卡因乳膏（批号 X9）×0.5": the record's text for people.
std::string Summary(const std::vector<Consumable>& items) {
  std::string out;
  for (const auto& c : items) {
    if (!out.empty()) out += "；";
    out += c.name + "（批号 " + c.lot_no + "）×" + Quantity(c.quantity);
  }
  return out;
}

json::array ConsumablesJson(const std::vector<Consumable>& items) {
  json::array out;
  for (const auto& c : items) {
    out.push_back(json::object{
        {"product_id", c.product_id ? json::value(*c.product_id) : json::value(nullptr)},
        {"name", c.name},
        {"lot_no", c.lot_no},
        {"quantity", c.quantity}});
  }
  return out;
}

const json::value* Present(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && !v->is_null() ? v : nullptr;
}

}  // namespace

Result<cards::Answer> Treatments::Record(const records::Caller& who, const TreatmentInput& in,
                                         const cards::Idempotency& idem) {
  const access::Principal& p = who.principal;
  {
    const auto reader =
        internal::Narrowed(p, "data.customer.read", p.ScopeFor("data.customer.read"));
    auto r = records_.Get(records::Caller{reader, who.ip}, "customer", in.customer_id);
    if (!r.ok()) {
      return internal::IsMiss(r.error()) ? errors::CustomerNotFound() : std::move(r).error();
    }
  }
  if (in.card_id) {
    const auto reader = internal::Narrowed(p, "data.card.read", p.ScopeFor("data.card.read"));
    auto r = records_.Get(records::Caller{reader, who.ip}, "card", *in.card_id);
    if (!r.ok()) {
      return internal::IsMiss(r.error()) ? cards::errors::NotFound() : std::move(r).error();
    }
  }
  const int64_t org_id = p.org_id;
  const access::Principal acting = internal::Acting(p);
  return internal::RunIdempotent(
      db_, clock_, org_id, "treatments.record", idem, 201,
      [&](storage::Conn& c) -> Result<json::value> {
        const UtcMillis now = clock_.Now();
        PEONY_TRY(auto customer, records_.ReadInTx(c, org_id, "customer", in.customer_id));
        if (!customer) return errors::CustomerNotFound();
        PEONY_TRY(auto service, records_.ReadInTx(c, org_id, "service", in.service_id));
        if (!service) return errors::Invalid("service_id", "no such service");

        std::optional<cards::Deducted> done;
        if (in.card_id) {
          cards::DeductInput d;
          d.service_id = in.service_id;
          d.sessions = in.sessions;
          d.customer_id = in.customer_id;
          d.note = "治疗扣卡";
          PEONY_TRY(auto deducted, cards_.DeductInTx(c, who, *in.card_id, d, idem.key));
          done = std::move(deducted);
        }

        json::object rec{{"customer", in.customer_id},
                         {"service", in.service_id},
                         {"status", in.status},
                         {"treated_at", FormatRfc3339(in.treated_at.value_or(now))}};
        if (const auto* b = Present(*customer, "branch_id"); b && b->is_int64()) {
          rec["branch_id"] = b->as_int64();
        }
        if (in.consultant_id) {
          rec["consultant"] = *in.consultant_id;
        } else if (const auto* own = Present(*customer, "consultant")) {
          rec["consultant"] = *own;
        }
        if (in.practitioner_id) rec["practitioner"] = *in.practitioner_id;
        if (in.nurse_id) rec["nurse"] = *in.nurse_id;
        if (in.card_id) {
          rec["card"] = *in.card_id;
          rec["sessions"] = in.sessions;
        }
        if (!in.signature.empty()) rec["signature"] = Refs({in.signature});
        if (!in.before_photos.empty()) rec["before_photos"] = Refs(in.before_photos);
        if (!in.after_photos.empty()) rec["after_photos"] = Refs(in.after_photos);
        if (!in.consumables.empty()) rec["consumables"] = Summary(in.consumables);
        if (!in.reaction.empty()) rec["reaction"] = in.reaction;
        if (!in.note.empty()) rec["note"] = in.note;
        if (in.next_session_on) rec["next_session_on"] = FormatDate(*in.next_session_on);
        auto created = records_.CreateInTx(c, records::Caller{acting, who.ip}, "treatment", rec, 0);
        if (!created.ok()) return AsInvalid(std::move(created).error());
        const int64_t treatment_id = created->at("id").as_int64();

        for (size_t i = 0; i < in.consumables.size(); ++i) {
          const Consumable& item = in.consumables[i];
          PEONY_CHECK(StatusOf(c.Exec(
              "INSERT INTO treatment_consumables (org_id, treatment_id, position, product_id, "
              "name, lot_no, quantity, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              {org_id, treatment_id, static_cast<int64_t>(i), item.product_id, item.name,
               item.lot_no, item.quantity, now})));
        }
        json::object body{{"treatment", std::move(*created)},
                          {"card", nullptr},
                          {"entry", nullptr},
                          {"consumables", ConsumablesJson(in.consumables)}};
        if (done) {
          PEONY_CHECK(StatusOf(
              c.Exec("INSERT INTO treatment_deductions (treatment_id, org_id, card_id, ledger_id, "
                     "service_id, sessions, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     {treatment_id, org_id, done->card.id, done->entry.id, in.service_id,
                      in.sessions, now})));
          body["card"] = cards::CardJson(done->card, done->today);
          body["entry"] = cards::EntryJson(done->entry);
        }
        return json::value(std::move(body));
      });
}

}  // namespace peony::domain::treatments
