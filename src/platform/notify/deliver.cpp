// The "notify.deliver" job handler (see outbox.h for the rules). The provider is called outside
// any transaction; the message's final state commits with the job's completion, so a runner that
// lost its lease cannot overwrite the state another runner wrote.
#include "platform/notify/deliver.h"

#include <boost/json/parse.hpp>

#include "common/log.h"
#include "common/strings.h"
#include "common/time_zone.h"
#include "platform/notify/errors.h"
#include "platform/notify/quiet_hours.h"
#include "platform/notify/recipient.h"

namespace peony::notify::internal {
namespace {

constexpr size_t kMaxErrorMessage = 1000;

// The message row and everything delivery needs, read in one snapshot.
struct Pending {
  int64_t id = 0, org_id = 0, attempts = 0;
  std::string channel, category, status, recipient_index, subject, template_id, time_zone;
  std::string sealed_to, sealed_body, sealed_params;
  std::optional<ChannelSettings> settings;
  bool opted_out = false;
};

Result<std::optional<Pending>> Load(DeliveryContext& ctx, int64_t id) {
  return ctx.db.Read([&](storage::Conn& c) -> Result<std::optional<Pending>> {
    PEONY_TRY(auto rows,
              c.Query("SELECT m.org_id, m.channel, m.category, m.status, m.recipient_index, "
                      "m.subject, m.template_id, m.recipient, m.body, m.params, m.attempts, "
                      "o.time_zone FROM messages m JOIN orgs o ON o.id = m.org_id WHERE m.id = ?",
                      {id}));
    if (rows.empty()) return std::optional<Pending>{};
    Pending p;
    p.id = id;
    p.org_id = rows.Int(0, 0);
    p.channel = rows.Text(0, 1);
    p.category = rows.Text(0, 2);
    p.status = rows.Text(0, 3);
    p.recipient_index = rows.Text(0, 4);
    p.subject = rows.Text(0, 5);
    p.template_id = rows.Text(0, 6);
    p.sealed_to = rows.Bytes(0, 7);
    p.sealed_body = rows.Bytes(0, 8);
    if (!rows.IsNull(0, 9)) p.sealed_params = rows.Bytes(0, 9);
    p.attempts = rows.Int(0, 10);
    p.time_zone = rows.Text(0, 11);
    if (p.status != "pending") return std::optional<Pending>{std::move(p)};
    PEONY_TRY(auto optout,
              c.Query("SELECT 1 FROM notify_optouts WHERE org_id = ? AND channel = ? AND "
                      "recipient_index = ?",
                      {p.org_id, p.channel, p.recipient_index}));
    p.opted_out = !optout.empty();
    PEONY_TRY(p.settings, LoadChannel(c, ctx.keys, p.org_id, p.channel));
    return std::optional<Pending>{std::move(p)};
  });
}

std::string Clip(std::string s) {
  if (s.size() > kMaxErrorMessage) {
    s.resize(kMaxErrorMessage);
    while (!s.empty() && !IsValidUtf8(s)) s.pop_back();  // do not cut a character in half
  }
  return s;
}

// Ends a message that cannot be delivered by our own fault (no channel, bad stored config):
// "failed" with the error, and the job dead-lettered with it.
Status FailForGood(DeliveryContext& ctx, jobs::JobRun& run, const Pending& m, const Error& e) {
  PEONY_CHECK(ctx.db.WriteTx([&](storage::Conn& c) -> Status {
    PEONY_CHECK(
        c.Exec("UPDATE messages SET status = 'failed', error_code = ?, error_message = ?, "
               "updated_at = ? WHERE id = ? AND status = 'pending'",
               {e.code, Clip(e.message_zh), run.now(), m.id}));
    return Ok();
  }));
  return run.GiveUp(e);
}

Result<Envelope> Open(DeliveryContext& ctx, const Pending& m) {
  Envelope env;
  env.message_id = std::to_string(m.id);
  PEONY_TRY(env.to, storage::crypto::Decrypt(ctx.keys, m.sealed_to, kRecipientAad));
  PEONY_TRY(env.text, storage::crypto::Decrypt(ctx.keys, m.sealed_body, kBodyAad));
  env.subject = m.subject;
  env.template_id = m.template_id;
  if (!m.sealed_params.empty()) {
    PEONY_TRY(auto plain, storage::crypto::Decrypt(ctx.keys, m.sealed_params, kParamsAad));
    boost::system::error_code ec;
    auto params = boost::json::parse(plain, ec);
    if (ec || !params.is_array()) return InternalError("messages.params is not an array");
    for (const auto& pair : params.as_array()) {
      const auto* kv = pair.if_array();
      if (kv == nullptr || kv->size() != 2 || !(*kv)[0].is_string() || !(*kv)[1].is_string()) {
        return InternalError("messages.params holds a malformed pair");
      }
      env.params.emplace_back((*kv)[0].as_string(), (*kv)[1].as_string());
    }
  }
  return env;
}

// A deferral for quiet hours (marketing only) or the rate limit; nullopt to send now.
std::optional<std::pair<UtcMillis, const char*>> Hold(DeliveryContext& ctx, const Pending& m,
                                                      UtcMillis now) {
  const ChannelSettings& s = *m.settings;
  if (m.category == "marketing") {
    auto start = ParseClockTime(s.quiet_start);
    auto end = ParseClockTime(s.quiet_end);
    auto tz = TimeZone::Find(m.time_zone);
    if (start && end) {
      const TimeZone zone = tz.ok() ? *tz : TimeZone::Utc();
      if (auto until = QuietUntil(zone, now, *start, *end)) {
        return std::make_pair(*until, "quiet_hours");
      }
    }
  }
  const std::string key = std::to_string(m.org_id) + ":" + m.channel;
  if (auto at = ctx.limiter.Take(key, s.rate_per_minute, now)) {
    return std::make_pair(*at, "rate_limit");
  }
  return std::nullopt;
}

}  // namespace

Result<std::shared_ptr<ChannelAdapter>> AdapterCache::Get(int64_t org_id, const ChannelSettings& s,
                                                          const AdapterFactory& make,
                                                          const Clock& clock) {
  const auto key = std::make_pair(org_id, s.channel);
  {
    std::lock_guard lock(mu_);
    auto it = entries_.find(key);
    if (it != entries_.end() && it->second.version == s.version &&
        it->second.provider == s.provider) {
      return it->second.adapter;
    }
  }
  // Built outside the lock: a factory may take its time; two threads racing both build, the
  // later one wins the slot.
  PEONY_TRY(auto made, make(s.provider, s.config, clock));
  std::shared_ptr<ChannelAdapter> adapter(std::move(made));
  std::lock_guard lock(mu_);
  entries_[key] = Entry{s.version, s.provider, adapter};
  return adapter;
}

Status Deliver(DeliveryContext& ctx, jobs::JobRun& run) {
  const auto& payload = run.job().payload;
  const auto* id_value = payload.if_contains("message_id");
  if (id_value == nullptr || !id_value->is_int64()) {
    return run.GiveUp(InternalError("notify.deliver job without message_id"));
  }
  PEONY_TRY(auto loaded, Load(ctx, id_value->as_int64()));
  // Gone, or already settled (a retried job whose first run committed): nothing to do.
  if (!loaded || loaded->status != "pending") return Ok();
  const Pending& m = *loaded;
  const UtcMillis now = run.now();

  if (m.opted_out) {
    return run.Complete([&](storage::Conn& c) -> Status {
      PEONY_CHECK(
          c.Exec("UPDATE messages SET status = 'suppressed', updated_at = ? WHERE id = ? AND "
                 "status = 'pending'",
                 {now, m.id}));
      return Ok();
    });
  }
  if (!m.settings || !m.settings->enabled) {
    return FailForGood(ctx, run, m, errors::ChannelNotConfigured(m.channel));
  }
  if (auto hold = Hold(ctx, m, now)) return run.Defer(hold->first, hold->second);

  auto adapter = ctx.adapters.Get(m.org_id, *m.settings, ctx.make_adapter, ctx.clock);
  if (!adapter.ok()) return FailForGood(ctx, run, m, adapter.error());
  auto envelope = Open(ctx, m);
  if (!envelope.ok()) return FailForGood(ctx, run, m, envelope.error());

  const Delivery d = (*adapter)->Send(*envelope);
  const std::string provider = m.settings->provider;
  const UtcMillis done = run.now();
  if (d.outcome == Delivery::Outcome::kSent) {
    return run.Complete([&](storage::Conn& c) -> Status {
      PEONY_CHECK(
          c.Exec("UPDATE messages SET status = 'sent', provider = ?, provider_message_id = ?, "
                 "error_code = '', error_message = '', attempts = attempts + 1, sent_at = ?, "
                 "updated_at = ? WHERE id = ? AND status = 'pending'",
                 {provider, d.provider_message_id, done, done, m.id}));
      return Ok();
    });
  }
  const std::string code = d.error_code.empty() ? "provider.error" : d.error_code;
  const std::string message = Clip(d.error_message);
  if (d.outcome == Delivery::Outcome::kFailed) {
    return run.Complete([&](storage::Conn& c) -> Status {
      PEONY_CHECK(
          c.Exec("UPDATE messages SET status = 'failed', provider = ?, error_code = ?, "
                 "error_message = ?, attempts = attempts + 1, updated_at = ? WHERE id = ? AND "
                 "status = 'pending'",
                 {provider, code, message, done, m.id}));
      return Ok();
    });
  }
  // kRetry: keep what the provider said; the job fails this attempt (and is dead-lettered by the
  // queue after its last one, when the message is marked failed here).
  const bool last = run.job().attempts >= run.job().max_attempts;
  PEONY_CHECK(ctx.db.WriteTx([&](storage::Conn& c) -> Status {
    PEONY_CHECK(c.Exec(std::string("UPDATE messages SET ") + (last ? "status = 'failed', " : "") +
                           "provider = ?, error_code = ?, error_message = ?, "
                           "attempts = attempts + 1, updated_at = ? WHERE id = ? AND "
                           "status = 'pending'",
                       {provider, code, message, done, m.id}));
    return Ok();
  }));
  log::Warn("notify.retry", {{"message", m.id}, {"provider", provider}, {"code", code}});
  return errors::ProviderRetry(code, message);
}

}  // namespace peony::notify::internal
