// The HTTP/1.1 server: listens (optionally with TLS), reads requests with limits and timeouts,
// routes them (http/router.h) on the network thread when the route is inline_ok or on a bounded
// worker pool otherwise (503 server.busy with Retry-After when its queue is full), serves the web
// app for other GET/HEAD paths (http/static_files.h), and drains gracefully on Stop or
// SIGTERM/SIGINT.
//
//   Server server(options, router, &static_files, metrics);
//   PEONY_CHECK(server.Start());   // binds; error "server.bind_failed" names host:port
//   server.Run();                  // blocks until Stop()/SIGTERM and the drain are done
//
// Every response carries the security headers (CSP, nosniff, Referrer-Policy, X-Frame-Options;
// HSTS with TLS), X-Request-Id (the client's when sane, else generated), and API responses
// Cache-Control: no-store. Each request logs one "http.request" line (method, route pattern,
// status, duration_us, bytes; never the query string). Beast and Asio stay inside server.cpp and
// connection.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "common/result.h"

namespace peony::http {

class Router;
class StaticFiles;
class Metrics;

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port (see Server::port())
  size_t max_body_bytes = 10 << 20;
  size_t max_header_bytes = 16 << 10;  // request line + headers; over it: 431 and close
  int read_timeout_ms = 30000;  // a whole request incl. body (slow clients are cut); also writes
  int idle_timeout_ms = 60000;  // keep-alive wait for the next request
  int io_threads = 1;
  int workers = 4;  // requests handled at once
  // Extra threads that take over while handlers wait on another thread (writes waiting for the
  // SQLite group commit): see WorkerPool.
  int spare_workers = 32;
  int queue_depth = 1024;  // requests waiting for a worker before 503 server.busy
  int drain_timeout_ms = 10000;
  std::string tls_cert, tls_key;  // PEM files; both set: HTTPS only (TLS 1.2+)
  bool access_log = true;         // one log line per request (benchmarks turn it off)
  bool handle_signals = true;     // SIGTERM/SIGINT start the drain (tests turn it off)
};

class Server {
 public:
  // `router` (complete: no routes added later), `static_files` (may be null: non-API paths get the
  // JSON 404) and `metrics` must outlive the server.
  Server(ServerOptions options, const Router& router, StaticFiles* static_files, Metrics& metrics);
  // REQUIRES: Run() has returned (or was never called).
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens. Errors: "server.bind_failed" (address in use, bad host…; the message names
  // host:port), "server.tls_failed" (certificate or key unreadable).
  Status Start();
  // The bound port (useful with port 0); 0 before Start.
  uint16_t port() const;
  // Serves until Stop() or SIGTERM/SIGINT, then drains: stops accepting, closes idle keep-alive
  // connections, lets in-flight requests finish (each then closes) for up to drain_timeout_ms,
  // closes what is left, finishes the worker queue and returns. Call once, after Start succeeded.
  void Run();
  // Starts the drain; returns at once. Thread-safe; may be called before Run (Run then returns
  // promptly) and more than once.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace peony::http
