// Parsers of the cards API bodies and the rules of each kind (card.h). Every failing key is named
// in card.invalid's details.fields, so a form can mark them all at once.
#include <set>

#include "common/strings.h"
#include "domain/cards/card.h"
#include "domain/cards/errors.h"
#include "domain/common/body_reader.h"

namespace peony::domain::cards {
namespace {

namespace json = boost::json;

// Collects the failures of one body (domain/common/body_reader.h), with the cards' item lists.
class Reader : public BodyReader {
 public:
  using BodyReader::BodyReader;

  std::vector<Item> Items(std::string_view key, bool unlimited_ok) {
    std::vector<Item> out;
    const json::value* v = Get(key);
    if (!v) return out;
    if (!v->is_array()) {
      Fail(key, "must be an array");
      return out;
    }
    const auto& arr = v->as_array();
    if (arr.size() > kMaxItems) {
      Fail(key, "at most " + std::to_string(kMaxItems) + " items");
      return out;
    }
    for (size_t i = 0; i < arr.size(); ++i) {
      const std::string at = std::string(key) + "[" + std::to_string(i) + "]";
      if (!arr[i].is_object()) {
        Fail(at, "must be an object {\"service_id\",\"sessions\"}");
        continue;
      }
      const auto& io = arr[i].as_object();
      for (const auto& kv : io) {
        if (kv.key() != "service_id" && kv.key() != "sessions") {
          Fail(at + "." + std::string(kv.key()), "unknown field");
        }
      }
      Item item;
      auto sid = io.if_contains("service_id");
      if (!sid || sid->is_null()) {
        Fail(at + ".service_id", "required");
      } else if (auto n = IntOf(*sid, at + ".service_id", 1, INT64_MAX)) {
        item.service_id = *n;
      }
      auto ses = io.if_contains("sessions");
      if (!ses || ses->is_null()) {
        if (!unlimited_ok) Fail(at + ".sessions", "required");
      } else {
        item.sessions = IntOf(*ses, at + ".sessions", 1, kMaxSessions);
      }
      out.push_back(item);
    }
    return out;
  }

  Status Done() const {
    if (!failed()) return Ok();
    return errors::Invalid(fields());
  }
};

}  // namespace

Result<IssueInput> ParseIssue(const json::object& o) {
  Reader r(o);
  r.OnlyKeys({"customer_id", "kind", "items", "balance_fen", "gift_balance_fen", "valid_until",
              "spend_order", "discount_pct", "card_product_id", "note"});
  IssueInput in;
  in.customer_id = r.Int("customer_id", 1, INT64_MAX, true).value_or(0);
  if (auto k = r.Text("kind", 20)) {
    if (auto kind = ParseKind(*k)) {
      in.kind = *kind;
    } else {
      r.Fail("kind", "must be count, package, stored_value or time");
    }
  } else if (!r.Get("kind")) {
    r.Fail("kind", "required");
  }
  in.items = r.Items("items", true);
  in.balance_fen = r.Int("balance_fen", 0, kMaxFen, false).value_or(0);
  in.gift_balance_fen = r.Int("gift_balance_fen", 0, kMaxFen, false).value_or(0);
  in.valid_until = r.Date("valid_until");
  if (auto s = r.Text("spend_order", 20)) {
    if (auto so = ParseSpendOrder(*s)) {
      in.spend_order = *so;
    } else {
      r.Fail("spend_order", "must be principal_first or gift_first");
    }
  }
  in.discount_pct = static_cast<int>(r.Int("discount_pct", 1, 100, false).value_or(100));
  in.card_product_id = r.Int("card_product_id", 1, INT64_MAX, false);
  in.note = r.Text("note", kMaxNote).value_or("");
  PEONY_CHECK(r.Done());
  PEONY_CHECK(CheckIssue(in));
  return in;
}

Status CheckIssue(const IssueInput& in) {
  json::object fields;
  auto fail = [&](std::string_view key, std::string_view why) {
    if (!fields.contains(key)) fields[key] = why;
  };
  if (in.customer_id <= 0) fail("customer_id", "required");
  const bool sessions_card = in.kind != Kind::kStoredValue;
  if (in.kind == Kind::kStoredValue && !in.items.empty()) {
    fail("items", "a stored-value card holds no sessions");
  }
  if (in.kind == Kind::kCount && in.items.size() != 1) {
    fail("items", "a count card holds sessions of exactly one service");
  }
  if ((in.kind == Kind::kPackage || in.kind == Kind::kTime) && in.items.empty()) {
    fail("items", "at least one service");
  }
  if (in.kind == Kind::kTime && !in.valid_until) fail("valid_until", "a time card needs it");
  if (sessions_card && in.balance_fen != 0) fail("balance_fen", "only on stored-value cards");
  if (sessions_card && in.gift_balance_fen != 0) {
    fail("gift_balance_fen", "only on stored-value cards");
  }
  if (in.balance_fen < 0 || in.balance_fen > kMaxFen) fail("balance_fen", "out of range");
  if (in.gift_balance_fen < 0 || in.gift_balance_fen > kMaxFen) {
    fail("gift_balance_fen", "out of range");
  }
  if (in.discount_pct < 1 || in.discount_pct > 100) fail("discount_pct", "must be from 1 to 100");
  std::set<int64_t> seen;
  for (size_t i = 0; i < in.items.size(); ++i) {
    const std::string at = "items[" + std::to_string(i) + "]";
    const Item& item = in.items[i];
    if (item.service_id <= 0) fail(at + ".service_id", "required");
    if (!seen.insert(item.service_id).second) fail(at + ".service_id", "listed twice");
    if (!item.sessions && in.kind != Kind::kTime) fail(at + ".sessions", "required");
    if (item.sessions && (*item.sessions < 1 || *item.sessions > kMaxSessions)) {
      fail(at + ".sessions", "must be from 1 to " + std::to_string(kMaxSessions));
    }
  }
  if (!fields.empty()) return errors::Invalid(std::move(fields));
  return Ok();
}

Result<DeductInput> ParseDeduct(const json::object& o) {
  Reader r(o);
  r.OnlyKeys({"service_id", "sessions", "amount_fen", "customer_id", "note"});
  DeductInput in;
  in.service_id = r.Int("service_id", 1, INT64_MAX, false);
  in.amount_fen = r.Int("amount_fen", 1, kMaxFen, false);
  const bool has_sessions = r.Get("sessions") != nullptr;
  in.sessions = r.Int("sessions", 1, kMaxSessions, false).value_or(1);
  in.customer_id = r.Int("customer_id", 1, INT64_MAX, false);
  in.note = r.Text("note", kMaxNote).value_or("");
  if (r.Get("service_id") && r.Get("amount_fen")) {
    r.Fail("amount_fen", "give either service_id and sessions or amount_fen");
  } else if (!r.Get("service_id") && !r.Get("amount_fen")) {
    r.Fail("service_id", "give either service_id and sessions or amount_fen");
  } else if (r.Get("amount_fen") && has_sessions) {
    r.Fail("sessions", "only with service_id");
  }
  PEONY_CHECK(r.Done());
  return in;
}

Result<TopUpInput> ParseTopUp(const json::object& o) {
  Reader r(o);
  r.OnlyKeys({"amount_fen", "gift_fen", "items", "valid_until", "note"});
  TopUpInput in;
  in.amount_fen = r.Int("amount_fen", 0, kMaxFen, false).value_or(0);
  in.gift_fen = r.Int("gift_fen", 0, kMaxFen, false).value_or(0);
  in.items = r.Items("items", false);
  in.valid_until = r.Date("valid_until");
  in.note = r.Text("note", kMaxNote).value_or("");
  std::set<int64_t> seen;
  for (size_t i = 0; i < in.items.size(); ++i) {
    if (!seen.insert(in.items[i].service_id).second) {
      r.Fail("items[" + std::to_string(i) + "].service_id", "listed twice");
    }
  }
  if (in.amount_fen == 0 && in.gift_fen == 0 && in.items.empty() && !in.valid_until) {
    r.Fail("amount_fen", "give amount_fen, gift_fen, items or valid_until");
  }
  PEONY_CHECK(r.Done());
  return in;
}

Result<TransferInput> ParseTransfer(const json::object& o) {
  Reader r(o);
  r.OnlyKeys({"to_customer_id", "note"});
  TransferInput in;
  in.to_customer_id = r.Int("to_customer_id", 1, INT64_MAX, true).value_or(0);
  in.note = r.Text("note", kMaxNote).value_or("");
  PEONY_CHECK(r.Done());
  return in;
}

Result<RefundInput> ParseRefund(const json::object& o) {
  Reader r(o);
  r.OnlyKeys({"amount_fen", "note"});
  RefundInput in;
  in.amount_fen = r.Int("amount_fen", 1, kMaxFen, false);
  in.note = r.Text("note", kMaxNote).value_or("");
  PEONY_CHECK(r.Done());
  return in;
}

Result<NoteInput> ParseNote(const json::object& o) {
  Reader r(o);
  r.OnlyKeys({"note"});
  NoteInput in;
  in.note = r.Text("note", kMaxNote).value_or("");
  PEONY_CHECK(r.Done());
  return in;
}

}  // namespace peony::domain::cards
