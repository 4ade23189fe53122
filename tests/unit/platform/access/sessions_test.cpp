#include <thread>

#include "unit/platform/access/access_fixture.h"

namespace peony::access::testing {
namespace {

using SessionsTest = AccessTest;

TEST_P(SessionsTest, LoginReturnsATokenThatAuthenticatesTheUser) {
  auto login = sessions_->Login("admin", kAdminPassword, "127.0.0.1");
  ASSERT_TRUE(login.ok()) << login.error().code;
  EXPECT_EQ(login->token.size(), 43u);  // 32 random bytes, base64url
  EXPECT_FALSE(login->principal.csrf_token.empty());
  EXPECT_TRUE(login->principal.Has("user.write"));  // admin holds "*"

  auto p = sessions_->Authenticate(login->token);
  ASSERT_TRUE(p.ok()) << p.error().code;
  EXPECT_EQ(p->username, "admin");
  EXPECT_EQ(p->csrf_token, login->principal.csrf_token);
  EXPECT_EQ(p->roles, std::vector<std::string>{"admin"});
}

TEST_P(SessionsTest, TheDatabaseKeepsOnlyTheTokensHash) {
  auto login = sessions_->Login("admin", kAdminPassword, "");
  ASSERT_TRUE(login.ok());
  auto rows =
      db_->Read([](storage::Conn& c) { return c.Query("SELECT token_hash FROM sessions"); });
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_NE(rows->Text(0, 0), login->token);
  EXPECT_EQ(rows->Text(0, 0), TokenHash(login->token));
}

TEST_P(SessionsTest, WrongPasswordAndUnknownUserGiveTheSameError) {
  auto wrong = sessions_->Login("admin", "Wrong-pass-1", "");
  auto unknown = sessions_->Login("nobody", "Wrong-pass-1", "");
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(wrong.error().code, "auth.invalid_credentials");
  EXPECT_EQ(unknown.error().code, "auth.invalid_credentials");
  EXPECT_EQ(wrong.error().message_en, unknown.error().message_en);
}

TEST_P(SessionsTest, FiveWrongPasswordsLockTheAccountForFifteenMinutes) {
  for (int i = 0; i < 5; ++i) {
    auto r = sessions_->Login("manager", "Wrong-pass-1", "");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "auth.invalid_credentials") << "attempt " << i + 1;
  }
  auto locked = sessions_->Login("manager", kAdminPassword, "");
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.error().code, "auth.locked");
  EXPECT_EQ(locked.error().http_status, 423);
  EXPECT_EQ(locked.error().details.at("retry_after_s").as_int64(), 15 * 60);

  clock_.Advance(15 * 60 * 1000 - 1000);
  EXPECT_EQ(sessions_->Login("manager", kAdminPassword, "").error().code, "auth.locked");
  clock_.Advance(1000);
  EXPECT_TRUE(sessions_->Login("manager", kAdminPassword, "").ok());
}

TEST_P(SessionsTest, ConcurrentWrongPasswordsCannotSlipPastTheLockout) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] { (void)sessions_->Login("nurse", "Wrong-pass-1", ""); });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(sessions_->Login("nurse", kAdminPassword, "").error().code, "auth.locked");
}

TEST_P(SessionsTest, ASuccessfulLoginResetsTheFailureCount) {
  for (int i = 0; i < 4; ++i) ASSERT_FALSE(sessions_->Login("doctor", "Wrong-pass-1", "").ok());
  ASSERT_TRUE(sessions_->Login("doctor", kAdminPassword, "").ok());
  for (int i = 0; i < 4; ++i) ASSERT_FALSE(sessions_->Login("doctor", "Wrong-pass-1", "").ok());
  EXPECT_TRUE(sessions_->Login("doctor", kAdminPassword, "").ok());
}

TEST_P(SessionsTest, SessionsEndAfterTheIdleTimeout) {
  auto login = sessions_->Login("admin", kAdminPassword, "");
  ASSERT_TRUE(login.ok());
  clock_.Advance(29 * 60 * 1000);
  ASSERT_TRUE(sessions_->Authenticate(login->token).ok());  // touches last_seen_at
  clock_.Advance(29 * 60 * 1000);
  ASSERT_TRUE(sessions_->Authenticate(login->token).ok());
  clock_.Advance(30 * 60 * 1000);
  EXPECT_EQ(sessions_->Authenticate(login->token).error().code, "auth.session_expired");
}

TEST_P(SessionsTest, SessionsEndAfterTheAbsoluteLifetimeEvenWhenUsed) {
  auto login = sessions_->Login("admin", kAdminPassword, "");
  ASSERT_TRUE(login.ok());
  for (int i = 0; i < 24; ++i) {
    clock_.Advance(29 * 60 * 1000);
    ASSERT_TRUE(sessions_->Authenticate(login->token).ok()) << "after " << i + 1 << " steps";
  }
  clock_.Set(login->expires_at);
  EXPECT_EQ(sessions_->Authenticate(login->token).error().code, "auth.session_expired");
}

TEST_P(SessionsTest, ForgedAndRevokedTokensAreRefused) {
  EXPECT_EQ(sessions_->Authenticate("forged-token").error().code, "auth.invalid_session");
  EXPECT_EQ(sessions_->Authenticate("").error().code, "auth.invalid_session");
  EXPECT_EQ(sessions_->Authenticate(std::string(5000, 'a')).error().code, "auth.invalid_session");
  auto login = sessions_->Login("admin", kAdminPassword, "");
  ASSERT_TRUE(login.ok());
  ASSERT_TRUE(sessions_->Logout(login->principal, "").ok());
  EXPECT_EQ(sessions_->Authenticate(login->token).error().code, "auth.invalid_session");
}

TEST_P(SessionsTest, ChangingThePasswordSignsOutOtherSessionsOnly) {
  auto a = sessions_->Login("frontdesk", kAdminPassword, "");
  auto b = sessions_->Login("frontdesk", kAdminPassword, "");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(sessions_->ChangePassword(a->principal, "Wrong-pass-1", "New-pass-22", "", kFastHash)
                .error()
                .code,
            "auth.wrong_password");
  EXPECT_EQ(
      sessions_->ChangePassword(a->principal, kAdminPassword, "short", "", kFastHash).error().code,
      "auth.weak_password");
  ASSERT_TRUE(
      sessions_->ChangePassword(a->principal, kAdminPassword, "New-pass-22", "", kFastHash).ok());
  EXPECT_TRUE(sessions_->Authenticate(a->token).ok());
  EXPECT_FALSE(sessions_->Authenticate(b->token).ok());
  EXPECT_FALSE(sessions_->Login("frontdesk", kAdminPassword, "").ok());
  EXPECT_TRUE(sessions_->Login("frontdesk", "New-pass-22", "").ok());
}

TEST_P(SessionsTest, ApiKeysActAsTheirUserUntilRevoked) {
  auto login = sessions_->Login("admin", kAdminPassword, "");
  ASSERT_TRUE(login.ok());
  auto key = sessions_->CreateApiKey(login->principal, "ad platform", "");
  ASSERT_TRUE(key.ok()) << key.error().code;
  EXPECT_TRUE(key->first.starts_with("pk_"));
  auto p = sessions_->AuthenticateApiKey(key->first);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->method, AuthMethod::kApiKey);
  EXPECT_EQ(p->username, "admin");
  EXPECT_EQ(sessions_->AuthenticateApiKey("pk_forged").error().code, "auth.invalid_api_key");
  ASSERT_TRUE(sessions_->RevokeApiKey(login->principal, key->second.id, "").ok());
  EXPECT_EQ(sessions_->AuthenticateApiKey(key->first).error().code, "auth.invalid_api_key");
  EXPECT_EQ(sessions_->RevokeApiKey(login->principal, key->second.id, "").error().code,
            "apikey.not_found");
}

TEST_P(SessionsTest, LockedAndDisabledAccountsCannotSignIn) {
  auto admin = sessions_->Login("admin", kAdminPassword, "");
  ASSERT_TRUE(admin.ok());
  auto user = directory_->FindUser("marketing");
  ASSERT_TRUE(user.ok() && user->has_value());
  auto session = sessions_->Login("marketing", kAdminPassword, "");
  ASSERT_TRUE(session.ok());
  UserPatch patch;
  patch.status = "disabled";
  ASSERT_TRUE(directory_->UpdateUser(org_id_, (*user)->id, patch, Actor{}).ok());
  EXPECT_EQ(sessions_->Login("marketing", kAdminPassword, "").error().code,
            "auth.account_disabled");
  EXPECT_FALSE(sessions_->Authenticate(session->token).ok());
}

// Grants are cached per user against access_stamp; each change must show on the next request.
TEST_P(SessionsTest, GrantChangesApplyToTheNextRequest) {
  auto admin = sessions_->Login("admin", kAdminPassword, "");
  ASSERT_TRUE(admin.ok());
  auto session = sessions_->Login("marketing", kAdminPassword, "");
  ASSERT_TRUE(session.ok());
  auto key = sessions_->CreateApiKey(session->principal, "mini program", "");
  ASSERT_TRUE(key.ok());
  auto user = directory_->FindUser("marketing");
  ASSERT_TRUE(user.ok() && user->has_value());
  const int64_t user_id = (*user)->id;
  auto before = sessions_->Authenticate(session->token);
  ASSERT_TRUE(before.ok());
  EXPECT_FALSE(before->Has("user.read"));

  Role auditor;
  auditor.name = "auditor";
  auditor.label = "稽核";
  auditor.grants = {{"user.read", "branch"}};
  ASSERT_TRUE(directory_->UpsertRole(org_id_, auditor, Actor{}).ok());
  UserPatch patch;
  patch.roles = std::vector<std::string>{"marketing", "auditor"};
  ASSERT_TRUE(directory_->UpdateUser(org_id_, user_id, patch, Actor{}).ok());
  auto granted = sessions_->Authenticate(session->token);
  ASSERT_TRUE(granted.ok());
  EXPECT_TRUE(granted->Has("user.read"));
  EXPECT_EQ(granted->ScopeFor("user.read"), Scope::kBranch);
  EXPECT_EQ(granted->roles, (std::vector<std::string>{"auditor", "marketing"}));

  // The role itself changes: the permission goes, another comes.
  auditor.grants = {{"audit.read", "all"}};
  ASSERT_TRUE(directory_->UpsertRole(org_id_, auditor, Actor{}).ok());
  auto changed = sessions_->AuthenticateApiKey(key->first);
  ASSERT_TRUE(changed.ok());
  EXPECT_FALSE(changed->Has("user.read"));
  EXPECT_TRUE(changed->Has("audit.read"));
}

TEST_P(SessionsTest, GrantsChangedOutsideThisProcessApplyToo) {
  auto session = sessions_->Login("marketing", kAdminPassword, "");
  ASSERT_TRUE(session.ok());
  auto user = directory_->FindUser("marketing");
  ASSERT_TRUE(user.ok() && user->has_value());
  ASSERT_TRUE(sessions_->Authenticate(session->token)->Has("org.read"));
  // Another server node, or an operator in a SQL console, takes the user's roles away.
  ASSERT_TRUE(db_->WriteTx([&](storage::Conn& c) -> Status {
                   PEONY_CHECK(c.Exec("DELETE FROM user_roles WHERE user_id = ?", {(*user)->id}));
                   return Ok();
                 })
                  .ok());
  auto after = sessions_->Authenticate(session->token);
  ASSERT_TRUE(after.ok());
  EXPECT_FALSE(after->Has("org.read"));
  EXPECT_TRUE(after->roles.empty());
  // ... and a permission added straight to a role reaches its holders.
  ASSERT_TRUE(db_->WriteTx([&](storage::Conn& c) -> Status {
                   PEONY_CHECK(
                       c.Exec("INSERT INTO user_roles (user_id, role_id) SELECT ?, id FROM roles "
                              "WHERE org_id = ? AND name = 'marketing'",
                              {(*user)->id, org_id_}));
                   PEONY_CHECK(c.Exec(
                       "INSERT INTO role_permissions (role_id, permission, scope) SELECT id, "
                       "'customer.merge', 'branch' FROM roles WHERE org_id = ? AND name = "
                       "'marketing'",
                       {org_id_}));
                   return Ok();
                 })
                  .ok());
  auto restored = sessions_->Authenticate(session->token);
  ASSERT_TRUE(restored.ok());
  EXPECT_TRUE(restored->Has("org.read"));
  EXPECT_TRUE(restored->Has("customer.merge"));
}

INSTANTIATE_TEST_SUITE_P(Engines, SessionsTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::access::testing
