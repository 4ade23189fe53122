#include "platform/access/password.h"

#include <argon2.h>

#include "platform/access/errors.h"
#include "storage/crypto/crypto.h"

namespace peony::access {

Status CheckPasswordPolicy(std::string_view password) {
  bool letter = false;
  bool digit = false;
  for (char c : password) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) letter = true;
    if (c >= '0' && c <= '9') digit = true;
  }
  if (password.size() < 8 || password.size() > 128 || !letter || !digit) {
    return errors::WeakPassword();
  }
  return Ok();
}

Result<std::string> HashPassword(std::string_view password, const PasswordParams& params) {
  const std::string salt = storage::crypto::RandomBytes(16);
  const size_t len = argon2_encodedlen(params.time_cost, params.memory_kib, params.parallelism,
                                       static_cast<uint32_t>(salt.size()), 32, Argon2_id);
  std::string encoded(len, '\0');
  const int rc = argon2id_hash_encoded(params.time_cost, params.memory_kib, params.parallelism,
                                       password.data(), password.size(), salt.data(), salt.size(),
                                       32, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) return InternalError(std::string("argon2: ") + argon2_error_message(rc));
  encoded.resize(encoded.find('\0'));
  return encoded;
}

bool VerifyPassword(std::string_view password, const std::string& encoded) {
  return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

const std::string& DummyPasswordHash() {
  static const std::string hash = [] {
    auto h = HashPassword(GeneratePassword());
    return h.ok() ? h.value() : std::string();
  }();
  return hash;
}

std::string GeneratePassword(size_t length) {
  // Unambiguous characters only (no 0/O, 1/l/I), so the password can be read off a screen.
  static constexpr std::string_view kLetters = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
  static constexpr std::string_view kDigits = "23456789";
  if (length < 12) length = 12;
  std::string out;
  while (out.size() < length || !CheckPasswordPolicy(out).ok()) {
    if (out.size() >= length) out.clear();
    for (char c : storage::crypto::RandomBytes(64)) {
      const auto b = static_cast<unsigned char>(c);
      const bool want_digit = out.size() % 4 == 3;
      // Rejection sampling keeps every character equally likely (240 = 5 × 48, 256 = 32 × 8).
      if (!want_digit && b >= 240) continue;
      out.push_back(want_digit ? kDigits[b % kDigits.size()] : kLetters[b % kLetters.size()]);
      if (out.size() == length) break;
    }
  }
  return out;
}

}  // namespace peony::access
