// Merging a duplicate customer into the one kept (CUS-3). Catalog-driven: every relation field
// targeting `customer`, of any entity (a clinic's own ones too), moves from the duplicate to the
// kept customer through the records engine (so each moved record gets its change event, audit
// entry and rule triggers). The cards' own rows and the tasks follow; rule runs stay as the
// history of what happened to the duplicate. One transaction, one customer.merge audit entry.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "domain/customers/customers.h"
#include "domain/customers/errors.h"
#include "domain/customers/internal.h"
#include "platform/access/audit.h"

namespace peony::domain::customers {
namespace {

namespace json = boost::json;
using internal::IntOf;

// Field types a merge does not copy into the kept profile: computed on save or read, attachments
// (blob ownership belongs to their records), sub-forms.
bool Copyable(const schema::FieldDef& f) {
  if (f.retired || f.type == "image" || f.type == "file" || f.type == "signature" ||
      f.type == "sub_form") {
    return false;
  }
  const schema::FieldType* t = schema::FindFieldType(f);
  return t && !t->computed();
}

}  // namespace

Result<json::object> Customers::MergeInTx(storage::Conn& c, const records::Caller& who,
                                          int64_t kept_id, int64_t duplicate_id) {
  const int64_t org_id = who.principal.org_id;
  const access::Principal acting = internal::Acting(who.principal);
  // Moving orders, cards and appointments changes fields their modules manage.
  const records::Caller as{acting, who.ip, true};
  PEONY_TRY(auto catalog, catalog_.Snapshot(c));
  PEONY_TRY(auto kept, records_.ReadInTx(c, org_id, "customer", kept_id));
  PEONY_TRY(auto dup, records_.ReadInTx(c, org_id, "customer", duplicate_id));
  if (!kept || !dup) return errors::NotFound();

  json::object moved;
  for (const schema::EntityDef& e : catalog->entities()) {
    if (e.retired) continue;
    for (const schema::FieldDef& f : e.fields) {
      if (!internal::Targets(f, "customer")) continue;
      const json::value filter =
          json::object{{"field", f.name}, {"op", "eq"}, {"value", duplicate_id}};
      PEONY_TRY(auto ids, records_.SelectIdsInTx(c, org_id, e.name, &filter, kMaxMergeRecords + 1));
      if (static_cast<int64_t>(ids.size()) > kMaxMergeRecords) {
        return errors::Invalid("duplicate_id", "too many records to move in one merge");
      }
      int64_t n = 0;
      for (int64_t id : ids) {
        if (e.name == "customer" && id == duplicate_id) continue;  // deleted below
        json::object patch{{f.name, kept_id}};
        if (e.name == "customer" && id == kept_id) {
          patch[f.name] = nullptr;  // she was the duplicate's referral: not her own
        } else if (e.name == "customer_relation") {
          // A relation between the two becomes one of her with herself: it goes.
          PEONY_TRY(auto rel, records_.ReadInTx(c, org_id, e.name, id));
          const char* other = f.name == "customer" ? "related" : "customer";
          if (rel && IntOf(*rel, other) == kept_id) {
            PEONY_CHECK(records_.DeleteInTx(c, as, e.name, id, 0));
            ++n;
            continue;
          }
        }
        PEONY_TRY(auto updated, records_.UpdateInTx(c, as, e.name, id, patch, 0));
        (void)updated;
        ++n;
      }
      if (n == 0) continue;
      auto& count = moved[e.name];
      count = (count.is_int64() ? count.as_int64() : 0) + n;
    }
  }

  PEONY_TRY(auto tasks, c.Exec("UPDATE tasks SET record_id = ?, updated_at = ?, version = "
                               "version + 1 WHERE org_id = ? AND entity = 'customer' AND "
                               "record_id = ?",
                               {kept_id, clock_.Now(), org_id, duplicate_id}));
  if (tasks > 0) moved["task"] = tasks;

  // The duplicate goes to the trash first, so her unique values (phone, ID number) may move.
  PEONY_CHECK(records_.DeleteInTx(c, as, "customer", duplicate_id, 0));
  json::object fill;
  if (const schema::EntityDef* ce = catalog->Find("customer")) {
    for (const schema::FieldDef& f : ce->fields) {
      if (!Copyable(f)) continue;
      const json::value* theirs = dup->if_contains(f.name);
      const json::value* mine = kept->if_contains(f.name);
      // Her referrer was the duplicate: that link was cleared above, so it is empty now.
      const bool cleared = internal::Targets(f, "customer") && mine && mine->is_int64() &&
                           mine->as_int64() == duplicate_id;
      if (internal::IsBlank(theirs) || (!cleared && !internal::IsBlank(mine))) continue;
      if (internal::Targets(f, "customer") && theirs->is_int64() &&
          (theirs->as_int64() == kept_id || theirs->as_int64() == duplicate_id)) {
        continue;
      }
      fill[f.name] = *theirs;
    }
  }
  json::array filled;
  for (const auto& kv : fill) filled.push_back(json::string(kv.key()));
  if (!fill.empty()) {
    PEONY_TRY(auto updated, records_.UpdateInTx(c, as, "customer", kept_id, fill, 0));
    (void)updated;
  }

  // Card balances follow their records; last, so the cards' rows are locked only briefly.
  PEONY_CHECK(
      c.Exec("UPDATE card_accounts SET customer_id = ?, updated_at = ?, version = "
             "version + 1 WHERE org_id = ? AND customer_id = ?",
             {kept_id, clock_.Now(), org_id, duplicate_id}));
  // The orders', appointments' and waiting list's own rows follow their records too.
  for (const char* table : {"order_accounts", "appointments", "appointment_waitlist"}) {
    PEONY_CHECK(c.Exec(std::string("UPDATE ") + table +
                           " SET customer_id = ? WHERE org_id = ? AND customer_id = ?",
                       {kept_id, org_id, duplicate_id}));
  }

  const auto& p = who.principal;
  PEONY_CHECK(access::AppendAudit(
      c, clock_,
      access::AuditEvent{
          org_id, p.user_id > 0 ? std::optional<int64_t>(p.user_id) : std::nullopt, p.username,
          "customer.merge", "customer", std::to_string(kept_id), who.ip,
          json::object{
              {"duplicate_id", duplicate_id}, {"moved", moved}, {"filled", std::move(filled)}}}));
  return moved;
}

Result<cards::Answer> Customers::Merge(const records::Caller& who, int64_t kept_id,
                                       int64_t duplicate_id, const cards::Idempotency& idem) {
  if (!idem.key.empty()) PEONY_CHECK(cards::CheckIdempotencyKey(idem.key));
  if (kept_id == duplicate_id) return errors::MergeSelf();
  // Both must be readable within the caller's merge scope. The duplicate of a merge already made
  // is in the trash: a retry with its Idempotency-Key is answered from the stored answer below.
  const access::Principal reader = internal::ReaderOf(who.principal, "customer", "customer.merge");
  bool duplicate_visible = true;
  for (int64_t id : {kept_id, duplicate_id}) {
    auto r = records_.Get(records::Caller{reader, who.ip}, "customer", id);
    if (r.ok()) continue;
    if (!internal::IsMiss(r.error())) return std::move(r).error();
    if (id == kept_id || idem.key.empty()) return errors::NotFound();
    duplicate_visible = false;
  }
  const int64_t org_id = who.principal.org_id;
  constexpr std::string_view kRoute = "customers.merge";
  json::object moved;
  bool replayed = false;
  PEONY_CHECK(db_.WriteTx([&](storage::Conn& c) -> Status {
    replayed = false;
    if (!idem.key.empty()) {
      PEONY_TRY(auto stored, cards::ClaimKey(c, org_id, kRoute, idem, clock_.Now()));
      if (stored) {
        boost::system::error_code ec;
        const json::value body = json::parse(stored->body, ec);
        if (ec || !body.is_object() || !body.as_object().contains("moved")) {
          return InternalError("stored merge answer is not JSON");
        }
        moved = body.at("moved").as_object();
        replayed = true;
        return Ok();
      }
    }
    if (!duplicate_visible) return errors::NotFound();
    PEONY_TRY(moved, MergeInTx(c, who, kept_id, duplicate_id));
    if (!idem.key.empty()) {
      // The stored answer holds no personal data: the record is read afresh for every answer.
      const json::object stored{{"customer_id", kept_id}, {"moved", moved}};
      PEONY_CHECK(cards::SaveAnswer(c, org_id, kRoute, idem.key, 200, json::serialize(stored)));
    }
    return Ok();
  }));
  PEONY_TRY(auto customer, VisibleCustomer(who, kept_id, true));
  return cards::Answer{200, json::object{{"customer", std::move(customer)}, {"moved", moved}},
                       replayed};
}

}  // namespace peony::domain::customers
