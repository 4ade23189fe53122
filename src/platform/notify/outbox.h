// The notification outbox (platform/notify): messages to customers and staff are written in the
// same transaction as the change that causes them, and delivered by a job ("notify.deliver") that
// calls the channel's adapter (channel.h).
//
// Delivery honours, in order: the customer's opt-out for the channel (status "suppressed", nothing
// sent), the channel's settings (none or disabled: "failed" with notify.channel_not_configured and
// the job dead-lettered), quiet hours for marketing messages (deferred to the end of the quiet
// period, in the organisation's time zone), the channel's rate limit per minute (deferred; the
// buckets are per process, see rate_limiter.h), then sends — outside any transaction. Then:
//   sent      → "sent" with the provider's message id, in one transaction with the job's
//   completion; kFailed   → "failed" with the provider's code and message, the job completes;
//   kRetry    → attempts and the provider's error are written on the message and the job fails,
//               to be retried with the jobs' backoff; on the job's last attempt the message is
//               "failed" and the job dead-lettered with the provider's message.
// A provider may get a message twice when a runner dies between the send and the completion; the
// message id goes to providers that de-duplicate (Envelope::message_id).
//
// Recipient, body and parameters are stored encrypted (AES-256-GCM); the recipient's blind index
// (recipient.h) finds opt-outs; logs never carry them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "platform/jobs/jobs.h"
#include "platform/notify/settings.h"
#include "storage/crypto/key_ring.h"
#include "storage/db.h"

namespace peony::notify {

inline constexpr std::string_view kDeliverJob = "notify.deliver";
inline constexpr size_t kMaxBodyBytes = 256 * 1024;

struct OutgoingMessage {
  int64_t org_id = 0;
  std::string channel;               // "sms" | "email" | "wecom" | "webhook"
  std::string category = "service";  // "service" | "marketing" (quiet hours apply)
  std::string to;                    // phone, e-mail, WeChat Work user id, or URL (webhook)
  std::string subject;
  std::string body;  // rendered text (webhook: the JSON body)
  std::string template_id;
  std::vector<std::pair<std::string, std::string>> params;
  std::optional<std::string> entity;
  std::optional<int64_t> record_id;
  std::optional<int64_t> rule_id;
  std::string source_key;  // idempotency: a second message with the same key is not written
};

// In the caller's transaction: adds the delivery job of message `message_id`, due now.
Status EnqueueDeliveryInTx(storage::Conn& c, const Clock& clock, int64_t org_id,
                           int64_t message_id);

class Outbox {
 public:
  // Registers the "notify.deliver" handler on `queue`. All references must outlive the Outbox,
  // and the queue's runner threads must be stopped before it is destroyed.
  Outbox(storage::Db& db, const Clock& clock, const storage::crypto::KeyRing& keys,
         jobs::Queue& queue, AdapterFactory make_adapter = MakeAdapter);
  ~Outbox();

  // In the caller's transaction: writes the message and its delivery job. Returns the message id,
  // or nullopt when source_key was used before. Errors: notify.unknown_channel,
  // notify.bad_message (422: category, body size), notify.bad_recipient (422), db.*.
  Result<std::optional<int64_t>> EnqueueInTx(storage::Conn& c, const OutgoingMessage& m);
  // EnqueueInTx in a transaction of its own, then wakes the queue's runners.
  Result<std::optional<int64_t>> Enqueue(const OutgoingMessage& m);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace peony::notify
