// The server with the medical-aesthetics template applied (entities, roles with their grants for
// the demo staff, rules), for the customer API tests: the administrator, the front desk and the
// manager of the first branch, marketing of the second.
#pragma once

#include <boost/json/serialize.hpp>
#include <string>

#include "api/app_fixture.h"

namespace peony::test {

class ClinicApiTest : public AppTest {
 protected:
  // The template's rules (follow-up plans) run only when a test runs the jobs, so what a test
  // reads does not depend on the server's background runners.
  ClinicApiTest() { jobs_workers_ = 0; }

  void SetUp() override {
    AppTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    admin_ = Login("admin");
    Resp applied = Call("POST", "/api/v1/templates/medical-aesthetics/apply", "", admin_);
    ASSERT_EQ(applied.status, 200) << applied.body;
    auto db = database_->Open();
    ASSERT_TRUE(db);
    branch_a_ = storage::testing::QueryInt(*db, "SELECT MIN(id) FROM branches");
    branch_b_ = storage::testing::QueryInt(*db, "SELECT MAX(id) FROM branches");
    ASSERT_NE(branch_a_, branch_b_);
  }

  int64_t Query(const std::string& sql, const storage::Params& params = {}) {
    auto db = database_->Open();
    return db ? storage::testing::QueryInt(*db, sql, params) : -1;
  }
  // Creates a record through the data API as the administrator; its id.
  int64_t Create(const std::string& entity, const boost::json::object& body) {
    Resp r = Call("POST", "/api/v1/data/" + entity, boost::json::serialize(body), admin_);
    EXPECT_EQ(r.status, 201) << entity << " " << r.body;
    return r.status == 201 ? r.Json().at("id").as_int64() : 0;
  }
  static std::string Code(const Resp& r) {
    const auto j = r.Json();
    if (!j.is_object() || !j.as_object().contains("error")) return "";
    return std::string(j.at("error").at("code").as_string());
  }
  static bool NamesField(const Resp& r, const char* field) {
    const auto j = r.Json();
    return j.is_object() && j.as_object().contains("error") &&
           j.at("error").at("details").at("fields").as_object().contains(field);
  }

  HeaderList admin_;
  int64_t branch_a_ = 0, branch_b_ = 0;
};

}  // namespace peony::test
