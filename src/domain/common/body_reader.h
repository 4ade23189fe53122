// Reading a JSON request body of a domain API field by field. Every failure is collected (its key
// path → the reason in English, e.g. "lines[1].staff[0].share_pct" → "must be from 1 to 100"),
// so one 422 names them all and a form can mark each field. Nested objects are read by a Nested
// reader that shares the failures and prefixes its keys.
//
//   BodyReader r(body);
//   r.OnlyKeys({"customer_id", "note"});
//   in.customer_id = r.Id("customer_id", true).value_or(0);
//   in.note = r.Text("note", 500).value_or("");
//   if (r.failed()) return errors::Invalid(r.fields());
//
// Absent keys and JSON null are the same. Not thread-safe; one reader per body.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/time_zone.h"

namespace peony::domain {

class BodyReader {
 public:
  explicit BodyReader(const boost::json::object& o);

  // A reader of `o`, an object inside this body at `path` (e.g. "lines[2]"), sharing the failures.
  BodyReader Nested(const boost::json::object& o, std::string path) const;
  // The full key path of `key` in the body.
  std::string At(std::string_view key) const;

  // Fails every key not in `allowed` ("unknown field"; e.g. balance_fen on a card PATCH).
  void OnlyKeys(std::initializer_list<std::string_view> allowed);
  // The value, or null when absent or JSON null.
  const boost::json::value* Get(std::string_view key) const;

  // An integer within [min, max]: fractions, strings and out-of-range values fail.
  std::optional<int64_t> Int(std::string_view key, int64_t min, int64_t max, bool required);
  // The same for a value already at hand; `at` is the full key path to name in a failure.
  std::optional<int64_t> IntOf(const boost::json::value& v, std::string_view at, int64_t min,
                               int64_t max);
  // A record id: a positive integer.
  std::optional<int64_t> Id(std::string_view key, bool required);
  // A string of at most `max_len` characters; when required, also not blank.
  std::optional<std::string> Text(std::string_view key, size_t max_len, bool required = false);
  std::optional<std::string> TextOf(const boost::json::value& v, std::string_view at,
                                    size_t max_len, bool required);
  // A date "YYYY-MM-DD".
  std::optional<LocalDate> Date(std::string_view key, bool required = false);
  // An RFC 3339 time with its offset.
  std::optional<UtcMillis> Time(std::string_view key, bool required = false);
  // The array at `key` of at most `max_items` items (null when absent, invalid or too long).
  const boost::json::array* Array(std::string_view key, size_t max_items, bool required);

  // Records a failure at the full key path `at` (the first reason of a key is kept).
  void Fail(std::string_view at, std::string_view why);
  bool failed() const { return !fails_->empty(); }
  // key path → reason, for the module's invalid-input error.
  const boost::json::object& fields() const { return *fails_; }

 private:
  BodyReader(const boost::json::object& o, std::string path,
             std::shared_ptr<boost::json::object> fails);

  const boost::json::object& o_;
  std::string path_;
  std::shared_ptr<boost::json::object> fails_;
};

}  // namespace peony::domain
