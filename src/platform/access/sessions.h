// Sign-in, sessions and API keys.
//
// A session token is 256 random bits handed to the browser in an HttpOnly cookie; the database
// keeps only its SHA-256, so a copy of the database does not let anyone sign in. Each session has a
// CSRF token that unsafe requests must echo in X-CSRF-Token. Sessions end after an idle period (30
// min by default) and an absolute lifetime (12 h). Five wrong passwords lock the account for 15
// minutes. API keys ("pk_…") are also stored only as hashes and act as the user who created them.
//
// Thread-safe: all state is in the database (so several server nodes share sessions). The grants
// of each user (roles, permissions, scopes) are cached in memory against access_stamp, a version
// that database triggers bump with every change to roles, their permissions or who holds them; the
// stamp is read with the session on every request, so a change made anywhere applies to the next
// request.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "platform/access/directory.h"
#include "platform/access/principal.h"
#include "storage/db.h"

namespace peony::access {

struct SessionOptions {
  int64_t idle_timeout_ms = 30 * 60 * 1000;
  int64_t absolute_timeout_ms = 12 * 60 * 60 * 1000;
  int max_failed_logins = 5;
  int64_t lockout_ms = 15 * 60 * 1000;
  // last_seen_at is written at most this often per session (saves a write per request).
  int64_t touch_interval_ms = 60 * 1000;
};

struct LoginResult {
  std::string token;  // the cookie value; shown once, never stored
  Principal principal;
  UtcMillis expires_at = 0;
};

struct ApiKeyInfo {
  int64_t id = 0;
  std::string name;
  std::string prefix;  // first characters of the key, to recognise it
  int64_t user_id = 0;
  UtcMillis created_at = 0;
  std::optional<UtcMillis> last_used_at;
  std::optional<UtcMillis> revoked_at;
};

class Sessions {
 public:
  Sessions(storage::Db& db, const Clock& clock, SessionOptions options = {})
      : db_(db), clock_(clock), options_(options) {}

  // Errors: auth.invalid_credentials (unknown user or wrong password — indistinguishable),
  // auth.locked (423, details.retry_after_s), auth.account_disabled. Every outcome is audited.
  Result<LoginResult> Login(const std::string& username, const std::string& password,
                            const std::string& ip);
  // Revokes the session (idempotent).
  Status Logout(const Principal& p, const std::string& ip);
  // Resolves a session token. Errors: auth.invalid_session, auth.session_expired.
  Result<Principal> Authenticate(const std::string& token);
  // Errors: auth.invalid_api_key.
  Result<Principal> AuthenticateApiKey(const std::string& key);
  // Changes the signed-in user's password; other sessions of the user are revoked.
  // Errors: auth.wrong_password, auth.weak_password.
  Status ChangePassword(const Principal& p, const std::string& old_password,
                        const std::string& new_password, const std::string& ip,
                        const PasswordParams& params = {});

  // Creates an API key acting as `p`'s user; returns the key text (shown once) and its record.
  Result<std::pair<std::string, ApiKeyInfo>> CreateApiKey(const Principal& p,
                                                          const std::string& name,
                                                          const std::string& ip);
  Result<std::vector<ApiKeyInfo>> ListApiKeys(int64_t org_id);
  // Errors: apikey.not_found.
  Status RevokeApiKey(const Principal& p, int64_t key_id, const std::string& ip);

  const SessionOptions& options() const { return options_; }

 private:
  struct CachedGrants {
    int64_t stamp = 0;
    std::vector<std::string> roles;
    std::set<std::string> permissions;
    std::map<std::string, Scope> scopes;
  };

  Result<Principal> LoadPrincipal(storage::Conn& c, int64_t user_id);
  // Sets p's roles, permissions and scopes: from the cache when it holds them at `stamp` (the
  // access_stamp read in the same snapshot), else from the database, then caches them.
  Status FillGrants(storage::Conn& c, Principal& p, int64_t stamp);

  storage::Db& db_;
  const Clock& clock_;
  SessionOptions options_;
  std::mutex grants_mu_;
  std::unordered_map<int64_t, CachedGrants> grants_;  // by user id
};

// SHA-256 of a token, hex — the form tokens and keys are stored in.
std::string TokenHash(const std::string& token);

}  // namespace peony::access
