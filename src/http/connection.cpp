// One client connection: reads requests with Beast's parser (the only Beast in Peony besides the
// test client), hands them to the router, static files or the worker pool, and writes responses
// that wire.cpp serialises. Requests on a connection are handled one at a time, so pipelined
// requests are answered in order.
//
// Timeouts are deadlines checked by the loop's sweeper rather than a timer per operation: cheaper
// on the hot path, and they express "the whole request within read_timeout" (slow-loris) and "the
// next request within idle_timeout" directly.
#include "http/connection.h"

#include <array>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <charconv>
#include <optional>

#include "common/log.h"
#include "http/errors.h"
#include "http/static_files.h"
#include "http/wire.h"

namespace peony::http::detail {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using TlsStream = asio::ssl::stream<tcp::socket>;

tcp::socket& Lowest(tcp::socket& s) { return s; }
tcp::socket& Lowest(TlsStream& s) { return s.next_layer(); }

Method ToMethod(beast::http::verb v) {
  switch (v) {
    case beast::http::verb::get:
      return Method::kGet;
    case beast::http::verb::head:
      return Method::kHead;
    case beast::http::verb::post:
      return Method::kPost;
    case beast::http::verb::put:
      return Method::kPut;
    case beast::http::verb::patch:
      return Method::kPatch;
    case beast::http::verb::delete_:
      return Method::kDelete;
    case beast::http::verb::options:
      return Method::kOptions;
    default:
      return Method::kOther;
  }
}

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
// Lingering close: how long to keep discarding input after a final response, in all and between
// reads.
constexpr std::chrono::milliseconds kMaxLinger{2000};
constexpr std::chrono::milliseconds kLingerQuiet{250};

template <class Stream>
class Connection final : public ConnectionBase,
                         public std::enable_shared_from_this<Connection<Stream>> {
 public:
  template <class... Args>
  Connection(Loop& loop, Args&&... stream_args)
      : loop_(loop), core_(loop.core), stream_(std::forward<Args>(stream_args)...) {
    loop_position = loop_.connections.insert(loop_.connections.end(), this);
    core_.open_connections.fetch_add(1);
    boost::system::error_code ec;
    auto peer = Lowest(stream_).remote_endpoint(ec);
    if (!ec) req_.remote_addr = peer.address().to_string();
    req_.tls = std::is_same_v<Stream, TlsStream>;
  }

  ~Connection() override {
    if (in_flight_) core_.metrics.RequestFinished();
    loop_.connections.erase(loop_position);
    core_.open_connections.fetch_sub(1);
  }

  void Start() {
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      state_ = State::kHandshake;
      deadline_ = Clock::now() + std::chrono::milliseconds(core_.options.read_timeout_ms);
      stream_.async_handshake(asio::ssl::stream_base::server,
                              [self = this->shared_from_this()](boost::system::error_code ec) {
                                if (ec) return self->Close();
                                self->StartRequest();
                              });
    } else {
      StartRequest();
    }
  }

  void OnTick(SteadyTime now) override {
    if (!closed_ && state_ != State::kProcessing && now > deadline_) Close();
  }

  void OnDrain() override {
    if (state_ == State::kIdle || state_ == State::kHandshake) Close();
    // Others finish their current request; Respond sees loop_.draining and closes after it.
  }

  void ForceClose() override { Close(); }

 private:
  enum class State { kHandshake, kIdle, kReading, kProcessing, kWriting, kClosing };

  void SetDeadline(int ms) { deadline_ = Clock::now() + std::chrono::milliseconds(ms); }

  void StartRequest() {
    if (closed_) return;
    if (loop_.draining) return Close();
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(core_.options.max_header_bytes));
    parser_->body_limit(std::max(core_.options.max_body_bytes, core_.router.largest_body_limit()));
    continue_sent_ = false;
    route_limit_applied_ = false;
    if (buffer_.size() > 0) {  // a pipelined request is already here
      state_ = State::kReading;
      SetDeadline(core_.options.read_timeout_ms);
      return Parse();
    }
    state_ = State::kIdle;
    SetDeadline(core_.options.idle_timeout_ms);
    ReadSome();
  }

  void ReadSome() {
    const size_t want = parser_->is_header_done() ? 65536 : 8192;
    stream_.async_read_some(buffer_.prepare(want),
                            [self = this->shared_from_this()](boost::system::error_code ec,
                                                              size_t n) { self->OnRead(ec, n); });
  }

  void OnRead(boost::system::error_code ec, size_t n) {
    if (ec) return Close();  // EOF or reset between or inside requests: the client is gone
    buffer_.commit(n);
    if (state_ == State::kIdle) {  // the first bytes of a request: its whole-request clock starts
      state_ = State::kReading;
      SetDeadline(core_.options.read_timeout_ms);
    }
    Parse();
  }

  void Parse() {
    for (;;) {
      boost::system::error_code ec;
      const size_t used = parser_->put(buffer_.data(), ec);
      buffer_.consume(used);
      if (ec == beast::http::error::need_more) return ReadSome();
      if (ec) return OnParseError(ec);
      if (parser_->is_done()) return OnRequest();
      if (parser_->is_header_done() && !route_limit_applied_) {
        route_limit_applied_ = true;
        if (!ApplyRouteBodyLimit()) return OnParseError(beast::http::error::body_limit);
      }
      if (parser_->is_header_done() && !continue_sent_ && ExpectsContinue()) {
        continue_sent_ = true;
        asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                          [self = this->shared_from_this()](boost::system::error_code e, size_t) {
                            if (e) return self->Close();
                            self->Parse();
                          });
        return;
      }
      if (buffer_.size() == 0) return ReadSome();
    }
  }

  // Headers are read with the largest body limit any route allows; once the header is in, the
  // matched route's own limit applies (uploads raise it; every other route keeps the server's).
  // False when the declared length is over it.
  bool ApplyRouteBodyLimit() {
    const size_t server_limit = core_.options.max_body_bytes;
    if (core_.router.largest_body_limit() <= server_limit) return true;
    const auto& msg = parser_->get();
    const std::string_view target = msg.target();
    const auto m = core_.router.Find(ToMethod(msg.method()), target.substr(0, target.find('?')));
    const size_t limit = m.route ? std::max(server_limit, m.route->max_body_bytes) : server_limit;
    if (auto length = parser_->content_length(); length && *length > limit) return false;
    parser_->body_limit(limit);
    return true;
  }

  bool ExpectsContinue() const {
    const auto& fields = parser_->get();
    auto it = fields.find(beast::http::field::expect);
    return it != fields.end() && beast::iequals(it->value(), "100-continue");
  }

  void OnParseError(boost::system::error_code ec) {
    BeginExchange();
    series_ = core_.unmatched_series;
    route_ = "invalid";
    keep_alive_ = false;
    // Header bytes are consumed; what is buffered is body. With a known length, the lingering close
    // can end as soon as the rest of the refused body has arrived.
    discard_left_.reset();
    if (ec == beast::http::error::body_limit) {
      // content_length() asserts a finished header; the field itself was stored.
      const auto& fields = parser_->get();
      auto it = fields.find(beast::http::field::content_length);
      uint64_t length = 0;
      const std::string_view v =
          it != fields.end() ? std::string_view(it->value()) : std::string_view();
      if (!v.empty() && std::from_chars(v.data(), v.data() + v.size(), length).ec == std::errc()) {
        discard_left_ = length - std::min<uint64_t>(length, buffer_.size());
      }
    }
    Error e = ec == beast::http::error::header_limit ? errors::HeaderTooLarge()
              : ec == beast::http::error::body_limit ? errors::TooLarge()
                                                     : errors::BadRequest();
    resp_ = ErrorResponse(e, false);
    Respond();
  }

  void BeginExchange() {
    state_ = State::kProcessing;
    started_ = Clock::now();
    in_flight_ = true;
    core_.metrics.RequestStarted();
    ctx_ = RequestContext{};
    ctx_.request_id = wire::NewRequestId();
  }

  void OnRequest() {
    BeginExchange();
    auto& msg = parser_->get();
    req_.method = ToMethod(msg.method());
    http10_ = msg.version() == 10;
    keep_alive_ = msg.keep_alive();
    req_.headers = Headers();
    for (const auto& field : msg) req_.headers.Add(field.name_string(), field.value());
    req_.body = std::move(msg.body());
    if (auto id = req_.headers.Get("x-request-id"); id && wire::IsSaneRequestId(*id)) {
      ctx_.request_id = std::string(*id);
    }
    ctx_.english = PrefersEnglish(req_);
    if (!wire::SetTarget(req_, msg.target())) {
      series_ = core_.unmatched_series;
      route_ = "invalid";
      keep_alive_ = false;
      resp_ = ErrorResponse(errors::BadRequest(), ctx_.english);
      return Respond();
    }
    match_ = core_.router.Find(req_.method, req_.path);
    if (match_.route != nullptr) return RunRoute();
    const bool api = req_.path.rfind("/api/", 0) == 0 || req_.path == "/api";
    if (!api && core_.static_files != nullptr &&
        (req_.method == Method::kGet || req_.method == Method::kHead)) {
      series_ = core_.static_series;
      route_ = "static";
      resp_ = core_.static_files->Serve(req_);
      return Respond();
    }
    series_ = core_.unmatched_series;
    route_ = "unmatched";
    resp_ = core_.router.Dispatch(req_, ctx_);  // the JSON 404 or 405
    Respond();
  }

  void RunRoute() {
    const RouteSpec& route = *match_.route;
    auto series = core_.route_series.find(&route);
    series_ = series != core_.route_series.end() ? series->second : core_.unmatched_series;
    route_ = route.pattern;
    if (route.inline_ok) {
      {
        log::RequestScope scope(ctx_.request_id);
        resp_ = core_.router.Run(match_, req_, ctx_);
      }
      return Respond();
    }
    core_.metrics.WorkerQueued();
    // The task moves its reference into the posted completion so that the last reference is never
    // dropped on a worker thread (the connection must die on its loop's thread).
    const bool queued = core_.pool.TryPost([self = this->shared_from_this()]() mutable {
      Connection& c = *self;
      c.core_.metrics.WorkerStarted();
      {
        log::RequestScope scope(c.ctx_.request_id);
        c.resp_ = c.core_.router.Run(c.match_, c.req_, c.ctx_);
      }
      asio::post(c.loop_.ctx, [self = std::move(self)] { self->Respond(); });
    });
    if (!queued) {
      core_.metrics.WorkerStarted();  // undo WorkerQueued
      core_.metrics.WorkerRejected();
      resp_ = ErrorResponse(errors::Busy(), ctx_.english);
      resp_.Header("Retry-After", "1");
      Respond();
    }
  }

  void Respond() {
    if (closed_) return;
    state_ = State::kWriting;
    SetDeadline(core_.options.read_timeout_ms);
    if (loop_.draining) keep_alive_ = false;
    head_.clear();
    wire::AppendHead(resp_, {keep_alive_, http10_, req_.tls, ctx_.request_id}, head_);
    std::string_view body = resp_.Body();
    if (req_.method == Method::kHead || wire::StatusHasNoBody(resp_.status)) body = {};
    bytes_ = body.size();
    std::array<asio::const_buffer, 2> buffers{asio::buffer(head_.data(), head_.size()),
                                              asio::buffer(body.data(), body.size())};
    asio::async_write(stream_, buffers,
                      [self = this->shared_from_this()](boost::system::error_code ec, size_t) {
                        self->OnWritten(ec);
                      });
  }

  void OnWritten(boost::system::error_code ec) {
    const auto elapsed = Clock::now() - started_;
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count();
    Metrics::Observe(series_, resp_.status, static_cast<double>(micros) / 1e6);
    core_.metrics.RequestFinished();
    in_flight_ = false;
    if (core_.options.access_log) {
      log::RequestScope scope(ctx_.request_id);
      log::Info("http.request", {{"method", boost::json::value(MethodName(req_.method))},
                                 {"route", boost::json::value(route_)},
                                 {"status", resp_.status},
                                 {"duration_us", micros},
                                 {"bytes", bytes_}});
    }
    resp_ = Response();
    req_.body.clear();
    req_.body.shrink_to_fit();  // an upload's memory goes back now, not at the next request
    if (ec) return Close();
    if (keep_alive_) return StartRequest();
    if (parser_ && parser_->is_done() && buffer_.size() == 0) discard_left_ = 0;
    Linger();
  }

  // After a final response: stop sending, then read and discard what the client still sends (the
  // rest of a refused 12 MB body) until it closes, the known rest has arrived, it pauses for
  // kLingerQuiet or kMaxLinger passes — so that closing does not reset the connection (losing the
  // response) while unread input is pending.
  void Linger() {
    state_ = State::kClosing;
    linger_end_ = Clock::now() +
                  std::min(std::chrono::milliseconds(core_.options.read_timeout_ms), kMaxLinger);
    deadline_ = linger_end_;
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      stream_.async_shutdown(
          [self = this->shared_from_this()](boost::system::error_code) { self->Close(); });
    } else {
      boost::system::error_code ignored;
      stream_.shutdown(tcp::socket::shutdown_send, ignored);
      buffer_.clear();
      Discard();
    }
  }

  void Discard() {
    if (discard_left_ && *discard_left_ == 0) return Close();
    deadline_ = std::min(linger_end_, Clock::now() + kLingerQuiet);
    stream_.async_read_some(buffer_.prepare(65536), [self = this->shared_from_this()](
                                                        boost::system::error_code ec, size_t n) {
      if (ec || self->closed_) return self->Close();
      if (self->discard_left_) *self->discard_left_ -= std::min<uint64_t>(n, *self->discard_left_);
      self->Discard();
    });
  }

  void Close() {
    if (closed_) return;
    closed_ = true;
    boost::system::error_code ignored;
    Lowest(stream_).shutdown(tcp::socket::shutdown_both, ignored);
    Lowest(stream_).close(ignored);
  }

  Loop& loop_;
  ServerCore& core_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<beast::http::request_parser<beast::http::string_body>> parser_;
  State state_ = State::kIdle;
  SteadyTime deadline_;
  bool closed_ = false;
  bool continue_sent_ = false;
  bool route_limit_applied_ = false;
  std::optional<uint64_t> discard_left_;  // lingering close: input still expected, when known
  SteadyTime linger_end_;

  // The exchange in progress. While a worker runs the handler, the loop thread touches none of
  // these (the connection reads nothing until the response is written).
  Request req_;
  RequestContext ctx_;
  Router::Match match_;
  Response resp_;
  bool keep_alive_ = true;
  bool http10_ = false;
  bool in_flight_ = false;
  Metrics::Series* series_ = nullptr;
  std::string_view route_;  // the route pattern, "static", "unmatched" or "invalid"
  std::string head_;        // reused: keeps its capacity across requests
  size_t bytes_ = 0;
  SteadyTime started_;
};

}  // namespace

ServerCore::ServerCore(ServerOptions opts, const Router& r, StaticFiles* files, Metrics& m)
    : options(std::move(opts)),
      router(r),
      static_files(files),
      metrics(m),
      pool(options.workers, static_cast<size_t>(std::max(options.queue_depth, 1)),
           options.spare_workers) {
  for (const auto& route : router.routes()) {
    route_series[route.get()] =
        metrics.ForLabel(std::string(MethodName(route->method)) + " " + route->pattern);
  }
  static_series = metrics.ForLabel("static");
  unmatched_series = metrics.ForLabel("unmatched");
}

Loop::Loop(ServerCore& c, std::chrono::milliseconds tick) : core(c), tick_(tick) {}

void Loop::StartSweeper() { Tick(); }

void Loop::Tick() {
  timer_.expires_after(tick_);
  timer_.async_wait([this](boost::system::error_code ec) {
    if (ec) return;
    const SteadyTime now = Clock::now();
    for (ConnectionBase* c : connections) c->OnTick(now);
    Tick();
  });
}

void Loop::BeginDrain() {
  draining = true;
  for (ConnectionBase* c : connections) c->OnDrain();
}

void Loop::CloseAll() {
  for (ConnectionBase* c : connections) c->ForceClose();
}

void StartConnection(Loop& loop, tcp::socket socket) {
  if (loop.core.tls) {
    std::make_shared<Connection<TlsStream>>(loop, std::move(socket), *loop.core.tls)->Start();
  } else {
    std::make_shared<Connection<tcp::socket>>(loop, std::move(socket))->Start();
  }
}

}  // namespace peony::http::detail
