// Error codes of the notification outbox and its settings (notify.*). Codes are stable.
//
//   notify.bad_recipient          422  the "to" is not a mainland mobile number (sms), an e-mail
//                                      address (email), a WeChat Work user id (wecom) or an http(s)
//                                      URL (webhook); details.fields.to
//   notify.bad_message            422  (outbox) an unknown category or a body over 256 KiB;
//                                      details.fields
//   notify.unknown_channel        404  the channel in the path is not sms, email, wecom or webhook
//   notify.unknown_provider       422  no such provider, or it does not serve the channel
//                                      (also answered by channel.h MakeAdapter)
//   notify.bad_channel_config     422  a config field, the rate or the quiet hours are invalid;
//                                      details.field + details.reason (also from MakeAdapter)
//   notify.channel_not_configured 409  the organisation has no (enabled) settings for the channel
//   notify.version_conflict       409  the channel settings changed since they were read
//   notify.message_not_found      404  no such message in the organisation
//   notify.message_not_failed     409  only failed messages can be retried
//   notify.optout_not_found       404  no such opt-out
//   notify.provider_retry         503  (job errors only) the provider failed transiently; the
//                                      delivery job retries with backoff
#pragma once

#include <boost/json/object.hpp>
#include <string_view>

#include "common/result.h"

namespace peony::notify::errors {

inline Error BadRecipient(std::string_view channel) {
  return MakeError(ErrorKind::kInvalidArgument, "notify.bad_recipient",
                   "收件人格式不正确（短信为 11 位手机号，邮件为邮箱地址，企业微信为成员账号）",
                   "Invalid recipient (an 11-digit mobile number for SMS, an e-mail address for "
                   "e-mail, a member id for WeChat Work, an http(s) URL for webhooks)")
      .WithDetails(boost::json::object{
          {"channel", channel}, {"fields", boost::json::object{{"to", "invalid for the channel"}}}})
      .WithStatus(422);
}
inline Error BadMessage(std::string_view field, std::string_view reason) {
  return MakeError(ErrorKind::kInvalidArgument, "notify.bad_message", "消息内容不正确",
                   "Invalid message")
      .WithDetails(boost::json::object{{"fields", boost::json::object{{field, reason}}}})
      .WithStatus(422);
}
inline Error UnknownChannel(std::string_view channel) {
  return MakeError(ErrorKind::kNotFound, "notify.unknown_channel",
                   "没有这种消息通道（可用：短信、邮件、企业微信、Webhook）",
                   "No such channel (sms, email, wecom or webhook)")
      .WithDetails(boost::json::object{{"channel", channel}});
}
inline Error ProviderNotForChannel(std::string_view provider, std::string_view channel) {
  return MakeError(ErrorKind::kInvalidArgument, "notify.unknown_provider",
                   "该服务商不提供这种消息通道", "The provider does not serve this channel")
      .WithDetails(boost::json::object{
          {"provider", provider},
          {"channel", channel},
          {"fields", boost::json::object{{"provider", "not a provider of the channel"}}}})
      .WithStatus(422);
}
// A setting of the channel itself (not a provider field): rate, quiet hours, a secret to re-enter.
inline Error BadSetting(std::string_view field, std::string_view reason) {
  return MakeError(ErrorKind::kInvalidArgument, "notify.bad_channel_config",
                   "通道设置不正确：" + std::string(field),
                   "Invalid channel setting: " + std::string(field))
      .WithDetails(boost::json::object{
          {"field", field}, {"reason", reason}, {"fields", boost::json::object{{field, reason}}}})
      .WithStatus(422);
}
inline Error ChannelNotConfigured(std::string_view channel) {
  return MakeError(ErrorKind::kFailedPrecondition, "notify.channel_not_configured",
                   "该消息通道尚未设置或已停用", "The channel is not set up or is disabled")
      .WithDetails(boost::json::object{{"channel", channel}});
}
inline Error VersionConflict() {
  return MakeError(ErrorKind::kConflict, "notify.version_conflict",
                   "通道设置已被他人修改，请刷新后再试",
                   "The channel settings were changed by someone else; reload and try again");
}
inline Error MessageNotFound() {
  return MakeError(ErrorKind::kNotFound, "notify.message_not_found", "消息不存在",
                   "No such message");
}
inline Error MessageNotFailed() {
  return MakeError(ErrorKind::kFailedPrecondition, "notify.message_not_failed",
                   "只有发送失败的消息可以重发", "Only failed messages can be sent again");
}
inline Error OptOutNotFound() {
  return MakeError(ErrorKind::kNotFound, "notify.optout_not_found", "退订记录不存在",
                   "No such opt-out");
}
inline Error ProviderRetry(std::string_view code, std::string_view message) {
  return MakeError(ErrorKind::kUnavailable, "notify.provider_retry",
                   "消息服务商暂时不可用，稍后重试", "The provider failed for now; retrying later")
      .WithDetails(boost::json::object{{"provider_code", code}, {"provider_message", message}});
}

}  // namespace peony::notify::errors
