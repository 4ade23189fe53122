// Request signatures: Peony's own webhook signature (outbound webhooks sign with it, inbound rule
// hooks verify it) and the two SMS providers' signature schemes, kept here as pure functions so
// they are tested against the providers' published examples.
//
//   Webhook:  X-Peony-Timestamp: <unix seconds>
//             X-Peony-Signature: sha256=<hex(HMAC-SHA256(secret, timestamp + "." + body))>
//   Alibaba:  RPC signature 1.0, Base64(HMAC-SHA1(secret + "&", StringToSign))
//   Tencent:  TC3-HMAC-SHA256 (signature v3)
//
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace peony::notify {

inline constexpr std::string_view kWebhookTimestampHeader = "X-Peony-Timestamp";
inline constexpr std::string_view kWebhookSignatureHeader = "X-Peony-Signature";
inline constexpr std::string_view kWebhookMessageIdHeader = "X-Peony-Message-Id";

// "sha256=" + lower-case hex of HMAC-SHA256(secret, timestamp + "." + body).
std::string WebhookSignature(std::string_view secret, std::string_view timestamp,
                             std::string_view body);

// True when `signature` is WebhookSignature(secret, timestamp, body); the comparison takes the
// same time wherever the strings differ. Upper-case hex is accepted. The caller checks that the
// timestamp is recent (replays).
bool VerifyWebhookSignature(std::string_view secret, std::string_view timestamp,
                            std::string_view body, std::string_view signature);

// Standard base64 (RFC 4648 §4, "+/" with "=" padding).
std::string Base64Encode(std::string_view bytes);
// 20 raw bytes.
std::string HmacSha1(std::string_view key, std::string_view data);

// Alibaba Cloud's percent-encoding: RFC 3986 unreserved characters (A-Z a-z 0-9 - _ . ~) stay,
// every other byte becomes %XY with upper-case hex (a space is %20, never "+").
std::string AliyunPercentEncode(std::string_view s);

// The canonicalised query: parameters sorted by name (byte order), each name=value
// percent-encoded, joined with "&". Also the body of a signed form POST (plus the Signature).
std::string AliyunCanonicalQuery(std::vector<std::pair<std::string, std::string>> params);

// Alibaba Cloud RPC signature 1.0 over all parameters but Signature:
// Base64(HMAC-SHA1(secret + "&", method + "&%2F&" + percentEncode(canonical query))).
std::string AliyunRpcSignature(std::string_view method,
                               const std::vector<std::pair<std::string, std::string>>& params,
                               std::string_view access_key_secret);

// Tencent Cloud TC3-HMAC-SHA256 over a JSON POST to "/" with the headers
// "content-type:<content_type>" and "host:<host>" signed.
struct Tc3Request {
  std::string secret_id;
  std::string secret_key;
  std::string service;  // "sms"
  std::string host;     // exactly as sent in the Host header
  std::string content_type;
  std::string payload;
  int64_t timestamp = 0;  // unix seconds; the credential date is its UTC day
};
// The Authorization header value: "TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request,
// SignedHeaders=content-type;host, Signature=<hex>".
std::string Tc3Authorization(const Tc3Request& request);

}  // namespace peony::notify
