// A fresh database with the platform and domain migrations, an organisation with two branches,
// the template's customer, service, card_product and card entities, a records engine and the
// cards service, for the cards tests on both engines.
#pragma once

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>

#include "domain/cards/cards.h"
#include "domain/cards/store.h"
#include "domain/migrations.h"
#include "platform/access/bootstrap.h"
#include "platform/migrations.h"
#include "platform/records/records.h"
#include "platform/schema/catalog.h"
#include "platform/templates/templates.h"
#include "storage/crypto/key_ring.h"
#include "storage/migrations/migrations.h"
#include "unit/storage/db_fixture.h"

namespace peony::domain::cards::testing {

// An entity of templates/medical-aesthetics/entities.json as JSON, for POST /schema/entities (the
// source tree: the parent of the test binary's build folder).
inline boost::json::object TemplateEntity(std::string_view name) {
  const auto exe = std::filesystem::read_symlink("/proc/self/exe");
  const auto path =
      exe.parent_path().parent_path() / "templates" / "medical-aesthetics" / "entities.json";
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const auto doc = boost::json::parse(text.str());
  for (const auto& e : doc.at("entities").as_array()) {
    if (e.at("name").as_string() == name) return e.as_object();
  }
  ADD_FAILURE() << "no entity " << name << " in " << path;
  return {};
}

// The entity `name` of the default template (templates/medical-aesthetics, as compiled in) as
// the catalog takes it.
inline schema::EntitySpec TemplateSpec(std::string_view name) {
  auto t = templates::Load(templates::kDefaultTemplate);
  if (!t.ok()) {
    ADD_FAILURE() << "the default template does not load: " << t.error().code;
    return {};
  }
  for (const auto& e : t->entities) {
    if (e.name == name) return e;
  }
  ADD_FAILURE() << "no entity " << name << " in the default template";
  return {};
}

// The entities the cards need, relation targets first.
inline constexpr const char* kCardEntities[] = {"customer", "service", "card_product", "card"};

inline LocalDate DateAfter(UtcMillis now, int64_t days) {
  return AddDays(TimeZone::Find("Asia/Shanghai")->DateOf(now), days);
}

class CardsTest : public ::testing::TestWithParam<storage::testing::Engine> {
 protected:
  void SetUp() override {
    storage::DbOptions options;
    options.pool_size = 8;
    options.busy_timeout_ms = 60000;  // 200 parallel writers queue for 8 connections
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
    cards_ = std::make_unique<Cards>(*db_, *records_, clock_);
    admin_ = Principal(1, {"*"}, access::Scope::kAll, std::nullopt);
    for (const char* name : kCardEntities) {
      const schema::EntitySpec spec = TemplateSpec(name);
      auto e = catalog_->CreateEntity(org_id_, spec, {});
      ASSERT_TRUE(e.ok()) << name << ": " << e.error().code << " " << e.error().message_en;
    }
    auto branches =
        db_->Read([](storage::Conn& c) { return c.Query("SELECT id FROM branches ORDER BY id"); });
    ASSERT_TRUE(branches.ok());
    ASSERT_EQ(branches->size(), 2u);
    branch_a_ = branches->Int(0, 0);
    branch_b_ = branches->Int(1, 0);
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

  int64_t NewCustomer(const std::string& name, std::optional<int64_t> branch = std::nullopt) {
    boost::json::object in{{"name", name}};
    if (branch) in["branch_id"] = *branch;
    auto r = records_->Create(As(admin_), "customer", in);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().code);
    return r.ok() ? r->at("id").as_int64() : 0;
  }
  int64_t NewService(const std::string& name) {
    auto r = records_->Create(As(admin_), "service", boost::json::object{{"name", name}});
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().code);
    return r.ok() ? r->at("id").as_int64() : 0;
  }
  // Issues a card as the administrator; 0 (and a test failure) when refused.
  int64_t Issue(const IssueInput& in) {
    auto r = cards_->Issue(As(admin_), in);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().code);
    return r.ok() ? r->body.at("id").as_int64() : 0;
  }
  int64_t CountCard(int64_t customer, int64_t service, int64_t sessions) {
    IssueInput in;
    in.customer_id = customer;
    in.kind = Kind::kCount;
    in.items = {{service, sessions}};
    return Issue(in);
  }
  int64_t StoredValueCard(int64_t customer, int64_t balance, int64_t gift,
                          SpendOrder order = SpendOrder::kPrincipalFirst, int discount = 100) {
    IssueInput in;
    in.customer_id = customer;
    in.kind = Kind::kStoredValue;
    in.balance_fen = balance;
    in.gift_balance_fen = gift;
    in.spend_order = order;
    in.discount_pct = discount;
    return Issue(in);
  }
  boost::json::object Read(int64_t card_id) {
    auto r = cards_->Get(As(admin_), card_id);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().code);
    return r.ok() ? *r : boost::json::object{};
  }
  // The ledger as text, one entry a line: "issue s+10", "deduct s-1", "top_up p+500 g+100".
  std::string LedgerText(int64_t card_id) {
    std::string out;
    const boost::json::object card = Read(card_id);
    for (const auto& v : card.at("ledger").as_array()) {
      const auto& e = v.as_object();
      out += std::string(e.at("kind").as_string());
      auto add = [&](const char* key, const char* tag) {
        const int64_t n = e.at(key).as_int64();
        if (n != 0) out += std::string(" ") + tag + (n > 0 ? "+" : "") + std::to_string(n);
      };
      add("sessions", "s");
      add("principal_fen", "p");
      add("gift_fen", "g");
      out += "\n";
    }
    return out;
  }
  int64_t Count(const std::string& table) {
    return storage::testing::QueryInt(*db_, "SELECT COUNT(*) FROM " + table);
  }
  std::vector<std::string> Mismatches() {
    auto r = VerifyLedgers(*db_);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : std::vector<std::string>{"verify failed"};
  }

  ManualClock clock_{1'790'000'000'000};
  std::unique_ptr<storage::Db> db_;
  int64_t org_id_ = 0, branch_a_ = 0, branch_b_ = 0;
  std::unique_ptr<storage::crypto::KeyRing> keys_;
  std::unique_ptr<schema::CatalogStore> catalog_;
  std::unique_ptr<records::Records> records_;
  std::unique_ptr<Cards> cards_;
  access::Principal admin_;
};

}  // namespace peony::domain::cards::testing
