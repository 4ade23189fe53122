// Field encryption (AES-256-GCM) and blind indexes (HMAC-SHA256) under keys kept in a key file
// outside the database.
//
// The key file is JSON, created by `peony init` with mode 0600, and refused when group or others
// may access it:
//   {"format":"peony-keys-v1","keys":[{"id":1,"key":"<32 bytes, base64url>"}]}
// Rotation adds a key (RotateKeyFile): new ciphertexts use the newest key, old ones name theirs.
//
//   PEONY_TRY(KeyRing keys, LoadKeyFile(config.KeyFile()));
//   PEONY_TRY(std::string sealed, Encrypt(keys, phone, "customers.phone"));
//   std::string lookup = BlindIndex(keys, "phone", NormalisePhone(phone));   // for WHERE … = ?
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace peony::storage::crypto {

constexpr size_t kKeyBytes = 32;

// A set of 256-bit keys by id. Keys are wiped from memory when the ring is destroyed. Move-only;
// const methods are thread-safe.
class KeyRing {
 public:
  struct Key {
    uint32_t id;
    std::string bytes;  // kKeyBytes
  };
  // Errors: crypto.key_file_invalid when empty, a key is not 256 bits, or ids repeat.
  static Result<KeyRing> FromKeys(std::vector<Key> keys);
  // A ring with one fresh random key (tests, tools).
  static KeyRing Generate(uint32_t id = 1);

  KeyRing(KeyRing&& other) noexcept = default;
  KeyRing& operator=(KeyRing&& other) noexcept = default;
  KeyRing(const KeyRing&) = delete;
  KeyRing& operator=(const KeyRing&) = delete;
  ~KeyRing();

  const Key& newest() const { return keys_.back(); }
  const Key* Find(uint32_t id) const;
  const std::vector<Key>& keys() const { return keys_; }  // by id, ascending
  // Derived from the oldest key, so that blind indexes survive rotation.
  const std::string& blind_index_key() const { return blind_index_key_; }

 private:
  KeyRing() = default;
  std::vector<Key> keys_;
  std::string blind_index_key_;
};

// Creates a key file holding one new key, with mode 0600, refusing to replace an existing file.
// Errors: crypto.key_file_exists, crypto.key_file_unwritable (the message names why).
Status CreateKeyFile(const std::string& path);
// Adds a new key (id one above the highest) to an existing key file, replacing it atomically.
// Errors: those of LoadKeyFile, crypto.key_file_unwritable.
Status RotateKeyFile(const std::string& path);
// Errors: crypto.key_file_missing, crypto.key_file_permissions (group/world readable),
// crypto.key_file_invalid.
Result<KeyRing> LoadKeyFile(const std::string& path);

// version byte 0x01 | key id (4 bytes, big-endian) | 12-byte random nonce | ciphertext | 16-byte
// tag. `associated_data` (for example "customers.phone:42") is authenticated, not stored: Decrypt
// needs the same. Errors: crypto.encrypt_failed.
Result<std::string> Encrypt(const KeyRing& keys, std::string_view plaintext,
                            std::string_view associated_data);
// Errors: crypto.decrypt_failed (unknown version or key id, wrong key, tampered bytes, other
// associated data).
Result<std::string> Decrypt(const KeyRing& keys, std::string_view sealed,
                            std::string_view associated_data);

// Lower-case hex HMAC-SHA256 of `normalized_value` under a key derived from the ring for `purpose`
// ("phone", "id_number"): equal inputs give equal indexes, different purposes or keys different
// ones.
std::string BlindIndex(const KeyRing& keys, std::string_view purpose,
                       std::string_view normalized_value);

}  // namespace peony::storage::crypto
