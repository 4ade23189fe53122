// Money reports of the orders module: staff performance with commissions and handwork fees, the
// daily reconciliation by payment method, and the commission rules they use (commission.h).
//
// Performance: every order line credited to a staff member (order_line_staff) counts on the
// order's day, and a refund takes back each credit in proportion (refund ÷ order total) on the
// refund's day. Commissions are computed over the calendar months the range touches, so tiers see
// the month's whole total even when the range starts mid-month. Handwork comes from completed
// treatment records (entity `treatment`: practitioner, nurse, service, treated_at, status).
//
// Reconciliation: the payment records (entity `payment`) paid on the day in the organisation's
// time zone — the orders service's and any others (the demo clinic's) — summed per method and
// kind. Both reports read the catalog entities through names resolved by the catalog only.
//
// Branches: a caller whose report.finance scope is narrower than "all" sees their own branch;
// naming another is report.invalid. Thread-safe; all state is in the database.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>

#include "common/clock.h"
#include "common/result.h"
#include "common/time_zone.h"
#include "domain/orders/commission.h"
#include "platform/records/records.h"
#include "platform/schema/catalog.h"
#include "storage/db.h"

namespace peony::domain::orders {

class Reports {
 public:
  // All must outlive the service.
  Reports(storage::Db& db, schema::CatalogStore& catalog, const Clock& clock)
      : db_(db), catalog_(catalog), clock_(clock) {}

  // The organisation's rules (empty lists when none were saved), with "version" and
  // "updated_at".
  Result<boost::json::object> GetRules(int64_t org_id);
  // Replaces the rules (audited); answers as GetRules. Handwork services must exist.
  // Errors: commission.invalid.
  Result<boost::json::object> PutRules(const records::Caller& who, const CommissionRules& rules);
  // {"from","to","items":[{"user_id","name","performance_fen","commission_fen","handwork_fen",
  // "line_count","lines":[{"order_id","line_id","name","kind","category","at","amount_fen",
  // "commission_fen"}]}]}, by performance, highest first. Errors: report.invalid (more than
  // 366 days, to before from, a branch outside the caller's).
  Result<boost::json::object> Performance(const records::Caller& who, const LocalDate& from,
                                          const LocalDate& to, std::optional<int64_t> branch_id);
  // {"date","methods":[{"method","received_fen","refunded_fen","net_fen","count"}],
  // "total_received_fen","total_refunded_fen","total_net_fen"}; every method listed.
  Result<boost::json::object> DailyReconciliation(const records::Caller& who, const LocalDate& date,
                                                  std::optional<int64_t> branch_id);

 private:
  // The branch the caller may report on. Error: report.invalid.
  Result<std::optional<int64_t>> BranchFor(const records::Caller& who,
                                           std::optional<int64_t> branch_id);
  Result<CommissionRules> LoadRules(storage::Conn& c, int64_t org_id);

  storage::Db& db_;
  schema::CatalogStore& catalog_;
  const Clock& clock_;
};

}  // namespace peony::domain::orders
