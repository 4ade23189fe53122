#include "storage/crypto/crypto.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "common/log.h"

namespace peony::storage::crypto {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// HMAC fetched once: the one-shot HMAC() looks the algorithm and the digest up in the provider
// on every call, which cost ten times the hashing of a short message (every blind index).
EVP_MAC* HmacAlgorithm() {
  static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_HMAC, nullptr);
  return mac;
}

// A context per thread, keyed by the last key it was given: initialising it again with no key
// reuses that key's prepared state, so a run of MACs under one key (blind indexes) pays for the
// key once.
struct HmacContext {
  std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> ctx{nullptr, EVP_MAC_CTX_free};
  std::optional<std::string> key;  // none until a key was set
};

// The value of each base64url character, -1 for every other byte: a page of 50 records decodes
// 50 sealed values, and branching per character showed in its profile.
constexpr std::array<int8_t, 256> kDecode = [] {
  std::array<int8_t, 256> table{};
  table.fill(-1);
  for (int i = 0; i < 26; ++i) {
    table['A' + i] = static_cast<int8_t>(i);
    table['a' + i] = static_cast<int8_t>(26 + i);
  }
  for (int i = 0; i < 10; ++i) table['0' + i] = static_cast<int8_t>(52 + i);
  table['-'] = 62;
  table['_'] = 63;
  return table;
}();

}  // namespace

std::string Sha256(std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), out, &size, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<const char*>(out), size);
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  thread_local HmacContext cached;
  if (!cached.ctx) cached.ctx.reset(HmacAlgorithm() ? EVP_MAC_CTX_new(HmacAlgorithm()) : nullptr);
  EVP_MAC_CTX* ctx = cached.ctx.get();
  bool ok = ctx != nullptr;
  if (ok && cached.key == key) {
    ok = EVP_MAC_init(ctx, nullptr, 0, nullptr) == 1;
  } else if (ok) {
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_END};
    cached.key.reset();
    // Never a null key pointer: that would mean "keep the previous key".
    const char* bytes = key.empty() ? "" : key.data();
    ok = EVP_MAC_init(ctx, reinterpret_cast<const unsigned char*>(bytes), key.size(), params) == 1;
    if (ok) cached.key.emplace(key);
  }
  unsigned char out[EVP_MAX_MD_SIZE];
  size_t size = 0;
  ok = ok &&
       EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1 &&
       EVP_MAC_final(ctx, out, &size, sizeof out) == 1;
  if (!ok) {
    log::Error("crypto.hmac_failed");
    std::abort();
  }
  return std::string(reinterpret_cast<const char*>(out), size);
}

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  if (n > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    log::Error("crypto.random_failed");
    std::abort();
  }
  return out;
}

std::string RandomToken(size_t n_bytes) { return Base64UrlEncode(RandomBytes(n_bytes)); }

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t n = static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])) << 16 |
                       static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8 |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[n >> 18 & 63];
    out += kAlphabet[n >> 12 & 63];
    out += kAlphabet[n >> 6 & 63];
    out += kAlphabet[n & 63];
  }
  const size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t n = static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) n |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out += kAlphabet[n >> 18 & 63];
    out += kAlphabet[n >> 12 & 63];
    if (rest == 2) out += kAlphabet[n >> 6 & 63];
  }
  return out;
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out(text.size() * 6 / 8, '\0');
  size_t n = 0;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    const int v = kDecode[static_cast<unsigned char>(c)];
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = static_cast<char>(acc >> bits & 0xFF);
    }
  }
  // Leftover bits must be zero, so that each byte string has exactly one encoding.
  if ((acc & ((1u << bits) - 1)) != 0) return std::nullopt;
  out.resize(n);
  return out;
}

}  // namespace peony::storage::crypto
