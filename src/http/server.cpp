// The listener and the server's life cycle: bind, accept (handing each socket to a loop
// round-robin), signals, and the drain. Connections themselves live in connection.cpp.
#include "http/server.h"

#include <openssl/ssl.h>

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "common/log.h"
#include "http/connection.h"

namespace peony::http {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using detail::Loop;
using detail::ServerCore;

// Often enough that a deadline is enforced within a quarter of the shorter timeout.
std::chrono::milliseconds SweepInterval(const ServerOptions& o) {
  const int shortest = std::min({o.read_timeout_ms, o.idle_timeout_ms, 4000});
  return std::chrono::milliseconds(std::max(shortest / 4, 5));
}

Error BindFailed(const ServerOptions& o, const boost::system::error_code& ec) {
  const std::string where = o.host + ":" + std::to_string(o.port);
  log::Error("server.bind_failed",
             {{"listen", boost::json::value(where)}, {"error", boost::json::value(ec.message())}});
  return MakeError(ErrorKind::kUnavailable, "server.bind_failed",
                   "无法监听 " + where + "：" + ec.message(),
                   "Cannot listen on " + where + ": " + ec.message());
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions options, const Router& router, StaticFiles* files, Metrics& metrics)
      : core(std::move(options), router, files, metrics) {
    const int n = std::max(core.options.io_threads, 1);
    for (int i = 0; i < n; ++i) {
      loops.push_back(std::make_unique<Loop>(core, SweepInterval(core.options)));
    }
    acceptor.emplace(loops[0]->ctx);
    retry_timer.emplace(loops[0]->ctx);
  }

  Status LoadTls() {
    auto ctx = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
    boost::system::error_code ec;
    ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                         asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                         asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use,
                     ec);
    SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
    if (!ec) ctx->use_certificate_chain_file(core.options.tls_cert, ec);
    if (!ec) ctx->use_private_key_file(core.options.tls_key, asio::ssl::context::pem, ec);
    if (ec) {
      log::Error("server.tls_failed", {{"cert", boost::json::value(core.options.tls_cert)},
                                       {"error", boost::json::value(ec.message())}});
      return MakeError(ErrorKind::kInternal, "server.tls_failed",
                       "无法加载 TLS 证书或私钥：" + ec.message(),
                       "Cannot load the TLS certificate or key: " + ec.message());
    }
    core.tls = std::move(ctx);
    return Ok();
  }

  void Accept() {
    Loop& target = *loops[next_loop++ % loops.size()];
    acceptor->async_accept(
        target.ctx, [this, &target](boost::system::error_code ec, tcp::socket socket) {
          if (ec == asio::error::operation_aborted || !acceptor->is_open()) return;
          if (ec) {
            // Out of file descriptors and the like: wait a little instead of spinning.
            log::Warn("server.accept_failed", {{"error", boost::json::value(ec.message())}});
            retry_timer->expires_after(std::chrono::milliseconds(100));
            retry_timer->async_wait([this](boost::system::error_code e) {
              if (!e) Accept();
            });
            return;
          }
          boost::system::error_code ignored;
          socket.set_option(tcp::no_delay(true), ignored);
          asio::post(target.ctx, [&target, s = std::move(socket)]() mutable {
            detail::StartConnection(target, std::move(s));
          });
          Accept();
        });
  }

  // Blocks until every connection is gone or `deadline` passes; true when all are gone.
  bool WaitForConnections(std::chrono::steady_clock::time_point deadline) {
    while (core.open_connections.load() > 0) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
  }

  void Drain() {
    log::Info("server.draining", {{"connections", core.open_connections.load()}});
    asio::post(loops[0]->ctx, [this] {
      boost::system::error_code ignored;
      acceptor->close(ignored);
      retry_timer->cancel();
      if (signals) signals->cancel();
    });
    for (auto& loop : loops) asio::post(loop->ctx, [l = loop.get()] { l->BeginDrain(); });
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(core.options.drain_timeout_ms);
    if (!WaitForConnections(deadline)) {
      log::Warn("server.drain_timeout", {{"connections", core.open_connections.load()}});
      for (auto& loop : loops) asio::post(loop->ctx, [l = loop.get()] { l->CloseAll(); });
    }
    // Handlers still running finish here; their responses go to closed sockets.
    core.pool.Shutdown();
    WaitForConnections(std::chrono::steady_clock::now() + std::chrono::seconds(2));
  }

  ServerCore core;  // first: outlives the loops, whose connections refer to it
  std::vector<std::unique_ptr<Loop>> loops;
  std::optional<tcp::acceptor> acceptor;          // on loops[0]
  std::optional<asio::steady_timer> retry_timer;  // on loops[0]
  std::optional<asio::signal_set> signals;
  size_t next_loop = 0;
  uint16_t port = 0;
  bool started = false;

  std::mutex mu;
  std::condition_variable cv;
  bool stop_requested = false;  // GUARDED_BY(mu)
};

Server::Server(ServerOptions options, const Router& router, StaticFiles* static_files,
               Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, static_files, metrics)) {}

Server::~Server() = default;

Status Server::Start() {
  Impl& s = *impl_;
  const ServerOptions& o = s.core.options;
  if (!o.tls_cert.empty() || !o.tls_key.empty()) PEONY_CHECK(s.LoadTls());
  boost::system::error_code ec;
  tcp::resolver resolver(s.loops[0]->ctx);
  auto endpoints = resolver.resolve(o.host, std::to_string(o.port),
                                    tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || endpoints.empty()) return BindFailed(o, ec);
  const tcp::endpoint endpoint = endpoints.begin()->endpoint();
  s.acceptor->open(endpoint.protocol(), ec);
  if (!ec) s.acceptor->set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) s.acceptor->bind(endpoint, ec);
  if (!ec) s.acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    boost::system::error_code ignored;
    s.acceptor->close(ignored);
    return BindFailed(o, ec);
  }
  s.port = s.acceptor->local_endpoint(ec).port();
  s.started = true;
  s.Accept();
  for (auto& loop : s.loops) loop->StartSweeper();
  log::Info("server.listening",
            {{"listen", boost::json::value(o.host + ":" + std::to_string(s.port))},
             {"tls", s.core.tls != nullptr},
             {"io_threads", static_cast<int>(s.loops.size())},
             {"workers", o.workers}});
  return Ok();
}

uint16_t Server::port() const { return impl_->port; }

void Server::Run() {
  Impl& s = *impl_;
  if (!s.started) return;
  if (s.core.options.handle_signals) {
    s.signals.emplace(s.loops[0]->ctx, SIGINT, SIGTERM);
    s.signals->async_wait([this](boost::system::error_code ec, int signal) {
      if (ec) return;
      log::Info("server.signal", {{"signal", signal}});
      Stop();
    });
  }
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  std::vector<std::thread> threads;
  for (auto& loop : s.loops) {
    guards.push_back(asio::make_work_guard(loop->ctx));
    threads.emplace_back([l = loop.get()] { l->ctx.run(); });
  }
  {
    std::unique_lock lock(s.mu);
    s.cv.wait(lock, [&s] { return s.stop_requested; });
  }
  s.Drain();
  for (auto& guard : guards) guard.reset();
  for (auto& loop : s.loops) loop->ctx.stop();
  for (auto& t : threads) t.join();
  s.signals.reset();
  log::Info("server.stopped", {});
}

void Server::Stop() {
  {
    std::lock_guard lock(impl_->mu);
    impl_->stop_requested = true;
  }
  impl_->cv.notify_all();
}

}  // namespace peony::http
