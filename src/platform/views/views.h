// Saved list views: a named set of columns, filter tree, sort and search for one entity's list.
// A view is the caller's own (private) or shared with the whole organisation; shared views are
// written only with schema.manage or views.manage, and solution templates bring shared ones.
//
//   {"id":3,"name":"金卡及以上","columns":["name","level"],
//    "filter":{"field":"level","op":"in","value":["gold","diamond"]},
//    "sort":["-created_at"],"q":"","shared":true,"owner_id":null,"template":"medical-aesthetics"}
//
// Columns and sort keys are the entity's active fields or system fields (id, created_at, …; a
// sort key may start with "-" for descending); the filter is the records filter language and must
// bind against the catalog. At most 50 own views per user and entity.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <string>

#include "common/clock.h"
#include "common/result.h"
#include "platform/access/principal.h"
#include "platform/schema/catalog.h"
#include "storage/db.h"

namespace peony::views {

inline constexpr int kMaxViewsPerUser = 50;

class Views {
 public:
  Views(storage::Db& db, schema::CatalogStore& catalog, const Clock& clock)
      : db_(db), catalog_(catalog), clock_(clock) {}

  // Shared views and the caller's own, shared first, in creation order. Error:
  // schema.entity_not_found.
  Result<boost::json::array> List(const access::Principal& who, const std::string& entity);
  // Body {"name","columns"?,"filter"?,"sort"?,"q"?,"shared"?}. `manage`: the caller may write
  // shared views. Errors: schema.entity_not_found, view.invalid, view.duplicate_name,
  // view.forbidden.
  Result<boost::json::object> Create(const access::Principal& who, bool manage,
                                     const std::string& entity, const boost::json::object& body);
  // Changes the given keys ("shared" cannot change). Errors: as Create, and view.not_found.
  Result<boost::json::object> Update(const access::Principal& who, bool manage,
                                     const std::string& entity, int64_t id,
                                     const boost::json::object& body);
  // Errors: view.not_found, view.forbidden.
  Status Delete(const access::Principal& who, bool manage, const std::string& entity, int64_t id);

  // A template's shared view ({"entity","name",…}), created unless the organisation has a shared
  // view of that entity and name. True when created. Errors: as Create.
  Result<bool> EnsureShared(int64_t org_id, const boost::json::object& view,
                            const std::string& template_name);

 private:
  storage::Db& db_;
  schema::CatalogStore& catalog_;
  const Clock& clock_;
};

}  // namespace peony::views
