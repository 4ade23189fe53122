// The automation services the rule, task and notification routes use (see api.h ApiContext).
#pragma once

#include "http/api/api.h"
#include "platform/notify/outbox.h"

namespace peony::notify {
class Channels;
}
namespace peony::rules {
class Rules;
}
namespace peony::tasks {
class Inbox;
}

namespace peony::http::api {

struct ApiContext::Automation {
  rules::Rules* rules = nullptr;
  tasks::Inbox* tasks = nullptr;
  notify::Outbox* outbox = nullptr;
  notify::Channels* channels = nullptr;
};

}  // namespace peony::http::api
