// Internal to the records engine: reading and writing rows and their child tables inside a
// transaction the caller holds.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/clock.h"
#include "platform/access/principal.h"
#include "platform/records/codec.h"

namespace peony::records::internal {

// Loads multi-valued fields and sub-form rows of `records` (keyed by id) into their JSON.
Status LoadChildren(storage::Conn& c, const schema::EntityDef& e,
                    std::map<int64_t, boost::json::object*>& records);

// Reads one record within the caller's scope (deleted ones when `deleted`); nullopt when absent.
Result<std::optional<boost::json::object>> ReadOne(storage::Conn& c, const schema::EntityDef& e,
                                                   const access::Principal& p, access::Scope scope,
                                                   int64_t id, bool deleted,
                                                   const storage::crypto::KeyRing& keys,
                                                   bool unmask, std::set<std::string>* revealed,
                                                   std::map<std::string, std::string>* search);

// Writes the child rows and search grams of record `id` from a prepared write (replacing what was
// there for the fields present).
Status WriteChildren(storage::Conn& c, const schema::EntityDef& e, int64_t id, const Prepared& p);
// `fresh`: the record was just inserted and has no grams to replace yet.
Status WriteGrams(storage::Conn& c, const schema::EntityDef& e, int64_t id,
                  const std::map<std::string, std::string>& search_values, bool fresh);

// Checks that references (users, branches, departments, records of a target entity) exist in the
// organisation. Error: record.invalid_value naming the field.
Status CheckReferences(storage::Conn& c, const schema::Catalog& catalog, const schema::EntityDef& e,
                       int64_t org_id, const Prepared& p);

// Maps a unique violation to record.duplicate naming the field when it can be told.
Error MapWriteError(const schema::EntityDef& e, Error err);

}  // namespace peony::records::internal
