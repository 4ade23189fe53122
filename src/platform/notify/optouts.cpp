// Opt-outs per channel (see channels.h): kept by the recipient's blind index with a masked form
// for the list, so the table holds no address in clear.
#include "platform/notify/channels.h"
#include "platform/notify/errors.h"
#include "platform/notify/recipient.h"

namespace peony::notify {
namespace {

// Channels a person can opt out of (webhooks are addressed to systems, not people).
bool IsOptOutChannel(std::string_view channel) {
  return IsChannel(channel) && channel != "webhook";
}

}  // namespace

boost::json::object OptOut::ToJson() const {
  return {{"channel", channel},
          {"recipient_masked", recipient_masked},
          {"created_at", FormatRfc3339(created_at)},
          {"id", id}};
}

Result<std::vector<OptOut>> Channels::ListOptOuts(int64_t org_id,
                                                  const std::optional<std::string>& channel) {
  if (channel && !IsOptOutChannel(*channel)) return errors::UnknownChannel(*channel);
  std::string sql =
      "SELECT channel, recipient_masked, recipient_index, created_at FROM notify_optouts "
      "WHERE org_id = ?";
  storage::Params params{org_id};
  if (channel) {
    sql += " AND channel = ?";
    params.Add(*channel);
  }
  sql += " ORDER BY created_at DESC, channel, recipient_index";
  return db_.Read([&](storage::Conn& c) -> Result<std::vector<OptOut>> {
    PEONY_TRY(auto rows, c.Query(sql, params));
    std::vector<OptOut> out;
    out.reserve(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
      out.push_back(OptOut{rows.Text(i, 0), rows.Text(i, 1), rows.Text(i, 2), rows.Int(i, 3)});
    }
    return out;
  });
}

Result<OptOut> Channels::AddOptOut(const access::Principal& p, const std::string& ip,
                                   std::string_view channel, std::string_view to) {
  if (!IsOptOutChannel(channel)) return errors::UnknownChannel(channel);
  PEONY_TRY(auto recipient, NormaliseRecipient(channel, to));
  OptOut o{std::string(channel), MaskRecipient(channel, recipient),
           RecipientIndex(keys_, channel, recipient), clock_.Now()};
  return db_.Write([&](storage::Conn& c) -> Result<OptOut> {
    PEONY_TRY(auto rows,
              c.Query("INSERT INTO notify_optouts (org_id, channel, recipient_index, "
                      "recipient_masked, created_at) VALUES (?, ?, ?, ?, ?) "
                      "ON CONFLICT (org_id, channel, recipient_index) DO NOTHING RETURNING 1",
                      {p.org_id, o.channel, o.id, o.recipient_masked, o.created_at}));
    if (rows.empty()) {  // already opted out: answer the existing entry
      PEONY_TRY(auto existing,
                c.Query("SELECT created_at FROM notify_optouts WHERE org_id = ? AND channel = ? "
                        "AND recipient_index = ?",
                        {p.org_id, o.channel, o.id}));
      if (!existing.empty()) o.created_at = existing.Int(0, 0);
      return o;
    }
    PEONY_CHECK(Audit(c, p, ip, "notify.optout_add", "notify_optout", o.channel, {}));
    return o;
  });
}

Status Channels::RemoveOptOut(const access::Principal& p, const std::string& ip,
                              std::string_view channel, std::string_view id) {
  if (!IsOptOutChannel(channel)) return errors::UnknownChannel(channel);
  return db_.WriteTx([&](storage::Conn& c) -> Status {
    PEONY_TRY(auto n, c.Exec("DELETE FROM notify_optouts WHERE org_id = ? AND channel = ? AND "
                             "recipient_index = ?",
                             {p.org_id, channel, id}));
    if (n == 0) return errors::OptOutNotFound();
    return Audit(c, p, ip, "notify.optout_remove", "notify_optout", channel, {});
  });
}

Result<bool> Channels::IsOptedOut(int64_t org_id, std::string_view channel, std::string_view to) {
  if (!IsChannel(channel)) return errors::UnknownChannel(channel);
  PEONY_TRY(auto recipient, NormaliseRecipient(channel, to));
  const std::string index = RecipientIndex(keys_, channel, recipient);
  return db_.Read([&](storage::Conn& c) -> Result<bool> {
    PEONY_TRY(auto rows, c.Query("SELECT 1 FROM notify_optouts WHERE org_id = ? AND channel = ? "
                                 "AND recipient_index = ?",
                                 {org_id, channel, index}));
    return !rows.empty();
  });
}

}  // namespace peony::notify
