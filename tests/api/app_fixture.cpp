#include "api/app_fixture.h"

#include "app/database.h"
#include "platform/access/bootstrap.h"
#include "storage/crypto/key_ring.h"

namespace peony::test {

void AppTest::SetUp() {
  database_ = storage::testing::TestDatabase::Create(GetParam());
  if (!database_) GTEST_SKIP() << "engine not available";
  data_dir_ = ::testing::TempDir() + "peony-app-" + std::to_string(::getpid()) + "-" +
              std::to_string(reinterpret_cast<uintptr_t>(this));
  std::filesystem::create_directories(data_dir_);
  config_.data_dir = data_dir_;
  config_.db_url = database_->url();
  config_.listen = "127.0.0.1:0";
  config_.access_log = false;
  config_.handle_signals = false;
  config_.workers = 4;
  config_.jobs_workers = jobs_workers_;
  ASSERT_TRUE(storage::crypto::CreateKeyFile(config_.KeyFile()).ok());
  {
    auto db = app::OpenAndMigrate(config_);
    ASSERT_TRUE(db.ok()) << db.error().code;
    access::BootstrapOptions o;
    o.admin_password = kAppAdminPassword;
    o.demo = true;
    o.password_params = {1, 64, 1};
    auto r = access::Bootstrap(**db, SystemClock::Instance(), o);
    ASSERT_TRUE(r.ok()) << r.error().code;
  }
  app_ = std::make_unique<app::ServerApp>(SystemClock::Instance());
  auto started = app_->Start(config_);
  ASSERT_TRUE(started.ok()) << started.error().code;
  thread_ = std::thread([this] { app_->Run(); });
  client_ = std::make_unique<HttpClient>(app_->port());
}

void AppTest::TearDown() {
  client_.reset();
  if (app_) app_->Stop();
  if (thread_.joinable()) thread_.join();
  app_.reset();
  if (!data_dir_.empty()) std::filesystem::remove_all(data_dir_);
}

HeaderList AppTest::Login(const std::string& username, const std::string& password) {
  Resp r = client_->Send("POST", "/api/v1/auth/login",
                         R"({"username":")" + username + R"(","password":")" + password + R"("})",
                         {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 200) << r.body;
  const std::string cookie = r.Header("set-cookie");
  const auto semi = cookie.find(';');
  HeaderList auth{{"Cookie", cookie.substr(0, semi)}};
  auto j = r.Json();
  if (j.is_object() && j.as_object().contains("csrf_token")) {
    auth.emplace_back("X-CSRF-Token", std::string(j.at("csrf_token").as_string()));
  }
  return auth;
}

Resp AppTest::Call(std::string_view method, std::string_view target, const std::string& body,
                   const HeaderList& auth, const std::string& content_type) {
  HeaderList h = auth;
  if (!content_type.empty()) h.emplace_back("Content-Type", content_type);
  h.emplace_back("Accept-Language", "en-US");
  return client_->Send(method, target, body, h);
}

int64_t AppTest::CountRows(const std::string& table) {
  auto db = database_->Open();
  if (!db) return -1;
  return storage::testing::QueryInt(*db, "SELECT COUNT(*) FROM " + table);
}

}  // namespace peony::test
