// Made-up people for the demo clinic: Chinese names drawn from the common surnames and given-name
// characters, mobile numbers unique within one People, and ID card numbers that pass GB 11643 (the
// region of a real district, the birth date, an odd or even sequence for men and women and the
// ISO 7064 MOD 11-2 check character). Not thread-safe.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "common/time_zone.h"
#include "domain/demo/random.h"

namespace peony::domain::demo::internal {

struct Person {
  std::string name;
  bool female = true;
  std::string phone;      // 1[3-9]xxxxxxxxx, unique within its People
  std::string id_number;  // 18 characters
  LocalDate birthday;
  std::string address;
};

class People {
 public:
  explicit People(Random& random) : random_(random) {}

  // A person aged `min_age` to `max_age` on `today`.
  Person Next(bool female, int min_age, int max_age, const LocalDate& today);
  std::string Name(bool female);
  std::string Phone();  // never returns the same number twice

 private:
  Random& random_;
  std::set<std::string> phones_;
};

// The GB 11643 check character of the first 17 digits.
char IdCheckCharacter(std::string_view first17);

// n in decimal, zero-padded to `width` digits.
inline std::string Padded(int64_t n, size_t width) {
  std::string s = std::to_string(n);
  return s.size() < width ? std::string(width - s.size(), '0') + s : s;
}

}  // namespace peony::domain::demo::internal
