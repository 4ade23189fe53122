// Process metrics in the Prometheus text format (GET /metrics): requests by route and status class,
// a latency histogram per route, requests in flight, the worker queue, and gauges other modules
// register (database pool, jobs).
//
// Recording is lock-free (relaxed atomics); only creating a series, adding a gauge and rendering
// take a mutex. Everything is thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace peony::http {

class Router;

class Metrics {
 public:
  // Upper bounds of the latency histogram buckets, in seconds (then +Inf).
  static constexpr std::array<double, 13> kBucketBounds = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

  // The counters of one route label. Stable address for the life of Metrics.
  struct Series {
    std::string label;
    std::array<std::atomic<uint64_t>, 5> by_class{};  // 1xx … 5xx
    std::array<std::atomic<uint64_t>, kBucketBounds.size() + 1> buckets{};
    std::atomic<uint64_t> sum_us{0};
  };

  Metrics() = default;
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // The series for `label` ("GET /api/v1/users/{id}", "static", "unmatched"), created on first
  // use. Callers cache the pointer: this takes a mutex.
  Series* ForLabel(std::string_view label);
  // Counts one finished request.
  static void Observe(Series* series, int status, double seconds);

  void RequestStarted() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void RequestFinished() { in_flight_.fetch_sub(1, std::memory_order_relaxed); }
  void WorkerQueued() { queue_depth_.fetch_add(1, std::memory_order_relaxed); }
  void WorkerStarted() { queue_depth_.fetch_sub(1, std::memory_order_relaxed); }
  void WorkerRejected() { rejected_.fetch_add(1, std::memory_order_relaxed); }

  // Adds a gauge `name` (Prometheus metric name, e.g. "peony_db_pool_in_use") read at each render.
  // `read` must stay callable for the life of this object and be thread-safe.
  void AddGauge(std::string name, std::string help, std::function<double()> read);

  // The whole exposition, "# HELP …\n# TYPE …\n…".
  std::string Render() const;

 private:
  struct Gauge {
    std::string name, help;
    std::function<double()> read;
  };

  mutable std::mutex mu_;
  std::deque<Series> series_;  // GUARDED_BY(mu_) for insertion and iteration
  std::vector<Gauge> gauges_;  // GUARDED_BY(mu_)
  std::atomic<int64_t> in_flight_{0};
  std::atomic<int64_t> queue_depth_{0};
  std::atomic<uint64_t> rejected_{0};
};

// Registers GET /metrics (public, inline) serving metrics.Render(). `metrics` must outlive router.
void AddMetricsRoute(Router& router, Metrics& metrics);

}  // namespace peony::http
