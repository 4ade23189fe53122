// Hashes, tokens, field encryption and blind indexes, and the key file they depend on.
#include "storage/crypto/crypto.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "common/strings.h"
#include "unit/storage/db_fixture.h"

namespace peony::storage::crypto {
namespace {

using storage::testing::CodeOf;

// A folder of its own for key files, removed afterwards.
class StorageKeyFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("peony-keys-" + HexEncode(RandomBytes(6)));
    std::filesystem::create_directory(dir_);
    path_ = (dir_ / "keys.json").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  mode_t Mode() const {
    struct stat st {};
    ::stat(path_.c_str(), &st);
    return st.st_mode & 07777;
  }

  std::filesystem::path dir_;
  std::string path_;
};

TEST(StorageCrypto, Sha256AndHmacMatchPublishedVectors) {
  EXPECT_EQ(HexEncode(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // RFC 4231, test case 2.
  EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(StorageCrypto, HmacIsRightWhenTheKeyRepeatsChangesAndReturns) {
  // Each thread keeps a context keyed by the last key: repeating a key, switching to another
  // (RFC 4231 test case 1 and an empty key) and back must all give the published MACs.
  const std::string jefe = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
  const std::string case1 = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7";
  const std::string key1(20, '\x0b');
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")), jefe);
    EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")), jefe);
    EXPECT_EQ(HexEncode(HmacSha256(key1, "Hi There")), case1);
    EXPECT_EQ(HexEncode(HmacSha256("", "")),
              "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
  }
  // A key that shares a prefix with the cached one is another key.
  EXPECT_NE(HmacSha256("Jef", "what do ya want for nothing?"),
            HmacSha256("Jefe", "what do ya want for nothing?"));
}

TEST(StorageCrypto, RandomBytesHaveTheLengthAskedAndDiffer) {
  EXPECT_EQ(RandomBytes(0), "");
  EXPECT_EQ(RandomBytes(16).size(), 16u);
  EXPECT_NE(RandomBytes(16), RandomBytes(16));
}

TEST(StorageCrypto, RandomTokensAreUrlSafeWithoutPadding) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string token = RandomToken(32);
    EXPECT_EQ(token.size(), 43u);
    EXPECT_EQ(
        token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos)
        << token;
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 100u);
  EXPECT_EQ(RandomToken(24).size(), 32u);
}

TEST(StorageCrypto, Base64UrlFollowsRfc4648) {
  EXPECT_EQ(Base64UrlEncode(""), "");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(Base64UrlEncode("foob"), "Zm9vYg");
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_EQ(Base64UrlDecode("Zm9vYg"), "foob");
  EXPECT_EQ(Base64UrlDecode("Zm9vYg=="), "foob");
  EXPECT_EQ(Base64UrlDecode("-_8"), "\xfb\xff");
  for (const char* bad : {"Z", "Zh", "Zm9v+g", "Zm9v/g", "Zm 9"}) {
    EXPECT_EQ(Base64UrlDecode(bad), std::nullopt) << bad;
  }
  for (size_t n = 0; n < 70; ++n) {
    const std::string bytes = RandomBytes(n);
    EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(bytes)), bytes);
  }
}

TEST(StorageCrypto, EncryptedValuesDecryptToTheOriginal) {
  const KeyRing keys = KeyRing::Generate();
  for (const std::string& plain : std::vector<std::string>{
           "", "13800138000", "王丽华 110101199003077777", std::string(10'000, 'x')}) {
    auto sealed = Encrypt(keys, plain, "customers.phone");
    ASSERT_EQ(CodeOf(sealed), "ok");
    EXPECT_EQ(sealed->size(), 1 + 4 + 12 + plain.size() + 16);
    if (!plain.empty()) {
      EXPECT_EQ(sealed->find(plain), std::string::npos);
    }
    auto opened = Decrypt(keys, *sealed, "customers.phone");
    ASSERT_EQ(CodeOf(opened), "ok");
    EXPECT_EQ(*opened, plain);
  }
}

TEST(StorageCrypto, SamePlaintextEncryptsDifferentlyEachTime) {
  const KeyRing keys = KeyRing::Generate();
  EXPECT_NE(*Encrypt(keys, "13800138000", ""), *Encrypt(keys, "13800138000", ""));
}

TEST(StorageCrypto, FlippingAnySingleBitIsDetected) {
  const KeyRing keys = KeyRing::Generate();
  const std::string sealed = *Encrypt(keys, "secret", "ad");
  for (size_t bit = 0; bit < sealed.size() * 8; ++bit) {
    std::string tampered = sealed;
    tampered[bit / 8] = static_cast<char>(tampered[bit / 8] ^ (1 << (bit % 8)));
    EXPECT_EQ(CodeOf(Decrypt(keys, tampered, "ad")), "crypto.decrypt_failed") << "bit " << bit;
  }
  EXPECT_EQ(CodeOf(Decrypt(keys, sealed.substr(0, sealed.size() - 1), "ad")),
            "crypto.decrypt_failed");
  EXPECT_EQ(CodeOf(Decrypt(keys, "", "ad")), "crypto.decrypt_failed");
}

TEST(StorageCrypto, WrongKeyOrWrongAssociatedDataIsRefused) {
  const KeyRing keys = KeyRing::Generate(1);
  const KeyRing other = KeyRing::Generate(1);  // same id, different key
  const std::string sealed = *Encrypt(keys, "secret", "customers.phone:1");
  auto wrong_key = Decrypt(other, sealed, "customers.phone:1");
  EXPECT_EQ(CodeOf(wrong_key), "crypto.decrypt_failed");
  EXPECT_EQ(wrong_key.error().kind, ErrorKind::kInternal);
  EXPECT_EQ(CodeOf(Decrypt(keys, sealed, "customers.phone:2")), "crypto.decrypt_failed");
}

TEST(StorageCrypto, DecryptionIsRightWhenKeysAlternateAndAfterAFailure) {
  // Each thread keeps the last key's schedule: it must never serve another key with the same id.
  const KeyRing a = KeyRing::Generate(1);
  const KeyRing b = KeyRing::Generate(1);
  const std::string for_a = *Encrypt(a, "for a", "ad");
  const std::string for_b = *Encrypt(b, "for b", "ad");
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(*Decrypt(a, for_a, "ad"), "for a");
    EXPECT_EQ(CodeOf(Decrypt(a, for_b, "ad")), "crypto.decrypt_failed");
    EXPECT_EQ(*Decrypt(a, for_a, "ad"), "for a");  // after a failure with the same key
    EXPECT_EQ(*Decrypt(b, for_b, "ad"), "for b");
    EXPECT_EQ(CodeOf(Decrypt(b, for_a, "ad")), "crypto.decrypt_failed");
    EXPECT_EQ(CodeOf(Decrypt(b, for_b, "other")), "crypto.decrypt_failed");
    EXPECT_EQ(*Decrypt(b, for_b, "ad"), "for b");
  }
}

TEST(StorageCrypto, RotationEncryptsWithTheNewestKeyAndStillDecryptsOldValues) {
  const KeyRing old_ring = KeyRing::Generate(1);
  const std::string old_sealed = *Encrypt(old_ring, "old", "");
  auto rotated = KeyRing::FromKeys({old_ring.keys()[0], KeyRing::Key{2, RandomBytes(kKeyBytes)}});
  ASSERT_EQ(CodeOf(rotated), "ok");
  const std::string new_sealed = *Encrypt(*rotated, "new", "");
  EXPECT_EQ(new_sealed.substr(0, 5), std::string("\x01\x00\x00\x00\x02", 5));  // version, key id 2
  EXPECT_EQ(*Decrypt(*rotated, old_sealed, ""), "old");
  EXPECT_EQ(*Decrypt(*rotated, new_sealed, ""), "new");
  EXPECT_EQ(CodeOf(Decrypt(old_ring, new_sealed, "")), "crypto.decrypt_failed");
}

TEST(StorageCrypto, KeyRingsRefuseShortKeysAndRepeatedIds) {
  EXPECT_EQ(CodeOf(KeyRing::FromKeys({})), "crypto.key_file_invalid");
  EXPECT_EQ(CodeOf(KeyRing::FromKeys({KeyRing::Key{1, "short"}})), "crypto.key_file_invalid");
  EXPECT_EQ(CodeOf(KeyRing::FromKeys(
                {KeyRing::Key{1, RandomBytes(32)}, KeyRing::Key{1, RandomBytes(32)}})),
            "crypto.key_file_invalid");
}

TEST(StorageCrypto, BlindIndexIsStablePerKeyAndPurpose) {
  const KeyRing keys = KeyRing::Generate();
  const std::string index = BlindIndex(keys, "phone", "13800138000");
  EXPECT_EQ(index.size(), 64u);
  EXPECT_EQ(index.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(BlindIndex(keys, "phone", "13800138000"), index);
  EXPECT_NE(BlindIndex(keys, "phone", "13800138001"), index);
  EXPECT_NE(BlindIndex(keys, "id_number", "13800138000"), index);
  EXPECT_NE(BlindIndex(KeyRing::Generate(), "phone", "13800138000"), index);
  // Not a plain HMAC under the encryption key: the index key is derived for this use only.
  EXPECT_NE(index, HexEncode(HmacSha256(keys.keys()[0].bytes, "13800138000")));
  // Rotation keeps indexes: they come from the oldest key.
  auto rotated = KeyRing::FromKeys({keys.keys()[0], KeyRing::Key{2, RandomBytes(kKeyBytes)}});
  EXPECT_EQ(BlindIndex(*rotated, "phone", "13800138000"), index);
}

TEST_F(StorageKeyFile, IsCreatedOwnerOnlyAndLoads) {
  ASSERT_EQ(CodeOf(CreateKeyFile(path_)), "ok");
  EXPECT_EQ(Mode(), 0600u);
  auto keys = LoadKeyFile(path_);
  ASSERT_EQ(CodeOf(keys), "ok");
  EXPECT_EQ(keys->keys().size(), 1u);
  EXPECT_EQ(keys->newest().id, 1u);
  EXPECT_EQ(keys->newest().bytes.size(), kKeyBytes);
  // The same file gives the same keys.
  const std::string sealed = *Encrypt(*keys, "x", "");
  EXPECT_EQ(*Decrypt(*LoadKeyFile(path_), sealed, ""), "x");
}

TEST_F(StorageKeyFile, IsNeverOverwritten) {
  ASSERT_EQ(CodeOf(CreateKeyFile(path_)), "ok");
  const std::string before = HexEncode(LoadKeyFile(path_)->newest().bytes);
  EXPECT_EQ(CodeOf(CreateKeyFile(path_)), "crypto.key_file_exists");
  EXPECT_EQ(HexEncode(LoadKeyFile(path_)->newest().bytes), before);
}

TEST_F(StorageKeyFile, ReadableByGroupOrOthersIsRefused) {
  ASSERT_EQ(CodeOf(CreateKeyFile(path_)), "ok");
  for (mode_t mode : {0644, 0640, 0604, 0660}) {
    ASSERT_EQ(::chmod(path_.c_str(), mode), 0);
    auto keys = LoadKeyFile(path_);
    EXPECT_EQ(CodeOf(keys), "crypto.key_file_permissions") << std::oct << mode;
  }
  ASSERT_EQ(::chmod(path_.c_str(), 0400), 0);
  EXPECT_EQ(CodeOf(LoadKeyFile(path_)), "ok");
}

TEST_F(StorageKeyFile, MissingOrMalformedFilesAreNamedAsSuch) {
  EXPECT_EQ(CodeOf(LoadKeyFile(path_)), "crypto.key_file_missing");
  for (const char* contents :
       {"not json", "{\"format\":\"other\",\"keys\":[]}",
        "{\"format\":\"peony-keys-v1\",\"keys\":[{\"id\":1,\"key\":\"AAAA\"}]}",
        "{\"format\":\"peony-keys-v1\",\"keys\":[]}"}) {
    std::filesystem::remove(path_);
    { std::ofstream(path_) << contents; }
    ASSERT_EQ(::chmod(path_.c_str(), 0600), 0);
    EXPECT_EQ(CodeOf(LoadKeyFile(path_)), "crypto.key_file_invalid") << contents;
  }
}

TEST_F(StorageKeyFile, RotationAddsAKeyAndOldCiphertextsStillOpen) {
  ASSERT_EQ(CodeOf(CreateKeyFile(path_)), "ok");
  auto before = LoadKeyFile(path_);
  const std::string sealed = *Encrypt(*before, "old", "");
  const std::string index = BlindIndex(*before, "phone", "1");
  ASSERT_EQ(CodeOf(RotateKeyFile(path_)), "ok");
  EXPECT_EQ(Mode(), 0600u);
  auto after = LoadKeyFile(path_);
  ASSERT_EQ(CodeOf(after), "ok");
  EXPECT_EQ(after->keys().size(), 2u);
  EXPECT_EQ(after->newest().id, 2u);
  EXPECT_EQ(*Decrypt(*after, sealed, ""), "old");
  EXPECT_EQ(BlindIndex(*after, "phone", "1"), index);
  EXPECT_FALSE(std::filesystem::exists(path_ + ".new"));
}

}  // namespace
}  // namespace peony::storage::crypto
