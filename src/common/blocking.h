// Lets a thread pool lend a thread's core to other work while that thread waits for another
// thread to finish something for it — e.g. a follower of the SQLite group commit, whose write the
// leader runs. The pool installs a listener on its own threads; code that is about to wait opens a
// BlockingScope, which tells the listener (if the thread has one) before and after the wait.
//
//   {
//     BlockingScope waiting;  // the pool may start another task meanwhile
//     cv.wait(lock, ...);
//   }
//
// Nothing happens on threads without a listener. Cheap: a thread-local pointer and two virtual
// calls.
#pragma once

namespace peony {

class BlockingListener {
 public:
  virtual ~BlockingListener() = default;
  // The calling thread is about to wait; it runs nothing until Unblocked().
  virtual void Blocked() = 0;
  // The calling thread runs again.
  virtual void Unblocked() = 0;
};

// Sets the calling thread's listener (nullptr: none). The listener must outlive its use.
void SetThreadBlockingListener(BlockingListener* listener);

class BlockingScope {
 public:
  BlockingScope();
  ~BlockingScope();
  BlockingScope(const BlockingScope&) = delete;
  BlockingScope& operator=(const BlockingScope&) = delete;

 private:
  BlockingListener* const listener_;
};

}  // namespace peony
