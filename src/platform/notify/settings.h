// A channel's settings as stored in notify_channels: the provider, its config (AES-256-GCM
// ciphertext bound to the organisation and channel, so a row copied elsewhere does not decrypt),
// the rate limit and the quiet hours. Shared by the settings service (channels.h) and delivery.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "platform/notify/channel.h"
#include "storage/crypto/key_ring.h"
#include "storage/db.h"

namespace peony::notify {

// Builds a provider's adapter from its config: MakeAdapter (channel.h) in production, a fake in
// tests. Errors as MakeAdapter's.
using AdapterFactory = std::function<Result<std::unique_ptr<ChannelAdapter>>(
    std::string_view provider, const boost::json::object& config, const Clock& clock)>;

inline constexpr int64_t kDefaultRatePerMinute = 60;
inline constexpr int64_t kMaxRatePerMinute = 10'000;

struct ChannelSettings {
  std::string channel;   // "sms" | "email" | "wecom" | "webhook"
  std::string provider;  // "tencent_sms", …
  bool enabled = true;
  boost::json::object config;  // decrypted: holds secrets, never leaves the server as is
  int64_t rate_per_minute = kDefaultRatePerMinute;
  std::string quiet_start = "21:00", quiet_end = "09:00";
  int64_t version = 0;
  UtcMillis updated_at = 0;
};

// The settings of one channel of an organisation, decrypted; nullopt when there are none.
// Errors: crypto.decrypt_failed (kInternal), db.*.
Result<std::optional<ChannelSettings>> LoadChannel(storage::Conn& c,
                                                   const storage::crypto::KeyRing& keys,
                                                   int64_t org_id, std::string_view channel);
// Every channel of the organisation, by channel name.
Result<std::vector<ChannelSettings>> LoadChannels(storage::Conn& c,
                                                  const storage::crypto::KeyRing& keys,
                                                  int64_t org_id);

// The associated data of a sealed config: "notify_channels.config:<org>:<channel>".
std::string ConfigAssociatedData(int64_t org_id, std::string_view channel);

}  // namespace peony::notify
