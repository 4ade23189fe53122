// Peony's own request type: headers, cookies, query parameters, methods.
#include "http/request.h"

#include <gtest/gtest.h>

namespace peony::http {
namespace {

TEST(HttpRequest, HeaderNamesAreCaseInsensitive) {
  Headers h;
  h.Add("Content-Type", "application/json");
  h.Add("X-Thing", "1");
  h.Add("x-thing", "2");

  EXPECT_EQ(h.Get("content-type"), "application/json");
  EXPECT_EQ(h.Get("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(h.Get("x-thing"), "1");  // the first value
  EXPECT_EQ(h.Get("missing"), std::nullopt);
  EXPECT_EQ(h.all()[0].first, "content-type");
}

TEST(HttpRequest, CookiesAreFoundByExactName) {
  Request req;
  req.headers.Add("Cookie", "theme=dark; peony_session=abc123 ;  lang=\"zh-CN\"");
  req.headers.Add("Cookie", "late=1");

  EXPECT_EQ(req.Cookie("peony_session"), "abc123");
  EXPECT_EQ(req.Cookie("lang"), "zh-CN");
  EXPECT_EQ(req.Cookie("late"), "1");
  EXPECT_EQ(req.Cookie("peony"), std::nullopt);
  EXPECT_EQ(req.Cookie("missing"), std::nullopt);
}

TEST(HttpRequest, AMalformedCookieHeaderIsSkippedNotFatal) {
  Request req;
  req.headers.Add("Cookie", ";;=x; novalue; a=");

  EXPECT_EQ(req.Cookie("novalue"), std::nullopt);
  EXPECT_EQ(req.Cookie("a"), "");
}

TEST(HttpRequest, QueryReturnsTheFirstValue) {
  Request req;
  req.query.emplace("limit", "10");
  req.query.emplace("tag", "a");
  req.query.emplace("tag", "b");

  EXPECT_EQ(req.Query("limit"), "10");
  EXPECT_EQ(req.Query("tag"), "a");
  EXPECT_EQ(req.Query("cursor"), std::nullopt);
}

TEST(HttpRequest, UnsafeMethodsAreThoseThatChangeState) {
  EXPECT_FALSE(IsUnsafe(Method::kGet));
  EXPECT_FALSE(IsUnsafe(Method::kHead));
  EXPECT_FALSE(IsUnsafe(Method::kOptions));
  EXPECT_TRUE(IsUnsafe(Method::kPost));
  EXPECT_TRUE(IsUnsafe(Method::kPut));
  EXPECT_TRUE(IsUnsafe(Method::kPatch));
  EXPECT_TRUE(IsUnsafe(Method::kDelete));
  EXPECT_EQ(MethodName(Method::kPatch), "PATCH");
}

TEST(HttpResponse, ASharedBodyIsSentInsteadOfTheBody) {
  Response r;
  r.body = "ignored";
  EXPECT_EQ(r.Body(), "ignored");
  r.shared_body = std::make_shared<const std::string>("shared");
  EXPECT_EQ(r.Body(), "shared");
}

}  // namespace
}  // namespace peony::http
