// The demo clinic (peony init --demo): deterministic records on the medical-aesthetics template —
// customers with realistic Chinese names, 18 months of leads, consultations, orders and
// payments, cards, treatments and follow-ups — written through the records engine so that every
// record is valid and has its change events.
#pragma once

#include <cstdint>
#include <string>

#include "common/clock.h"
#include "common/result.h"
#include "platform/access/password.h"
#include "platform/records/records.h"
#include "platform/schema/catalog.h"
#include "storage/db.h"

namespace peony::domain::demo {

struct DemoOptions {
  int customers = 200;
  int months = 18;
  uint64_t seed = 20261122;  // the same seed gives the same clinic
  // The password of the staff accounts the demo adds to Bootstrap's (pass the administrator's,
  // as Bootstrap's demo logins share it). Empty: each gets a random one nobody knows, so they
  // exist for assignments and an administrator can set a password later.
  std::string staff_password;
  access::PasswordParams password_params;
};

struct DemoSummary {
  int64_t customers = 0, leads = 0, consultations = 0, orders = 0, cards = 0, treatments = 0,
          follow_ups = 0;
  int64_t staff = 0, services = 0, products = 0, card_products = 0, diagnoses = 0, plans = 0,
          payments = 0;
  int64_t elapsed_ms = 0;  // wall time of Generate, for init's report
};

// Fills the clinic of `org_id`, whose template entities exist and whose branches and staff
// accounts Bootstrap created (with fewer than two branches everything goes to the first; the
// accounts the demo adds are created, or reused when they exist). Writes through the records
// engine as a system principal, in one transaction per batch of customers; data is dated over
// the `months` before clock.Now() in the business fields (ordered_at, treated_at, due_on…).
// Cards are issued, and sessions and stored value deducted, through domain::cards (its tables
// must exist), with ledger entries dated at the sale or treatment. Records' own created_at is
// the time of the run (the records engine stamps it), so lead dates are in the lead's note.
// The staff accounts are hashed with options.password_params before the first transaction.
// Errors: demo.invalid_options; demo.already_filled when the org already has customers;
// demo.no_branch when it has no branch; schema.entity_not_found when a template entity is missing;
// those of the records engine and the directory. A failure leaves the batches written before it.
Result<DemoSummary> Generate(storage::Db& db, schema::CatalogStore& catalog,
                             records::Records& records, const Clock& clock, int64_t org_id,
                             const DemoOptions& options = {});

}  // namespace peony::domain::demo
