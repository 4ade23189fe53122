#include "http/wire.h"

#include <atomic>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <charconv>
#include <cstdint>
#include <ctime>
#include <random>

#include "common/log.h"

namespace peony::http::wire {
namespace {

constexpr char kHex[] = "0123456789abcdef";

std::string MakePrefix() {
  std::random_device rd;
  uint32_t r = rd();
  std::string p(6, '0');
  for (char& c : p) {
    c = kHex[r & 0xF];
    r >>= 4;
  }
  return p;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

// Names the server writes itself; a handler setting them would corrupt the framing.
bool IsReservedHeader(std::string_view name) {
  return EqualsIgnoreCase(name, "content-length") || EqualsIgnoreCase(name, "transfer-encoding") ||
         EqualsIgnoreCase(name, "connection") || EqualsIgnoreCase(name, "content-type");
}

// "Date: Sun, 22 Nov 2026 21:10:57 GMT\r\n", formatted once a second per thread.
void AppendDate(std::string& out) {
  thread_local std::time_t cached_second = 0;
  thread_local char cached[64];
  thread_local size_t cached_len = 0;
  const std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    cached_len = std::strftime(cached, sizeof cached, "Date: %a, %d %b %Y %H:%M:%S GMT\r\n", &tm);
    cached_second = now;
  }
  out.append(cached, cached_len);
}

void AppendInt(std::string& out, uint64_t n) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, end);
}

constexpr std::pair<int, std::string_view> kReasons[] = {
    {100, "Continue"},
    {200, "OK"},
    {201, "Created"},
    {202, "Accepted"},
    {204, "No Content"},
    {206, "Partial Content"},
    {301, "Moved Permanently"},
    {302, "Found"},
    {303, "See Other"},
    {304, "Not Modified"},
    {307, "Temporary Redirect"},
    {308, "Permanent Redirect"},
    {400, "Bad Request"},
    {401, "Unauthorized"},
    {403, "Forbidden"},
    {404, "Not Found"},
    {405, "Method Not Allowed"},
    {406, "Not Acceptable"},
    {408, "Request Timeout"},
    {409, "Conflict"},
    {410, "Gone"},
    {412, "Precondition Failed"},
    {413, "Content Too Large"},
    {415, "Unsupported Media Type"},
    {422, "Unprocessable Content"},
    {423, "Locked"},
    {428, "Precondition Required"},
    {429, "Too Many Requests"},
    {431, "Request Header Fields Too Large"},
    {500, "Internal Server Error"},
    {501, "Not Implemented"},
    {502, "Bad Gateway"},
    {503, "Service Unavailable"},
    {504, "Gateway Timeout"},
};

}  // namespace

const std::string_view kSecurityHeaders =
    "Content-Security-Policy: default-src 'self'; img-src 'self' data: blob:; "
    "style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "Referrer-Policy: strict-origin-when-cross-origin\r\n"
    "X-Frame-Options: DENY\r\n";

bool SetTarget(Request& req, std::string_view target) {
  req.target.assign(target);
  req.query.clear();
  if (target.empty() || target.front() != '/') return false;
  if (target.find_first_of("%?") == std::string_view::npos) {  // the common case: nothing to decode
    req.path.assign(target);
    return true;
  }
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return false;
  req.path = url->path();
  if (req.path.empty()) req.path.push_back('/');  // not = "/": GCC 12 -O3 -Wrestrict bug
  for (const auto& param : url->params()) req.query.emplace(param.key, param.value);
  return true;
}

bool IsSaneRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::string NewRequestId() {
  static const std::string prefix = MakePrefix();
  static std::atomic<uint64_t> counter{0};
  uint64_t n = counter.fetch_add(1, std::memory_order_relaxed);
  char digits[16];
  int len = 0;
  do {
    digits[len++] = kHex[n & 0xF];
    n >>= 4;
  } while (n != 0);
  std::string id;  // 6 + 1 + up to 8 characters: fits the small-string buffer, no allocation
  id.reserve(prefix.size() + 1 + len);
  id += prefix;
  id += '-';
  while (len > 0) id += digits[--len];
  return id;
}

std::string_view ReasonPhrase(int status) {
  for (const auto& [code, text] : kReasons) {
    if (code == status) return text;
  }
  return "Unknown";
}

bool StatusHasNoBody(int status) { return status < 200 || status == 204 || status == 304; }

void AppendHead(const Response& r, const HeadOptions& options, std::string& out) {
  out += "HTTP/1.1 ";
  AppendInt(out, static_cast<uint64_t>(r.status));
  out += ' ';
  out += ReasonPhrase(r.status);
  out += "\r\n";
  if (!r.content_type.empty() && !StatusHasNoBody(r.status)) {
    out += "Content-Type: ";
    out += r.content_type;
    out += "\r\n";
  }
  if (!StatusHasNoBody(r.status)) {
    out += "Content-Length: ";
    AppendInt(out, r.Body().size());
    out += "\r\n";
  }
  AppendDate(out);
  out += kSecurityHeaders;
  if (options.tls) out += "Strict-Transport-Security: max-age=31536000\r\n";
  if (!options.request_id.empty()) {
    out += "X-Request-Id: ";
    out += options.request_id;
    out += "\r\n";
  }
  bool cache_control = false;
  for (const auto& [name, value] : r.headers) {
    if (name.find_first_of("\r\n:") != std::string::npos ||
        value.find_first_of("\r\n") != std::string::npos || IsReservedHeader(name)) {
      log::Warn("http.header_dropped", {{"name", boost::json::value(name.substr(0, 64))}});
      continue;
    }
    cache_control = cache_control || EqualsIgnoreCase(name, "cache-control");
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  if (!cache_control) out += "Cache-Control: no-store\r\n";
  if (!options.keep_alive) {
    out += "Connection: close\r\n";
  } else if (options.http10) {
    out += "Connection: keep-alive\r\n";
  }
  out += "\r\n";
}

}  // namespace peony::http::wire
