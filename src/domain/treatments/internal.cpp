// Shared helpers of the treatments module (internal.h).
#include "domain/treatments/internal.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <optional>

namespace peony::domain::treatments::internal {

namespace json = boost::json;

access::Principal Acting(const access::Principal& p) {
  access::Principal a = p;
  a.permissions = {"*"};
  a.scopes.clear();
  a.scopes["*"] = access::Scope::kAll;
  return a;
}

access::Principal Narrowed(const access::Principal& p, const std::string& permission,
                           access::Scope scope) {
  access::Principal r;
  r.user_id = p.user_id;
  r.org_id = p.org_id;
  r.username = p.username;
  r.display_name = p.display_name;
  r.branch_id = p.branch_id;
  r.department_id = p.department_id;
  r.roles = p.roles;
  r.method = p.method;
  r.session_id = p.session_id;
  if (scope != access::Scope::kNone) {
    r.permissions = {permission};
    r.scopes[permission] = scope;
  }
  return r;
}

bool IsMiss(const Error& e) {
  return e.code == "record.not_found" || e.code == "record.forbidden" ||
         e.code == "schema.entity_not_found";
}

Result<cards::Answer> RunIdempotent(storage::Db& db, const Clock& clock, int64_t org_id,
                                    std::string_view route, const cards::Idempotency& idem,
                                    int status, const Body& fn) {
  if (!idem.key.empty()) PEONY_CHECK(cards::CheckIdempotencyKey(idem.key));
  std::optional<cards::Answer> out;
  PEONY_CHECK(db.WriteTx([&](storage::Conn& c) -> Status {
    out.reset();
    if (!idem.key.empty()) {
      PEONY_TRY(auto stored, cards::ClaimKey(c, org_id, route, idem, clock.Now()));
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

}  // namespace peony::domain::treatments::internal
