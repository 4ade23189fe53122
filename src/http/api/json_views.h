// JSON shapes of access objects, shared by the API handlers, and their JSON Schemas for OpenAPI.
#pragma once

#include <boost/json/object.hpp>

#include "platform/access/directory.h"
#include "platform/access/principal.h"

namespace peony::http::api {

// `sp`: where the JSON's memory comes from (a monotonic resource for large lists).
boost::json::object UserJson(const access::User& u, boost::json::storage_ptr sp = {});
// The signed-in user: UserJson + permissions + org + their branch (null for none).
boost::json::object MeJson(const access::Principal& p, const access::Org& org,
                           const std::optional<access::Branch>& branch);
boost::json::object RoleJson(const access::Role& r);

extern const char* const kUserSchema;
extern const char* const kMeSchema;
extern const char* const kRoleSchema;
// {"items":[<item>], "next_cursor": string|null}
std::string ListSchema(const char* item_schema);

}  // namespace peony::http::api
