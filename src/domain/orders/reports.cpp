// Performance, commissions, handwork and the daily reconciliation (reports.h). Catalog tables are
// read with names the catalog resolves (Ident::Trusted), never with request text.
#include "domain/orders/reports.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>
#include <tuple>

#include "domain/orders/errors.h"
#include "domain/orders/order.h"
#include "domain/orders/store.h"
#include "platform/access/audit.h"
#include "storage/query/ident.h"

namespace peony::domain::orders {
namespace {

namespace json = boost::json;

constexpr int64_t kMaxReportDays = 366;

// The quoted table and columns of a catalog entity; nullopt when the entity or a field is missing
// or retired (the report then has nothing from it).
struct Table {
  std::string table;
  std::map<std::string, std::string> columns;
};
Result<std::optional<Table>> Resolve(storage::Conn& c, schema::CatalogStore& catalog,
                                     std::string_view entity,
                                     std::initializer_list<std::string_view> fields) {
  PEONY_TRY(auto snapshot, catalog.Snapshot(c));
  const schema::EntityDef* e = snapshot->Find(entity);
  if (!e) return std::optional<Table>();
  Table t;
  PEONY_TRY(auto table, storage::query::Ident::Trusted(e->table));
  t.table = "\"" + std::string(table.name()) + "\"";
  for (auto name : fields) {
    const schema::FieldDef* f = e->FindField(name);
    if (!f || f->retired) return std::optional<Table>();
    PEONY_TRY(auto col, storage::query::Ident::Trusted(f->column));
    t.columns[std::string(name)] = "\"" + std::string(col.name()) + "\"";
  }
  return std::optional<Table>(std::move(t));
}

// One credit (or refund take-back) of a staff member.
struct Credit {
  UtcMillis at = 0;
  int64_t order_id = 0, line_id = 0, user_id = 0, amount = 0;
  std::string name, kind, category;
};

struct Person {
  int64_t performance = 0, commission = 0, handwork = 0, lines = 0;
  json::array detail;
};

Result<std::vector<std::string>> RolesOf(storage::Conn& c, int64_t user_id) {
  PEONY_TRY(auto rows, c.Query("SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id "
                               "WHERE ur.user_id = ? ORDER BY r.name",
                               {user_id}));
  std::vector<std::string> out;
  for (size_t i = 0; i < rows.size(); ++i) out.push_back(rows.Text(i, 0));
  return out;
}

}  // namespace

Result<std::optional<int64_t>> Reports::BranchFor(const records::Caller& who,
                                                  std::optional<int64_t> branch_id) {
  const access::Principal& p = who.principal;
  if (p.ScopeFor("report.finance") == access::Scope::kAll) return branch_id;
  if (branch_id && branch_id != p.branch_id) {
    return errors::ReportInvalid("branch_id", "outside your branch");
  }
  return p.branch_id;
}

Result<CommissionRules> Reports::LoadRules(storage::Conn& c, int64_t org_id) {
  PEONY_TRY(auto rows,
            c.Query("SELECT definition FROM commission_rules WHERE org_id = ?", {org_id}));
  if (rows.empty()) return CommissionRules{};
  boost::system::error_code ec;
  json::value doc = json::parse(rows.Text(0, 0), ec);
  if (ec || !doc.is_object()) return InternalError("stored commission rules are not JSON");
  return ParseCommissionRules(doc.as_object());
}

Result<json::object> Reports::GetRules(int64_t org_id) {
  return db_.Read([&](storage::Conn& c) -> Result<json::object> {
    PEONY_TRY(auto rules, LoadRules(c, org_id));
    json::object out = CommissionRulesJson(rules);
    PEONY_TRY(auto rows, c.Query("SELECT version, updated_at FROM commission_rules "
                                 "WHERE org_id = ?",
                                 {org_id}));
    out["version"] = rows.empty() ? 0 : rows.Int(0, 0);
    out["updated_at"] =
        rows.empty() ? json::value(nullptr) : json::value(FormatRfc3339(rows.Int(0, 1)));
    return out;
  });
}

Result<json::object> Reports::PutRules(const records::Caller& who, const CommissionRules& rules) {
  const access::Principal& p = who.principal;
  PEONY_CHECK(db_.WriteTx([&](storage::Conn& c) -> Status {
    if (!rules.handwork.empty()) {
      PEONY_TRY(auto service, Resolve(c, catalog_, "service", {}));
      if (!service) return errors::CommissionInvalid("handwork", "there are no services");
      for (size_t i = 0; i < rules.handwork.size(); ++i) {
        PEONY_TRY(auto rows, c.Query("SELECT 1 FROM " + service->table +
                                         " WHERE id = ? AND org_id = ? AND deleted_at IS NULL",
                                     {rules.handwork[i].service_id, p.org_id}));
        if (rows.empty()) {
          return errors::CommissionInvalid("handwork[" + std::to_string(i) + "].service_id",
                                           "no such service");
        }
      }
    }
    const std::string doc = json::serialize(CommissionRulesJson(rules));
    const UtcMillis now = clock_.Now();
    const std::optional<int64_t> actor =
        p.user_id > 0 ? std::optional<int64_t>(p.user_id) : std::nullopt;
    PEONY_TRY(auto n, c.Exec("UPDATE commission_rules SET definition = ?, updated_at = ?, "
                             "updated_by = ?, version = version + 1 WHERE org_id = ?",
                             {doc, now, actor, p.org_id}));
    if (n == 0) {
      PEONY_CHECK(
          c.Exec("INSERT INTO commission_rules (org_id, definition, updated_at, "
                 "updated_by, version) VALUES (?, ?, ?, ?, 1)",
                 {p.org_id, doc, now, actor}));
    }
    return access::AppendAudit(
        c, clock_,
        access::AuditEvent{
            p.org_id, actor, p.username, "commission.rules_update", "commission_rules",
            std::to_string(p.org_id), who.ip,
            json::object{{"rules", static_cast<int64_t>(rules.rules.size())},
                         {"handwork", static_cast<int64_t>(rules.handwork.size())}}});
  }));
  return GetRules(p.org_id);
}

Result<json::object> Reports::Performance(const records::Caller& who, const LocalDate& from,
                                          const LocalDate& to, std::optional<int64_t> branch_id) {
  if (to < from) return errors::ReportInvalid("to", "before from");
  if (DaysSinceEpoch(to) - DaysSinceEpoch(from) >= kMaxReportDays) {
    return errors::ReportInvalid("to", "at most 366 days");
  }
  PEONY_TRY(auto branch, BranchFor(who, branch_id));
  const int64_t org_id = who.principal.org_id;
  return db_.Read([&](storage::Conn& c) -> Result<json::object> {
    PEONY_TRY(auto zone, internal::ZoneOf(c, org_id));
    PEONY_TRY(auto rules, LoadRules(c, org_id));
    const UtcMillis month_start = zone.StartOfDay(LocalDate{from.y, from.m, 1});
    const UtcMillis start = zone.StartOfDay(from), end = zone.StartOfDay(AddDays(to, 1));
    const std::string branch_sql = branch ? " AND a.branch_id = ?" : "";
    auto params = [&](storage::Params p) {
      if (branch) p.Add(*branch);
      return p;
    };

    std::vector<Credit> credits;
    PEONY_TRY(auto rows,
              c.Query("SELECT a.ordered_at, a.order_id, l.id, s.user_id, s.amount_fen, l.name, "
                      "l.kind, l.category FROM order_line_staff s "
                      "JOIN order_lines l ON l.id = s.line_id "
                      "JOIN order_accounts a ON a.order_id = s.order_id "
                      "WHERE a.org_id = ? AND a.ordered_at >= ? AND a.ordered_at < ?" +
                          branch_sql,
                      params({org_id, month_start, end})));
    for (size_t i = 0; i < rows.size(); ++i) {
      credits.push_back({rows.Int(i, 0), rows.Int(i, 1), rows.Int(i, 2), rows.Int(i, 3),
                         rows.Int(i, 4), rows.Text(i, 5), rows.Text(i, 6), rows.Text(i, 7)});
    }
    // Refunds take back each credit of their order in proportion, on the refund's day.
    PEONY_TRY(auto refunds,
              c.Query("SELECT p.paid_at, p.order_id, p.amount_fen, a.total_fen "
                      "FROM order_payments p JOIN order_accounts a ON a.order_id = p.order_id "
                      "WHERE p.org_id = ? AND p.kind = 'refund' AND p.paid_at >= ? AND "
                      "p.paid_at < ?" +
                          branch_sql,
                      params({org_id, month_start, end})));
    for (size_t i = 0; i < refunds.size(); ++i) {
      PEONY_TRY(auto shares,
                c.Query("SELECT l.id, s.user_id, s.amount_fen, l.name, l.kind, l.category "
                        "FROM order_line_staff s JOIN order_lines l ON l.id = s.line_id "
                        "WHERE s.order_id = ?",
                        {refunds.Int(i, 1)}));
      for (size_t k = 0; k < shares.size(); ++k) {
        const int64_t back = Prorate(shares.Int(k, 2), refunds.Int(i, 2), refunds.Int(i, 3));
        if (back == 0) continue;
        credits.push_back({refunds.Int(i, 0), refunds.Int(i, 1), shares.Int(k, 0), shares.Int(k, 1),
                           -back, shares.Text(k, 3), shares.Text(k, 4), shares.Text(k, 5)});
      }
    }
    std::sort(credits.begin(), credits.end(), [](const Credit& a, const Credit& b) {
      // A credit comes before the refunds of the same instant that take it back.
      const bool a_back = a.amount < 0, b_back = b.amount < 0;
      return std::tie(a.at, a_back, a.order_id, a.line_id, a.user_id) <
             std::tie(b.at, b_back, b.order_id, b.line_id, b.user_id);
    });

    std::map<int64_t, Person> people;
    std::map<int64_t, std::vector<std::string>> roles;
    std::map<std::tuple<int64_t, int, unsigned>, int64_t> month_total;
    for (const Credit& cr : credits) {
      if (!roles.contains(cr.user_id)) {
        PEONY_TRY(roles[cr.user_id], RolesOf(c, cr.user_id));
      }
      const LocalDate day = zone.DateOf(cr.at);
      int64_t& before = month_total[{cr.user_id, day.y, day.m}];
      const CommissionRule* rule = MatchRule(rules, roles[cr.user_id], cr.kind, cr.category);
      const int64_t commission = rule ? TieredCommission(before, cr.amount, rule->tiers) : 0;
      before += cr.amount;
      if (cr.at < start) continue;  // earlier in the month: counts only towards the tiers
      Person& person = people[cr.user_id];
      person.performance += cr.amount;
      person.commission += commission;
      ++person.lines;
      person.detail.push_back(json::object{{"order_id", cr.order_id},
                                           {"line_id", cr.line_id},
                                           {"name", cr.name},
                                           {"kind", cr.kind},
                                           {"category", cr.category},
                                           {"at", FormatRfc3339(cr.at)},
                                           {"amount_fen", cr.amount},
                                           {"commission_fen", commission}});
    }

    // Handwork: completed treatments of the range.
    std::map<int64_t, HandworkFee> fees;
    for (const auto& h : rules.handwork) fees[h.service_id] = h;
    PEONY_TRY(auto treatment,
              Resolve(c, catalog_, "treatment",
                      {"service", "practitioner", "nurse", "treated_at", "status"}));
    if (treatment && !fees.empty()) {
      auto& col = treatment->columns;
      PEONY_TRY(auto done, c.Query("SELECT " + col["service"] + ", " + col["practitioner"] + ", " +
                                       col["nurse"] + " FROM " + treatment->table +
                                       " a WHERE a.org_id = ? AND a.deleted_at IS NULL AND " +
                                       col["status"] + " = 'completed' AND " + col["treated_at"] +
                                       " >= ? AND " + col["treated_at"] + " < ?" + branch_sql,
                                   params({org_id, start, end})));
      for (size_t i = 0; i < done.size(); ++i) {
        auto fee = fees.find(done.Int(i, 0));
        if (fee == fees.end()) continue;
        if (auto u = done.OptInt(i, 1); u && fee->second.fee_fen > 0) {
          people[*u].handwork += fee->second.fee_fen;
        }
        if (auto u = done.OptInt(i, 2); u && fee->second.nurse_fee_fen > 0) {
          people[*u].handwork += fee->second.nurse_fee_fen;
        }
      }
    }

    std::vector<std::pair<int64_t, Person*>> order;
    for (auto& [id, person] : people) order.emplace_back(id, &person);
    std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
      return a.second->performance > b.second->performance;
    });
    json::array items;
    for (auto& [id, person] : order) {
      PEONY_TRY(auto name, c.Query("SELECT display_name FROM users WHERE id = ? AND org_id = ?",
                                   {id, org_id}));
      items.push_back(json::object{{"user_id", id},
                                   {"name", name.empty() ? "" : name.Text(0, 0)},
                                   {"performance_fen", person->performance},
                                   {"commission_fen", person->commission},
                                   {"handwork_fen", person->handwork},
                                   {"line_count", person->lines},
                                   {"lines", std::move(person->detail)}});
    }
    return json::object{
        {"from", FormatDate(from)}, {"to", FormatDate(to)}, {"items", std::move(items)}};
  });
}

Result<json::object> Reports::DailyReconciliation(const records::Caller& who, const LocalDate& date,
                                                  std::optional<int64_t> branch_id) {
  PEONY_TRY(auto branch, BranchFor(who, branch_id));
  const int64_t org_id = who.principal.org_id;
  return db_.Read([&](storage::Conn& c) -> Result<json::object> {
    PEONY_TRY(auto zone, internal::ZoneOf(c, org_id));
    struct Sum {
      int64_t received = 0, refunded = 0, count = 0;
    };
    std::map<std::string, Sum> sums;
    for (Method m : {Method::kCash, Method::kWechat, Method::kAlipay, Method::kBankCard,
                     Method::kStoredValue}) {
      sums[std::string(MethodName(m))];
    }
    PEONY_TRY(auto payment,
              Resolve(c, catalog_, "payment", {"method", "kind", "amount", "paid_at"}));
    if (payment) {
      auto& col = payment->columns;
      storage::Params params{org_id, zone.StartOfDay(date), zone.StartOfDay(AddDays(date, 1))};
      if (branch) params.Add(*branch);
      PEONY_TRY(auto rows,
                c.Query("SELECT " + col["method"] + ", " + col["kind"] + ", COALESCE(SUM(" +
                            col["amount"] + "), 0), COUNT(*) FROM " + payment->table +
                            " WHERE org_id = ? AND deleted_at IS NULL AND " + col["paid_at"] +
                            " >= ? AND " + col["paid_at"] + " < ?" +
                            (branch ? " AND branch_id = ?" : "") + " GROUP BY " + col["method"] +
                            ", " + col["kind"],
                        params));
      for (size_t i = 0; i < rows.size(); ++i) {
        const std::string method = rows.Text(i, 0);
        Sum& s = sums[method.empty() ? "other" : method];
        (rows.Text(i, 1) == "refund" ? s.refunded : s.received) += rows.Int(i, 2);
        s.count += rows.Int(i, 3);
      }
    }
    json::array methods;
    int64_t received = 0, refunded = 0;
    for (const auto& [method, s] : sums) {
      received += s.received;
      refunded += s.refunded;
      methods.push_back(json::object{{"method", method},
                                     {"received_fen", s.received},
                                     {"refunded_fen", s.refunded},
                                     {"net_fen", s.received - s.refunded},
                                     {"count", s.count}});
    }
    return json::object{{"date", FormatDate(date)},
                        {"methods", std::move(methods)},
                        {"total_received_fen", received},
                        {"total_refunded_fen", refunded},
                        {"total_net_fen", received - refunded}};
  });
}

}  // namespace peony::domain::orders
