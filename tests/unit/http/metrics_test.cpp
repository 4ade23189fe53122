// Prometheus text exposition of the request counters, latency histograms and gauges.
#include "http/metrics.h"

#include <gtest/gtest.h>

#include "http/router.h"

namespace peony::http {
namespace {

bool Contains(const std::string& text, const std::string& line) {
  return text.find(line) != std::string::npos;
}

TEST(HttpMetrics, CountsRequestsByRouteAndStatusClass) {
  Metrics m;
  Metrics::Series* users = m.ForLabel("GET /api/v1/users");
  Metrics::Observe(users, 200, 0.002);
  Metrics::Observe(users, 204, 0.002);
  Metrics::Observe(users, 404, 0.002);

  const std::string text = m.Render();

  EXPECT_TRUE(Contains(text, "# TYPE peony_http_requests_total counter\n"));
  EXPECT_TRUE(
      Contains(text, "peony_http_requests_total{route=\"GET /api/v1/users\",code=\"2xx\"} 2\n"));
  EXPECT_TRUE(
      Contains(text, "peony_http_requests_total{route=\"GET /api/v1/users\",code=\"4xx\"} 1\n"));
  EXPECT_FALSE(Contains(text, "code=\"5xx\""));
}

TEST(HttpMetrics, TheSameLabelIsTheSameSeries) {
  Metrics m;

  EXPECT_EQ(m.ForLabel("static"), m.ForLabel("static"));
  EXPECT_NE(m.ForLabel("static"), m.ForLabel("unmatched"));
}

TEST(HttpMetrics, TheLatencyHistogramIsCumulative) {
  Metrics m;
  Metrics::Series* s = m.ForLabel("GET /x");
  Metrics::Observe(s, 200, 0.0004);  // ≤ 0.5 ms
  Metrics::Observe(s, 200, 0.003);   // ≤ 5 ms
  Metrics::Observe(s, 200, 9.0);     // beyond 5 s

  const std::string text = m.Render();

  EXPECT_TRUE(Contains(text, "_bucket{route=\"GET /x\",le=\"0.0005\"} 1\n"));
  EXPECT_TRUE(Contains(text, "_bucket{route=\"GET /x\",le=\"0.0025\"} 1\n"));
  EXPECT_TRUE(Contains(text, "_bucket{route=\"GET /x\",le=\"0.005\"} 2\n"));
  EXPECT_TRUE(Contains(text, "_bucket{route=\"GET /x\",le=\"5\"} 2\n"));
  EXPECT_TRUE(Contains(text, "_bucket{route=\"GET /x\",le=\"+Inf\"} 3\n"));
  EXPECT_TRUE(Contains(text, "peony_http_request_duration_seconds_count{route=\"GET /x\"} 3\n"));
  EXPECT_TRUE(Contains(text, "peony_http_request_duration_seconds_sum{route=\"GET /x\"} 9.0034\n"));
}

TEST(HttpMetrics, InFlightAndWorkerQueueAreGauges) {
  Metrics m;
  m.RequestStarted();
  m.RequestStarted();
  m.RequestFinished();
  m.WorkerQueued();
  m.WorkerRejected();

  const std::string text = m.Render();

  EXPECT_TRUE(Contains(
      text, "# TYPE peony_http_requests_in_flight gauge\npeony_http_requests_in_flight 1\n"));
  EXPECT_TRUE(Contains(text, "peony_http_worker_queue_depth 1\n"));
  EXPECT_TRUE(Contains(text, "peony_http_worker_rejected_total 1\n"));
}

TEST(HttpMetrics, OtherModulesAddGauges) {
  Metrics m;
  m.AddGauge("peony_db_pool_in_use", "Database connections in use.", [] { return 3.0; });

  const std::string text = m.Render();

  EXPECT_TRUE(Contains(text,
                       "# HELP peony_db_pool_in_use Database connections in use.\n"
                       "# TYPE peony_db_pool_in_use gauge\npeony_db_pool_in_use 3\n"));
}

TEST(HttpMetrics, LabelValuesAreEscaped) {
  Metrics m;
  Metrics::Observe(m.ForLabel("a\"b\\c\nd"), 200, 0.001);

  EXPECT_TRUE(Contains(m.Render(), "route=\"a\\\"b\\\\c\\nd\""));
}

TEST(HttpMetrics, TheMetricsRouteServesTheTextFormatPublicly) {
  Metrics m;
  Router router(nullptr);
  AddMetricsRoute(router, m);
  Request req;
  req.path = "/metrics";
  RequestContext ctx;

  Response r = router.Dispatch(req, ctx);

  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(r.body.rfind("# HELP ", 0), 0u);
  EXPECT_TRUE(router.routes()[0]->inline_ok);
}

}  // namespace
}  // namespace peony::http
