#include "http/worker_pool.h"

#include <algorithm>
#include <exception>

#include "common/log.h"

namespace peony::http {

WorkerPool::WorkerPool(int threads, size_t queue_depth)
    : queue_depth_(std::max<size_t>(queue_depth, 1)) {
  const int n = std::max(threads, 1);
  threads_.reserve(n);
  for (int i = 0; i < n; ++i) threads_.emplace_back([this] { Loop(); });
}

WorkerPool::~WorkerPool() { Shutdown(); }

bool WorkerPool::TryPost(std::function<void()> task) {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || queue_.size() >= queue_depth_) return false;
    queue_.push_back(std::move(task));
  }
  cv_.notify_one();
  return true;
}

size_t WorkerPool::depth() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

void WorkerPool::Shutdown() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
}

void WorkerPool::Loop() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and nothing left to run
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    // Tasks are expected not to throw (Router::Run never does); a stray exception must not take
    // the whole process down with std::terminate.
    try {
      task();
    } catch (const std::exception& e) {
      log::Error("worker.task_threw", {{"what", e.what()}});
    } catch (...) {
      log::Error("worker.task_threw", {});
    }
  }
}

}  // namespace peony::http
