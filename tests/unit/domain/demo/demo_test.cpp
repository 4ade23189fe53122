// The demo clinic on both engines: deterministic, as large as promised, with valid and unique
// personal numbers, a history for every customer, and added only once.
#include "domain/demo/demo.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>
#include <memory>
#include <set>

#include "domain/cards/cards.h"
#include "domain/demo/people.h"
#include "domain/migrations.h"
#include "platform/access/bootstrap.h"
#include "platform/migrations.h"
#include "platform/templates/templates.h"
#include "storage/crypto/key_ring.h"
#include "storage/migrations/migrations.h"
#include "unit/storage/db_fixture.h"

namespace peony::domain::demo {
namespace {

namespace json = boost::json;
using storage::testing::Engine;

// templates/ next to the build folder of the test binary (build-asan/peony_tests).
// The GB 11643 check, written apart from the generator's.
bool ValidIdNumber(const std::string& id) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  if (id.size() != 18) return false;
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    if (id[i] < '0' || id[i] > '9') return false;
    sum += (id[i] - '0') * kWeights[i];
  }
  return "10X98765432"[sum % 11] == id[17];
}

bool ValidMobile(const std::string& phone) {
  if (phone.size() != 11 || phone[0] != '1' || phone[1] < '3' || phone[1] > '9') return false;
  for (char c : phone) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// One organisation as `peony init --demo` leaves it before the demo data: Bootstrap's demo (two
// branches, seven staff logins) and the template's entities.
class Clinic {
 public:
  explicit Clinic(Engine engine, bool with_template = true) {
    db_ = storage::testing::MakeTestDb(engine);
    if (!db_) return;
    auto migrations = platform::Migrations();
    for (auto& m : domain::Migrations()) migrations.push_back(std::move(m));
    EXPECT_TRUE(storage::Migrate(*db_, migrations).ok());
    access::BootstrapOptions o;
    o.admin_password = "Admin-pass-1";
    o.demo = true;
    o.password_params = {1, 64, 1};
    auto boot = access::Bootstrap(*db_, clock_, o);
    EXPECT_TRUE(boot.ok()) << boot.error().code;
    org_id_ = boot.ok() ? boot->org_id : 0;
    keys_ = std::make_unique<storage::crypto::KeyRing>(storage::crypto::KeyRing::Generate());
    catalog_ = std::make_unique<schema::CatalogStore>(*db_, clock_, 0);
    records_ = std::make_unique<records::Records>(*db_, *catalog_, clock_, *keys_);
    if (with_template) CreateTemplateEntities();
  }
  bool available() const { return db_ != nullptr; }

  Result<DemoSummary> Generate(DemoOptions options) {
    options.password_params = {1, 64, 1};
    return demo::Generate(*db_, *catalog_, *records_, clock_, org_id_, options);
  }

  // Every live record of `entity`, unmasked, by id.
  std::vector<json::object> All(const std::string& entity) {
    std::vector<json::object> out;
    auto read = db_->Read([&](storage::Conn& c) -> Status {
      PEONY_TRY(auto ids, records_->SelectIdsInTx(c, org_id_, entity, nullptr, 1'000'000));
      for (int64_t id : ids) {
        PEONY_TRY(auto record, records_->ReadInTx(c, org_id_, entity, id));
        if (record) out.push_back(std::move(*record));
      }
      return Ok();
    });
    EXPECT_TRUE(read.ok()) << entity << ": " << read.error().code;
    return out;
  }
  int64_t Count(std::string_view sql) { return storage::testing::QueryInt(*db_, sql); }

  // Everything the demo wrote, as text, for comparing two clinics.
  std::string Dump() {
    std::string out;
    for (const char* e :
         {"staff", "service", "product", "card_product", "customer", "lead", "consultation",
          "diagnosis", "plan", "card", "order", "payment", "treatment", "follow_up"}) {
      for (const auto& r : All(e)) out += std::string(e) + " " + json::serialize(r) + "\n";
    }
    return out;
  }

  ManualClock clock_{1'790'000'000'000};  // 2026-09-21
  std::unique_ptr<storage::Db> db_;
  int64_t org_id_ = 0;
  std::unique_ptr<storage::crypto::KeyRing> keys_;
  std::unique_ptr<schema::CatalogStore> catalog_;
  std::unique_ptr<records::Records> records_;

 private:
  void CreateTemplateEntities() {
    auto t = templates::Load(templates::kDefaultTemplate);
    ASSERT_TRUE(t.ok()) << t.error().code;
    for (const auto& spec : t->entities) {
      auto created = catalog_->CreateEntity(org_id_, spec, {});
      ASSERT_TRUE(created.ok()) << spec.name << ": " << created.error().code << " "
                                << created.error().message_en;
    }
  }
};

class DemoTest : public ::testing::TestWithParam<Engine> {};

TEST(DemoPeople, CheckCharacterFollowsGb11643) {
  // The standard's own example.
  EXPECT_EQ(internal::IdCheckCharacter("11010519491231002"), 'X');
  EXPECT_EQ(internal::IdCheckCharacter("44030419900101001"), '1');  // 440304199001010011
  EXPECT_TRUE(ValidIdNumber("440304199001010011"));
}

TEST(DemoPeople, NumbersAreValidAndPhonesNeverRepeat) {
  internal::Random r(7);
  internal::People people(r);
  std::set<std::string> phones;
  for (int i = 0; i < 2000; ++i) {
    const auto p = people.Next(i % 5 != 0, 20, 50, LocalDate{2026, 9, 21});
    EXPECT_TRUE(ValidMobile(p.phone)) << p.phone;
    EXPECT_TRUE(ValidIdNumber(p.id_number)) << p.id_number;
    // The 17th digit is even for women and odd for men; the birth date is in the number.
    EXPECT_EQ((p.id_number[16] - '0') % 2 == 0, p.female) << p.id_number;
    EXPECT_EQ(p.id_number.substr(6, 8), FormatDate(p.birthday).erase(4, 1).erase(6, 1));
    EXPECT_TRUE(phones.insert(p.phone).second) << p.phone;
    EXPECT_GE(p.name.size(), 6u);  // two or three Chinese characters
  }
}

TEST_P(DemoTest, SameSeedGivesTheSameClinicAndAnotherSeedAnother) {
  Clinic a(GetParam()), b(GetParam()), c(GetParam());
  if (!a.available()) GTEST_SKIP() << "engine not available";
  DemoOptions o;
  o.customers = 30;
  auto ra = a.Generate(o);
  auto rb = b.Generate(o);
  ASSERT_TRUE(ra.ok()) << ra.error().code << " " << ra.error().message_en;
  ASSERT_TRUE(rb.ok()) << rb.error().code;
  const std::string dump = a.Dump();
  EXPECT_EQ(dump, b.Dump());
  EXPECT_EQ(ra->treatments, rb->treatments);
  EXPECT_GT(dump.size(), 10'000u);
  o.seed += 1;
  ASSERT_TRUE(c.Generate(o).ok());
  EXPECT_NE(dump, c.Dump());
}

TEST_P(DemoTest, FillsTheClinicAsPromisedAndOnlyOnce) {
  Clinic clinic(GetParam());
  if (!clinic.available()) GTEST_SKIP() << "engine not available";
  auto r = clinic.Generate({});
  ASSERT_TRUE(r.ok()) << r.error().code << " " << r.error().message_en;
  std::cout << "[ demo ] " << (GetParam() == Engine::kSqlite ? "SQLite" : "PostgreSQL") << ": "
            << r->customers << " customers, " << r->leads << " leads, " << r->consultations
            << " consultations, " << r->orders << " orders, " << r->payments << " payments, "
            << r->cards << " cards, " << r->treatments << " treatments, " << r->follow_ups
            << " follow-ups in " << r->elapsed_ms << " ms\n";

  // Counts as promised, and as written.
  EXPECT_EQ(r->customers, 200);
  EXPECT_EQ(r->staff, 20);
  EXPECT_EQ(r->services, 25);
  EXPECT_GE(r->leads, 350);
  EXPECT_GE(r->orders, 400);
  EXPECT_GE(r->treatments, 600);
  EXPECT_GE(r->follow_ups, 600);
  EXPECT_GE(r->cards, 50);
  const auto customers = clinic.All("customer");
  EXPECT_EQ(static_cast<int64_t>(customers.size()), r->customers);
  EXPECT_EQ(static_cast<int64_t>(clinic.All("treatment").size()), r->treatments);
  EXPECT_EQ(static_cast<int64_t>(clinic.All("lead").size()), r->leads);

  // Twenty staff over two branches; Bootstrap's seven logins among them.
  EXPECT_EQ(clinic.Count("SELECT COUNT(*) FROM users"), 21);  // and the administrator
  EXPECT_EQ(clinic.Count("SELECT COUNT(DISTINCT branch_id) FROM users"), 2);
  std::set<int64_t> accounts;
  for (const auto& s : clinic.All("staff")) accounts.insert(s.at("account").as_int64());
  EXPECT_EQ(accounts.size(), 20u);

  // Every phone unique and valid; ID numbers valid; mostly women; a history for everyone.
  std::set<std::string> phones;
  int women = 0, referred = 0;
  std::map<int64_t, int> events;
  for (const auto& c : customers) {
    const std::string phone(c.at("phone").as_string());
    EXPECT_TRUE(ValidMobile(phone)) << phone;
    EXPECT_TRUE(phones.insert(phone).second) << "duplicate phone";
    if (const auto* id = c.if_contains("id_number"); id && id->is_string()) {
      EXPECT_TRUE(ValidIdNumber(std::string(id->as_string())));
    }
    if (c.at("gender") == "female") ++women;
    if (!c.at("referrer").is_null()) ++referred;
    events[c.at("id").as_int64()] = 0;
  }
  EXPECT_GT(women, 150);
  EXPECT_GT(referred, 5);
  for (const char* e : {"consultation", "order", "treatment", "payment", "follow_up"}) {
    for (const auto& rec : clinic.All(e)) ++events[rec.at("customer").as_int64()];
  }
  for (const auto& [id, n] : events) EXPECT_GE(n, 3) << "customer " << id;

  // Money adds up: each order's payments less refunds equal what it says was paid.
  std::map<int64_t, int64_t> paid;
  for (const auto& p : clinic.All("payment")) {
    const int64_t amount = p.at("amount").as_int64();
    paid[p.at("order_ref").as_int64()] += p.at("kind") == "refund" ? -amount : amount;
  }
  int refunded = 0;
  for (const auto& o : clinic.All("order")) {
    const int64_t id = o.at("id").as_int64();
    if (o.at("status") == "refunded") {
      ++refunded;
      EXPECT_EQ(paid[id], 0) << "order " << id;
      continue;
    }
    EXPECT_EQ(paid[id], o.at("paid").as_int64()) << "order " << id;
    EXPECT_EQ(o.at("total").as_int64() - o.at("paid").as_int64(), o.at("arrears").as_int64());
  }
  EXPECT_GT(refunded, 0);

  // Cards were issued through the cards service: every one has its ledger, and balances agree.
  EXPECT_EQ(clinic.Count("SELECT COUNT(*) FROM card_accounts"), r->cards);
  EXPECT_EQ(clinic.Count("SELECT COUNT(DISTINCT card_id) FROM card_ledger"), r->cards);
  EXPECT_GT(clinic.Count("SELECT COUNT(*) FROM card_ledger WHERE kind = 'deduct'"), r->cards);
  auto mismatches = cards::VerifyLedgers(*clinic.db_);
  ASSERT_TRUE(mismatches.ok());
  EXPECT_TRUE(mismatches->empty()) << mismatches->front();

  // Dated over the eighteen months before now (appointments up to three weeks ahead).
  const std::string first = "2025-03-21", last = "2026-10-13";
  for (const auto& t : clinic.All("treatment")) {
    const std::string at(t.at("treated_at").as_string());
    EXPECT_GE(at.substr(0, 10), first);
    EXPECT_LE(at.substr(0, 10), last);
    if (t.at("status") == "completed") {
      EXPECT_LE(at, FormatRfc3339(clinic.clock_.Now()));
      EXPECT_FALSE(t.at("practitioner").is_null());
    }
  }

  // A second run changes nothing.
  const int64_t users = clinic.Count("SELECT COUNT(*) FROM users");
  auto again = clinic.Generate({});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "demo.already_filled");
  EXPECT_EQ(clinic.All("customer").size(), customers.size());
  EXPECT_EQ(clinic.Count("SELECT COUNT(*) FROM users"), users);
}

TEST_P(DemoTest, BadOptionsAndAMissingTemplateWriteNothing) {
  Clinic clinic(GetParam());
  if (!clinic.available()) GTEST_SKIP() << "engine not available";
  for (auto [customers, months] : {std::pair{0, 18}, {10001, 18}, {200, 0}, {200, 61}}) {
    DemoOptions o;
    o.customers = customers;
    o.months = months;
    auto r = clinic.Generate(o);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "demo.invalid_options");
  }
  EXPECT_TRUE(clinic.All("staff").empty());
  EXPECT_EQ(clinic.Count("SELECT COUNT(*) FROM users"), 8);

  Clinic bare(GetParam(), false);
  auto r = bare.Generate({});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "schema.entity_not_found");
  EXPECT_EQ(bare.Count("SELECT COUNT(*) FROM users"), 8);
}

INSTANTIATE_TEST_SUITE_P(Engines, DemoTest, ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::domain::demo
