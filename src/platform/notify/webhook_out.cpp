// Outbound webhooks: the message's text (a JSON body) POSTed to the URL in `to`, signed with the
// channel's secret (signing.h). 2xx: sent; 408, 429, 5xx and transport failures: retry; any other
// answer (3xx included: redirects are not followed) is a refusal.
#include <string>

#include "platform/notify/adapters.h"
#include "platform/notify/signing.h"

namespace peony::notify::internal {
namespace {

class WebhookOut final : public ChannelAdapter {
 public:
  WebhookOut(const Config& config, const Clock& clock) : config_(config), clock_(clock) {}

  std::string_view provider() const override { return "webhook"; }

  Delivery Send(const Envelope& m) override {
    if (!IsHttpUrl(m.to)) return BadRecipient("not an http(s) URL");
    const std::string timestamp = std::to_string(clock_.Now() / 1000);
    HttpRequest request;
    request.url = m.to;
    request.headers = {
        "Content-Type: application/json; charset=utf-8",
        std::string(kWebhookTimestampHeader) + ": " + timestamp,
        std::string(kWebhookSignatureHeader) + ": " +
            WebhookSignature(config_.Get("secret"), timestamp, m.text),
    };
    if (!m.message_id.empty()) {
      request.headers.push_back(std::string(kWebhookMessageIdHeader) + ": " + m.message_id);
    }
    request.body = m.text;
    request.timeout_s = config_.Seconds("timeout_s");
    const HttpResponse response = HttpCall(request);
    if (!response.transport_error.empty()) return TransportFailure(response);
    if (response.status >= 200 && response.status < 300) return Sent("");
    const std::string code = "http." + std::to_string(response.status);
    const std::string message = "HTTP " + std::to_string(response.status) +
                                (response.body.empty() ? "" : ": ") + Snippet(response.body, 200);
    if (response.status >= 500 || response.status == 408 || response.status == 429) {
      return Retry(code, message);
    }
    return Failed(code, message);
  }

 private:
  const Config config_;
  const Clock& clock_;
};

Result<std::unique_ptr<ChannelAdapter>> Make(const Config& config, const Clock& clock) {
  return std::unique_ptr<ChannelAdapter>(std::make_unique<WebhookOut>(config, clock));
}

}  // namespace

const ProviderSpec& WebhookSpec() {
  static const ProviderSpec kSpec{
      "webhook",
      "webhook",
      "Webhook（HTTP 回调）",
      "Webhook (HTTP POST)",
      {
          {"secret", "签名密钥", "Signing secret", FieldKind::kString, true, true},
          TimeoutField("10"),
      },
      &Make};
  return kSpec;
}

}  // namespace peony::notify::internal
