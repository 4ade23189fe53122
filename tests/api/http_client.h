// A small blocking HTTP client for tests that speak to a real server over loopback: a keep-alive
// client, an HTTPS one-shot, and a raw socket for sending arbitrary bytes (slow clients, oversize
// headers). Every wait is bounded, so a broken server fails a test instead of hanging it.
#pragma once

#include <boost/json/value.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace peony::test {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// Percent-encodes everything but RFC 3986 unreserved characters, for query values.
std::string UrlEncode(std::string_view s);

struct Resp {
  int status = 0;                              // 0: no response (connection failed or closed)
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  // The header's value, or "" when absent.
  std::string Header(const std::string& lower_name) const;
  bool Has(const std::string& lower_name) const { return headers.count(lower_name) > 0; }
  // The body parsed as JSON (null when it is not JSON).
  boost::json::value Json() const;
  // error.code of a JSON error body, or "".
  std::string ErrorCode() const;
};

// Keeps one connection open across requests; reconnects when the server closed it.
class HttpClient {
 public:
  explicit HttpClient(uint16_t port);
  ~HttpClient();

  Resp Send(std::string_view method, std::string_view target, std::string body = "",
            const HeaderList& headers = {});
  Resp Get(std::string_view target, const HeaderList& headers = {}) {
    return Send("GET", target, "", headers);
  }
  // Connections opened so far (1 after any number of keep-alive requests).
  int connections_opened() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One request over TLS (certificate not verified: tests use a self-signed one).
Resp HttpsSend(uint16_t port, std::string_view method, std::string_view target);

// A plain TCP connection for hand-written bytes.
class RawConnection {
 public:
  explicit RawConnection(uint16_t port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // Sends everything; false when the peer closed or reset the connection.
  bool Send(std::string_view bytes);
  // Reads one response (head and Content-Length body); status 0 when the connection closed or
  // `timeout` passed first.
  Resp ReadResponse(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // True when the server closes the connection within `timeout` (anything it sends is discarded).
  bool WaitClosed(std::chrono::milliseconds timeout);

 private:
  int fd_ = -1;
  std::string pending_;  // bytes read past the last response
};

}  // namespace peony::test
