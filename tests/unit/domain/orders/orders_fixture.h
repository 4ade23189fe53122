// A fresh database with the platform and domain migrations, an organisation with two branches,
// the template's entities an order touches (customer, service, product, card_product, card,
// order, payment, treatment), a records engine, the cards, orders and reports services, for the
// orders tests on both engines.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "domain/cards/cards.h"
#include "domain/migrations.h"
#include "domain/orders/orders.h"
#include "domain/orders/reports.h"
#include "platform/access/bootstrap.h"
#include "platform/migrations.h"
#include "platform/records/records.h"
#include "platform/schema/catalog.h"
#include "storage/crypto/key_ring.h"
#include "storage/migrations/migrations.h"
#include "unit/domain/cards/cards_fixture.h"
#include "unit/storage/db_fixture.h"

namespace peony::domain::orders::testing {

inline constexpr const char* kOrderEntities[] = {"customer", "service", "product", "card_product",
                                                 "card",     "order",   "payment", "treatment"};

// Runs `fn(i)` on `n` threads started together.
template <class F>
void InParallel(int n, F fn) {
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  threads.reserve(n);
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      while (!go.load()) std::this_thread::yield();
      fn(i);
    });
  }
  go.store(true);
  for (auto& t : threads) t.join();
}

class OrdersTest : public ::testing::TestWithParam<storage::testing::Engine> {
 protected:
  void SetUp() override {
    storage::DbOptions options;
    options.pool_size = 8;
    options.busy_timeout_ms = 60000;
    db_ = storage::testing::MakeTestDb(GetParam(), options);
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
    orders_ = std::make_unique<Orders>(*db_, *records_, *catalog_, clock_);
    reports_ = std::make_unique<Reports>(*db_, *catalog_, clock_);
    for (const char* name : kOrderEntities) {
      const schema::EntitySpec spec = cards::testing::TemplateSpec(name);
      auto created = catalog_->CreateEntity(org_id_, spec, {});
      ASSERT_TRUE(created.ok()) << name << ": " << created.error().code << " "
                                << created.error().message_en;
    }
    auto branches =
        db_->Read([](storage::Conn& c) { return c.Query("SELECT id FROM branches ORDER BY id"); });
    ASSERT_TRUE(branches.ok());
    ASSERT_EQ(branches->size(), 2u);
    branch_a_ = branches->Int(0, 0);
    branch_b_ = branches->Int(1, 0);
    admin_ = Principal(1, {"*"}, access::Scope::kAll, std::nullopt);
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

  int64_t NewRecord(const std::string& entity, boost::json::object in) {
    auto r = records_->Create(As(admin_), entity, in);
    EXPECT_TRUE(r.ok()) << entity << ": " << (r.ok() ? "" : r.error().code);
    return r.ok() ? r->at("id").as_int64() : 0;
  }
  int64_t NewCustomer(const std::string& name, std::optional<int64_t> branch = std::nullopt) {
    boost::json::object in{{"name", name}};
    if (branch) in["branch_id"] = *branch;
    return NewRecord("customer", in);
  }
  int64_t NewService(const std::string& name, int64_t price, const std::string& category) {
    return NewRecord("service", {{"name", name}, {"price", price}, {"category", category}});
  }
  int64_t StoredValueCard(int64_t customer, int64_t balance, int64_t gift = 0, int discount = 100) {
    cards::IssueInput in;
    in.customer_id = customer;
    in.kind = cards::Kind::kStoredValue;
    in.balance_fen = balance;
    in.gift_balance_fen = gift;
    in.discount_pct = discount;
    auto r = cards_->Issue(As(admin_), in);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().code);
    return r.ok() ? r->body.at("id").as_int64() : 0;
  }
  // The user id of a demo staff member (Bootstrap with demo creates them).
  int64_t UserId(const std::string& username) {
    return storage::testing::QueryInt(*db_, "SELECT id FROM users WHERE username = ?", {username});
  }
  int64_t Count(const std::string& table) {
    return storage::testing::QueryInt(*db_, "SELECT COUNT(*) FROM " + table);
  }
  // Rows of every table an order writes, to check that a refused request wrote nothing.
  std::string Footprint() {
    std::string out;
    for (const char* t : {"order_accounts", "order_lines", "order_line_staff", "order_payments",
                          "x_order", "x_payment", "card_accounts", "card_ledger", "audit_log"}) {
      out += std::string(t) + "=" + std::to_string(Count(t)) + " ";
    }
    return out;
  }
  std::vector<std::string> Mismatches() {
    auto r = cards::VerifyLedgers(*db_);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : std::vector<std::string>{"verify failed"};
  }
  int64_t Balance(int64_t card_id) {
    return storage::testing::QueryInt(
        *db_, "SELECT balance_fen + gift_balance_fen FROM card_accounts WHERE card_id = ?",
        {card_id});
  }

  ManualClock clock_{1'790'000'000'000};  // 2026-09-22T06:13:20Z
  std::unique_ptr<storage::Db> db_;
  int64_t org_id_ = 0, branch_a_ = 0, branch_b_ = 0;
  std::unique_ptr<storage::crypto::KeyRing> keys_;
  std::unique_ptr<schema::CatalogStore> catalog_;
  std::unique_ptr<records::Records> records_;
  std::unique_ptr<cards::Cards> cards_;
  std::unique_ptr<Orders> orders_;
  std::unique_ptr<Reports> reports_;
  access::Principal admin_;
};

}  // namespace peony::domain::orders::testing
