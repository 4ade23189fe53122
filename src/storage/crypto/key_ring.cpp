#include "storage/crypto/key_ring.h"

#include <fcntl.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>

#include "common/clock.h"
#include "common/log.h"
#include "common/strings.h"
#include "storage/crypto/crypto.h"

namespace peony::storage::crypto {
namespace {

constexpr std::string_view kFormat = "peony-keys-v1";
constexpr unsigned char kVersion = 1;
constexpr size_t kHeaderBytes = 1 + 4;
constexpr size_t kNonceBytes = 12;
constexpr size_t kTagBytes = 16;
constexpr std::string_view kBlindIndexInfo = "peony/blind-index/v1";

Error KeyFileError(std::string code, const std::string& zh, const std::string& en) {
  return MakeError(ErrorKind::kFailedPrecondition, std::move(code), zh, en);
}

Error KeyFileInvalid(const std::string& why) {
  return KeyFileError("crypto.key_file_invalid", "密钥文件无效：" + why,
                      "Invalid key file: " + why);
}

Error KeyFileUnwritable(const std::string& why) {
  return KeyFileError("crypto.key_file_unwritable", "无法写入密钥文件：" + why,
                      "Cannot write the key file: " + why);
}

Error DecryptFailed(std::string_view why) {
  log::Warn("crypto.decrypt_failed", {{"reason", boost::json::value(why)}});
  return MakeError(ErrorKind::kInternal, "crypto.decrypt_failed", "数据解密失败",
                   "Decryption failed");
}

std::string Hkdf(std::string_view key, std::string_view info) {
  std::string out(kKeyBytes, '\0');
  EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
  EVP_KDF_CTX* ctx = EVP_KDF_CTX_new(kdf);
  EVP_KDF_free(kdf);
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, const_cast<char*>("SHA256"), 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<char*>(key.data()),
                                        key.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<char*>(info.data()),
                                        info.size()),
      OSSL_PARAM_construct_end()};
  const bool ok =
      ctx != nullptr &&
      EVP_KDF_derive(ctx, reinterpret_cast<unsigned char*>(out.data()), out.size(), params) == 1;
  EVP_KDF_CTX_free(ctx);
  if (!ok) {
    // Without HKDF the blind index would silently change; there is no safe way on.
    log::Error("crypto.hkdf_failed");
    std::abort();
  }
  return out;
}

std::string Serialize(const KeyRing& ring) {
  boost::json::array keys;
  for (const auto& key : ring.keys()) {
    boost::json::object entry;
    entry["id"] = key.id;
    entry["key"] = Base64UrlEncode(key.bytes);
    keys.push_back(std::move(entry));
  }
  boost::json::object root;
  root["format"] = boost::json::string_view(kFormat.data(), kFormat.size());
  root["keys"] = std::move(keys);
  return boost::json::serialize(root) + "\n";
}

// Writes `contents` to a new file at `path` with mode 0600 (O_EXCL: never over an existing file).
Status WriteNewFile(const std::string& path, const std::string& contents) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      return KeyFileError("crypto.key_file_exists", "密钥文件已存在，不会覆盖",
                          "The key file already exists and will not be overwritten");
    }
    return KeyFileUnwritable(std::strerror(errno));
  }
  size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  const bool ok = written == contents.size() && ::fsync(fd) == 0;
  const int saved_errno = errno;
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());
    return KeyFileUnwritable(std::strerror(saved_errno));
  }
  return Ok();
}

unsigned char* u(char* p) { return reinterpret_cast<unsigned char*>(p); }
const unsigned char* cu(const char* p) { return reinterpret_cast<const unsigned char*>(p); }

// Closes a file descriptor when the scope ends.
struct FdCloser {
  int fd;
  ~FdCloser() { ::close(fd); }
};

KeyRing::Key NewKey(uint32_t id) { return KeyRing::Key{id, RandomBytes(kKeyBytes)}; }

}  // namespace

Result<KeyRing> KeyRing::FromKeys(std::vector<Key> keys) {
  if (keys.empty()) return KeyFileInvalid("no keys");
  std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) { return a.id < b.id; });
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].bytes.size() != kKeyBytes) return KeyFileInvalid("a key is not 256 bits");
    if (i > 0 && keys[i].id == keys[i - 1].id) return KeyFileInvalid("key ids repeat");
  }
  KeyRing ring;
  ring.keys_ = std::move(keys);
  ring.blind_index_key_ = Hkdf(ring.keys_.front().bytes, kBlindIndexInfo);
  return ring;
}

KeyRing KeyRing::Generate(uint32_t id) {
  std::vector<Key> keys;
  keys.push_back(NewKey(id));
  return std::move(FromKeys(std::move(keys))).value();
}

KeyRing::~KeyRing() {
  for (auto& key : keys_) OPENSSL_cleanse(key.bytes.data(), key.bytes.size());
  OPENSSL_cleanse(blind_index_key_.data(), blind_index_key_.size());
}

const KeyRing::Key* KeyRing::Find(uint32_t id) const {
  for (const auto& key : keys_) {
    if (key.id == id) return &key;
  }
  return nullptr;
}

Status CreateKeyFile(const std::string& path) {
  return WriteNewFile(path, Serialize(KeyRing::Generate(1)));
}

Status RotateKeyFile(const std::string& path) {
  PEONY_TRY(KeyRing ring, LoadKeyFile(path));
  std::vector<KeyRing::Key> keys = ring.keys();
  keys.push_back(NewKey(ring.newest().id + 1));
  PEONY_TRY(KeyRing rotated, KeyRing::FromKeys(std::move(keys)));
  const std::string temp = path + ".new";
  ::unlink(temp.c_str());  // left over from an interrupted rotation
  PEONY_CHECK(WriteNewFile(temp, Serialize(rotated)));
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int saved_errno = errno;
    ::unlink(temp.c_str());
    return KeyFileUnwritable(std::strerror(saved_errno));
  }
  log::Info("crypto.key_rotated", {{"key_id", rotated.newest().id}});
  return Ok();
}

Result<KeyRing> LoadKeyFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT) {
      return KeyFileError("crypto.key_file_missing", "找不到密钥文件", "The key file is missing");
    }
    return KeyFileInvalid(std::strerror(errno));
  }
  FdCloser closer{fd};
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return KeyFileInvalid("not a regular file");
  if ((st.st_mode & 077) != 0) {
    return KeyFileError("crypto.key_file_permissions", "密钥文件只能由其所有者访问（chmod 600）",
                        "The key file must be accessible by its owner only (chmod 600)");
  }
  std::string contents;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return KeyFileInvalid(std::strerror(errno));
    if (n == 0) break;
    contents.append(buf, static_cast<size_t>(n));
    if (contents.size() > 1 << 20) return KeyFileInvalid("too large");
  }
  boost::system::error_code ec;
  boost::json::value doc = boost::json::parse(contents, ec);
  OPENSSL_cleanse(contents.data(), contents.size());
  const auto* root = doc.if_object();
  if (ec || !root) return KeyFileInvalid("not JSON");
  const auto* format = root->if_contains("format");
  if (!format || !format->is_string() || format->as_string() != kFormat) {
    return KeyFileInvalid("unknown format");
  }
  const auto* list = root->if_contains("keys");
  if (!list || !list->is_array()) return KeyFileInvalid("no keys");
  std::vector<KeyRing::Key> keys;
  for (const auto& entry : list->as_array()) {
    const auto* obj = entry.if_object();
    const auto* id = obj ? obj->if_contains("id") : nullptr;
    const auto* key = obj ? obj->if_contains("key") : nullptr;
    if (!id || !id->is_int64() || id->as_int64() <= 0 || id->as_int64() > UINT32_MAX || !key ||
        !key->is_string()) {
      return KeyFileInvalid("a key entry needs an id and a key");
    }
    auto bytes = Base64UrlDecode(key->as_string());
    if (!bytes) return KeyFileInvalid("a key is not base64url");
    keys.push_back(KeyRing::Key{static_cast<uint32_t>(id->as_int64()), std::move(*bytes)});
  }
  return KeyRing::FromKeys(std::move(keys));
}

namespace {

// AES-256-GCM fetched once (EVP_aes_256_gcm() fetches the provider's implementation on every
// initialisation) and one cipher context per thread, reset between uses: a list of 50 records with
// a sensitive field decrypts 50 values, and these lookups and allocations were half of that cost.
const EVP_CIPHER* Gcm() {
  static EVP_CIPHER* const cipher = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
  return cipher;
}

// The thread's encryption context, reset (its key schedule wiped) when the guard goes out of scope.
struct ResetContext {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_reset(ctx); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, ResetContext>;

CipherContext ThreadCipherContext() {
  thread_local std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(
      EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  return CipherContext(ctx.get());
}

// The thread's decryption context, which keeps the schedule of the last key it was given: a page
// of records decrypts each sensitive value with the same key, and setting the key up again (and
// reallocating the context) was most of the cost of opening a phone number. The key is compared in
// full before its schedule is reused; a failed decryption drops it.
class DecryptContext {
 public:
  // The context ready for `key` and `nonce`, or null.
  EVP_CIPHER_CTX* Begin(const std::string& key, const char* nonce) {
    if (!ctx_) return nullptr;
    if (key_ == key && EVP_DecryptInit_ex(ctx_.get(), nullptr, nullptr, nullptr, cu(nonce)) == 1) {
      return ctx_.get();
    }
    Forget();
    if (!Gcm() || EVP_DecryptInit_ex(ctx_.get(), Gcm(), nullptr, cu(key.data()), cu(nonce)) != 1) {
      return nullptr;
    }
    key_ = key;
    return ctx_.get();
  }

  void Forget() {
    EVP_CIPHER_CTX_reset(ctx_.get());
    OPENSSL_cleanse(key_.data(), key_.size());
    key_.clear();
  }

  ~DecryptContext() { OPENSSL_cleanse(key_.data(), key_.size()); }

 private:
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx_{EVP_CIPHER_CTX_new(),
                                                                       EVP_CIPHER_CTX_free};
  std::string key_;  // the key whose schedule ctx_ holds; empty: none
};

}  // namespace

Result<std::string> Encrypt(const KeyRing& keys, std::string_view plaintext,
                            std::string_view associated_data) {
  const KeyRing::Key& key = keys.newest();
  std::string out;
  out.reserve(kHeaderBytes + kNonceBytes + plaintext.size() + kTagBytes);
  out += static_cast<char>(kVersion);
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>(key.id >> shift & 0xFF);
  out += RandomBytes(kNonceBytes);
  const size_t body_at = out.size();
  out.resize(body_at + plaintext.size() + kTagBytes);

  const CipherContext ctx = ThreadCipherContext();
  int len = 0;
  int final_len = 0;
  const bool ok =
      ctx && Gcm() && plaintext.size() < (1u << 30) && associated_data.size() < (1u << 30) &&
      EVP_EncryptInit_ex(ctx.get(), Gcm(), nullptr, cu(key.bytes.data()),
                         cu(out.data() + kHeaderBytes)) == 1 &&
      // The header is authenticated too: a changed version or key id fails like changed data.
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, cu(out.data()), kHeaderBytes) == 1 &&
      (associated_data.empty() ||
       EVP_EncryptUpdate(ctx.get(), nullptr, &len, cu(associated_data.data()),
                         static_cast<int>(associated_data.size())) == 1) &&
      EVP_EncryptUpdate(ctx.get(), u(out.data() + body_at), &len, cu(plaintext.data()),
                        static_cast<int>(plaintext.size())) == 1 &&
      EVP_EncryptFinal_ex(ctx.get(), u(out.data() + body_at + len), &final_len) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes,
                          out.data() + body_at + plaintext.size()) == 1;
  if (!ok) {
    log::Error("crypto.encrypt_failed");
    return MakeError(ErrorKind::kInternal, "crypto.encrypt_failed", "数据加密失败",
                     "Encryption failed");
  }
  return out;
}

Result<std::string> Decrypt(const KeyRing& keys, std::string_view sealed,
                            std::string_view associated_data) {
  if (sealed.size() < kHeaderBytes + kNonceBytes + kTagBytes) return DecryptFailed("too short");
  if (static_cast<unsigned char>(sealed[0]) != kVersion) return DecryptFailed("unknown version");
  uint32_t key_id = 0;
  for (size_t i = 1; i < kHeaderBytes; ++i)
    key_id = key_id << 8 | static_cast<unsigned char>(sealed[i]);
  const KeyRing::Key* key = keys.Find(key_id);
  if (!key) return DecryptFailed("unknown key id");

  const std::string_view nonce = sealed.substr(kHeaderBytes, kNonceBytes);
  const std::string_view body = sealed.substr(
      kHeaderBytes + kNonceBytes, sealed.size() - kHeaderBytes - kNonceBytes - kTagBytes);
  std::string tag(sealed.substr(sealed.size() - kTagBytes));
  std::string plaintext(body.size(), '\0');

  thread_local DecryptContext context;
  EVP_CIPHER_CTX* ctx = nullptr;
  int len = 0;
  int final_len = 0;
  const bool ok = body.size() < (1u << 30) && associated_data.size() < (1u << 30) &&
                  (ctx = context.Begin(key->bytes, nonce.data())) != nullptr &&
                  EVP_DecryptUpdate(ctx, nullptr, &len, cu(sealed.data()), kHeaderBytes) == 1 &&
                  (associated_data.empty() ||
                   EVP_DecryptUpdate(ctx, nullptr, &len, cu(associated_data.data()),
                                     static_cast<int>(associated_data.size())) == 1) &&
                  EVP_DecryptUpdate(ctx, u(plaintext.data()), &len, cu(body.data()),
                                    static_cast<int>(body.size())) == 1 &&
                  EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) == 1 &&
                  EVP_DecryptFinal_ex(ctx, u(plaintext.data()) + len, &final_len) == 1;
  if (!ok) {
    context.Forget();
    OPENSSL_cleanse(plaintext.data(), plaintext.size());
    return DecryptFailed("authentication failed");
  }
  return plaintext;
}

std::string BlindIndex(const KeyRing& keys, std::string_view purpose,
                       std::string_view normalized_value) {
  std::string message;
  message.reserve(purpose.size() + 1 + normalized_value.size());
  message.append(purpose);
  message += '\0';  // so that ("ab", "c") and ("a", "bc") differ
  message.append(normalized_value);
  return HexEncode(HmacSha256(keys.blind_index_key(), message));
}

}  // namespace peony::storage::crypto
