// A small blocking HTTP client over libcurl for the channel adapters: one request, headers in and
// out, connect and total time-outs, a bounded response body, no redirects, http and https only.
//
//   HttpResponse r = HttpCall({.method = "POST", .url = url, .headers = {"Content-Type: …"},
//                              .body = body, .timeout_s = 15});
//   if (!r.transport_error.empty()) … // "transport.couldnt_connect",
//   "transport.operation_timedout"
//
// Transport failures (refused, reset, time-out, TLS) are values, never exceptions. Thread-safe:
// each call uses its own handle; libcurl is initialised once per process (EnsureCurlInit).
#pragma once

#include <string>
#include <vector>

namespace peony::notify {

struct HttpRequest {
  std::string method = "POST";       // "GET" or "POST"
  std::string url;                   // http:// or https://
  std::vector<std::string> headers;  // "Name: value"
  std::string body;                  // sent with POST
  double connect_timeout_s = 5;
  double timeout_s = 15;  // the whole request, connect included
};

struct HttpResponse {
  int status = 0;  // HTTP status; 0 when there was no answer
  std::string body;
  // "" when an answer arrived; else "transport.<curl code name>" (TransportErrorCode) and
  // libcurl's generic description (no host, no URL: safe to keep on a message).
  std::string transport_error;
  std::string transport_message;
};

// Largest response body kept; a longer one ends the transfer with "transport.write_error".
inline constexpr size_t kMaxResponseBytes = 1 << 20;

// Sends the request. Never throws.
HttpResponse HttpCall(const HttpRequest& request);

// curl_global_init, once per process (thread-safe; called by HttpCall and the SMTP adapter).
void EnsureCurlInit();

// "transport.<name>" for a CURLcode: "transport.couldnt_connect", "transport.operation_timedout",
// "transport.ssl_connect_error", … ("transport.curl_<n>" for codes without a name here).
std::string TransportErrorCode(int curl_code);

}  // namespace peony::notify
