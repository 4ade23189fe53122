#include "platform/notify/signing.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>

#include "common/clock.h"
#include "common/strings.h"
#include "storage/crypto/crypto.h"

namespace peony::notify {
namespace {

std::string Sha256Hex(std::string_view data) { return HexEncode(storage::crypto::Sha256(data)); }

}  // namespace

std::string WebhookSignature(std::string_view secret, std::string_view timestamp,
                             std::string_view body) {
  std::string signed_text;
  signed_text.reserve(timestamp.size() + 1 + body.size());
  signed_text.append(timestamp).append(".").append(body);
  return "sha256=" + HexEncode(storage::crypto::HmacSha256(secret, signed_text));
}

bool VerifyWebhookSignature(std::string_view secret, std::string_view timestamp,
                            std::string_view body, std::string_view signature) {
  const std::string expected = WebhookSignature(secret, timestamp, body);
  // Only the hex digits' case may differ; the length is public (always 71 characters).
  const std::string given = ToLower(signature);
  return given.size() == expected.size() && ConstantTimeEquals(given, expected);
}

std::string Base64Encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(std::max(n, 0)));
  return out;
}

std::string HmacSha1(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &size);
  return std::string(reinterpret_cast<const char*>(out), size);
}

std::string AliyunPercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3);
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string AliyunCanonicalQuery(std::vector<std::pair<std::string, std::string>> params) {
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += AliyunPercentEncode(name);
    out += '=';
    out += AliyunPercentEncode(value);
  }
  return out;
}

std::string AliyunRpcSignature(std::string_view method,
                               const std::vector<std::pair<std::string, std::string>>& params,
                               std::string_view access_key_secret) {
  std::vector<std::pair<std::string, std::string>> signed_params;
  signed_params.reserve(params.size());
  for (const auto& p : params) {
    if (p.first != "Signature") signed_params.push_back(p);
  }
  const std::string string_to_sign = std::string(method) + "&" + AliyunPercentEncode("/") + "&" +
                                     AliyunPercentEncode(AliyunCanonicalQuery(signed_params));
  const std::string key = std::string(access_key_secret) + "&";
  return Base64Encode(HmacSha1(key, string_to_sign));
}

std::string Tc3Authorization(const Tc3Request& r) {
  static constexpr std::string_view kAlgorithm = "TC3-HMAC-SHA256";
  static constexpr std::string_view kSignedHeaders = "content-type;host";
  const std::string canonical_request = "POST\n/\n\ncontent-type:" + ToLower(r.content_type) +
                                        "\nhost:" + ToLower(r.host) + "\n\n" +
                                        std::string(kSignedHeaders) + "\n" + Sha256Hex(r.payload);
  // The credential date is the UTC day of the timestamp ("2026-11-22").
  const std::string date = FormatRfc3339(r.timestamp * 1000).substr(0, 10);
  const std::string scope = date + "/" + r.service + "/tc3_request";
  const std::string string_to_sign = std::string(kAlgorithm) + "\n" + std::to_string(r.timestamp) +
                                     "\n" + scope + "\n" + Sha256Hex(canonical_request);
  using storage::crypto::HmacSha256;
  const std::string secret_date = HmacSha256("TC3" + r.secret_key, date);
  const std::string secret_service = HmacSha256(secret_date, r.service);
  const std::string secret_signing = HmacSha256(secret_service, "tc3_request");
  const std::string signature = HexEncode(HmacSha256(secret_signing, string_to_sign));
  return std::string(kAlgorithm) + " Credential=" + r.secret_id + "/" + scope +
         ", SignedHeaders=" + std::string(kSignedHeaders) + ", Signature=" + signature;
}

}  // namespace peony::notify
