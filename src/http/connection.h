// Private to http/ (includes Asio: only server.cpp and connection.cpp include it). The state the
// listener shares with its connections, and one network thread's loop.
//
// Threading: each Loop is an io_context run by exactly one thread; its connections live and die on
// that thread, so a loop's connection list needs no lock. Handlers that are not inline run on the
// WorkerPool and post their response back to the connection's loop.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>

#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"
#include "http/worker_pool.h"

namespace peony::http::detail {

using SteadyTime = std::chrono::steady_clock::time_point;

struct ServerCore {
  ServerCore(ServerOptions opts, const Router& r, StaticFiles* files, Metrics& m);

  const ServerOptions options;
  const Router& router;
  StaticFiles* const static_files;  // may be null
  Metrics& metrics;
  WorkerPool pool;
  // Metric series per route, built once: read without locks.
  std::unordered_map<const RouteSpec*, Metrics::Series*> route_series;
  Metrics::Series* static_series;
  Metrics::Series* unmatched_series;               // 404/405 and malformed requests
  std::unique_ptr<boost::asio::ssl::context> tls;  // null: plain HTTP
  std::atomic<int> open_connections{0};
};

// What a loop needs from a connection (virtual: called per tick or at drain, not per request).
class ConnectionBase {
 public:
  virtual ~ConnectionBase() = default;
  // Closes the connection when its deadline has passed (a handler running on a worker has none).
  virtual void OnTick(SteadyTime now) = 0;
  // Draining: an idle connection closes now; a busy one after its current response.
  virtual void OnDrain() = 0;
  virtual void ForceClose() = 0;

  std::list<ConnectionBase*>::iterator loop_position;
};

class Loop {
 public:
  Loop(ServerCore& core, std::chrono::milliseconds tick);

  // Starts the timeout sweeper. Called on the loop's thread (or before it runs).
  void StartSweeper();
  void BeginDrain();  // REQUIRES: on the loop's thread
  void CloseAll();    // REQUIRES: on the loop's thread

  ServerCore& core;
  bool draining = false;                   // loop thread only
  std::list<ConnectionBase*> connections;  // loop thread only; declared before ctx: outlives it
  boost::asio::io_context ctx{1};

 private:
  void Tick();
  std::chrono::milliseconds tick_;
  boost::asio::steady_timer timer_{ctx};
};

// Takes over an accepted socket (created on loop.ctx) and serves it. REQUIRES: on the loop's
// thread.
void StartConnection(Loop& loop, boost::asio::ip::tcp::socket socket);

}  // namespace peony::http::detail
