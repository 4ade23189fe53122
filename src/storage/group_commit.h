// Small independent writes from many threads, committed together: the first caller to arrive
// becomes the leader, takes the items queued so far (up to max_batch), writes them in one
// transaction with the batch writer and wakes the others with the result; the next waiting caller
// leads the next batch. Every caller returns only once its own item has committed (or failed), so
// it keeps the guarantee of a transaction of its own, at one commit per batch instead of one per
// item when writes crowd in — e.g. the audit entries of reads of sensitive values under load. The
// batch writer sees the whole batch and may merge items (one audit entry for many reads).
//
//   GroupCommit<Event> audit(db, [&](Conn& c, std::span<const Event> batch) -> Status { … });
//   PEONY_CHECK(audit.Run(event));
//
// When a batch's transaction fails, its items are written again one transaction each, so a
// failing item fails alone and the others still commit. Items must not depend on each other.
//
// Thread-safe.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "common/blocking.h"
#include "storage/db.h"

namespace peony::storage {

template <typename Item>
class GroupCommit {
 public:
  using Writer = std::function<Status(Conn&, std::span<const Item>)>;

  GroupCommit(Db& db, Writer write, size_t max_batch = 256)
      : db_(db), write_(std::move(write)), max_batch_(max_batch) {}

  // Writes `item` in a transaction, possibly shared with other callers' items, and returns once
  // that transaction has ended.
  Status Run(Item item) {
    auto slot = std::make_shared<Slot>(Slot{std::move(item)});
    std::unique_lock lock(mu_);
    queue_.push_back(slot);
    while (!slot->done) {
      if (leading_) {
        const BlockingScope waiting;  // a worker pool may run another request meanwhile
        cv_.wait(lock);
        continue;
      }
      leading_ = true;
      std::vector<std::shared_ptr<Slot>> batch;
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      lock.unlock();
      WriteBatch(batch);
      lock.lock();
      for (const auto& s : batch) s->done = true;
      leading_ = false;
      cv_.notify_all();
    }
    return slot->result;
  }

 private:
  struct Slot {
    Item item;
    Status result = Ok();
    bool done = false;
  };

  void WriteBatch(const std::vector<std::shared_ptr<Slot>>& batch) {
    std::vector<Item> items;
    items.reserve(batch.size());
    for (const auto& s : batch) items.push_back(s->item);
    const Status together = db_.WriteTx(
        [&](Conn& c) { return write_(c, std::span<const Item>(items.data(), items.size())); });
    for (size_t i = 0; i < batch.size(); ++i) {
      batch[i]->result = together.ok() || batch.size() == 1 ? together : db_.WriteTx([&](Conn& c) {
        return write_(c, std::span<const Item>(&items[i], 1));
      });
    }
  }

  Db& db_;
  const Writer write_;
  const size_t max_batch_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::shared_ptr<Slot>> queue_;  // GUARDED_BY(mu_)
  bool leading_ = false;                     // GUARDED_BY(mu_)
};

}  // namespace peony::storage
