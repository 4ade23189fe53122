// Lead → customer conversion (LEAD-2). The lead's stage becomes "visited" (到店): converting is
// what the front desk does when a lead walks in, and whether she buys is the next step of the
// pipeline ("won"); a lead already visited or won keeps its stage. See docs/CLINIC.md.
#include <boost/json/array.hpp>

#include "domain/customers/customers.h"
#include "domain/customers/errors.h"
#include "domain/customers/internal.h"
#include "platform/access/audit.h"
#include "platform/records/errors.h"

namespace peony::domain::customers {
namespace {

namespace json = boost::json;
using internal::ActiveField;
using internal::TextOf;

// True when `key` is one of the select field's choices.
bool IsChoice(const schema::FieldDef* f, std::string_view key) {
  if (!f) return false;
  const auto* choices = f->options.if_contains("choices");
  if (!choices || !choices->is_array()) return false;
  for (const auto& ch : choices->as_array()) {
    const auto* k = ch.is_object() ? ch.as_object().if_contains("key") : nullptr;
    if (k && k->is_string() && k->as_string() == key) return true;
  }
  return false;
}

// Lead misses (no lead, out of scope, no permission) are all "not found" to the caller.
Error LeadMiss(Error e) { return internal::IsMiss(e) ? errors::LeadNotFound() : std::move(e); }

}  // namespace

Result<json::object> Customers::ConvertLead(const records::Caller& who, int64_t lead_id) {
  if (!who.principal.Has("data.customer.create")) {
    return records::errors::Forbidden("data.customer.create");
  }
  const int64_t org_id = who.principal.org_id;
  {
    const access::Principal reader = internal::ReaderOf(who.principal, "lead");
    auto visible = records_.Get(records::Caller{reader, who.ip}, "lead", lead_id);
    if (!visible.ok()) return LeadMiss(std::move(visible).error());
  }
  int64_t customer_id = 0;
  bool created = false;
  PEONY_CHECK(db_.WriteTx([&](storage::Conn& c) -> Status {
    PEONY_TRY(auto catalog, catalog_.Snapshot(c));
    const schema::EntityDef* le = catalog->Find("lead");
    const schema::EntityDef* ce = catalog->Find("customer");
    if (!le) return errors::LeadNotFound();
    if (!ce) return records::errors::Forbidden("data.customer.create");
    // Two conversions of one lead at once: the second waits here and then sees the first.
    if (c.dialect() == storage::Dialect::kPostgres) {
      PEONY_CHECK(c.Query(
          "SELECT id FROM " + internal::Q(le->table) + " WHERE id = ? AND org_id = ? FOR UPDATE",
          {lead_id, org_id}));
    }
    PEONY_TRY(auto lead, records_.ReadInTx(c, org_id, "lead", lead_id));
    if (!lead) return errors::LeadNotFound();
    if (auto linked = internal::IntOf(*lead, "customer")) {
      PEONY_TRY(auto existing, records_.ReadInTx(c, org_id, "customer", *linked));
      if (existing) return errors::LeadAlreadyConverted(*linked);
    }

    const std::optional<std::string> phone = TextOf(*lead, "phone");
    std::vector<int64_t> found;
    if (phone && !phone->empty() && ActiveField(*ce, "phone")) {
      const json::value filter = json::object{{"field", "phone"}, {"op", "eq"}, {"value", *phone}};
      PEONY_TRY(found, records_.SelectIdsInTx(c, org_id, "customer", &filter, 1));
    }
    created = found.empty();
    if (!created) {
      customer_id = found.front();
    } else {
      json::object input{{"name", lead->contains("name") ? lead->at("name") : json::value("")}};
      if (phone && !phone->empty()) input["phone"] = *phone;
      const auto channel = TextOf(*lead, "channel");
      if (channel && IsChoice(ActiveField(*ce, "source", "select"), *channel)) {
        input["source"] = *channel;
      }
      if (auto owner = internal::IntOf(*lead, "owner"); owner && ActiveField(*ce, "consultant")) {
        input["consultant"] = *owner;
      }
      if (auto branch = internal::IntOf(*lead, "branch_id")) input["branch_id"] = *branch;
      PEONY_TRY(auto customer, records_.CreateInTx(c, who, "customer", input, 0));
      customer_id = customer.at("id").as_int64();
    }

    json::object patch{{"customer", customer_id}};
    const auto stage = TextOf(*lead, "stage");
    if (stage != "visited" && stage != "won" &&
        IsChoice(ActiveField(*le, "stage", "select"), "visited")) {
      patch["stage"] = "visited";
    }
    auto updated = records_.UpdateInTx(c, who, "lead", lead_id, patch, 0);
    if (!updated.ok()) return LeadMiss(std::move(updated).error());

    const auto& p = who.principal;
    return access::AppendAudit(
        c, clock_,
        access::AuditEvent{org_id, p.user_id > 0 ? std::optional<int64_t>(p.user_id) : std::nullopt,
                           p.username, "lead.convert", "lead", std::to_string(lead_id), who.ip,
                           json::object{{"customer_id", customer_id}, {"created", created}}});
  }));
  auto lead = records_.Get(who, "lead", lead_id);
  if (!lead.ok()) return LeadMiss(std::move(lead).error());
  return json::object{
      {"customer_id", customer_id}, {"created", created}, {"lead", std::move(*lead)}};
}

}  // namespace peony::domain::customers
