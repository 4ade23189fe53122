// From Error to HTTP: status by kind, the 400/422 rule, the body's shape and its language.
#include "http/errors.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "http/router.h"

namespace peony::http {
namespace {

Error Of(ErrorKind kind, std::string code = "x.y") {
  return MakeError(kind, std::move(code), "中文", "English");
}

TEST(HttpErrors, EachKindHasItsStatus) {
  EXPECT_EQ(HttpStatusFor(Of(ErrorKind::kInvalidArgument)), 400);
  EXPECT_EQ(HttpStatusFor(Of(ErrorKind::kUnauthenticated)), 401);
  EXPECT_EQ(HttpStatusFor(Of(ErrorKind::kPermissionDenied)), 403);
  EXPECT_EQ(HttpStatusFor(Of(ErrorKind::kNotFound)), 404);
  EXPECT_EQ(HttpStatusFor(Of(ErrorKind::kConflict)), 409);
  EXPECT_EQ(HttpStatusFor(Of(ErrorKind::kFailedPrecondition)), 409);
  EXPECT_EQ(HttpStatusFor(Of(ErrorKind::kTooLarge)), 413);
  EXPECT_EQ(HttpStatusFor(Of(ErrorKind::kRateLimited)), 429);
  EXPECT_EQ(HttpStatusFor(Of(ErrorKind::kUnavailable)), 503);
  EXPECT_EQ(HttpStatusFor(Of(ErrorKind::kInternal)), 500);
}

TEST(HttpErrors, AValidationCodeOrFieldDetailsMake422) {
  EXPECT_EQ(HttpStatusFor(Of(ErrorKind::kInvalidArgument, "customer.validation")), 422);
  EXPECT_EQ(HttpStatusFor(Of(ErrorKind::kInvalidArgument, "customer.bad_phone")
                              .WithDetails(boost::json::object{{"fields", {{"phone", "bad"}}}})),
            422);
  EXPECT_EQ(HttpStatusFor(Of(ErrorKind::kInvalidArgument, "customer.bad_phone")
                              .WithDetails(boost::json::object{{"hint", "x"}})),
            400);
}

TEST(HttpErrors, AnExplicitStatusWins) {
  EXPECT_EQ(HttpStatusFor(Of(ErrorKind::kFailedPrecondition).WithStatus(423)), 423);
  EXPECT_EQ(HttpStatusFor(errors::UnsupportedMediaType()), 415);
  EXPECT_EQ(HttpStatusFor(errors::HeaderTooLarge()), 431);
  EXPECT_EQ(HttpStatusFor(errors::MethodNotAllowed()), 405);
}

TEST(HttpErrors, TheBodyHasCodeMessageAndDetails) {
  Response r = ErrorResponse(Of(ErrorKind::kNotFound, "user.not_found"), false);

  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
  EXPECT_EQ(
      boost::json::parse(r.body),
      boost::json::parse(R"({"error":{"code":"user.not_found","message":"中文","details":{}}})"));
}

TEST(HttpErrors, TheMessageIsChineseByDefaultAndEnglishWhenAsked) {
  const Error e = errors::Unauthenticated();

  EXPECT_EQ(boost::json::parse(ErrorResponse(e, false).body).at("error").at("message"), "请先登录");
  EXPECT_EQ(boost::json::parse(ErrorResponse(e, true).body).at("error").at("message"),
            "Please sign in");
}

TEST(HttpErrors, ValidationErrorsNameTheField) {
  Response r = ErrorResponse(errors::Validation("phone", "required"), false);

  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(boost::json::parse(r.body).at("error").at("details"),
            boost::json::parse(R"({"fields":{"phone":"required"}})"));
}

TEST(HttpErrors, NoContentHasNoBodyOrType) {
  Response r = NoContent();

  EXPECT_EQ(r.status, 204);
  EXPECT_TRUE(r.content_type.empty());
  EXPECT_TRUE(r.body.empty());
}

Request WithLanguage(std::string accept_language) {
  Request req;
  req.headers.Add("Accept-Language", accept_language);
  return req;
}

TEST(HttpLanguage, ChineseUnlessEnglishIsPreferred) {
  EXPECT_FALSE(PrefersEnglish(Request()));
  EXPECT_FALSE(PrefersEnglish(WithLanguage("zh-CN,zh;q=0.9,en;q=0.8")));
  EXPECT_FALSE(PrefersEnglish(WithLanguage("fr-FR, de")));
  EXPECT_FALSE(PrefersEnglish(WithLanguage("english")));
  EXPECT_TRUE(PrefersEnglish(WithLanguage("en-US")));
  EXPECT_TRUE(PrefersEnglish(WithLanguage("fr, EN;q=0.5")));
  EXPECT_TRUE(PrefersEnglish(WithLanguage("zh;q=0.3, en-GB;q=0.7")));
  EXPECT_TRUE(PrefersEnglish(WithLanguage("zh;q=0, en;q=0.1")));
  EXPECT_TRUE(PrefersEnglish(WithLanguage("en;q=0.5, zh-TW;q=0.5")));  // a tie: the first wins
  EXPECT_FALSE(PrefersEnglish(WithLanguage("zh-TW;q=0.5, en;q=0.5")));
}

}  // namespace
}  // namespace peony::http
