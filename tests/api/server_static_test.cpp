// The web app through the server: SPA routes get index.html, /api/ stays JSON, nothing leaks.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "api/http_client.h"
#include "api/test_server.h"
#include "http/static_files.h"

namespace peony::test {
namespace {

namespace fs = std::filesystem;

class ServerStatic : public ::testing::Test {
 protected:
  ServerStatic() {
    std::string tmpl = (fs::temp_directory_path() / "peony-web-XXXXXX").string();
    root_ = mkdtemp(tmpl.data());
    std::ofstream(root_ / "index.html") << "<!doctype html><html><body>app</body></html>";
    fs::create_directories(root_ / "assets");
    std::ofstream(root_ / "assets" / "app-1.css") << std::string(3000, 'a');
    files_ = std::make_unique<http::StaticFiles>(root_.string());
    server_ = std::make_unique<TestServer>(router_, TestOptions(), files_.get());
  }
  ~ServerStatic() override {
    server_.reset();
    fs::remove_all(root_);
  }

  uint16_t port() const { return server_->port(); }

 private:
  fs::path root_;
  http::Router router_{nullptr};
  std::unique_ptr<http::StaticFiles> files_;
  std::unique_ptr<TestServer> server_;
};

TEST_F(ServerStatic, AnAppRouteServesIndexHtml) {
  HttpClient client(port());

  Resp r = client.Get("/customers");

  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<html>"), std::string::npos);
  EXPECT_EQ(r.Header("cache-control"), "no-cache");
  EXPECT_EQ(r.Header("x-frame-options"), "DENY");
}

TEST_F(ServerStatic, AnUnknownApiPathIsStillAJson404) {
  HttpClient client(port());

  Resp r = client.Get("/api/unknown");

  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.ErrorCode(), "http.not_found");
}

TEST_F(ServerStatic, GzipIsNegotiatedAndRevalidationGives304) {
  HttpClient client(port());

  Resp gz = client.Get("/assets/app-1.css", {{"Accept-Encoding", "gzip"}});
  Resp again = client.Get("/assets/app-1.css",
                          {{"Accept-Encoding", "gzip"}, {"If-None-Match", gz.Header("etag")}});

  EXPECT_EQ(gz.Header("content-encoding"), "gzip");
  EXPECT_EQ(gz.Header("vary"), "Accept-Encoding");
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
}

TEST_F(ServerStatic, TraversalAttemptsAreRefused) {
  for (const char* target :
       {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/assets/%2e%2e%2f%2e%2e%2fetc/passwd",
        "/assets/..%5c..%5cetc/passwd"}) {
    RawConnection raw(port());
    raw.Send(std::string("GET ") + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
    Resp r = raw.ReadResponse();
    EXPECT_TRUE(r.status == 404 || r.status == 400) << target << " → " << r.status;
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << target;
  }
}

TEST_F(ServerStatic, OtherMethodsOnAppPathsAreAJson404) {
  HttpClient client(port());

  Resp r = client.Send("POST", "/customers", "{}");

  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.ErrorCode(), "http.not_found");
}

}  // namespace
}  // namespace peony::test
