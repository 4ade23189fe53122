// The built web app (web/dist) served from memory: every file is read once at start-up, with a
// precomputed gzip copy for compressible types over 1 KiB and an ETag (content hash).
//
// Cache policy: /assets/* (content-hashed names) "public, max-age=31536000, immutable"; index.html
// and other files "no-cache" (revalidated with If-None-Match → 304). Paths that are not files and
// have no extension are SPA routes and get index.html; a missing file with an extension is a plain
// 404. Only files found under the root at load are ever served: no "..", no symlinks that lead out.
// When the folder (or its index.html) is missing a small built-in page says the web app was not
// built, so the server still answers HTML.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "http/request.h"

namespace peony::http {

class StaticFiles {
 public:
  // Loads `root` recursively. Unreadable entries are skipped with a warning; never fails.
  explicit StaticFiles(const std::string& root);

  // True when `root` held an index.html (false: the built-in page is served).
  bool built() const { return built_; }
  size_t file_count() const { return files_.size(); }

  // Answers GET/HEAD for a path outside /api/ (the caller routes other methods and /api/ paths).
  // Thread-safe (read-only after construction).
  Response Serve(const Request& req) const;

 private:
  struct File {
    std::shared_ptr<const std::string> content;
    std::shared_ptr<const std::string> gzipped;  // null when not worth compressing
    std::string content_type;
    std::string etag;  // quoted strong ETag of the identity content
    bool immutable = false;
  };

  void Load(const std::string& root);
  void AddFile(std::string url_path, std::string content);
  Response Answer(const File& f, const Request& req) const;

  std::map<std::string, File, std::less<>> files_;  // by URL path, "/index.html"
  bool built_ = false;
};

}  // namespace peony::http
