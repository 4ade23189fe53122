#include "domain/common/body_reader.h"

#include "common/strings.h"

namespace peony::domain {

namespace json = boost::json;

BodyReader::BodyReader(const json::object& o) : o_(o), fails_(std::make_shared<json::object>()) {}

BodyReader::BodyReader(const json::object& o, std::string path, std::shared_ptr<json::object> fails)
    : o_(o), path_(std::move(path)), fails_(std::move(fails)) {}

BodyReader BodyReader::Nested(const json::object& o, std::string path) const {
  return BodyReader(o, std::move(path), fails_);
}

std::string BodyReader::At(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void BodyReader::OnlyKeys(std::initializer_list<std::string_view> allowed) {
  for (const auto& kv : o_) {
    bool known = false;
    for (auto a : allowed) known = known || kv.key() == a;
    if (!known) Fail(At(kv.key()), "unknown field");
  }
}

const json::value* BodyReader::Get(std::string_view key) const {
  auto it = o_.find(key);
  return it == o_.end() || it->value().is_null() ? nullptr : &it->value();
}

std::optional<int64_t> BodyReader::Int(std::string_view key, int64_t min, int64_t max,
                                       bool required) {
  const json::value* v = Get(key);
  if (!v) {
    if (required) Fail(At(key), "required");
    return std::nullopt;
  }
  return IntOf(*v, At(key), min, max);
}

std::optional<int64_t> BodyReader::IntOf(const json::value& v, std::string_view at, int64_t min,
                                         int64_t max) {
  int64_t n = 0;
  if (v.is_int64()) {
    n = v.as_int64();
  } else if (v.is_uint64() && v.as_uint64() <= static_cast<uint64_t>(max)) {
    n = static_cast<int64_t>(v.as_uint64());
  } else {
    Fail(at, v.is_double() ? "must be a whole number" : "must be an integer");
    return std::nullopt;
  }
  if (n < min || n > max) {
    Fail(at, "must be from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::optional<int64_t> BodyReader::Id(std::string_view key, bool required) {
  const json::value* v = Get(key);
  if (!v) {
    if (required) Fail(At(key), "required");
    return std::nullopt;
  }
  if (!v->is_int64() || v->as_int64() < 1) {
    Fail(At(key), "must be a positive integer");
    return std::nullopt;
  }
  return v->as_int64();
}

std::optional<std::string> BodyReader::Text(std::string_view key, size_t max_len, bool required) {
  const json::value* v = Get(key);
  if (!v) {
    if (required) Fail(At(key), "required");
    return std::nullopt;
  }
  return TextOf(*v, At(key), max_len, required);
}

std::optional<std::string> BodyReader::TextOf(const json::value& v, std::string_view at,
                                              size_t max_len, bool required) {
  if (!v.is_string()) {
    Fail(at, "must be a string");
    return std::nullopt;
  }
  std::string s(v.as_string());
  if (!IsValidUtf8(s) || Utf8Length(s) > max_len) {
    Fail(at, "at most " + std::to_string(max_len) + " characters");
    return std::nullopt;
  }
  if (required && s.find_first_not_of(" \t\r\n") == std::string::npos) {
    Fail(at, "required");
    return std::nullopt;
  }
  return s;
}

std::optional<LocalDate> BodyReader::Date(std::string_view key, bool required) {
  auto s = Text(key, 10, required);
  if (!s) return std::nullopt;
  auto d = ParseDate(*s);
  if (!d) Fail(At(key), "must be a date YYYY-MM-DD");
  return d;
}

std::optional<UtcMillis> BodyReader::Time(std::string_view key, bool required) {
  auto s = Text(key, 40, required);
  if (!s) return std::nullopt;
  auto t = ParseRfc3339(*s);
  if (!t) Fail(At(key), "must be an RFC 3339 time with its offset, e.g. 2026-11-25T10:00:00+08:00");
  return t;
}

const json::array* BodyReader::Array(std::string_view key, size_t max_items, bool required) {
  const json::value* v = Get(key);
  if (!v) {
    if (required) Fail(At(key), "required");
    return nullptr;
  }
  if (!v->is_array()) {
    Fail(At(key), "must be an array");
    return nullptr;
  }
  if (v->as_array().size() > max_items) {
    Fail(At(key), "at most " + std::to_string(max_items) + " items");
    return nullptr;
  }
  return &v->as_array();
}

void BodyReader::Fail(std::string_view at, std::string_view why) {
  if (!fails_->contains(at)) (*fails_)[at] = why;
}

}  // namespace peony::domain
