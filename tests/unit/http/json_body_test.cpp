// Bad request bodies get clear errors, never a crash: content type, malformed and deep JSON,
// invalid UTF-8, long strings; and the typed getters handlers use.
#include "http/json_body.h"

#include <gtest/gtest.h>

#include "http/router.h"

namespace peony::http {
namespace {

Request JsonRequest(std::string body, std::string content_type = "application/json") {
  Request req;
  req.method = Method::kPost;
  if (!content_type.empty()) req.headers.Add("Content-Type", content_type);
  req.body = std::move(body);
  return req;
}

template <class T>
std::string CodeOf(const Result<T>& r) {
  return r.ok() ? "ok" : r.error().code;
}

template <class T>
std::string FieldMessage(const Result<T>& r, std::string_view field) {
  if (r.ok()) return "ok";
  return std::string(r.error().details.at("fields").at(field).as_string());
}

TEST(JsonBody, AValidObjectParses) {
  auto r = ParseJsonBody(JsonRequest(R"({"name":"王丽华","age":31})"));

  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->at("name"), "王丽华");
}

TEST(JsonBody, AnyCharsetParameterAndCaseAreAccepted) {
  EXPECT_TRUE(ParseJsonBody(JsonRequest("{}", "application/json; charset=utf-8")).ok());
  EXPECT_TRUE(ParseJsonBody(JsonRequest("{}", "Application/JSON;charset=UTF-8")).ok());
}

TEST(JsonBody, AnotherContentTypeIs415) {
  auto text = ParseJsonBody(JsonRequest("{}", "text/plain"));
  auto form = ParseJsonBody(JsonRequest("{}", "application/x-www-form-urlencoded"));
  auto none = ParseJsonBody(JsonRequest("{}", ""));
  auto lookalike = ParseJsonBody(JsonRequest("{}", "application/jsonp"));

  EXPECT_EQ(CodeOf(text), "request.unsupported_media_type");
  EXPECT_EQ(text.error().http_status, 415);
  EXPECT_EQ(CodeOf(form), "request.unsupported_media_type");
  EXPECT_EQ(CodeOf(none), "request.unsupported_media_type");
  EXPECT_EQ(CodeOf(lookalike), "request.unsupported_media_type");
}

TEST(JsonBody, AnEmptyBodyIsInvalidJson) {
  EXPECT_EQ(CodeOf(ParseJsonBody(JsonRequest(""))), "request.invalid_json");
}

TEST(JsonBody, MalformedJsonIs400) {
  for (const char* body : {R"({"username": "admin", "password": )", "{'a':1}", "[1,2,]", "nul",
                           R"({"a":1} trailing)", "\x00"}) {
    auto r = ParseJsonBody(JsonRequest(body));
    EXPECT_EQ(CodeOf(r), "request.invalid_json") << body;
    if (!r.ok()) {
      EXPECT_EQ(HttpStatusFor(r.error()), 400);
    }
  }
}

TEST(JsonBody, InvalidUtf8Is400) {
  auto r = ParseJsonBody(JsonRequest("{\"name\":\"\xC3\x28\"}"));

  EXPECT_EQ(CodeOf(r), "request.invalid_utf8");
  EXPECT_EQ(HttpStatusFor(r.error()), 400);
}

TEST(JsonBody, AThousandDeepArrayIsRefused) {
  auto r = ParseJsonBody(JsonRequest(std::string(1000, '[') + std::string(1000, ']')));

  EXPECT_EQ(CodeOf(r), "request.too_deep");
  EXPECT_EQ(HttpStatusFor(r.error()), 400);
}

TEST(JsonBody, NestingUpTo64LevelsIsAccepted) {
  EXPECT_TRUE(ParseJsonBody(JsonRequest(std::string(64, '[') + std::string(64, ']'))).ok());
  EXPECT_EQ(CodeOf(ParseJsonBody(JsonRequest(std::string(65, '[') + std::string(65, ']')))),
            "request.too_deep");
}

TEST(JsonBody, ParseJsonObjectRefusesOtherValues) {
  EXPECT_EQ(CodeOf(ParseJsonObject(JsonRequest("[1,2]"))), "request.invalid_json");
  EXPECT_EQ(CodeOf(ParseJsonObject(JsonRequest("\"text\""))), "request.invalid_json");
  EXPECT_TRUE(ParseJsonObject(JsonRequest("{}")).ok());
}

TEST(JsonBody, RequiredStringReturnsTheTextUntouched) {
  boost::json::object body{{"username", "admin'; DROP TABLE users;--"}};

  auto r = RequiredString(body, "username", 64);

  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "admin'; DROP TABLE users;--");
}

TEST(JsonBody, AMissingOrNullRequiredStringIs422NamingTheField) {
  boost::json::object body{{"other", 1}, {"nulled", nullptr}};

  auto missing = RequiredString(body, "username", 64);
  auto nulled = RequiredString(body, "nulled", 64);

  EXPECT_EQ(CodeOf(missing), "request.validation");
  EXPECT_EQ(HttpStatusFor(missing.error()), 422);
  EXPECT_EQ(FieldMessage(missing, "username"), "required");
  EXPECT_EQ(FieldMessage(nulled, "nulled"), "required");
}

TEST(JsonBody, AStringOfTheWrongTypeIs422) {
  boost::json::object body{{"username", 42}};

  EXPECT_EQ(FieldMessage(RequiredString(body, "username", 64), "username"), "must be a string");
}

TEST(JsonBody, StringLengthsCountCharactersNotBytes) {
  boost::json::object body{{"name", "王丽华"}};

  EXPECT_TRUE(RequiredString(body, "name", 3).ok());
  EXPECT_EQ(FieldMessage(RequiredString(body, "name", 2), "name"), "must be at most 2 characters");
}

TEST(JsonBody, AHugeStringParsesButIsRefusedByItsLimit) {
  auto parsed = ParseJsonObject(JsonRequest(R"({"name":")" + std::string(1 << 20, 'a') + "\"}"));
  ASSERT_TRUE(parsed.ok());

  auto r = RequiredString(*parsed, "name", 100);

  EXPECT_EQ(CodeOf(r), "request.validation");
  EXPECT_EQ(FieldMessage(r, "name"), "must be at most 100 characters");
}

TEST(JsonBody, OptionalStringIsAbsentWhenMissingOrNull) {
  boost::json::object body{{"a", nullptr}, {"b", "x"}, {"c", true}};

  EXPECT_EQ(OptionalString(body, "a", 10).value(), std::nullopt);
  EXPECT_EQ(OptionalString(body, "missing", 10).value(), std::nullopt);
  EXPECT_EQ(OptionalString(body, "b", 10).value(), "x");
  EXPECT_EQ(CodeOf(OptionalString(body, "c", 10)), "request.validation");
}

TEST(JsonBody, IntegersMustBeWholeAndInRange) {
  boost::json::object body{{"limit", 50},
                           {"big", 600},
                           {"fraction", 1.5},
                           {"text", "5"},
                           {"huge", 18446744073709551615ull}};

  EXPECT_EQ(OptionalInt(body, "limit", 1, 500).value(), 50);
  EXPECT_EQ(OptionalInt(body, "missing", 1, 500).value(), std::nullopt);
  EXPECT_EQ(FieldMessage(OptionalInt(body, "big", 1, 500), "big"), "must be at most 500");
  EXPECT_EQ(FieldMessage(OptionalInt(body, "fraction"), "fraction"), "must be an integer");
  EXPECT_EQ(FieldMessage(OptionalInt(body, "text"), "text"), "must be an integer");
  EXPECT_EQ(CodeOf(OptionalInt(body, "huge")), "request.validation");
  EXPECT_EQ(FieldMessage(RequiredInt(body, "missing"), "missing"), "required");
}

TEST(JsonBody, BooleansMustBeBooleans) {
  boost::json::object body{{"on", true}, {"text", "true"}};

  EXPECT_EQ(OptionalBool(body, "on").value(), true);
  EXPECT_EQ(OptionalBool(body, "missing").value(), std::nullopt);
  EXPECT_EQ(CodeOf(OptionalBool(body, "text")), "request.validation");
}

}  // namespace
}  // namespace peony::http
