// A fresh database (SQLite or PostgreSQL) with the platform migrations and a bootstrapped
// organisation, a manual clock and fast password hashing, for access tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "common/clock.h"
#include "platform/access/bootstrap.h"
#include "platform/access/directory.h"
#include "platform/access/sessions.h"
#include "platform/migrations.h"
#include "storage/migrations/migrations.h"
#include "unit/storage/db_fixture.h"

namespace peony::access::testing {

inline constexpr const char* kAdminPassword = "Admin-pass-1";
// Cheap argon2id parameters: tests hash dozens of passwords.
inline const PasswordParams kFastHash{1, 64, 1};

class AccessTest : public ::testing::TestWithParam<storage::testing::Engine> {
 protected:
  void SetUp() override {
    db_ = storage::testing::MakeTestDb(GetParam());
    if (!db_) GTEST_SKIP() << "engine not available";
    ASSERT_TRUE(storage::Migrate(*db_, platform::Migrations()).ok());
    BootstrapOptions o;
    o.admin_password = kAdminPassword;
    o.demo = true;
    o.password_params = kFastHash;
    auto r = Bootstrap(*db_, clock_, o);
    ASSERT_TRUE(r.ok()) << r.error().code;
    org_id_ = r->org_id;
    directory_ = std::make_unique<Directory>(*db_, clock_, kFastHash);
    sessions_ = std::make_unique<Sessions>(*db_, clock_);
  }

  ManualClock clock_{1'790'000'000'000};  // 2026-09-21
  std::unique_ptr<storage::Db> db_;
  int64_t org_id_ = 0;
  std::unique_ptr<Directory> directory_;
  std::unique_ptr<Sessions> sessions_;
};

}  // namespace peony::access::testing
