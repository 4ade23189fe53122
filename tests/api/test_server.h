// A real Server on a free loopback port for API tests: started in the constructor, run on a
// background thread, drained and joined in the destructor.
#pragma once

#include <gtest/gtest.h>

#include <thread>

#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"

namespace peony::test {

// Options for tests: any free port, no signal handling, no access log.
inline http::ServerOptions TestOptions() {
  http::ServerOptions o;
  o.port = 0;
  o.handle_signals = false;
  o.access_log = false;
  return o;
}

class TestServer {
 public:
  // `router`, `files` and `metrics` (null: the server's own) must outlive the server.
  explicit TestServer(const http::Router& router, http::ServerOptions options = TestOptions(),
                      http::StaticFiles* files = nullptr, http::Metrics* metrics = nullptr)
      : metrics_(metrics ? *metrics : own_metrics_),
        server_(std::move(options), router, files, metrics_) {
    auto started = server_.Start();
    EXPECT_TRUE(started.ok()) << (started.ok() ? "" : started.error().code);
    if (started.ok()) thread_ = std::thread([this] { server_.Run(); });
  }
  ~TestServer() { StopAndJoin(); }

  uint16_t port() const { return server_.port(); }
  http::Server& server() { return server_; }
  http::Metrics& metrics() { return metrics_; }

  void StopAndJoin() {
    server_.Stop();
    if (thread_.joinable()) thread_.join();
  }

 private:
  http::Metrics own_metrics_;  // before server_: outlives it
  http::Metrics& metrics_;
  http::Server server_;
  std::thread thread_;
};

// A route spec for tests.
inline http::RouteSpec TestRoute(http::Method method, std::string pattern, http::Handler handler,
                                 bool inline_ok = true) {
  http::RouteSpec spec;
  spec.method = method;
  spec.pattern = std::move(pattern);
  spec.auth = http::Auth::kPublic;
  spec.inline_ok = inline_ok;
  spec.handler = std::move(handler);
  return spec;
}

}  // namespace peony::test
