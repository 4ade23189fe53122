// A fresh database with the platform migrations and an organisation, a catalog, a records engine
// and principals with different grants, for records and catalog tests on both engines.
#pragma once

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <memory>

#include "platform/access/bootstrap.h"
#include "platform/migrations.h"
#include "platform/records/records.h"
#include "platform/schema/catalog.h"
#include "storage/crypto/key_ring.h"
#include "storage/migrations/migrations.h"
#include "unit/storage/db_fixture.h"

namespace peony::records::testing {

inline boost::json::object Obj(std::string_view json) {
  return boost::json::parse(json).as_object();
}

class RecordsTest : public ::testing::TestWithParam<storage::testing::Engine> {
 protected:
  void SetUp() override {
    db_ = storage::testing::MakeTestDb(GetParam());
    if (!db_) GTEST_SKIP() << "engine not available";
    ASSERT_TRUE(storage::Migrate(*db_, platform::Migrations()).ok());
    access::BootstrapOptions o;
    o.admin_password = "Admin-pass-1";
    o.demo = true;
    o.password_params = {1, 64, 1};
    auto r = access::Bootstrap(*db_, clock_, o);
    ASSERT_TRUE(r.ok()) << r.error().code;
    org_id_ = r->org_id;
    keys_ = std::make_unique<storage::crypto::KeyRing>(storage::crypto::KeyRing::Generate());
    catalog_ = std::make_unique<schema::CatalogStore>(*db_, clock_, 0);
    records_ = std::make_unique<Records>(*db_, *catalog_, clock_, *keys_);
    admin_ = Principal(1, {"*"}, access::Scope::kAll, 1);
  }

  // A principal of the organisation with the given permissions and scope.
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

  schema::EntityDef Define(std::string_view json) {
    auto o = Obj(json);
    schema::EntitySpec spec;
    spec.name = std::string(o.at("name").as_string());
    spec.label = std::string(o.at("label").as_string());
    if (o.contains("options")) spec.options = o.at("options").as_object();
    for (const auto& f : o.at("fields").as_array()) {
      const auto& fo = f.as_object();
      schema::FieldSpec s;
      s.name = std::string(fo.at("name").as_string());
      s.label = std::string(fo.at("label").as_string());
      s.type = std::string(fo.at("type").as_string());
      s.required = fo.contains("required") && fo.at("required").as_bool();
      s.unique = fo.contains("unique") && fo.at("unique").as_bool();
      s.sensitive = fo.contains("sensitive") && fo.at("sensitive").as_bool();
      if (fo.contains("options")) s.options = fo.at("options").as_object();
      spec.fields.push_back(std::move(s));
    }
    auto e = catalog_->CreateEntity(org_id_, spec, {});
    EXPECT_TRUE(e.ok()) << (e.ok() ? "" : e.error().code + " " + e.error().message_en);
    return e.ok() ? *e : schema::EntityDef{};
  }

  Caller As(const access::Principal& p) { return Caller{p, "127.0.0.1"}; }

  // Every item of a list, page by page through next_cursor (at most 50 pages), as the admin.
  std::vector<boost::json::object> ListAll(const std::string& entity, ListQuery q) {
    std::vector<boost::json::object> out;
    for (int page = 0; page < 50; ++page) {
      auto r = records_->List(As(admin_), entity, q);
      EXPECT_TRUE(r.ok()) << r.error().code;
      if (!r.ok()) break;
      for (const auto& item : r->items) out.push_back(item.as_object());
      if (!r->next_cursor) break;
      q.cursor = *r->next_cursor;
    }
    return out;
  }

  ManualClock clock_{1'790'000'000'000};
  std::unique_ptr<storage::Db> db_;
  int64_t org_id_ = 0;
  std::unique_ptr<storage::crypto::KeyRing> keys_;
  std::unique_ptr<schema::CatalogStore> catalog_;
  std::unique_ptr<Records> records_;
  access::Principal admin_;
};

}  // namespace peony::records::testing
