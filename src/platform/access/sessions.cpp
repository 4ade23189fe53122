#include "platform/access/sessions.h"

#include <algorithm>
#include <set>

#include "common/strings.h"
#include "platform/access/errors.h"
#include "storage/crypto/crypto.h"

namespace peony::access {
namespace {

constexpr const char* kPrincipalColumns =
    "u.id, u.org_id, u.username, u.display_name, u.status, u.branch_id, u.department_id, "
    "(SELECT version FROM access_stamp WHERE id = 1)";
constexpr size_t kStampColumn = 7;  // within kPrincipalColumns
// Users whose grants are cached; past it the cache starts again (a clinic chain has far fewer
// staff signed in at once).
constexpr size_t kMaxCachedGrants = 10'000;

// Fills the user part of a principal from columns [first, first+7) of row i.
void FillUser(const storage::Rows& r, size_t i, size_t first, Principal& p) {
  p.user_id = r.Int(i, first);
  p.org_id = r.Int(i, first + 1);
  p.username = r.Text(i, first + 2);
  p.display_name = r.Text(i, first + 3);
  p.branch_id = r.OptInt(i, first + 5);
  p.department_id = r.OptInt(i, first + 6);
}

// Rows come unordered (an ORDER BY costs a sorter allocation on every request): the role names are
// sorted here.
Status LoadGrants(storage::Conn& c, Principal& p) {
  PEONY_TRY(auto rows,
            c.Query("SELECT r.name, p.permission, p.scope FROM user_roles ur "
                    "JOIN roles r ON r.id = ur.role_id "
                    "LEFT JOIN role_permissions p ON p.role_id = r.id WHERE ur.user_id = ?",
                    {p.user_id}));
  std::set<std::string> roles;
  for (size_t i = 0; i < rows.size(); ++i) {
    roles.insert(rows.Text(i, 0));
    if (rows.IsNull(i, 1)) continue;
    const std::string perm = rows.Text(i, 1);
    p.permissions.insert(perm);
    Scope& scope = p.scopes[perm];
    scope = std::max(scope, ParseScope(rows.Text(i, 2)));
  }
  p.roles.assign(roles.begin(), roles.end());
  return Ok();
}

AuditEvent Event(std::optional<int64_t> org, std::optional<int64_t> actor_id, std::string actor,
                 std::string action, std::string ip, boost::json::object detail = {}) {
  return AuditEvent{org,       actor_id, std::move(actor), std::move(action),
                    "session", "",       std::move(ip),    std::move(detail)};
}

}  // namespace

std::string TokenHash(const std::string& token) {
  return HexEncode(storage::crypto::Sha256(token));
}

Result<Principal> Sessions::LoadPrincipal(storage::Conn& c, int64_t user_id) {
  PEONY_TRY(auto rows,
            c.Query(std::string("SELECT ") + kPrincipalColumns + " FROM users u WHERE u.id = ?",
                    {user_id}));
  if (rows.empty()) return errors::InvalidSession();
  Principal p;
  FillUser(rows, 0, 0, p);
  PEONY_CHECK(FillGrants(c, p, rows.Int(0, kStampColumn)));
  return p;
}

Status Sessions::FillGrants(storage::Conn& c, Principal& p, int64_t stamp) {
  {
    std::lock_guard lock(grants_mu_);
    const auto it = grants_.find(p.user_id);
    if (it != grants_.end() && it->second.stamp == stamp) {
      p.roles = it->second.roles;
      p.permissions = it->second.permissions;
      p.scopes = it->second.scopes;
      return Ok();
    }
  }
  PEONY_CHECK(LoadGrants(c, p));
  std::lock_guard lock(grants_mu_);
  if (grants_.size() >= kMaxCachedGrants) grants_.clear();
  CachedGrants& cached = grants_[p.user_id];
  // A slower request that read an older stamp must not replace newer grants.
  if (cached.stamp <= stamp) cached = CachedGrants{stamp, p.roles, p.permissions, p.scopes};
  return Ok();
}

Result<LoginResult> Sessions::Login(const std::string& username, const std::string& password,
                                    const std::string& ip) {
  const UtcMillis now = clock_.Now();
  struct Account {
    int64_t id, org_id;
    std::string hash, status;
    std::optional<int64_t> locked_until;
  };
  PEONY_TRY(auto rows, db_.Read([&](storage::Conn& c) {
    return c.Query(
        "SELECT id, org_id, password_hash, status, locked_until FROM users "
        "WHERE username = ?",
        {username});
  }));
  if (rows.empty()) {
    // Spend the time a real check takes, so response times do not tell which usernames exist.
    VerifyPassword(password, DummyPasswordHash());
    PEONY_CHECK(
        AppendAudit(db_, clock_,
                    Event(std::nullopt, std::nullopt, "", "auth.login_failed", ip,
                          {{"username", username.substr(0, 64)}, {"reason", "unknown_user"}})));
    return errors::InvalidCredentials();
  }
  Account a{rows.Int(0, 0), rows.Int(0, 1), rows.Text(0, 2), rows.Text(0, 3), rows.OptInt(0, 4)};
  if (a.locked_until && *a.locked_until > now) {
    PEONY_CHECK(AppendAudit(
        db_, clock_,
        Event(a.org_id, a.id, username, "auth.login_refused", ip, {{"reason", "locked_out"}})));
    return errors::Locked((*a.locked_until - now + 999) / 1000);
  }
  if (!VerifyPassword(password, a.hash)) {
    std::optional<Error> locked;
    PEONY_CHECK(db_.WriteTx([&](storage::Conn& c) -> Status {
      // Counted atomically, so concurrent guesses cannot slip past the threshold.
      PEONY_TRY(auto r, c.Query("UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ? "
                                "RETURNING failed_logins",
                                {a.id}));
      const int64_t failures = r.Int(0, 0);
      boost::json::object detail{{"reason", "wrong_password"}, {"failures", failures}};
      if (failures >= options_.max_failed_logins) {
        PEONY_CHECK(c.Exec("UPDATE users SET failed_logins = 0, locked_until = ? WHERE id = ?",
                           {now + options_.lockout_ms, a.id}));
        detail["locked_until"] = FormatRfc3339(now + options_.lockout_ms);
      }
      return AppendAudit(c, clock_,
                         Event(a.org_id, a.id, username, "auth.login_failed", ip, detail));
    }));
    return errors::InvalidCredentials();
  }
  if (a.status == "disabled" || a.status == "locked") {
    PEONY_CHECK(AppendAudit(
        db_, clock_,
        Event(a.org_id, a.id, username, "auth.login_refused", ip, {{"reason", a.status}})));
    return errors::Disabled();
  }
  LoginResult out;
  out.token = storage::crypto::RandomToken(32);
  out.expires_at = now + options_.absolute_timeout_ms;
  const std::string csrf = storage::crypto::RandomToken(24);
  PEONY_TRY(auto principal, db_.Write([&](storage::Conn& c) -> Result<Principal> {
    PEONY_CHECK(
        c.Exec("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?", {a.id}));
    PEONY_TRY(auto ins,
              c.Query("INSERT INTO sessions (user_id, token_hash, csrf_token, created_at, "
                      "last_seen_at, expires_at, ip) VALUES (?, ?, ?, ?, ?, ?, ?) "
                      "RETURNING id",
                      {a.id, TokenHash(out.token), csrf, now, now, out.expires_at, ip}));
    PEONY_TRY(auto p, LoadPrincipal(c, a.id));
    p.session_id = ins.Int(0, 0);
    p.csrf_token = csrf;
    p.method = AuthMethod::kSession;
    AuditEvent e = Event(a.org_id, a.id, username, "auth.login", ip);
    e.target_id = std::to_string(p.session_id);
    PEONY_CHECK(AppendAudit(c, clock_, e));
    return p;
  }));
  out.principal = std::move(principal);
  return out;
}

Status Sessions::Logout(const Principal& p, const std::string& ip) {
  if (p.method != AuthMethod::kSession) return Ok();
  return db_.WriteTx([&](storage::Conn& c) -> Status {
    PEONY_CHECK(c.Exec("UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                       {clock_.Now(), p.session_id}));
    AuditEvent e = Event(p.org_id, p.user_id, p.username, "auth.logout", ip);
    e.target_id = std::to_string(p.session_id);
    return AppendAudit(c, clock_, e);
  });
}

Result<Principal> Sessions::Authenticate(const std::string& token) {
  if (token.empty() || token.size() > 128) return errors::InvalidSession();
  const UtcMillis now = clock_.Now();
  UtcMillis last_seen = 0;
  PEONY_TRY(auto principal, db_.Read([&](storage::Conn& c) -> Result<Principal> {
    PEONY_TRY(auto r,
              c.Query(std::string("SELECT s.id, s.csrf_token, s.last_seen_at, s.expires_at, "
                                  "s.revoked_at, ") +
                          kPrincipalColumns +
                          " FROM sessions s JOIN users u ON u.id = s.user_id "
                          "WHERE s.token_hash = ?",
                      {TokenHash(token)}));
    if (r.empty() || !r.IsNull(0, 4)) return errors::InvalidSession();
    last_seen = r.Int(0, 2);
    if (now >= r.Int(0, 3) || now - last_seen >= options_.idle_timeout_ms) {
      return errors::SessionExpired();
    }
    if (r.Text(0, 9) != "active") return errors::InvalidSession();
    Principal p;
    p.session_id = r.Int(0, 0);
    p.csrf_token = r.Text(0, 1);
    p.method = AuthMethod::kSession;
    FillUser(r, 0, 5, p);
    PEONY_CHECK(FillGrants(c, p, r.Int(0, 5 + kStampColumn)));
    return p;
  }));
  if (now - last_seen >= options_.touch_interval_ms) {
    // Best effort: a failed touch only shortens the idle window.
    (void)db_.WriteTx([&](storage::Conn& c) -> Status {
      (void)c.Exec("UPDATE sessions SET last_seen_at = ? WHERE id = ?",
                   {now, principal.session_id});
      return Ok();
    });
  }
  return principal;
}

Result<Principal> Sessions::AuthenticateApiKey(const std::string& key) {
  if (!StartsWith(key, "pk_") || key.size() > 128) return errors::InvalidApiKey();
  const UtcMillis now = clock_.Now();
  std::optional<UtcMillis> last_used;
  int64_t key_id = 0;
  PEONY_TRY(auto principal, db_.Read([&](storage::Conn& c) -> Result<Principal> {
    PEONY_TRY(auto r, c.Query(std::string("SELECT k.id, k.last_used_at, k.revoked_at, ") +
                                  kPrincipalColumns +
                                  " FROM api_keys k JOIN users u ON u.id = k.user_id "
                                  "WHERE k.key_hash = ?",
                              {TokenHash(key)}));
    if (r.empty() || !r.IsNull(0, 2) || r.Text(0, 7) != "active") return errors::InvalidApiKey();
    key_id = r.Int(0, 0);
    last_used = r.OptInt(0, 1);
    Principal p;
    p.method = AuthMethod::kApiKey;
    p.session_id = key_id;
    FillUser(r, 0, 3, p);
    PEONY_CHECK(FillGrants(c, p, r.Int(0, 3 + kStampColumn)));
    return p;
  }));
  if (!last_used || now - *last_used >= options_.touch_interval_ms) {
    (void)db_.WriteTx([&](storage::Conn& c) -> Status {
      (void)c.Exec("UPDATE api_keys SET last_used_at = ? WHERE id = ?", {now, key_id});
      return Ok();
    });
  }
  return principal;
}

Status Sessions::ChangePassword(const Principal& p, const std::string& old_password,
                                const std::string& new_password, const std::string& ip,
                                const PasswordParams& params) {
  PEONY_TRY(auto rows, db_.Read([&](storage::Conn& c) {
    return c.Query("SELECT password_hash FROM users WHERE id = ?", {p.user_id});
  }));
  if (rows.empty()) return errors::InvalidSession();
  if (!VerifyPassword(old_password, rows.Text(0, 0))) return errors::WrongPassword();
  PEONY_CHECK(CheckPasswordPolicy(new_password));
  PEONY_TRY(auto hash, HashPassword(new_password, params));
  return db_.WriteTx([&](storage::Conn& c) -> Status {
    const UtcMillis now = clock_.Now();
    PEONY_CHECK(
        c.Exec("UPDATE users SET password_hash = ?, password_changed_at = ?, updated_at = ?, "
               "version = version + 1 WHERE id = ?",
               {hash, now, now, p.user_id}));
    PEONY_CHECK(
        c.Exec("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND id <> ? AND "
               "revoked_at IS NULL",
               {now, p.user_id, p.session_id}));
    AuditEvent e = Event(p.org_id, p.user_id, p.username, "auth.password_change", ip);
    e.target_type = "user";
    e.target_id = std::to_string(p.user_id);
    return AppendAudit(c, clock_, e);
  });
}

}  // namespace peony::access
