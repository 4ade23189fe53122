// Token buckets (see rate_limiter.h).
#include "platform/notify/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace peony::notify {

std::optional<UtcMillis> RateLimiter::Take(const std::string& key, int64_t rate_per_minute,
                                           UtcMillis now) {
  const double capacity = static_cast<double>(std::max<int64_t>(1, rate_per_minute));
  const double per_ms = capacity / 60'000.0;
  std::lock_guard lock(mu_);
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{capacity, now});
  Bucket& b = it->second;
  if (!fresh) {
    const auto elapsed = static_cast<double>(std::max<UtcMillis>(0, now - b.at));
    b.tokens = std::min(capacity, b.tokens + elapsed * per_ms);  // a lowered rate caps at once
    b.at = std::max(b.at, now);
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return std::nullopt;
  }
  return b.at + static_cast<UtcMillis>(std::ceil((1.0 - b.tokens) / per_ms));
}

}  // namespace peony::notify
