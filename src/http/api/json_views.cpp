#include "http/api/json_views.h"

#include "common/clock.h"

namespace peony::http::api {
namespace {

boost::json::value OptId(const std::optional<int64_t>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

}  // namespace

boost::json::object UserJson(const access::User& u, boost::json::storage_ptr sp) {
  boost::json::object o(sp);
  o.reserve(10);
  o.emplace("id", u.id);
  o.emplace("username", u.username);
  o.emplace("display_name", u.display_name);
  o.emplace("status", u.status);
  boost::json::array& roles = o.emplace("roles", boost::json::array()).first->value().as_array();
  for (const auto& r : u.roles) roles.emplace_back(r);
  o.emplace("branch_id", OptId(u.branch_id));
  o.emplace("department_id", OptId(u.department_id));
  o.emplace("created_at", FormatRfc3339(u.created_at));
  o.emplace("updated_at", FormatRfc3339(u.updated_at));
  o.emplace("version", u.version);
  return o;
}

boost::json::object MeJson(const access::Principal& p, const access::Org& org,
                           const std::optional<access::Branch>& branch) {
  boost::json::array roles, perms;
  for (const auto& r : p.roles) roles.emplace_back(r);
  for (const auto& x : p.permissions) perms.emplace_back(x);
  return {
      {"id", p.user_id},
      {"username", p.username},
      {"display_name", p.display_name},
      {"status", "active"},
      {"roles", std::move(roles)},
      {"permissions", std::move(perms)},
      {"branch_id", OptId(p.branch_id)},
      {"branch", branch ? boost::json::value(boost::json::object{
                              {"id", branch->id}, {"code", branch->code}, {"name", branch->name}})
                        : boost::json::value(nullptr)},
      {"department_id", OptId(p.department_id)},
      {"org", {{"id", org.id}, {"name", org.name}, {"time_zone", org.time_zone}}}};
}

boost::json::object RoleJson(const access::Role& r) {
  boost::json::array perms, grants;
  for (const auto& g : r.grants) {
    perms.emplace_back(g.permission);
    grants.push_back(boost::json::object{{"permission", g.permission}, {"scope", g.scope}});
  }
  return {{"id", r.id},
          {"name", r.name},
          {"label", r.label},
          {"builtin", r.builtin},
          {"permissions", std::move(perms)},
          {"grants", std::move(grants)},
          {"version", r.version}};
}

const char* const kUserSchema = R"({"type":"object",
 "required":["id","username","display_name","status","roles","branch_id","department_id","created_at","updated_at","version"],
 "properties":{
 "id":{"type":"integer"},"username":{"type":"string"},"display_name":{"type":"string"},
 "status":{"type":"string","enum":["active","locked","disabled"]},
 "roles":{"type":"array","items":{"type":"string"}},
 "branch_id":{"type":"integer","nullable":true},"department_id":{"type":"integer","nullable":true},
 "created_at":{"type":"string","format":"date-time"},"updated_at":{"type":"string","format":"date-time"},
 "version":{"type":"integer"}}})";

const char* const kMeSchema = R"({"type":"object","required":["user","csrf_token"],"properties":{
 "user":{"type":"object",
   "required":["id","username","display_name","status","roles","permissions","branch_id","branch","department_id","org"],
   "properties":{
   "status":{"type":"string","enum":["active"]},"department_id":{"type":"integer","nullable":true},
   "id":{"type":"integer"},"username":{"type":"string"},"display_name":{"type":"string"},
   "roles":{"type":"array","items":{"type":"string"}},
   "permissions":{"type":"array","items":{"type":"string"},"description":"\"*\" grants everything"},
   "branch_id":{"type":"integer","nullable":true},
   "branch":{"type":"object","nullable":true,"properties":{"id":{"type":"integer"},
     "code":{"type":"string"},"name":{"type":"string"}}},
   "org":{"type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string"},
          "time_zone":{"type":"string"}}}}},
 "csrf_token":{"type":"string","description":"send as X-CSRF-Token on POST/PUT/PATCH/DELETE"}}})";

const char* const kRoleSchema = R"({"type":"object",
 "required":["id","name","label","builtin","permissions","grants","version"],"properties":{
 "id":{"type":"integer"},"name":{"type":"string"},"label":{"type":"string"},"builtin":{"type":"boolean"},
 "permissions":{"type":"array","items":{"type":"string"}},
 "grants":{"type":"array","items":{"type":"object","properties":{"permission":{"type":"string"},
   "scope":{"type":"string","enum":["own","department","branch","all"]}}}},
 "version":{"type":"integer"}}})";

std::string ListSchema(const char* item_schema) {
  return std::string(
             R"({"type":"object","required":["items","next_cursor"],"properties":{"items":{"type":"array","items":)") +
         item_schema + R"(},"next_cursor":{"type":"string","nullable":true}}})";
}

}  // namespace peony::http::api
