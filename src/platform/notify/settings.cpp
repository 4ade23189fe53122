// Reading channel settings (see settings.h).
#include "platform/notify/settings.h"

#include <boost/json/parse.hpp>

namespace peony::notify {
namespace {

constexpr const char* kColumns =
    "SELECT channel, provider, enabled, config, rate_per_minute, quiet_start, quiet_end, version, "
    "updated_at FROM notify_channels WHERE org_id = ?";

Result<ChannelSettings> FromRow(const storage::Rows& r, size_t i,
                                const storage::crypto::KeyRing& keys, int64_t org_id) {
  ChannelSettings s;
  s.channel = r.Text(i, 0);
  s.provider = r.Text(i, 1);
  s.enabled = r.Int(i, 2) != 0;
  PEONY_TRY(auto plain,
            storage::crypto::Decrypt(keys, r.Bytes(i, 3), ConfigAssociatedData(org_id, s.channel)));
  boost::system::error_code ec;
  auto config = boost::json::parse(plain, ec);
  if (ec || !config.is_object()) return InternalError("notify_channels.config is not an object");
  s.config = std::move(config.as_object());
  s.rate_per_minute = r.Int(i, 4);
  s.quiet_start = r.Text(i, 5);
  s.quiet_end = r.Text(i, 6);
  s.version = r.Int(i, 7);
  s.updated_at = r.Int(i, 8);
  return s;
}

}  // namespace

std::string ConfigAssociatedData(int64_t org_id, std::string_view channel) {
  return "notify_channels.config:" + std::to_string(org_id) + ":" + std::string(channel);
}

Result<std::optional<ChannelSettings>> LoadChannel(storage::Conn& c,
                                                   const storage::crypto::KeyRing& keys,
                                                   int64_t org_id, std::string_view channel) {
  PEONY_TRY(auto rows, c.Query(std::string(kColumns) + " AND channel = ?", {org_id, channel}));
  if (rows.empty()) return std::optional<ChannelSettings>{};
  PEONY_TRY(auto s, FromRow(rows, 0, keys, org_id));
  return std::optional<ChannelSettings>{std::move(s)};
}

Result<std::vector<ChannelSettings>> LoadChannels(storage::Conn& c,
                                                  const storage::crypto::KeyRing& keys,
                                                  int64_t org_id) {
  PEONY_TRY(auto rows, c.Query(std::string(kColumns) + " ORDER BY channel", {org_id}));
  std::vector<ChannelSettings> out;
  out.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    PEONY_TRY(auto s, FromRow(rows, i, keys, org_id));
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace peony::notify
