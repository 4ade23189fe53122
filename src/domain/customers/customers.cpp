// Reading customers: visibility, duplicate checks, relationships and the 360 summary. Every list
// goes through the records engine as the caller, so data scopes, hidden fields and masking are the
// engine's; entities the caller may not read (or that the organisation lacks) come back empty.
#include "domain/customers/customers.h"

#include <set>

#include "domain/customers/errors.h"
#include "domain/customers/internal.h"

namespace peony::domain::customers {
namespace {

namespace json = boost::json;
using internal::ActiveField;
using internal::IntOf;

constexpr int kMaxRelations = 200;
constexpr int kLatestTreatments = 20;
constexpr int kMaxFollowUps = 100;

json::object Leaf(std::string_view field, std::string_view op, json::value value) {
  return json::object{{"field", field}, {"op", op}, {"value", std::move(value)}};
}

// A page of records of `entity` as the caller may see them; empty when the caller may not read
// the entity or the organisation has none.
Result<json::array> ListOrEmpty(records::Records& records, const records::Caller& who,
                                const std::string& entity, records::ListQuery query) {
  auto page = records.List(who, entity, query);
  if (!page.ok()) {
    const std::string& code = page.error().code;
    if (code == "record.forbidden" || code == "schema.entity_not_found") return json::array();
    return std::move(page).error();
  }
  return std::move(page->items);
}

json::object Person(int64_t id, const std::map<int64_t, std::string>& names) {
  auto it = names.find(id);
  return json::object{{"id", id}, {"name", it->second}};
}

// The phone or ID number as its field type stores it; customer.invalid naming the parameter.
Result<std::string> Normalised(const schema::EntityDef& customer, std::string_view name,
                               const std::string& text) {
  const schema::FieldDef* f = ActiveField(customer, name);
  const schema::FieldType* type = f ? schema::FindFieldType(*f) : nullptr;
  if (!type) return errors::Invalid(name, "not a field of customer");
  auto v = type->Normalize(*f, json::value(text), {});
  if (!v.ok()) return errors::Invalid(name, v.error().message_en);
  const auto* s = std::get_if<std::string>(&*v);
  if (!s) return errors::Invalid(name, "required");
  return *s;
}

}  // namespace

Result<json::object> Customers::VisibleCustomer(const records::Caller& who, int64_t id,
                                                bool as_caller) {
  const access::Principal reader = internal::ReaderOf(who.principal, "customer");
  auto r = as_caller ? records_.Get(who, "customer", id)
                     : records_.Get(records::Caller{reader, who.ip}, "customer", id);
  if (!r.ok()) return internal::IsMiss(r.error()) ? errors::NotFound() : std::move(r).error();
  return std::move(*r);
}

Result<json::array> Customers::Duplicates(const records::Caller& who,
                                          const std::optional<std::string>& phone,
                                          const std::optional<std::string>& id_number) {
  const bool has_phone = phone && !phone->empty();
  const bool has_id = id_number && !id_number->empty();
  if (!has_phone && !has_id) {
    return errors::Invalid(json::object{{"phone", "give phone or id_number"},
                                        {"id_number", "give phone or id_number"}});
  }
  PEONY_TRY(auto catalog, catalog_.Snapshot());
  const schema::EntityDef* customer = catalog->Find("customer");
  if (!customer) return json::array();
  std::vector<std::pair<std::string, std::string>> keys;  // (field, normalised value)
  json::object bad;
  for (const auto& [name, given, present] :
       {std::tuple{"phone", phone, has_phone}, std::tuple{"id_number", id_number, has_id}}) {
    if (!present) continue;
    auto v = Normalised(*customer, name, *given);
    if (!v.ok()) {
      for (const auto& kv : v.error().details.at("fields").as_object()) bad[kv.key()] = kv.value();
      continue;
    }
    keys.emplace_back(name, std::move(*v));
  }
  if (!bad.empty()) return errors::Invalid(std::move(bad));

  json::array out;
  std::set<int64_t> seen;
  for (const auto& [field, value] : keys) {
    records::ListQuery q;
    q.filter = json::value(Leaf(field, "eq", json::value(value)));
    q.limit = 20;
    PEONY_TRY(auto items, ListOrEmpty(records_, who, "customer", q));
    for (const auto& item : items) {
      const json::object& r = item.as_object();
      const int64_t id = r.at("id").as_int64();
      if (!seen.insert(id).second) continue;
      const json::value* name = r.if_contains("name");
      const json::value* ph = r.if_contains("phone");
      out.push_back(json::object{{"id", id},
                                 {"name", name ? *name : json::value(nullptr)},
                                 {"phone", ph ? *ph : json::value(nullptr)},
                                 {"match", field}});
    }
  }
  return out;
}

Result<json::object> Customers::RelationshipsOf(const records::Caller& who, int64_t id,
                                                const json::object& customer) {
  PEONY_TRY(auto catalog, catalog_.Snapshot());
  const schema::EntityDef* ce = catalog->Find("customer");
  const schema::FieldDef* referrer_field = ce ? ActiveField(*ce, "referrer") : nullptr;
  const bool has_referrer = referrer_field && internal::Targets(*referrer_field, "customer");

  std::set<int64_t> wanted;
  const std::optional<int64_t> referrer = has_referrer ? IntOf(customer, "referrer") : std::nullopt;
  if (referrer) wanted.insert(*referrer);

  // customer_relation in both directions: she is `customer` or `related`.
  json::array relations;
  if (const schema::EntityDef* re = catalog->Find("customer_relation");
      re && ActiveField(*re, "customer") && ActiveField(*re, "related")) {
    records::ListQuery q;
    q.filter = json::value(
        json::object{{"or", json::array{Leaf("customer", "eq", id), Leaf("related", "eq", id)}}});
    q.limit = kMaxRelations;
    PEONY_TRY(relations, ListOrEmpty(records_, who, "customer_relation", q));
    for (const auto& r : relations) {
      const auto mine = IntOf(r.as_object(), "customer");
      const auto other = mine == id ? IntOf(r.as_object(), "related") : mine;
      if (other) wanted.insert(*other);
    }
  }

  json::array referred;
  if (has_referrer) {
    records::ListQuery q;
    q.filter = json::value(Leaf("referrer", "eq", id));
    q.limit = kMaxRelations;
    PEONY_TRY(auto items, ListOrEmpty(records_, who, "customer", q));
    for (const auto& r : items) {
      referred.push_back(json::object{
          {"id", r.at("id")},
          {"name", r.as_object().contains("name") ? r.at("name") : json::value(nullptr)}});
    }
  }

  // The names of the customers she is linked to, as far as the caller may read them.
  std::map<int64_t, std::string> names;
  if (!wanted.empty()) {
    json::array ids;
    for (int64_t w : wanted) ids.push_back(w);
    records::ListQuery q;
    q.filter = json::value(Leaf("id", "in", std::move(ids)));
    q.limit = static_cast<int>(std::min<size_t>(500, wanted.size()));
    PEONY_TRY(auto items, ListOrEmpty(records_, who, "customer", q));
    for (const auto& r : items) {
      const auto name = internal::TextOf(r.as_object(), "name");
      names[r.at("id").as_int64()] = name.value_or("");
    }
  }

  json::array linked;
  for (const auto& r : relations) {
    const json::object& o = r.as_object();
    const auto mine = IntOf(o, "customer");
    const auto other = mine == id ? IntOf(o, "related") : mine;
    if (!other || !names.contains(*other)) continue;
    linked.push_back(json::object{{"id", o.at("id")},
                                  {"kind", o.contains("kind") ? o.at("kind") : nullptr},
                                  {"note", o.contains("note") ? o.at("note") : nullptr},
                                  {"customer", Person(*other, names)}});
  }
  return json::object{
      {"referrer", referrer && names.contains(*referrer) ? json::value(Person(*referrer, names))
                                                         : json::value(nullptr)},
      {"referred", std::move(referred)},
      {"relations", std::move(linked)}};
}

Result<json::object> Customers::Relationships(const records::Caller& who, int64_t id) {
  PEONY_TRY(auto customer, VisibleCustomer(who, id));
  return RelationshipsOf(who, id, customer);
}

Result<json::object> Customers::Summary(const records::Caller& who, int64_t id) {
  PEONY_TRY(auto customer, VisibleCustomer(who, id, true));
  PEONY_TRY(auto value, ValueOf(who.principal.org_id, id));
  json::array cards;
  if (who.principal.Has("data.card.read")) {
    auto listed = cards_.ListForCustomer(who, id);
    if (!listed.ok() && listed.error().code != "card.customer_not_found") {
      return std::move(listed).error();
    }
    if (listed.ok()) cards = std::move(*listed);
  }
  PEONY_TRY(auto catalog, catalog_.Snapshot());

  json::array treatments;
  if (const schema::EntityDef* te = catalog->Find("treatment");
      te && ActiveField(*te, "customer")) {
    records::ListQuery q;
    q.filter = json::value(Leaf("customer", "eq", id));
    q.sort = {{ActiveField(*te, "treated_at") ? "treated_at" : "created_at", true}};
    q.limit = kLatestTreatments;
    PEONY_TRY(treatments, ListOrEmpty(records_, who, "treatment", q));
  }

  json::array follow_ups;
  if (const schema::EntityDef* fe = catalog->Find("follow_up");
      fe && ActiveField(*fe, "customer")) {
    records::ListQuery q;
    json::array all{Leaf("customer", "eq", id)};
    if (ActiveField(*fe, "status", "select")) {
      // Open: not done yet (pending, unreachable, or no status).
      all.push_back(json::object{
          {"or", json::array{Leaf("status", "in", json::array{"pending", "unreachable"}),
                             json::object{{"field", "status"}, {"op", "is_empty"}}}}});
    }
    q.filter = json::value(json::object{{"and", std::move(all)}});
    if (ActiveField(*fe, "due_on")) q.sort = {{"due_on", false}};
    q.limit = kMaxFollowUps;
    PEONY_TRY(follow_ups, ListOrEmpty(records_, who, "follow_up", q));
  }

  PEONY_TRY(auto relationships, RelationshipsOf(who, id, customer));
  return json::object{
      {"customer", std::move(customer)},     {"value", std::move(value)},
      {"cards", std::move(cards)},           {"treatments", std::move(treatments)},
      {"follow_ups", std::move(follow_ups)}, {"relationships", std::move(relationships)}};
}

}  // namespace peony::domain::customers
