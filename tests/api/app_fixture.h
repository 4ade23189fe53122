// The whole Peony server (ServerApp) on a fresh data folder and database, on a free loopback port,
// for API tests that speak HTTP to it. Parameterised by the database engine.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "api/http_client.h"
#include "app/server_app.h"
#include "common/clock.h"
#include "unit/storage/db_fixture.h"

namespace peony::test {

inline constexpr const char* kAppAdminPassword = "Admin-pass-1";

class AppTest : public ::testing::TestWithParam<storage::testing::Engine> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Signs in; returns the headers (cookie + CSRF token) that later requests send.
  HeaderList Login(const std::string& username, const std::string& password = kAppAdminPassword);
  // A JSON request with the given auth headers.
  Resp Call(std::string_view method, std::string_view target, const std::string& body,
            const HeaderList& auth, const std::string& content_type = "application/json");
  int64_t CountRows(const std::string& table);

  uint16_t port() const { return app_->port(); }

  // Background job runners of the server (0: jobs run only when a test runs them, so a test that
  // checks their effects right after `jobs run-due` does not race the server's own runners).
  int jobs_workers_ = 2;

  std::unique_ptr<storage::testing::TestDatabase> database_;
  std::string data_dir_;
  app::Config config_;
  std::unique_ptr<app::ServerApp> app_;
  std::thread thread_;
  std::unique_ptr<HttpClient> client_;
};

}  // namespace peony::test
