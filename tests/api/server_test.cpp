// The HTTP server through real sockets: keep-alive, limits, timeouts, the worker queue, the drain,
// and the headers every response carries.
#include <gtest/gtest.h>

#include <future>
#include <latch>
#include <thread>

#include "api/http_client.h"
#include "api/test_server.h"
#include "http/router.h"

namespace peony::test {
namespace {

using http::Method;
using http::Request;
using http::RequestContext;
using http::Response;
using namespace std::chrono_literals;

Result<Response> Ping(const Request&, RequestContext&) {
  Response r;
  r.body = R"({"pong":true})";
  return r;
}

// Routes shared by most tests: GET /api/ping (inline), GET /api/echo?n= (worker), POST /api/echo
// (worker; answers the body's length), GET /api/throw.
void AddBasicRoutes(http::Router& router) {
  router.Add(TestRoute(Method::kGet, "/api/ping", Ping));
  router.Add(TestRoute(
      Method::kGet, "/api/echo",
      [](const Request& req, RequestContext&) -> Result<Response> {
        Response r;
        r.content_type = "text/plain";
        r.body = std::string(req.Query("n").value_or(""));
        return r;
      },
      /*inline_ok=*/false));
  router.Add(TestRoute(
      Method::kPost, "/api/echo",
      [](const Request& req, RequestContext&) -> Result<Response> {
        Response r;
        r.content_type = "text/plain";
        r.body = std::to_string(req.body.size());
        return r;
      },
      /*inline_ok=*/false));
  router.Add(TestRoute(Method::kGet, "/api/throw",
                       [](const Request&, RequestContext&) -> Result<Response> {
                         throw std::runtime_error("boom");
                       }));
}

TEST(Server, TwoRequestsShareOneKeepAliveConnection) {
  http::Router router(nullptr);
  AddBasicRoutes(router);
  TestServer server(router);
  HttpClient client(server.port());

  EXPECT_EQ(client.Get("/api/ping").status, 200);
  Resp second = client.Get("/api/echo?n=2");

  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.body, "2");
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST(Server, PipelinedRequestsAreAnsweredInOrder) {
  http::Router router(nullptr);
  AddBasicRoutes(router);
  TestServer server(router);
  RawConnection raw(server.port());

  ASSERT_TRUE(
      raw.Send("GET /api/echo?n=first HTTP/1.1\r\nHost: x\r\n\r\n"
               "GET /api/echo?n=second HTTP/1.1\r\nHost: x\r\n\r\n"));

  EXPECT_EQ(raw.ReadResponse().body, "first");
  EXPECT_EQ(raw.ReadResponse().body, "second");
}

TEST(Server, EveryResponseCarriesTheSecurityHeaders) {
  http::Router router(nullptr);
  AddBasicRoutes(router);
  TestServer server(router);
  HttpClient client(server.port());

  for (const char* target : {"/api/ping", "/api/no-such-route", "/somewhere"}) {
    Resp r = client.Get(target);
    SCOPED_TRACE(target);
    EXPECT_EQ(r.Header("content-security-policy"),
              "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
              "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
              "form-action 'self'");
    EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
    EXPECT_EQ(r.Header("referrer-policy"), "strict-origin-when-cross-origin");
    EXPECT_EQ(r.Header("x-frame-options"), "DENY");
    EXPECT_EQ(r.Header("cache-control"), "no-store");
    EXPECT_FALSE(r.Has("strict-transport-security"));  // plain HTTP
  }
}

TEST(Server, ASaneRequestIdIsEchoedAndAnyOtherIsReplaced) {
  http::Router router(nullptr);
  AddBasicRoutes(router);
  TestServer server(router);
  HttpClient client(server.port());

  EXPECT_EQ(client.Get("/api/ping", {{"X-Request-Id", "trace-42_a"}}).Header("x-request-id"),
            "trace-42_a");
  const std::string generated =
      client.Get("/api/ping", {{"X-Request-Id", "not sane; <script>"}}).Header("x-request-id");
  EXPECT_FALSE(generated.empty());
  EXPECT_EQ(generated.find(' '), std::string::npos);
  EXPECT_NE(client.Get("/api/ping").Header("x-request-id"), generated);
}

TEST(Server, UnknownApiPathIsAJson404AndAWrongMethodA405WithAllow) {
  http::Router router(nullptr);
  AddBasicRoutes(router);
  TestServer server(router);
  HttpClient client(server.port());

  Resp missing = client.Get("/api/unknown");
  Resp wrong_method = client.Send("DELETE", "/api/ping");

  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.ErrorCode(), "http.not_found");
  EXPECT_EQ(missing.Header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(wrong_method.status, 405);
  EXPECT_EQ(wrong_method.ErrorCode(), "http.method_not_allowed");
  EXPECT_EQ(wrong_method.Header("allow"), "GET, HEAD");
}

TEST(Server, ErrorMessagesFollowAcceptLanguage) {
  http::Router router(nullptr);
  AddBasicRoutes(router);
  TestServer server(router);
  HttpClient client(server.port());

  Resp zh = client.Get("/api/unknown");
  Resp en = client.Get("/api/unknown", {{"Accept-Language", "en-US,en;q=0.9,zh;q=0.5"}});

  EXPECT_EQ(zh.Json().at("error").at("message").as_string(), "请求的资源不存在");
  EXPECT_EQ(en.Json().at("error").at("message").as_string(),
            "The requested resource does not exist");
}

TEST(Server, HeadAnswersLikeGetWithoutABody) {
  http::Router router(nullptr);
  AddBasicRoutes(router);
  TestServer server(router);
  HttpClient client(server.port());

  Resp head = client.Send("HEAD", "/api/ping");
  Resp next = client.Get("/api/echo?n=next");  // nothing stray was left on the connection

  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("content-length"), std::to_string(std::string(R"({"pong":true})").size()));
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(next.body, "next");
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST(Server, AHandlerExceptionIsA500WithAGenericMessage) {
  http::Router router(nullptr);
  AddBasicRoutes(router);
  TestServer server(router);
  HttpClient client(server.port());

  Resp r = client.Get("/api/throw");

  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.ErrorCode(), "internal");
  EXPECT_EQ(r.body.find("boom"), std::string::npos);
  EXPECT_EQ(client.Get("/api/ping").status, 200);  // the connection and server live on
}

TEST(Server, ABodyOverTheLimitIs413AndTheConnectionCloses) {
  http::Router router(nullptr);
  AddBasicRoutes(router);
  TestServer server(router);  // default limit: 10 MiB
  RawConnection raw(server.port());
  const std::string body(12 << 20, 'a');

  const bool sent = raw.Send(
      "POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: "
      "application/json\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body);
  Resp r = raw.ReadResponse();

  EXPECT_TRUE(sent);  // the server reads and discards the rest instead of resetting
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.ErrorCode(), "request.too_large");
  EXPECT_EQ(r.Header("connection"), "close");
  EXPECT_TRUE(raw.WaitClosed(5s));
}

TEST(Server, ABodyWithinTheLimitReachesTheHandler) {
  http::Router router(nullptr);
  AddBasicRoutes(router);
  TestServer server(router);
  HttpClient client(server.port());

  Resp r = client.Send("POST", "/api/echo", std::string(3 << 20, 'x'));

  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, std::to_string(3 << 20));
}

TEST(Server, ExpectContinueGetsA100BeforeTheBodyIsSent) {
  http::Router router(nullptr);
  AddBasicRoutes(router);
  TestServer server(router);
  RawConnection raw(server.port());

  ASSERT_TRUE(
      raw.Send("POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
               "Expect: 100-continue\r\n\r\n"));
  Resp interim = raw.ReadResponse();
  ASSERT_TRUE(raw.Send("hello"));
  Resp final_response = raw.ReadResponse();

  EXPECT_EQ(interim.status, 100);
  EXPECT_EQ(final_response.status, 200);
  EXPECT_EQ(final_response.body, "5");
}

TEST(Server, OversizeHeadersAre431AndTheConnectionCloses) {
  http::Router router(nullptr);
  AddBasicRoutes(router);
  TestServer server(router);
  RawConnection raw(server.port());

  raw.Send("GET /api/ping HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(17 << 10, 'a') +
           "\r\n\r\n");
  Resp r = raw.ReadResponse();

  EXPECT_EQ(r.status, 431);
  EXPECT_EQ(r.ErrorCode(), "request.header_too_large");
  EXPECT_TRUE(raw.WaitClosed(5s));
}

TEST(Server, AMalformedRequestIs400AndTheConnectionCloses) {
  http::Router router(nullptr);
  AddBasicRoutes(router);
  TestServer server(router);
  RawConnection raw(server.port());

  raw.Send("GET /api/ping HTTP/9.9 junk\r\n\r\n");
  Resp r = raw.ReadResponse();

  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.ErrorCode(), "request.bad_request");
  EXPECT_TRUE(raw.WaitClosed(5s));
}

TEST(Server, ASlowLorisClientIsCutByTheReadTimeout) {
  http::Router router(nullptr);
  AddBasicRoutes(router);
  auto options = TestOptions();
  options.read_timeout_ms = 300;
  TestServer server(router, options);
  RawConnection raw(server.port());

  // Trickle a header line every 50 ms, never finishing the request: each line would reset a
  // per-read timeout, but not the whole-request deadline.
  bool closed = raw.Send("GET /api/ping HTTP/1.1\r\n") == false;
  for (int i = 0; i < 100 && !closed; ++i) {
    closed = raw.WaitClosed(50ms) || !raw.Send("X-Slow: yes\r\n");
  }

  EXPECT_TRUE(closed);
}

TEST(Server, AnIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout) {
  http::Router router(nullptr);
  AddBasicRoutes(router);
  auto options = TestOptions();
  options.idle_timeout_ms = 200;
  TestServer server(router, options);
  RawConnection raw(server.port());

  ASSERT_TRUE(raw.Send("GET /api/ping HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(raw.ReadResponse().status, 200);

  EXPECT_TRUE(raw.WaitClosed(5s));
}

TEST(Server, AFullWorkerQueueAnswers503WithRetryAfter) {
  std::latch release(1);
  std::promise<void> entered;
  std::atomic<bool> first{true};
  http::Router router(nullptr);
  router.Add(TestRoute(
      Method::kGet, "/api/block",
      [&](const Request&, RequestContext&) -> Result<Response> {
        if (first.exchange(false)) entered.set_value();
        release.wait();
        return Response();
      },
      /*inline_ok=*/false));
  auto options = TestOptions();
  options.workers = 1;
  options.queue_depth = 1;
  TestServer server(router, options);

  auto running =
      std::async(std::launch::async, [&] { return HttpClient(server.port()).Get("/api/block"); });
  entered.get_future().wait();  // the only worker is busy
  auto queued =
      std::async(std::launch::async, [&] { return HttpClient(server.port()).Get("/api/block"); });
  for (int i = 0; i < 500 && server.metrics().Render().find("peony_http_worker_queue_depth 1") ==
                                 std::string::npos;
       ++i) {
    std::this_thread::sleep_for(2ms);  // until the second request sits in the queue
  }
  Resp rejected = HttpClient(server.port()).Get("/api/block");
  release.count_down();

  EXPECT_EQ(rejected.status, 503);
  EXPECT_EQ(rejected.ErrorCode(), "server.busy");
  EXPECT_EQ(rejected.Header("retry-after"), "1");
  EXPECT_EQ(running.get().status, 200);
  EXPECT_EQ(queued.get().status, 200);
  EXPECT_NE(server.metrics().Render().find("peony_http_worker_rejected_total 1"),
            std::string::npos);
}

TEST(Server, StopLetsTheRequestInFlightFinishAndClosesIdleConnections) {
  std::latch release(1);
  std::promise<void> entered;
  http::Router router(nullptr);
  router.Add(TestRoute(
      Method::kGet, "/api/slow",
      [&](const Request&, RequestContext&) -> Result<Response> {
        entered.set_value();
        release.wait();
        Response r;
        r.body = R"({"done":true})";
        return r;
      },
      /*inline_ok=*/false));
  router.Add(TestRoute(Method::kGet, "/api/ping", Ping));
  TestServer server(router);
  RawConnection idle(server.port());
  auto in_flight =
      std::async(std::launch::async, [&] { return HttpClient(server.port()).Get("/api/slow"); });
  entered.get_future().wait();

  server.server().Stop();
  // The drain has begun once new connections are refused; only then let the handler finish.
  bool refused = false;
  for (int i = 0; i < 500 && !refused; ++i) {
    refused = HttpClient(server.port()).Get("/api/ping").status == 0;
    if (!refused) std::this_thread::sleep_for(2ms);
  }
  release.count_down();
  Resp r = in_flight.get();
  server.StopAndJoin();

  EXPECT_TRUE(refused);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"done":true})");
  EXPECT_EQ(r.Header("connection"), "close");
  EXPECT_TRUE(idle.WaitClosed(1s));
}

TEST(Server, StartNamesTheAddressItCannotBind) {
  http::Router router(nullptr);
  AddBasicRoutes(router);
  TestServer first(router);
  http::Metrics metrics;
  auto options = TestOptions();
  options.port = first.port();
  http::Server second(options, router, nullptr, metrics);

  Status s = second.Start();

  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "server.bind_failed");
  EXPECT_NE(s.error().message_en.find("127.0.0.1:" + std::to_string(first.port())),
            std::string::npos);
}

TEST(Server, MetricsCountRequestsByRoutePatternAndStatusClass) {
  http::Router router(nullptr);
  AddBasicRoutes(router);
  http::Metrics metrics;
  http::AddMetricsRoute(router, metrics);
  TestServer server(router, TestOptions(), nullptr, &metrics);
  HttpClient client(server.port());
  client.Get("/api/ping");
  client.Get("/api/ping");
  client.Get("/api/unknown");

  Resp m = client.Get("/metrics");

  EXPECT_EQ(m.status, 200);
  EXPECT_EQ(m.Header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(m.body.find("peony_http_requests_total{route=\"GET /api/ping\",code=\"2xx\"} 2\n"),
            std::string::npos)
      << m.body;
  EXPECT_NE(m.body.find("peony_http_requests_total{route=\"unmatched\",code=\"4xx\"} 1\n"),
            std::string::npos);
  EXPECT_NE(m.body.find("# TYPE peony_http_request_duration_seconds histogram"), std::string::npos);
}

}  // namespace
}  // namespace peony::test
