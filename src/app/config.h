// Server configuration: defaults, then a config file (INI/TOML, --config or DATA/peony.conf), then
// environment variables (PEONY_*), then flags — later ones win. Validate() refuses bad values with
// a message naming the setting.
#pragma once

#include <cstdint>
#include <string>

#include "common/result.h"

namespace CLI {
class App;
}

namespace peony::app {

struct Config {
  std::string data_dir = "./data";
  std::string db_url;  // empty: sqlite:<data_dir>/peony.db
  std::string listen = "127.0.0.1:8080";
  std::string tls_cert;
  std::string tls_key;
  std::string web_root;  // empty: found next to the binary (web/dist)
  int64_t max_body_mib = 10;
  int workers = 0;  // 0: 2 × cores, at least 4
  int queue_depth = 1024;
  int jobs_workers = 2;  // threads running due background jobs; 0: none in this process
  int io_threads = 1;
  int db_pool = 8;
  int read_timeout_s = 30;
  int idle_timeout_s = 60;
  int session_idle_min = 30;
  int session_absolute_h = 12;
  std::string log_level = "info";
  std::string log_file;
  bool access_log = true;
  bool handle_signals = true;  // SIGTERM/SIGINT drain the server (tests run several servers)

  // Derived by Validate().
  std::string host;
  uint16_t port = 0;

  std::string DbUrl() const;
  std::string KeyFile() const;
  // Errors: config.invalid naming the setting.
  Status Validate();
  // One line per setting for the start-up log, secrets masked.
  std::string Describe() const;
};

// Registers the data folder and database flags (used by every command that opens the database).
void AddDataOptions(CLI::App& cmd, Config& c);
// Registers the serve flags.
void AddServeOptions(CLI::App& cmd, Config& c);

}  // namespace peony::app
