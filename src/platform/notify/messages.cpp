// The outgoing messages list and retries of failed messages (see channels.h).
#include <boost/json/object.hpp>

#include "platform/notify/channels.h"
#include "platform/notify/errors.h"
#include "platform/notify/outbox.h"

namespace peony::notify {
namespace {

constexpr const char* kMessageColumns =
    "SELECT id, channel, category, recipient_masked, subject, status, provider, "
    "provider_message_id, error_code, error_message, attempts, entity, record_id, rule_id, "
    "created_at, sent_at FROM messages WHERE org_id = ?";

MessageInfo FromRow(const storage::Rows& r, size_t i) {
  MessageInfo m;
  m.id = r.Int(i, 0);
  m.channel = r.Text(i, 1);
  m.category = r.Text(i, 2);
  m.recipient_masked = r.Text(i, 3);
  m.subject = r.Text(i, 4);
  m.status = r.Text(i, 5);
  m.provider = r.Text(i, 6);
  m.provider_message_id = r.Text(i, 7);
  m.error_code = r.Text(i, 8);
  m.error_message = r.Text(i, 9);
  m.attempts = r.Int(i, 10);
  m.entity = r.OptText(i, 11);
  m.record_id = r.OptInt(i, 12);
  m.rule_id = r.OptInt(i, 13);
  m.created_at = r.Int(i, 14);
  m.sent_at = r.OptInt(i, 15);
  return m;
}

Result<MessageInfo> LoadMessage(storage::Conn& c, int64_t org_id, int64_t id) {
  PEONY_TRY(auto rows, c.Query(std::string(kMessageColumns) + " AND id = ?", {org_id, id}));
  if (rows.empty()) return errors::MessageNotFound();
  return FromRow(rows, 0);
}

boost::json::value OptTime(const std::optional<UtcMillis>& t) {
  return t ? boost::json::value(FormatRfc3339(*t)) : boost::json::value(nullptr);
}

}  // namespace

boost::json::object MessageInfo::ToJson() const {
  return {{"id", id},
          {"channel", channel},
          {"category", category},
          {"recipient_masked", recipient_masked},
          {"subject", subject},
          {"status", status},
          {"provider", provider},
          {"provider_message_id", provider_message_id},
          {"error_code", error_code},
          {"error_message", error_message},
          {"attempts", attempts},
          {"entity", entity ? boost::json::value(*entity) : boost::json::value(nullptr)},
          {"record_id", record_id ? boost::json::value(*record_id) : boost::json::value(nullptr)},
          {"rule_id", rule_id ? boost::json::value(*rule_id) : boost::json::value(nullptr)},
          {"created_at", FormatRfc3339(created_at)},
          {"sent_at", OptTime(sent_at)}};
}

Result<std::vector<MessageInfo>> Channels::ListMessages(int64_t org_id, const MessageFilter& f,
                                                        int64_t before_id, int limit) {
  std::string sql = kMessageColumns;
  storage::Params params{org_id};
  auto where = [&](const char* clause, storage::Value v) {
    sql += clause;
    params.Add(std::move(v));
  };
  if (f.status) where(" AND status = ?", *f.status);
  if (f.channel) where(" AND channel = ?", *f.channel);
  if (f.entity) where(" AND entity = ?", *f.entity);
  if (f.record_id) where(" AND record_id = ?", *f.record_id);
  if (before_id > 0) where(" AND id < ?", before_id);
  sql += " ORDER BY id DESC LIMIT ?";
  params.Add(int64_t{limit});
  return db_.Read([&](storage::Conn& c) -> Result<std::vector<MessageInfo>> {
    PEONY_TRY(auto rows, c.Query(sql, params));
    std::vector<MessageInfo> out;
    out.reserve(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) out.push_back(FromRow(rows, i));
    return out;
  });
}

Result<MessageInfo> Channels::RetryMessage(const access::Principal& p, const std::string& ip,
                                           int64_t id) {
  return db_.Write([&](storage::Conn& c) -> Result<MessageInfo> {
    PEONY_TRY(auto m, LoadMessage(c, p.org_id, id));
    if (m.status != "failed") return errors::MessageNotFailed();
    const UtcMillis now = clock_.Now();
    PEONY_TRY(auto n, c.Exec("UPDATE messages SET status = 'pending', error_code = '', "
                             "error_message = '', updated_at = ? WHERE id = ? AND "
                             "status = 'failed'",
                             {now, id}));
    if (n != 1) return errors::MessageNotFailed();
    PEONY_CHECK(EnqueueDeliveryInTx(c, clock_, p.org_id, id));
    PEONY_CHECK(Audit(c, p, ip, "notify.message_retry", "message", std::to_string(id),
                      {{"channel", m.channel}}));
    m.status = "pending";
    m.error_code.clear();
    m.error_message.clear();
    return m;
  });
}

}  // namespace peony::notify
