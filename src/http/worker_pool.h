// A fixed set of threads running blocking work (handlers that touch the database or disk) off the
// network threads, with a bounded queue: when it is full the caller answers 503 at once instead of
// queuing forever.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace peony::http {

class WorkerPool {
 public:
  // Starts `threads` (≥ 1) threads; at most `queue_depth` (≥ 1) tasks wait for a free thread.
  WorkerPool(int threads, size_t queue_depth);
  // Shutdown().
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`; false (and `task` is dropped) when the queue is full or the pool is shut down.
  // Thread-safe.
  bool TryPost(std::function<void()> task);
  // Tasks waiting for a thread (not counting running ones). Thread-safe.
  size_t depth() const;
  // Runs every queued task, then joins the threads. Later TryPost calls fail. Idempotent; must not
  // be called from a worker thread.
  void Shutdown();

 private:
  void Loop();

  const size_t queue_depth_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;  // GUARDED_BY(mu_)
  bool stopping_ = false;                    // GUARDED_BY(mu_)
  std::vector<std::thread> threads_;
};

}  // namespace peony::http
