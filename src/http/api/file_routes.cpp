// /api/v1/files*: uploads (the raw bytes are the body) and downloads of the blob store
// (platform/files). Downloads are served with the stored type, never a sniffed or declared one.
#include <boost/url/encode.hpp>
#include <boost/url/grammar/alnum_chars.hpp>
#include <boost/url/grammar/lut_chars.hpp>

#include "http/api/api.h"
#include "http/errors.h"
#include "platform/files/errors.h"
#include "platform/files/sniff.h"

namespace peony::http::api {
namespace {

// RFC 8187 ext-value: "UTF-8''" and the name percent-encoded except attr-chars, so that no byte of
// a name can end or split the header.
std::string DispositionName(std::string_view name) {
  static constexpr boost::urls::grammar::lut_chars kAttrChars =
      boost::urls::grammar::alnum_chars + boost::urls::grammar::lut_chars("!#$&+-.^_`|~");
  return "UTF-8''" + boost::urls::encode(name, kAttrChars);
}

constexpr const char* kMetaSchema =
    R"J({"type":"object","properties":{"id":{"type":"string","description":"the public id (22+ URL-safe characters) that attachment fields name"},
 "name":{"type":"string"},"size":{"type":"integer","description":"bytes"},
 "type":{"type":"string","description":"media type told by content"},
 "sha256":{"type":"string","description":"hex SHA-256 of the bytes"},
 "created_at":{"type":"string","format":"date-time"}}})J";

}  // namespace

void AddFileRoutes(Router& r, ApiContext& ctx) {
  r.Add(
      {.method = Method::kPost,
       .pattern = "/api/v1/files",
       .summary = "Upload a file (the raw bytes are the body; at most 20 MiB). The type is told "
                  "by content (PNG, JPEG, GIF, WebP, PDF); other content needs a Content-Type "
                  "and is kept as text/plain, an office type or application/octet-stream. The "
                  "id goes into image, file and signature fields",
       .tag = "files",
       .max_body_bytes = static_cast<size_t>(files::kMaxBlobBytes),
       .query = {{"name", "string", "the file name (1-255 characters; folders are dropped)", true}},
       .raw_body_type = "application/octet-stream",
       .response_schema = kMetaSchema,
       .success_status = 201,
       .error_codes = {"file.empty", "file.bad_type", "file.bad_name", "file.too_large",
                       "request.too_large"},
       .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
         const std::string_view name = req.Query("name").value_or("");
         const std::string_view declared = req.headers.Get("content-type").value_or("");
         PEONY_TRY(auto meta,
                   ctx.files->Upload(rc.user(), req.remote_addr, name, declared, req.body));
         return JsonResponse(201, meta.ToJson());
       }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/files/{id}",
         .summary = "Download a file: for its uploader, or whoever may read a live record whose "
                    "attachment field names it (others: 404). Images inline, other types as an "
                    "attachment. Audited",
         .tag = "files",
         .response_schema = R"J({"type":"string","format":"binary"})J",
         .error_codes = {"file.not_found"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto blob,
                     ctx.files->Download(rc.user(), req.remote_addr, std::string(rc.Param("id"))));
           Response out;
           out.status = 200;
           out.content_type = blob.meta.type;
           out.body = std::move(blob.bytes);
           out.Header("Content-Disposition",
                      std::string(files::IsInlineImage(blob.meta.type) ? "inline" : "attachment") +
                          "; filename*=" + DispositionName(blob.meta.name));
           // X-Content-Type-Options: nosniff and a CSP are on every response (http/wire.cpp).
           out.Header("Cache-Control", "private, no-cache");
           return out;
         }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/files/{id}/meta",
         .summary = "A file's metadata, under the same rule as the download (not audited)",
         .tag = "files",
         .response_schema = kMetaSchema,
         .error_codes = {"file.not_found"},
         .handler = [&ctx](const Request&, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto meta, ctx.files->Meta(rc.user(), std::string(rc.Param("id"))));
           return JsonResponse(200, meta.ToJson());
         }});
}

}  // namespace peony::http::api
