// Cursor paging shared by list routes: ?limit= (default 50, max 500) and ?cursor= (opaque; today
// the last id of the previous page). Answers {"items":[…],"next_cursor":string|null}.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "http/request.h"
#include "http/router.h"

namespace peony::http::api {

struct Paging {
  int limit = 50;
  int64_t after_id = 0;
};

// Errors: request.validation (422) for a bad limit or cursor.
Result<Paging> ParsePaging(const Request& req);
// ?limit= alone (1-500, `fallback` when absent). Error: request.validation (422).
Result<int> ParseLimit(const Request& req, int fallback);
// A positive id from a path segment; nullopt when it is not one (routes answer their not_found).
std::optional<int64_t> ParseId(std::string_view segment);
std::vector<ParamSpec> PagingParams();
// {"items": items, "next_cursor": more ? last_id : null}
boost::json::object PageJson(boost::json::array items, bool more, int64_t last_id);

}  // namespace peony::http::api
