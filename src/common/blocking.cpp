#include "common/blocking.h"

namespace peony {
namespace {

thread_local BlockingListener* t_listener = nullptr;

}  // namespace

void SetThreadBlockingListener(BlockingListener* listener) { t_listener = listener; }

BlockingScope::BlockingScope() : listener_(t_listener) {
  if (listener_) listener_->Blocked();
}

BlockingScope::~BlockingScope() {
  if (listener_) listener_->Unblocked();
}

}  // namespace peony
