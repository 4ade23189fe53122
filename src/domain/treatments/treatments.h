// Treatments (CARE-2): recording a treatment with its card deduction, the customer's signature,
// consumables and before/after photos; and a customer's photos paired per treatment.
//
// A treatment is a record of the catalog entity `treatment` (clinics may add fields). Recording
// one runs in ONE write transaction: the card deduction (cards::Cards::DeductInTx, checking the
// card is the customer's), the record (written through the records engine, so its change event
// fires the template's follow-up plan rule), its consumables (treatment_consumables) and the link
// to the ledger entry (treatment_deductions). A refused deduction writes nothing.
//
// Access: the route checks treatment.record; the customer (and the card) must be readable by the
// caller under data.customer.read (data.card.read) and its data scope, else customer.not_found
// (card.not_found) — never "forbidden", so ids cannot be probed. The record itself is written
// with the caller's name but every record permission (treatment.record decides), so photos and
// the signature must be the caller's own uploads.
//
// Thread-safe; all state is in the database.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>

#include "common/clock.h"
#include "common/result.h"
#include "domain/cards/cards.h"
#include "domain/cards/idempotency.h"
#include "domain/treatments/input.h"
#include "platform/records/records.h"
#include "storage/db.h"

namespace peony::domain::treatments {

class Treatments {
 public:
  // All must outlive the service.
  Treatments(storage::Db& db, records::Records& records, cards::Cards& cards, const Clock& clock)
      : db_(db), records_(records), cards_(cards), clock_(clock) {}

  // POST /api/v1/treatments: 201 {"treatment": the record, "card": CardJson or null, "entry": the
  // ledger entry or null, "consumables": [{"product_id","name","lot_no","quantity"}]}. With an
  // Idempotency-Key the first answer is stored with the change and answered again.
  // Errors: customer.not_found, treatment.invalid (no such service; users, photos or signature
  // the records engine refuses, named by their API key), card.not_found and the deduction's
  // card.* codes, idempotency.*.
  Result<cards::Answer> Record(const records::Caller& who, const TreatmentInput& in,
                               const cards::Idempotency& idem = {});

  // GET /api/v1/customers/{id}/photos: [{"kind":"treatment"|"diagnosis","treatment_id",
  // "diagnosis_id","service","service_id","treated_at","before":[blob ids],"after":[blob ids]}],
  // newest first: the treatments (before_photos; after_photos and the older `photos` field as
  // after) and diagnoses (photos as before, no after) with at least one photo, as far as the
  // caller may read them. Error: customer.not_found.
  Result<boost::json::array> Photos(const records::Caller& who, int64_t customer_id);

 private:
  storage::Db& db_;
  records::Records& records_;
  cards::Cards& cards_;
  const Clock& clock_;
};

}  // namespace peony::domain::treatments
