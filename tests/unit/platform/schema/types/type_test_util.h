// Helpers for the field-type tests: values and outcomes as short text so that cases read as
// tables: Norm(phone, R"("+86 138-1234-5678")") == "text:13812345678", a refusal "!phone.invalid".
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "platform/schema/field_type.h"

namespace peony::schema::testing {

inline boost::json::value J(std::string_view json) { return boost::json::parse(json); }

inline FieldDef Field(std::string_view type, std::string_view options_json = "{}") {
  FieldDef f;
  f.name = "f";
  f.label = "字段";
  f.type = std::string(type);
  f.options = J(options_json).as_object();
  f.column = "f_f";
  return f;
}

inline const FieldType& Type(std::string_view name) {
  const FieldType* t = FindFieldType(name);
  if (!t) throw std::runtime_error("no field type " + std::string(name));
  return *t;
}

// "null", "int:5", "real:12.5", "text:abc".
inline std::string Show(const storage::Value& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return "int:" + std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", *d);
    return "real:" + std::string(buf);
  }
  if (const auto* s = std::get_if<std::string>(&v)) return "text:" + *s;
  if (std::holds_alternative<std::monostate>(v)) return "null";
  return "blob";
}

// The outcome of normalising a value: Show(stored), or "!" and the reason code.
inline std::string NormValue(const FieldDef& f, const boost::json::value& in, bool lenient = false,
                             std::string tz = "Asia/Shanghai") {
  NormalizeContext ctx;
  ctx.lenient = lenient;
  ctx.time_zone = std::move(tz);
  auto r = Type(f.type).Normalize(f, in, ctx);
  if (r.ok()) return Show(*r);
  const Error& e = r.error();
  const auto* reason =
      e.details.is_object() ? e.details.as_object().if_contains("reason") : nullptr;
  if (e.code != "record.invalid_value" || !reason) return "!" + e.code;
  EXPECT_EQ(e.http_status, 422);
  EXPECT_FALSE(e.message_zh.empty());
  EXPECT_FALSE(e.message_en.empty());
  return "!" + std::string(reason->as_string());
}

inline std::string Norm(const FieldDef& f, std::string_view json_in, bool lenient = false) {
  return NormValue(f, J(json_in), lenient);
}
inline std::string Lenient(const FieldDef& f, std::string_view json_in) {
  return Norm(f, json_in, true);
}

// The stored value of a good input (fails the test when refused).
inline storage::Value Stored(const FieldDef& f, std::string_view json_in, bool lenient = false) {
  NormalizeContext ctx;
  ctx.lenient = lenient;
  auto r = Type(f.type).Normalize(f, J(json_in), ctx);
  EXPECT_TRUE(r.ok()) << json_in << " → " << (r.ok() ? "" : r.error().code);
  return r.ok() ? *r : storage::Value{};
}

// "" when the options are accepted, else the option the error names ("?" when none).
inline std::string OptionError(std::string_view type, std::string_view options_json) {
  Status s = Type(type).CheckOptions(J(options_json).as_object());
  if (s.ok()) return "";
  EXPECT_EQ(s.error().code, "schema.invalid_options");
  EXPECT_EQ(s.error().http_status, 422);
  const auto* option =
      s.error().details.is_object() ? s.error().details.as_object().if_contains("option") : nullptr;
  return option ? std::string(option->as_string()) : "?";
}

struct Case {
  std::string_view in;        // JSON input
  std::string_view expected;  // Show() of the stored value, or "!reason"
};

inline void ExpectCases(const FieldDef& f, std::initializer_list<Case> cases,
                        bool lenient = false) {
  for (const Case& c : cases) {
    EXPECT_EQ(Norm(f, c.in, lenient), c.expected)
        << f.type << (lenient ? " (lenient) " : " ") << c.in;
  }
}

// Normalise, then ToJson, then normalise the JSON again (what an API client sends back, what
// export does): the stored value must not change.
inline void ExpectRoundTrip(const FieldDef& f, std::string_view json_in, bool lenient = false) {
  const storage::Value first = Stored(f, json_in, lenient);
  const boost::json::value api = Type(f.type).ToJson(f, first);
  auto again = Type(f.type).Normalize(f, api, NormalizeContext{});
  ASSERT_TRUE(again.ok()) << f.type << " " << json_in << " → " << boost::json::serialize(api)
                          << " refused: " << again.error().code;
  EXPECT_EQ(Show(*again), Show(first)) << f.type << " " << json_in;
}

}  // namespace peony::schema::testing
