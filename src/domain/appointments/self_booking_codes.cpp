// Self-booking's one-time codes with their rate limits, the organisation's switches, and the
// parsing of public requests (self_booking.h).
//
// The rate limits are the code rows of the last hour, so they hold across processes. On
// PostgreSQL two requests for one phone at once serialise on a transaction advisory lock keyed
// by the phone's index (SQLite's single writer serialises already), so neither slips past the
// per-phone limits; the per-address limit may be overshot by the requests in flight at once.
#include <algorithm>
#include <charconv>

#include "common/strings.h"
#include "domain/appointments/self_booking.h"
#include "domain/appointments/self_booking_errors.h"
#include "platform/access/audit.h"
#include "platform/notify/outbox.h"
#include "platform/notify/recipient.h"
#include "storage/crypto/crypto.h"

namespace peony::domain::appointments {
namespace {

namespace json = boost::json;

constexpr int64_t kMinuteMs = 60'000;
constexpr int64_t kHourMs = 60 * kMinuteMs;
constexpr int64_t kDayMs = 24 * kHourMs;
constexpr size_t kMaxName = 50;

int64_t SecondsUntil(UtcMillis t, UtcMillis now) {
  return std::max<int64_t>(1, (t - now + 999) / 1000);
}

std::string CodeHash(const storage::crypto::KeyRing& keys, std::string_view phone_index,
                     std::string_view code) {
  return storage::crypto::BlindIndex(keys, "self_booking.code",
                                     std::string(phone_index) + ":" + std::string(code));
}

// Six digits from the CSPRNG (rejection sampling keeps them uniform).
std::string NewCode() {
  for (;;) {
    const std::string bytes = storage::crypto::RandomBytes(4);
    uint32_t v = 0;
    for (unsigned char ch : bytes) v = (v << 8) | ch;
    if (v >= 4'294'000'000u) continue;
    std::string out = std::to_string(v % 1'000'000);
    return std::string(6 - out.size(), '0') + out;
  }
}

bool IsSixDigits(std::string_view s) {
  if (s.size() != 6) return false;
  for (char ch : s) {
    if (ch < '0' || ch > '9') return false;
  }
  return true;
}

std::string_view Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<LocalDate> ParsePublicDay(std::optional<std::string_view> text) {
  if (!text) return public_errors::Invalid("date", "required");
  auto d = ParseDate(*text);
  if (!d) return public_errors::Invalid("date", "must be a date YYYY-MM-DD");
  return *d;
}

Result<PublicBookInput> ParsePublicBook(const json::object& body, bool trusted) {
  PublicBookInput in;
  json::object bad;
  const auto* service = body.if_contains("service_id");
  if (!service || !service->is_int64() || service->as_int64() <= 0) {
    bad["service_id"] = "a positive integer";
  } else {
    in.service_id = service->as_int64();
  }
  const auto* start = body.if_contains("start");
  std::optional<UtcMillis> at;
  if (start && start->is_string()) at = ParseRfc3339(start->as_string());
  if (!at) {
    bad["start"] = "RFC 3339 with offset, e.g. a slot's start";
  } else {
    in.start = *at;
  }
  const auto* name = body.if_contains("name");
  if (!name || !name->is_string()) {
    bad["name"] = "required";
  } else {
    const std::string_view n = Trimmed(name->as_string());
    bool clean = IsValidUtf8(n);
    for (char ch : n) clean = clean && static_cast<unsigned char>(ch) >= 0x20 && ch != 0x7f;
    if (n.empty() || !clean || Utf8Length(n) > kMaxName) {
      bad["name"] = "1-50 characters";
    } else {
      in.name = std::string(n);
    }
  }
  const auto* phone = body.if_contains("phone");
  if (!phone || !phone->is_string()) {
    bad["phone"] = "required";
  } else {
    auto normal = notify::NormaliseRecipient("sms", phone->as_string());
    if (!normal.ok()) {
      bad["phone"] = "a mainland mobile number";
    } else {
      in.phone = std::move(*normal);
    }
  }
  if (!trusted) {
    const auto* code = body.if_contains("code");
    if (!code || !code->is_string() || !IsSixDigits(code->as_string())) {
      bad["code"] = "the 6-digit code";
    } else {
      in.code = std::string(code->as_string());
    }
  }
  if (!bad.empty()) return public_errors::Invalid(std::move(bad));
  return in;
}

Status SaveSelfBookingSettingsInTx(storage::Conn& c, int64_t org_id, const SelfBookingSettings& s,
                                   UtcMillis now) {
  return StatusOf(
      c.Exec("INSERT INTO self_booking_settings (org_id, enabled, demo_codes, updated_at) VALUES "
             "(?, ?, ?, ?) ON CONFLICT (org_id) DO UPDATE SET enabled = excluded.enabled, "
             "demo_codes = excluded.demo_codes, updated_at = excluded.updated_at",
             {org_id, s.enabled, s.demo_codes, now}));
}

std::string SelfBooking::PhoneIndex(int64_t org_id, std::string_view phone) const {
  return storage::crypto::BlindIndex(records_.keys(), "self_booking.phone",
                                     std::to_string(org_id) + ":" + std::string(phone));
}

Result<SelfBookingSettings> SelfBooking::Settings(int64_t org_id) {
  SelfBookingSettings s;
  PEONY_CHECK(db_.ReadTx([&](storage::Conn& c) -> Status {
    PEONY_TRY(auto rows,
              c.Query("SELECT enabled, demo_codes FROM self_booking_settings WHERE org_id = ?",
                      {org_id}));
    if (!rows.empty()) {
      s.enabled = rows.Int(0, 0) != 0;
      s.demo_codes = rows.Int(0, 1) != 0;
    }
    return Ok();
  }));
  return s;
}

Result<SelfBookingSettings> SelfBooking::SaveSettings(const records::Caller& who,
                                                      const json::object& patch) {
  json::object bad;
  for (const auto& [key, value] : patch) {
    if (key != "enabled" && key != "demo_codes") {
      bad[key] = "unknown setting";
    } else if (!value.is_bool()) {
      bad[key] = "true or false";
    }
  }
  if (!bad.empty()) return public_errors::Invalid(std::move(bad));
  const auto& p = who.principal;
  PEONY_TRY(auto s, Settings(p.org_id));
  if (const auto* v = patch.if_contains("enabled")) s.enabled = v->as_bool();
  if (const auto* v = patch.if_contains("demo_codes")) s.demo_codes = v->as_bool();
  PEONY_CHECK(db_.WriteTx([&](storage::Conn& c) -> Status {
    PEONY_CHECK(SaveSelfBookingSettingsInTx(c, p.org_id, s, clock_.Now()));
    return access::AppendAudit(
        c, clock_,
        access::AuditEvent{
            p.org_id, p.user_id > 0 ? std::optional<int64_t>(p.user_id) : std::nullopt, p.username,
            "self_booking.settings", "org", std::to_string(p.org_id), who.ip,
            json::object{{"enabled", s.enabled}, {"demo_codes", s.demo_codes}}});
  }));
  return s;
}

Result<json::object> SelfBooking::RequestCode(int64_t branch_id, std::string_view phone,
                                              const PublicCaller& who) {
  auto normal = notify::NormaliseRecipient("sms", phone);
  if (!normal.ok()) return public_errors::Invalid("phone", "a mainland mobile number");
  PEONY_TRY(auto b, Open(branch_id, who));
  const std::string& to = *normal;
  const std::string phone_index = PhoneIndex(b.org_id, to);
  const std::string client_index =
      storage::crypto::BlindIndex(records_.keys(), "self_booking.client", who.client);
  const std::string code = NewCode();
  PEONY_CHECK(db_.WriteTx([&](storage::Conn& c) -> Status {
    const UtcMillis now = clock_.Now();
    if (c.dialect() == storage::Dialect::kPostgres) {
      int64_t key = 0;
      std::from_chars(phone_index.data(), phone_index.data() + 15, key, 16);
      PEONY_CHECK(c.Query("SELECT pg_advisory_xact_lock(?)", {key}));
    }
    // Rows older than a day no longer count for anything.
    PEONY_CHECK(c.Exec(
        "DELETE FROM self_booking_codes WHERE org_id = ? AND phone_index = ? AND created_at < ?",
        {b.org_id, phone_index, now - kDayMs}));
    PEONY_TRY(auto phone_rows,
              c.Query("SELECT COUNT(*), MIN(created_at), MAX(created_at) FROM self_booking_codes "
                      "WHERE org_id = ? AND phone_index = ? AND created_at > ?",
                      {b.org_id, phone_index, now - kHourMs}));
    const int64_t per_hour = phone_rows.Int(0, 0);
    if (per_hour > 0) {
      const UtcMillis last = phone_rows.Int(0, 2);
      if (last > now - kMinuteMs / kCodesPerPhonePerMinute) {
        return public_errors::RateLimited(SecondsUntil(last + kMinuteMs, now));
      }
      if (per_hour >= kCodesPerPhonePerHour) {
        return public_errors::RateLimited(SecondsUntil(phone_rows.Int(0, 1) + kHourMs, now));
      }
    }
    PEONY_TRY(auto client_rows,
              c.Query("SELECT COUNT(*), MIN(created_at) FROM self_booking_codes WHERE "
                      "client_index = ? AND created_at > ?",
                      {client_index, now - kHourMs}));
    if (client_rows.Int(0, 0) >= kCodesPerClientPerHour) {
      return public_errors::RateLimited(SecondsUntil(client_rows.Int(0, 1) + kHourMs, now));
    }
    PEONY_TRY(auto inserted,
              c.Query("INSERT INTO self_booking_codes (org_id, branch_id, phone_index, "
                      "client_index, code_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, "
                      "?) RETURNING id",
                      {b.org_id, b.id, phone_index, client_index,
                       CodeHash(records_.keys(), phone_index, code), now, now + kCodeTtlMs}));
    if (!outbox_) return Ok();
    notify::OutgoingMessage m;
    m.org_id = b.org_id;
    m.channel = "sms";
    m.category = "service";
    m.to = to;
    m.body = "【" + b.name + "】您的预约验证码是 " + code + "，5 分钟内有效。如非本人操作请忽略。";
    m.template_id = "self_booking_code";
    m.params = {{"code", code}, {"branch", b.name}};
    m.source_key = "self_booking.code:" + std::to_string(inserted.Int(0, 0));
    PEONY_TRY(auto message, outbox_->EnqueueInTx(c, m));
    (void)message;
    return Ok();
  }));
  json::object out{{"expires_in", kCodeTtlMs / 1000}, {"phone", notify::MaskRecipient("sms", to)}};
  if (b.settings.demo_codes) out["demo_code"] = code;
  return out;
}

Result<int64_t> SelfBooking::CheckCode(const Branch& b, const std::string& phone_index,
                                       const std::string& code) {
  std::optional<int64_t> good;
  PEONY_CHECK(db_.WriteTx([&](storage::Conn& c) -> Status {
    const UtcMillis now = clock_.Now();
    const std::string lock = c.dialect() == storage::Dialect::kPostgres ? " FOR UPDATE" : "";
    PEONY_TRY(auto rows, c.Query("SELECT id, code_hash, attempts, expires_at, used_at, branch_id "
                                 "FROM self_booking_codes WHERE org_id = ? AND phone_index = ? "
                                 "ORDER BY created_at DESC, id DESC LIMIT 1" +
                                     lock,
                                 {b.org_id, phone_index}));
    if (rows.empty() || !rows.IsNull(0, 4) || rows.Int(0, 3) <= now ||
        rows.Int(0, 2) >= kCodeAttempts || rows.Int(0, 5) != b.id) {
      return Ok();
    }
    const int64_t id = rows.Int(0, 0);
    if (ConstantTimeEquals(rows.Text(0, 1), CodeHash(records_.keys(), phone_index, code))) {
      good = id;
      return Ok();
    }
    return StatusOf(
        c.Exec("UPDATE self_booking_codes SET attempts = attempts + 1 WHERE id = ?", {id}));
  }));
  if (!good) return public_errors::BadCode();
  return *good;
}

}  // namespace peony::domain::appointments
