#include "platform/access/errors.h"
#include "unit/platform/access/access_fixture.h"

namespace peony::access::testing {
namespace {

using DirectoryTest = AccessTest;

NewUser Valid(std::string username) {
  return NewUser{std::move(username), "李娜",       "Good-pass-1",
                 {"front_desk"},      std::nullopt, std::nullopt};
}

TEST_P(DirectoryTest, BootstrapCreatesRolesBranchesAndTheDemoStaff) {
  auto roles = directory_->ListRoles(org_id_);
  ASSERT_TRUE(roles.ok());
  EXPECT_EQ(roles->size(), BuiltinRoles().size());
  auto branches = directory_->ListBranches(org_id_);
  ASSERT_TRUE(branches.ok());
  EXPECT_EQ(branches->size(), 2u);
  auto users = directory_->ListUsers(org_id_, 0, 100);
  ASSERT_TRUE(users.ok());
  EXPECT_EQ(users->size(), 8u);  // admin + one per role
}

TEST_P(DirectoryTest, BootstrappingTwiceIsRefused) {
  BootstrapOptions o;
  o.admin_password = kAdminPassword;
  o.password_params = kFastHash;
  EXPECT_EQ(Bootstrap(*db_, clock_, o).error().code, "org.already_initialised");
}

TEST_P(DirectoryTest, CreateUserChecksEveryField) {
  EXPECT_EQ(directory_->CreateUser(org_id_, Valid("ab"), {}).error().code, "request.validation");
  EXPECT_EQ(directory_->CreateUser(org_id_, Valid("bad name"), {}).error().code,
            "request.validation");
  auto weak = Valid("weakling");
  weak.password = "onlyletters";
  EXPECT_EQ(directory_->CreateUser(org_id_, weak, {}).error().code, "auth.weak_password");
  auto no_role = Valid("norole");
  no_role.roles = {"astronaut"};
  EXPECT_EQ(directory_->CreateUser(org_id_, no_role, {}).error().code, "role.not_found");
  auto no_branch = Valid("nobranch");
  no_branch.branch_id = 999999;
  EXPECT_EQ(directory_->CreateUser(org_id_, no_branch, {}).error().code, "org.branch_not_found");
  EXPECT_EQ(directory_->CreateUser(org_id_, Valid("admin"), {}).error().code,
            "user.username_taken");
  // Nothing of the refused attempts was written.
  auto users = directory_->ListUsers(org_id_, 0, 100);
  ASSERT_TRUE(users.ok());
  EXPECT_EQ(users->size(), 8u);
}

TEST_P(DirectoryTest, SqlMetacharactersAreStoredVerbatim) {
  auto nu = Valid("o'brien");
  nu.username = "obrien";
  nu.display_name = "x'); DROP TABLE users; --";
  auto created = directory_->CreateUser(org_id_, nu, {});
  ASSERT_TRUE(created.ok()) << created.error().code;
  auto back = directory_->GetUser(org_id_, created->id);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->display_name, nu.display_name);
  EXPECT_EQ(back->roles, std::vector<std::string>{"front_desk"});
}

TEST_P(DirectoryTest, AStaleVersionIsAConflict) {
  auto created = directory_->CreateUser(org_id_, Valid("versioned"), {});
  ASSERT_TRUE(created.ok());
  UserPatch p;
  p.display_name = "王小明";
  p.expected_version = created->version;
  auto first = directory_->UpdateUser(org_id_, created->id, p, {});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->version, created->version + 1);
  EXPECT_EQ(directory_->UpdateUser(org_id_, created->id, p, {}).error().code,
            "user.version_conflict");
}

TEST_P(DirectoryTest, TheLastAdministratorCannotBeLockedOrLoseTheRole) {
  auto admin = directory_->FindUser("admin");
  ASSERT_TRUE(admin.ok() && admin->has_value());
  UserPatch lock;
  lock.status = "locked";
  EXPECT_EQ(directory_->UpdateUser(org_id_, (*admin)->id, lock, {}).error().code,
            "user.last_admin");
  UserPatch demote;
  demote.roles = std::vector<std::string>{"manager"};
  EXPECT_EQ(directory_->UpdateUser(org_id_, (*admin)->id, demote, {}).error().code,
            "user.last_admin");
  auto still = directory_->GetUser(org_id_, (*admin)->id);
  ASSERT_TRUE(still.ok());
  EXPECT_EQ(still->status, "active");
  EXPECT_EQ(still->roles, std::vector<std::string>{"admin"});
}

TEST_P(DirectoryTest, RolesGrantOnlyKnownPermissionsAndScopes) {
  Role r{0, "auditor", "审计员", false, {{"audit.read", "all"}}, 0};
  auto created = directory_->UpsertRole(org_id_, r, {});
  ASSERT_TRUE(created.ok()) << created.error().code;
  EXPECT_EQ(created->grants.size(), 1u);
  r.grants = {{"rocket.launch", "all"}};
  EXPECT_EQ(directory_->UpsertRole(org_id_, r, {}).error().code, "role.unknown_permission");
  r.grants = {{"audit.read", "galaxy"}};
  EXPECT_EQ(directory_->UpsertRole(org_id_, r, {}).error().code, "role.unknown_permission");
}

TEST(PrincipalTest, WildcardsGrantWhatTheyCover) {
  Principal p;
  p.permissions = {"user.*", "audit.read"};
  EXPECT_TRUE(p.Has("user.read"));
  EXPECT_TRUE(p.Has("user.write"));
  EXPECT_TRUE(p.Has("audit.read"));
  EXPECT_FALSE(p.Has("audit.write"));
  EXPECT_FALSE(p.Has("role.read"));
  p.permissions = {"*"};
  EXPECT_TRUE(p.Has("anything.at_all"));
}

TEST(PasswordTest, PolicyNeedsEightCharactersWithLettersAndDigits) {
  EXPECT_FALSE(CheckPasswordPolicy("Ab1").ok());
  EXPECT_FALSE(CheckPasswordPolicy("abcdefgh").ok());
  EXPECT_FALSE(CheckPasswordPolicy("12345678").ok());
  EXPECT_FALSE(CheckPasswordPolicy(std::string(129, 'a') + "1").ok());
  EXPECT_TRUE(CheckPasswordPolicy("abcdefg1").ok());
  for (int i = 0; i < 50; ++i) EXPECT_TRUE(CheckPasswordPolicy(GeneratePassword()).ok());
}

TEST(PasswordTest, HashesVerifyOnlyTheirPassword) {
  auto h = HashPassword("Correct-horse-1", kFastHash);
  ASSERT_TRUE(h.ok());
  EXPECT_TRUE(h->starts_with("$argon2id$"));
  EXPECT_TRUE(VerifyPassword("Correct-horse-1", *h));
  EXPECT_FALSE(VerifyPassword("Correct-horse-2", *h));
  EXPECT_FALSE(VerifyPassword("Correct-horse-1", "not a hash"));
}

INSTANTIATE_TEST_SUITE_P(Engines, DirectoryTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::access::testing
