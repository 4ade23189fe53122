// Generate: checks the clinic is empty, makes sure the staff accounts exist, then writes the
// staff records and the menu in one transaction and the customers in batches (one transaction
// each, so a large demo never holds the writer for long), then the leads that never converted.
#include "domain/demo/demo.h"

#include <array>
#include <chrono>

#include "domain/demo/errors.h"
#include "domain/demo/internal.h"
#include "domain/demo/rosters.h"
#include "platform/access/directory.h"
#include "platform/schema/errors.h"

namespace peony::domain::demo {
namespace internal {

Result<int64_t> Writer::Create(storage::Conn& c, const std::string& entity,
                               const boost::json::object& fields) {
  PEONY_TRY(auto record, records_.CreateInTx(c, who_, entity, fields, 0));
  ++counts_[entity];
  return record.at("id").as_int64();
}

Status Writer::Update(storage::Conn& c, const std::string& entity, int64_t id,
                      const boost::json::object& patch) {
  return StatusOf(records_.UpdateInTx(c, who_, entity, id, patch, 0));
}

int64_t Writer::Count(const std::string& entity) const {
  const auto it = counts_.find(entity);
  return it == counts_.end() ? 0 : it->second;
}

}  // namespace internal

namespace {

constexpr int kCustomersPerBatch = 25;

constexpr std::array<std::string_view, 14> kEntities = {
    "customer",     "staff", "service", "product", "lead",      "consultation", "diagnosis",
    "card_product", "card",  "order",   "payment", "treatment", "follow_up",    "plan"};

LocalDate MonthsBefore(const LocalDate& d, int months) {
  const int index = d.y * 12 + static_cast<int>(d.m) - 1 - months;
  LocalDate out{index / 12, static_cast<unsigned>(index % 12) + 1, 1};
  out.d = std::min(d.d, DaysInMonth(out.y, out.m));
  return out;
}

Status CheckOptions(const DemoOptions& o) {
  if (o.customers < 1 || o.customers > 10000 || o.months < 1 || o.months > 60) {
    return errors::InvalidOptions();
  }
  return Ok();
}

}  // namespace

Result<DemoSummary> Generate(storage::Db& db, schema::CatalogStore& catalog,
                             records::Records& records, const Clock& clock, int64_t org_id,
                             const DemoOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  PEONY_CHECK(CheckOptions(options));
  PEONY_TRY(auto snapshot, catalog.Snapshot());
  for (auto name : kEntities) {
    if (!snapshot->Find(name)) return schema::errors::EntityNotFound(std::string(name));
  }
  PEONY_TRY(auto existing, db.Read([&](storage::Conn& c) {
    return records.SelectIdsInTx(c, org_id, "customer", nullptr, 1);
  }));
  if (!existing.empty()) return errors::AlreadyFilled();

  access::Directory dir(db, clock, options.password_params);
  PEONY_TRY(auto org, dir.GetOrg(org_id));
  PEONY_TRY(auto branches, dir.ListBranches(org_id));
  if (branches.empty()) return errors::NoBranch();
  internal::Clinic clinic;
  clinic.org_id = org_id;
  PEONY_TRY(clinic.zone, TimeZone::Find(org.time_zone));
  clinic.now = clock.Now();
  clinic.today = clinic.zone.DateOf(clinic.now);
  clinic.first_day = MonthsBefore(clinic.today, options.months);
  for (size_t i = 0; i < branches.size() && i < 2; ++i) clinic.branches.push_back(branches[i].id);
  PEONY_TRY(clinic.staff,
            internal::EnsureStaffAccounts(db, clock, org_id, clinic.branches.size(), options));

  // The demo writes as the organisation itself, with every permission (as rule actions do).
  access::Principal system;
  system.org_id = org_id;
  system.username = "system:demo";
  system.display_name = "演示数据";
  system.permissions = {"*"};
  system.scopes["*"] = access::Scope::kAll;
  const records::Caller who{system, "", true};  // seeds what modules manage too
  internal::Writer w(records, who, clinic.zone);
  ManualClock card_clock(clinic.now);
  cards::Cards card_service(db, records, card_clock);
  clinic.cards = &card_service;
  clinic.card_clock = &card_clock;
  internal::Random r(options.seed);
  internal::People people(r);

  PEONY_CHECK(db.WriteTx(
      [&](storage::Conn& c) { return internal::WriteStaffAndMenu(c, w, people, clinic); }));
  PEONY_CHECK(db.WriteTx(
      [&](storage::Conn& c) { return internal::WriteScheduling(c, w, records, clinic); }));
  std::vector<internal::CustomerRef> customers;
  for (int done = 0; done < options.customers; done += kCustomersPerBatch) {
    const int batch = std::min(kCustomersPerBatch, options.customers - done);
    PEONY_CHECK(db.WriteTx([&](storage::Conn& c) -> Status {
      for (int i = 0; i < batch; ++i) {
        PEONY_CHECK(internal::WriteCustomer(c, w, r, people, clinic, customers));
      }
      return Ok();
    }));
  }
  // About as many leads again never became customers.
  const int open_leads = options.customers * 6 / 5;
  for (int done = 0; done < open_leads; done += 100) {
    PEONY_CHECK(db.WriteTx([&](storage::Conn& c) {
      return internal::WriteOpenLeads(c, w, r, people, clinic, std::min(100, open_leads - done));
    }));
  }

  DemoSummary s;
  s.customers = w.Count("customer");
  s.leads = w.Count("lead");
  s.consultations = w.Count("consultation");
  s.orders = w.Count("order");
  s.cards = w.Count("card");
  s.treatments = w.Count("treatment");
  s.follow_ups = w.Count("follow_up");
  s.staff = w.Count("staff");
  s.services = w.Count("service");
  s.products = w.Count("product");
  s.card_products = w.Count("card_product");
  s.diagnoses = w.Count("diagnosis");
  s.plans = w.Count("plan");
  s.payments = w.Count("payment");
  s.elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - started)
                     .count();
  return s;
}

}  // namespace peony::domain::demo
