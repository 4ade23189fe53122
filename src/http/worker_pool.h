// A set of threads running blocking work (handlers that touch the database or disk) off the
// network threads, with a bounded queue: when it is full the caller answers 503 at once instead of
// queuing forever.
//
// At most `threads` tasks run at once, as many as keep the cores busy without crowding them. A
// task that waits for another thread to do its work (a BlockingScope, common/blocking.h: a write
// waiting for the SQLite group commit's leader) gives its place to the next queued task until it
// runs again, using one of `spare` extra threads. Without that, writes arriving on many
// connections would wait in the queue one per thread, and each commit would hold only a few.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "common/blocking.h"

namespace peony::http {

class WorkerPool final : private BlockingListener {
 public:
  // Starts `threads` (≥ 1) + `spare` (≥ 0) threads, of which at most `threads` run tasks at once
  // unless some of them are blocked; at most `queue_depth` (≥ 1) tasks wait for a place.
  WorkerPool(int threads, size_t queue_depth, int spare = 0);
  // Shutdown().
  ~WorkerPool() override;
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
  void Blocked() override;
  void Unblocked() override;

  const size_t queue_depth_;
  const int running_limit_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;  // GUARDED_BY(mu_)
  int running_ = 0;                          // GUARDED_BY(mu_): tasks running and not blocked
  bool stopping_ = false;                    // GUARDED_BY(mu_)
  std::vector<std::thread> threads_;
};

}  // namespace peony::http
