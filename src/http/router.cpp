#include "http/router.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <exception>

#include "common/log.h"
#include "common/strings.h"
#include "http/errors.h"

namespace peony::http {
namespace {

constexpr size_t kMethodCount = static_cast<size_t>(Method::kOther) + 1;
constexpr size_t kMaxSegments = 16;  // deeper paths never match (no route is that deep)

// Splits "/a/b/c" into {"a","b","c"} without allocating; "/" is one empty segment. Returns the
// number of segments, or kMaxSegments + 1 when there are too many or the path is not absolute.
size_t SplitPath(std::string_view path, std::array<std::string_view, kMaxSegments>& out) {
  if (path.empty() || path.front() != '/') return kMaxSegments + 1;
  path.remove_prefix(1);
  size_t n = 0;
  for (;;) {
    if (n == kMaxSegments) return kMaxSegments + 1;
    const size_t slash = path.find('/');
    out[n++] = path.substr(0, slash);
    if (slash == std::string_view::npos) return n;
    path.remove_prefix(slash + 1);
  }
}

bool IsParam(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

struct Router::Index {
  struct Segment {
    std::string text;  // literal text, or the parameter name
    bool param = false;
  };
  struct Entry {
    const RouteSpec* route;
    std::vector<Segment> segments;
    uint32_t specificity;  // bit per literal segment, first segment highest: sorts literals first
  };
  // buckets[method][segment count], most specific first.
  std::array<std::array<std::vector<Entry>, kMaxSegments + 1>, kMethodCount> buckets;

  // The first entry of `bucket` matching `segs`, filling `params` when given.
  static const Entry* Match(const std::vector<Entry>& bucket,
                            const std::array<std::string_view, kMaxSegments>& segs,
                            std::map<std::string, std::string, std::less<>>* params) {
    for (const Entry& e : bucket) {
      bool ok = true;
      for (size_t i = 0; i < e.segments.size() && ok; ++i) {
        const Segment& s = e.segments[i];
        ok = s.param ? !segs[i].empty() : s.text == segs[i];
      }
      if (!ok) continue;
      if (params) {
        for (size_t i = 0; i < e.segments.size(); ++i) {
          if (e.segments[i].param) params->emplace(e.segments[i].text, segs[i]);
        }
      }
      return &e;
    }
    return nullptr;
  }
};

std::string_view RequestContext::Param(std::string_view name) const {
  auto it = path_params.find(name);
  return it == path_params.end() ? std::string_view() : std::string_view(it->second);
}

Router::Router(Authenticator* auth) : auth_(auth), index_(std::make_unique<Index>()) {}
Router::~Router() = default;

void Router::Add(RouteSpec spec) {
  std::array<std::string_view, kMaxSegments> segs;
  const size_t n = SplitPath(spec.pattern, segs);
  const auto method = static_cast<size_t>(spec.method);
  if (n > kMaxSegments || !spec.handler || method >= kMethodCount) {
    log::Error("router.bad_route", {{"pattern", boost::json::value(spec.pattern)}});
    std::abort();  // programmer error: caught by any test that builds the routes
  }
  for (const auto& r : routes_) {
    if (r->method == spec.method && r->pattern == spec.pattern) {
      log::Error("router.duplicate_route", {{"method", boost::json::value(MethodName(spec.method))},
                                            {"pattern", boost::json::value(spec.pattern)}});
      std::abort();
    }
  }
  largest_body_limit_ = std::max(largest_body_limit_, spec.max_body_bytes);
  routes_.push_back(std::make_unique<RouteSpec>(std::move(spec)));
  Index::Entry entry{routes_.back().get(), {}, 0};
  for (size_t i = 0; i < n; ++i) {
    const bool param = IsParam(segs[i]);
    entry.segments.push_back(
        {std::string(param ? segs[i].substr(1, segs[i].size() - 2) : segs[i]), param});
    if (!param) entry.specificity |= 1u << (kMaxSegments - 1 - i);
  }
  auto& bucket = index_->buckets[method][n];
  bucket.push_back(std::move(entry));
  std::stable_sort(bucket.begin(), bucket.end(), [](const Index::Entry& a, const Index::Entry& b) {
    return a.specificity > b.specificity;
  });
}

Router::Match Router::Find(Method method, std::string_view path) const {
  Match m;
  std::array<std::string_view, kMaxSegments> segs;
  const size_t n = SplitPath(path, segs);
  if (n > kMaxSegments) return m;
  const Method lookup = method == Method::kHead ? Method::kGet : method;
  if (const auto* e =
          Index::Match(index_->buckets[static_cast<size_t>(lookup)][n], segs, &m.params)) {
    m.route = e->route;
    return m;
  }
  // Not found for this method: does the path exist with another? (Only on the error path.)
  for (size_t other = 0; other < kMethodCount; ++other) {
    if (!Index::Match(index_->buckets[other][n], segs, nullptr)) continue;
    const auto other_method = static_cast<Method>(other);
    if (!m.allow.empty()) m.allow += ", ";
    m.allow += MethodName(other_method);
    if (other_method == Method::kGet) m.allow += ", HEAD";
    m.method_mismatch = true;
  }
  return m;
}

Response Router::Run(const Match& m, const Request& req, RequestContext& ctx) const {
  const RouteSpec& route = *m.route;
  ctx.path_params = m.params;
  try {
    if (route.auth == Auth::kUser) {
      if (auth_ == nullptr) return ErrorResponse(errors::Unauthenticated(), ctx.english);
      auto who = auth_->Authenticate(req);
      if (!who.ok()) return ErrorResponse(who.error(), ctx.english);
      if (!who->has_value()) return ErrorResponse(errors::Unauthenticated(), ctx.english);
      ctx.principal = std::move(**who);
      const access::Principal& p = *ctx.principal;
      if (p.method == access::AuthMethod::kSession && IsUnsafe(req.method)) {
        auto token = req.headers.Get("x-csrf-token");
        if (!token || p.csrf_token.empty() || !ConstantTimeEquals(*token, p.csrf_token)) {
          return ErrorResponse(errors::CsrfFailed(), ctx.english);
        }
      }
      if (!route.permission.empty() && !p.Has(route.permission)) {
        return ErrorResponse(errors::Forbidden(), ctx.english);
      }
    }
    Result<Response> r = route.handler(req, ctx);
    if (!r.ok()) return ErrorResponse(r.error(), ctx.english);
    return std::move(r).value();
  } catch (const std::exception& e) {
    return ErrorResponse(InternalError(std::string(MethodName(route.method)) + " " + route.pattern +
                                       " threw: " + e.what()),
                         ctx.english);
  } catch (...) {
    return ErrorResponse(
        InternalError(std::string(MethodName(route.method)) + " " + route.pattern + " threw"),
        ctx.english);
  }
}

Response Router::Dispatch(const Request& req, RequestContext& ctx) const {
  Match m = Find(req.method, req.path);
  if (m.route) return Run(m, req, ctx);
  if (m.method_mismatch) {
    Response r = ErrorResponse(errors::MethodNotAllowed(), ctx.english);
    r.Header("Allow", std::move(m.allow));
    return r;
  }
  return ErrorResponse(errors::NotFound(), ctx.english);
}

}  // namespace peony::http
