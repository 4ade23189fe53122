// Recipients of outgoing messages: checked and normalised per channel, masked for lists and logs,
// and blind-indexed (HMAC under the key ring) so opt-outs are found without storing the address
// in clear.
//
//   sms      a mainland mobile number: "+86 138-1234-5678", "008613812345678" → "13812345678"
//   email    an address, lower-cased: "Wang.Li@Example.COM" → "wang.li@example.com"
//   wecom    a WeChat Work member id (letters, digits, "_", "-", ".", "@"; "a|b" for several)
//   webhook  an http(s) URL without spaces or control characters
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "storage/crypto/key_ring.h"

namespace peony::notify {

// True for "sms", "email", "wecom", "webhook".
bool IsChannel(std::string_view channel);

// The normalised recipient. Error: notify.bad_recipient (422, details.fields.to).
Result<std::string> NormaliseRecipient(std::string_view channel, std::string_view to);

// "138****5678", "w***@example.com", "zh***", "https://hooks.example.com/…" (from a normalised
// recipient).
std::string MaskRecipient(std::string_view channel, std::string_view normalised);

// Lower-case hex blind index of a normalised recipient for the channel (purpose
// "notify.<channel>").
std::string RecipientIndex(const storage::crypto::KeyRing& keys, std::string_view channel,
                           std::string_view normalised);

}  // namespace peony::notify
