#include "app/config.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <filesystem>
#include <sstream>
#include <thread>

namespace peony::app {
namespace {

Error Invalid(const std::string& setting, const std::string& why) {
  return MakeError(ErrorKind::kInvalidArgument, "config.invalid",
                   "配置项 " + setting + " 无效：" + why,
                   "invalid setting " + setting + ": " + why);
}

std::string MaskUrl(const std::string& url) {
  // postgresql://user:secret@host/db → postgresql://user:***@host/db ; password=secret →
  // password=***
  std::string out = url;
  const auto scheme = out.find("://");
  const auto at = out.find('@');
  if (scheme != std::string::npos && at != std::string::npos) {
    const auto colon = out.find(':', scheme + 3);
    if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  const auto pw = out.find("password=");
  if (pw != std::string::npos) {
    const auto end = out.find(' ', pw);
    out.replace(pw + 9, (end == std::string::npos ? out.size() : end) - pw - 9, "***");
  }
  return out;
}

}  // namespace

std::string Config::DbUrl() const {
  return db_url.empty() ? "sqlite:" + (std::filesystem::path(data_dir) / "peony.db").string()
                        : db_url;
}

std::string Config::KeyFile() const {
  return (std::filesystem::path(data_dir) / "peony.key").string();
}

Status Config::Validate() {
  if (data_dir.empty()) return Invalid("data", "must not be empty");
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return Invalid("listen", "expected HOST:PORT such as 127.0.0.1:8080, got \"" + listen + "\"");
  }
  host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  int p = -1;
  const std::string port_text = listen.substr(colon + 1);
  auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), p);
  if (ec != std::errc() || ptr != port_text.data() + port_text.size() || p < 0 || p > 65535) {
    return Invalid("listen",
                   "the port must be a number from 0 to 65535, got \"" + port_text + "\"");
  }
  port = static_cast<uint16_t>(p);
  if (tls_cert.empty() != tls_key.empty()) {
    return Invalid(tls_cert.empty() ? "tls-cert" : "tls-key",
                   "--tls-cert and --tls-key go together");
  }
  for (const auto* f : {&tls_cert, &tls_key}) {
    if (!f->empty() && !std::filesystem::is_regular_file(*f)) {
      return Invalid(f == &tls_cert ? "tls-cert" : "tls-key", "file not found: " + *f);
    }
  }
  if (max_body_mib < 1 || max_body_mib > 1024) return Invalid("max-body-mib", "must be 1-1024");
  if (workers < 0 || workers > 256) return Invalid("workers", "must be 0 (auto) to 256");
  if (queue_depth < 1 || queue_depth > 100000) return Invalid("queue-depth", "must be 1-100000");
  if (jobs_workers < 0 || jobs_workers > 32) return Invalid("jobs-workers", "must be 0-32");
  if (io_threads < 1 || io_threads > 64) return Invalid("io-threads", "must be 1-64");
  if (db_pool < 1 || db_pool > 200) return Invalid("db-pool", "must be 1-200");
  if (read_timeout_s < 1 || read_timeout_s > 3600)
    return Invalid("read-timeout", "must be 1-3600 s");
  if (idle_timeout_s < 1 || idle_timeout_s > 3600)
    return Invalid("idle-timeout", "must be 1-3600 s");
  if (session_idle_min < 1 || session_idle_min > 24 * 60) {
    return Invalid("session-idle-minutes", "must be 1-1440");
  }
  if (session_absolute_h < 1 || session_absolute_h > 24 * 30) {
    return Invalid("session-absolute-hours", "must be 1-720");
  }
  if (log_level != "debug" && log_level != "info" && log_level != "warn" && log_level != "error") {
    return Invalid("log-level", "must be debug, info, warn or error");
  }
  if (!web_root.empty() && !std::filesystem::is_directory(web_root)) {
    return Invalid("web-root", "not a folder: " + web_root);
  }
  if (workers == 0) {
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    // More workers cost reads in context switches. Writes do not need them for large group
    // commits: a handler waiting for the commit lends its place to the next request.
    workers = static_cast<int>(std::max(4u, 2 * cores));
  }
  return Ok();
}

std::string Config::Describe() const {
  std::ostringstream o;
  o << "data=" << data_dir << " db=" << MaskUrl(DbUrl()) << " listen=" << listen
    << " tls=" << (tls_cert.empty() ? "off" : "on") << " workers=" << workers
    << " queue_depth=" << queue_depth << " jobs_workers=" << jobs_workers
    << " io_threads=" << io_threads << " db_pool=" << db_pool << " max_body_mib=" << max_body_mib
    << " session_idle_min=" << session_idle_min << " session_absolute_h=" << session_absolute_h
    << " log_level=" << log_level;
  return o.str();
}

void AddDataOptions(CLI::App& cmd, Config& c) {
  cmd.add_option("--data", c.data_dir, "data folder (database, key file)")
      ->envname("PEONY_DATA")
      ->capture_default_str();
  cmd.add_option("--db", c.db_url,
                 "database URL: sqlite:PATH or postgresql://USER@HOST:PORT/DB (default: SQLite in "
                 "the data folder)")
      ->envname("PEONY_DB");
}

void AddServeOptions(CLI::App& cmd, Config& c) {
  AddDataOptions(cmd, c);
  cmd.add_option("--listen", c.listen, "address to listen on, HOST:PORT")
      ->envname("PEONY_LISTEN")
      ->capture_default_str();
  cmd.add_option("--tls-cert", c.tls_cert, "PEM certificate chain (enables HTTPS)")
      ->envname("PEONY_TLS_CERT");
  cmd.add_option("--tls-key", c.tls_key, "PEM private key")->envname("PEONY_TLS_KEY");
  cmd.add_option("--web-root", c.web_root, "folder of the built web app")
      ->envname("PEONY_WEB_ROOT");
  cmd.add_option("--max-body-mib", c.max_body_mib, "largest request body, MiB")
      ->capture_default_str();
  cmd.add_option("--workers", c.workers, "worker threads for blocking work (0: auto)")
      ->envname("PEONY_WORKERS")
      ->capture_default_str();
  cmd.add_option("--queue-depth", c.queue_depth, "requests waiting for a worker before 503")
      ->capture_default_str();
  cmd.add_option("--jobs-workers", c.jobs_workers,
                 "threads running background jobs (rules, messages); 0: none in this process")
      ->envname("PEONY_JOBS_WORKERS")
      ->capture_default_str();
  cmd.add_option("--io-threads", c.io_threads, "network threads")->capture_default_str();
  cmd.add_option("--db-pool", c.db_pool, "database connections (PostgreSQL) or readers (SQLite)")
      ->capture_default_str();
  cmd.add_option("--read-timeout", c.read_timeout_s, "seconds to receive a whole request")
      ->capture_default_str();
  cmd.add_option("--idle-timeout", c.idle_timeout_s, "seconds a keep-alive connection may idle")
      ->capture_default_str();
  cmd.add_option("--session-idle-minutes", c.session_idle_min, "sign out after this idle time")
      ->capture_default_str();
  cmd.add_option("--session-absolute-hours", c.session_absolute_h, "longest session lifetime")
      ->capture_default_str();
  cmd.add_option("--log-level", c.log_level, "debug, info, warn or error")
      ->envname("PEONY_LOG_LEVEL")
      ->capture_default_str();
  cmd.add_option("--log-file", c.log_file, "write logs to this file instead of stdout");
  cmd.add_flag("!--no-access-log", c.access_log, "do not log one line per request");
}

}  // namespace peony::app
