// Cryptographic building blocks over OpenSSL 3: hashes, MACs, randomness, URL-safe base64.
//
//   std::string token = crypto::RandomToken(32);                // 43 characters of [A-Za-z0-9_-]
//   std::string digest = HexEncode(crypto::Sha256(token));      // store the hash, never the token
//
// Field encryption and blind indexes are in storage/crypto/key_ring.h (included here). All
// functions are thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "storage/crypto/key_ring.h"

namespace peony::storage::crypto {

// 32 raw bytes.
std::string Sha256(std::string_view data);
// 32 raw bytes.
std::string HmacSha256(std::string_view key, std::string_view data);
// n bytes from OpenSSL's CSPRNG. Aborts the process if the generator fails: carrying on with
// predictable tokens or nonces would be worse.
std::string RandomBytes(size_t n);
// n_bytes random bytes as URL-safe base64 without padding (ceil(4 * n_bytes / 3) characters).
std::string RandomToken(size_t n_bytes);

// RFC 4648 §5 alphabet (A-Z a-z 0-9 - _), without '=' padding.
std::string Base64UrlEncode(std::string_view bytes);
// Accepts the output of Base64UrlEncode (padding optional); nullopt for anything else.
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace peony::storage::crypto
