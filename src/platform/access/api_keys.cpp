// API keys for integrations (part of Sessions; see sessions.h).
#include "platform/access/errors.h"
#include "platform/access/sessions.h"
#include "storage/crypto/crypto.h"

namespace peony::access {

Result<std::pair<std::string, ApiKeyInfo>> Sessions::CreateApiKey(const Principal& p,
                                                                  const std::string& name,
                                                                  const std::string& ip) {
  if (name.empty() || name.size() > 100) {
    return MakeError(ErrorKind::kInvalidArgument, "request.validation", "请填写 1-100 个字的名称",
                     "A name of 1-100 characters is required")
        .WithStatus(422);
  }
  const std::string key = "pk_" + storage::crypto::RandomToken(32);
  ApiKeyInfo info;
  info.name = name;
  info.prefix = key.substr(0, 10);
  info.user_id = p.user_id;
  info.created_at = clock_.Now();
  PEONY_TRY(auto id, db_.Write([&](storage::Conn& c) -> Result<int64_t> {
    PEONY_TRY(auto r,
              c.Query("INSERT INTO api_keys (org_id, user_id, name, prefix, key_hash, "
                      "created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                      {p.org_id, p.user_id, name, info.prefix, TokenHash(key), info.created_at}));
    const int64_t id = r.Int(0, 0);
    PEONY_CHECK(AppendAudit(c, clock_,
                            AuditEvent{p.org_id,
                                       p.user_id,
                                       p.username,
                                       "apikey.create",
                                       "api_key",
                                       std::to_string(id),
                                       ip,
                                       {{"name", name}}}));
    return id;
  }));
  info.id = id;
  return std::make_pair(key, info);
}

Result<std::vector<ApiKeyInfo>> Sessions::ListApiKeys(int64_t org_id) {
  return db_.Read([&](storage::Conn& c) -> Result<std::vector<ApiKeyInfo>> {
    PEONY_TRY(auto r, c.Query("SELECT id, name, prefix, user_id, created_at, last_used_at, "
                              "revoked_at FROM api_keys WHERE org_id = ? ORDER BY id",
                              {org_id}));
    std::vector<ApiKeyInfo> out;
    for (size_t i = 0; i < r.size(); ++i) {
      out.push_back({r.Int(i, 0), r.Text(i, 1), r.Text(i, 2), r.Int(i, 3), r.Int(i, 4),
                     r.OptInt(i, 5), r.OptInt(i, 6)});
    }
    return out;
  });
}

Status Sessions::RevokeApiKey(const Principal& p, int64_t key_id, const std::string& ip) {
  return db_.WriteTx([&](storage::Conn& c) -> Status {
    PEONY_TRY(auto n, c.Exec("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND org_id = ? AND "
                             "revoked_at IS NULL",
                             {clock_.Now(), key_id, p.org_id}));
    if (n == 0) return errors::ApiKeyNotFound();
    return AppendAudit(c, clock_,
                       AuditEvent{p.org_id,
                                  p.user_id,
                                  p.username,
                                  "apikey.revoke",
                                  "api_key",
                                  std::to_string(key_id),
                                  ip,
                                  {}});
  });
}

}  // namespace peony::access
