#include "api/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json/parse.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <optional>

namespace peony::test {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr auto kTimeout = std::chrono::seconds(10);

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Resp FromBeast(http::response<http::string_body>& res) {
  Resp r;
  r.status = static_cast<int>(res.result_int());
  for (const auto& f : res) r.headers[Lower(f.name_string())] = std::string(f.value());
  r.body = std::move(res.body());
  return r;
}

http::request<http::string_body> MakeRequest(std::string_view method, std::string_view target,
                                             std::string body, const HeaderList& headers) {
  http::request<http::string_body> req;
  req.method_string(method);
  req.target(target);
  req.version(11);
  req.set(http::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) req.insert(name, value);
  req.body() = std::move(body);
  if (!req.body().empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    req.prepare_payload();
  }
  return req;
}

}  // namespace

std::string UrlEncode(std::string_view s) {
  return boost::urls::encode(s, boost::urls::unreserved_chars);
}

std::string Resp::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

boost::json::value Resp::Json() const {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  return ec ? boost::json::value() : v;
}

std::string Resp::ErrorCode() const {
  const boost::json::value v = Json();
  const auto* error = v.is_object() ? v.get_object().if_contains("error") : nullptr;
  const auto* code =
      error && error->is_object() ? error->get_object().if_contains("code") : nullptr;
  return code && code->is_string() ? std::string(code->get_string()) : std::string();
}

struct HttpClient::Impl {
  explicit Impl(uint16_t p) : port(p) {}

  bool Connect() {
    stream.emplace(ctx);
    stream->expires_after(kTimeout);
    boost::system::error_code ec;
    stream->connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
    if (ec) {
      stream.reset();
      return false;
    }
    buffer.clear();
    ++opened;
    return true;
  }

  Resp SendOnce(const http::request<http::string_body>& req, bool* retry) {
    *retry = false;
    const bool fresh = !stream;
    if (!stream && !Connect()) return {};
    boost::system::error_code ec;
    stream->expires_after(kTimeout);
    http::write(*stream, req, ec);
    // The server may refuse early (413) and stop reading: still try to read its answer.
    http::response_parser<http::string_body> parser;
    parser.body_limit(64u << 20);
    if (req.method() == http::verb::head) parser.skip(true);
    stream->expires_after(kTimeout);
    boost::system::error_code read_ec;
    http::read(*stream, buffer, parser, read_ec);
    if (read_ec) {
      stream.reset();
      // A keep-alive connection the server closed in between: retry once on a new one.
      *retry = !fresh && !ec &&
               (read_ec == http::error::end_of_stream || read_ec == asio::error::connection_reset);
      return {};
    }
    auto res = parser.release();
    const bool keep = res.keep_alive();
    Resp r = FromBeast(res);
    if (!keep) stream.reset();
    return r;
  }

  asio::io_context ctx;
  uint16_t port;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
  int opened = 0;
};

HttpClient::HttpClient(uint16_t port) : impl_(std::make_unique<Impl>(port)) {}
HttpClient::~HttpClient() = default;

Resp HttpClient::Send(std::string_view method, std::string_view target, std::string body,
                      const HeaderList& headers) {
  auto req = MakeRequest(method, target, std::move(body), headers);
  bool retry = false;
  Resp r = impl_->SendOnce(req, &retry);
  if (retry) r = impl_->SendOnce(req, &retry);
  return r;
}

int HttpClient::connections_opened() const { return impl_->opened; }

Resp HttpsSend(uint16_t port, std::string_view method, std::string_view target) {
  asio::io_context ctx;
  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.set_verify_mode(asio::ssl::verify_none);
  beast::ssl_stream<beast::tcp_stream> stream(ctx, tls);
  beast::get_lowest_layer(stream).expires_after(kTimeout);
  boost::system::error_code ec;
  beast::get_lowest_layer(stream).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                                          ec);
  if (ec) return {};
  stream.handshake(asio::ssl::stream_base::client, ec);
  if (ec) return {};
  auto req = MakeRequest(method, target, "", {});
  http::write(stream, req, ec);
  if (ec) return {};
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res, ec);
  if (ec) return {};
  return FromBeast(res);
}

RawConnection::RawConnection(uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawConnection::Send(std::string_view bytes) {
  while (!bytes.empty() && fd_ >= 0) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return fd_ >= 0;
}

Resp RawConnection::ReadResponse(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  // Feeds bytes to a Beast response parser until a whole response is parsed.
  http::response_parser<http::string_body> parser;
  parser.body_limit(64u << 20);
  char buf[16384];
  for (;;) {
    if (!pending_.empty()) {
      boost::system::error_code ec;
      const size_t used = parser.put(asio::buffer(pending_), ec);
      pending_.erase(0, used);
      if (parser.is_done()) {
        auto res = parser.release();
        return FromBeast(res);
      }
      if (ec && ec != http::error::need_more) return {};
      if (!ec && used > 0) continue;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || fd_ < 0) return {};
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return {};
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return {};
    pending_.append(buf, static_cast<size_t>(n));
  }
}

bool RawConnection::WaitClosed(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  char buf[4096];
  while (fd_ >= 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return true;  // EOF or reset: closed
  }
  return true;
}

}  // namespace peony::test
