// Writing messages to the outbox (see outbox.h); delivery is in deliver.cpp.
#include "platform/notify/outbox.h"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "platform/notify/deliver.h"
#include "platform/notify/errors.h"
#include "platform/notify/recipient.h"

namespace peony::notify {

struct Outbox::State {
  State(jobs::Queue& q, storage::Db& db, const Clock& clock, const storage::crypto::KeyRing& keys,
        AdapterFactory make)
      : queue(q), ctx{db, clock, keys, std::move(make), {}, {}} {}
  jobs::Queue& queue;
  internal::DeliveryContext ctx;
};

Status EnqueueDeliveryInTx(storage::Conn& c, const Clock& clock, int64_t org_id,
                           int64_t message_id) {
  jobs::JobSpec spec;
  spec.kind = std::string(kDeliverJob);
  spec.org_id = org_id;
  spec.payload = {{"message_id", message_id}};
  spec.due_at = clock.Now();
  PEONY_CHECK(jobs::Enqueue(c, clock, spec));
  return Ok();
}

Outbox::Outbox(storage::Db& db, const Clock& clock, const storage::crypto::KeyRing& keys,
               jobs::Queue& queue, AdapterFactory make_adapter)
    : state_(std::make_unique<State>(queue, db, clock, keys, std::move(make_adapter))) {
  internal::DeliveryContext* ctx = &state_->ctx;
  queue.Register(std::string(kDeliverJob),
                 [ctx](jobs::JobRun& run) { return internal::Deliver(*ctx, run); });
}

Outbox::~Outbox() = default;

Result<std::optional<int64_t>> Outbox::EnqueueInTx(storage::Conn& c, const OutgoingMessage& m) {
  if (!IsChannel(m.channel)) return errors::UnknownChannel(m.channel);
  if (m.category != "service" && m.category != "marketing") {
    return errors::BadMessage("category", "must be service or marketing");
  }
  if (m.body.size() > kMaxBodyBytes) return errors::BadMessage("body", "larger than 256 KiB");
  PEONY_TRY(const std::string to, NormaliseRecipient(m.channel, m.to));
  const auto& keys = state_->ctx.keys;
  const Clock& clock = state_->ctx.clock;
  PEONY_TRY(auto sealed_to, storage::crypto::Encrypt(keys, to, internal::kRecipientAad));
  PEONY_TRY(auto sealed_body, storage::crypto::Encrypt(keys, m.body, internal::kBodyAad));
  storage::Value sealed_params;
  if (!m.params.empty()) {
    boost::json::array params;
    for (const auto& [name, value] : m.params) params.push_back(boost::json::array{name, value});
    PEONY_TRY(auto sealed,
              storage::crypto::Encrypt(keys, boost::json::serialize(params), internal::kParamsAad));
    sealed_params = storage::Blob{std::move(sealed)};
  }
  const UtcMillis now = clock.Now();
  PEONY_TRY(
      auto rows,
      c.Query("INSERT INTO messages (org_id, channel, category, recipient, recipient_masked, "
              "recipient_index, subject, body, template_id, params, status, entity, "
              "record_id, rule_id, source_key, created_at, updated_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?) "
              "ON CONFLICT (source_key) DO NOTHING RETURNING id",
              {m.org_id, m.channel, m.category, storage::Blob{std::move(sealed_to)},
               MaskRecipient(m.channel, to), RecipientIndex(keys, m.channel, to), m.subject,
               storage::Blob{std::move(sealed_body)}, m.template_id, sealed_params, m.entity,
               m.record_id, m.rule_id,
               m.source_key.empty() ? storage::Value{} : storage::Value{m.source_key}, now, now}));
  if (rows.empty()) return std::optional<int64_t>{};
  const int64_t id = rows.Int(0, 0);
  PEONY_CHECK(EnqueueDeliveryInTx(c, clock, m.org_id, id));
  return std::optional<int64_t>{id};
}

Result<std::optional<int64_t>> Outbox::Enqueue(const OutgoingMessage& m) {
  PEONY_TRY(auto id, state_->ctx.db.Write([&](storage::Conn& c) { return EnqueueInTx(c, m); }));
  if (id) state_->queue.Wake();
  return id;
}

}  // namespace peony::notify
