// A customer's photos paired per treatment (treatments.h Photos). Read through the records
// engine as the caller (narrowed to data.<entity>.read in the caller's scope), so the photos
// listed are the ones the caller may download, and hidden fields stay hidden.
#include <algorithm>
#include <map>

#include "domain/treatments/errors.h"
#include "domain/treatments/internal.h"
#include "domain/treatments/treatments.h"

namespace peony::domain::treatments {
namespace {

namespace json = boost::json;

constexpr int kMaxListed = 500;  // per entity: the newest treatments and diagnoses

// The blob ids of an attachment field's value [{"id",…},…].
json::array BlobIds(const json::object& rec, std::string_view field) {
  json::array out;
  const auto* v = rec.if_contains(field);
  if (!v || !v->is_array()) return out;
  for (const auto& ref : v->as_array()) {
    const auto* id = ref.is_object() ? ref.as_object().if_contains("id") : nullptr;
    if (id && id->is_string()) out.push_back(*id);
  }
  return out;
}

struct Item {
  UtcMillis at = 0;
  int64_t id = 0;
  json::object body;
};

UtcMillis TimeOf(const json::object& rec, std::string_view field) {
  for (std::string_view key : {field, std::string_view("created_at")}) {
    const auto* v = rec.if_contains(key);
    if (v && v->is_string()) {
      if (auto t = ParseRfc3339(v->as_string())) return *t;
    }
  }
  return 0;
}

}  // namespace

Result<json::array> Treatments::Photos(const records::Caller& who, int64_t customer_id) {
  const access::Principal& p = who.principal;
  {
    const auto reader =
        internal::Narrowed(p, "data.customer.read", p.ScopeFor("data.customer.read"));
    auto r = records_.Get(records::Caller{reader, who.ip}, "customer", customer_id);
    if (!r.ok()) {
      return internal::IsMiss(r.error()) ? errors::CustomerNotFound() : std::move(r).error();
    }
  }
  std::vector<Item> items;
  std::map<int64_t, std::string> services;  // service id → name
  for (const bool treatment : {true, false}) {
    const std::string entity = treatment ? "treatment" : "diagnosis";
    const std::string date_field = treatment ? "treated_at" : "at";
    const std::string perm = "data." + entity + ".read";
    const access::Scope scope = p.ScopeFor(perm);
    if (scope == access::Scope::kNone) continue;
    const auto reader = internal::Narrowed(p, perm, scope);
    records::ListQuery q;
    q.filter = json::object{{"field", "customer"}, {"op", "eq"}, {"value", customer_id}};
    q.sort = {{date_field, true}};
    q.limit = kMaxListed;
    auto page = records_.List(records::Caller{reader, who.ip}, entity, q);
    if (!page.ok()) {
      if (internal::IsMiss(page.error())) continue;  // a clinic without diagnoses
      return std::move(page).error();
    }
    for (const auto& v : page->items) {
      const json::object& rec = v.as_object();
      json::array before = BlobIds(rec, treatment ? "before_photos" : "photos");
      json::array after;
      if (treatment) {
        after = BlobIds(rec, "after_photos");
        for (auto& id : BlobIds(rec, "photos")) after.push_back(std::move(id));
      }
      if (before.empty() && after.empty()) continue;
      const int64_t id = rec.at("id").as_int64();
      json::object body{{"kind", entity},
                        {"treatment_id", treatment ? json::value(id) : json::value(nullptr)},
                        {"diagnosis_id", treatment ? json::value(nullptr) : json::value(id)},
                        {"service", nullptr},
                        {"service_id", nullptr},
                        {"treated_at", nullptr},
                        {"before", std::move(before)},
                        {"after", std::move(after)}};
      if (const auto* at = rec.if_contains(date_field); at && at->is_string()) {
        body["treated_at"] = *at;
      }
      if (const auto* s = rec.if_contains("service"); treatment && s && s->is_int64()) {
        body["service_id"] = *s;
        services[s->as_int64()];
      }
      items.push_back(Item{TimeOf(rec, date_field), id, std::move(body)});
    }
  }
  if (!services.empty()) {
    PEONY_CHECK(db_.ReadTx([&](storage::Conn& c) -> Status {
      for (auto& [id, name] : services) {
        PEONY_TRY(auto rec, records_.ReadInTx(c, p.org_id, "service", id));
        const auto* n = rec ? rec->if_contains("name") : nullptr;
        if (n && n->is_string()) name = std::string(n->as_string());
      }
      return Ok();
    }));
  }
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    return a.at != b.at ? a.at > b.at : a.id > b.id;
  });
  json::array out;
  for (auto& item : items) {
    if (const auto* s = item.body.if_contains("service_id"); s && s->is_int64()) {
      const std::string& name = services[s->as_int64()];
      if (!name.empty()) item.body["service"] = name;
    }
    out.push_back(std::move(item.body));
  }
  return out;
}

}  // namespace peony::domain::treatments
