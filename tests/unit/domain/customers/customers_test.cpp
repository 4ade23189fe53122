// The customers service on both engines: duplicate checks (phone and ID number are unique and
// blind-indexed), merging two customers with everything that points at them, relationships, the
// computed value from records, the 360 summary and lead conversion; and the refusals that write
// nothing.
#include "domain/customers/customers.h"

#include <boost/json/parse.hpp>

#include "domain/cards/errors.h"
#include "unit/domain/customers/customers_fixture.h"

namespace peony::domain::customers::testing {
namespace {

namespace json = boost::json;

constexpr const char* kPhone = "13800138000";
constexpr const char* kIdNumber = "11010519491231002X";

int64_t Int(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : 0;
}

using CustomerServiceTest = CustomersTest;

TEST_P(CustomerServiceTest, PhoneAndIdNumberAreUniqueAndStoredEncrypted) {
  NewCustomer("王丽华", std::nullopt, {{"phone", kPhone}, {"id_number", kIdNumber}});
  auto again = records_->Create(
      As(admin_), "customer", json::object{{"name", "王丽"}, {"id_number", "11010519491231002x"}});
  EXPECT_EQ(CodeOf(again), "record.duplicate");
  EXPECT_EQ(again.error().details.at("field").as_string(), "id_number");
  auto phone = records_->Create(As(admin_), "customer",
                                json::object{{"name", "王丽"}, {"phone", "138 0013 8000"}});
  EXPECT_EQ(CodeOf(phone), "record.duplicate");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM x_customer"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM x_customer WHERE f_id_number = ? OR f_phone = ?",
                  {kIdNumber, kPhone}),
            0);
}

TEST_P(CustomerServiceTest, ImportDedupesByIdNumberOrRefusesTheWholeFile) {
  const int64_t her = NewCustomer("王丽华", std::nullopt, {{"id_number", kIdNumber}});
  const std::string csv = "姓名,身份证号\n王丽华,11010519491231002x\n李秀英,440306199501011232\n";
  records::ImportOptions skip;
  skip.key = "id_number";
  skip.duplicates = records::Duplicates::kSkip;
  auto skipped = records_->Import(As(admin_), "customer", csv, skip);
  ASSERT_TRUE(skipped.ok()) << CodeOf(skipped);
  EXPECT_EQ(skipped->created, 1);
  EXPECT_EQ(skipped->skipped, 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM x_customer"), 2);

  // Without a key the unique index refuses the repeated number, and the file writes nothing.
  auto refused = records_->Import(
      As(admin_), "customer", "姓名,身份证号\n赵雪,31010419880312004X\n王丽,11010519491231002X\n",
      records::ImportOptions{});
  EXPECT_EQ(CodeOf(refused), "import.has_errors");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM x_customer"), 2);
  EXPECT_EQ(Read("customer", her).at("id_number").as_string(), kIdNumber);
}

TEST_P(CustomerServiceTest, DuplicatesFindsByPhoneOrIdNumberWithinTheCallersScopeMasked) {
  const int64_t her = NewCustomer("王丽华", branch_a_, {{"phone", kPhone}});
  const int64_t twin = NewCustomer("王丽", branch_a_, {{"id_number", kIdNumber}});
  NewCustomer("李秀英", branch_b_, {{"phone", "13900139000"}});
  auto both = svc_->Duplicates(As(admin_), "+86 138-0013-8000", "11010519491231002x");
  ASSERT_TRUE(both.ok()) << CodeOf(both);
  ASSERT_EQ(both->size(), 2u);
  EXPECT_EQ(both->at(0).at("id").as_int64(), her);
  EXPECT_EQ(both->at(0).at("match").as_string(), "phone");
  EXPECT_EQ(both->at(0).at("phone").as_string(), kPhone);
  EXPECT_EQ(both->at(1).at("id").as_int64(), twin);
  EXPECT_EQ(both->at(1).at("match").as_string(), "id_number");

  const auto desk =
      Principal(7, {"data.customer.read"}, access::Scope::kBranch, branch_a_);  // no unmask
  auto masked = svc_->Duplicates(As(desk), std::string(kPhone), std::nullopt);
  ASSERT_TRUE(masked.ok()) << CodeOf(masked);
  ASSERT_EQ(masked->size(), 1u);
  EXPECT_NE(masked->at(0).at("phone").as_string(), kPhone);
  auto other_branch = svc_->Duplicates(As(desk), std::string("13900139000"), std::nullopt);
  ASSERT_TRUE(other_branch.ok());
  EXPECT_TRUE(other_branch->empty());

  auto bad = svc_->Duplicates(As(admin_), std::string("12345"), std::string("110105"));
  EXPECT_EQ(CodeOf(bad), "customer.invalid");
  EXPECT_TRUE(bad.error().details.at("fields").as_object().contains("phone"));
  EXPECT_TRUE(bad.error().details.at("fields").as_object().contains("id_number"));
  EXPECT_EQ(CodeOf(svc_->Duplicates(As(admin_), std::nullopt, std::string(""))),
            "customer.invalid");
}

// The duplicate D has a treatment, a lead, a card, a customer she referred, a relation to the
// kept customer K, one to R, a task; K was referred by D and lacks a phone.
TEST_P(CustomerServiceTest, MergeMovesEverythingThatPointsAtTheDuplicateInOneTransaction) {
  const int64_t r = NewCustomer("张敏", branch_a_);
  const int64_t dup =
      NewCustomer("王丽华", branch_a_, {{"phone", kPhone}, {"note", "老客户"}, {"referrer", r}});
  const int64_t kept = NewCustomer("王丽华", branch_a_, {{"referrer", dup}, {"address", "静安"}});
  const int64_t referred = NewCustomer("赵雪", branch_a_, {{"referrer", dup}});
  const int64_t service = Create("service", {{"name", "水光针"}});
  const int64_t treatment = Create("treatment", {{"customer", dup}, {"service", service}});
  const int64_t lead = Create("lead", {{"name", "王丽华"}, {"customer", dup}});
  const int64_t self_rel =
      Create("customer_relation", {{"customer", dup}, {"related", kept}, {"kind", "family"}});
  const int64_t friend_rel =
      Create("customer_relation", {{"customer", r}, {"related", dup}, {"kind", "friend"}});
  cards::IssueInput in;
  in.customer_id = dup;
  in.kind = cards::Kind::kCount;
  in.items = {{service, 10}};
  auto card = cards_->Issue(As(admin_), in);
  ASSERT_TRUE(card.ok()) << CodeOf(card);
  const int64_t card_id = card->body.at("id").as_int64();
  ASSERT_TRUE(db_->WriteTx([&](storage::Conn& c) -> Status {
                   return StatusOf(
                       c.Exec("INSERT INTO tasks (org_id, assignee_id, title, entity, record_id, "
                              "created_at, updated_at) VALUES (?, 1, '回访', 'customer', ?, ?, ?)",
                              {org_id_, dup, clock_.Now(), clock_.Now()}));
                 })
                  .ok());
  // The appointments module's own rows of her booking and of her place on a waiting list.
  const UtcMillis at = clock_.Now() + 86'400'000;
  ASSERT_TRUE(db_->WriteTx([&](storage::Conn& c) -> Status {
                   PEONY_CHECK(c.Exec(
                       "INSERT INTO appointments (id, org_id, branch_id, customer_id, service_id, "
                       "start_at, end_at, busy_from, busy_to, booked_at, updated_at) VALUES "
                       "(990001, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       {org_id_, branch_a_, dup, service, at, at + 3'600'000, at, at + 3'600'000,
                        clock_.Now(), clock_.Now()}));
                   return StatusOf(
                       c.Exec("INSERT INTO appointment_waitlist (org_id, branch_id, customer_id, "
                              "service_id, day, created_at) VALUES (?, ?, ?, ?, '2026-12-01', ?)",
                              {org_id_, branch_a_, dup, service, clock_.Now()}));
                 })
                  .ok());
  const int64_t audits = Count("SELECT COUNT(*) FROM audit_log WHERE action = 'customer.merge'");

  auto merged = svc_->Merge(As(admin_), kept, dup);
  ASSERT_TRUE(merged.ok()) << CodeOf(merged) << " " << merged.error().message_en;
  EXPECT_EQ(merged->status, 200);
  EXPECT_FALSE(merged->replayed);
  const json::object& moved = merged->body.at("moved").as_object();
  EXPECT_EQ(Int(moved, "treatment"), 1);
  EXPECT_EQ(Int(moved, "lead"), 1);
  EXPECT_EQ(Int(moved, "card"), 1);
  EXPECT_EQ(Int(moved, "customer"), 2);  // the referred one, and K's own referrer cleared
  EXPECT_EQ(Int(moved, "customer_relation"), 2);
  EXPECT_EQ(Int(moved, "task"), 1);

  const json::object& customer = merged->body.at("customer").as_object();
  EXPECT_EQ(customer.at("id").as_int64(), kept);
  EXPECT_EQ(customer.at("phone").as_string(), kPhone);  // filled from the duplicate
  EXPECT_EQ(customer.at("note").as_string(), "老客户");
  EXPECT_EQ(customer.at("address").as_string(), "静安");  // hers kept
  EXPECT_EQ(customer.at("referrer").as_int64(), r);  // not by herself: the duplicate's referrer
  EXPECT_EQ(CodeOf(records_->Get(As(admin_), "customer", dup)), "record.not_found");

  EXPECT_EQ(Read("treatment", treatment).at("customer").as_int64(), kept);
  EXPECT_EQ(Read("lead", lead).at("customer").as_int64(), kept);
  EXPECT_EQ(Read("customer", referred).at("referrer").as_int64(), kept);
  EXPECT_EQ(Read("card", card_id).at("customer").as_int64(), kept);
  EXPECT_EQ(Read("customer_relation", friend_rel).at("related").as_int64(), kept);
  EXPECT_EQ(CodeOf(records_->Get(As(admin_), "customer_relation", self_rel)), "record.not_found");
  EXPECT_EQ(Count("SELECT customer_id FROM card_accounts WHERE card_id = ?", {card_id}), kept);
  EXPECT_EQ(Count("SELECT record_id FROM tasks WHERE title = '回访'"), kept);
  EXPECT_EQ(Count("SELECT customer_id FROM appointments WHERE id = 990001"), kept);
  EXPECT_EQ(Count("SELECT customer_id FROM appointment_waitlist"), kept);
  auto cards = cards_->ListForCustomer(As(admin_), kept);
  ASSERT_TRUE(cards.ok());
  EXPECT_EQ(cards->size(), 1u);
  auto ledgers = cards::VerifyLedgers(*db_);
  ASSERT_TRUE(ledgers.ok());
  EXPECT_TRUE(ledgers->empty());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'customer.merge'"), audits + 1);
  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM audit_log WHERE action = 'customer.merge' AND target_id = ?",
            {std::to_string(kept)}),
      1);
}

TEST_P(CustomerServiceTest, MergeWithAnIdempotencyKeyMergesOnceAndAnswersTheSame) {
  const int64_t kept = NewCustomer("王丽华", branch_a_);
  const int64_t dup = NewCustomer("王丽华", branch_a_, {{"phone", kPhone}});
  Create("treatment", {{"customer", dup}});
  const cards::Idempotency idem{"merge-1", "hash-1"};
  auto first = svc_->Merge(As(admin_), kept, dup, idem);
  ASSERT_TRUE(first.ok()) << CodeOf(first);
  auto again = svc_->Merge(As(admin_), kept, dup, idem);
  ASSERT_TRUE(again.ok()) << CodeOf(again);
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(json::serialize(again->body.at("moved")), json::serialize(first->body.at("moved")));
  EXPECT_EQ(again->body.at("customer").at("phone").as_string(), kPhone);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'customer.merge'"), 1);
  EXPECT_EQ(CodeOf(svc_->Merge(As(admin_), kept, dup, {"merge-1", "hash-2"})),
            "idempotency.key_reused");
  // Without the key, the duplicate is gone.
  EXPECT_EQ(CodeOf(svc_->Merge(As(admin_), kept, dup)), "customer.not_found");
}

TEST_P(CustomerServiceTest, RefusedMergesWriteNothing) {
  const int64_t kept = NewCustomer("王丽华", branch_a_);
  const int64_t dup = NewCustomer("王丽", branch_a_);
  const int64_t elsewhere = NewCustomer("李秀英", branch_b_);
  Create("treatment", {{"customer", dup}});
  const int64_t events = Count("SELECT COUNT(*) FROM record_events");
  const int64_t audits = Count("SELECT COUNT(*) FROM audit_log");
  EXPECT_EQ(CodeOf(svc_->Merge(As(admin_), kept, kept)), "customer.merge_self");
  EXPECT_EQ(CodeOf(svc_->Merge(As(admin_), kept, 424242)), "customer.not_found");
  EXPECT_EQ(CodeOf(svc_->Merge(As(admin_), 424242, dup)), "customer.not_found");
  // Merging in branch A only: a branch-B customer does not exist for her.
  const auto manager =
      Principal(5, {"customer.merge", "data.customer.read", "data.customer.update"},
                access::Scope::kBranch, branch_a_);
  EXPECT_EQ(CodeOf(svc_->Merge(As(manager), kept, elsewhere)), "customer.not_found");
  EXPECT_EQ(CodeOf(svc_->Merge(As(manager), elsewhere, kept)), "customer.not_found");
  // Reading all customers does not widen a branch merge grant.
  auto wide = manager;
  wide.scopes["data.customer.read"] = access::Scope::kAll;
  EXPECT_EQ(CodeOf(svc_->Merge(As(wide), kept, elsewhere)), "customer.not_found");
  EXPECT_EQ(CodeOf(svc_->Merge(As(admin_), kept, dup, {std::string(300, 'k'), "h"})),
            "idempotency.invalid_key");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM record_events"), events);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), audits);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM x_customer WHERE deleted_at IS NULL"), 3);
  // Within her branch the manager merges.
  auto ok = svc_->Merge(As(manager), kept, dup);
  ASSERT_TRUE(ok.ok()) << CodeOf(ok);
  EXPECT_EQ(Int(ok->body.at("moved").as_object(), "treatment"), 1);
}

TEST_P(CustomerServiceTest, RelationshipsShowReferrerReferredAndRelationsBothWays) {
  const int64_t her = NewCustomer("王丽华", branch_a_);
  const int64_t mum = NewCustomer("王秀兰", branch_a_);
  const int64_t friend_b = NewCustomer("李秀英", branch_b_);
  const int64_t colleague = NewCustomer("赵雪", branch_a_);
  ASSERT_TRUE(
      records_->Update(As(admin_), "customer", her, {{"referrer", mum}}, std::nullopt).ok());
  const int64_t referred = NewCustomer("陈静", branch_a_, {{"referrer", her}});
  Create("customer_relation", {{"customer", her}, {"related", mum}, {"kind", "family"}});
  Create("customer_relation",
         {{"customer", colleague}, {"related", her}, {"kind", "colleague"}, {"note", "同公司"}});
  Create("customer_relation", {{"customer", her}, {"related", friend_b}, {"kind", "friend"}});

  auto all = svc_->Relationships(As(admin_), her);
  ASSERT_TRUE(all.ok()) << CodeOf(all);
  EXPECT_EQ(all->at("referrer").at("id").as_int64(), mum);
  EXPECT_EQ(all->at("referrer").at("name").as_string(), "王秀兰");
  ASSERT_EQ(all->at("referred").as_array().size(), 1u);
  EXPECT_EQ(all->at("referred").at(0).at("id").as_int64(), referred);
  const auto& relations = all->at("relations").as_array();
  ASSERT_EQ(relations.size(), 3u);
  EXPECT_EQ(relations[0].at("kind").as_string(), "family");
  EXPECT_EQ(relations[0].at("customer").at("id").as_int64(), mum);
  EXPECT_EQ(relations[1].at("customer").at("id").as_int64(), colleague);  // the other direction
  EXPECT_EQ(relations[1].at("note").as_string(), "同公司");

  const auto desk = Principal(7, {"data.customer.read", "data.customer_relation.read"},
                              access::Scope::kBranch, branch_a_);
  auto limited = svc_->Relationships(As(desk), her);
  ASSERT_TRUE(limited.ok()) << CodeOf(limited);
  EXPECT_EQ(limited->at("relations").as_array().size(), 2u);  // not the branch-B friend
  EXPECT_EQ(CodeOf(svc_->Relationships(As(desk), friend_b)), "customer.not_found");
  EXPECT_EQ(CodeOf(svc_->Relationships(As(admin_), 424242)), "customer.not_found");
}

TEST_P(CustomerServiceTest, ValueComesFromPaymentsAndCompletedTreatments) {
  const int64_t her = NewCustomer("王丽华", branch_a_);
  const int64_t service = Create("service", {{"name", "水光针"}});
  for (int64_t days : {-90, -60, -30}) {
    Create("treatment", {{"customer", her},
                         {"service", service},
                         {"status", "completed"},
                         {"treated_at", DaysFromNow(days)}});
  }
  Create("treatment", {{"customer", her},
                       {"service", service},
                       {"status", "planned"},
                       {"treated_at", DaysFromNow(3)}});
  const int64_t order = Create("order", {{"customer", her}});
  Create("payment", {{"customer", her},
                     {"order_ref", order},
                     {"amount", 300'000},
                     {"kind", "payment"},
                     {"method", "wechat"},
                     {"paid_at", DaysFromNow(-90)}});
  Create("payment", {{"customer", her},
                     {"order_ref", order},
                     {"amount", 50'000},
                     {"kind", "refund"},
                     {"method", "wechat"},
                     {"paid_at", DaysFromNow(-80)}});
  Create("payment", {{"customer", her},
                     {"order_ref", order},
                     {"amount", 70'000},
                     {"kind", "payment"},
                     {"method", "stored_value"},
                     {"paid_at", DaysFromNow(-30)}});

  auto v = svc_->Value(As(admin_), her);
  ASSERT_TRUE(v.ok()) << CodeOf(v);
  EXPECT_EQ(v->at("total_spend_fen").as_int64(), 250'000);
  EXPECT_EQ(v->at("visits").as_int64(), 3);
  EXPECT_EQ(v->at("avg_interval_days").as_double(), 30.0);
  EXPECT_EQ(v->at("activity").as_string(), "active");
  EXPECT_FALSE(v->at("churn_risk").as_bool());
  ASSERT_EQ(v->at("next_visits").as_array().size(), 1u);
  const auto& next = v->at("next_visits").at(0);
  EXPECT_EQ(next.at("service_id").as_int64(), service);
  EXPECT_EQ(next.at("name").as_string(), "水光针");
  EXPECT_EQ(next.at("basis").as_string(), "own");
  const LocalDate last = *ParseDate(v->at("last_visit").as_string());
  EXPECT_EQ(next.at("predicted_on").as_string(), FormatDate(AddDays(last, 30)));

  // Settings move the thresholds: with 20 active days she is dormant.
  auto put = svc_->PutSettings(As(admin_), {{"active_days", 20}, {"dormant_days", 40}});
  ASSERT_TRUE(put.ok()) << CodeOf(put);
  EXPECT_EQ(svc_->Value(As(admin_), her)->at("activity").as_string(), "dormant");
  EXPECT_EQ(CodeOf(svc_->PutSettings(As(admin_), {{"dormant_days", 10}})),
            "customer.invalid_settings");
  EXPECT_EQ(svc_->Settings(org_id_)->dormant_days, 40);
  EXPECT_EQ(CodeOf(svc_->Value(As(admin_), 424242)), "customer.not_found");
}

TEST_P(CustomerServiceTest, OneVisitPredictsFromThePopulationsMedianInterval) {
  const int64_t service = Create("service", {{"name", "热玛吉"}});
  // Three customers come back every 10, 20 and 40 days: the median is 20.
  int64_t n = 0;
  for (int64_t gap : {10, 20, 40}) {
    const int64_t c = NewCustomer("客户" + std::to_string(++n), branch_a_);
    for (int64_t days : {int64_t{-100}, -100 + gap}) {
      Create("treatment", {{"customer", c},
                           {"service", service},
                           {"status", "completed"},
                           {"treated_at", DaysFromNow(days)}});
    }
  }
  const int64_t her = NewCustomer("王丽华", branch_a_);
  Create("treatment", {{"customer", her},
                       {"service", service},
                       {"status", "completed"},
                       {"treated_at", DaysFromNow(-5)}});
  auto v = svc_->Value(As(admin_), her);
  ASSERT_TRUE(v.ok()) << CodeOf(v);
  ASSERT_EQ(v->at("next_visits").as_array().size(), 1u);
  const auto& next = v->at("next_visits").at(0);
  EXPECT_EQ(next.at("basis").as_string(), "population");
  EXPECT_EQ(next.at("interval_days").as_double(), 20.0);
  const LocalDate last = *ParseDate(v->at("last_visit").as_string());
  EXPECT_EQ(next.at("predicted_on").as_string(), FormatDate(AddDays(last, 20)));
}

TEST_P(CustomerServiceTest, TheSummaryGathersProfileValueCardsTreatmentsAndOpenFollowUps) {
  const int64_t her = NewCustomer("王丽华", branch_a_, {{"phone", kPhone}});
  const int64_t service = Create("service", {{"name", "水光针"}});
  for (int i = 0; i < 22; ++i) {
    Create("treatment", {{"customer", her},
                         {"service", service},
                         {"status", "completed"},
                         {"treated_at", DaysFromNow(-30 + i)}});
  }
  Create("follow_up", {{"customer", her}, {"due_on", "2026-12-03"}, {"status", "pending"}});
  Create("follow_up", {{"customer", her}, {"due_on", "2026-12-01"}, {"status", "unreachable"}});
  Create("follow_up", {{"customer", her}, {"due_on", "2026-11-30"}, {"status", "done"}});
  cards::IssueInput in;
  in.customer_id = her;
  in.kind = cards::Kind::kCount;
  in.items = {{service, 10}};
  ASSERT_TRUE(cards_->Issue(As(admin_), in).ok());

  auto s = svc_->Summary(As(admin_), her);
  ASSERT_TRUE(s.ok()) << CodeOf(s);
  EXPECT_EQ(s->at("customer").at("phone").as_string(), kPhone);
  EXPECT_EQ(s->at("value").at("visits").as_int64(), 22);
  ASSERT_EQ(s->at("cards").as_array().size(), 1u);
  EXPECT_EQ(s->at("cards").at(0).at("sessions_left").at(0).at("sessions").as_int64(), 10);
  const auto& treatments = s->at("treatments").as_array();
  ASSERT_EQ(treatments.size(), 20u);
  EXPECT_GT(treatments[0].at("treated_at").as_string(), treatments[1].at("treated_at").as_string());
  const auto& follow_ups = s->at("follow_ups").as_array();
  ASSERT_EQ(follow_ups.size(), 2u);
  EXPECT_EQ(follow_ups[0].at("due_on").as_string(), "2026-12-01");
  EXPECT_TRUE(s->at("relationships").at("referrer").is_null());

  // A reader of customers only: masked profile, no cards or treatments.
  const auto reader = Principal(7, {"data.customer.read"}, access::Scope::kBranch, branch_a_);
  auto limited = svc_->Summary(As(reader), her);
  ASSERT_TRUE(limited.ok()) << CodeOf(limited);
  EXPECT_NE(limited->at("customer").at("phone").as_string(), kPhone);
  EXPECT_TRUE(limited->at("cards").as_array().empty());
  EXPECT_TRUE(limited->at("treatments").as_array().empty());
  const auto other = Principal(8, {"data.customer.read"}, access::Scope::kBranch, branch_b_);
  EXPECT_EQ(CodeOf(svc_->Summary(As(other), her)), "customer.not_found");
}

TEST_P(CustomerServiceTest, ConvertingALeadFindsHerByPhoneOrCreatesHer) {
  const int64_t known = NewCustomer("王丽华", branch_a_, {{"phone", kPhone}});
  const int64_t walk_in = Create(
      "lead",
      {{"name", "王丽华"}, {"phone", kPhone}, {"stage", "booked"}, {"branch_id", branch_a_}});
  auto found = svc_->ConvertLead(As(admin_), walk_in);
  ASSERT_TRUE(found.ok()) << CodeOf(found);
  EXPECT_EQ(found->at("customer_id").as_int64(), known);
  EXPECT_FALSE(found->at("created").as_bool());
  EXPECT_EQ(found->at("lead").at("customer").as_int64(), known);
  EXPECT_EQ(found->at("lead").at("stage").as_string(), "visited");
  EXPECT_EQ(CodeOf(svc_->ConvertLead(As(admin_), walk_in)), "lead.already_converted");

  const int64_t owner = Count("SELECT id FROM users WHERE username = 'consultant'");
  const int64_t fresh = Create("lead", {{"name", "李秀英"},
                                        {"phone", "13900139000"},
                                        {"channel", "douyin"},
                                        {"owner", owner},
                                        {"stage", "won"},
                                        {"branch_id", branch_b_}});
  auto created = svc_->ConvertLead(As(admin_), fresh);
  ASSERT_TRUE(created.ok()) << CodeOf(created);
  EXPECT_TRUE(created->at("created").as_bool());
  EXPECT_EQ(created->at("lead").at("stage").as_string(), "won");
  const json::object c = Read("customer", created->at("customer_id").as_int64());
  EXPECT_EQ(c.at("name").as_string(), "李秀英");
  EXPECT_EQ(c.at("phone").as_string(), "13900139000");
  EXPECT_EQ(c.at("source").as_string(), "douyin");
  EXPECT_EQ(c.at("consultant").as_int64(), owner);
  EXPECT_EQ(c.at("branch_id").as_int64(), branch_b_);
}

TEST_P(CustomerServiceTest, RefusedConversionsWriteNothing) {
  const int64_t lead = Create("lead", {{"name", "王丽华"}, {"branch_id", branch_b_}});
  const int64_t customers = Count("SELECT COUNT(*) FROM x_customer");
  const int64_t events = Count("SELECT COUNT(*) FROM record_events");
  EXPECT_EQ(CodeOf(svc_->ConvertLead(As(admin_), 424242)), "lead.not_found");
  const auto marketing =
      Principal(9, {"data.lead.read", "data.lead.update"}, access::Scope::kAll, branch_a_);
  EXPECT_EQ(CodeOf(svc_->ConvertLead(As(marketing), lead)), "record.forbidden");
  const auto desk_a = Principal(
      7, {"data.lead.read", "data.lead.update", "data.customer.create", "data.customer.read"},
      access::Scope::kBranch, branch_a_);
  EXPECT_EQ(CodeOf(svc_->ConvertLead(As(desk_a), lead)), "lead.not_found");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM x_customer"), customers);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM record_events"), events);
  EXPECT_TRUE(Read("lead", lead).at("customer").is_null());
}

INSTANTIATE_TEST_SUITE_P(Engines, CustomerServiceTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::domain::customers::testing
