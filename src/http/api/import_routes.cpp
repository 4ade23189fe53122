// /api/v1/data/{entity}/import*: CSV and XLSX imports, synchronous or as background jobs.
#include <boost/json/parse.hpp>

#include "http/api/api.h"
#include "http/errors.h"
#include "platform/records/import_errors.h"

namespace peony::http::api {
namespace {

// Uploads are larger than JSON bodies: 100,000 rows of 20 columns as CSV are ~20 MiB.
constexpr size_t kMaxImportBytes = size_t{64} << 20;
constexpr size_t kMaxMappingBytes = 64 * 1024;

Result<bool> BoolParam(const Request& req, std::string_view name) {
  const auto v = req.Query(name);
  if (!v || *v == "false" || *v == "0") return false;
  if (*v == "true" || *v == "1") return true;
  return errors::Validation(name, "must be true or false");
}

Result<records::ImportOptions> ParseImportOptions(const Request& req, bool english) {
  records::ImportOptions o;
  o.english = english;
  PEONY_TRY(o.dry_run, BoolParam(req, "dry_run"));
  if (auto v = req.Query("mapping"); v && !v->empty()) {
    auto bad = [](std::string_view reason) {
      return records::errors::ImportBadMapping(boost::json::array{
          boost::json::object{{"header", nullptr}, {"field", nullptr}, {"reason", reason}}});
    };
    if (v->size() > kMaxMappingBytes) return bad("too_long");
    boost::json::parse_options opts;
    opts.max_depth = 4;
    boost::system::error_code ec;
    auto parsed = boost::json::parse(*v, ec, {}, opts);
    if (ec || !parsed.is_object()) return bad("not_a_json_object");
    o.mapping = std::move(parsed.as_object());
  }
  if (auto v = req.Query("key")) o.key = std::string(*v);
  if (auto v = req.Query("duplicates"); v && !v->empty()) {
    if (*v == "fail") {
      o.duplicates = records::Duplicates::kFail;
    } else if (*v == "skip") {
      o.duplicates = records::Duplicates::kSkip;
    } else if (*v == "update") {
      o.duplicates = records::Duplicates::kUpdate;
    } else {
      return errors::Validation("duplicates", "must be skip, update or fail");
    }
  }
  if (auto v = req.Query("sheet")) o.sheet = std::string(*v);
  return o;
}

constexpr const char* kReportSchema =
    R"J({"type":"object","description":"an import report (also the body of an import job)",
 "properties":{"id":{"type":"string"},"status":{"type":"string","enum":["running","done","failed"]},
 "dry_run":{"type":"boolean"},"committed":{"type":"boolean"},
 "progress":{"type":"object","properties":{"done":{"type":"integer"},"total":{"type":"integer"}}},
 "total_rows":{"type":"integer"},"created":{"type":"integer"},"updated":{"type":"integer"},
 "skipped":{"type":"integer"},"error_count":{"type":"integer"},
 "columns":{"type":"array","items":{"type":"object","properties":{"header":{"type":"string"},
   "field":{"type":"string","nullable":true},"label":{"type":"string","nullable":true}}}},
 "errors":{"type":"array","description":"at most 200; error_count counts all","items":{"type":"object",
   "properties":{"row":{"type":"integer","description":"as the spreadsheet shows it: the header is row 1"},
   "column":{"type":"string","nullable":true},"field":{"type":"string","nullable":true},
   "code":{"type":"string"},"message":{"type":"string"}}}},
 "preview":{"type":"array","description":"the first 20 rows as records would be written","items":{"type":"object","additionalProperties":true}},
 "error":{"type":"object","description":"a failed job: why","properties":{"code":{"type":"string"},"message":{"type":"string"}}}}})J";

}  // namespace

void AddImportRoutes(Router& r, ApiContext& ctx) {
  r.Add(
      {.method = Method::kPost,
       .pattern = "/api/v1/data/{entity}/import",
       .summary = "Import a CSV or XLSX file (the raw file is the body; the format is told by "
                  "content). All-or-nothing: with any row error nothing is written and the answer "
                  "is 422 import.has_errors with the report in error.details.report",
       .tag = "data",
       .max_body_bytes = kMaxImportBytes,
       .query = {{"dry_run", "boolean", "validate exactly as a commit would, write nothing"},
                 {"mapping", "string",
                  "JSON object {\"<header>\": \"<field name>\" | null}; absent: headers equal to a "
                  "field's label or name (trimmed, case-insensitive), others ignored"},
                 {"key", "string",
                  "a unique or sensitive field that finds duplicates (in the file and the "
                  "database)"},
                 {"duplicates", "string", "skip, update or fail (default) when the key matches"},
                 {"sheet", "string", "XLSX worksheet name (default: the first)"},
                 {"async", "boolean",
                  "run as a job: 202 with the job; poll GET …/import/{job_id}"}},
       .raw_body_type = "application/octet-stream",
       .response_schema = kReportSchema,
       .error_codes = {"schema.entity_not_found", "record.forbidden", "record.managed",
                       "import.bad_file",
                       "import.no_rows", "import.bad_mapping", "import.bad_key",
                       "import.has_errors", "import.sheet_not_found", "import.limit_exceeded",
                       "import.busy", "request.validation", "request.too_large"},
       .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
         PEONY_TRY(auto options, ParseImportOptions(req, rc.english));
         PEONY_TRY(const bool async, BoolParam(req, "async"));
         const std::string entity(rc.Param("entity"));
         const records::Caller who{rc.user(), req.remote_addr};
         if (!async) {
           PEONY_TRY(auto report, ctx.records->Import(who, entity, req.body, std::move(options)));
           return JsonResponse(200, report.ToJson("done", report.total_rows));
         }
         options.count_rows = true;  // the job's progress needs the total
         PEONY_TRY(auto plan,
                   ctx.records->PrepareImport(who, entity, req.body, std::move(options)));
         PEONY_TRY(auto job, ctx.imports->Start(rc.user(), req.remote_addr, std::move(plan)));
         return JsonResponse(202, job);
       }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/data/{entity}/import/{job_id}",
         .summary = "An import job started with async=true: progress while running, then the "
                    "report (visible to the user who started it for an hour)",
         .tag = "data",
         .response_schema = kReportSchema,
         .error_codes = {"import.job_not_found"},
         .handler = [&ctx](const Request&, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto job, ctx.imports->Get(rc.user(), std::string(rc.Param("entity")),
                                                std::string(rc.Param("job_id"))));
           return JsonResponse(200, job);
         }});
}

}  // namespace peony::http::api
