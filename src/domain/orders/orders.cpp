// The orders service: the transaction and idempotency frame, visibility, loading an order (and
// taking over orders written as bare records), creating orders, reading and listing them.
// Payments and refunds of existing orders are in payments.cpp.
#include "domain/orders/orders.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "domain/cards/errors.h"
#include "domain/orders/arithmetic.h"
#include "domain/orders/errors.h"
#include "domain/orders/store.h"
#include "platform/access/audit.h"

namespace peony::domain::orders {
namespace {

namespace json = boost::json;

// Records-engine misses (not found, outside the scope, no read permission, no such entity) are
// all "not found" to the caller.
bool IsMiss(const Error& e) {
  return e.code == "record.not_found" || e.code == "record.forbidden" ||
         e.code == "schema.entity_not_found";
}

std::optional<int64_t> IntField(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v && v->is_int64()) return v->as_int64();
  return std::nullopt;
}
std::string TextField(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}
UtcMillis TimeField(const json::object& o, std::string_view key) {
  return ParseRfc3339(TextField(o, key)).value_or(0);
}

// The entity a line's item is a record of.
std::string ItemEntity(LineKind k) {
  switch (k) {
    case LineKind::kService:
      return "service";
    case LineKind::kProduct:
      return "product";
    case LineKind::kCard:
    case LineKind::kPackage:
      return "card_product";
  }
  return "service";
}

// What a card line issues, from its card product. Error: order.unknown_item when the product
// cannot make a card.
Result<cards::IssueInput> CardFromProduct(const json::object& product, int64_t product_id,
                                          int64_t customer_id, const LocalDate& today,
                                          const std::string& field) {
  const auto kind = cards::ParseKind(TextField(product, "kind"));
  if (!kind) return errors::UnknownItem(field, "the card product has no kind");
  cards::IssueInput in;
  in.customer_id = customer_id;
  in.kind = *kind;
  in.card_product_id = product_id;
  const auto service = IntField(product, "service");
  const auto sessions = IntField(product, "sessions");
  if (*kind == cards::Kind::kCount || *kind == cards::Kind::kPackage) {
    if (!service || !sessions) {
      return errors::UnknownItem(field, "the card product names no service and sessions");
    }
    in.items.push_back({*service, *sessions});
  } else if (*kind == cards::Kind::kTime) {
    if (!service) return errors::UnknownItem(field, "the card product names no service");
    in.items.push_back({*service, std::nullopt});
  } else {
    in.balance_fen =
        IntField(product, "face_value").value_or(IntField(product, "price").value_or(0));
    in.gift_balance_fen = IntField(product, "gift_value").value_or(0);
  }
  const auto days = IntField(product, "valid_days");
  if (days) in.valid_until = AddDays(today, *days);
  if (*kind == cards::Kind::kTime && !days) in.valid_until = AddDays(today, 365);
  return in;
}

}  // namespace

Result<cards::Answer> Orders::Run(const records::Caller& who, std::string_view route,
                                  const cards::Idempotency& idem, int status, const Body& fn) {
  const int64_t org_id = who.principal.org_id;
  if (!idem.key.empty()) PEONY_CHECK(cards::CheckIdempotencyKey(idem.key));
  std::optional<cards::Answer> out;
  PEONY_CHECK(db_.WriteTx([&](storage::Conn& c) -> Status {
    out.reset();
    if (!idem.key.empty()) {
      PEONY_TRY(auto stored, cards::ClaimKey(c, org_id, route, idem, clock_.Now()));
      if (stored) {
        boost::system::error_code ec;
        json::value body = json::parse(stored->body, ec);
        if (ec) return InternalError("stored idempotent answer is not JSON");
        out = cards::Answer{stored->status, std::move(body), true};
        return Ok();
      }
    }
    PEONY_TRY(auto body, fn(c));
    if (!idem.key.empty()) {
      PEONY_CHECK(cards::SaveAnswer(c, org_id, route, idem.key, status, json::serialize(body)));
    }
    out = cards::Answer{status, std::move(body), false};
    return Ok();
  }));
  return std::move(*out);
}

Result<json::object> Orders::Visible(const records::Caller& who, const std::string& entity,
                                     int64_t id, Error miss) {
  const access::Principal reader = internal::ReaderOf(who.principal, entity);
  auto r = records_.Get(records::Caller{reader, who.ip}, entity, id);
  if (!r.ok()) return IsMiss(r.error()) ? std::move(miss) : std::move(r).error();
  return std::move(*r);
}

Result<json::object> Orders::Known(storage::Conn& c, const std::string& entity,
                                   json::object fields) {
  PEONY_TRY(auto catalog, catalog_.Snapshot(c));
  const schema::EntityDef* e = catalog->Find(entity);
  if (!e) return InternalError("entity " + entity + " is missing");
  json::object out;
  for (auto& kv : fields) {
    const std::string_view key = kv.key();
    const bool system = key == "branch_id" || key == "owner_id";
    const schema::FieldDef* f = system ? nullptr : e->FindField(key);
    if (system || (f && !f->retired)) out[key] = std::move(kv.value());
  }
  return out;
}

Result<Order> Orders::Load(storage::Conn& c, int64_t org_id, int64_t order_id, bool lock,
                           bool adopt) {
  PEONY_TRY(auto record, records_.ReadInTx(c, org_id, "order", order_id));
  if (!record) return errors::NotFound();
  PEONY_TRY(auto loaded, internal::LoadOrder(c, org_id, order_id, lock));
  Order o;
  if (loaded) {
    o = std::move(*loaded);
  } else {
    // An order written as a bare record (the demo clinic, an import): its amounts come from the
    // record and its payment records; paying or refunding it takes it over.
    o.id = order_id;
    o.org_id = org_id;
    o.customer_id = IntField(*record, "customer").value_or(0);
    o.branch_id = IntField(*record, "branch_id");
    o.total_fen = std::max<int64_t>(0, IntField(*record, "total").value_or(0));
    o.ordered_at = TimeField(*record, "ordered_at");
    if (o.ordered_at == 0) o.ordered_at = TimeField(*record, "created_at");
    const json::value filter{{"field", "order_ref"}, {"op", "eq"}, {"value", order_id}};
    PEONY_TRY(auto ids, records_.SelectIdsInTx(c, org_id, "payment", &filter, 500));
    for (int64_t id : ids) {
      PEONY_TRY(auto p, records_.ReadInTx(c, org_id, "payment", id));
      if (!p) continue;
      Payment pay;
      pay.id = id;
      pay.kind = TextField(*p, "kind") == "refund" ? "refund" : "payment";
      pay.method = TextField(*p, "method");
      pay.amount_fen = IntField(*p, "amount").value_or(0);
      pay.paid_at = TimeField(*p, "paid_at");
      if (pay.amount_fen <= 0) continue;
      (pay.kind == "refund" ? o.refunded_fen : o.paid_fen) += pay.amount_fen;
      o.payments.push_back(std::move(pay));
    }
    o.paid_fen = std::min(o.paid_fen, o.total_fen);
    o.refunded_fen = std::min(o.refunded_fen, o.paid_fen);
    if (adopt) {
      PEONY_CHECK(internal::InsertOrder(c, o, clock_.Now()));
      for (const auto& p : o.payments) {
        PEONY_CHECK(internal::InsertPayment(c, org_id, o.id, p, std::nullopt));
      }
    }
  }
  o.order_no = TextField(*record, "order_no");
  o.contract_no = TextField(*record, "contract_no");
  o.note = TextField(*record, "note");
  o.consultant_id = IntField(*record, "consultant");
  o.status = o.ComputedStatus();
  return o;
}

Status Orders::Audit(storage::Conn& c, const records::Caller& who, std::string action,
                     int64_t order_id, json::object detail) {
  const auto& p = who.principal;
  return access::AppendAudit(
      c, clock_,
      access::AuditEvent{p.org_id, p.user_id > 0 ? std::optional<int64_t>(p.user_id) : std::nullopt,
                         p.username, std::move(action), "order", std::to_string(order_id), who.ip,
                         std::move(detail)});
}

Status Orders::MirrorRecord(storage::Conn& c, const records::Caller& who, const Order& order) {
  PEONY_TRY(auto patch, Known(c, "order",
                              json::object{{"paid", order.paid_fen},
                                           {"arrears", order.ArrearsFen()},
                                           {"refunded", order.refunded_fen},
                                           {"status", order.status}}));
  const access::Principal acting = internal::Acting(who.principal);
  return StatusOf(
      records_.UpdateInTx(c, records::Caller{acting, who.ip}, "order", order.id, patch, 0));
}

Result<cards::Answer> Orders::Create(const records::Caller& who, const CreateInput& in,
                                     const cards::Idempotency& idem) {
  const access::Principal& p = who.principal;
  PEONY_TRY(auto customer, Visible(who, "customer", in.customer_id, errors::CustomerNotFound()));
  // The branch: given (within the caller's scope), else the customer's, else the caller's.
  std::optional<int64_t> branch = in.branch_id;
  if (!branch) branch = IntField(customer, "branch_id");
  if (!branch) branch = p.branch_id;
  if (in.branch_id && p.ScopeFor("order.create") != access::Scope::kAll &&
      in.branch_id != p.branch_id) {
    return errors::Invalid("branch_id", "outside your branch");
  }
  return Run(who, "orders.create", idem, 201, [&](storage::Conn& c) -> Result<json::value> {
    const int64_t org_id = p.org_id;
    PEONY_CHECK(internal::LockCards(c, org_id, PayingCards(in.payments)));
    const UtcMillis now = clock_.Now();
    PEONY_TRY(auto zone, internal::ZoneOf(c, org_id));
    if (in.branch_id) {
      PEONY_TRY(auto rows, c.Query("SELECT 1 FROM branches WHERE id = ? AND org_id = ?",
                                   {*in.branch_id, org_id}));
      if (rows.empty()) return errors::Invalid("branch_id", "no such branch");
    }
    if (in.consultant_id) {
      PEONY_TRY(auto ok, internal::IsUser(c, org_id, *in.consultant_id));
      if (!ok) return errors::Invalid("consultant_id", "no such user");
    }
    Order order;
    order.org_id = org_id;
    order.customer_id = in.customer_id;
    order.branch_id = branch;
    order.consultant_id = in.consultant_id;
    order.contract_no = in.contract_no;
    order.note = in.note;
    order.discount_fen = in.discount_fen;
    if (in.coupon) {
      order.coupon_code = in.coupon->code;
      order.coupon_fen = in.coupon->amount_fen;
    }
    order.ordered_at = now;

    // The items, their prices and the staff credited.
    std::vector<json::object> products;  // card lines: the card product
    std::vector<LinePrice> prices;
    for (size_t i = 0; i < in.lines.size(); ++i) {
      const LineInput& li = in.lines[i];
      const std::string at = "lines[" + std::to_string(i) + "]";
      PEONY_TRY(auto item, records_.ReadInTx(c, org_id, ItemEntity(li.kind), li.item_id));
      if (!item) return errors::UnknownItem(at + ".item_id", "no such " + ItemEntity(li.kind));
      if (const json::value* a = item->if_contains("active"); a && a->is_bool() && !a->as_bool()) {
        return errors::UnknownItem(at + ".item_id", "not on sale");
      }
      OrderLine line;
      line.kind = li.kind;
      line.item_id = li.item_id;
      line.name = TextField(*item, "name");
      line.category = TextField(
          *item,
          li.kind == LineKind::kService || li.kind == LineKind::kProduct ? "category" : "kind");
      if (li.kind == LineKind::kPackage && line.category != "package") {
        return errors::UnknownItem(at + ".item_id", "not a package card product");
      }
      if (li.kind == LineKind::kCard && line.category == "package") {
        return errors::UnknownItem(at + ".item_id", "a package: sell it as kind package");
      }
      const auto price = li.unit_price_fen ? li.unit_price_fen : IntField(*item, "price");
      if (!price) return errors::Invalid(at + ".unit_price_fen", "the item has no price: give one");
      line.quantity = li.quantity;
      line.unit_price_fen = *price;
      line.discount_fen = li.discount_fen;
      for (size_t k = 0; k < li.staff.size(); ++k) {
        PEONY_TRY(auto ok, internal::IsUser(c, org_id, li.staff[k].user_id));
        if (!ok) {
          return errors::Invalid(at + ".staff[" + std::to_string(k) + "].user_id", "no such user");
        }
        line.staff.push_back({li.staff[k].user_id, li.staff[k].share_pct, 0});
      }
      prices.push_back({line.quantity, line.unit_price_fen, line.discount_fen});
      order.lines.push_back(std::move(line));
      products.push_back(li.kind == LineKind::kCard || li.kind == LineKind::kPackage
                             ? std::move(*item)
                             : json::object());
    }
    const int64_t reductions = order.discount_fen + order.coupon_fen;
    PEONY_TRY(auto priced, PriceOrder(prices, reductions,
                                      order.coupon_fen > 0 ? "coupon.amount_fen" : "discount_fen"));
    order.total_fen = priced.total_fen;
    for (size_t i = 0; i < order.lines.size(); ++i) {
      OrderLine& line = order.lines[i];
      line.amount_fen = priced.amounts[i];
      line.net_fen = priced.nets[i];
      std::vector<int64_t> shares;
      for (const auto& s : line.staff) shares.push_back(s.share_pct);
      const auto parts = Allocate(line.net_fen, shares);
      for (size_t k = 0; k < line.staff.size(); ++k) line.staff[k].amount_fen = parts[k];
    }
    int64_t paying = 0;
    for (const auto& pay : in.payments) paying += pay.amount_fen;
    if (paying > order.total_fen) return errors::PaymentsExceedTotal(order.total_fen, paying);

    // The order record, then the account rows, payments and cards.
    json::object record{{"customer", order.customer_id},
                        {"total", order.total_fen},
                        {"paid", paying},
                        {"arrears", order.total_fen - paying},
                        {"discount", order.discount_fen + order.coupon_fen},
                        {"refunded", 0},
                        {"ordered_at", FormatRfc3339(now)}};
    if (order.branch_id) record["branch_id"] = *order.branch_id;
    if (order.consultant_id) record["consultant"] = *order.consultant_id;
    if (!order.contract_no.empty()) record["contract_no"] = order.contract_no;
    if (!order.note.empty()) record["note"] = order.note;
    order.paid_fen = paying;
    record["status"] = order.ComputedStatus();
    PEONY_TRY(record, Known(c, "order", std::move(record)));
    const access::Principal acting = internal::Acting(p);
    PEONY_TRY(auto created,
              records_.CreateInTx(c, records::Caller{acting, who.ip}, "order", record, 0));
    order.id = created.at("id").as_int64();
    order.order_no = TextField(created, "order_no");
    order.paid_fen = 0;  // AddPayments counts it again
    const LocalDate today = zone.DateOf(now);
    for (size_t i = 0; i < order.lines.size(); ++i) {
      OrderLine& line = order.lines[i];
      if (line.kind != LineKind::kCard && line.kind != LineKind::kPackage) continue;
      PEONY_TRY(auto issue, CardFromProduct(products[i], line.item_id, order.customer_id, today,
                                            "lines[" + std::to_string(i) + "].item_id"));
      issue.note = "订单 " + order.order_no;
      PEONY_TRY(auto issued, cards_.IssueInTx(c, who, issue));
      line.card_id = issued.card.id;
    }
    PEONY_CHECK(internal::InsertOrder(c, order, now));
    PEONY_CHECK(AddPayments(c, who, order, in.payments, idem.key));
    if (order.paid_fen > 0) PEONY_CHECK(internal::SaveAmounts(c, order, now));
    order.status = order.ComputedStatus();
    PEONY_CHECK(Audit(c, who, "order.create", order.id,
                      {{"total_fen", order.total_fen},
                       {"paid_fen", order.paid_fen},
                       {"lines", static_cast<int64_t>(order.lines.size())}}));
    return json::value(OrderJson(order));
  });
}

Result<json::object> Orders::Get(const records::Caller& who, int64_t order_id) {
  PEONY_TRY(auto record, Visible(who, "order", order_id, errors::NotFound()));
  (void)record;
  const int64_t org_id = who.principal.org_id;
  return db_.Read([&](storage::Conn& c) -> Result<json::object> {
    PEONY_TRY(auto order, Load(c, org_id, order_id, false, false));
    return OrderJson(order);
  });
}

Result<json::object> Orders::List(const records::Caller& who, const ListQuery& q) {
  const int64_t org_id = who.principal.org_id;
  records::ListQuery lq;
  lq.limit = q.limit;
  lq.cursor = q.cursor;
  lq.sort = {{"ordered_at", true}};
  json::array conds;
  if (q.customer_id) {
    conds.push_back(json::object{{"field", "customer"}, {"op", "eq"}, {"value", *q.customer_id}});
  }
  if (q.from || q.to) {
    PEONY_TRY(auto zone, db_.Read([&](storage::Conn& c) { return internal::ZoneOf(c, org_id); }));
    if (q.from) {
      conds.push_back(json::object{{"field", "ordered_at"},
                                   {"op", "gte"},
                                   {"value", FormatRfc3339(zone.StartOfDay(*q.from))}});
    }
    if (q.to) {
      conds.push_back(json::object{{"field", "ordered_at"},
                                   {"op", "lt"},
                                   {"value", FormatRfc3339(zone.StartOfDay(AddDays(*q.to, 1)))}});
    }
  }
  if (!conds.empty()) lq.filter = json::object{{"and", std::move(conds)}};
  const access::Principal reader = internal::ReaderOf(who.principal, "order");
  auto page = records_.List(records::Caller{reader, who.ip}, "order", lq);
  if (!page.ok()) {
    if (IsMiss(page.error()))
      return json::object{{"items", json::array()}, {"next_cursor", nullptr}};
    return std::move(page).error();
  }
  PEONY_TRY(auto items, db_.Read([&](storage::Conn& c) -> Result<json::array> {
    json::array out;
    for (const auto& rec : page->items) {
      const auto id = IntField(rec.as_object(), "id");
      if (!id) continue;
      auto order = Load(c, org_id, *id, false, false);
      if (!order.ok()) {
        if (order.error().code == "order.not_found") continue;  // deleted since the list
        return std::move(order).error();
      }
      out.push_back(OrderJson(*order));
    }
    return out;
  }));
  return json::object{
      {"items", std::move(items)},
      {"next_cursor", page->next_cursor ? json::value(*page->next_cursor) : json::value(nullptr)}};
}

}  // namespace peony::domain::orders
