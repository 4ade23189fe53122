// Customers (CUS-1…5, LEAD-2): duplicate checks, merging two customers, relationships, the
// computed value, the 360 summary and lead conversion, over the catalog entities `customer`,
// `customer_relation`, `lead`, `payment`, `treatment`, `follow_up` and the cards module.
//
// Access: the routes check the permission of each call (data.customer.read, customer.merge,
// data.lead.update, org.write); a customer or lead the caller may not read in its data scope
// answers customer.not_found / lead.not_found, never "forbidden", so ids cannot be probed.
// Records are masked per the caller's field rights (the records engine decides); writes made on
// the caller's behalf (a merge moving other entities' records) carry the caller's name.
//
// Thread-safe: all state is in the database, except a per-organisation cache of the population's
// visit intervals (a few minutes old at most), guarded by a mutex.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/result.h"
#include "domain/cards/cards.h"
#include "domain/cards/idempotency.h"
#include "domain/customers/value.h"
#include "platform/records/records.h"
#include "platform/schema/catalog.h"
#include "storage/db.h"

namespace peony::domain::customers {

// How long the population's intervals are reused before they are computed again.
inline constexpr int64_t kPopulationTtlMs = 5 * 60 * 1000;
// At most this many records of one entity move in a merge (beyond: customer.invalid).
inline constexpr int64_t kMaxMergeRecords = 100'000;

class Customers {
 public:
  // All must outlive the service.
  Customers(storage::Db& db, schema::CatalogStore& catalog, records::Records& records,
            const Clock& clock)
      : db_(db), catalog_(catalog), records_(records), clock_(clock), cards_(db, records, clock) {}

  // Live customers in the caller's scope whose phone or ID number (either or both given; checked
  // and normalised by the fields' types) equals the one asked: [{"id","name","phone" (masked per
  // the caller's rights),"match":"phone"|"id_number"}], phone matches first. Errors:
  // customer.invalid (neither given, or one malformed: details.fields names it).
  Result<boost::json::array> Duplicates(const records::Caller& who,
                                        const std::optional<std::string>& phone,
                                        const std::optional<std::string>& id_number);

  // Merges customer `duplicate_id` into `kept_id` in one transaction: every live record of every
  // entity with a relation field targeting `customer` (custom entities too; a relation that would
  // link the kept customer to herself is cleared, or deleted for customer_relation), her cards
  // (card_accounts and the card records), her tasks; fills the kept profile's empty fields from
  // the duplicate (not attachments); soft-deletes the duplicate; one audit entry customer.merge
  // with the counts. Answers 200 {"customer": the kept record as the caller may see it,
  // "moved": {"<entity>": n, "task": n}}. With an Idempotency-Key, the same request merges once.
  // Errors: customer.not_found (either id, also outside the caller's merge scope),
  // customer.merge_self, customer.invalid (more than kMaxMergeRecords records), idempotency.*.
  Result<cards::Answer> Merge(const records::Caller& who, int64_t kept_id, int64_t duplicate_id,
                              const cards::Idempotency& idem = {});

  // {"referrer":{"id","name"}|null,"referred":[{"id","name"}],"relations":[{"id","kind","note",
  // "customer":{"id","name"}}]}: customer_relation records in both directions. Customers the
  // caller may not read are left out. Error: customer.not_found.
  Result<boost::json::object> Relationships(const records::Caller& who, int64_t id);

  // The computed value (value.h ValueJson) from her payments and completed treatments. Error:
  // customer.not_found.
  Result<boost::json::object> Value(const records::Caller& who, int64_t id);

  // The 360 page's data: {"customer","value","cards","treatments" (latest 20),"follow_ups" (open,
  // due first),"relationships"}; parts the caller may not read are empty. Error:
  // customer.not_found.
  Result<boost::json::object> Summary(const records::Caller& who, int64_t id);

  // The organisation's value settings (defaults until set), and changing them (a patch; audited
  // customer.value_settings). Error: customer.invalid_settings.
  Result<ValueSettings> Settings(int64_t org_id);
  Result<ValueSettings> PutSettings(const records::Caller& who, const boost::json::object& patch);

  // Converts a lead (LEAD-2): the live customer with the lead's phone (blind index, across the
  // organisation), else a new one {name, phone, source: the lead's channel when it is one of the
  // customer's sources, consultant: the lead's owner, branch: the lead's}; the lead then names her
  // and its stage becomes "visited" unless it is already visited or won. Answers
  // {"customer_id","created","lead": the lead as the caller may see it}. Needs data.customer.create
  // besides data.lead.update (record.forbidden). Errors: lead.not_found (also outside the caller's
  // update scope), lead.already_converted, and the records engine's for the new customer.
  Result<boost::json::object> ConvertLead(const records::Caller& who, int64_t lead_id);

 private:
  // The customer record when the caller may read it; customer.not_found on any miss. as_caller:
  // read as the caller (unmasked, and audited, where the caller may unmask); else read through a
  // read-only principal that never unmasks.
  Result<boost::json::object> VisibleCustomer(const records::Caller& who, int64_t id,
                                              bool as_caller = false);
  Result<boost::json::object> RelationshipsOf(const records::Caller& who, int64_t id,
                                              const boost::json::object& customer);
  // The value of a customer the caller may see.
  Result<boost::json::object> ValueOf(int64_t org_id, int64_t id);
  // The cached intervals, recomputed (ComputePopulation: one aggregate) when older than
  // kPopulationTtlMs by one request while the others use the previous ones.
  Result<std::shared_ptr<const PopulationIntervals>> Population(storage::Conn& c,
                                                                const schema::Catalog& catalog,
                                                                int64_t org_id);
  Result<std::shared_ptr<const PopulationIntervals>> ComputePopulation(
      storage::Conn& c, const schema::Catalog& catalog, int64_t org_id);
  Result<ValueSettings> SettingsIn(storage::Conn& c, int64_t org_id);
  // The merge's moves, fills and deletion in the caller's transaction; returns "moved".
  Result<boost::json::object> MergeInTx(storage::Conn& c, const records::Caller& who,
                                        int64_t kept_id, int64_t duplicate_id);

  storage::Db& db_;
  schema::CatalogStore& catalog_;
  records::Records& records_;
  const Clock& clock_;
  cards::Cards cards_;

  struct Cached {
    UtcMillis at = 0;
    std::shared_ptr<const PopulationIntervals> intervals;
    bool computing = false;  // a request is computing newer intervals
  };
  std::mutex mu_;
  std::map<int64_t, Cached> population_;  // by organisation; GUARDED_BY(mu_)
};

}  // namespace peony::domain::customers
