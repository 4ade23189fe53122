// HTTPS with a self-signed certificate made for the test by the openssl command.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "api/http_client.h"
#include "api/test_server.h"

namespace peony::test {
namespace {

namespace fs = std::filesystem;

class ServerTls : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "peony-tls-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    const std::string cmd =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
        "-subj /CN=localhost -keyout '" +
        (dir_ / "key.pem").string() + "' -out '" + (dir_ / "cert.pem").string() +
        "' >/dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << "openssl could not make a certificate";
    router_.Add(
        TestRoute(http::Method::kGet, "/api/ping",
                  [](const http::Request& req, http::RequestContext&) -> Result<http::Response> {
                    http::Response r;
                    r.body = req.tls ? R"({"tls":true})" : R"({"tls":false})";
                    return r;
                  }));
  }
  void TearDown() override { fs::remove_all(dir_); }

  http::ServerOptions TlsOptions() const {
    auto o = TestOptions();
    o.tls_cert = (dir_ / "cert.pem").string();
    o.tls_key = (dir_ / "key.pem").string();
    return o;
  }

  fs::path dir_;
  http::Router router_{nullptr};
};

TEST_F(ServerTls, ServesHttpsWithStrictTransportSecurity) {
  TestServer server(router_, TlsOptions());

  Resp r = HttpsSend(server.port(), "GET", "/api/ping");

  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"tls":true})");
  EXPECT_EQ(r.Header("strict-transport-security"), "max-age=31536000");
}

TEST_F(ServerTls, PlainHttpToTheTlsPortGetsNoResponse) {
  TestServer server(router_, TlsOptions());

  EXPECT_EQ(HttpClient(server.port()).Get("/api/ping").status, 0);
  EXPECT_EQ(HttpsSend(server.port(), "GET", "/api/ping").status, 200);  // still serving
}

TEST_F(ServerTls, AnUnreadableCertificateFailsStart) {
  auto options = TlsOptions();
  options.tls_cert = (dir_ / "missing.pem").string();
  http::Metrics metrics;
  http::Server server(options, router_, nullptr, metrics);

  Status s = server.Start();

  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "server.tls_failed");
}

}  // namespace
}  // namespace peony::test
