// The assembled server: database, services, routes and the HTTP listener, as one object so that
// `peony serve` and the API tests start exactly the same thing.
#pragma once

#include <memory>
#include <string>

#include "app/config.h"
#include "common/clock.h"
#include "common/result.h"

namespace peony::app {

class ServerApp {
 public:
  // `clock` must outlive the app; tests pass a ManualClock.
  explicit ServerApp(const Clock& clock);
  ~ServerApp();

  // Validates `c`, opens and migrates the database, builds the routes and binds the listener.
  // Errors: config.invalid, db.*, crypto.key_file_*, server.bind_failed, server.tls_failed.
  Status Start(Config c);
  // The port actually bound (useful with --listen 127.0.0.1:0).
  uint16_t port() const;
  // Serves until Stop() or SIGTERM/SIGINT, then drains.
  void Run();
  void Stop();

 private:
  struct State;
  const Clock& clock_;
  std::unique_ptr<State> state_;
};

}  // namespace peony::app
