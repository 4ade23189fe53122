// Stored values and canonical JSON text for the field types.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>
#include <utility>
#include <vector>

#include "platform/schema/types/support.h"

namespace peony::schema::types {
namespace {

void Write(std::string& out, const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      out += "null";
      return;
    case boost::json::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      return;
    case boost::json::kind::int64:
      out += std::to_string(v.get_int64());
      return;
    case boost::json::kind::uint64:
      out += std::to_string(v.get_uint64());
      return;
    case boost::json::kind::double_:
      // JSON has no NaN or infinity; the types never store them, so this is only a guard.
      out += std::isfinite(v.get_double()) ? FormatShortest(v.get_double()) : "null";
      return;
    case boost::json::kind::string:
      out += boost::json::serialize(v.get_string());
      return;
    case boost::json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        Write(out, e);
      }
      out.push_back(']');
      return;
    }
    case boost::json::kind::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& kv : v.get_object()) {
        if (!first) out.push_back(',');
        first = false;
        out += boost::json::serialize(kv.key());
        out.push_back(':');
        Write(out, kv.value());
      }
      out.push_back('}');
      return;
    }
  }
}

}  // namespace

std::optional<int64_t> ValueInt(const storage::Value& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) {
    if (std::isfinite(*d) && std::trunc(*d) == *d && std::fabs(*d) <= 9.2e18) {
      return static_cast<int64_t>(*d);
    }
    return std::nullopt;
  }
  if (const auto* s = std::get_if<std::string>(&v)) {
    int64_t n = 0;
    const auto r = std::from_chars(s->data(), s->data() + s->size(), n);
    if (r.ec == std::errc() && r.ptr == s->data() + s->size() && !s->empty()) return n;
  }
  return std::nullopt;
}

std::optional<double> ValueReal(const storage::Value& v) {
  if (const auto* d = std::get_if<double>(&v)) {
    return std::isfinite(*d) ? std::optional<double>(*d) : std::nullopt;
  }
  if (const auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  if (const auto* s = std::get_if<std::string>(&v)) {
    double d = 0;
    const auto r = std::from_chars(s->data(), s->data() + s->size(), d);
    if (r.ec == std::errc() && r.ptr == s->data() + s->size() && !s->empty() && std::isfinite(d)) {
      return d;
    }
  }
  return std::nullopt;
}

const std::string* ValueText(const storage::Value& v) { return std::get_if<std::string>(&v); }

boost::json::value ValueToJson(const storage::Value& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) {
    if (!std::isfinite(*d)) return nullptr;
    // Whole numbers as integers: Boost.JSON writes the double 5 as "5E0".
    if (std::trunc(*d) == *d && std::fabs(*d) < 9'007'199'254'740'992.0) {
      return static_cast<int64_t>(*d);
    }
    return *d;
  }
  if (const auto* s = std::get_if<std::string>(&v)) return boost::json::string(*s);
  return nullptr;
}

storage::Value JsonToValue(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      return storage::Value{};
    case boost::json::kind::bool_:
      return int64_t{v.get_bool() ? 1 : 0};
    case boost::json::kind::int64:
      return v.get_int64();
    case boost::json::kind::uint64:
      if (v.get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
        return static_cast<int64_t>(v.get_uint64());
      }
      return static_cast<double>(v.get_uint64());
    case boost::json::kind::double_:
      return v.get_double();
    case boost::json::kind::string:
      return std::string(v.get_string());
    default:
      return WriteJson(v);
  }
}

std::string WriteJson(const boost::json::value& v) {
  std::string out;
  Write(out, v);
  return out;
}

std::optional<boost::json::value> ParseJson(std::string_view text) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec) return std::nullopt;
  return v;
}

bool DepthAtMost(const boost::json::value& v, int max_depth) {
  std::vector<std::pair<const boost::json::value*, int>> stack{{&v, 0}};
  while (!stack.empty()) {
    const auto [node, depth] = stack.back();
    stack.pop_back();
    if (node->is_array()) {
      if (depth + 1 > max_depth) return false;
      for (const auto& e : node->get_array()) stack.emplace_back(&e, depth + 1);
    } else if (node->is_object()) {
      if (depth + 1 > max_depth) return false;
      for (const auto& kv : node->get_object()) stack.emplace_back(&kv.value(), depth + 1);
    }
  }
  return true;
}

}  // namespace peony::schema::types
