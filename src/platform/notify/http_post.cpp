#include "platform/notify/http_post.h"

#include <curl/curl.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <string_view>

namespace peony::notify {
namespace {

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

size_t CollectBody(char* data, size_t size, size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  const size_t bytes = size * n;
  // Returning less than given aborts the transfer (CURLE_WRITE_ERROR): a provider answering
  // megabytes is broken or hostile, and the adapter only needs a short JSON object.
  if (out->size() + bytes > kMaxResponseBytes) return 0;
  out->append(data, bytes);
  return bytes;
}

long Millis(double seconds) { return std::max(1L, static_cast<long>(seconds * 1000)); }

}  // namespace

void EnsureCurlInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string TransportErrorCode(int curl_code) {
  std::string_view name;
  switch (static_cast<CURLcode>(curl_code)) {
    case CURLE_UNSUPPORTED_PROTOCOL:
      name = "unsupported_protocol";
      break;
    case CURLE_URL_MALFORMAT:
      name = "url_malformat";
      break;
    case CURLE_COULDNT_RESOLVE_PROXY:
      name = "couldnt_resolve_proxy";
      break;
    case CURLE_COULDNT_RESOLVE_HOST:
      name = "couldnt_resolve_host";
      break;
    case CURLE_COULDNT_CONNECT:
      name = "couldnt_connect";
      break;
    case CURLE_WEIRD_SERVER_REPLY:
      name = "weird_server_reply";
      break;
    case CURLE_HTTP2:
      name = "http2";
      break;
    case CURLE_PARTIAL_FILE:
      name = "partial_file";
      break;
    case CURLE_WRITE_ERROR:
      name = "write_error";
      break;
    case CURLE_READ_ERROR:
      name = "read_error";
      break;
    case CURLE_OUT_OF_MEMORY:
      name = "out_of_memory";
      break;
    case CURLE_OPERATION_TIMEDOUT:
      name = "operation_timedout";
      break;
    case CURLE_SSL_CONNECT_ERROR:
      name = "ssl_connect_error";
      break;
    case CURLE_LOGIN_DENIED:
      name = "login_denied";
      break;
    case CURLE_GOT_NOTHING:
      name = "got_nothing";
      break;
    case CURLE_SEND_ERROR:
      name = "send_error";
      break;
    case CURLE_RECV_ERROR:
      name = "recv_error";
      break;
    case CURLE_PEER_FAILED_VERIFICATION:
      name = "peer_failed_verification";
      break;
    case CURLE_SSL_CERTPROBLEM:
      name = "ssl_certproblem";
      break;
    case CURLE_SSL_CIPHER:
      name = "ssl_cipher";
      break;
    case CURLE_SSL_CACERT_BADFILE:
      name = "ssl_cacert_badfile";
      break;
    case CURLE_USE_SSL_FAILED:
      name = "use_ssl_failed";
      break;
    case CURLE_TOO_MANY_REDIRECTS:
      name = "too_many_redirects";
      break;
    default:
      return "transport.curl_" + std::to_string(curl_code);
  }
  return "transport." + std::string(name);
}

HttpResponse HttpCall(const HttpRequest& request) {
  EnsureCurlInit();
  HttpResponse response;
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) {
    response.transport_error = TransportErrorCode(CURLE_FAILED_INIT);
    response.transport_message = "curl_easy_init failed";
    return response;
  }
  CURL* c = curl.get();
  std::unique_ptr<curl_slist, SlistDeleter> headers;
  for (const std::string& h : request.headers) {
    curl_slist* appended = curl_slist_append(headers.get(), h.c_str());
    if (appended == nullptr) {
      response.transport_error = TransportErrorCode(CURLE_OUT_OF_MEMORY);
      response.transport_message = "out of memory";
      return response;
    }
    (void)headers.release();
    headers.reset(appended);
  }
  // libcurl adds "Expect: 100-continue" to larger POSTs; providers do not need the extra round
  // trip.
  curl_slist* no_expect = curl_slist_append(headers.get(), "Expect:");
  if (no_expect != nullptr) {
    (void)headers.release();
    headers.reset(no_expect);
  }

  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  // Several job threads call at once: no signals (libcurl would use SIGALRM for DNS time-outs).
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   std::min(Millis(request.connect_timeout_s), Millis(request.timeout_s)));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, Millis(request.timeout_s));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &CollectBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "Peony/" PEONY_VERSION);
  if (request.method == "POST") {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  } else {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  }

  const CURLcode rc = curl_easy_perform(c);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (rc != CURLE_OK) {
    response.status = 0;
    response.body.clear();
    response.transport_error = TransportErrorCode(rc);
    // libcurl's generic text, not its error buffer: that one names hosts and addresses, and a
    // webhook's URL is the recipient.
    response.transport_message = curl_easy_strerror(rc);
    return response;
  }
  response.status = static_cast<int>(status);
  return response;
}

}  // namespace peony::notify
