// The web app served from memory: types, cache policy, ETags, gzip, SPA fallback, and nothing
// outside the root.
#include "http/static_files.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

namespace peony::http {
namespace {

namespace fs = std::filesystem;

// A temporary folder, removed with its contents at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "peony-static-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }
  void Write(const std::string& rel, const std::string& content) const {
    fs::create_directories((path_ / rel).parent_path());
    std::ofstream(path_ / rel, std::ios::binary) << content;
  }

 private:
  fs::path path_;
};

std::string Gunzip(const std::string& in) {
  z_stream zs{};
  inflateInit2(&zs, 15 + 16);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  std::string out;
  char buf[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
  }
  inflateEnd(&zs);
  return rc == Z_STREAM_END ? out : "<corrupt>";
}

Request Get(std::string path, std::vector<std::pair<std::string, std::string>> headers = {}) {
  Request req;
  req.path = path;
  req.target = std::move(path);
  for (const auto& [n, v] : headers) req.headers.Add(n, v);
  return req;
}

std::string HeaderOf(const Response& r, std::string_view name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return "";
}

std::string BigScript() {
  std::string js;
  for (int i = 0; i < 200; ++i) js += "console.log('peony line " + std::to_string(i) + "');\n";
  return js;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  StaticFilesTest() {
    dir.Write("index.html", "<!doctype html><html><body><div id=root></div></body></html>");
    dir.Write("assets/app-3f9a1c.js", BigScript());
    dir.Write("assets/logo.png", std::string("\x89PNG\r\n", 6) + std::string(4000, 'x'));
    dir.Write("robots.txt", "User-agent: *\n");
    dir.Write(".env", "SECRET=1");
    fs::create_symlink("/etc/hostname", dir.path() / "leak.txt");
  }

  TempDir dir;
};

TEST_F(StaticFilesTest, ServesIndexForTheRootWithNoCache) {
  StaticFiles files(dir.path().string());

  Response r = files.Serve(Get("/"));

  EXPECT_TRUE(files.built());
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(r.Body().find("<div id=root>") != std::string_view::npos, true);
  EXPECT_EQ(HeaderOf(r, "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, HashedAssetsAreCachedForAYear) {
  StaticFiles files(dir.path().string());

  Response r = files.Serve(Get("/assets/app-3f9a1c.js"));

  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(HeaderOf(r, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(r.Body(), BigScript());
  EXPECT_EQ(HeaderOf(r, "Content-Encoding"), "");
  EXPECT_EQ(HeaderOf(r, "Vary"), "Accept-Encoding");
}

TEST_F(StaticFilesTest, GzipIsSentWhenAcceptedAndInflatesToTheFile) {
  StaticFiles files(dir.path().string());

  Response r = files.Serve(Get("/assets/app-3f9a1c.js", {{"Accept-Encoding", "br, gzip;q=0.8"}}));

  EXPECT_EQ(HeaderOf(r, "Content-Encoding"), "gzip");
  EXPECT_LT(r.Body().size(), BigScript().size());
  EXPECT_EQ(Gunzip(std::string(r.Body())), BigScript());
}

TEST_F(StaticFilesTest, GzipWithQZeroIsRefused) {
  StaticFiles files(dir.path().string());

  Response r = files.Serve(Get("/assets/app-3f9a1c.js", {{"Accept-Encoding", "gzip;q=0"}}));

  EXPECT_EQ(HeaderOf(r, "Content-Encoding"), "");
}

TEST_F(StaticFilesTest, SmallOrIncompressibleFilesAreNotGzipped) {
  StaticFiles files(dir.path().string());

  Response txt = files.Serve(Get("/robots.txt", {{"Accept-Encoding", "gzip"}}));
  Response png = files.Serve(Get("/assets/logo.png", {{"Accept-Encoding", "gzip"}}));

  EXPECT_EQ(HeaderOf(txt, "Content-Encoding"), "");
  EXPECT_EQ(txt.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(HeaderOf(png, "Content-Encoding"), "");
  EXPECT_EQ(png.content_type, "image/png");
}

TEST_F(StaticFilesTest, AMatchingIfNoneMatchIs304WithoutABody) {
  StaticFiles files(dir.path().string());
  const std::string etag = HeaderOf(files.Serve(Get("/robots.txt")), "ETag");
  const std::string gz_etag =
      HeaderOf(files.Serve(Get("/assets/app-3f9a1c.js", {{"Accept-Encoding", "gzip"}})), "ETag");

  Response same = files.Serve(Get("/robots.txt", {{"If-None-Match", "\"other\", " + etag}}));
  Response weak = files.Serve(Get("/robots.txt", {{"If-None-Match", "W/" + etag}}));
  Response changed = files.Serve(Get("/robots.txt", {{"If-None-Match", "\"0000\""}}));
  Response gz = files.Serve(
      Get("/assets/app-3f9a1c.js", {{"Accept-Encoding", "gzip"}, {"If-None-Match", gz_etag}}));

  ASSERT_FALSE(etag.empty());
  EXPECT_NE(etag, gz_etag);
  EXPECT_EQ(same.status, 304);
  EXPECT_TRUE(same.Body().empty());
  EXPECT_EQ(HeaderOf(same, "ETag"), etag);
  EXPECT_EQ(weak.status, 304);
  EXPECT_EQ(changed.status, 200);
  EXPECT_EQ(gz.status, 304);
}

TEST_F(StaticFilesTest, PathsWithoutAnExtensionAreSpaRoutesServingIndex) {
  StaticFiles files(dir.path().string());

  Response customers = files.Serve(Get("/customers"));
  Response detail = files.Serve(Get("/customers/42/edit"));

  EXPECT_EQ(customers.status, 200);
  EXPECT_NE(customers.Body().find("<html>"), std::string_view::npos);
  EXPECT_EQ(detail.status, 200);
  EXPECT_EQ(detail.content_type, "text/html; charset=utf-8");
}

TEST_F(StaticFilesTest, AMissingFileWithAnExtensionIsAPlain404) {
  StaticFiles files(dir.path().string());

  Response r = files.Serve(Get("/assets/missing-abc.js"));

  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "text/plain; charset=utf-8");
}

TEST_F(StaticFilesTest, NothingOutsideTheRootOrHiddenIsServed) {
  StaticFiles files(dir.path().string());

  for (const char* path : {"/../etc/passwd", "/assets/../../etc/hostname", "/./index.html",
                           "/leak.txt", "/.env", "/assets/..\\..\\x.js", "/api/x"}) {
    Response r = files.Serve(Get(path));
    EXPECT_EQ(r.status, 404) << path;
  }
}

TEST(StaticFilesNotBuilt, AMissingFolderServesABuiltInPageForEveryAppRoute) {
  StaticFiles files("/nonexistent/peony/web/dist");

  Response r = files.Serve(Get("/customers"));

  EXPECT_FALSE(files.built());
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.Body().find("<html"), std::string_view::npos);
  EXPECT_NE(r.Body().find("./dev build"), std::string_view::npos);
  EXPECT_EQ(files.Serve(Get("/assets/app.js")).status, 404);
}

}  // namespace
}  // namespace peony::http
