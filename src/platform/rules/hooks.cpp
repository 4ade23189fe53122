// Inbound webhooks of rules: POST /api/v1/hooks/{token} creates or updates a record of the rule's
// entity from the JSON body (the rule's mapping), then fires the rule for it (see rules.h).
#include <boost/json/parse.hpp>
#include <charconv>

#include "common/strings.h"
#include "platform/notify/signing.h"
#include "platform/rules/errors.h"
#include "platform/rules/internal.h"
#include "storage/crypto/crypto.h"

namespace peony::rules {
namespace {

namespace json = boost::json;
using storage::Conn;

constexpr int64_t kMaxClockSkewMs = 5 * 60 * 1000;

// The value at a dotted path of the body ("contact.mobile"); null when absent.
const json::value* AtPath(const json::object& body, std::string_view path) {
  const json::object* o = &body;
  while (true) {
    const auto dot = path.find('.');
    auto* v = o->if_contains(path.substr(0, dot));
    if (!v || dot == std::string_view::npos) return v;
    if (!v->is_object()) return nullptr;
    o = &v->as_object();
    path.remove_prefix(dot + 1);
  }
}

}  // namespace

Result<int64_t> Rules::Hook(std::string_view token, std::string_view body,
                            std::string_view timestamp, std::string_view signature) {
  State& s = *state_;
  if (token.empty() || token.size() > 100) return errors::HookNotFound();
  const std::string hash = HexEncode(storage::crypto::Sha256(token));
  PEONY_TRY(auto found, s.db.Read([&](Conn& c) -> Result<std::optional<State::Row>> {
    PEONY_TRY(auto ids, c.Query("SELECT id FROM rules WHERE hook_token_hash = ? AND deleted_at IS "
                                "NULL AND enabled = 1",
                                {hash}));
    if (ids.empty()) return std::optional<State::Row>{};
    return s.LoadRowAnyOrg(c, ids.Int(0, 0));
  }));
  if (!found || !found->parsed.ok() || found->rule.def.trigger.type != "webhook") {
    return errors::HookNotFound();
  }
  const ActiveRule& r = found->rule;
  const Trigger& t = r.def.trigger;
  if (!t.secret.empty()) {
    int64_t ts = 0;
    auto [end, err] = std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), ts);
    const bool number = !timestamp.empty() && err == std::errc() &&
                        end == timestamp.data() + timestamp.size() && ts > 0 && ts < (1LL << 40);
    if (!number || std::abs(ts * 1000 - s.clock.Now()) > kMaxClockSkewMs ||
        !notify::VerifyWebhookSignature(t.secret, timestamp, body, signature)) {
      return errors::HookBadSignature();
    }
  }
  boost::system::error_code ec;
  json::value parsed = json::parse(body, ec);
  if (ec) return errors::HookBadBody("not JSON");
  if (!parsed.is_object()) return errors::HookBadBody("not an object");
  json::object values;
  for (const auto& kv : t.mapping) {
    if (const json::value* v = AtPath(parsed.as_object(), kv.value().as_string())) {
      values[kv.key()] = *v;
    }
  }
  const access::Principal actor = s.Actor(r);
  const records::Caller who{actor, ""};
  PEONY_TRY(auto id, s.db.Write([&](Conn& c) -> Result<int64_t> {
    std::optional<int64_t> existing;
    if (!t.match_field.empty() && values.contains(t.match_field)) {
      const json::value filter =
          json::object{{"field", t.match_field}, {"op", "eq"}, {"value", values.at(t.match_field)}};
      auto ids = s.records.SelectIdsInTx(c, r.org_id, r.def.entity, &filter, 1);
      if (ids.ok() && !ids->empty()) existing = ids->front();
    }
    json::object record;
    if (existing) {
      PEONY_TRY(record, s.records.UpdateInTx(c, who, r.def.entity, *existing, values, 1));
    } else {
      PEONY_TRY(record, s.records.CreateInTx(c, who, r.def.entity, values, 1));
    }
    const int64_t rid = record.at("id").as_int64();
    const std::string key = "rule:" + std::to_string(r.id) + ":hook:" + std::to_string(rid) + ":v" +
                            std::to_string(record.at("version").as_int64());
    PEONY_CHECK(s.FireLater(c, r, rid, key, "Webhook", s.clock.Now(), 1, ""));
    return rid;
  }));
  s.queue.Wake();
  return id;
}

}  // namespace peony::rules
