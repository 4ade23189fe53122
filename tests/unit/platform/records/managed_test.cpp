// Entities a domain module manages (Records::Manage): only the module's own calls create, delete
// and restore their records or write the managed fields, on every path (single writes, bulk
// changes, imports, the engine API of rule actions), on both engines.
#include "platform/records/records.h"
#include "unit/platform/records/records_fixture.h"

namespace peony::records::testing {
namespace {

constexpr const char* kBooking = R"({"name":"booking","label":"预约","fields":[
  {"name":"start_at","label":"开始","type":"datetime","required":true},
  {"name":"status","label":"状态","type":"text"},
  {"name":"note","label":"备注","type":"text"}]})";

class ManagedTest : public RecordsTest {
 protected:
  void SetUp() override {
    RecordsTest::SetUp();
    if (IsSkipped()) return;
    Define(kBooking);
    records_->Manage("booking", {true, {"start_at", "status"}});
    auto r = records_->Create(Module(), "booking",
                              Obj(R"({"start_at":"2026-10-01T10:00:00+08:00","status":"booked"})"));
    ASSERT_TRUE(r.ok()) << r.error().code;
    id_ = r->at("id").as_int64();
  }
  Caller Module() { return Caller{admin_, "", true}; }
  std::string Code(const Status& s) { return s.ok() ? "ok" : s.error().code; }
  template <class T>
  std::string Code(const Result<T>& r) {
    return r.ok() ? "ok" : r.error().code;
  }
  // The stored values of the record, read as the module.
  boost::json::object Stored() {
    auto r = records_->Get(Module(), "booking", id_);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : boost::json::object{};
  }

  int64_t id_ = 0;
};

TEST_P(ManagedTest, OnlyTheModuleCreatesDeletesAndRestoresRecords) {
  // Not even the administrator, who holds "*", through the records API.
  auto made = records_->Create(As(admin_), "booking",
                               Obj(R"({"start_at":"2026-10-02T10:00:00+08:00","note":"x"})"));
  EXPECT_EQ(Code(made), "record.managed");
  EXPECT_EQ(made.error().details.at("entity").as_string(), "booking");
  EXPECT_EQ(Code(records_->Delete(As(admin_), "booking", id_)), "record.managed");
  BulkSelection all;
  all.ids = {id_};
  EXPECT_EQ(Code(records_->BulkDelete(As(admin_), "booking", all)), "record.managed");
  EXPECT_EQ(Code(records_->Import(As(admin_), "booking", "开始,备注\n2026-10-03 10:00,导入\n",
                                  ImportOptions{})),
            "record.managed");
  EXPECT_EQ(ListAll("booking", {}).size(), 1u);  // nothing was written

  ASSERT_EQ(Code(records_->Delete(Module(), "booking", id_)), "ok");
  EXPECT_EQ(Code(records_->Restore(As(admin_), "booking", id_)), "record.managed");
  EXPECT_EQ(Code(records_->Restore(Module(), "booking", id_)), "ok");
}

TEST_P(ManagedTest, OnlyTheModuleWritesManagedFieldsOthersStayEditable) {
  auto moved = records_->Update(As(admin_), "booking", id_,
                                Obj(R"({"start_at":"2026-10-01T15:00:00+08:00"})"), std::nullopt);
  EXPECT_EQ(Code(moved), "record.read_only");
  EXPECT_EQ(moved.error().details.at("field").as_string(), "start_at");
  // A patch mixing a managed and a free field writes neither.
  EXPECT_EQ(Code(records_->Update(As(admin_), "booking", id_,
                                  Obj(R"({"note":"改","status":"cancelled"})"), std::nullopt)),
            "record.read_only");
  EXPECT_EQ(Stored().at("status").as_string(), "booked");
  const boost::json::object before = Stored();
  EXPECT_TRUE(!before.contains("note") || before.at("note").is_null());
  // Sending a managed value back unchanged (a whole form saved) is fine.
  auto noted = records_->Update(As(admin_), "booking", id_,
                                Obj(R"({"note":"带朋友来","status":"booked"})"), std::nullopt);
  ASSERT_EQ(Code(noted), "ok");
  EXPECT_EQ(noted->at("note").as_string(), "带朋友来");

  BulkSelection all;
  all.ids = {id_};
  EXPECT_EQ(Code(records_->BulkUpdate(As(admin_), "booking", all, Obj(R"({"status":"done"})"))),
            "record.read_only");
  // The engine API as a rule action uses it (not as the module) is held to the same rule.
  auto by_rule = db_->Write([&](storage::Conn& c) {
    return records_->UpdateInTx(c, As(admin_), "booking", id_, Obj(R"({"status":"done"})"), 1);
  });
  EXPECT_EQ(Code(by_rule), "record.read_only");
  EXPECT_EQ(Stored().at("status").as_string(), "booked");

  auto by_module =
      records_->Update(Module(), "booking", id_, Obj(R"({"status":"completed"})"), std::nullopt);
  ASSERT_EQ(Code(by_module), "ok");
  EXPECT_EQ(Stored().at("status").as_string(), "completed");
}

TEST_P(ManagedTest, TheFirstDeclarationHolds) {
  records_->Manage("booking", {false, {}});
  EXPECT_EQ(Code(records_->Create(As(admin_), "booking",
                                  Obj(R"({"start_at":"2026-10-02T10:00:00+08:00"})"))),
            "record.managed");
  ASSERT_NE(records_->ManagedOf("booking"), nullptr);
  EXPECT_EQ(records_->ManagedOf("booking")->fields.count("status"), 1u);
  EXPECT_EQ(records_->ManagedOf("lead"), nullptr);
}

INSTANTIATE_TEST_SUITE_P(Engines, ManagedTest, ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::records::testing
