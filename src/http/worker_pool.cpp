#include "http/worker_pool.h"

#include <algorithm>
#include <exception>

#include "common/log.h"

namespace peony::http {

WorkerPool::WorkerPool(int threads, size_t queue_depth, int spare)
    : queue_depth_(std::max<size_t>(queue_depth, 1)), running_limit_(std::max(threads, 1)) {
  const int n = running_limit_ + std::max(spare, 0);
  threads_.reserve(n);
  for (int i = 0; i < n; ++i) threads_.emplace_back([this] { Loop(); });
}

WorkerPool::~WorkerPool() { Shutdown(); }

bool WorkerPool::TryPost(std::function<void()> task) {
  bool wake = false;
  {
    std::lock_guard lock(mu_);
    if (stopping_ || queue_.size() >= queue_depth_) return false;
    queue_.push_back(std::move(task));
    // With every place taken, a woken thread would only go back to sleep: the next thread to
    // finish its task takes this one.
    wake = running_ < running_limit_;
  }
  if (wake) cv_.notify_one();
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

void WorkerPool::Blocked() {
  bool wake = false;
  {
    std::lock_guard lock(mu_);
    --running_;
    wake = !queue_.empty() && running_ < running_limit_;
  }
  if (wake) cv_.notify_one();
}

void WorkerPool::Unblocked() {
  // Back at once, even above the limit: the task is part-way through and holds resources. The
  // next task starts only once enough running ones have finished.
  std::lock_guard lock(mu_);
  ++running_;
}

void WorkerPool::Loop() {
  SetThreadBlockingListener(this);
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] {
        return (stopping_ && queue_.empty()) || (!queue_.empty() && running_ < running_limit_);
      });
      if (queue_.empty()) return;  // stopping and nothing left to run
      task = std::move(queue_.front());
      queue_.pop_front();
      ++running_;
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
    // This thread takes the next queued task itself (its place is free again), so no other
    // thread needs waking; only at shutdown may the waiting ones now leave.
    bool wake_all = false;
    {
      std::lock_guard lock(mu_);
      --running_;
      wake_all = stopping_ && queue_.empty();
    }
    if (wake_all) cv_.notify_all();
  }
}

}  // namespace peony::http
