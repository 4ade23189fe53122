// Follow-ups (CARE-3): the due lists of staff and the completion of a follow-up with its outcome,
// recovery photos and the customer's satisfaction.
//
// A follow-up is a record of the catalog entity `follow_up`, normally made by the template's
// follow-up plan rule when a treatment is completed (day 1/3/7/30, assigned to the customer's
// consultant). Statuses: pending → done | unreachable (an unreachable one may still be done).
//
// Who sees what: everyone their own (assignee = the caller). Managers — holders of tasks.manage
// or of data.follow_up.read (lists) / data.follow_up.update (completing) — also those assigned
// to people within that grant's scope: own (themselves), department or branch (the assignee's
// department or branch, like tasks), all. Someone else's follow-up outside that answers
// follow_up.not_found.
//
// Thread-safe; all state is in the database.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>

#include "common/clock.h"
#include "common/result.h"
#include "domain/treatments/input.h"
#include "platform/records/records.h"
#include "storage/db.h"

namespace peony::domain::treatments {

inline constexpr int kMaxFollowUps = 500;  // one list answer

class FollowUps {
 public:
  // All must outlive the service.
  FollowUps(storage::Db& db, records::Records& records, const Clock& clock)
      : db_(db), records_(records), clock_(clock) {}

  // The widest scope in which `p` manages other people's follow-ups for `action` ("read" or
  // "update"): the wider of tasks.manage and data.follow_up.<action>. kNone: only their own.
  static access::Scope ManagerScope(const access::Principal& p, std::string_view action);

  // GET /api/v1/me/follow-ups (mine) and GET /api/v1/follow-ups (others' within the manager
  // scope; q.assignee_id narrows to one person, none when outside the scope): follow_up records
  // with "customer_name" and "service_name", due_on ascending, at most kMaxFollowUps.
  Result<boost::json::array> ListMine(const records::Caller& who, const FollowUpQuery& q);
  Result<boost::json::array> ListManaged(const records::Caller& who, const FollowUpQuery& q);

  // POST /api/v1/follow-ups/{id}/complete: the record after the change (completed_at set).
  // Errors: follow_up.not_found, follow_up.already_done, follow_up.invalid (photos the records
  // engine refuses), record.version_conflict (changed meanwhile).
  Result<boost::json::object> Complete(const records::Caller& who, int64_t id,
                                       const CompletionInput& in);

 private:
  // The ids of the users whose follow-ups `p` manages at `scope` (nullopt: everyone).
  Result<std::optional<std::vector<int64_t>>> PeopleInScope(const access::Principal& p,
                                                            access::Scope scope);
  Result<boost::json::array> List(const records::Caller& who, const FollowUpQuery& q,
                                  const std::optional<std::vector<int64_t>>& assignees);

  storage::Db& db_;
  records::Records& records_;
  const Clock& clock_;
};

}  // namespace peony::domain::treatments
