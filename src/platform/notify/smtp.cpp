// E-mail over SMTP through libcurl: STARTTLS (587), implicit TLS (465) or plain (25, for a local
// relay), AUTH when a user name is set. The message is RFC 5322 with a MIME UTF-8 text body:
// Date, Message-ID, From (display name as an RFC 2047 encoded word), To, Subject (encoded words
// when not plain ASCII), Content-Transfer-Encoding: base64.
//
// A 4xx reply (greylisting, mailbox busy) is retried; a 5xx reply (no such user, refused, bad
// credentials) fails the message.
#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "common/strings.h"
#include "platform/notify/adapters.h"
#include "platform/notify/errors.h"
#include "platform/notify/signing.h"
#include "storage/crypto/crypto.h"

namespace peony::notify::internal {
namespace {

constexpr size_t kEncodedWordBytes = 45;  // 60 base64 characters: words stay under 75 characters

bool IsPlainAscii(std::string_view s) {
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x7f) return false;
  }
  return true;
}

// Header text without line breaks or other control characters (no header injection).
std::string OneLine(std::string_view s) {
  std::string out;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    out += c < 0x20 || c == 0x7f ? ' ' : ch;
  }
  return out;
}

// RFC 2047 "B" encoded words, folded onto continuation lines; each word holds whole UTF-8
// characters.
std::string EncodedWords(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t end = i;
    while (end < text.size()) {
      const size_t n = std::max<size_t>(DecodeUtf8(text, end), 1);
      if (end + n - i > kEncodedWordBytes) break;
      end += n;
    }
    if (end == i) end = i + 1;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64Encode(text.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string HeaderText(std::string_view text) {
  const std::string line = OneLine(text);
  return IsPlainAscii(line) && line.size() <= 900 ? line : EncodedWords(line);
}

std::string DisplayName(std::string_view name) {
  const std::string line = OneLine(name);
  if (!IsPlainAscii(line)) return EncodedWords(line);
  std::string quoted = "\"";
  for (const char c : line) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

// "Sun, 23 Nov 2025 03:03:00 +0000" (RFC 5322 §3.3, UTC).
std::string MailDate(UtcMillis t) {
  using namespace std::chrono;
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const sys_time<milliseconds> tp{milliseconds{t}};
  const auto day = floor<days>(tp);
  const year_month_day ymd{day};
  const hh_mm_ss hms{floor<seconds>(tp - day)};
  const weekday wd{day};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d +0000", kDays[wd.c_encoding()],
                static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                static_cast<int>(ymd.year()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  return buf;
}

// Base64 in lines of 76 characters, over the text with CRLF line ends (its canonical form).
std::string BodyBase64(std::string_view text) {
  std::string canonical;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    if (text[i] == '\n' || text[i] == '\r') {
      canonical += "\r\n";
    } else {
      canonical += text[i];
    }
  }
  const std::string encoded = Base64Encode(canonical);
  std::string out;
  for (size_t i = 0; i < encoded.size(); i += 76) out += encoded.substr(i, 76) + "\r\n";
  return out;
}

std::string IdPart(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') out += c;
  }
  return out;
}

struct Upload {
  std::string data;
  size_t offset = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t n, void* user) {
  auto* up = static_cast<Upload*>(user);
  const size_t len = std::min(size * n, up->data.size() - up->offset);
  std::memcpy(buffer, up->data.data() + up->offset, len);
  up->offset += len;
  return len;
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

class Smtp final : public ChannelAdapter {
 public:
  Smtp(const Config& config, const Clock& clock) : config_(config), clock_(clock) {}

  std::string_view provider() const override { return "smtp"; }

  Delivery Send(const Envelope& m) override {
    if (!IsEmailAddress(m.to)) return BadRecipient("not an e-mail address");
    const std::string& from = config_.Get("from");
    const std::string message_id = "<" + (m.message_id.empty() ? "" : IdPart(m.message_id) + ".") +
                                   HexEncode(storage::crypto::RandomBytes(8)) + "@" +
                                   from.substr(from.find('@') + 1) + ">";
    Upload upload;
    std::string& d = upload.data;
    d += "Date: " + MailDate(clock_.Now()) + "\r\n";
    d += "From: " +
         (config_.Get("from_name").empty()
              ? from
              : DisplayName(config_.Get("from_name")) + " <" + from + ">") +
         "\r\n";
    d += "To: <" + m.to + ">\r\n";
    d += "Subject: " + HeaderText(m.subject) + "\r\n";
    d += "Message-ID: " + message_id + "\r\n";
    d += "MIME-Version: 1.0\r\n";
    d += "Content-Type: text/plain; charset=UTF-8\r\n";
    d += "Content-Transfer-Encoding: base64\r\n\r\n";
    d += BodyBase64(m.text);

    EnsureCurlInit();
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) return Retry("transport.failed_init", "curl_easy_init failed");
    CURL* c = curl.get();
    const std::string& security = config_.Get("security");
    const std::string url = std::string(security == "tls" ? "smtps://" : "smtp://") +
                            HostForUrl(config_.Get("host")) + ":" + Port();
    std::unique_ptr<curl_slist, SlistDeleter> rcpt(
        curl_slist_append(nullptr, ("<" + m.to + ">").c_str()));
    if (!rcpt) return Retry("transport.out_of_memory", "out of memory");
    const std::string mail_from = "<" + from + ">";
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(c, CURLOPT_USE_SSL,
                     security == "none" ? static_cast<long>(CURLUSESSL_NONE)
                                        : static_cast<long>(CURLUSESSL_ALL));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    const long timeout_ms = std::max(1L, static_cast<long>(config_.Seconds("timeout_s") * 1000));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, std::min(5000L, timeout_ms));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
    if (!config_.Get("username").empty()) {
      curl_easy_setopt(c, CURLOPT_USERNAME, config_.Get("username").c_str());
      curl_easy_setopt(c, CURLOPT_PASSWORD, config_.Get("password").c_str());
    }
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, &ReadUpload);
    curl_easy_setopt(c, CURLOPT_READDATA, &upload);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(upload.data.size()));

    const CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK) return Sent(message_id);
    long reply = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
    // libcurl's generic text: its error buffer may quote the server's reply, which can name the
    // recipient.
    const std::string why = curl_easy_strerror(rc);
    if (reply >= 400 && reply < 500) return Retry("smtp." + std::to_string(reply), why);
    if (reply >= 500 && reply < 600) return Failed("smtp." + std::to_string(reply), why);
    if (rc == CURLE_LOGIN_DENIED) return Failed("smtp.auth_failed", why);
    HttpResponse transport;
    transport.transport_error = TransportErrorCode(rc);
    transport.transport_message = why;
    return TransportFailure(transport);
  }

 private:
  std::string Port() const {
    if (!config_.Get("port").empty()) return config_.Get("port");
    const std::string& security = config_.Get("security");
    return security == "tls" ? "465" : security == "none" ? "25" : "587";
  }
  static std::string HostForUrl(const std::string& host) {
    return host.find(':') != std::string::npos ? "[" + host + "]" : host;
  }

  const Config config_;
  const Clock& clock_;
};

bool IsHostName(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  for (const char c : host) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':')) {
      return false;
    }
  }
  return true;
}

Result<std::unique_ptr<ChannelAdapter>> Make(const Config& config, const Clock& clock) {
  if (!IsHostName(config.Get("host"))) return errors::BadSetting("host", "not_a_host");
  if (!config.Get("username").empty() && config.Get("password").empty()) {
    return errors::BadSetting("password", "required");
  }
  return std::unique_ptr<ChannelAdapter>(std::make_unique<Smtp>(config, clock));
}

}  // namespace

const ProviderSpec& SmtpSpec() {
  static const ProviderSpec kSpec{
      "smtp",
      "email",
      "SMTP 邮件",
      "E-mail (SMTP)",
      {
          {"host", "SMTP 服务器", "SMTP server", FieldKind::kString, true},
          {"port", "端口（默认按加密方式：587 / 465 / 25）",
           "Port (default by security: 587 / 465 / 25)", FieldKind::kPort},
          {"security", "加密方式", "Security", FieldKind::kEnum, false, false, "starttls",
           "starttls|tls|none"},
          {"username", "用户名", "User name", FieldKind::kString},
          {"password", "密码 / 授权码", "Password", FieldKind::kString, false, true},
          {"from", "发件地址", "From address", FieldKind::kEmail, true},
          {"from_name", "发件人名称", "From name", FieldKind::kString},
          TimeoutField("15"),
      },
      &Make};
  return kSpec;
}

}  // namespace peony::notify::internal
