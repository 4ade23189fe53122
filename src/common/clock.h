// Time as UTC epoch milliseconds, behind an injectable clock: services take a Clock& so tests set
// the time instead of sleeping.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace peony {

using UtcMillis = int64_t;  // milliseconds since 1970-01-01T00:00:00Z

class Clock {
 public:
  virtual ~Clock() = default;
  virtual UtcMillis Now() const = 0;
};

// The real wall clock.
class SystemClock final : public Clock {
 public:
  UtcMillis Now() const override;
  static SystemClock& Instance();
};

// A clock for tests: starts at a given instant and moves only when told. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(UtcMillis start) : now_(start) {}
  UtcMillis Now() const override { return now_.load(); }
  void Set(UtcMillis t) { now_.store(t); }
  void Advance(int64_t ms) { now_.fetch_add(ms); }

 private:
  std::atomic<UtcMillis> now_;
};

// RFC 3339 in UTC with milliseconds: "2026-11-22T21:10:57.123Z".
std::string FormatRfc3339(UtcMillis t);
// Parses RFC 3339 ("2026-11-22T21:10:57Z", "…+08:00", fractional seconds optional); nullopt when
// invalid.
std::optional<UtcMillis> ParseRfc3339(std::string_view s);

}  // namespace peony
