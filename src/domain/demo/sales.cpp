// Orders, payments and cards of the demo customers. Amounts are in fen; discounts round down to
// the yuan as a cashier would; mixed payments split at round amounts.
#include <algorithm>

#include "domain/demo/journey.h"

namespace peony::domain::demo::internal {
namespace {

constexpr int64_t kYuan = 100;

std::string Compact(const LocalDate& d) { return Padded(d.y, 4) + Padded(d.m, 2) + Padded(d.d, 2); }

std::string_view CardMethod(Random& r) {
  static constexpr std::string_view kMethods[] = {"wechat", "alipay", "bank_card", "cash"};
  return kMethods[r.Weighted({40, 25, 22, 13})];
}

Status WritePayment(Ctx& x, Journey& j, int64_t order_id, std::string_view method, int64_t fen,
                    UtcMillis at, std::string_view kind) {
  const int64_t cashier = x.clinic.StaffAt(x.r, "front_desk", j.branch);
  boost::json::object o{{"order_ref", order_id},
                        {"customer", j.customer_id},
                        {"method", method},
                        {"amount", fen},
                        {"paid_at", x.w.Instant(at)},
                        {"kind", kind},
                        {"branch_id", x.clinic.branches[j.branch]}};
  if (cashier != 0) o["owner_id"] = cashier;
  return StatusOf(x.w.Create(x.c, "payment", o));
}

// Pays `fen`: stored value first when a card holds some, the rest by one or two other methods.
Status Pay(Ctx& x, Journey& j, int64_t order_id, int64_t fen, UtcMillis at, bool stored_value_ok) {
  const LocalDate day = DayOf(x.clinic, at);
  if (stored_value_ok) {
    for (auto& card : j.cards) {
      if (fen == 0) break;
      if (CardProducts()[static_cast<size_t>(card.product)].kind != "stored_value") continue;
      if (card.balance_fen <= 0 || card.valid_until < day || !x.r.Percent(90)) continue;
      const int64_t use = std::min(card.balance_fen, fen);
      if (x.clinic.cards) {
        cards::DeductInput d;
        d.amount_fen = use;
        d.customer_id = j.customer_id;
        x.clinic.card_clock->Set(at);
        PEONY_CHECK(x.clinic.cards->DeductInTx(x.c, x.w.who(), card.id, d));
      }
      PEONY_CHECK(WritePayment(x, j, order_id, "stored_value", use, at, "payment"));
      card.balance_fen -= use;
      fen -= use;
    }
  }
  if (fen == 0) return Ok();
  const std::string_view first = CardMethod(x.r);
  if (fen >= 1000 * kYuan && x.r.Percent(25)) {
    // A mixed payment: part by one method, the rest by another (often cash for the change).
    const int64_t part = fen * x.r.Between(2, 8) / 10 / (100 * kYuan) * (100 * kYuan);
    std::string_view second = CardMethod(x.r);
    if (second == first) second = first == "cash" ? "wechat" : "cash";
    if (part > 0 && part < fen) {
      PEONY_CHECK(WritePayment(x, j, order_id, first, part, at, "payment"));
      return WritePayment(x, j, order_id, second, fen - part, at, "payment");
    }
  }
  return WritePayment(x, j, order_id, first, fen, at, "payment");
}

std::string CardNote(const CardItem& k) {
  if (k.kind == "count") return "共 " + std::to_string(k.sessions) + " 次";
  if (k.kind == "package")
    return std::string(k.name) + "，共 " + std::to_string(k.sessions) + " 次";
  if (k.kind == "time") return "有效期内不限次数";
  return "面值 " + std::to_string(k.face_fen / kYuan) + " 元，赠送 " +
         std::to_string(k.gift_fen / kYuan) + " 元";
}

// Issues the card through the cards service, as of `at`: its record, balances and ledger.
Result<int64_t> IssueThroughCards(Ctx& x, Journey& j, const CardItem& k, int product,
                                  const LocalDate& valid_until, UtcMillis at) {
  cards::IssueInput in;
  in.customer_id = j.customer_id;
  in.kind = cards::ParseKind(k.kind).value_or(cards::Kind::kCount);
  const auto service = [&](int index) { return x.clinic.service_ids[static_cast<size_t>(index)]; };
  if (k.kind == "count" || k.kind == "package")
    in.items.push_back({service(k.service), k.sessions});
  if (k.second_service >= 0) in.items.push_back({service(k.second_service), k.sessions});
  if (k.kind == "time") in.items.push_back({service(k.service), std::nullopt});
  in.balance_fen = k.face_fen;
  in.gift_balance_fen = k.gift_fen;
  in.valid_until = valid_until;
  in.card_product_id = x.clinic.card_product_ids[static_cast<size_t>(product)];
  in.note = CardNote(k);
  x.clinic.card_clock->Set(at);
  PEONY_TRY(auto issued, x.clinic.cards->IssueInTx(x.c, x.w.who(), in));
  return issued.card.id;
}

}  // namespace

Result<int64_t> WriteOrder(Ctx& x, Journey& j, UtcMillis at, const std::vector<Line>& lines,
                           int discount_percent, bool refund) {
  int64_t list = 0;
  std::string note;
  bool buys_stored_value = false;
  for (const auto& l : lines) {
    list += l.fen;
    if (!note.empty()) note += "；";
    note += l.label + " ×1";
    if (l.label.starts_with("储值卡")) buys_stored_value = true;
  }
  const int64_t total = list * (100 - discount_percent) / 100 / kYuan * kYuan;
  if (discount_percent > 0) {
    note += "；会员 " + std::to_string(100 - discount_percent) + " 折";
  }
  int64_t paid = total;
  if (!refund && total >= 3000 * kYuan && x.r.Percent(8)) {
    paid = total * x.r.Between(5, 8) / 10 / (100 * kYuan) * (100 * kYuan);
  }
  const LocalDate day = DayOf(x.clinic, at);
  boost::json::object o{{"customer", j.customer_id},
                        {"total", total},
                        {"paid", paid},
                        {"arrears", total - paid},
                        {"status", refund ? "refunded" : (paid < total ? "partial" : "paid")},
                        {"ordered_at", x.w.Instant(at)},
                        {"note", refund ? note + "；客户取消，已全额退款" : note},
                        {"branch_id", x.clinic.branches[j.branch]}};
  if (j.consultant != 0) {
    o["consultant"] = j.consultant;
    o["owner_id"] = j.consultant;
  }
  if (total >= 5000 * kYuan)
    o["contract_no"] = "HT" + Compact(day) + Padded(x.r.Between(1, 999), 3);
  PEONY_TRY(auto id, x.w.Create(x.c, "order", o));
  PEONY_CHECK(Pay(x, j, id, paid, at, !buys_stored_value));
  if (refund) {
    const UtcMillis back = std::min(at + x.r.Between(1, 3) * 86'400'000, x.clinic.now);
    PEONY_CHECK(WritePayment(x, j, id, CardMethod(x.r), total, back, "refund"));
    return id;
  }
  j.spend_fen += paid;
  if (paid < total) j.arrears = Journey::Arrears{id, total, paid};
  return id;
}

Status SettleArrears(Ctx& x, Journey& j, UtcMillis at) {
  if (!j.arrears) return Ok();
  const auto a = *j.arrears;
  j.arrears.reset();
  PEONY_CHECK(
      WritePayment(x, j, a.order_id, CardMethod(x.r), a.total_fen - a.paid_fen, at, "payment"));
  PEONY_CHECK(x.w.Update(x.c, "order", a.order_id,
                         {{"paid", a.total_fen}, {"arrears", 0}, {"status", "paid"}}));
  j.spend_fen += a.total_fen - a.paid_fen;
  return Ok();
}

Result<size_t> IssueCard(Ctx& x, Journey& j, int product, UtcMillis at) {
  const CardItem& k = CardProducts()[static_cast<size_t>(product)];
  HeldCard card;
  card.product = product;
  card.service = k.service;
  card.sessions_left = k.sessions;
  card.balance_fen = k.face_fen + k.gift_fen;
  card.valid_until = AddDays(DayOf(x.clinic, at), k.valid_days);
  if (x.clinic.cards) {
    PEONY_TRY(card.id, IssueThroughCards(x, j, k, product, card.valid_until, at));
    x.w.Counted("card");
    j.cards.push_back(std::move(card));
    return j.cards.size() - 1;
  }
  boost::json::object o{{"customer", j.customer_id},
                        {"card_product", x.clinic.card_product_ids[static_cast<size_t>(product)]},
                        {"kind", k.kind},
                        {"status", "active"},
                        {"valid_until", FormatDate(card.valid_until)},
                        {"note", CardNote(k)},
                        {"branch_id", x.clinic.branches[j.branch]}};
  if (j.consultant != 0) o["owner_id"] = j.consultant;
  PEONY_TRY(card.id, x.w.Create(x.c, "card", o));
  j.cards.push_back(std::move(card));
  return j.cards.size() - 1;
}

Status CloseCards(Ctx& x, Journey& j) {
  // The cards service keeps the record's status itself (used up; expiry is read, not written).
  if (x.clinic.cards) return Ok();
  for (auto& card : j.cards) {
    const std::string_view kind = CardProducts()[static_cast<size_t>(card.product)].kind;
    std::string status = "active";
    if ((kind == "count" || kind == "package") && card.sessions_left <= 0) status = "used_up";
    if (kind == "stored_value" && card.balance_fen <= 0) status = "used_up";
    if (status == "active" && card.valid_until < x.clinic.today) status = "expired";
    if (status == card.status) continue;
    card.status = status;
    PEONY_CHECK(x.w.Update(x.c, "card", card.id, {{"status", status}}));
  }
  return Ok();
}

}  // namespace peony::domain::demo::internal
