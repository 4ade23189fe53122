// Channel settings and test sends (see channels.h). Messages and opt-outs are in messages.cpp and
// optouts.cpp.
#include "platform/notify/channels.h"

#include <boost/json/serialize.hpp>
#include <set>

#include "platform/access/audit.h"
#include "platform/notify/errors.h"
#include "platform/notify/quiet_hours.h"
#include "platform/notify/recipient.h"
#include "storage/crypto/crypto.h"

namespace peony::notify {
namespace {

constexpr std::string_view kRedacted = "********";
constexpr std::string_view kTestText =
    "这是一条来自 Peony 的测试消息。This is a test message from Peony.";

// The names of the provider's secret config fields (from DescribeProviders).
std::set<std::string> SecretFields(std::string_view provider) {
  std::set<std::string> out;
  for (const auto& p : DescribeProviders()) {
    const auto* po = p.if_object();
    const auto* name = po ? po->if_contains("provider") : nullptr;
    if (name == nullptr || !name->is_string() || name->as_string() != provider) continue;
    const auto* fields = po->if_contains("fields");
    if (fields == nullptr || !fields->is_array()) continue;
    for (const auto& f : fields->as_array()) {
      const auto* fo = f.if_object();
      if (fo == nullptr) continue;
      const auto* secret = fo->if_contains("secret");
      const auto* name = fo->if_contains("name");
      if (secret && secret->is_bool() && secret->as_bool() && name && name->is_string()) {
        out.emplace(name->as_string());
      }
    }
  }
  return out;
}

// "********" in a field means "keep what is stored" — only for the same provider's stored field.
Result<boost::json::object> MergeSecrets(const ChannelInput& in,
                                         const std::optional<ChannelSettings>& stored) {
  boost::json::object config = in.config;
  const std::set<std::string> secrets = SecretFields(in.provider);
  for (auto& [key, value] : config) {
    if (!value.is_string() || value.as_string() != kRedacted) continue;
    if (!secrets.contains(std::string(key))) continue;
    const bool same = stored && stored->provider == in.provider;
    const auto* kept = same ? stored->config.if_contains(key) : nullptr;
    if (kept == nullptr) return errors::BadSetting(key, "enter the value; none is stored");
    value = *kept;
  }
  return config;
}

}  // namespace

Status Channels::Audit(storage::Conn& c, const access::Principal& p, const std::string& ip,
                       std::string_view action, std::string_view target_type,
                       std::string_view target_id, boost::json::object detail) const {
  return access::AppendAudit(
      c, clock_,
      access::AuditEvent{p.org_id, p.user_id, p.username, std::string(action),
                         std::string(target_type), std::string(target_id), ip, std::move(detail)});
}

Channels::Channels(storage::Db& db, const Clock& clock, const storage::crypto::KeyRing& keys,
                   AdapterFactory make_adapter)
    : db_(db), clock_(clock), keys_(keys), make_adapter_(std::move(make_adapter)) {}

boost::json::object Channels::ToJson(const ChannelSettings& s) {
  return {{"channel", s.channel},
          {"provider", s.provider},
          {"enabled", s.enabled},
          {"config", RedactConfig(s.provider, s.config)},
          {"rate_per_minute", s.rate_per_minute},
          {"quiet_start", s.quiet_start},
          {"quiet_end", s.quiet_end},
          {"version", s.version},
          {"updated_at", FormatRfc3339(s.updated_at)}};
}

Result<std::vector<ChannelSettings>> Channels::List(int64_t org_id) {
  return db_.Read([&](storage::Conn& c) { return LoadChannels(c, keys_, org_id); });
}

Result<ChannelSettings> Channels::Put(const access::Principal& p, const std::string& ip,
                                      std::string_view channel, const ChannelInput& in) {
  if (!IsChannel(channel)) return errors::UnknownChannel(channel);
  if (ChannelOf(in.provider) != channel) return errors::ProviderNotForChannel(in.provider, channel);
  if (in.rate_per_minute && (*in.rate_per_minute < 1 || *in.rate_per_minute > kMaxRatePerMinute)) {
    return errors::BadSetting("rate_per_minute", "must be an integer from 1 to 10000");
  }
  if (in.quiet_start && !ParseClockTime(*in.quiet_start)) {
    return errors::BadSetting("quiet_start", "must be a time HH:MM");
  }
  if (in.quiet_end && !ParseClockTime(*in.quiet_end)) {
    return errors::BadSetting("quiet_end", "must be a time HH:MM");
  }
  PEONY_TRY(auto stored,
            db_.Read([&](storage::Conn& c) { return LoadChannel(c, keys_, p.org_id, channel); }));
  if (in.version && (!stored || stored->version != *in.version)) return errors::VersionConflict();
  PEONY_TRY(auto config, MergeSecrets(in, stored));
  // Building the adapter is the check of the config (required fields, URLs, ports).
  PEONY_TRY(auto adapter, make_adapter_(in.provider, config, clock_));
  (void)adapter;

  ChannelSettings s;
  s.channel = std::string(channel);
  s.provider = in.provider;
  s.enabled = in.enabled;
  s.config = std::move(config);
  s.rate_per_minute =
      in.rate_per_minute.value_or(stored ? stored->rate_per_minute : kDefaultRatePerMinute);
  s.quiet_start = in.quiet_start.value_or(stored ? stored->quiet_start : "21:00");
  s.quiet_end = in.quiet_end.value_or(stored ? stored->quiet_end : "09:00");
  s.version = stored ? stored->version + 1 : 1;
  s.updated_at = clock_.Now();
  PEONY_TRY(auto sealed, storage::crypto::Encrypt(keys_, boost::json::serialize(s.config),
                                                  ConfigAssociatedData(p.org_id, channel)));
  Status written = db_.WriteTx([&](storage::Conn& c) -> Status {
    if (stored) {
      PEONY_TRY(auto n, c.Exec("UPDATE notify_channels SET provider = ?, enabled = ?, config = ?, "
                               "rate_per_minute = ?, quiet_start = ?, quiet_end = ?, "
                               "updated_at = ?, version = ? WHERE org_id = ? AND channel = ? AND "
                               "version = ?",
                               {s.provider, s.enabled, storage::Blob{sealed}, s.rate_per_minute,
                                s.quiet_start, s.quiet_end, s.updated_at, s.version, p.org_id,
                                s.channel, stored->version}));
      if (n != 1) return errors::VersionConflict();
    } else {
      PEONY_CHECK(
          c.Exec("INSERT INTO notify_channels (org_id, channel, provider, enabled, config, "
                 "rate_per_minute, quiet_start, quiet_end, updated_at, version) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 {p.org_id, s.channel, s.provider, s.enabled, storage::Blob{sealed},
                  s.rate_per_minute, s.quiet_start, s.quiet_end, s.updated_at, s.version}));
    }
    return Audit(c, p, ip, "notify.channel_update", "notify_channel", s.channel,
                 {{"provider", s.provider},
                  {"enabled", s.enabled},
                  {"rate_per_minute", s.rate_per_minute},
                  {"quiet_start", s.quiet_start},
                  {"quiet_end", s.quiet_end},
                  {"version", s.version}});
  });
  if (!written.ok()) {
    // Two first saves at once: the second finds the row the first inserted.
    if (written.error().code == "db.unique_violation") return errors::VersionConflict();
    return std::move(written).error();
  }
  return s;
}

Status Channels::Delete(const access::Principal& p, const std::string& ip,
                        std::string_view channel) {
  if (!IsChannel(channel)) return errors::UnknownChannel(channel);
  return db_.WriteTx([&](storage::Conn& c) -> Status {
    PEONY_TRY(auto n, c.Exec("DELETE FROM notify_channels WHERE org_id = ? AND channel = ?",
                             {p.org_id, channel}));
    if (n == 0) return Ok();
    return Audit(c, p, ip, "notify.channel_delete", "notify_channel", channel, {});
  });
}

Result<Delivery> Channels::TestSend(const access::Principal& p, const std::string& ip,
                                    std::string_view channel, std::string_view to,
                                    std::string_view text) {
  if (!IsChannel(channel)) return errors::UnknownChannel(channel);
  PEONY_TRY(auto stored,
            db_.Read([&](storage::Conn& c) { return LoadChannel(c, keys_, p.org_id, channel); }));
  if (!stored) return errors::ChannelNotConfigured(channel);
  PEONY_TRY(auto recipient, NormaliseRecipient(channel, to));
  PEONY_TRY(auto adapter, make_adapter_(stored->provider, stored->config, clock_));
  Envelope env;
  env.message_id = "test-" + storage::crypto::RandomToken(9);
  env.to = std::move(recipient);
  env.subject = "Peony 测试消息";
  env.text = text.empty() ? std::string(kTestText) : std::string(text);
  const Delivery d = adapter->Send(env);
  const char* outcome = d.outcome == Delivery::Outcome::kSent    ? "sent"
                        : d.outcome == Delivery::Outcome::kRetry ? "retry"
                                                                 : "failed";
  PEONY_CHECK(db_.WriteTx([&](storage::Conn& c) -> Status {
    return Audit(
        c, p, ip, "notify.test_send", "notify_channel", channel,
        {{"provider", stored->provider}, {"outcome", outcome}, {"error_code", d.error_code}});
  }));
  return d;
}

}  // namespace peony::notify
