// Starts tests/fakes/fake_providers.py (fake Alibaba Cloud SMS, Tencent Cloud SMS, WeChat Work,
// webhook receiver and SMTP relay; see the script's docstring) for one test, and reads what it
// recorded.
//
//   test::FakeProviders fake;                       // a fresh process per object
//   ASSERT_TRUE(fake.ok());
//   config["endpoint"] = fake.HttpUrl();           // "http://127.0.0.1:<port>"
//   … send …
//   boost::json::array seen = fake.Requests("aliyun");
//   EXPECT_TRUE(seen[0].at("signature_ok").as_bool());
//
// The process ends with the object (SIGKILL), or by itself when the test process dies (its stdin
// closes). Header-only so API tests can use it too.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "platform/notify/http_post.h"

extern char** environ;

namespace peony::test {

// Credentials the fakes accept.
inline constexpr std::string_view kFakeAliyunKeyId = "fake-ak";
inline constexpr std::string_view kFakeAliyunSecret = "fake-secret";
inline constexpr std::string_view kFakeTencentId = "fake-sid";
inline constexpr std::string_view kFakeTencentKey = "fake-skey";
inline constexpr std::string_view kFakeWecomCorp = "fake-corp";
inline constexpr std::string_view kFakeWecomSecret = "fake-corp-secret";
inline constexpr std::string_view kFakeWebhookSecret = "fake-webhook-secret";
inline constexpr std::string_view kFakeSmtpUser = "mailer";
inline constexpr std::string_view kFakeSmtpPassword = "fake-mail-pass";

class FakeProviders {
 public:
  FakeProviders() { Start(); }
  ~FakeProviders() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
    if (stdin_fd_ >= 0) close(stdin_fd_);
  }
  FakeProviders(const FakeProviders&) = delete;
  FakeProviders& operator=(const FakeProviders&) = delete;

  bool ok() const { return http_port_ > 0 && smtp_port_ > 0; }
  int http_port() const { return http_port_; }
  int smtp_port() const { return smtp_port_; }
  std::string HttpUrl(std::string_view path = "") const {
    return "http://127.0.0.1:" + std::to_string(http_port_) + std::string(path);
  }

  // Every recorded request, oldest first; with a provider ("aliyun", "tencent", "wecom",
  // "webhook", "smtp"), only its requests.
  boost::json::array Requests(std::string_view provider = "") const {
    notify::HttpRequest r;
    r.method = "GET";
    r.url = HttpUrl("/_requests");
    const notify::HttpResponse resp = notify::HttpCall(r);
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(resp.body, ec);
    if (ec || !v.is_array()) return {};
    if (provider.empty()) return std::move(v.as_array());
    boost::json::array out;
    for (auto& item : v.as_array()) {
      if (item.is_object() && item.as_object().at("provider").as_string() == provider) {
        out.push_back(std::move(item));
      }
    }
    return out;
  }

  // How the fakes answer from now on ("ok", "500", "timeout", "error_code", "throttle",
  // "token_expired", "garbage"), for one provider or (empty) all.
  bool SetMode(std::string_view mode, std::string_view provider = "") const {
    boost::json::object body{{"mode", mode}};
    if (!provider.empty()) body["provider"] = provider;
    notify::HttpRequest r;
    r.url = HttpUrl("/_mode");
    r.headers = {"Content-Type: application/json"};
    r.body = boost::json::serialize(body);
    return notify::HttpCall(r).status == 200;
  }

 private:
  static std::filesystem::path Script() {
    namespace fs = std::filesystem;
    const fs::path beside = fs::path(__FILE__).parent_path() / "fake_providers.py";
    std::error_code ec;
    if (fs::exists(beside, ec)) return beside;
    for (fs::path dir = fs::current_path(ec); !dir.empty(); dir = dir.parent_path()) {
      const fs::path candidate = dir / "tests" / "fakes" / "fake_providers.py";
      if (fs::exists(candidate, ec)) return candidate;
      if (dir == dir.parent_path()) break;
    }
    return beside;
  }

  void Start() {
    int in_pipe[2];
    int out_pipe[2];
    if (pipe2(in_pipe, O_CLOEXEC) != 0) return;
    if (pipe2(out_pipe, O_CLOEXEC) != 0) {
      close(in_pipe[0]);
      close(in_pipe[1]);
      return;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in_pipe[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
    const std::string script = Script().string();
    char arg0[] = "python3";
    std::string arg1 = script;
    char* argv[] = {arg0, arg1.data(), nullptr};
    const int rc = posix_spawnp(&pid_, "python3", &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(in_pipe[0]);
    close(out_pipe[1]);
    stdin_fd_ = in_pipe[1];
    if (rc != 0) {
      pid_ = -1;
      close(out_pipe[0]);
      return;
    }
    // Two lines: the HTTP port and the SMTP port (10 s at most: a cold python3 start).
    std::string text;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::count(text.begin(), text.end(), '\n') < 2) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd p{out_pipe[0], POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
      char buf[64];
      const ssize_t n = read(out_pipe[0], buf, sizeof buf);
      if (n <= 0) break;
      text.append(buf, static_cast<size_t>(n));
    }
    close(out_pipe[0]);
    const size_t nl = text.find('\n');
    if (nl == std::string::npos || text.find('\n', nl + 1) == std::string::npos) return;
    http_port_ = std::atoi(text.substr(0, nl).c_str());
    smtp_port_ = std::atoi(text.substr(nl + 1).c_str());
  }

  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int http_port_ = 0;
  int smtp_port_ = 0;
};

}  // namespace peony::test
