// The computed value's data: her payments and completed treatments read with one indexed query
// each (through the relation index on `customer`), the population's per-service intervals with one
// aggregate (cached per organisation for kPopulationTtlMs), and the per-organisation settings.
// Column and table names come from the catalog; missing entities or fields count as no data.
#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "domain/customers/customers.h"
#include "domain/customers/errors.h"
#include "domain/customers/internal.h"
#include "platform/access/audit.h"

namespace peony::domain::customers {
namespace {

namespace json = boost::json;
using internal::ActiveField;
using internal::Q;

constexpr int64_t kMaxFacts = 20000;
constexpr double kDayMs = 86'400'000.0;

// The entity when it is live and its `customer` field is a relation to customers.
const schema::EntityDef* LinkedEntity(const schema::Catalog& catalog, std::string_view name) {
  const schema::EntityDef* e = catalog.Find(name);
  if (!e) return nullptr;
  const schema::FieldDef* f = ActiveField(*e, "customer");
  return f && internal::Targets(*f, "customer") ? e : nullptr;
}

// "COALESCE(t.<field>, t.created_at)" for a datetime field, else the record's creation time.
std::string InstantOf(const schema::EntityDef& e, std::string_view field) {
  const schema::FieldDef* f = ActiveField(e, field, "datetime");
  return f ? "COALESCE(t." + Q(f->column) + ", t.created_at)" : std::string("t.created_at");
}

// The completed treatments' condition (all treatments when the entity has no status).
std::string CompletedClause(const schema::EntityDef& e, storage::Params& params) {
  const schema::FieldDef* status = ActiveField(e, "status", "select");
  if (!status) return "";
  params.Add(std::string("completed"));
  return " AND t." + Q(status->column) + " = ?";
}

Result<std::vector<Visit>> LoadVisits(storage::Conn& c, const schema::Catalog& catalog,
                                      const TimeZone& tz, int64_t org_id, int64_t id) {
  std::vector<Visit> out;
  const schema::EntityDef* e = LinkedEntity(catalog, "treatment");
  if (!e) return out;
  const schema::FieldDef* service = ActiveField(*e, "service", "relation");
  storage::Params params{org_id, id};
  std::string sql = "SELECT " + (service ? "t." + Q(service->column) : std::string("NULL")) + ", " +
                    InstantOf(*e, "treated_at") + " FROM " + Q(e->table) +
                    " t WHERE t.org_id = ? AND t." + Q(ActiveField(*e, "customer")->column) +
                    " = ? AND t.deleted_at IS NULL";
  sql += CompletedClause(*e, params);
  sql += " LIMIT ?";
  params.Add(kMaxFacts);
  PEONY_TRY(auto rows, c.Query(sql, params));
  out.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    out.push_back({tz.DateOf(rows.Int(i, 1)), rows.OptInt(i, 0)});
  }
  return out;
}

// Payments count what she paid in: payments paid from a stored-value card spend money already
// counted when the card was paid for, so they are left out (method "stored_value").
Result<std::vector<PaymentFact>> LoadPayments(storage::Conn& c, const schema::Catalog& catalog,
                                              const TimeZone& tz, int64_t org_id, int64_t id) {
  std::vector<PaymentFact> out;
  const schema::EntityDef* e = LinkedEntity(catalog, "payment");
  const schema::FieldDef* amount = e ? ActiveField(*e, "amount", "money") : nullptr;
  if (!amount) return out;
  const schema::FieldDef* kind = ActiveField(*e, "kind", "select");
  const schema::FieldDef* method = ActiveField(*e, "method", "select");
  storage::Params params{org_id, id};
  std::string sql = "SELECT " + (kind ? "t." + Q(kind->column) : std::string("NULL")) + ", t." +
                    Q(amount->column) + ", " + InstantOf(*e, "paid_at") + " FROM " + Q(e->table) +
                    " t WHERE t.org_id = ? AND t." + Q(ActiveField(*e, "customer")->column) +
                    " = ? AND t.deleted_at IS NULL AND t." + Q(amount->column) + " IS NOT NULL";
  if (method) {
    sql += " AND (t." + Q(method->column) + " IS NULL OR t." + Q(method->column) + " <> ?)";
    params.Add(std::string("stored_value"));
  }
  sql += " LIMIT ?";
  params.Add(kMaxFacts);
  PEONY_TRY(auto rows, c.Query(sql, params));
  out.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    out.push_back({tz.DateOf(rows.Int(i, 2)), rows.Int(i, 1), rows.Text(i, 0) == "refund"});
  }
  return out;
}

// Service names by id (next visits name their service).
Result<std::map<int64_t, std::string>> ServiceNames(storage::Conn& c,
                                                    const schema::Catalog& catalog, int64_t org_id,
                                                    const std::vector<NextVisit>& next) {
  std::map<int64_t, std::string> out;
  const schema::EntityDef* e = catalog.Find("service");
  const schema::FieldDef* name = e ? ActiveField(*e, "name", "text") : nullptr;
  if (!name || name->sensitive || next.empty()) return out;
  storage::Params params{org_id};
  std::string in;
  for (const NextVisit& n : next) {
    in += in.empty() ? "?" : ", ?";
    params.Add(n.service_id);
  }
  PEONY_TRY(auto rows, c.Query("SELECT t.id, t." + Q(name->column) + " FROM " + Q(e->table) +
                                   " t WHERE t.org_id = ? AND t.id IN (" + in + ")",
                               params));
  for (size_t i = 0; i < rows.size(); ++i) out[rows.Int(i, 0)] = rows.Text(i, 1);
  return out;
}

Status AuditSettings(storage::Conn& c, const Clock& clock, const records::Caller& who,
                     const json::object& patch) {
  const auto& p = who.principal;
  json::array keys;
  for (const auto& kv : patch) keys.push_back(json::string(kv.key()));
  return access::AppendAudit(
      c, clock,
      access::AuditEvent{p.org_id, p.user_id > 0 ? std::optional<int64_t>(p.user_id) : std::nullopt,
                         p.username, "customer.value_settings", "org", std::to_string(p.org_id),
                         who.ip, json::object{{"settings", std::move(keys)}}});
}

}  // namespace

Result<std::shared_ptr<const PopulationIntervals>> Customers::Population(
    storage::Conn& c, const schema::Catalog& catalog, int64_t org_id) {
  const UtcMillis now = clock_.Now();
  {
    std::lock_guard<std::mutex> lock(mu_);
    Cached& cached = population_[org_id];
    const bool fresh = now - cached.at < kPopulationTtlMs && now >= cached.at;
    // While one request recomputes, the others keep using the previous intervals.
    if (cached.intervals && (fresh || cached.computing)) return cached.intervals;
    cached.computing = true;
  }
  auto computed = ComputePopulation(c, catalog, org_id);
  std::lock_guard<std::mutex> lock(mu_);
  Cached& cached = population_[org_id];
  cached.computing = false;
  if (!computed.ok()) return std::move(computed).error();
  cached.at = now;
  cached.intervals = std::move(*computed);
  return cached.intervals;
}

Result<std::shared_ptr<const PopulationIntervals>> Customers::ComputePopulation(
    storage::Conn& c, const schema::Catalog& catalog, int64_t org_id) {
  auto out = std::make_shared<PopulationIntervals>();
  const schema::EntityDef* e = LinkedEntity(catalog, "treatment");
  const schema::FieldDef* service = e ? ActiveField(*e, "service", "relation") : nullptr;
  if (service) {
    // One aggregate: each customer's visits per service → her mean interval; the median of those
    // per service is computed here.
    const std::string at = InstantOf(*e, "treated_at");
    const std::string svc = "t." + Q(service->column);
    const std::string who = "t." + Q(ActiveField(*e, "customer")->column);
    storage::Params params{org_id};
    std::string sql = "SELECT " + svc + ", COUNT(*), MIN(" + at + "), MAX(" + at + ") FROM " +
                      Q(e->table) + " t WHERE t.org_id = ? AND t.deleted_at IS NULL AND " + svc +
                      " IS NOT NULL AND " + who + " IS NOT NULL";
    sql += CompletedClause(*e, params);
    sql += " GROUP BY " + svc + ", " + who + " HAVING COUNT(*) >= 2 AND MAX(" + at + ") > MIN(" +
           at + ")";
    PEONY_TRY(auto rows, c.Query(sql, params));
    std::map<int64_t, std::vector<double>> gaps;
    for (size_t i = 0; i < rows.size(); ++i) {
      const double span = static_cast<double>(rows.Int(i, 3) - rows.Int(i, 2)) / kDayMs;
      gaps[rows.Int(i, 0)].push_back(span / static_cast<double>(rows.Int(i, 1) - 1));
    }
    for (auto& [id, list] : gaps) {
      std::sort(list.begin(), list.end());
      const size_t n = list.size();
      (*out)[id] = n % 2 == 1 ? list[n / 2] : (list[n / 2 - 1] + list[n / 2]) / 2.0;
    }
  }
  return std::shared_ptr<const PopulationIntervals>(std::move(out));
}

Result<ValueSettings> Customers::SettingsIn(storage::Conn& c, int64_t org_id) {
  PEONY_TRY(auto rows,
            c.Query("SELECT settings FROM customer_value_settings WHERE org_id = ?", {org_id}));
  if (rows.empty()) return ValueSettings{};
  boost::system::error_code ec;
  const json::value stored = json::parse(rows.Text(0, 0), ec);
  if (ec || !stored.is_object()) return InternalError("customer value settings are not JSON");
  return ParseSettings(stored.as_object(), ValueSettings{});
}

Result<ValueSettings> Customers::Settings(int64_t org_id) {
  return db_.Read([&](storage::Conn& c) { return SettingsIn(c, org_id); });
}

Result<ValueSettings> Customers::PutSettings(const records::Caller& who,
                                             const json::object& patch) {
  const int64_t org_id = who.principal.org_id;
  return db_.Write([&](storage::Conn& c) -> Result<ValueSettings> {
    PEONY_TRY(auto current, SettingsIn(c, org_id));
    PEONY_TRY(auto next, ParseSettings(patch, current));
    PEONY_CHECK(c.Exec(
        "INSERT INTO customer_value_settings (org_id, settings, updated_at, updated_by) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (org_id) DO UPDATE SET settings = excluded.settings, "
        "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        {org_id, json::serialize(SettingsJson(next)), clock_.Now(),
         who.principal.user_id > 0 ? storage::Value{who.principal.user_id} : storage::Value{}}));
    PEONY_CHECK(AuditSettings(c, clock_, who, patch));
    return next;
  });
}

Result<json::object> Customers::ValueOf(int64_t org_id, int64_t id) {
  return db_.Read([&](storage::Conn& c) -> Result<json::object> {
    PEONY_TRY(auto catalog, catalog_.Snapshot(c));
    const schema::EntityDef* customer = catalog->Find("customer");
    if (!customer) return errors::NotFound();
    PEONY_TRY(auto tz, internal::ZoneOf(c, org_id));
    PEONY_TRY(auto settings, SettingsIn(c, org_id));
    PEONY_TRY(auto created, c.Query("SELECT created_at FROM " + Q(customer->table) +
                                        " WHERE id = ? AND org_id = ?",
                                    {id, org_id}));
    if (created.empty()) return errors::NotFound();
    ValueFacts facts;
    facts.created_on = tz.DateOf(created.Int(0, 0));
    PEONY_TRY(facts.visits, LoadVisits(c, *catalog, tz, org_id, id));
    PEONY_TRY(facts.payments, LoadPayments(c, *catalog, tz, org_id, id));
    PEONY_TRY(auto population, Population(c, *catalog, org_id));
    const CustomerValue v = ComputeValue(facts, *population, settings, tz.DateOf(clock_.Now()));
    PEONY_TRY(auto names, ServiceNames(c, *catalog, org_id, v.next_visits));
    return ValueJson(v, names);
  });
}

Result<json::object> Customers::Value(const records::Caller& who, int64_t id) {
  PEONY_TRY(auto customer, VisibleCustomer(who, id));
  (void)customer;
  return ValueOf(who.principal.org_id, id);
}

}  // namespace peony::domain::customers
