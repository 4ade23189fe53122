// Follow-up due lists and completion (follow_ups.h). Lists read through the records engine with
// data.follow_up.read over the whole organisation, narrowed by a filter on the assignee: the
// manager scope is about the people assigned (as for tasks), not the record's branch, which a
// rule-made follow-up does not carry.
#include "domain/treatments/follow_ups.h"

#include <algorithm>
#include <map>

#include "domain/treatments/errors.h"
#include "domain/treatments/internal.h"

namespace peony::domain::treatments {
namespace {

namespace json = boost::json;

std::optional<int64_t> IntField(const json::object& rec, std::string_view key) {
  const auto* v = rec.if_contains(key);
  if (v && v->is_int64()) return v->as_int64();
  return std::nullopt;
}

std::string TextField(const json::object& rec, std::string_view key) {
  const auto* v = rec.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

access::Scope FollowUps::ManagerScope(const access::Principal& p, std::string_view action) {
  return std::max(p.ScopeFor("tasks.manage"), p.ScopeFor("data.follow_up." + std::string(action)));
}

Result<std::optional<std::vector<int64_t>>> FollowUps::PeopleInScope(const access::Principal& p,
                                                                     access::Scope scope) {
  using Out = std::optional<std::vector<int64_t>>;
  switch (scope) {
    case access::Scope::kAll:
      return Out();
    case access::Scope::kNone:
    case access::Scope::kOwn:
      return Out(std::vector<int64_t>{p.user_id});
    case access::Scope::kDepartment:
    case access::Scope::kBranch:
      break;
  }
  const bool branch = scope == access::Scope::kBranch;
  const std::optional<int64_t> unit = branch ? p.branch_id : p.department_id;
  if (!unit) return Out(std::vector<int64_t>{p.user_id});
  const std::string sql = std::string("SELECT id FROM users WHERE org_id = ? AND ") +
                          (branch ? "branch_id" : "department_id") + " = ? ORDER BY id";
  PEONY_TRY(auto rows, db_.Read([&](storage::Conn& c) { return c.Query(sql, {p.org_id, *unit}); }));
  std::vector<int64_t> ids{p.user_id};
  for (size_t i = 0; i < rows.size(); ++i) ids.push_back(rows.Int(i, 0));
  return Out(std::move(ids));
}

Result<json::array> FollowUps::ListMine(const records::Caller& who, const FollowUpQuery& q) {
  return List(who, q, std::vector<int64_t>{who.principal.user_id});
}

Result<json::array> FollowUps::ListManaged(const records::Caller& who, const FollowUpQuery& q) {
  PEONY_TRY(auto people, PeopleInScope(who.principal, ManagerScope(who.principal, "read")));
  if (q.assignee_id) {
    if (people && std::find(people->begin(), people->end(), *q.assignee_id) == people->end()) {
      return json::array();
    }
    people = std::vector<int64_t>{*q.assignee_id};
  }
  return List(who, q, people);
}

Result<json::array> FollowUps::List(const records::Caller& who, const FollowUpQuery& q,
                                    const std::optional<std::vector<int64_t>>& assignees) {
  const access::Principal& p = who.principal;
  json::array conds;
  if (assignees) {
    json::array ids;
    for (int64_t id : *assignees) ids.push_back(id);
    conds.push_back(json::object{{"field", "assignee"}, {"op", "in"}, {"value", std::move(ids)}});
  }
  if (q.status == "pending") {
    conds.push_back(json::object{
        {"or", json::array{json::object{{"field", "status"}, {"op", "eq"}, {"value", "pending"}},
                           json::object{{"field", "status"}, {"op", "is_empty"}}}}});
  } else if (q.status == "done") {
    conds.push_back(json::object{
        {"field", "status"}, {"op", "in"}, {"value", json::array{"done", "unreachable"}}});
  }
  if (q.due_before) {
    conds.push_back(
        json::object{{"field", "due_on"}, {"op", "lte"}, {"value", FormatDate(*q.due_before)}});
  }
  records::ListQuery lq;
  if (!conds.empty()) lq.filter = json::object{{"and", std::move(conds)}};
  lq.sort = {{"due_on", false}};
  lq.limit = kMaxFollowUps;
  const auto reader = internal::Narrowed(p, "data.follow_up.read", access::Scope::kAll);
  PEONY_TRY(auto page, records_.List(records::Caller{reader, who.ip}, "follow_up", lq));

  // The customer's name and the treated service's name, one read per distinct record.
  std::map<int64_t, std::string> customers, services;
  std::map<int64_t, std::optional<int64_t>> treatments;  // treatment → service
  for (const auto& v : page.items) {
    const json::object& rec = v.as_object();
    if (auto id = IntField(rec, "customer")) customers[*id];
    if (auto id = IntField(rec, "treatment")) treatments[*id];
  }
  PEONY_CHECK(db_.ReadTx([&](storage::Conn& c) -> Status {
    for (auto& [id, name] : customers) {
      PEONY_TRY(auto rec, records_.ReadInTx(c, p.org_id, "customer", id));
      if (rec) name = TextField(*rec, "name");
    }
    for (auto& [id, service] : treatments) {
      PEONY_TRY(auto rec, records_.ReadInTx(c, p.org_id, "treatment", id));
      if (rec) service = IntField(*rec, "service");
      if (service) services[*service];
    }
    for (auto& [id, name] : services) {
      PEONY_TRY(auto rec, records_.ReadInTx(c, p.org_id, "service", id));
      if (rec) name = TextField(*rec, "name");
    }
    return Ok();
  }));
  json::array out;
  for (auto& v : page.items) {
    json::object rec = std::move(v.as_object());
    const auto customer = IntField(rec, "customer");
    const auto treatment = IntField(rec, "treatment");
    const auto service = treatment ? treatments[*treatment] : std::nullopt;
    rec["customer_name"] = customer ? json::value(customers[*customer]) : json::value(nullptr);
    rec["service_name"] = service ? json::value(services[*service]) : json::value(nullptr);
    out.push_back(std::move(rec));
  }
  return out;
}

Result<json::object> FollowUps::Complete(const records::Caller& who, int64_t id,
                                         const CompletionInput& in) {
  const access::Principal& p = who.principal;
  PEONY_TRY(auto found, db_.Read([&](storage::Conn& c) {
    return records_.ReadInTx(c, p.org_id, "follow_up", id);
  }));
  if (!found) return errors::FollowUpNotFound();
  const json::object& rec = *found;
  const std::optional<int64_t> assignee = IntField(rec, "assignee");
  if (assignee != p.user_id) {
    const access::Scope scope = ManagerScope(p, "update");
    PEONY_TRY(auto people, PeopleInScope(p, scope));
    bool managed = scope == access::Scope::kAll;
    if (!managed && assignee && people) {
      managed = std::find(people->begin(), people->end(), *assignee) != people->end();
    }
    if (!managed && !assignee && scope == access::Scope::kBranch) {
      managed = p.branch_id && IntField(rec, "branch_id") == p.branch_id;
    }
    if (!managed) return errors::FollowUpNotFound();
  }
  if (TextField(rec, "status") == "done") return errors::FollowUpAlreadyDone();

  json::object patch{
      {"status", in.status},
      {"outcome", in.outcome.empty() ? json::value(nullptr) : json::value(in.outcome)},
      {"satisfaction", in.satisfaction ? json::value(*in.satisfaction) : json::value(nullptr)},
      {"completed_at", FormatRfc3339(clock_.Now())}};
  if (!in.photos.empty()) {
    json::array refs;
    for (const auto& blob : in.photos) {
      refs.push_back(
          json::object{{"id", blob}, {"name", "upload"}, {"size", 0}, {"type", "image/jpeg"}});
    }
    patch["photos"] = std::move(refs);
  }
  const auto acting = internal::Acting(p);
  auto updated = records_.Update(records::Caller{acting, who.ip}, "follow_up", id, patch,
                                 IntField(rec, "version"));
  if (!updated.ok()) {
    Error e = std::move(updated).error();
    const auto* d = e.details.if_object();
    const auto* fields = d ? d->if_contains("fields") : nullptr;
    if (e.kind == ErrorKind::kInvalidArgument && fields && fields->is_object()) {
      return errors::FollowUpInvalid(fields->as_object());
    }
    if (e.code == "record.not_found") return errors::FollowUpNotFound();
    return e;
  }
  return std::move(*updated);
}

}  // namespace peony::domain::treatments
