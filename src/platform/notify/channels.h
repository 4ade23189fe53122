// The notification settings service (platform/notify): an organisation's channel settings
// (provider, credentials stored encrypted, rate limit, quiet hours), test sends, the list of
// outgoing messages with a retry for failed ones, and the customers' opt-outs per channel (PIPL).
//
// Channel changes, test sends, retries and opt-out changes are audited without secrets or
// recipients. Callers check the notify.manage permission (the HTTP routes do); every method works
// within the principal's organisation.
//
//   PEONY_TRY(auto s, channels.Put(p, ip, "sms", {.provider = "tencent_sms", .config = cfg}));
//   PEONY_TRY(auto d, channels.TestSend(p, ip, "sms", "13812345678", ""));
//
// Thread-safe; all state is in the database.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "platform/access/principal.h"
#include "platform/notify/settings.h"
#include "storage/crypto/key_ring.h"
#include "storage/db.h"

namespace peony::notify {

// What PUT /notify/channels/{channel} sends. Config fields whose value is "********" keep their
// stored value (secrets are never sent back to browsers).
struct ChannelInput {
  std::string provider;
  bool enabled = true;
  boost::json::object config;
  std::optional<int64_t> rate_per_minute;             // 1-10000; default: kept, or 60
  std::optional<std::string> quiet_start, quiet_end;  // "HH:MM"; default: kept, or 21:00/09:00
  std::optional<int64_t> version;  // when given, the version read (else notify.version_conflict)
};

// One outgoing message as the operator sees it (no recipient in clear, no body).
struct MessageInfo {
  int64_t id = 0;
  std::string channel, category, recipient_masked, subject, status, provider, provider_message_id,
      error_code, error_message;
  int64_t attempts = 0;
  std::optional<std::string> entity;
  std::optional<int64_t> record_id, rule_id;
  UtcMillis created_at = 0;
  std::optional<UtcMillis> sent_at;
  boost::json::object ToJson() const;
};

struct MessageFilter {
  std::optional<std::string> status;  // pending | sent | failed | suppressed
  std::optional<std::string> channel;
  std::optional<std::string> entity;
  std::optional<int64_t> record_id;
};

struct OptOut {
  std::string channel, recipient_masked;
  std::string id;  // the recipient's blind index
  UtcMillis created_at = 0;
  boost::json::object ToJson() const;
};

class Channels {
 public:
  Channels(storage::Db& db, const Clock& clock, const storage::crypto::KeyRing& keys,
           AdapterFactory make_adapter = MakeAdapter);

  // The settings as the API shows them: secrets redacted (channel.h RedactConfig).
  static boost::json::object ToJson(const ChannelSettings& s);

  // Every channel set up in the organisation.
  Result<std::vector<ChannelSettings>> List(int64_t org_id);
  // Creates or replaces a channel's settings; the config is checked by building the provider's
  // adapter. Errors: notify.unknown_channel (404), notify.unknown_provider,
  // notify.bad_channel_config (422), notify.version_conflict (409).
  Result<ChannelSettings> Put(const access::Principal& p, const std::string& ip,
                              std::string_view channel, const ChannelInput& in);
  // Removes a channel's settings (nothing when there are none). Error: notify.unknown_channel.
  Status Delete(const access::Principal& p, const std::string& ip, std::string_view channel);
  // Sends `text` (default: a fixed test text) to `to` through the stored settings now, even when
  // the channel is disabled, not through the outbox. Errors: notify.unknown_channel,
  // notify.channel_not_configured (409), notify.bad_recipient (422), the factory's errors.
  Result<Delivery> TestSend(const access::Principal& p, const std::string& ip,
                            std::string_view channel, std::string_view to, std::string_view text);

  // Messages newest first, `before_id` continuing a page (0: from the newest); up to `limit`.
  Result<std::vector<MessageInfo>> ListMessages(int64_t org_id, const MessageFilter& filter,
                                                int64_t before_id, int limit);
  // A failed message pending again with a new delivery job. Errors: notify.message_not_found,
  // notify.message_not_failed (409).
  Result<MessageInfo> RetryMessage(const access::Principal& p, const std::string& ip, int64_t id);

  // Opt-outs of the organisation, newest first, of one channel or all.
  Result<std::vector<OptOut>> ListOptOuts(int64_t org_id,
                                          const std::optional<std::string>& channel);
  // Records that `to` wants no more messages on `channel` (idempotent). Errors:
  // notify.unknown_channel, notify.bad_recipient.
  Result<OptOut> AddOptOut(const access::Principal& p, const std::string& ip,
                           std::string_view channel, std::string_view to);
  // Errors: notify.unknown_channel, notify.optout_not_found.
  Status RemoveOptOut(const access::Principal& p, const std::string& ip, std::string_view channel,
                      std::string_view id);
  // True when `to` opted out of `channel`. Errors: notify.unknown_channel, notify.bad_recipient.
  Result<bool> IsOptedOut(int64_t org_id, std::string_view channel, std::string_view to);

 private:
  // Appends an audit entry in the caller's transaction (no secrets, no recipients in `detail`).
  Status Audit(storage::Conn& c, const access::Principal& p, const std::string& ip,
               std::string_view action, std::string_view target_type, std::string_view target_id,
               boost::json::object detail) const;

  storage::Db& db_;
  const Clock& clock_;
  const storage::crypto::KeyRing& keys_;
  AdapterFactory make_adapter_;
};

}  // namespace peony::notify
