// A fresh database with the platform and domain migrations, an organisation with two branches,
// every entity of the medical-aesthetics template, a records engine, the cards service and the
// customers service, for the customers tests on both engines.
#pragma once

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <memory>
#include <set>
#include <string>

#include "domain/cards/cards.h"
#include "domain/customers/customers.h"
#include "domain/migrations.h"
#include "platform/access/bootstrap.h"
#include "platform/migrations.h"
#include "platform/records/records.h"
#include "platform/schema/catalog.h"
#include "platform/templates/templates.h"
#include "storage/crypto/key_ring.h"
#include "storage/migrations/migrations.h"
#include "unit/storage/db_fixture.h"

namespace peony::domain::customers::testing {

using storage::testing::CodeOf;

class CustomersTest : public ::testing::TestWithParam<storage::testing::Engine> {
 protected:
  void SetUp() override {
    db_ = storage::testing::MakeTestDb(GetParam());
    if (!db_) GTEST_SKIP() << "engine not available";
    auto migrations = platform::Migrations();
    for (auto& m : domain::Migrations()) migrations.push_back(m);
    ASSERT_TRUE(storage::Migrate(*db_, migrations).ok());
    access::BootstrapOptions o;
    o.admin_password = "Admin-pass-1";
    o.demo = true;
    o.password_params = {1, 64, 1};
    auto r = access::Bootstrap(*db_, clock_, o);
    ASSERT_TRUE(r.ok()) << r.error().code;
    org_id_ = r->org_id;
    keys_ = std::make_unique<storage::crypto::KeyRing>(storage::crypto::KeyRing::Generate());
    catalog_ = std::make_unique<schema::CatalogStore>(*db_, clock_, 0);
    records_ = std::make_unique<records::Records>(*db_, *catalog_, clock_, *keys_);
    cards_ = std::make_unique<cards::Cards>(*db_, *records_, clock_);
    svc_ = std::make_unique<Customers>(*db_, *catalog_, *records_, clock_);
    auto t = templates::Load(templates::kDefaultTemplate);
    ASSERT_TRUE(t.ok()) << t.error().code;
    for (const auto& spec : t->entities) {
      auto e = catalog_->CreateEntity(org_id_, spec, {});
      ASSERT_TRUE(e.ok()) << spec.name << ": " << e.error().code << " " << e.error().message_en;
    }
    auto branches =
        db_->Read([](storage::Conn& c) { return c.Query("SELECT id FROM branches ORDER BY id"); });
    ASSERT_TRUE(branches.ok());
    ASSERT_EQ(branches->size(), 2u);
    branch_a_ = branches->Int(0, 0);
    branch_b_ = branches->Int(1, 0);
    admin_ = Principal(1, {"*"}, access::Scope::kAll, branch_a_);
  }

  access::Principal Principal(int64_t user_id, std::set<std::string> perms, access::Scope scope,
                              std::optional<int64_t> branch) {
    access::Principal p;
    p.user_id = user_id;
    p.org_id = org_id_;
    p.username = "user" + std::to_string(user_id);
    p.branch_id = branch;
    p.permissions = perms;
    for (const auto& perm : perms) p.scopes[perm] = scope;
    return p;
  }
  records::Caller As(const access::Principal& p) { return records::Caller{p, "127.0.0.1"}; }

  // Creates a record as the administrator; its id (0 and a failure when refused).
  int64_t Create(const std::string& entity, boost::json::object in) {
    auto r = records_->Create(As(admin_), entity, in);
    EXPECT_TRUE(r.ok()) << entity << " "
                        << (r.ok()
                                ? ""
                                : r.error().code + " " + boost::json::serialize(r.error().details));
    return r.ok() ? r->at("id").as_int64() : 0;
  }
  int64_t NewCustomer(const std::string& name, std::optional<int64_t> branch = std::nullopt,
                      boost::json::object more = {}) {
    more["name"] = name;
    if (branch) more["branch_id"] = *branch;
    return Create("customer", std::move(more));
  }
  boost::json::object Read(const std::string& entity, int64_t id) {
    auto r = records_->Get(As(admin_), entity, id);
    EXPECT_TRUE(r.ok()) << entity << " " << id << " " << (r.ok() ? "" : r.error().code);
    return r.ok() ? *r : boost::json::object{};
  }
  int64_t Count(const std::string& sql, const storage::Params& params = {}) {
    return storage::testing::QueryInt(*db_, sql, params);
  }
  // The organisation's instant `days` days from now (negative: ago).
  std::string DaysFromNow(int64_t days) { return FormatRfc3339(clock_.Now() + days * 86'400'000); }

  ManualClock clock_{1'790'000'000'000};
  std::unique_ptr<storage::Db> db_;
  int64_t org_id_ = 0, branch_a_ = 0, branch_b_ = 0;
  std::unique_ptr<storage::crypto::KeyRing> keys_;
  std::unique_ptr<schema::CatalogStore> catalog_;
  std::unique_ptr<records::Records> records_;
  std::unique_ptr<cards::Cards> cards_;
  std::unique_ptr<Customers> svc_;
  access::Principal admin_;
};

}  // namespace peony::domain::customers::testing
