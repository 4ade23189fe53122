// /api/v1/data/{entity}*: records of catalog entities.
#include <boost/json/parse.hpp>
#include <charconv>

#include "http/api/api.h"
#include "http/errors.h"
#include "http/json_body.h"
#include "platform/records/errors.h"

namespace peony::http::api {
namespace {

Result<int64_t> RecordId(const RequestContext& rc) {
  const std::string_view s = rc.Param("id");
  int64_t id = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc() || ptr != s.data() + s.size() || id <= 0)
    return records::errors::NotFound();
  return id;
}

Result<records::ListQuery> ParseListQuery(const Request& req) {
  records::ListQuery q;
  if (auto v = req.Query("limit")) {
    int64_t n = 0;
    auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc() || ptr != v->data() + v->size() || n < 1 || n > 500) {
      return errors::Validation("limit", "must be an integer from 1 to 500");
    }
    q.limit = static_cast<int>(n);
  }
  if (auto v = req.Query("cursor")) q.cursor = std::string(*v);
  if (auto v = req.Query("q")) q.q = std::string(*v);
  if (auto v = req.Query("total")) q.with_total = *v == "true" || *v == "1";
  if (auto v = req.Query("deleted")) q.deleted = *v == "true" || *v == "1";
  if (auto v = req.Query("sort"); v && !v->empty()) {
    std::string_view rest = *v;
    while (!rest.empty()) {
      const size_t comma = rest.find(',');
      std::string_view key = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? "" : rest.substr(comma + 1);
      records::SortSpec s;
      if (!key.empty() && (key[0] == '-' || key[0] == '+')) {
        s.descending = key[0] == '-';
        key.remove_prefix(1);
      }
      if (key.empty() || key.size() > 40) return records::errors::BadSort(std::string(key));
      s.field = std::string(key);
      q.sort.push_back(std::move(s));
    }
  }
  if (auto v = req.Query("filter"); v && !v->empty()) {
    if (v->size() > 20000) return records::errors::BadFilter("条件过长", "filter too long");
    boost::json::parse_options opts;
    opts.max_depth = 32;
    boost::system::error_code ec;
    auto parsed = boost::json::parse(*v, ec, {}, opts);
    if (ec) return records::errors::BadFilter("不是有效的 JSON", "not valid JSON");
    q.filter = std::move(parsed);
  }
  return q;
}

constexpr const char* kRecordSchema =
    R"J({"type":"object","description":"a record: the system fields below plus one key per field of the entity (see GET /api/v1/schema/entities/{entity})",
 "properties":{"id":{"type":"integer"},"version":{"type":"integer"},
 "created_at":{"type":"string","format":"date-time"},"updated_at":{"type":"string","format":"date-time"},
 "created_by":{"type":"integer","nullable":true},"updated_by":{"type":"integer","nullable":true},
 "owner_id":{"type":"integer","nullable":true},"branch_id":{"type":"integer","nullable":true}},
 "additionalProperties":true})J";

}  // namespace

void AddDataRoutes(Router& r, ApiContext& ctx) {
  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/data/{entity}",
         .summary = "List records: filter tree, sort, keyset pages, Chinese substring search",
         .tag = "data",
         .query = {{"limit", "integer", "1-500 (default 50)"},
                   {"cursor", "string", "next_cursor of the previous page"},
                   {"q", "string",
                    "substring search over the searchable fields (\"丽\" finds 王丽华)"},
                   {"sort", "string",
                    "comma-separated fields, - for descending: -created_at,name; default id "
                    "ascending, -id newest first; ties are ordered by id in the direction of the "
                    "first key"},
                   {"filter", "string",
                    "JSON filter tree: {\"and\"|\"or\":[…]} | {\"not\":…} | "
                    "{\"field\",\"op\",\"value\"}; ops per type (see field-types)"},
                   {"total", "boolean", "also count all matching records"},
                   {"deleted", "boolean", "list the trash (deleted records) instead"}},
         .response_schema =
             std::string(R"({"type":"object","properties":{"items":{"type":"array","items":)") +
             kRecordSchema +
             R"(},"next_cursor":{"type":"string","nullable":true},"total":{"type":"integer"}}})",
         .error_codes = {"schema.entity_not_found", "record.forbidden", "record.bad_filter",
                         "record.bad_sort", "record.bad_cursor"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto q, ParseListQuery(req));
           PEONY_TRY(auto page, ctx.records->List({rc.user(), req.remote_addr},
                                                  std::string(rc.Param("entity")), q));
           // The body shares the page's arena, so the items move in without a copy.
           boost::json::object body(page.items.storage());
           body["items"] = std::move(page.items);
           body["next_cursor"] = page.next_cursor ? boost::json::value(*page.next_cursor)
                                                  : boost::json::value(nullptr);
           if (page.total) body["total"] = *page.total;
           return JsonResponse(200, body);
         }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/data/{entity}",
         .summary = "Create a record",
         .tag = "data",
         .request_schema = kRecordSchema,
         .response_schema = kRecordSchema,
         .success_status = 201,
         .error_codes = {"schema.entity_not_found", "record.forbidden", "record.unknown_field",
                         "record.invalid_value", "record.required", "record.duplicate",
                         "record.read_only", "record.managed"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto created, ctx.records->Create({rc.user(), req.remote_addr},
                                                       std::string(rc.Param("entity")), body));
           return JsonResponse(201, created);
         }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/data/{entity}/{id}",
         .summary = "One record (sensitive fields masked unless the caller holds "
                    "data.<entity>.unmask; unmasked reads are audited)",
         .tag = "data",
         .response_schema = kRecordSchema,
         .error_codes = {"schema.entity_not_found", "record.not_found", "record.forbidden"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, RecordId(rc));
           PEONY_TRY(auto record, ctx.records->Get({rc.user(), req.remote_addr},
                                                   std::string(rc.Param("entity")), id));
           return JsonResponse(200, record);
         }});

  r.Add({.method = Method::kPatch,
         .pattern = "/api/v1/data/{entity}/{id}",
         .summary = "Change the fields present in the body; \"version\" (or If-Match) must be the "
                    "version read, else 409 record.version_conflict",
         .tag = "data",
         .request_schema = kRecordSchema,
         .response_schema = kRecordSchema,
         .error_codes = {"record.not_found", "record.version_conflict", "record.invalid_value",
                         "record.unknown_field", "record.duplicate", "record.read_only"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, RecordId(rc));
           PEONY_TRY(auto body, ParseJsonObject(req));
           std::optional<int64_t> version;
           if (auto m = req.headers.Get("if-match")) {
             std::string_view s = *m;
             if (s.size() >= 2 && s.front() == '"' && s.back() == '"')
               s = s.substr(1, s.size() - 2);
             int64_t v = 0;
             auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
             if (ec != std::errc() || ptr != s.data() + s.size()) {
               return errors::Validation("If-Match", "must be the record's version");
             }
             version = v;
           }
           PEONY_TRY(auto updated,
                     ctx.records->Update({rc.user(), req.remote_addr},
                                         std::string(rc.Param("entity")), id, body, version));
           return JsonResponse(200, updated);
         }});

  r.Add({.method = Method::kDelete,
         .pattern = "/api/v1/data/{entity}/{id}",
         .summary = "Delete a record (to the trash; POST …/restore brings it back)",
         .tag = "data",
         .success_status = 204,
         .error_codes = {"record.not_found", "record.forbidden", "record.managed"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, RecordId(rc));
           PEONY_CHECK(ctx.records->Delete({rc.user(), req.remote_addr},
                                           std::string(rc.Param("entity")), id));
           return NoContent();
         }});

  r.Add(
      {.method = Method::kGet,
       .pattern = "/api/v1/data/{entity}/export",
       .summary = "Export the records matching the list's filter, search and sort as CSV "
                  "(UTF-8 with BOM; cells starting with = + - @ are escaped) or XLSX",
       .tag = "data",
       .query = {{"format", "string", "csv or xlsx", true},
                 {"q", "string", "as for the list"},
                 {"sort", "string", "as for the list"},
                 {"filter", "string", "as for the list"}},
       .error_codes = {"schema.entity_not_found", "record.forbidden", "record.bad_filter",
                       "record.export_too_large"},
       .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
         PEONY_TRY(auto q, ParseListQuery(req));
         const std::string format(req.Query("format").value_or("csv"));
         const std::string entity(rc.Param("entity"));
         PEONY_TRY(auto file, ctx.records->Export({rc.user(), req.remote_addr}, entity, q, format));
         Response resp;
         resp.status = 200;
         resp.content_type = file.content_type;
         resp.body = std::move(file.bytes);
         resp.Header("Content-Disposition",
                     "attachment; filename=\"" + entity + "." + file.extension + "\"");
         return resp;
       }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/data/{entity}/{id}/restore",
         .summary = "Restore a deleted record",
         .tag = "data",
         .response_schema = kRecordSchema,
         .error_codes = {"record.not_found", "record.duplicate", "record.managed"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto id, RecordId(rc));
           PEONY_TRY(auto restored, ctx.records->Restore({rc.user(), req.remote_addr},
                                                         std::string(rc.Param("entity")), id));
           return JsonResponse(200, restored);
         }});
}

}  // namespace peony::http::api
