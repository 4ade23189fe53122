// The demo's pseudo-random numbers: SplitMix64 (Steele, Lea and Flood 2014), small and fully
// specified, so the same seed gives the same clinic on every compiler and standard library (the
// std:: distributions are implementation-defined). Integer arithmetic only. Not thread-safe.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <utility>

namespace peony::domain::demo::internal {

class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}

  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  // Uniform in [0, n); 0 when n <= 0. Rejection sampling keeps it unbiased.
  int64_t Below(int64_t n) {
    if (n <= 0) return 0;
    const auto range = static_cast<uint64_t>(n);
    const uint64_t limit = UINT64_MAX - UINT64_MAX % range;
    uint64_t x = Next();
    while (x >= limit) x = Next();
    return static_cast<int64_t>(x % range);
  }
  // Uniform in [lo, hi].
  int64_t Between(int64_t lo, int64_t hi) { return hi <= lo ? lo : lo + Below(hi - lo + 1); }
  // True with probability percent / 100.
  bool Percent(int percent) { return Below(100) < percent; }

  // An element of a non-empty span.
  template <class T>
  const T& Pick(std::span<const T> items) {
    return items[static_cast<size_t>(Below(static_cast<int64_t>(items.size())))];
  }
  // The index chosen with the given integer weights (at least one positive).
  size_t Weighted(std::initializer_list<int> weights) {
    int total = 0;
    for (int w : weights) total += w;
    int64_t x = Below(total);
    size_t i = 0;
    for (int w : weights) {
      if (x < w) return i;
      x -= w;
      ++i;
    }
    return 0;
  }

 private:
  uint64_t state_;
};

}  // namespace peony::domain::demo::internal
