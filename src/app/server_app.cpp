// `peony serve` and the ServerApp it runs (see server_app.h).
#include "app/server_app.h"

#include <atomic>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>

#include "app/automation.h"
#include "app/commands.h"
#include "app/database.h"
#include "common/log.h"
#include "http/api/api.h"
#include "http/api/automation.h"
#include "http/metrics.h"
#include "http/openapi.h"
#include "http/router.h"
#include "http/server.h"
#include "http/static_files.h"
#include "platform/access/directory.h"
#include "platform/access/sessions.h"
#include "platform/files/files.h"
#include "platform/notify/channels.h"
#include "platform/records/import_jobs.h"
#include "platform/records/records.h"
#include "platform/schema/catalog.h"
#include "platform/tasks/inbox.h"
#include "storage/crypto/key_ring.h"

namespace peony::app {
namespace {

// The web app's built folder: --web-root, else web/dist beside the binary's folder (build/peony →
// web/dist), else web/ beside the binary (an installed layout).
std::string FindWebRoot(const Config& c) {
  namespace fs = std::filesystem;
  if (!c.web_root.empty()) return c.web_root;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  for (const fs::path& candidate :
       {exe.parent_path().parent_path() / "web" / "dist", exe.parent_path() / "web"}) {
    if (fs::is_regular_file(candidate / "index.html", ec)) return candidate.string();
  }
  return "";
}

// Runs `fn` every `period` on a thread of its own until stopped.
class Ticker {
 public:
  Ticker(std::chrono::milliseconds period, std::function<void()> fn)
      : thread_([this, period, fn = std::move(fn)] {
          std::unique_lock lock(mu_);
          while (!stop_) {
            lock.unlock();
            fn();
            lock.lock();
            cv_.wait_for(lock, period, [this] { return stop_; });
          }
        }) {}
  ~Ticker() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace

struct ServerApp::State {
  Config config;
  std::unique_ptr<storage::Db> db;
  std::unique_ptr<access::Directory> directory;
  std::unique_ptr<access::Sessions> sessions;
  std::unique_ptr<storage::crypto::KeyRing> keys;
  std::unique_ptr<schema::CatalogStore> catalog;
  std::unique_ptr<records::Records> records;
  std::unique_ptr<records::ImportJobs> imports;  // after records: its jobs stop first
  std::unique_ptr<files::Files> files;
  std::unique_ptr<tasks::Inbox> tasks;
  std::unique_ptr<notify::Channels> channels;
  std::unique_ptr<Automation> jobs;  // queue, outbox, rules
  http::api::ApiContext::Automation automation;
  http::api::HealthState health;
  http::api::ApiContext api;
  std::unique_ptr<http::api::SessionAuthenticator> authenticator;
  std::unique_ptr<http::Router> router;
  http::Metrics metrics;
  std::unique_ptr<http::StaticFiles> static_files;
  std::unique_ptr<http::Server> server;
  std::unique_ptr<Ticker> health_ticker;
  std::unique_ptr<Ticker> cleanup_ticker;
  std::unique_ptr<Ticker> rules_ticker;
  std::string web_root;

  ~State() {
    // The job runners stop before the services their handlers use.
    rules_ticker.reset();
    if (jobs) jobs->queue->Stop();
  }
};

ServerApp::ServerApp(const Clock& clock) : clock_(clock), state_(std::make_unique<State>()) {}
ServerApp::~ServerApp() = default;

Status ServerApp::Start(Config c) {
  State& s = *state_;
  PEONY_CHECK(c.Validate());
  s.config = c;
  PEONY_TRY(auto keys, storage::crypto::LoadKeyFile(c.KeyFile()));
  s.keys = std::make_unique<storage::crypto::KeyRing>(std::move(keys));
  PEONY_TRY(s.db, OpenAndMigrate(c));
  storage::Db& db = *s.db;
  PEONY_TRY(auto schema_version, storage::SchemaVersion(db));
  s.health.schema_version = schema_version;

  s.directory = std::make_unique<access::Directory>(db, clock_);
  access::SessionOptions session_options;
  session_options.idle_timeout_ms = int64_t{c.session_idle_min} * 60 * 1000;
  session_options.absolute_timeout_ms = int64_t{c.session_absolute_h} * 3600 * 1000;
  s.sessions = std::make_unique<access::Sessions>(db, clock_, session_options);

  s.catalog = std::make_unique<schema::CatalogStore>(db, clock_);
  s.records = std::make_unique<records::Records>(db, *s.catalog, clock_, *s.keys);
  s.imports = std::make_unique<records::ImportJobs>(*s.records, clock_);
  s.files = std::make_unique<files::Files>(db, *s.catalog, clock_, *s.keys);
  s.tasks = std::make_unique<tasks::Inbox>(db, clock_, s.catalog.get());
  s.automation.tasks = s.tasks.get();
  s.channels = std::make_unique<notify::Channels>(db, clock_, *s.keys);
  s.automation.channels = s.channels.get();
  jobs::QueueOptions job_options;
  job_options.threads = c.jobs_workers;
  s.jobs = std::make_unique<Automation>(db, *s.catalog, *s.records, *s.keys, clock_, job_options);
  s.automation.rules = s.jobs->rules.get();
  s.automation.outbox = s.jobs->outbox.get();
  s.api = http::api::ApiContext{
      &db,           &clock_,         s.directory.get(), s.sessions.get(), &s.health,
      PEONY_VERSION, s.catalog.get(), s.records.get(),   s.imports.get()};
  s.api.files = s.files.get();
  s.api.automation = &s.automation;
  s.api.jobs = s.jobs->queue.get();
  s.authenticator = std::make_unique<http::api::SessionAuthenticator>(*s.sessions);
  s.router = std::make_unique<http::Router>(s.authenticator.get());
  http::api::AddAllRoutes(*s.router, s.api);
  http::AddMetricsRoute(*s.router, s.metrics);
  http::AddOpenApiRoute(*s.router);
  s.metrics.AddGauge("peony_db_pool_in_use", "database connections in use",
                     [&db] { return static_cast<double>(db.Stats().in_use); });

  s.web_root = FindWebRoot(c);
  s.static_files = std::make_unique<http::StaticFiles>(s.web_root);
  if (s.web_root.empty()) log::Warn("web.not_built", {{"hint", "run ./dev build"}});

  http::ServerOptions so;
  so.host = c.host;
  so.port = c.port;
  so.max_body_bytes = static_cast<size_t>(c.max_body_mib) << 20;
  so.read_timeout_ms = c.read_timeout_s * 1000;
  so.idle_timeout_ms = c.idle_timeout_s * 1000;
  so.io_threads = c.io_threads;
  so.workers = c.workers;
  so.queue_depth = c.queue_depth;
  so.tls_cert = c.tls_cert;
  so.tls_key = c.tls_key;
  so.access_log = c.access_log;
  so.handle_signals = c.handle_signals;
  s.server = std::make_unique<http::Server>(so, *s.router, s.static_files.get(), s.metrics);
  PEONY_CHECK(s.server->Start());

  // The database check behind /api/v1/health, and the clean-up of ended sessions.
  auto check_db = [&s] { s.health.db_ok.store(s.db->Ping().ok(), std::memory_order_relaxed); };
  check_db();
  s.health_ticker = std::make_unique<Ticker>(std::chrono::seconds(2), check_db);
  const int64_t absolute_ms = session_options.absolute_timeout_ms;
  s.cleanup_ticker = std::make_unique<Ticker>(std::chrono::minutes(10), [this, &s, absolute_ms] {
    const int64_t cutoff = clock_.Now() - absolute_ms;
    (void)s.db->WriteTx([&](storage::Conn& conn) -> Status {
      auto removed = conn.Exec(
          "DELETE FROM sessions WHERE created_at < ? OR revoked_at IS NOT NULL", {cutoff});
      if (!removed.ok()) log::Warn("sessions.cleanup_failed", {{"code", removed.error().code}});
      return Ok();
    });
  });
  // Rules whose fields were retired are switched off with the reason; then the job runners start.
  s.rules_ticker = std::make_unique<Ticker>(std::chrono::seconds(5), [&s] {
    if (auto st = s.jobs->rules->Maintain(); !st.ok()) {
      log::Warn("rules.maintain_failed", {{"code", st.error().code}});
    }
  });
  if (c.jobs_workers > 0) s.jobs->queue->Start();
  return Ok();
}

uint16_t ServerApp::port() const { return state_->server ? state_->server->port() : 0; }

void ServerApp::Run() {
  const State& s = *state_;
  const std::string url = std::string(s.config.tls_cert.empty() ? "http://" : "https://") +
                          s.config.host + ":" + std::to_string(port());
  log::Info("server.started", {{"url", url},
                               {"version", PEONY_VERSION},
                               {"database", std::string(s.db->EngineName())},
                               {"schema_version", s.health.schema_version.load()},
                               {"web_root", s.web_root}});
  s.server->Run();
  log::Info("server.stopped");
}

void ServerApp::Stop() {
  if (state_->server) state_->server->Stop();
}

int RunOpenApi() {
  // The routes are only declared, never called: the services may stay null.
  http::api::HealthState health;
  http::api::ApiContext api{nullptr, nullptr, nullptr, nullptr, &health, PEONY_VERSION};
  http::Router router(nullptr);
  http::Metrics metrics;
  http::api::AddAllRoutes(router, api);
  http::AddMetricsRoute(router, metrics);
  http::AddOpenApiRoute(router);
  std::cout << boost::json::serialize(http::BuildOpenApi(router, PEONY_VERSION)) << "\n";
  return 0;
}

int RunServe(Config c) {
  const auto started = std::chrono::steady_clock::now();
  if (auto s = c.Validate(); !s.ok()) {
    std::cerr << "error: " << s.error().message_en << "\n";
    return 2;
  }
  log::Level level;
  log::ParseLevel(c.log_level, &level);
  log::Init(level, c.log_file);
  log::Info("server.config", {{"settings", c.Describe()}});
  if (c.db_url.empty() && !std::filesystem::exists(c.KeyFile())) {
    std::cerr << "error: " << c.data_dir << " is not initialised; run `peony init --data "
              << c.data_dir << "` first\n";
    return 1;
  }
  ServerApp app(SystemClock::Instance());
  if (auto s = app.Start(c); !s.ok()) {
    std::cerr << "error: " << s.error().message_en << " (" << s.error().code << ")\n";
    return 1;
  }
  log::Info("server.ready", {{"startup_ms", std::chrono::duration_cast<std::chrono::milliseconds>(
                                                std::chrono::steady_clock::now() - started)
                                                .count()}});
  app.Run();
  return 0;
}

}  // namespace peony::app
