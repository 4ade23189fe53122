#include "http/metrics.h"

#include <charconv>
#include <cmath>

#include "http/router.h"

namespace peony::http {
namespace {

void AppendNumber(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "NaN";
    return;
  }
  if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
    return;
  }
  char buf[32];
  // Counters print as integers; bucket bounds as "0.0005", not the shorter "5e-04".
  const bool integral = std::fabs(v) < 1e15 && v == std::floor(v);
  auto [end, ec] = integral ? std::to_chars(buf, buf + sizeof buf, static_cast<int64_t>(v))
                   : std::fabs(v) >= 1e-4 && std::fabs(v) < 1e15
                       ? std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed)
                       : std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, ec == std::errc() ? end : buf);
}

void AppendLabelValue(std::string& out, std::string_view v) {
  for (char c : v) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
}

void AppendHeader(std::string& out, std::string_view name, std::string_view help,
                  std::string_view type) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void AppendSample(std::string& out, std::string_view name, std::string_view route,
                  std::string_view extra_label, double value) {
  out.append(name).append("{route=\"");
  AppendLabelValue(out, route);
  out.append("\"").append(extra_label).append("} ");
  AppendNumber(out, value);
  out.append("\n");
}

}  // namespace

Metrics::Series* Metrics::ForLabel(std::string_view label) {
  std::lock_guard lock(mu_);
  for (Series& s : series_) {
    if (s.label == label) return &s;
  }
  Series& s = series_.emplace_back();
  s.label = std::string(label);
  return &s;
}

void Metrics::Observe(Series* series, int status, double seconds) {
  const int status_class = status / 100;
  if (status_class >= 1 && status_class <= 5) {
    series->by_class[status_class - 1].fetch_add(1, std::memory_order_relaxed);
  }
  size_t bucket = 0;
  while (bucket < kBucketBounds.size() && seconds > kBucketBounds[bucket]) ++bucket;
  series->buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  series->sum_us.fetch_add(static_cast<uint64_t>(std::llround(seconds * 1e6)),
                           std::memory_order_relaxed);
}

void Metrics::AddGauge(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard lock(mu_);
  gauges_.push_back({std::move(name), std::move(help), std::move(read)});
}

std::string Metrics::Render() const {
  std::string out;
  out.reserve(4096);
  std::lock_guard lock(mu_);

  AppendHeader(out, "peony_http_requests_total",
               "HTTP requests answered, by route pattern and status class.", "counter");
  for (const Series& s : series_) {
    for (size_t c = 0; c < s.by_class.size(); ++c) {
      const uint64_t n = s.by_class[c].load(std::memory_order_relaxed);
      if (n == 0) continue;
      const std::string code = ",code=\"" + std::to_string(c + 1) + "xx\"";
      AppendSample(out, "peony_http_requests_total", s.label, code, static_cast<double>(n));
    }
  }

  AppendHeader(out, "peony_http_request_duration_seconds",
               "Time from a complete request to its response, by route pattern.", "histogram");
  for (const Series& s : series_) {
    uint64_t cumulative = 0;
    for (size_t b = 0; b < s.buckets.size(); ++b) {
      cumulative += s.buckets[b].load(std::memory_order_relaxed);
      std::string le = ",le=\"";
      if (b < kBucketBounds.size()) {
        AppendNumber(le, kBucketBounds[b]);
      } else {
        le += "+Inf";
      }
      le += "\"";
      AppendSample(out, "peony_http_request_duration_seconds_bucket", s.label, le,
                   static_cast<double>(cumulative));
    }
    AppendSample(out, "peony_http_request_duration_seconds_sum", s.label, "",
                 static_cast<double>(s.sum_us.load(std::memory_order_relaxed)) / 1e6);
    AppendSample(out, "peony_http_request_duration_seconds_count", s.label, "",
                 static_cast<double>(cumulative));
  }

  auto gauge = [&out](std::string_view name, std::string_view help, std::string_view type,
                      double value) {
    AppendHeader(out, name, help, type);
    out.append(name).append(" ");
    AppendNumber(out, value);
    out.append("\n");
  };
  gauge("peony_http_requests_in_flight", "Requests being handled now.", "gauge",
        static_cast<double>(in_flight_.load(std::memory_order_relaxed)));
  gauge("peony_http_worker_queue_depth", "Requests waiting for a worker thread.", "gauge",
        static_cast<double>(queue_depth_.load(std::memory_order_relaxed)));
  gauge("peony_http_worker_rejected_total",
        "Requests answered 503 because the worker queue was full.", "counter",
        static_cast<double>(rejected_.load(std::memory_order_relaxed)));
  for (const Gauge& g : gauges_) gauge(g.name, g.help, "gauge", g.read());
  return out;
}

void AddMetricsRoute(Router& router, Metrics& metrics) {
  RouteSpec spec;
  spec.method = Method::kGet;
  spec.pattern = "/metrics";
  spec.summary = "Prometheus metrics (text exposition format)";
  spec.tag = "system";
  spec.auth = Auth::kPublic;
  spec.inline_ok = true;
  spec.handler = [&metrics](const Request&, RequestContext&) -> Result<Response> {
    Response r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = metrics.Render();
    return r;
  };
  router.Add(std::move(spec));
}

}  // namespace peony::http
