// A fresh database with the platform and domain migrations, an organisation (Asia/Shanghai) with
// two branches, every entity of the medical-aesthetics template, and the appointments services,
// for the appointments tests on both engines. The clock stands at 2026-11-24 08:00 local time;
// "tomorrow" is 2026-11-25.
#pragma once

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <memory>
#include <set>

#include "domain/appointments/appointments.h"
#include "domain/appointments/schedule.h"
#include "domain/appointments/store.h"
#include "domain/migrations.h"
#include "platform/access/bootstrap.h"
#include "platform/migrations.h"
#include "platform/records/records.h"
#include "platform/schema/catalog.h"
#include "platform/templates/templates.h"
#include "storage/crypto/key_ring.h"
#include "storage/migrations/migrations.h"
#include "unit/storage/db_fixture.h"

namespace peony::domain::appointments::testing {

inline const TimeZone& Shanghai() {
  static const TimeZone z = *TimeZone::Find("Asia/Shanghai");
  return z;
}
inline constexpr LocalDate kToday{2026, 11, 24};
inline constexpr LocalDate kTomorrow{2026, 11, 25};

inline UtcMillis LocalAt(LocalDate d, int h, int mi = 0) {
  LocalDateTime t;
  t.date = d;
  t.h = h;
  t.mi = mi;
  return Shanghai().ToUtc(t);
}

class AppointmentsTest : public ::testing::TestWithParam<storage::testing::Engine> {
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
    appts_ = std::make_unique<Appointments>(*db_, *records_, clock_);
    schedule_ = std::make_unique<Schedule>(*db_, *records_, clock_);
    admin_ = Principal(1, {"*"}, access::Scope::kAll, std::nullopt);
    CreateTemplateEntities();
    auto branches =
        db_->Read([](storage::Conn& c) { return c.Query("SELECT id FROM branches ORDER BY id"); });
    ASSERT_TRUE(branches.ok());
    ASSERT_EQ(branches->size(), 2u);
    branch_a_ = branches->Int(0, 0);
    branch_b_ = branches->Int(1, 0);
  }

  void CreateTemplateEntities() {
    auto t = templates::Load(templates::kDefaultTemplate);
    ASSERT_TRUE(t.ok()) << t.error().code;
    for (const auto& spec : t->entities) {
      auto created = catalog_->CreateEntity(org_id_, spec, {});
      ASSERT_TRUE(created.ok()) << spec.name << ": " << created.error().code << " "
                                << created.error().message_en;
    }
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

  int64_t Create(const std::string& entity, boost::json::object fields) {
    auto r = records_->Create(As(admin_), entity, fields);
    EXPECT_TRUE(r.ok()) << entity << ": " << (r.ok() ? "" : r.error().code);
    return r.ok() ? r->at("id").as_int64() : 0;
  }
  int64_t Customer(const std::string& name, const std::string& phone = "") {
    boost::json::object o{{"name", name}, {"branch_id", branch_a_}};
    if (!phone.empty()) o["phone"] = phone;
    return Create("customer", o);
  }
  // A practitioner at branch A working 10:00-18:00 every day (lunch 12:00-13:00).
  int64_t Practitioner(const std::string& name, boost::json::array skills, int64_t branch = 0) {
    const int64_t b = branch ? branch : branch_a_;
    const int64_t id = Create("staff", {{"name", name}, {"skills", skills}, {"branch_id", b}});
    boost::json::array week;
    for (int d = 0; d < 7; ++d) {
      week.push_back(boost::json::object{{"branch_id", b},
                                         {"weekday", d},
                                         {"start", "10:00"},
                                         {"end", "18:00"},
                                         {"breaks", boost::json::array{boost::json::object{
                                                        {"start", "12:00"}, {"end", "13:00"}}}}});
    }
    auto r = schedule_->SaveWeekly(As(admin_), id, {{"weekly", week}});
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().code);
    return id;
  }
  int64_t Service(const std::string& name, int minutes, const std::string& skill,
                  const std::string& room_type = "") {
    boost::json::object o{{"name", name}, {"duration_min", minutes}, {"required_skill", skill}};
    if (!room_type.empty()) o["room_type"] = room_type;
    return Create("service", o);
  }
  int64_t Room(const std::string& name, const std::string& type, int64_t branch = 0) {
    return Create(
        "room", {{"name", name}, {"room_type", type}, {"branch_id", branch ? branch : branch_a_}});
  }

  Result<Answer> Book(int64_t customer, int64_t service, UtcMillis start,
                      std::optional<int64_t> practitioner = std::nullopt) {
    BookInput in;
    in.customer_id = customer;
    in.service_id = service;
    in.branch_id = branch_a_;
    in.start = start;
    in.practitioner_id = practitioner;
    return appts_->Book(As(admin_), in);
  }

  struct Booked {
    int64_t id = 0, customer = 0, service = 0;
  };
  // A 60-minute 水光针 booked tomorrow at 10:00 for 李雪 with 张明远, the only practitioner.
  Booked BookOne() {
    Practitioner("张明远", {"注射"});
    Booked b;
    b.service = Service("水光针", 60, "注射");
    b.customer = Customer("李雪");
    auto booked = Book(b.customer, b.service, LocalAt(kTomorrow, 10));
    EXPECT_TRUE(booked.ok()) << (booked.ok() ? "" : booked.error().code);
    if (booked.ok()) b.id = booked->body.at("id").as_int64();
    return b;
  }

  int64_t Count(const std::string& sql) { return storage::testing::QueryInt(*db_, sql); }

  ManualClock clock_{LocalAt(kToday, 8)};
  std::unique_ptr<storage::Db> db_;
  int64_t org_id_ = 0, branch_a_ = 0, branch_b_ = 0;
  std::unique_ptr<storage::crypto::KeyRing> keys_;
  std::unique_ptr<schema::CatalogStore> catalog_;
  std::unique_ptr<records::Records> records_;
  std::unique_ptr<Appointments> appts_;
  std::unique_ptr<Schedule> schedule_;
  access::Principal admin_;
};

}  // namespace peony::domain::appointments::testing
