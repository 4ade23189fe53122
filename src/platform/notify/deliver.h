// Internal to platform/notify: the "notify.deliver" job handler (deliver.cpp) and the state it
// shares with the Outbox. See outbox.h for the delivery rules.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "platform/jobs/jobs.h"
#include "platform/notify/rate_limiter.h"
#include "platform/notify/settings.h"

namespace peony::notify::internal {

// Adapters by organisation and channel, rebuilt when the settings' version changes, so a
// provider's cached state (WeChat Work's access token) lives across messages. Thread-safe.
class AdapterCache {
 public:
  Result<std::shared_ptr<ChannelAdapter>> Get(int64_t org_id, const ChannelSettings& s,
                                              const notify::AdapterFactory& make,
                                              const Clock& clock);

 private:
  struct Entry {
    int64_t version = 0;
    std::string provider;
    std::shared_ptr<ChannelAdapter> adapter;
  };
  std::mutex mu_;
  std::map<std::pair<int64_t, std::string>, Entry> entries_;  // GUARDED_BY(mu_)
};

struct DeliveryContext {
  storage::Db& db;
  const Clock& clock;
  const storage::crypto::KeyRing& keys;
  notify::AdapterFactory make_adapter;
  RateLimiter limiter;
  AdapterCache adapters;
};

// Handles one attempt of a "notify.deliver" job (payload {"message_id": n}).
Status Deliver(DeliveryContext& ctx, jobs::JobRun& run);

// Associated data of the sealed message columns.
inline constexpr const char* kRecipientAad = "messages.recipient";
inline constexpr const char* kBodyAad = "messages.body";
inline constexpr const char* kParamsAad = "messages.params";

}  // namespace peony::notify::internal
