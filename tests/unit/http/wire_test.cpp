// The wire-format pieces of the server: targets, request ids and response heads.
#include "http/wire.h"

#include <gtest/gtest.h>

#include <set>

namespace peony::http::wire {
namespace {

TEST(HttpWire, APlainTargetIsThePath) {
  Request req;

  ASSERT_TRUE(SetTarget(req, "/api/v1/health"));

  EXPECT_EQ(req.path, "/api/v1/health");
  EXPECT_TRUE(req.query.empty());
}

TEST(HttpWire, PathAndQueryArePercentDecoded) {
  Request req;

  ASSERT_TRUE(SetTarget(req, "/api/v1/customers/%E7%8E%8B?q=%E4%B8%BD&tag=a+b&tag=c&flag"));

  EXPECT_EQ(req.path, "/api/v1/customers/王");
  EXPECT_EQ(req.target, "/api/v1/customers/%E7%8E%8B?q=%E4%B8%BD&tag=a+b&tag=c&flag");
  EXPECT_EQ(req.Query("q"), "丽");
  EXPECT_EQ(req.query.count("tag"), 2u);
  EXPECT_EQ(req.Query("tag"), "a b");
  EXPECT_EQ(req.Query("flag"), "");
}

TEST(HttpWire, TargetsThatAreNotOriginFormAreRefused) {
  Request req;

  EXPECT_FALSE(SetTarget(req, "http://example.com/x"));
  EXPECT_FALSE(SetTarget(req, "*"));
  EXPECT_FALSE(SetTarget(req, ""));
  EXPECT_FALSE(SetTarget(req, "/bad%zz?x=1"));
}

TEST(HttpWire, RequestIdsFromClientsAreKeptOnlyWhenSane) {
  EXPECT_TRUE(IsSaneRequestId("abc-DEF_123"));
  EXPECT_TRUE(IsSaneRequestId(std::string(64, 'a')));
  EXPECT_FALSE(IsSaneRequestId(std::string(65, 'a')));
  EXPECT_FALSE(IsSaneRequestId(""));
  EXPECT_FALSE(IsSaneRequestId("a b"));
  EXPECT_FALSE(IsSaneRequestId("a\"}"));
}

TEST(HttpWire, GeneratedRequestIdsAreSaneAndDistinct) {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) ids.insert(NewRequestId());

  EXPECT_EQ(ids.size(), 1000u);
  for (const auto& id : ids) EXPECT_TRUE(IsSaneRequestId(id)) << id;
}

std::string Head(const Response& r, HeadOptions options = {}) {
  std::string out;
  AppendHead(r, options, out);
  return out;
}

TEST(HttpWire, AHeadHasStatusLengthSecurityHeadersAndNoStore) {
  Response r;
  r.body = "{}";

  const std::string head = Head(r, {.request_id = "rid-1"});

  EXPECT_EQ(head.rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
  EXPECT_NE(head.find("Content-Type: application/json; charset=utf-8\r\n"), std::string::npos);
  EXPECT_NE(head.find("Content-Length: 2\r\n"), std::string::npos);
  EXPECT_NE(head.find(kSecurityHeaders), std::string::npos);
  EXPECT_NE(head.find("\r\nDate: "), std::string::npos);
  EXPECT_NE(head.find(" GMT\r\n"), std::string::npos);
  EXPECT_NE(head.find("X-Request-Id: rid-1\r\n"), std::string::npos);
  EXPECT_NE(head.find("Cache-Control: no-store\r\n"), std::string::npos);
  EXPECT_EQ(head.find("Strict-Transport-Security"), std::string::npos);
  EXPECT_EQ(head.find("Connection:"), std::string::npos);
  EXPECT_EQ(head.substr(head.size() - 4), "\r\n\r\n");
}

TEST(HttpWire, AResponsesOwnCacheControlReplacesNoStore) {
  Response r;
  r.Header("Cache-Control", "no-cache");

  const std::string head = Head(r);

  EXPECT_NE(head.find("Cache-Control: no-cache\r\n"), std::string::npos);
  EXPECT_EQ(head.find("no-store"), std::string::npos);
}

TEST(HttpWire, HeadersThatCouldSplitTheResponseAreDropped) {
  Response r;
  r.Header("X-Evil", "a\r\nSet-Cookie: stolen=1");
  r.Header("Content-Length", "999");
  r.Header("X-Fine", "yes");

  const std::string head = Head(r);

  EXPECT_EQ(head.find("stolen"), std::string::npos);
  EXPECT_EQ(head.find("999"), std::string::npos);
  EXPECT_NE(head.find("X-Fine: yes\r\n"), std::string::npos);
}

TEST(HttpWire, NoContentAndNotModifiedHaveNoLengthOrType) {
  Response r;
  r.status = 304;

  const std::string head = Head(r);

  EXPECT_EQ(head.rfind("HTTP/1.1 304 Not Modified\r\n", 0), 0u);
  EXPECT_EQ(head.find("\r\nContent-Length:"), std::string::npos);
  EXPECT_EQ(head.find("\r\nContent-Type:"), std::string::npos);
}

TEST(HttpWire, TlsAddsHstsAndClosingSaysSo) {
  const std::string tls = Head(Response(), {.keep_alive = false, .tls = true});
  const std::string http10 = Head(Response(), {.keep_alive = true, .http10 = true});

  EXPECT_NE(tls.find("Strict-Transport-Security: max-age=31536000\r\n"), std::string::npos);
  EXPECT_NE(tls.find("Connection: close\r\n"), std::string::npos);
  EXPECT_NE(http10.find("Connection: keep-alive\r\n"), std::string::npos);
}

TEST(HttpWire, EveryStatusHasAReasonPhrase) {
  EXPECT_EQ(ReasonPhrase(413), "Content Too Large");
  EXPECT_EQ(ReasonPhrase(431), "Request Header Fields Too Large");
  EXPECT_EQ(ReasonPhrase(599), "Unknown");
}

}  // namespace
}  // namespace peony::http::wire
