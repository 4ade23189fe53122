#include "http/api/paging.h"

#include <charconv>

#include "http/errors.h"

namespace peony::http::api {
namespace {

bool ParseInt(std::string_view s, int64_t* out) {
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

}  // namespace

Result<int> ParseLimit(const Request& req, int fallback) {
  auto l = req.Query("limit");
  if (!l) return fallback;
  int64_t v = 0;
  if (!ParseInt(*l, &v) || v < 1 || v > 500) {
    return errors::Validation("limit", "must be an integer from 1 to 500");
  }
  return static_cast<int>(v);
}

std::optional<int64_t> ParseId(std::string_view segment) {
  int64_t id = 0;
  if (!ParseInt(segment, &id) || id <= 0) return std::nullopt;
  return id;
}

Result<Paging> ParsePaging(const Request& req) {
  Paging p;
  PEONY_TRY(p.limit, ParseLimit(req, p.limit));
  if (auto c = req.Query("cursor"); c && !c->empty()) {
    if (!ParseInt(*c, &p.after_id) || p.after_id < 0) {
      return errors::Validation("cursor", "is not a cursor this list returned");
    }
  }
  return p;
}

std::vector<ParamSpec> PagingParams() {
  return {{"limit", "integer", "page size, 1-500 (default 50)", false},
          {"cursor", "string", "next_cursor of the previous page", false}};
}

boost::json::object PageJson(boost::json::array items, bool more, int64_t last_id) {
  boost::json::object page(items.storage());  // same memory as the items: no copy
  page.emplace("items", std::move(items));
  page.emplace("next_cursor", more ? boost::json::value(std::to_string(last_id)) : nullptr);
  return page;
}

}  // namespace peony::http::api
