// WeChat Work application messages: GET /cgi-bin/gettoken?corpid&corpsecret for an access token
// (kept until 60 s before it expires), then POST /cgi-bin/message/send?access_token=… with a text
// message. Answers are {"errcode":0,"errmsg":"ok",…}; a token the server no longer accepts
// (40014, 42001) is fetched again once.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <mutex>
#include <optional>
#include <string>

#include "platform/notify/adapters.h"
#include "platform/notify/signing.h"

namespace peony::notify::internal {
namespace {

constexpr int64_t kInvalidToken = 40014;
constexpr int64_t kExpiredToken = 42001;
constexpr int64_t kTokenMarginMs = 60'000;

// System busy, frequency and concurrency limits: worth another attempt later.
bool IsTransient(int64_t errcode) {
  return errcode == -1 || errcode == 45009 || errcode == 45033 || errcode == 45011;
}

// Member ids: letters, digits, "_", "-", ".", "@"; several joined by "|". "@all" (everyone in the
// application's range) is refused: a rule must never broadcast to the whole company by accident.
bool IsMemberList(std::string_view to) {
  if (to.empty() || to.size() > 2000) return false;
  size_t start = 0;
  while (start <= to.size()) {
    const size_t bar = to.find('|', start);
    const std::string_view id =
        to.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start);
    if (id.empty() || id.size() > 64 || id == "@all") return false;
    for (const char c : id) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '-' || c == '.' || c == '@';
      if (!ok) return false;
    }
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  return true;
}

// A WeChat Work answer: errcode (nullopt when the body is not such an object) and the object.
struct Answer {
  std::optional<int64_t> errcode;
  std::string errmsg;
  boost::json::object body;
};

Answer Parse(const HttpResponse& r) {
  Answer a;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(r.body, ec);
  if (ec || !v.is_object()) return a;
  a.body = std::move(v.as_object());
  const boost::json::value* code = a.body.if_contains("errcode");
  if (code == nullptr || !code->is_number()) return a;
  boost::system::error_code number_ec;
  const auto errcode = code->to_number<int64_t>(number_ec);
  if (number_ec) return a;
  a.errcode = errcode;
  if (const boost::json::value* msg = a.body.if_contains("errmsg"); msg && msg->is_string()) {
    a.errmsg = std::string(msg->as_string());
  }
  return a;
}

Delivery FromError(const Answer& a) {
  const std::string code = "wecom." + std::to_string(*a.errcode);
  return IsTransient(*a.errcode) ? Retry(code, a.errmsg) : Failed(code, a.errmsg);
}

class Wecom final : public ChannelAdapter {
 public:
  Wecom(const Config& config, const Clock& clock)
      : config_(config), clock_(clock), endpoint_(TrimSlash(config.Get("endpoint"))) {}

  std::string_view provider() const override { return "wecom"; }

  Delivery Send(const Envelope& m) override {
    if (!IsMemberList(m.to)) return BadRecipient("not a WeChat Work member id");
    boost::json::object message{{"touser", m.to},
                                {"msgtype", "text"},
                                {"agentid", config_.Int("agent_id")},
                                {"text", boost::json::object{{"content", m.text}}}};
    const std::string body = boost::json::serialize(message);
    for (int attempt = 0;; ++attempt) {
      std::string token;
      if (std::optional<Delivery> failed = Token(&token)) return *failed;
      HttpRequest request;
      // The token is a credential: this URL is never logged.
      request.url = endpoint_ + "/cgi-bin/message/send?access_token=" + AliyunPercentEncode(token);
      request.headers = {"Content-Type: application/json; charset=utf-8"};
      request.body = body;
      request.timeout_s = config_.Seconds("timeout_s");
      const HttpResponse response = HttpCall(request);
      if (!response.transport_error.empty()) return TransportFailure(response);
      const Answer a = Parse(response);
      if (!a.errcode) return UnexpectedAnswer(response);
      if ((*a.errcode == kInvalidToken || *a.errcode == kExpiredToken) && attempt == 0) {
        Forget(token);
        continue;
      }
      if (*a.errcode != 0) return FromError(a);
      // Sent, but WeChat Work reports recipients it could not reach in "invaliduser".
      if (const boost::json::value* invalid = a.body.if_contains("invaliduser");
          invalid != nullptr && invalid->is_string() && !invalid->as_string().empty()) {
        return Failed("wecom.invalid_user", "recipient not in the application's visible range");
      }
      const boost::json::value* msgid = a.body.if_contains("msgid");
      return Sent(msgid != nullptr && msgid->is_string() ? std::string(msgid->as_string()) : "");
    }
  }

 private:
  // A valid token in *out, or the Delivery explaining why there is none. One thread fetches while
  // the others wait for its answer instead of asking too.
  std::optional<Delivery> Token(std::string* out) {
    std::lock_guard lock(mu_);
    if (!token_.empty() && clock_.Now() < token_expires_at_) {
      *out = token_;
      return std::nullopt;
    }
    HttpRequest request;
    request.method = "GET";
    request.url = endpoint_ +
                  "/cgi-bin/gettoken?corpid=" + AliyunPercentEncode(config_.Get("corp_id")) +
                  "&corpsecret=" + AliyunPercentEncode(config_.Get("corp_secret"));
    request.timeout_s = config_.Seconds("timeout_s");
    const HttpResponse response = HttpCall(request);
    if (!response.transport_error.empty()) return TransportFailure(response);
    const Answer a = Parse(response);
    if (!a.errcode) return UnexpectedAnswer(response);
    if (*a.errcode != 0) return FromError(a);
    const boost::json::value* token = a.body.if_contains("access_token");
    const boost::json::value* expires = a.body.if_contains("expires_in");
    if (token == nullptr || !token->is_string() || token->as_string().empty()) {
      return UnexpectedAnswer(response);
    }
    boost::system::error_code number_ec;
    int64_t expires_in_s = 7200;
    if (expires != nullptr && expires->is_number()) {
      expires_in_s = expires->to_number<int64_t>(number_ec);
      if (number_ec || expires_in_s <= 0) expires_in_s = 0;  // not cached: fetched per message
    }
    token_ = std::string(token->as_string());
    token_expires_at_ = clock_.Now() + expires_in_s * 1000 - kTokenMarginMs;
    *out = token_;
    return std::nullopt;
  }

  // Drops the cached token if it is still `rejected` (another thread may have replaced it).
  void Forget(const std::string& rejected) {
    std::lock_guard lock(mu_);
    if (token_ == rejected) token_.clear();
  }

  const Config config_;
  const Clock& clock_;
  const std::string endpoint_;
  std::mutex mu_;
  std::string token_;               // GUARDED_BY(mu_)
  UtcMillis token_expires_at_ = 0;  // GUARDED_BY(mu_)
};

Result<std::unique_ptr<ChannelAdapter>> Make(const Config& config, const Clock& clock) {
  return std::unique_ptr<ChannelAdapter>(std::make_unique<Wecom>(config, clock));
}

}  // namespace

const ProviderSpec& WecomSpec() {
  static const ProviderSpec kSpec{
      "wecom",
      "wecom",
      "企业微信应用消息",
      "WeChat Work application messages",
      {
          {"corp_id", "企业 ID（corpid）", "Corp id", FieldKind::kString, true},
          {"corp_secret", "应用 Secret", "Application secret", FieldKind::kString, true, true},
          {"agent_id", "应用 AgentId", "Agent id", FieldKind::kInteger, true},
          {"endpoint", "接口地址", "Endpoint", FieldKind::kUrl, false, false,
           "https://qyapi.weixin.qq.com"},
          TimeoutField("15"),
      },
      &Make};
  return kSpec;
}

}  // namespace peony::notify::internal
