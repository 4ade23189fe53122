// The customer-value settings as JSON, and their checks: a PUT may send any subset; the result
// must make sense as a whole (dormant after active, cut points rising).
#include <cmath>
#include <string_view>

#include "domain/customers/errors.h"
#include "domain/customers/value.h"

namespace peony::domain::customers {
namespace {

namespace json = boost::json;

json::array Cuts(const std::array<int64_t, 4>& a) { return json::array(a.begin(), a.end()); }

// Reads the settings' keys into `s`, collecting each problem under its path in `bad`.
class Reader {
 public:
  explicit Reader(json::object& bad) : bad_(bad) {}

  void Int(const json::object& o, std::string_view key, std::string_view path, int64_t min,
           int64_t max, int64_t& out) {
    const json::value* v = o.if_contains(key);
    if (!v) return;
    if (!v->is_int64()) {
      bad_[path] = "must be a whole number";
    } else if (v->as_int64() < min || v->as_int64() > max) {
      bad_[path] = "must be " + std::to_string(min) + "-" + std::to_string(max);
    } else {
      out = v->as_int64();
    }
  }

  void Number(const json::object& o, std::string_view key, double min, double max, double& out) {
    const json::value* v = o.if_contains(key);
    if (!v) return;
    if (!v->is_number()) {
      bad_[key] = "must be a number";
      return;
    }
    const double d = v->to_number<double>();
    if (!std::isfinite(d) || d < min || d > max) {
      bad_[key] = "must be a number from " + Format(min) + " to " + Format(max);
      return;
    }
    out = d;
  }

  // Four whole numbers from `min` up to `max`, strictly rising.
  void Cuts(const json::object& o, std::string_view key, std::string_view path, int64_t min,
            int64_t max, std::array<int64_t, 4>& out) {
    const json::value* v = o.if_contains(key);
    if (!v) return;
    const std::string why =
        "must be 4 rising whole numbers from " + std::to_string(min) + " to " + std::to_string(max);
    if (!v->is_array() || v->as_array().size() != 4) {
      bad_[path] = why;
      return;
    }
    std::array<int64_t, 4> cuts{};
    for (size_t i = 0; i < 4; ++i) {
      const json::value& x = v->as_array()[i];
      if (!x.is_int64() || x.as_int64() < min || x.as_int64() > max ||
          (i > 0 && x.as_int64() <= cuts[i - 1])) {
        bad_[path] = why;
        return;
      }
      cuts[i] = x.as_int64();
    }
    out = cuts;
  }

  void Unknown(const json::object& o, std::initializer_list<std::string_view> known,
               std::string_view prefix) {
    for (const auto& kv : o) {
      bool ok = false;
      for (auto k : known) ok = ok || kv.key() == k;
      if (!ok) bad_[std::string(prefix) + std::string(kv.key())] = "unknown setting";
    }
  }

 private:
  static std::string Format(double d) {
    std::string s = std::to_string(d);
    while (s.size() > 1 && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  }
  json::object& bad_;
};

}  // namespace

json::object SettingsJson(const ValueSettings& s) {
  return json::object{{"active_days", s.active_days},
                      {"dormant_days", s.dormant_days},
                      {"rfm", json::object{{"recency_days", Cuts(s.recency_days)},
                                           {"frequency_visits", Cuts(s.frequency_visits)},
                                           {"monetary_fen", Cuts(s.monetary_fen)},
                                           {"high_score", s.high_score}}},
                      {"ltv_years", s.ltv_years},
                      {"churn_factor", s.churn_factor}};
}

Result<ValueSettings> ParseSettings(const json::object& patch, const ValueSettings& base) {
  ValueSettings s = base;
  json::object bad;
  Reader read(bad);
  read.Unknown(patch, {"active_days", "dormant_days", "rfm", "ltv_years", "churn_factor"}, "");
  read.Int(patch, "active_days", "active_days", 1, 3650, s.active_days);
  read.Int(patch, "dormant_days", "dormant_days", 1, 3650, s.dormant_days);
  read.Int(patch, "ltv_years", "ltv_years", 0, 20, s.ltv_years);
  read.Number(patch, "churn_factor", 1.0, 10.0, s.churn_factor);
  if (const json::value* rfm = patch.if_contains("rfm")) {
    if (!rfm->is_object()) {
      bad["rfm"] = "must be an object";
    } else {
      const json::object& o = rfm->as_object();
      read.Unknown(o, {"recency_days", "frequency_visits", "monetary_fen", "high_score"}, "rfm.");
      read.Cuts(o, "recency_days", "rfm.recency_days", 0, 3650, s.recency_days);
      read.Cuts(o, "frequency_visits", "rfm.frequency_visits", 1, 10000, s.frequency_visits);
      read.Cuts(o, "monetary_fen", "rfm.monetary_fen", 1, 100'000'000'000, s.monetary_fen);
      int64_t high = s.high_score;
      read.Int(o, "high_score", "rfm.high_score", 2, 5, high);
      s.high_score = static_cast<int>(high);
    }
  }
  if (bad.empty() && s.dormant_days <= s.active_days) {
    bad["dormant_days"] = "must be above active_days";
  }
  if (!bad.empty()) return errors::InvalidSettings(std::move(bad));
  return s;
}

}  // namespace peony::domain::customers
