// Per-channel send rates: a token bucket per organisation and channel, holding at most
// rate_per_minute sends and refilled at that rate.
//
// The buckets live in this process: with several `peony serve` processes on one database each
// enforces the rate on its own, so the combined rate can reach (processes × rate). Providers
// throttle as well; their throttling answers are retried with backoff.
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "common/clock.h"

namespace peony::notify {

class RateLimiter {
 public:
  // Takes one send from the bucket of `key` at `now`. Returns nullopt when it may go, else the
  // instant the next send will be allowed (nothing is taken then). A rate below 1 is taken as 1.
  std::optional<UtcMillis> Take(const std::string& key, int64_t rate_per_minute, UtcMillis now);

 private:
  struct Bucket {
    double tokens = 0;
    UtcMillis at = 0;
  };
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;  // GUARDED_BY(mu_)
};

}  // namespace peony::notify
