// Password hashing (argon2id) and the password policy.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace peony::access {

struct PasswordParams {
  uint32_t time_cost = 2;       // iterations
  uint32_t memory_kib = 19456;  // 19 MiB (OWASP's argon2id baseline)
  uint32_t parallelism = 1;
};

// Checks the policy: 8 to 128 characters with at least one letter and one digit.
// Error: auth.weak_password (422).
Status CheckPasswordPolicy(std::string_view password);

// Returns the PHC-encoded argon2id hash ("$argon2id$v=19$m=…"). Thread-safe.
Result<std::string> HashPassword(std::string_view password, const PasswordParams& params = {});

// True when `password` matches `encoded`. Takes about as long as hashing, whether or not it
// matches.
bool VerifyPassword(std::string_view password, const std::string& encoded);

// A hash of a random password, used to spend the same time on unknown usernames as on known ones.
const std::string& DummyPasswordHash();

// A random password that satisfies the policy (for init and resets), `length` ≥ 12.
std::string GeneratePassword(size_t length = 16);

}  // namespace peony::access
