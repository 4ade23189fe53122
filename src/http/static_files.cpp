#include "http/static_files.h"

#include <zlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "common/log.h"

namespace peony::http {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMinGzipBytes = 1024;
constexpr uintmax_t kMaxFileBytes = 64u << 20;  // a built web app has no file near this

constexpr std::string_view kNotBuiltPage =
    "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
    "<title>Peony</title></head><body>\n<h1>Peony</h1>\n"
    "<p>网页端尚未构建：请在项目目录运行 <code>./dev build</code>。</p>\n"
    "<p>The web app has not been built: run <code>./dev build</code> in the project folder.</p>\n"
    "</body></html>\n";

struct TypeInfo {
  std::string_view ext;
  std::string_view type;
  bool compressible;
};

constexpr TypeInfo kTypes[] = {
    {".html", "text/html; charset=utf-8", true},
    {".js", "text/javascript; charset=utf-8", true},
    {".mjs", "text/javascript; charset=utf-8", true},
    {".css", "text/css; charset=utf-8", true},
    {".json", "application/json; charset=utf-8", true},
    {".webmanifest", "application/manifest+json; charset=utf-8", true},
    {".svg", "image/svg+xml", true},
    {".txt", "text/plain; charset=utf-8", true},
    {".map", "application/json; charset=utf-8", true},
    {".png", "image/png", false},
    {".jpg", "image/jpeg", false},
    {".jpeg", "image/jpeg", false},
    {".gif", "image/gif", false},
    {".webp", "image/webp", false},
    {".ico", "image/x-icon", false},
    {".woff", "font/woff", false},
    {".woff2", "font/woff2", false},
    {".ttf", "font/ttf", false},
    {".wasm", "application/wasm", false},
    {".pdf", "application/pdf", false},
};

const TypeInfo& TypeOf(std::string_view path) {
  static constexpr TypeInfo kUnknown{"", "application/octet-stream", false};
  const size_t dot = path.rfind('.');
  if (dot == std::string_view::npos || path.find('/', dot) != std::string_view::npos)
    return kUnknown;
  const std::string_view ext = path.substr(dot);
  for (const TypeInfo& t : kTypes) {
    if (t.ext.size() != ext.size()) continue;
    bool same = true;
    for (size_t i = 0; i < ext.size() && same; ++i) {
      const char c = ext[i] >= 'A' && ext[i] <= 'Z' ? static_cast<char>(ext[i] + 32) : ext[i];
      same = c == t.ext[i];
    }
    if (same) return t;
  }
  return kUnknown;
}

std::string Gzip(std::string_view in) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&zs, in.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string();
}

std::string ContentHash(std::string_view s) {  // FNV-1a 64: an ETag, not a security boundary
  uint64_t h = 1469598103934665603ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[i] = kHex[h & 0xF];
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// True when Accept-Encoding lists gzip (or *) without q=0.
bool AcceptsGzip(const Request& req) {
  auto header = req.headers.Get("accept-encoding");
  if (!header) return false;
  std::string_view rest = *header;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    std::string_view entry = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const size_t semi = entry.find(';');
    const std::string_view coding = Trim(entry.substr(0, semi));
    if (coding != "gzip" && coding != "x-gzip" && coding != "*") continue;
    if (semi == std::string_view::npos) return true;
    std::string_view params = Trim(entry.substr(semi + 1));
    if (params.substr(0, 2) != "q=") return true;
    params.remove_prefix(2);
    return params.find_first_not_of("0.") != std::string_view::npos;  // q=0, q=0.0 refuse
  }
  return false;
}

// True when If-None-Match lists `etag` (weak comparison) or is "*".
bool NoneMatchHits(const Request& req, std::string_view etag) {
  auto header = req.headers.Get("if-none-match");
  if (!header) return false;
  std::string_view rest = *header;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    std::string_view tag = Trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (tag == "*") return true;
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    if (tag == etag) return true;
  }
  return false;
}

bool IsSafePath(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;
  if (path.find('\\') != std::string_view::npos || path.find('\0') != std::string_view::npos) {
    return false;
  }
  size_t start = 1;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    const std::string_view seg = path.substr(start, slash - start);
    if (seg == "." || seg == ".." || (!seg.empty() && seg.front() == '.')) return false;
    start = slash + 1;
  }
  return true;
}

bool HasExtension(std::string_view path) {
  const std::string_view last = path.substr(path.rfind('/') + 1);
  return last.find('.') != std::string_view::npos;
}

Response PlainNotFound() {
  Response r;
  r.status = 404;
  r.content_type = "text/plain; charset=utf-8";
  r.body = "Not Found\n";
  return r;
}

}  // namespace

StaticFiles::StaticFiles(const std::string& root) {
  Load(root);
  built_ = files_.count("/index.html") > 0;
  if (!built_) {
    AddFile("/index.html", std::string(kNotBuiltPage));
    log::Warn("static.not_built", {{"root", boost::json::value(root)}});
  } else {
    log::Info("static.loaded", {{"root", boost::json::value(root)}, {"files", files_.size()}});
  }
}

void StaticFiles::Load(const std::string& root) {
  std::error_code ec;
  if (root.empty() || !fs::is_directory(root, ec)) return;
  const fs::path base = fs::canonical(root, ec);
  if (ec) return;
  // Symlinked directories are not followed (the iterator's default); symlinked files are served
  // only when they resolve inside the root.
  fs::recursive_directory_iterator it(base, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::directory_entry& entry = *it;
    const std::string name = entry.path().filename().string();
    if (!name.empty() && name.front() == '.') {  // .env, .DS_Store, .git: never served
      if (entry.is_directory()) it.disable_recursion_pending();
      continue;
    }
    std::error_code fec;
    if (!entry.is_regular_file(fec)) continue;
    const fs::path real = fs::canonical(entry.path(), fec);
    const fs::path rel = real.lexically_relative(base);
    if (fec || rel.empty() || *rel.begin() == "..") {
      log::Warn("static.outside_root",
                {{"file", boost::json::value(entry.path().lexically_relative(base).string())}});
      continue;
    }
    const uintmax_t size = entry.file_size(fec);
    if (fec || size > kMaxFileBytes) continue;
    std::ifstream in(real, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in && !in.eof()) continue;
    std::string url(1, '/');  // not "/" + …: trips GCC 12's -O3 -Wrestrict false positive
    url += entry.path().lexically_relative(base).generic_string();
    AddFile(std::move(url), std::move(content).str());
  }
}

void StaticFiles::AddFile(std::string url_path, std::string content) {
  const TypeInfo& type = TypeOf(url_path);
  File f;
  f.content_type = std::string(type.type);
  f.etag = "\"" + ContentHash(content) + "\"";
  f.immutable = url_path.rfind("/assets/", 0) == 0;
  if (type.compressible && content.size() > kMinGzipBytes) {
    std::string gz = Gzip(content);
    if (!gz.empty() && gz.size() < content.size()) {
      f.gzipped = std::make_shared<const std::string>(std::move(gz));
    }
  }
  f.content = std::make_shared<const std::string>(std::move(content));
  files_[std::move(url_path)] = std::move(f);
}

Response StaticFiles::Serve(const Request& req) const {
  std::string_view path = req.path;
  if (!IsSafePath(path)) return PlainNotFound();
  if (path == "/") path = "/index.html";
  auto it = files_.find(path);
  if (it == files_.end()) {
    if (HasExtension(path) || path.rfind("/api/", 0) == 0) return PlainNotFound();
    it = files_.find("/index.html");  // an SPA route: the app's router shows the page
    if (it == files_.end()) return PlainNotFound();
  }
  return Answer(it->second, req);
}

Response StaticFiles::Answer(const File& f, const Request& req) const {
  const bool gzip = f.gzipped && AcceptsGzip(req);
  // The gzip representation is a different entity: it has its own ETag.
  std::string etag = gzip ? f.etag.substr(0, f.etag.size() - 1) + "-gz\"" : f.etag;
  Response r;
  r.content_type = f.content_type;
  r.Header("Cache-Control", f.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  if (f.gzipped) r.Header("Vary", "Accept-Encoding");
  if (NoneMatchHits(req, etag)) {
    r.status = 304;
    r.content_type.clear();
    r.Header("ETag", std::move(etag));
    return r;
  }
  r.Header("ETag", std::move(etag));
  if (gzip) r.Header("Content-Encoding", "gzip");
  r.shared_body = gzip ? f.gzipped : f.content;
  return r;
}

}  // namespace peony::http
