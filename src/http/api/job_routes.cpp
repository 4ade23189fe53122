// /api/v1/jobs*: the background job queue, for operators (see platform/jobs/jobs.h).
#include <charconv>

#include "http/api/api.h"
#include "http/api/paging.h"
#include "http/errors.h"
#include "platform/jobs/errors.h"

namespace peony::http::api {
namespace {

namespace json = boost::json;

constexpr const char* kJobSchema =
    R"({"type":"object","required":["id","kind","status","due_at","attempts","max_attempts","last_error","created_at","finished_at"],"properties":{
 "id":{"type":"integer"},"kind":{"type":"string"},
 "status":{"type":"string","enum":["pending","running","done","dead","cancelled"]},
 "due_at":{"type":"string","format":"date-time"},"attempts":{"type":"integer"},"max_attempts":{"type":"integer"},
 "last_error":{"type":"string","nullable":true},"created_at":{"type":"string","format":"date-time"},
 "finished_at":{"type":"string","format":"date-time","nullable":true}}})";

constexpr const char* kColumns =
    "id, kind, status, due_at, attempts, max_attempts, last_error, created_at, finished_at";

json::object JobJson(const storage::Rows& r, size_t i) {
  auto time = [&](size_t col) {
    auto t = r.OptInt(i, col);
    return t ? json::value(FormatRfc3339(*t)) : json::value(nullptr);
  };
  return json::object{{"id", r.Int(i, 0)},
                      {"kind", r.Text(i, 1)},
                      {"status", r.Text(i, 2)},
                      {"due_at", time(3)},
                      {"attempts", r.Int(i, 4)},
                      {"max_attempts", r.Int(i, 5)},
                      {"last_error", r.OptText(i, 6) ? json::value(*r.OptText(i, 6)) : nullptr},
                      {"created_at", time(7)},
                      {"finished_at", time(8)}};
}

}  // namespace

void AddJobRoutes(Router& r, ApiContext& ctx) {
  r.Add(
      {.method = Method::kGet,
       .pattern = "/api/v1/jobs",
       .summary = "Background jobs of the organisation, newest first (dead-lettered ones with "
                  "their last error)",
       .tag = "jobs",
       .permission = "jobs.manage",
       .query =
           [] {
             auto q = PagingParams();
             q.push_back({"status", "string", "pending | running | done | dead | cancelled"});
             return q;
           }(),
       .response_schema =
           std::string(
               R"({"type":"object","required":["items","next_cursor"],"properties":{"items":{"type":"array","items":)") +
           kJobSchema + R"(},"next_cursor":{"type":"string","nullable":true}}})",
       .error_codes = {"request.validation"},
       .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
         PEONY_TRY(auto paging, ParsePaging(req));
         const std::string status(req.Query("status").value_or(""));
         if (!status.empty() && status != "pending" && status != "running" && status != "done" &&
             status != "dead" && status != "cancelled") {
           return errors::Validation("status", "pending, running, done, dead or cancelled");
         }
         return ctx.db->Read([&](storage::Conn& c) -> Result<Response> {
           std::string sql = std::string("SELECT ") + kColumns + " FROM jobs WHERE org_id = ?";
           storage::Params params{rc.user().org_id};
           if (!status.empty()) {
             sql += " AND status = ?";
             params.Add(status);
           }
           if (paging.after_id > 0) {
             sql += " AND id < ?";
             params.Add(paging.after_id);
           }
           sql += " ORDER BY id DESC LIMIT ?";
           params.Add(int64_t{paging.limit} + 1);
           PEONY_TRY(auto rows, c.Query(sql, params));
           json::array items;
           const size_t n = std::min(rows.size(), static_cast<size_t>(paging.limit));
           for (size_t i = 0; i < n; ++i) items.push_back(JobJson(rows, i));
           return JsonResponse(
               200, PageJson(std::move(items), rows.size() > n, n ? rows.Int(n - 1, 0) : 0));
         });
       }});
  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/jobs/{id}/retry",
         .summary = "Run a dead-lettered job again (attempts start over)",
         .tag = "jobs",
         .permission = "jobs.manage",
         .response_schema = kJobSchema,
         .error_codes = {"jobs.not_found", "jobs.not_dead"},
         .handler = [&ctx](const Request&, RequestContext& rc) -> Result<Response> {
           const std::optional<int64_t> found_id = ParseId(rc.Param("id"));
           if (!found_id) return jobs::errors::NotFound();
           const int64_t id = *found_id;
           auto out = ctx.db->Write([&](storage::Conn& c) -> Result<Response> {
             PEONY_TRY(auto found, c.Query("SELECT status FROM jobs WHERE id = ? AND org_id = ?",
                                           {id, rc.user().org_id}));
             if (found.empty()) return jobs::errors::NotFound();
             if (found.Text(0, 0) != "dead") return jobs::errors::NotDead();
             const UtcMillis now = ctx.clock->Now();
             PEONY_CHECK(
                 c.Exec("UPDATE jobs SET status = 'pending', attempts = 0, due_at = ?, "
                        "finished_at = NULL, updated_at = ? WHERE id = ?",
                        {now, now, id}));
             PEONY_TRY(
                 auto rows,
                 c.Query(std::string("SELECT ") + kColumns + " FROM jobs WHERE id = ?", {id}));
             return JsonResponse(200, JobJson(rows, 0));
           });
           if (out.ok() && ctx.jobs) ctx.jobs->Wake();
           return out;
         }});
}

}  // namespace peony::http::api
